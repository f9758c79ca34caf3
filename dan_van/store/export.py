"""`danvan export`: a store as files other tools read.

    jsonl     DIR/analyses.jsonl: one JSON object per document, what `danvan analyze -f jsonl` prints
    csv       DIR/<table>.csv for each table, the store's own columns
    parquet   DIR/<table>.parquet for each table (needs pyarrow: `pip install 'danvan[parquet]'`)

Each file is written under a temporary name and put in place when complete.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

from ..errors import DanVanError
from .database import connect
from .reader import ORDER, iter_records
from .schema import CHILDREN

TABLES = ("documents", *CHILDREN, "fingerprints")
BATCH = 10_000
_ORDER = {
    "documents": ORDER,
    "fingerprints": "ORDER BY fingerprint",
    "amounts": "ORDER BY document_id, donation, position",
}


class ExportFormat(StrEnum):
    """Export formats."""

    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"


def export(db_path: str | Path, fmt: ExportFormat, folder: str | Path) -> list[Path]:
    """Write the store's contents into `folder` in `fmt`; the files written."""
    if fmt is ExportFormat.PARQUET:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise DanVanError("export -f parquet needs pyarrow: pip install 'danvan[parquet]'") from None
    connect(db_path, create=False).close()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if fmt is ExportFormat.JSONL:
        return [_atomic(folder / "analyses.jsonl", _jsonl, db_path)]
    write = _csv if fmt is ExportFormat.CSV else _parquet
    return [_atomic(folder / f"{table}.{fmt.value}", write, db_path, table) for table in TABLES]


def _atomic(target: Path, write, *args) -> Path:
    temp = target.with_name(f".{target.name}.tmp")
    try:
        write(temp, *args)
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()
    return target


def _jsonl(target: Path, db_path) -> None:
    with target.open("w", encoding="utf-8", newline="") as fh:
        for record in iter_records(db_path):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def _rows(db_path, table: str) -> tuple[list[str], Iterator[list[tuple]]]:
    db = connect(db_path, create=False)
    cursor = db.execute(f"SELECT * FROM {table} {_ORDER.get(table, 'ORDER BY document_id, position')}")
    names = [c[0] for c in cursor.description]

    def batches() -> Iterator[list[tuple]]:
        try:
            while batch := cursor.fetchmany(BATCH):
                yield [tuple(r) for r in batch]
        finally:
            db.close()

    return names, batches()


def _csv(target: Path, db_path, table: str) -> None:
    names, batches = _rows(db_path, table)
    with target.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(names)
        for batch in batches:
            out.writerows(batch)


def _parquet(target: Path, db_path, table: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names, batches = _rows(db_path, table)
    schema = pa.schema([(name, _arrow_type(table, name)) for name in names])
    with pq.ParquetWriter(target, schema) as out:
        for batch in batches:
            columns = [list(c) for c in zip(*batch, strict=True)]
            arrays = [
                pa.array(_numbers(c) if t == pa.float64() else c, type=t)
                for c, t in zip(columns, schema.types, strict=True)
            ]
            out.write_table(pa.Table.from_arrays(arrays, schema=schema))


def _numbers(column: list) -> list:
    return [float(v) if isinstance(v, str) else v for v in column]


NUMBERS = {"value", "value_max", "value_vnd"}
INTEGERS = {
    "id",
    "document_id",
    "position",
    "donation",
    "ordinal",
    "size",
    "sentences",
    "words",
    "year",
    "start",
    "end",
    "sentence",
}
INTEGERS |= {"figure_count", "donation_count", "entity_count", "approx", "total", "firm"}


def _arrow_type(table: str, name: str):
    import pyarrow as pa

    if name in NUMBERS:
        return pa.float64()
    if name in INTEGERS:
        return pa.int64()
    return pa.string()
