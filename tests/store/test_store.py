"""The results store: create, rerun unchanged, changed and added files, kill -9 then resume, export."""

from __future__ import annotations

import csv
import json
import sqlite3
import time

import pytest
from click.testing import CliRunner
from corpora import danvan, rows, start, stored, wait_for

from dan_van.cli import main
from dan_van.store import iter_records

pytestmark = pytest.mark.models


def _copy(clean, tmp_path):
    corpus, db, _, _ = clean
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(corpus.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    target = tmp_path / "store.db"
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return folder, target


def test_a_store_holds_one_row_per_document_and_the_jsonl_of_a_plain_run(clean, tmp_path):
    corpus, db, _, done = clean
    assert done.stderr.strip().startswith("danvan: analysed 50, skipped 0 unchanged, failed 0 (")
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (50, 50)
        assert con.execute("SELECT count(*) FROM documents WHERE metadata IS NULL").fetchone()[0] == 0
        figures = con.execute("SELECT sum(figure_count) FROM documents").fetchone()[0]
        assert figures == con.execute("SELECT count(*) FROM figures").fetchone()[0] > 100
    plain = danvan("analyze", "-f", "jsonl", *sorted(p.name for p in corpus.glob("*.txt")), cwd=corpus).stdout
    stored_lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in iter_records(db))
    assert stored_lines == plain


def test_a_rerun_skips_everything_unchanged_in_under_5_percent_of_the_time(clean, tmp_path, monkeypatch):
    folder, db = _copy(clean, tmp_path)
    first = clean[3].stderr
    monkeypatch.chdir(folder)
    runner = CliRunner()
    started = time.perf_counter()
    result = runner.invoke(main, ["analyze", ".", "--db", str(db)])
    rerun = time.perf_counter() - started
    assert result.exit_code == 0
    assert result.stderr.startswith("danvan: analysed 0, skipped 50 unchanged, failed 0 (")
    first_seconds = float(first.rsplit("(", 1)[1].split()[0])
    assert rerun < 0.05 * first_seconds, (rerun, first_seconds)


def test_changed_and_added_files_are_analysed_again_and_their_rows_replaced(clean, tmp_path):
    folder, db = _copy(clean, tmp_path)
    changed = sorted(folder.glob("*.txt"))[3]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("\n", "\nHuyện đã tổ chức 7 hội nghị.\n", 1), encoding="utf-8")
    (folder / "zz_added.txt").write_text("Xã trao tặng 12 suất quà, trị giá 6 triệu đồng.", encoding="utf-8")
    done = danvan("analyze", ".", "--db", str(db), cwd=folder)
    assert done.stderr.startswith("danvan: analysed 2, skipped 49 unchanged, failed 0 (")
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 51
        ids = con.execute("SELECT document_id, position, count(*) FROM figures GROUP BY 1, 2 HAVING count(*) > 1")
        assert ids.fetchall() == []
        sevens = con.execute(
            "SELECT count(*) FROM figures JOIN documents d ON d.id = document_id WHERE d.path = ? AND value = 7",
            (changed.name,),
        )
        assert sevens.fetchone()[0] >= 1
    forced = danvan("analyze", ".", "--db", str(db), "--force", cwd=folder)
    assert forced.stderr.startswith("danvan: analysed 51, skipped 0 unchanged")


def test_a_run_killed_with_sigkill_resumes_to_the_rows_of_a_clean_run(clean, tmp_path):
    corpus, clean_db, _, _ = clean
    db = tmp_path / "killed.db"
    process = start("analyze", ".", "--db", str(db), cwd=corpus)
    try:
        wait_for(lambda: stored(db) >= 1 or process.poll() is not None, 120, "the first commit")
    finally:
        process.kill()
        process.wait()
    kept = stored(db)
    assert 0 < kept < 50, "the run was to be killed between its first commit and its end"
    done = danvan("analyze", ".", "--db", str(db), cwd=corpus)
    assert done.stderr.startswith(f"danvan: analysed {50 - kept}, skipped {kept} unchanged, failed 0 (")
    assert rows(db) == rows(clean_db)


def test_export_round_trips_jsonl_csv_and_parquet(clean, tmp_path):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    _, db, _, _ = clean
    for fmt in ("jsonl", "csv", "parquet"):
        result = CliRunner().invoke(main, ["export", str(db), "-f", fmt, "-o", str(tmp_path / fmt)])
        assert result.exit_code == 0, result.stderr
    lines = (tmp_path / "jsonl" / "analyses.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(iter_records(db))
    tables = rows(db)
    for table, found in tables.items():
        with open(tmp_path / "csv" / f"{table}.csv", encoding="utf-8", newline="") as fh:
            read = list(csv.reader(fh))[1:]
        assert read == [["" if v is None else str(v) for v in row] for row in found], table
        parquet = pq.read_table(tmp_path / "parquet" / f"{table}.parquet").to_pylist()
        assert len(parquet) == len(found)
        assert [tuple(_same(v) for v in r.values()) for r in parquet] == [tuple(_same(v) for v in r) for r in found]


def _same(value):
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def test_a_failed_document_is_stored_with_its_error_and_tried_again(tmp_path):
    (tmp_path / "ok.txt").write_text("Tỉnh tổ chức 2 hội nghị.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    db = tmp_path / "s.db"
    for _ in range(2):
        result = CliRunner().invoke(
            main, ["analyze", str(tmp_path / "ok.txt"), str(tmp_path / "bad.txt"), "--db", str(db)]
        )
        assert result.exit_code == 1
    assert "analysed 0, skipped 1 unchanged, failed 1" in result.stderr
    records = list(iter_records(db))
    assert [r["source"] for r in records] == [str(tmp_path / "bad.txt"), str(tmp_path / "ok.txt")]
    assert set(records[0]) == {"source", "error"}


def test_usage_errors_of_the_corpus_options_exit_2(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "s.db")
    for args in (
        ["analyze", "x.txt", "--db", db, "-f", "json"],
        ["analyze", "x.txt", "--force"],
        ["analyze", "x.txt", "--cluster", "local:2"],
        ["analyze", "x.txt", "--db", db, "--cluster", "remote"],
        ["analyze", "x.txt", "--shard", "3/2"],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, args
        assert result.stdout == ""


def test_export_has_help_with_an_example():
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_export_of_a_missing_store_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(main, ["export", str(tmp_path / "none.db"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "--db" in result.stderr
