"""Documents before decoding, from every input shape: whole files, lists of files, records and lines.

An `Entry` is one document with its name, the sha256 and size of its bytes and where it came from (the file,
and its record or line number there), so that a results store can skip it unchanged before it is decoded.

    files:    a.txt                    -> one entry, named a.txt
    records:  news.jsonl, .csv, .parquet -> one entry a record, named news.jsonl#<id>
    lines:    --lines big.txt          -> one entry a non-blank line, named big.txt:<line number>
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..models import Source
from .decoding import decode
from .sources import Failure

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")


@dataclass(frozen=True, slots=True)
class Shape:
    """How inputs are read: records' text and id fields, whole lines, a forced encoding."""

    text_field: str = "text"
    id_field: str = "id"
    lines: bool = False
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One document to analyse: its bytes (or text, for a record), their sha256 and size, and its origin."""

    name: str
    sha256: str | None  # None when it could not be read
    size: int | None
    origin: str
    ordinal: int = 0  # the record or line number in `origin`; 0 for a whole file
    data: bytes | None = None
    text: str | None = None
    metadata: tuple[tuple[str, Any], ...] = ()
    error: str | None = None  # why it could not be read, with the fix

    def source(self, encoding: str | None = None) -> Source | Failure:
        """The decoded document, or a Failure saying why it cannot be read or decoded."""
        if self.error is not None:
            return Failure(self.name, self.error)
        if self.text is not None:
            return Source(self.name, self.text, "utf-8", self.metadata)
        try:
            decoded = decode(self.data or b"", encoding=encoding, name=self.name)
        except InputError as exc:
            return Failure(self.name, str(exc))
        return Source(self.name, decoded.text, decoded.encoding, self.metadata)


def from_bytes(name: str, data: bytes, origin: str, ordinal: int = 0, metadata=()) -> Entry:
    """An entry of raw bytes, decoded later."""
    return Entry(name, hashlib.sha256(data).hexdigest(), len(data), origin, ordinal, data=data, metadata=metadata)


def from_text(name: str, text: str, origin: str, ordinal: int, metadata=()) -> Entry:
    """An entry already text (a record's field): hashed as UTF-8."""
    data = text.encode("utf-8", "surrogatepass")
    return Entry(name, hashlib.sha256(data).hexdigest(), len(data), origin, ordinal, text=text, metadata=metadata)


def failed(name: str, message: str, origin: str | None = None, ordinal: int = 0) -> Entry:
    """An entry that could not be read."""
    return Entry(name, None, None, origin or name, ordinal, error=message)


def is_records(name: str) -> bool:
    """Whether a path is read as records (one document each) rather than as one article."""
    return name.lower().endswith(RECORD_SUFFIXES)
