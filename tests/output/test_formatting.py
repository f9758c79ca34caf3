"""Golden tables of the report's writing: ranges, rates, qualifiers, money, places and names with commas."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from dan_van.models import Analysis, Entity, EntityType, Figure, Kind, Level, Place
from dan_van.output.formatting import figure_value, place_name, scaled, vi_money, vi_number
from dan_van.output.labels import labels
from dan_van.output.records import View
from dan_van.output.report import render

TABLE = yaml.safe_load((Path(__file__).parents[1] / "data" / "report.yaml").read_text(encoding="utf-8"))
SCALES = labels("vi").scales


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize("row", TABLE["figures"], ids=lambda r: r["id"])
def test_a_figure_is_written_the_vietnamese_way(row):
    unit = row["unit"]
    kind = Kind.PERCENT if unit == "%" else Kind.MONEY if unit in ("đồng", "usd") else Kind.COUNT
    figure = Figure(
        _decimal(row["value"]),
        unit,
        kind,
        row.get("approx", False),
        row.get("qualifier"),
        row["text"],
        0,
        len(row["text"]),
        0,
        value_max=_decimal(row.get("value_max")),
        per=row.get("per"),
    )
    assert figure_value(figure, SCALES) == row["shows"]


@pytest.mark.parametrize("row", TABLE["places"], ids=lambda r: r["id"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_place_shows_its_province_and_the_province_today(row, lang):
    level = row.get("level")
    place = Place(row["written"], level and Level(level), row.get("province"), row.get("today"))
    assert place_name(place, labels(lang)) == row[lang]


@pytest.mark.parametrize("row", TABLE["names"], ids=lambda r: r["id"])
def test_entity_names_are_kept_whole(row):
    text, entities, at = "", [], 0
    for name in row["names"]:
        entities.append(Entity(name, EntityType.ORG, at, at + len(name), name, 0))
        text += name + " "
        at = len(text)
    out = io.StringIO()
    render(Console(file=out, width=200), Analysis("a.txt", "utf-8", entities=tuple(entities)), View.ENTITIES)
    line = out.getvalue().splitlines()[2]
    assert line.removeprefix(labels("vi").types[EntityType.ORG]).strip() == row["shows"]


def test_numbers_and_money():
    assert vi_number(Decimal("1234567.5")) == "1.234.567,5"
    assert vi_number(Decimal("-1000")) == "-1.000"
    assert vi_money(Decimal(5_000_000_000), SCALES) == "5 tỷ đồng"
    assert vi_money(Decimal(2_500_000), SCALES, "usd") == "2,5 triệu USD"
    assert scaled(Decimal(7_619_000_000), SCALES) == ("7,619", "tỷ")
    assert scaled(Decimal(999_999), SCALES) == ("999.999", None)
