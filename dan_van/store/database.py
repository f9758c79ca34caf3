"""The results store: an SQLite file in WAL mode, written a document at a time and committed every few dozen.

A document's rows are replaced whole (its old figures, donations and entities deleted with it), so a rerun
never duplicates them; a kill -9 loses at most the documents since the last commit, and SQLite's journal
leaves every committed one intact.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DanVanError
from . import rows, schema

COMMIT_EVERY = 32  # documents
COMMIT_SECONDS = 10.0


class StoreError(DanVanError):
    """The store cannot be opened or written: not an SQLite file, a newer layout, a full disk."""


@dataclass(frozen=True, slots=True)
class Known:
    """What the store holds of a document: enough to tell whether it changed."""

    sha256: str | None
    fingerprint: str
    failed: bool


def connect(path: str | Path, create: bool = True) -> sqlite3.Connection:
    """A connection to the store at `path`, its tables made when `create`."""
    if not create and not Path(path).is_file():
        raise StoreError(f"{path}: no such store; make one with `danvan analyze ... --db {path}`")
    try:
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.VERSION:
            raise StoreError(f"{path}: a store of layout {version}, newer than this danvan's; upgrade danvan")
        if create:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("BEGIN")
            for statement in schema.statements():
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {schema.VERSION}")
            db.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot be used as a store ({exc}); name another --db file") from None
    return db


class Store:
    """Writes documents' records into a store, committing every `COMMIT_EVERY` documents."""

    def __init__(self, path: str | Path, every: int = COMMIT_EVERY):
        self.path = str(path)
        self.db = connect(path)
        self.every = every
        self.pending = 0
        self.since = time.monotonic()
        self._fingerprints: set[str] = set()

    def known(self, path: str) -> Known | None:
        """What the store holds of the document named `path`, or None."""
        row = self.db.execute(
            "SELECT sha256, fingerprint, error IS NOT NULL FROM documents WHERE path = ?", (path,)
        ).fetchone()
        return None if row is None else Known(row[0], row[1], bool(row[2]))

    def add_fingerprint(self, fingerprint: str, parts: dict[str, Any]) -> None:
        """Record what a fingerprint stands for."""
        if fingerprint not in self._fingerprints:
            self._begin()
            names = ("danvan", "underthesea", "underthesea_core", "rules", "encodings", "encoding")
            self.db.execute(
                "INSERT OR IGNORE INTO fingerprints VALUES (?, ?, ?, ?, ?, ?, ?)",
                (fingerprint, *(parts.get(k) for k in names)),
            )
            self._fingerprints.add(fingerprint)

    def _begin(self) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")

    def put(self, entry: dict[str, Any], record: dict[str, Any], fingerprint: str) -> None:
        """Write one document: `entry` has its path, origin, ordinal, sha256 and size, `record` its JSON record
        (or `{"source", "error"}`); its old rows go first."""
        doc = schema.document_id(entry["path"])
        self._begin()
        # A savepoint per document: an interrupt half-way leaves none of its rows for the commit that follows.
        self.db.execute("SAVEPOINT document")
        try:
            self.db.execute("DELETE FROM documents WHERE id = ?", (doc,))
            self.db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _document_row(doc, entry, record, fingerprint),
            )
            for table, found in rows.child_rows(doc, record).items():
                if found:
                    marks = ", ".join("?" * len(rows.COLUMNS[table]))
                    self.db.executemany(f"INSERT INTO {table} VALUES ({marks})", found)
        except BaseException as exc:
            self.db.execute("ROLLBACK TO document")
            self.db.execute("RELEASE document")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self.path}: cannot write {entry['path']} ({exc})") from None
            raise
        self.db.execute("RELEASE document")
        self.pending += 1
        if self.pending >= self.every or time.monotonic() - self.since > COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Make every document written so far durable."""
        if self.db.in_transaction:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot commit ({exc}); is the disk full?") from None
        self.pending = 0
        self.since = time.monotonic()

    def close(self) -> None:
        """Commit and close."""
        self.commit()
        self.db.close()


def _document_row(doc: int, entry: dict[str, Any], record: dict[str, Any], fingerprint: str) -> tuple:
    failed = "error" in record
    counts = (
        (None,) * 5
        if failed
        else (
            record["sentences"],
            record["words"],
            len(record["figures"]),
            len(record["donations"]),
            len(record["entities"]),
        )
    )
    warnings = record.get("warnings")
    metadata = record.get("metadata")
    return (
        doc,
        entry["path"],
        entry["origin"],
        entry["ordinal"],
        entry.get("sha256"),
        entry.get("size"),
        None if failed else record["encoding"],
        *counts,
        record.get("error"),
        None if warnings is None else json.dumps(warnings, ensure_ascii=False),
        None if metadata is None else json.dumps(metadata, ensure_ascii=False),
        fingerprint,
    )
