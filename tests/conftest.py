"""Shared fixtures: the repository, the seed article and the shared data beside the checkout."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The language-data cache of this run (and of the processes it starts) in a folder of its own.
if "DANVAN_CACHE_DIR" not in os.environ:
    os.environ["DANVAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="danvan-test-cache-")
    atexit.register(shutil.rmtree, os.environ["DANVAN_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEEDS[0]


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}; it lies beside the checkout in CI")
    return SHARED
