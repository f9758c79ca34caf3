"""Places of conferences and donations: one golden table (tests/data/places.yaml) of the unit as written, its
level and its province then and today, with rows where no place may be given."""

from pathlib import Path

import pytest
import yaml

from dan_van.models import Kind, Source
from dan_van.pipeline import analyze

pytestmark = pytest.mark.models
TABLE = yaml.safe_load((Path(__file__).parents[1] / "data" / "places.yaml").read_text(encoding="utf-8"))


def _row(place):
    return None if place is None else [place.written, str(place.level), place.province, place.province_today]


@pytest.mark.parametrize("case", TABLE, ids=lambda c: c["text"][:50])
def test_places(case):
    analysis = analyze(Source("t.txt", case["text"]))
    if "conferences" in case:
        assert [_row(f.place) for f in analysis.figures if f.kind is Kind.CONFERENCE] == case["conferences"]
    if "donations" in case:
        assert [_row(d.place) for d in analysis.donations] == case["donations"]


@pytest.mark.parametrize("case", TABLE, ids=lambda c: c["text"][:50])
def test_a_place_as_written_is_in_the_text(case):
    analysis = analyze(Source("t.txt", case["text"]))
    for place in [f.place for f in analysis.figures] + [d.place for d in analysis.donations]:
        assert place is None or place.written in case["text"]
