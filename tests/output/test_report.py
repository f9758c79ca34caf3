"""Snapshots of the terminal report at 80 and 120 columns: the seed, and a corpus of the seed, two written
articles and a failure, with its summary; `DANVAN_UPDATE_SNAPSHOTS=1 pytest tests/output` writes them anew."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from dan_van.models import Analysis, Kind
from dan_van.output.corpus import gather
from dan_van.output.formatting import figure_value
from dan_van.output.labels import labels
from dan_van.output.records import View
from dan_van.output.report import LIST_ROWS, ROWS, render
from dan_van.output.summary import summary

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("DANVAN_UPDATE_SNAPSHOTS") == "1"


def _report(items, width: int, lang: str = "vi", every: bool = False, view: View = View.ANALYSIS) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    for item in items:
        if isinstance(item, Analysis):
            render(console, item, view, lang, every)
    if len(items) > 1:
        corpus = gather(items)
        corpus.seconds = 1.25  # a snapshot cannot hold the real time
        summary(console, corpus, lang, every)
    # Rich pads lines to a table's width: trailing blanks are no part of what a reader sees.
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def _check(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"no snapshot {path.name} yet: written; look at it and commit it")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs; DANVAN_UPDATE_SNAPSHOTS=1 rewrites it"


@pytest.mark.parametrize("width", [80, 120])
def test_seed_report(seed, width):
    _check(f"seed-{width}", _report([seed], width))


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize(("lang", "every"), [("vi", False), ("en", False), ("vi", True)], ids=["vi", "en", "all"])
def test_corpus_report(corpus, width, lang, every):
    _check(f"corpus-{lang}{'-all' if every else ''}-{width}", _report(corpus, width, lang, every))


def test_no_line_is_wider_than_the_console(corpus):
    for width in (80, 120):
        assert max(len(line) for line in _report(corpus, width).splitlines()) <= width


def test_identical_figures_are_one_row_with_their_count(corpus):
    text = _report([corpus[1]], 120)
    assert text.count("1.000 người") == 1
    assert "1.000 người  ×3" in text
    assert "3 hội nghị  ×2" in text


def test_the_first_rows_of_each_kind_then_how_many_more(corpus):
    article = corpus[1]
    text = _report([article], 120)
    people = {f.value for f in article.figures if f.kind is Kind.PEOPLE}
    assert len(people) > ROWS
    assert f"… và {len(people) - ROWS} số liệu khác" in text
    assert "15 người" not in text
    assert "15 người" in _report([article], 120, every=True)


def test_every_figure_is_in_the_report_with_all(corpus):
    scales = labels("vi").scales
    for article in corpus[:3]:
        text = _report([article], 120, every=True)
        for f in article.figures:
            assert figure_value(f, scales) in text, f.text


def test_the_donations_and_conferences_lists_are_capped_too(seed):
    from dataclasses import replace

    many = replace(seed, donations=seed.donations * (LIST_ROWS + 4))
    assert "… và 4 lượt ủng hộ khác" in _report([many], 120)
    assert "khác" not in _report([many], 120, every=True).split("Số liệu khác")[0].split("Ủng hộ")[1]


def test_english_labels(corpus):
    text = _report(corpus, 120, "en")
    for words in ("Conferences and dialogues held", "Donations", "Other figures", "Entities", "Summary of 3 articles"):
        assert words in text
    for words in ("Hội nghị, đối thoại", "Số liệu khác", "Thực thể"):
        assert words not in text


@pytest.mark.parametrize("module", ["report", "summary", "corpus", "page", "formatting", "labels"])
def test_the_report_never_imports_the_writers(module):
    import ast

    tree = ast.parse((Path(__file__).parents[2] / "dan_van" / "output" / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.level == 1 and node.module is None), "from . import: the writers' package"
            assert not (node.level == 2 and node.module == "output")
            assert node.module != "dan_van.output"


def _meetings(text: str):
    from dan_van.models import Source
    from dan_van.pipeline import analyze

    return analyze(Source("t.txt", text))


@pytest.mark.models
def test_a_total_and_its_breakdown_count_once():
    """`85 cuộc, trong đó cấp huyện 6, cấp xã 79` is 85 meetings, not 170; a headline repeating the total is no more."""
    item = _meetings(
        "85 cuộc đối thoại với nhân dân\n"
        "Năm 2021, toàn huyện tổ chức 85 cuộc đối thoại. Trong đó, cấp huyện 6 cuộc, cấp xã 79 cuộc.\n"
    )
    assert [(f.value, f.total) for f in item.figures if f.kind is Kind.CONFERENCE] == [
        (85, False),
        (85, True),
        (6, False),
        (79, False),
    ]
    corpus = gather([item, item])
    assert sum(corpus.conferences.values()) == 2 * 85
    text = _report([item], 100)
    assert re.search(r"các cấp +85 cuộc +×2 \(tổng\) +2021", text)
    assert re.search(r"\ntổng +85\n", text)


@pytest.mark.models
def test_figures_that_only_add_up_are_no_total():
    item = _meetings("Năm 2023, tỉnh tổ chức 10 hội nghị, các huyện tổ chức 4 hội nghị và các xã 6 hội nghị.")
    assert not any(f.total for f in item.figures)
    assert re.search(r"\ntổng +20\n", _report([item], 100))
