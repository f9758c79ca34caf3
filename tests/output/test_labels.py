"""The report's labels: both languages for every entry, every label the code names declared, bad files refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dan_van.errors import RulesError
from dan_van.models import EntityType, Kind, Level
from dan_van.output import labels as labels_module
from dan_van.output.labels import Lang, _texts, labels

PACKAGE = Path(__file__).parents[2] / "dan_van"


@pytest.mark.parametrize("lang", list(Lang), ids=str)
def test_every_level_kind_and_type_has_a_name(lang):
    lab = labels(lang)
    assert set(lab.levels) == {*Level, None}
    assert set(lab.kinds) == set(Kind)
    assert set(lab.types) == set(EntityType)
    assert all(lab.texts.values())


def test_the_two_languages_differ_where_words_do():
    vi, en = labels("vi"), labels("en")
    assert vi("conferences") != en("conferences")
    assert vi.scales == en.scales  # big numbers are written the Vietnamese way in both


def test_every_label_the_code_names_is_in_the_file():
    named = set()
    for path in [*PACKAGE.joinpath("output").glob("*.py"), PACKAGE / "reporting.py"]:
        named |= set(re.findall(r"\blab\(\s*\"([a-z_]+)\"", path.read_text(encoding="utf-8")))
    script = PACKAGE.joinpath("output", "page", "page.js").read_text(encoding="utf-8")
    named |= set(re.findall(r"\blabel\(\"([a-z_]+)\"", script))
    named |= set(re.findall(r"data-label=\"([a-z_]+)\"", PACKAGE.joinpath("output/page/template.html").read_text()))
    assert len(named) > 30
    assert named <= set(labels("vi").texts), named - set(labels("vi").texts)


def test_an_unknown_label_names_the_file():
    with pytest.raises(KeyError, match="labels.yaml"):
        labels("vi")("no_such_label")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"total": {"vi": "tổng"}}, "both vi and en"),
        ({"total": "tổng"}, "both vi and en"),
        ({"total": {"vi": "tổng", "en": ""}}, "both vi and en"),
        (["tổng"], "must be a mapping"),
    ],
)
def test_a_label_without_both_languages_is_refused(table, message):
    with pytest.raises(RulesError, match=message):
        _texts(table, "report_labels", Lang.VI)


def test_a_missing_level_name_is_refused(monkeypatch):
    real = labels_module.read_packaged

    def without_commune(file):
        data = real(file)
        data["level_names"] = {k: v for k, v in data["level_names"].items() if k != "commune"}
        return data

    monkeypatch.setattr(labels_module, "read_packaged", without_commune)
    labels.cache_clear()
    try:
        with pytest.raises(RulesError, match="level_names"):
            labels("vi")
    finally:
        labels.cache_clear()
