"""A small corpus for the report's tests: the seed's analysis (stored as `danvan analyze -f jsonl` wrote it),
two articles written for these tests with places, ranges, rates and repeated figures, and one failure."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from dan_van.inputs.sources import Failure
from dan_van.models import Analysis, Donation, Entity, EntityType, Figure, Kind, Level, Place, Sentence

HERE = Path(__file__).parent
SEED_RECORDS = HERE / "seed.jsonl"

QUANG_NAM = (
    "Năm 2023, UBND tỉnh Quảng Nam tổ chức 3 hội nghị đối thoại, huyện Duy Xuyên tổ chức 12 buổi đối thoại. "
    "Năm 2024, các xã tổ chức 45 hội nghị. Tỉnh tổ chức 3 hội nghị đối thoại với nông dân.\n"
    "Công ty Ánh Dương trao 2 tỷ đồng và 500 suất quà cho Quỹ Vì người nghèo tỉnh Quảng Nam. "
    "Ngân hàng Bình Minh ủng hộ 300 triệu đồng cho Quỹ phòng, chống dịch Covid-19.\n"
    "Lãi suất cho vay 6-7,1%/năm, tăng 0,2-0,7%; gói vay 4,5%/năm; mỗi phần quà 170.000 đồng/phần. "
    "Có 1.000 người, 1.000 người, 1.000 người, 250 người, 120 người, 80 người và 15 người tham gia; "
    "gần 40 tỷ đồng được giải ngân cho 320 hộ trong 3 tháng.\n"
)
HA_NOI = (
    "Năm 2024, HĐND TP Hà Nội tổ chức 2 hội nghị tiếp xúc cử tri. "
    "Tập đoàn Sông Hồng ủng hộ 500 triệu đồng cho Quỹ Vì người nghèo TP Hà Nội năm 2024.\n"
)
PROVINCE_QN = Place("tỉnh Quảng Nam", Level.PROVINCE, "Quảng Nam", "Đà Nẵng")
DISTRICT_QN = Place("huyện Duy Xuyên", Level.DISTRICT, "Quảng Nam", "Đà Nẵng")
HANOI = Place("TP Hà Nội", Level.PROVINCE, "Hà Nội", "Hà Nội")


class _Writer:
    """Figures, donations and entities of one text, each found at the n-th place its words are written."""

    def __init__(self, text: str):
        self.text = text
        self.seen: dict[str, int] = {}

    def span(self, words: str) -> tuple[int, int]:
        start = -1
        for _ in range(self.seen.get(words, 0) + 1):
            start = self.text.index(words, start + 1)
        self.seen[words] = self.seen.get(words, 0) + 1
        return start, start + len(words)

    def sentence(self, start: int) -> int:
        return self.text.count(". ", 0, start) + self.text.count("\n", 0, start)

    def figure(self, words: str, value, unit: str, kind: Kind, **extra) -> Figure:
        start, end = self.span(words)
        value_max = extra.pop("value_max", None)
        return Figure(
            Decimal(value),
            unit,
            kind,
            extra.pop("approx", False),
            extra.pop("qualifier", None),
            words,
            start,
            end,
            self.sentence(start),
            value_max=None if value_max is None else Decimal(value_max),
            **extra,
        )

    def entity(self, words: str, type_: EntityType) -> Entity:
        start, end = self.span(words)
        return Entity(words, type_, start, end, words, self.sentence(start))

    def sentences(self) -> tuple[Sentence, ...]:
        out, start = [], 0
        for i, piece in enumerate(self.text.replace(". ", ".\n").splitlines(keepends=True)):
            text = piece.rstrip()
            if text:
                out.append(Sentence(i, text, text, start, start + len(text), ()))
            start += len(piece)
        return tuple(out)


def quang_nam() -> Analysis:
    """An article of conferences at three levels and two years, two donations, ranges, rates, repeats."""
    w = _Writer(QUANG_NAM)
    c = Kind.CONFERENCE
    figures = [
        w.figure("3 hội nghị", 3, "hội nghị", c, level=Level.PROVINCE, year=2023, place=PROVINCE_QN),
        w.figure("12 buổi đối thoại", 12, "buổi", c, level=Level.DISTRICT, year=2023, place=DISTRICT_QN),
        w.figure("45 hội nghị", 45, "hội nghị", c, level=Level.COMMUNE, year=2024),
        w.figure("3 hội nghị", 3, "hội nghị", c, level=Level.PROVINCE, year=2023, place=PROVINCE_QN),
        w.figure("2 tỷ đồng", 2_000_000_000, "đồng", Kind.MONEY),
        w.figure("500 suất", 500, "suất", Kind.COUNT),
        w.figure("300 triệu đồng", 300_000_000, "đồng", Kind.MONEY),
        w.figure("6-7,1%/năm", "6", "%", Kind.PERCENT, value_max="7.1", per="năm"),
        w.figure("0,2-0,7%", "0.2", "%", Kind.PERCENT, value_max="0.7"),
        w.figure("4,5%/năm", "4.5", "%", Kind.PERCENT, per="năm"),
        w.figure("170.000 đồng/phần", 170_000, "đồng", Kind.MONEY, per="phần"),
        *(w.figure("1.000 người", 1000, "người", Kind.PEOPLE) for _ in range(3)),
        *(w.figure(f"{n} người", n, "người", Kind.PEOPLE) for n in (250, 120, 80, 15)),
        w.figure("gần 40 tỷ đồng", 40_000_000_000, "đồng", Kind.MONEY, approx=True, qualifier="gần"),
        w.figure("320 hộ", 320, "hộ", Kind.HOUSEHOLDS),
        w.figure("3 tháng", 3, "tháng", Kind.DURATION),
    ]
    gift, goods, covid = figures[4], figures[5], figures[6]
    first = QUANG_NAM.index("Công ty Ánh Dương")
    second = QUANG_NAM.index("Ngân hàng Bình Minh")
    donations = [
        Donation(
            "Công ty Ánh Dương",
            "Quỹ Vì người nghèo tỉnh Quảng Nam",
            gift.value,
            (gift, goods),
            w.sentence(first),
            QUANG_NAM[first : second - 1],
            first,
            second - 1,
            "trao",
            year=2023,
            place=PROVINCE_QN,
        ),
        Donation(
            "Ngân hàng Bình Minh",
            "Quỹ phòng, chống dịch Covid-19",
            covid.value,
            (covid,),
            w.sentence(second),
            QUANG_NAM[second : QUANG_NAM.index("\n", second)],
            second,
            QUANG_NAM.index("\n", second),
            "ủng hộ",
        ),
    ]
    entities = [
        w.entity("UBND tỉnh Quảng Nam", EntityType.ORG),
        w.entity("Duy Xuyên", EntityType.LOC),
        w.entity("Công ty Ánh Dương", EntityType.ORG),
        w.entity("Quỹ Vì người nghèo tỉnh Quảng Nam", EntityType.ORG),
        w.entity("Quảng Nam", EntityType.LOC),
        w.entity("Quỹ phòng, chống dịch Covid-19", EntityType.ORG),
        w.entity("Covid-19", EntityType.MISC),
    ]
    return Analysis(
        "tin/quang-nam.txt",
        "utf-8",
        w.sentences(),
        tuple(figures),
        tuple(donations),
        tuple(entities),
        words=120,
        sentence_count=8,
    )


def ha_noi() -> Analysis:
    """A short article: one conference and one donation, in Hà Nội in 2024."""
    w = _Writer(HA_NOI)
    meeting = w.figure("2 hội nghị", 2, "hội nghị", Kind.CONFERENCE, level=Level.PROVINCE, year=2024, place=HANOI)
    money = w.figure("500 triệu đồng", 500_000_000, "đồng", Kind.MONEY)
    start = HA_NOI.index("Tập đoàn")
    donation = Donation(
        "Tập đoàn Sông Hồng",
        "Quỹ Vì người nghèo TP Hà Nội",
        money.value,
        (money,),
        1,
        HA_NOI[start:-1],
        start,
        len(HA_NOI) - 1,
        "ủng hộ",
        year=2024,
        place=HANOI,
    )
    entities = (
        w.entity("HĐND TP Hà Nội", EntityType.ORG),
        w.entity("Tập đoàn Sông Hồng", EntityType.ORG),
        w.entity("Quỹ Vì người nghèo TP Hà Nội", EntityType.ORG),
        w.entity("Hà Nội", EntityType.LOC),
    )
    return Analysis(
        "tin/ha-noi.txt", "utf-8", w.sentences(), (meeting, money), (donation,), entities, words=40, sentence_count=2
    )


def seed_analysis() -> Analysis:
    return Analysis.from_record(json.loads(SEED_RECORDS.read_text(encoding="utf-8")))


@pytest.fixture
def seed() -> Analysis:
    return seed_analysis()


@pytest.fixture
def corpus() -> list:
    """The seed, the two written articles and a failure, in that order."""
    return [
        seed_analysis(),
        quang_nam(),
        ha_noi(),
        Failure("tin/hong.txt", "tin/hong.txt: no such file; check the path"),
    ]
