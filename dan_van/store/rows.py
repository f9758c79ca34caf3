"""A document's JSON record (`Analysis.to_record()`) as rows of the store's tables, and back again.

The record is the one truth: rows are made from it and it is made again from them, key for key and in the
same order, so that a store exported as JSON Lines is byte for byte what `danvan analyze -f jsonl` prints.
"""

from __future__ import annotations

import json
from typing import Any

INT64 = 2**63

FIGURE = ("value", "value_max", "unit", "kind", "per", "approx", "qualifier", "level", "year", "total")
FIGURE_TAIL = ("text", "start", "end", "sentence")
DONATION = ("donor", "recipient", "value_vnd", "verb", "year", "date")
DONATION_TAIL = ("sentence", "text", "start", "end")
AMOUNT = ("value", "unit", "kind", "per", "text", "start", "end")
ENTITY = ("text", "type", "canonical", "start", "end", "sentence", "title", "firm", "admin_level", "province_today")
PLACE_FIELDS = ("written", "level", "province", "province_today")
PLACE = tuple(f"place_{name}" for name in PLACE_FIELDS)

COLUMNS = {
    "figures": ("document_id", "position", *FIGURE, *PLACE, *FIGURE_TAIL),
    "donations": ("document_id", "position", *DONATION, *PLACE, *DONATION_TAIL),
    "amounts": ("document_id", "donation", "position", *AMOUNT),
    "entities": ("document_id", "position", *ENTITY),
}


def number_in(value: Any) -> Any:
    """A JSON number as SQLite holds it: an integer past 64 bits as its digits."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= INT64 else value


def number_out(value: Any) -> Any:
    return int(value) if isinstance(value, str) else value


def _place_in(place: dict | None) -> tuple:
    return tuple(None if place is None else place.get(name) for name in PLACE_FIELDS)


def _place_out(row: dict) -> dict | None:
    if row["place_written"] is None:
        return None
    return {name: row[f"place_{name}"] for name in PLACE_FIELDS}


def child_rows(doc: int, record: dict[str, Any]) -> dict[str, list[tuple]]:
    """The rows of a record's figures, donations, their amounts and entities."""
    figures = [
        (
            doc,
            i,
            number_in(f["value"]),
            number_in(f.get("value_max")),
            *(f.get(k) for k in FIGURE[2:5]),
            int(f["approx"]),
            *(f.get(k) for k in FIGURE[6:]),
            *_place_in(f.get("place")),
            *(f[k] for k in FIGURE_TAIL),
        )
        for i, f in enumerate(record.get("figures", ()))
    ]
    donations, amounts = [], []
    for i, d in enumerate(record.get("donations", ())):
        donations.append(
            (
                doc,
                i,
                d["donor"],
                d["recipient"],
                number_in(d["value_vnd"]),
                *(d[k] for k in DONATION[3:]),
                *_place_in(d["place"]),
                *(d[k] for k in DONATION_TAIL),
            )
        )
        amounts += [
            (doc, i, j, number_in(a["value"]), *(a.get(k) for k in AMOUNT[1:])) for j, a in enumerate(d["amounts"])
        ]
    entities = [(doc, i, *(e.get(k) for k in ENTITY)) for i, e in enumerate(record.get("entities", ()))]
    return {"figures": figures, "donations": donations, "amounts": amounts, "entities": entities}


def figure_out(row: dict) -> dict[str, Any]:
    """A figure row as `Figure.to_dict()` gives it: `value_max` only for a range, level, year and place only
    for a conference."""
    d: dict[str, Any] = {"value": number_out(row["value"])}
    d.update((k, row[k]) for k in ("unit", "kind", "per"))
    d["approx"] = bool(row["approx"])
    d["qualifier"] = row["qualifier"]
    if row["value_max"] is not None:
        d["value_max"] = number_out(row["value_max"])
    if row["kind"] == "conference":
        d.update(level=row["level"], year=row["year"], place=_place_out(row), total=bool(row["total"]))
    d.update((k, row[k]) for k in FIGURE_TAIL)
    return d


def donation_out(row: dict, amounts: list[dict]) -> dict[str, Any]:
    """A donation row and its amount rows as `Donation.to_dict()` gives them."""
    d: dict[str, Any] = {"donor": row["donor"], "recipient": row["recipient"]}
    d["value_vnd"] = number_out(row["value_vnd"])
    d["amounts"] = [{"value": number_out(a["value"]), **{k: a[k] for k in AMOUNT[1:]}} for a in amounts]
    d.update((k, row[k]) for k in DONATION[3:])
    d["place"] = _place_out(row)
    d.update((k, row[k]) for k in DONATION_TAIL)
    return d


def entity_out(row: dict) -> dict[str, Any]:
    """An entity row as `Entity.to_dict()` gives it: `title` only where there is one."""
    d = {k: row[k] for k in ENTITY[:6]}
    if row["title"]:
        d["title"] = row["title"]
    d["firm"] = bool(row["firm"])
    d.update((k, row[k]) for k in ENTITY[8:])
    return d


def document_out(row: dict, figures: list, donations: list, entities: list) -> dict[str, Any]:
    """A document row and its children as the JSON record: `Analysis.to_record()`, or a failure's
    `{"source", "error"}`."""
    if row["error"] is not None:
        return {"source": row["path"], "error": row["error"]}
    d: dict[str, Any] = {"source": row["path"], "encoding": row["encoding"]}
    if row["metadata"] is not None:
        d["metadata"] = json.loads(row["metadata"])
    d.update(sentences=row["sentences"], words=row["words"], figures=figures, donations=donations)
    d["entities"] = entities
    if row["warnings"] is not None:
        d["warnings"] = json.loads(row["warnings"])
    return d
