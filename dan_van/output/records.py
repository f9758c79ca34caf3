"""Plain records of an analysis for the machine formats: one JSON object per input, CSV rows."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ..inputs.sources import Failure
from ..models import Analysis


class View(StrEnum):
    """Which part of an analysis a command writes."""

    ANALYSIS = "analysis"
    SEGMENT = "segment"
    ENTITIES = "entities"
    FIGURES = "figures"


# The parts of `Analysis.to_record()` each view keeps.
_PARTS = {
    View.ANALYSIS: ("figures", "donations", "entities"),
    View.FIGURES: ("figures", "donations"),
    View.ENTITIES: ("entities",),
    View.SEGMENT: (),
}
_HEAD = ("source", "encoding", "metadata", "sentences", "words")


def record(item: Analysis | Failure, view: View) -> dict[str, Any]:
    """One input as a JSON-ready object; a failed input is `{"source", "error"}`."""
    if isinstance(item, Failure):
        return {"source": item.name, "error": item.message}
    full = item.to_record(sentences=view is View.SEGMENT)
    keep = (*_HEAD, *_PARTS[view], "warnings")
    return {key: value for key, value in full.items() if key in keep}


CSV_COLUMNS = {
    View.ANALYSIS: [
        "source",
        "sentence",
        "kind",
        "value",
        "value_max",
        "unit",
        "approx",
        "qualifier",
        "level",
        "year",
        "total",
        "start",
        "end",
        "text",
    ],
    View.SEGMENT: ["source", "sentence", "word", "pos", "chunk", "ner", "start", "end"],
    View.ENTITIES: ["source", "sentence", "type", "text", "canonical", "title", "start", "end"],
}
CSV_COLUMNS[View.FIGURES] = CSV_COLUMNS[View.ANALYSIS]


def csv_rows(item: Analysis | Failure, view: View) -> list[dict[str, Any]]:
    """Rows of one input for CSV: a figure, a word or an entity a row."""
    if isinstance(item, Failure):
        return []
    if view is View.SEGMENT:
        return [
            {
                "source": item.source,
                "sentence": s.index,
                "word": t.text,
                "pos": t.pos,
                "chunk": t.chunk,
                "ner": t.ner,
                "start": t.start,
                "end": t.end,
            }
            for s in item.sentences
            for t in s.tokens
        ]
    if view is View.ENTITIES:
        return [{"source": item.source, **e.to_dict()} for e in item.entities]
    # Booleans as JSON writes them, so that a spreadsheet and `jq` agree.
    return [
        {"source": item.source, **{k: (str(v).lower() if isinstance(v, bool) else v) for k, v in f.to_dict().items()}}
        for f in item.figures
    ]
