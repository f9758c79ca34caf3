"""Key figures: one golden table per extractor (tests/data/{quantities,conferences,donations}.yaml) and the
seed article; every row states the exact values and spans expected, and rows that must not match."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from dan_van.models import Source
from dan_van.pipeline import analyze

pytestmark = pytest.mark.models
DATA = Path(__file__).parents[1] / "data"


def _table(name: str) -> list[dict]:
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))


def _number(value):
    return None if value is None else Decimal(str(value))


def _figure(f, conference: bool) -> dict:
    row = {"surface": f.text, "span": [f.start, f.end], "value": f.value}
    if f.value_max is not None:
        row["value_max"] = f.value_max
    row.update(unit=f.unit, kind=str(f.kind))
    if conference:
        row.update(level=None if f.level is None else str(f.level), year=f.year)
        if f.total:
            row["total"] = True  # the sum of the figures listed after it
    else:
        row.update(approx=f.approx, qualifier=f.qualifier, per=f.per)
    return row


def _expected(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        row = dict(row)
        row["value"] = _number(row["value"])
        if "value_max" in row:
            row["value_max"] = _number(row["value_max"])
        out.append(row)
    return out


@pytest.mark.parametrize("case", _table("quantities"), ids=lambda c: c["text"][:50])
def test_quantities(case):
    analysis = analyze(Source("t.txt", case["text"]))
    assert [_figure(f, False) for f in analysis.figures] == _expected(case["figures"])
    for f in analysis.figures:
        assert case["text"][f.start : f.end] == f.text


@pytest.mark.parametrize("case", _table("conferences"), ids=lambda c: c["text"][:50])
def test_conferences(case):
    analysis = analyze(Source("t.txt", case["text"]))
    found = [_figure(f, True) for f in analysis.figures if f.kind == "conference"]
    assert found == _expected(case["conferences"])


@pytest.mark.parametrize("case", _table("donations"), ids=lambda c: c["text"][:50])
def test_donations(case):
    analysis = analyze(Source("t.txt", case["text"]))
    found = [
        {
            "donor": d.donor,
            "recipient": d.recipient,
            "value_vnd": d.value_vnd,
            "surface": d.text,
            "span": [d.start, d.end],
            "amounts": [[a.value, a.unit] for a in d.amounts],
            "verb": d.verb,
        }
        for d in analysis.donations
    ]
    expected = [
        {**d, "value_vnd": _number(d["value_vnd"]), "amounts": [[_number(v), u] for v, u in d["amounts"]]}
        for d in case["donations"]
    ]
    assert found == expected
    for d in analysis.donations:
        assert case["text"][d.start : d.end] == d.text


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
    assert (donation.donor, donation.recipient) == ("Vinamilk", "Sở Y tế và Mặt trận Tổ quốc TP Hà Nội")
    assert donation.value_vnd == Decimal(5000000000)
    assert [(a.value, a.unit) for a in donation.amounts] == [(Decimal(50000), "bộ"), (Decimal(5000000000), "đồng")]
    assert (donation.start, donation.end) == (0, 139)


@pytest.mark.parametrize(
    ("overlay", "text", "found"),
    [
        (
            "donation_verbs: {give: [biếu]}\n",
            "Công ty Minh Phú biếu 20 triệu đồng cho xã Tân Lập.",
            [("Công ty Minh Phú", "xã Tân Lập", Decimal(20_000_000))],
        ),
        (
            "meetings: [giao lưu]\n",
            "Huyện đã tổ chức 7 buổi giao lưu với thanh niên.",
            [(Decimal(7), "buổi", "district")],
        ),
        ("levels: {commune: [buôn]}\n", "Cấp buôn tổ chức 9 hội nghị.", [(Decimal(9), "hội nghị", "commune")]),
    ],
    ids=["giving-verb", "meeting-word", "level-word"],
)
def test_a_user_adds_words_with_rules(tmp_path, overlay, text, found):
    from dan_van.language.load import load_rules

    path = tmp_path / "mine.yaml"
    path.write_text(overlay, encoding="utf-8")
    before, after = analyze(Source("t.txt", text)), analyze(Source("t.txt", text), load_rules([path]))
    if "donation" in overlay:
        assert before.donations == ()
        assert [(d.donor, d.recipient, d.value_vnd) for d in after.donations] == found
    else:
        assert [(f.value, f.unit, f.level) for f in after.figures if f.kind == "conference"] == found
        assert [(f.value, f.unit, f.level) for f in before.figures if f.kind == "conference"] != found
