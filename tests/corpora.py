"""Helpers for corpus tests: copies of dev articles, the CLI in a subprocess, a store's rows table by table."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "CP_Vietnamese-UNC" / "dev"
TABLES = {
    "documents": "path",
    "figures": "document_id, position",
    "donations": "document_id, position",
    "amounts": "document_id, donation, position",
    "entities": "document_id, position",
    "fingerprints": "fingerprint",
}


def articles(folder: Path, count: int) -> Path:
    """`count` dev articles of CP_Vietnamese-UNC copied into `folder` (skips where ../shared is absent)."""
    if not DEV.is_dir():
        pytest.skip(f"{DEV} not found; it lies beside the checkout in CI")
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(DEV.glob("*.txt"))[:count]:
        shutil.copyfile(path, folder / path.name)
    return folder


def danvan(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """The command line in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-m", "dan_van", *args], capture_output=True, text=True, cwd=kwargs.pop("cwd", None), **kwargs
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def start(*args: str, cwd=None) -> subprocess.Popen:
    """The command line started in the background."""
    return subprocess.Popen(
        [sys.executable, "-m", "dan_van", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd
    )


def stored(db: Path) -> int:
    """How many documents the store holds, committed."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in key order."""
    with sqlite3.connect(db) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY {key}").fetchall() for t, key in TABLES.items()}


def kill(process: subprocess.Popen, sig: int) -> None:
    os.kill(process.pid, sig)
