"""`danvan report` through click: articles and JSON Lines in, the report on stdout, the page with --html,
messages on stderr, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dan_van.cli import main

RECORDS = Path(__file__).parent / "output" / "seed.jsonl"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Two records of the seed (as `danvan analyze -f jsonl` wrote them) and a failed input."""
    seed = RECORDS.read_text(encoding="utf-8")
    other = json.loads(seed)
    other["source"] = "khac.txt"
    path = tmp_path / "corpus.jsonl"
    failure = {"source": "hong.txt", "error": "hong.txt: no such file; check the path"}
    path.write_text(seed + json.dumps(other, ensure_ascii=False) + "\n" + json.dumps(failure) + "\n", encoding="utf-8")
    return path


def test_report_has_help_with_an_example(runner):
    result = runner.invoke(main, ["report", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "danvan report" in result.stdout
    assert "--html" in result.stdout and "--lang" in result.stdout and "--all" in result.stdout


def test_a_jsonl_corpus_gives_the_reports_and_the_summary(runner, corpus):
    result = runner.invoke(main, ["report", str(corpus)], terminal_width=100)
    assert result.exit_code == 1  # one input had failed
    assert "hong.txt: no such file" in result.stderr
    assert result.stdout.count("Hội nghị, đối thoại đã tổ chức") == 2
    assert "Tổng hợp 2 bài" in result.stdout
    assert "Lỗi: 1 bài" in result.stdout


def test_english_and_summary_only(runner, corpus):
    result = runner.invoke(main, ["report", str(corpus), "--lang", "en", "--summary"])
    assert "Summary of 2 articles" in result.stdout
    assert "Conferences and dialogues held" not in result.stdout
    assert "Conferences by year and level" in result.stdout


def test_html_writes_one_page(runner, corpus, tmp_path):
    page = tmp_path / "report.html"
    result = runner.invoke(main, ["report", str(corpus), "--html", str(page)])
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert f"wrote {page}" in result.stderr
    assert not list(tmp_path.glob(".danvan-*"))


def test_html_into_a_missing_folder_is_a_usage_error(runner, corpus, tmp_path):
    result = runner.invoke(main, ["report", str(corpus), "--html", str(tmp_path / "no" / "report.html")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_no_path_on_a_terminal_is_a_usage_error(runner, monkeypatch):
    import click.testing

    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True, raising=False)
    result = runner.invoke(main, ["report"])
    assert result.exit_code == 2
    assert "name at least one" in result.stderr


@pytest.mark.models
def test_piped_text_is_read_with_no_path(runner, seed_text):
    result = runner.invoke(main, ["report"], input=seed_text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<stdin>")


def test_a_line_that_is_no_record_is_a_failure_named_by_its_line(runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(RECORDS.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    result = runner.invoke(main, ["report", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: not a danvan record" in result.stderr
    assert "Hội nghị, đối thoại đã tổ chức" in result.stdout


@pytest.mark.models
def test_articles_and_records_together_in_input_order(runner, seed_path, tmp_path):
    article = tmp_path / "bai.txt"
    shutil.copy(seed_path, article)
    page = tmp_path / "r.html"
    result = runner.invoke(main, ["report", str(RECORDS), str(article), "--html", str(page)], terminal_width=120)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.index("seeds/000") < result.stdout.index("bai.txt") < result.stdout.index("Tổng hợp 2 bài")
    html = page.read_text(encoding="utf-8")
    assert "113 hội nghị cấp quận" in html  # the sentence of a figure, from the tagged article


@pytest.mark.models
def test_analyze_as_a_table_prints_the_report_and_the_summary(runner, seed_path):
    result = runner.invoke(main, ["analyze", str(seed_path), str(seed_path), "-f", "table"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Hội nghị, đối thoại đã tổ chức") == 2
    assert "Tổng hợp 2 bài" in result.stdout and "Vinamilk" in result.stdout


def test_a_closed_pipe_ends_quietly(tmp_path):
    import subprocess
    import sys

    many = tmp_path / "many.jsonl"
    many.write_text(RECORDS.read_text(encoding="utf-8") * 400, encoding="utf-8")
    danvan = Path(sys.executable).with_name("danvan")
    proc = subprocess.Popen([danvan, "report", str(many)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""
