"""Dask: a real LocalCluster of 2 workers gives the store and JSON Lines of `-j 1`; a killed worker's parts are
recomputed; a killed client resumes from the parts on disk; Ctrl-C ends the run at once."""

from __future__ import annotations

import os
import signal
import time

import pytest
from corpora import articles, danvan, rows, start, stored, wait_for

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

pytestmark = pytest.mark.models
COUNT = 24  # three parts of 8


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """24 dev articles and their store made with `-j 1`, with its JSON Lines export."""
    root = tmp_path_factory.mktemp("dask")
    corpus = articles(root / "corpus", COUNT)
    db = root / "j1.db"
    danvan("analyze", ".", "--db", str(db), "-j", "1", cwd=corpus)
    danvan("export", str(db), "-f", "jsonl", "-o", str(root / "j1"))
    return corpus, db, (root / "j1" / "analyses.jsonl").read_bytes()


def _export(db, folder) -> bytes:
    danvan("export", str(db), "-f", "jsonl", "-o", str(folder))
    return (folder / "analyses.jsonl").read_bytes()


def test_a_local_cluster_gives_the_store_and_jsonl_of_one_process(reference, tmp_path):
    corpus, j1, jsonl = reference
    db = tmp_path / "dask.db"
    done = danvan("analyze", ".", "--db", str(db), "--cluster", "local:2", cwd=corpus)
    assert done.stderr.strip().splitlines()[-1].startswith(f"danvan: analysed {COUNT}, skipped 0 unchanged, failed 0")
    assert rows(db) == rows(j1)
    assert _export(db, tmp_path / "out") == jsonl
    assert not (tmp_path / "dask.db.parts").exists()
    again = danvan("analyze", ".", "--db", str(db), "--cluster", "local:2", cwd=corpus)
    assert again.stderr.strip().splitlines()[-1].startswith(f"danvan: analysed 0, skipped {COUNT} unchanged")


def test_a_worker_killed_mid_run_has_its_parts_recomputed(reference, tmp_path):
    from distributed import Client, LocalCluster

    corpus, j1, jsonl = reference
    db = tmp_path / "dask.db"
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        process = start("analyze", ".", "--db", str(db), "--scheduler", cluster.scheduler_address, cwd=corpus)
        try:
            wait_for(lambda: stored(db) >= 1 or process.poll() is not None, 180, "the first part")
            os.kill(pids[0], signal.SIGKILL)
            _, err = process.communicate(timeout=300)
        finally:
            process.kill()
    assert process.returncode == 0, err
    assert rows(db) == rows(j1)
    assert _export(db, tmp_path / "out") == jsonl


def test_a_killed_client_resumes_from_its_parts(reference, tmp_path):
    psutil = pytest.importorskip("psutil")
    corpus, j1, _ = reference
    db = tmp_path / "dask.db"
    process = start("analyze", ".", "--db", str(db), "--cluster", "local:2", cwd=corpus)
    try:
        wait_for(lambda: stored(db) >= 1 or process.poll() is not None, 180, "the first part")
        children = psutil.Process(process.pid).children(recursive=True)
        process.kill()
        process.wait()
        for child in children:  # the cluster's workers, left without their client
            child.kill()
    finally:
        process.kill()
    kept = stored(db)
    assert 0 < kept < COUNT
    done = danvan("analyze", ".", "--db", str(db), "--cluster", "local:2", cwd=corpus)
    last = done.stderr.strip().splitlines()[-1]
    analysed = int(last.split()[2].rstrip(","))
    assert analysed <= COUNT - kept
    assert rows(db) == rows(j1)


def test_ctrl_c_cancels_the_run_at_once_and_keeps_what_was_merged(reference, tmp_path):
    # Twelve parts: parts still wait when the first is merged, however fast the machine runs the others.
    _, j1, _ = reference
    corpus = articles(tmp_path / "many", 12 * 8)
    db = tmp_path / "dask.db"
    process = start("analyze", ".", "--db", str(db), "--cluster", "local:2", cwd=corpus)
    try:
        wait_for(lambda: stored(db) >= 1 or process.poll() is not None, 180, "the first part")
        process.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        _, err = process.communicate(timeout=30)
        assert time.monotonic() - interrupted < 15
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert "interrupted" in err
    assert stored(db) < 12 * 8, "the run was to be interrupted before its end"
    # What was merged is whole and as `-j 1` makes it (for the documents the reference store holds).
    found, reference_rows = rows(db)["documents"], set(rows(j1)["documents"])
    assert {row[1] for row in found} <= {path.name for path in corpus.iterdir()}
    known = {row[1] for row in reference_rows}
    assert {row for row in found if row[1] in known} <= reference_rows
