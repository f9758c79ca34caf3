"""Reading a store back: each document's JSON record, as `Analysis.to_record()` gave it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import rows
from .database import connect

ORDER = "ORDER BY origin, ordinal, path"


def iter_records(db_path: str | Path) -> Iterator[dict[str, Any]]:
    """Every document of the store as its JSON record, the same dict as `Analysis.to_record()` (a failed one:
    `{"source", "error"}`), in order of file, then record or line number."""
    db = connect(db_path, create=False)
    try:
        for doc in db.execute(f"SELECT * FROM documents {ORDER}"):
            yield rows.document_out(doc, *_children(db, doc))
    finally:
        db.close()


def _children(db, doc) -> tuple[list, list, list]:
    if doc["error"] is not None:
        return [], [], []
    key = (doc["id"],)
    figures = [rows.figure_out(r) for r in db.execute(_select("figures"), key)]
    amounts: dict[int, list] = {}
    for r in db.execute(_select("amounts", "donation, position"), key):
        amounts.setdefault(r["donation"], []).append(r)
    donations = [rows.donation_out(r, amounts.get(r["position"], [])) for r in db.execute(_select("donations"), key)]
    entities = [rows.entity_out(r) for r in db.execute(_select("entities"), key)]
    return figures, donations, entities


def _select(table: str, order: str = "position") -> str:
    return f"SELECT * FROM {table} WHERE document_id = ? ORDER BY {order}"
