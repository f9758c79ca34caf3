"""On the 300 dev articles no article's report is over 45 lines at 100 columns, and nothing is lost: `--all`
shows every figure and the JSON record carries them all."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from dan_van.inputs.sources import sources
from dan_van.language.load import packaged_rules
from dan_van.models import Analysis
from dan_van.output.formatting import figure_value
from dan_van.output.labels import labels
from dan_van.output.records import View
from dan_van.output.report import render
from dan_van.pipeline import analyze_many

pytestmark = pytest.mark.models
MAX_LINES = 45
WIDTH = 100


def _report(item: Analysis, every: bool) -> str:
    console = Console(file=io.StringIO(), width=WIDTH, record=True, color_system=None)
    render(console, item, View.ANALYSIS, every=every)
    return console.export_text()


def test_no_dev_article_has_a_report_over_45_lines_and_all_keeps_every_figure(shared):
    dev = sorted(str(p) for p in (shared / "data" / "CP_Vietnamese-UNC" / "dev").glob("*.txt"))
    assert len(dev) == 300
    scales = labels("vi").scales
    longest = (0, "")
    for item in analyze_many(sources(dev), packaged_rules(), jobs=1, sentences=False):
        assert isinstance(item, Analysis), item
        longest = max(longest, (_report(item, every=False).count("\n"), item.source))
        everything = _report(item, every=True)
        assert all(figure_value(f, scales) in everything for f in item.figures), item.source
        assert len(item.to_record()["figures"]) == len(item.figures)
    assert longest[0] <= MAX_LINES, f"{longest[1]}: {longest[0]} lines"
