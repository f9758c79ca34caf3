"""Stores merged into one: the shards of a job array (`--shard K/N`), each document's rows replacing the old.

Document ids come from paths, so rows keep their ids across stores; a document in several stores takes the rows
of the last store named.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .database import StoreError, connect
from .schema import CHILDREN


def merge(target: str | Path, sources: list[str | Path]) -> int:
    """Copy every document of `sources` into the store `target` (made if missing); how many were copied."""
    db = connect(target)
    copied = 0
    try:
        for index, source in enumerate(sources):
            connect(source, create=False).close()
            db.execute(f"ATTACH DATABASE ? AS s{index}", (str(source),))
            name = f"s{index}"
            db.execute("BEGIN IMMEDIATE")
            db.execute(f"INSERT OR IGNORE INTO fingerprints SELECT * FROM {name}.fingerprints")
            db.execute(f"DELETE FROM documents WHERE id IN (SELECT id FROM {name}.documents)")
            copied += db.execute(f"INSERT INTO documents SELECT * FROM {name}.documents").rowcount
            for table in CHILDREN:
                db.execute(f"INSERT INTO {table} SELECT * FROM {name}.{table}")
            db.execute("COMMIT")
            db.execute(f"DETACH DATABASE {name}")
    except sqlite3.Error as exc:
        raise StoreError(f"{target}: cannot merge ({exc})") from None
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()
    return copied
