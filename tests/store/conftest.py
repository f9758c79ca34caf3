from __future__ import annotations

import time

import pytest
from corpora import articles, danvan


@pytest.fixture(scope="session")
def clean(tmp_path_factory):
    """50 dev articles and the store a clean `-j 1` run makes of them, with the run's seconds."""
    root = tmp_path_factory.mktemp("clean")
    corpus = articles(root / "corpus", 50)
    db = root / "clean.db"
    started = time.perf_counter()
    # Paths relative to the corpus folder, so that a copy of the folder and of the store go together.
    done = danvan("analyze", ".", "--db", str(db), cwd=corpus)
    return corpus, db, time.perf_counter() - started, done
