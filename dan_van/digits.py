"""Digits as Vietnamese news writes them -> Decimal: `50.000`, `12,5`, `1.5`, `1,234,567`, `50 000`.

`DIGITS` is the pattern of one digit run with its separators, `digit_value` its value (None when it is
malformed, as `1.2.3`), `joins` whether the gap between two parts of a numeral still joins them.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Vietnamese digit groups: "." groups thousands, "," marks decimals.
_VI_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
# Groups of three digits after a space, a no-break space (U+00A0), a narrow one (U+202F) or a thin one
# (U+2009): `50 000`, `1 250 000,5`. Only where no other reading fits: the first group has 1-3 digits
# and no leading zero, every later group exactly 3, and no digit follows the last one, even past a space
# (`năm 2020 100 người`, `1 2345`, `50 000 12` stay apart). `numbers` splits them after a label word.
_SPACE = "[ \u00a0\u202f\u2009]"
_SPACE_GROUPED_DIGITS = rf"[1-9][0-9]{{0,2}}(?:{_SPACE}[0-9]{{3}})+(?![0-9]|{_SPACE}[0-9])(?:,[0-9]+)?"
_SPACE_GROUPED = re.compile(_SPACE_GROUPED_DIGITS)
SPACES = re.compile(_SPACE)
# Invisible characters that join two parts of a numeral as a space would (`5\u200b tỷ`).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), " ")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DECIMAL_DOT = re.compile(r"\d+\.\d{1,2}")  # English decimal point, common in news (1.5L)
_COMMA_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3}){2,}")  # 1,234,567: several groups, unambiguous
_SINGLE_DOT = re.compile(r"\d+\.\d+")
DIGITS = rf"(?:{_SPACE_GROUPED_DIGITS}|[0-9]+(?:[.,][0-9]+)*)"


def digit_value(raw: str) -> Decimal | None:
    """Value of a digit run with Vietnamese separators, or None when it is malformed (1.2.3)."""
    if raw.isdigit():
        return Decimal(raw)
    if _VI_GROUPED.fullmatch(raw):
        return Decimal(raw.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.fullmatch(raw):
        return Decimal(raw.replace(",", "."))
    if _DECIMAL_DOT.fullmatch(raw):
        return Decimal(raw)
    if _COMMA_GROUPED.fullmatch(raw):
        return Decimal(raw.replace(",", ""))
    if _SINGLE_DOT.fullmatch(raw) and raw[0] == "0":
        return Decimal(raw)  # 0.500 cannot group thousands
    if _SPACE_GROUPED.fullmatch(raw):
        return Decimal(SPACES.sub("", raw).replace(",", "."))
    return None


def joins(gap: str) -> bool:
    """Whether a gap with zero-width characters in it is, those aside, spaces within one line."""
    spaced = gap.translate(_ZERO_WIDTH)
    return spaced != gap and spaced.isspace() and "\n" not in spaced
