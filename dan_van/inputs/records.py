"""Records: JSON Lines, CSV and Parquet files holding one document per record.

    {"id": "a1", "title": "...", "date": "2021-06-04", "content": "Ủy ban MTTQ tỉnh đã tiếp nhận ..."}

`--text-field` names the field analysed (default `text`), `--id-field` the one that names the document
(default `id`; without it, the record's number): the document is `FILE#ID`. Every other field is kept as the
document's metadata. Files are streamed a record (Parquet: a batch) at a time.
"""

from __future__ import annotations

import csv
import datetime
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import InputError
from .entries import Entry, Shape, failed, from_text

PARQUET_BATCH = 256


def read(name: str, shape: Shape, keep: Callable[[str], bool] | None = None) -> Iterator[Entry]:
    """One entry per record of a JSON Lines, CSV or Parquet file."""
    lower = name.lower()
    reader = _parquet if lower.endswith(".parquet") else _csv if lower.endswith(".csv") else _jsonl
    try:
        for number, record in reader(name):
            entry = record if isinstance(record, Entry) else _entry(name, number, record, shape, keep)
            if entry is not None:
                yield entry
    except InputError as exc:
        yield failed(name, str(exc))
    except OSError as exc:
        yield failed(name, f"{name}: cannot be read ({exc.strerror}); check the path")


def _entry(name: str, number: int, record: Any, shape: Shape, keep) -> Entry | None:
    label = f"{name}#{number}"
    if not isinstance(record, dict):
        return failed(label, f"{label}: record {number} is not an object of fields", name, number)
    ident = record.get(shape.id_field)
    label = f"{name}#{ident if ident not in (None, '') else number}"
    if keep is not None and not keep(label):
        return None
    text = record.get(shape.text_field)
    if not isinstance(text, str):
        fields = ", ".join(map(str, record)) or "none"
        message = f"{label}: no text field {shape.text_field!r} (its fields: {fields}); name it with --text-field"
        return failed(label, message, name, number)
    metadata = tuple((str(k), _plain(v)) for k, v in record.items() if k not in (shape.text_field, shape.id_field))
    return from_text(label, text, name, number, metadata)


def _plain(value: Any) -> Any:
    """A field's value as JSON can hold it (Parquet dates and timestamps as ISO 8601)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _jsonl(name: str) -> Iterator[tuple[int, Any]]:
    with open(name, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except ValueError as exc:
                label = f"{name}#{number}"
                yield number, failed(label, f"{label}: line {number} is not JSON ({exc})", name, number)


def _csv(name: str) -> Iterator[tuple[int, Any]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(name, encoding="utf-8-sig", newline="") as fh:
        try:
            yield from enumerate(csv.DictReader(fh), 1)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: not a CSV file of UTF-8 text ({exc}); check the file") from None


def _parquet(name: str) -> Iterator[tuple[int, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{name}: reading Parquet needs pyarrow: pip install 'danvan[parquet]'") from None
    try:
        table = pq.ParquetFile(name)
    except pq.lib.ArrowException as exc:
        raise InputError(f"{name}: not a Parquet file ({exc}); check the file") from None
    number = 0
    for batch in table.iter_batches(batch_size=PARQUET_BATCH):
        for record in batch.to_pylist():
            number += 1
            yield number, record
