"""The data types: a record read back (`Analysis.from_record`) is the analysis that wrote it."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from dan_van.models import Analysis, Donation, Figure, Kind, Level, Place

ROOT = Path(__file__).parents[1]
SEED_RECORD = ROOT / "tests" / "output" / "seed.jsonl"


def _analysis() -> Analysis:
    text = "Năm 2023, tỉnh tổ chức 3 hội nghị; công ty trao 2 tỷ đồng và 500 suất quà, lãi 0,2-0,7%/năm."
    place = Place("tỉnh Quảng Nam", Level.PROVINCE, "Quảng Nam", "Đà Nẵng")

    def fig(words, value, unit, kind, **kw):
        start = text.index(words)
        return Figure(Decimal(value), unit, kind, False, None, words, start, start + len(words), 0, **kw)

    meeting = fig("3 hội nghị", 3, "hội nghị", Kind.CONFERENCE, level=Level.PROVINCE, year=2023, place=place)
    money = fig("2 tỷ đồng", 2_000_000_000, "đồng", Kind.MONEY)
    goods = fig("500 suất", 500, "suất", Kind.COUNT)
    rate = fig("0,2-0,7%/năm", "0.2", "%", Kind.PERCENT, value_max=Decimal("0.7"), per="năm")
    gift = Donation("công ty", None, money.value, (money, goods), 0, text[35:75], 35, 75, "trao", 2023, None, place)
    return Analysis("a.txt", "utf-8", (), (meeting, money, goods, rate), (gift,), (), ("a warning",), 20, 1)


def test_a_record_read_back_is_the_analysis():
    analysis = _analysis()
    record = json.loads(json.dumps(analysis.to_record(), ensure_ascii=False))
    assert Analysis.from_record(record) == analysis


def test_the_seed_record_round_trips():
    record = json.loads(SEED_RECORD.read_text(encoding="utf-8"))
    assert Analysis.from_record(record).to_record() == record


def test_amounts_of_records_without_offsets_are_found_among_the_figures():
    analysis = _analysis()
    record = analysis.to_record()
    for amount in record["donations"][0]["amounts"]:
        del amount["start"], amount["end"]
    assert Analysis.from_record(record).donations == analysis.donations


def test_an_amount_not_among_the_figures_is_built_from_the_record():
    analysis = _analysis()
    record = analysis.to_record()
    record["figures"] = []
    donation = Analysis.from_record(record).donations[0]
    assert [(a.value, a.unit, a.start, a.end) for a in donation.amounts] == [
        (a.value, a.unit, a.start, a.end) for a in analysis.donations[0].amounts
    ]


def test_decimals_come_back_as_written():
    figure = Analysis.from_record(_analysis().to_record()).figures[3]
    assert (figure.value, figure.value_max) == (Decimal("0.2"), Decimal("0.7"))
    assert str(figure.value) == "0.2"


def test_sentences_written_with_the_record_come_back_without_words():
    analysis = replace(_analysis(), sentences=())
    record = analysis.to_record()
    record["sentences"] = [{"text": "Câu một.", "start": 0, "end": 8, "caption": False, "words": [], "pos": []}]
    back = Analysis.from_record(record)
    assert back.sentence_count == 1
    assert (back.sentences[0].text, back.sentences[0].start, back.sentences[0].end) == ("Câu một.", 0, 8)


@pytest.mark.models
def test_a_live_analysis_round_trips(seed_text):
    from dan_van import Source, analyze

    analysis = replace(analyze(Source("seed.txt", seed_text)), sentences=())
    assert Analysis.from_record(analysis.to_record()) == analysis


def test_metadata_of_a_record_round_trips():
    record = _analysis().to_record()
    record = {**record, "metadata": {"title": "Tin", "date": "2024-06-04"}}
    back = Analysis.from_record(record)
    assert dict(back.metadata) == {"title": "Tin", "date": "2024-06-04"}
    assert back.to_record() == record
