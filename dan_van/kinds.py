"""The closed sets of values the data types use (what a quantity counts, administrative levels, entity types),
and numbers between Decimal and JSON."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    """What a quantity counts or measures (spec section 3)."""

    MONEY = "money"
    PERCENT = "percent"
    CONFERENCE = "conference"
    PEOPLE = "people"
    HOUSEHOLDS = "households"
    AREA = "area"
    LENGTH = "length"
    WEIGHT = "weight"
    DURATION = "duration"
    COUNT = "count"


class Level(StrEnum):
    """The administrative level at which meetings are held."""

    CENTRAL = "central"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class EntityType(StrEnum):
    """The types of named entities."""

    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"
    MISC = "MISC"


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a plain JSON number."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def decimal(value: int | float | str | None) -> Decimal | None:
    """A JSON number back as a Decimal (`0.2` -> `Decimal('0.2')`, not the float's binary expansion)."""
    return None if value is None else Decimal(str(value))
