from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from dan_van.models import Source
from dan_van.pipeline import analyze

pytestmark = pytest.mark.models
TABLE = yaml.safe_load((Path(__file__).parents[1] / "data" / "figures.yaml").read_text(encoding="utf-8"))


def _got(figure):
    row = [figure.value, figure.unit, figure.kind]
    if figure.kind == "conference" or figure.value_max is not None:
        row.append(figure.level)
    if figure.value_max is not None:
        row.append(figure.value_max)
    return row


@pytest.mark.parametrize("case", TABLE["figures"], ids=[c["text"][:40] for c in TABLE["figures"]])
def test_figures(case):
    analysis = analyze(Source("t.txt", case["text"]))
    expected = [[Decimal(str(e[0])), *e[1:3], *e[3:4], *(Decimal(str(v)) for v in e[4:])] for e in case["expect"]]
    assert [_got(f) for f in analysis.figures] == expected


@pytest.mark.parametrize("case", TABLE["donations"], ids=[c["text"][:40] for c in TABLE["donations"]])
def test_donations(case):
    analysis = analyze(Source("t.txt", case["text"]))
    if case["donor"] == "none":
        assert analysis.donations == ()
        return
    (donation,) = analysis.donations
    assert case["donor"] in donation.donor
    assert case["recipient"] in donation.recipient
    expected = case["value_vnd"]
    assert donation.value_vnd == (None if expected is None else Decimal(expected))


def test_seed_golden(seed_path, seed_text):
    analysis = analyze(Source(str(seed_path), seed_text))
    figures = [(f.value, f.unit, f.kind, f.level, f.year) for f in analysis.figures]
    assert figures == [
        (Decimal(50000), "bộ", "count", None, None),
        (Decimal(5000000000), "đồng", "money", None, None),
        (Decimal(2), "hội nghị", "conference", "province", 2020),
        (Decimal(113), "hội nghị", "conference", "district", 2020),
        (Decimal(982), "hội nghị", "conference", "commune", 2020),
    ]
    (donation,) = analysis.donations
    assert "Vinamilk" in donation.donor and "đại diện" not in donation.donor
    assert "Sở Y tế và Mặt trận Tổ quốc TP Hà Nội" in donation.recipient
    assert donation.value_vnd == Decimal(5000000000)
    assert [(a.value, a.unit) for a in donation.amounts] == [(Decimal(50000), "bộ"), (Decimal(5000000000), "đồng")]
    assert (donation.start, donation.end) == (0, 139)


def _spans(analysis):
    yield from analysis.figures
    yield from analysis.entities
    yield from analysis.donations
    yield from analysis.sentences
    for s in analysis.sentences:
        yield from s.tokens


def test_span_invariant_on_the_seed_and_its_nfd_copy(seed_text):
    import unicodedata

    for text in (seed_text, unicodedata.normalize("NFD", seed_text)):
        analysis = analyze(Source("seed", text))
        for span in _spans(analysis):
            assert text[span.start : span.end] == span.text
    nfd = analyze(Source("seed", unicodedata.normalize("NFD", seed_text)))
    nfc = analyze(Source("seed", seed_text))
    assert [(f.value, f.unit, f.kind, f.level) for f in nfd.figures] == [
        (f.value, f.unit, f.kind, f.level) for f in nfc.figures
    ]


def test_span_invariant_on_real_articles(shared):
    files = sorted((shared / "data/CP_Vietnamese-UNC/dev").glob("*.txt"))[:25]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for span in _spans(analyze(Source(str(path), text))):
            assert text[span.start : span.end] == span.text, path.name
