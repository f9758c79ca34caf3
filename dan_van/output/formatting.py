"""Numbers, money, figures and places written the Vietnamese way, for reports and charts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..models import Figure, Level, Place
from .labels import Labels

LEVELS: tuple[Level | None, ...] = (*Level, None)
CURRENCIES = ("đồng", "usd", "eur")
Scales = Sequence[tuple[Decimal, str]]


def vi_number(value: Decimal) -> str:
    """`1234567.5` -> `1.234.567,5`, the Vietnamese way."""
    whole, _, frac = f"{value.normalize():f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def scaled(value: Decimal, scales: Scales, rounded: bool = False) -> tuple[str, str | None]:
    """The number and its scale word: `5000000000` -> (`5`, `tỷ`), `1700000` -> (`1,7`, `triệu`). A number that
    the scale word would round (`1234567`) stays whole, unless `rounded` (money): then two decimals of the
    largest scale (`17301400000` -> `17,3 tỷ`)."""
    for size, word in scales:
        if abs(value) >= size:
            part = value / size
            if part == part.quantize(Decimal("0.001")):
                return vi_number(part), word
            if rounded:
                return vi_number(part.quantize(Decimal("0.01"))), word
    return vi_number(value), None


def currency(unit: str) -> str:
    """How a currency unit is written after an amount: `đồng`, `USD`."""
    return unit if unit == "đồng" else unit.upper()


def vi_money(value: Decimal, scales: Scales, unit: str = "đồng") -> str:
    """`5000000000` -> `5 tỷ đồng`; `1700000` -> `1,7 triệu đồng`."""
    return _with_unit(value, None, scales, currency(unit), rounded=True)


def _with_unit(value: Decimal, value_max: Decimal | None, scales: Scales, unit: str, rounded: bool = False) -> str:
    """`5 tỷ đồng`, `2–5 triệu đồng`, `500.000 đồng – 2 triệu đồng`, `3–5 người`."""
    low, word = scaled(value, scales, rounded)
    if value_max is None:
        return " ".join(p for p in (low, word, unit) if p)
    high, word_max = scaled(value_max, scales, rounded)
    if word == word_max:
        return " ".join(p for p in (f"{low}–{high}", word, unit) if p)
    return f"{' '.join(p for p in (low, word, unit) if p)} – {' '.join(p for p in (high, word_max, unit) if p)}"


def amount(value: Decimal, unit: str, scales: Scales, value_max: Decimal | None = None, per: str | None = None) -> str:
    """A value with its unit, range and rate: `5 tỷ đồng`, `0,2–0,7%`, `6–7,1%/năm`, `170.000 đồng/phần`."""
    if unit == "%":
        text = vi_number(value) + ("" if value_max is None else f"–{vi_number(value_max)}") + "%"
    else:
        money = unit in CURRENCIES
        text = _with_unit(value, value_max, scales, currency(unit) if money else unit, rounded=money)
    return f"{text}/{per}" if per else text


def figure_value(f: Figure, scales: Scales) -> str:
    """A figure as the report shows it: its amount with the qualifier as written (`gần 40 tỷ đồng`,
    `1.000 người trở lên`)."""
    text = amount(f.value, f.unit, scales, f.value_max, f.per)
    if not f.qualifier:
        return ("~" + text) if f.approx else text
    qualifier = f.qualifier.lower()  # `Hơn` opening a sentence is `hơn` in a table
    if f.text.lower().endswith(qualifier):
        return f"{text} {qualifier}"
    return f"{qualifier} {text}"


def place_name(place: Place | None, labels: Labels) -> str:
    """Where a figure belongs: `Quảng Nam`, `huyện Bình Giang, Hải Dương (nay Hải Phòng)`; empty when unknown."""
    if place is None:
        return ""
    name = place.province or place.written
    if place.province and place.written and place.level not in (None, Level.PROVINCE):
        name = place.written if place.province in place.written else f"{place.written}, {place.province}"
    if place.province_today and place.province_today != place.province:
        return labels("place_today", place=name, today=place.province_today)
    return name
