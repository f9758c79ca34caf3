"""Parts: a few dozen documents analysed by one Dask task and written as one Parquet file.

A part's id is the sha256 of the run's fingerprint and of its documents' names and content hashes, so the same
documents make the same part on every run. A worker writes `part-ID.parquet` under a temporary name and renames
it when complete, so a file of that name is always whole; its key-value metadata is its manifest: the
fingerprint and the name and sha256 of every input. Each row is one document: its fields in the store's
documents table and its JSON record.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..inputs.entries import Entry

PART_SIZE = 8  # documents: small enough to keep every worker busy on a few dozen articles
COLUMNS = ("path", "origin", "ordinal", "sha256", "size", "record")
MANIFEST = b"danvan.manifest"


@dataclass(frozen=True, slots=True)
class Part:
    """Documents analysed together: the entries themselves travel to the worker."""

    id: str
    entries: tuple[Entry, ...]

    @property
    def file(self) -> str:
        """The part's file name."""
        return f"part-{self.id}.parquet"


def plan(entries: Iterable[Entry], fingerprint: str, size: int = PART_SIZE) -> Iterator[Part]:
    """Consecutive entries in parts of `size`, each part in content-hash order, named by its content."""
    batch: list[Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= size:
            yield _part(batch, fingerprint)
            batch = []
    if batch:
        yield _part(batch, fingerprint)


def _part(batch: list[Entry], fingerprint: str) -> Part:
    ordered = tuple(sorted(batch, key=lambda e: (e.sha256 or "", e.name)))
    digest = hashlib.sha256(fingerprint.encode())
    for entry in ordered:
        digest.update(f"\0{entry.name}\0{entry.sha256}".encode("utf-8", "surrogatepass"))
    return Part(digest.hexdigest()[:32], ordered)


def write(folder: str | Path, part_id: str, fingerprint: str, rows: list[dict[str, Any]]) -> str:
    """Write a part's rows as `part-ID.parquet` in `folder`, through a temporary name; its path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=_schema(pa))
    manifest = {"part": part_id, "fingerprint": fingerprint, "inputs": [[r["path"], r["sha256"]] for r in rows]}
    table = table.replace_schema_metadata({MANIFEST: json.dumps(manifest, ensure_ascii=False).encode()})
    target = Path(folder) / f"part-{part_id}.parquet"
    temp = Path(folder) / f".part-{part_id}.{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(table, temp, compression="zstd")
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()
    return str(target)


def _schema(pa):
    return pa.schema(
        [
            ("path", pa.string()),
            ("origin", pa.string()),
            ("ordinal", pa.int64()),
            ("sha256", pa.string()),
            ("size", pa.int64()),
            ("record", pa.string()),
        ]
    )


def read(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A part's manifest and rows (each row's record parsed)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    manifest = json.loads((table.schema.metadata or {}).get(MANIFEST, b"{}"))
    rows = table.to_pylist()
    for row in rows:
        row["record"] = json.loads(row["record"])
    return manifest, rows


def finished(folder: str | Path) -> list[Path]:
    """The complete parts in `folder`, by name."""
    return sorted(Path(folder).glob("part-*.parquet"))


def clear_temporary(folder: str | Path) -> None:
    """Remove the temporary files of parts that were never finished (a worker killed while writing)."""
    for temp in Path(folder).glob(".part-*.tmp"):
        temp.unlink(missing_ok=True)
