"""Numbers, money and levels written the Vietnamese way, for reports."""

from __future__ import annotations

from decimal import Decimal

from ..models import Level

LEVELS: tuple[Level | None, ...] = (*Level, None)
LEVEL_NAMES: dict[Level | None, str] = {
    Level.CENTRAL: "trung ương",
    Level.PROVINCE: "tỉnh/thành phố",
    Level.DISTRICT: "quận/huyện",
    Level.COMMUNE: "xã/phường",
    None: "không rõ cấp",
}


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


def vi_money(value: Decimal, unit: str = "đồng") -> str:
    """`5000000000` -> `5 tỷ đồng`; `1700000` -> `1,7 triệu đồng`."""
    name = "đồng" if unit == "đồng" else unit.upper()
    for size, word in ((Decimal(10**9), "tỷ"), (Decimal(10**6), "triệu")):
        if abs(value) >= size:
            return f"{vi_number((value / size).quantize(Decimal('0.01')).normalize())} {word} {name}"
    return f"{vi_number(value)} {name}"
