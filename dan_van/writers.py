"""Output: a Rich report for people; JSON, JSON Lines, CSV and YAML for machines. stdout carries data only."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from enum import StrEnum
from typing import Any, TextIO

import yaml

from .models import Analysis, Donation, Entity, Figure
from .sources import Failure

LEVELS = ("central", "province", "district", "commune", None)
LEVEL_NAMES = {
    "central": "trung ương",
    "province": "tỉnh/thành phố",
    "district": "quận/huyện",
    "commune": "xã/phường",
    None: "không rõ cấp",
}


class Format(StrEnum):
    """Output formats."""

    TABLE = "table"
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    YAML = "yaml"


class View(StrEnum):
    """Which part of an analysis a command writes."""

    ANALYSIS = "analysis"
    SEGMENT = "segment"
    ENTITIES = "entities"
    FIGURES = "figures"


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a plain JSON number."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def vi_number(value: Decimal) -> str:
    """`1234567.5` -> `1.234.567,5`, the Vietnamese way."""
    whole, _, frac = f"{value.normalize():f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def vi_money(value: Decimal, unit: str = "đồng") -> str:
    """`5000000000` -> `5 tỷ đồng`; `1700000` -> `1,7 triệu đồng`."""
    name = "đồng" if unit == "đồng" else unit.upper()
    for size, word in ((Decimal(10**9), "tỷ"), (Decimal(10**6), "triệu")):
        if abs(value) >= size:
            return f"{vi_number((value / size).quantize(Decimal('0.01')).normalize())} {word} {name}"
    return f"{vi_number(value)} {name}"


def figure_dict(f: Figure) -> dict[str, Any]:
    """A figure as the spec's JSON object."""
    d: dict[str, Any] = {
        "value": number(f.value),
        "unit": f.unit,
        "kind": f.kind,
        "approx": f.approx,
        "qualifier": f.qualifier,
    }
    if f.value_max is not None:
        d["value_max"] = number(f.value_max)
    if f.kind == "conference":
        d["level"] = f.level
        d["year"] = f.year
    d.update(text=f.text, start=f.start, end=f.end, sentence=f.sentence)
    return d


def donation_dict(d: Donation) -> dict[str, Any]:
    """A donation as the spec's JSON object."""
    return {
        "donor": d.donor,
        "recipient": d.recipient,
        "value_vnd": number(d.value_vnd),
        "amounts": [{"value": number(a.value), "unit": a.unit, "kind": a.kind, "text": a.text} for a in d.amounts],
        "verb": d.verb,
        "sentence": d.sentence,
        "start": d.start,
        "end": d.end,
    }


def entity_dict(e: Entity) -> dict[str, Any]:
    """An entity mention as a JSON object."""
    d = {
        "text": e.text,
        "type": e.type,
        "canonical": e.canonical,
        "start": e.start,
        "end": e.end,
        "sentence": e.sentence,
    }
    if e.title:
        d["title"] = e.title
    return d


def record(item: Analysis | Failure, view: View) -> dict[str, Any]:
    """One input as a JSON-ready object; a failed input is `{"source", "error"}`."""
    if isinstance(item, Failure):
        return {"source": item.name, "error": item.message}
    d: dict[str, Any] = {
        "source": item.source,
        "encoding": item.encoding,
        "sentences": item.sentence_count,
        "words": item.words,
    }
    if view is View.SEGMENT:
        d["sentences"] = [
            {
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "caption": s.caption,
                "words": [t.text for t in s.tokens],
                "pos": [t.pos for t in s.tokens],
            }
            for s in item.sentences
        ]
    if view in (View.ANALYSIS, View.FIGURES):
        d["figures"] = [figure_dict(f) for f in item.figures]
        d["donations"] = [donation_dict(x) for x in item.donations]
    if view in (View.ANALYSIS, View.ENTITIES):
        d["entities"] = [entity_dict(e) for e in item.entities]
    if item.warnings:
        d["warnings"] = list(item.warnings)
    return d


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
        return [{"source": item.source, **entity_dict(e)} for e in item.entities]
    # Booleans as JSON writes them, so that a spreadsheet and `jq` agree.
    return [
        {
            "source": item.source,
            **{k: (str(v).lower() if isinstance(v, bool) else v) for k, v in figure_dict(f).items()},
        }
        for f in item.figures
    ]


class Writer:
    """Writes inputs' results one at a time, so output streams as the analysis goes."""

    def __init__(self, stream: TextIO, fmt: Format, view: View, pos: bool = False):
        self.stream, self.fmt, self.view, self.pos = stream, fmt, view, pos
        self.count = 0
        self.done: list[Analysis] = []
        self._csv: csv.DictWriter | None = None
        self._console = None
        if fmt is Format.TEXT and view is not View.SEGMENT:
            self.fmt = fmt = Format.TABLE
        if fmt is Format.TABLE:
            from rich.console import Console

            self._console = Console(file=stream, highlight=False, soft_wrap=False)

    def write(self, item: Analysis | Failure) -> None:
        """Write one input's result."""
        if self.fmt is Format.JSONL:
            self.stream.write(json.dumps(record(item, self.view), ensure_ascii=False) + "\n")
        elif self.fmt is Format.JSON:
            self.stream.write(
                ("[\n" if self.count == 0 else ",\n")
                + json.dumps(record(item, self.view), ensure_ascii=False, indent=2)
            )
        elif self.fmt is Format.YAML:
            self.stream.write(yaml.safe_dump([record(item, self.view)], allow_unicode=True, sort_keys=False))
        elif self.fmt is Format.TEXT:
            if isinstance(item, Analysis):
                for s in item.sentences:
                    words = (t.form.replace(" ", "_") + (f"/{t.pos}" if self.pos else "") for t in s.tokens)
                    self.stream.write(" ".join(words) + "\n")
        elif self.fmt is Format.CSV:
            if self._csv is None:
                self._csv = csv.DictWriter(self.stream, CSV_COLUMNS[self.view], extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerows(csv_rows(item, self.view))
        elif isinstance(item, Analysis):
            from .report import render

            render(self._console, item, self.view)
            if self.view is View.ANALYSIS:
                self.done.append(item)
        self.count += 1
        self.stream.flush()

    def close(self) -> None:
        """Finish the output: close the JSON list, or print the corpus summary of a report."""
        if self.fmt is Format.JSON:
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        elif self.fmt is Format.YAML and self.count == 0:
            self.stream.write("[]\n")
        elif self.fmt is Format.TABLE and len(self.done) > 1:
            from .report import summary

            summary(self._console, self.done)
        self.stream.flush()
