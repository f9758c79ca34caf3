"""Frozen data types passed between the stages of the pipeline.

Every span carries `start` and `end`: character offsets into `Source.text`, the input as decoded and
before cleaning, so that `source.text[x.start:x.end] == x.text` holds for every span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


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


@dataclass(frozen=True, slots=True)
class Source:
    """One input document: its name as given, its decoded text and the encoding it was read with."""

    name: str
    text: str
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Token:
    """A word as underthesea segments it, with its tags and its span in the input.

    `text` is the input slice; `form` is the cleaned form the tagger saw (NFC, syllables joined by spaces).
    """

    text: str
    form: str
    start: int
    end: int
    pos: str
    chunk: str
    ner: str
    at: int = 0  # where `form` starts in the sentence's cleaned text


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned text; `caption` marks photo credits such as `Ảnh: ...`."""

    index: int
    text: str
    form: str
    start: int
    end: int
    tokens: tuple[Token, ...]
    caption: bool = False
    offset: int = 0  # where `form` starts in the cleaned document

    def to_dict(self) -> dict[str, Any]:
        """The sentence as a JSON object: its span, words and POS tags."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "caption": self.caption,
            "words": [t.text for t in self.tokens],
            "pos": [t.pos for t in self.tokens],
        }


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity mention: PER, ORG, LOC or MISC, with the canonical name it groups under.

    `firm`: typed by a gazetteer name or a rule, not guessed (from the tagger or the word before it), so that
    agreement over a document or a corpus retypes only guesses. A province, district or commune carries its
    `admin_level` and the province it lies in today (`province_today`, after the 2025 reorganisation); both are
    None for other entities and for a unit whose name fits several provinces.
    """

    text: str
    type: EntityType
    start: int
    end: int
    canonical: str
    sentence: int
    title: str | None = None
    firm: bool = True
    admin_level: Level | None = None
    province_today: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The mention as a JSON object."""
        d: dict[str, Any] = {
            "text": self.text,
            "type": str(self.type),
            "canonical": self.canonical,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }
        if self.title:
            d["title"] = self.title
        d["firm"] = self.firm
        d["admin_level"] = None if self.admin_level is None else str(self.admin_level)
        d["province_today"] = self.province_today
        return d


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity: a number with what it counts, as defined in the key-figure spec."""

    value: Decimal
    unit: str
    kind: Kind
    approx: bool
    qualifier: str | None
    text: str
    start: int
    end: int
    sentence: int
    value_max: Decimal | None = None
    level: Level | None = None
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The figure as the spec's JSON object."""
        d: dict[str, Any] = {
            "value": number(self.value),
            "unit": self.unit,
            "kind": str(self.kind),
            "approx": self.approx,
            "qualifier": self.qualifier,
        }
        if self.value_max is not None:
            d["value_max"] = number(self.value_max)
        if self.kind is Kind.CONFERENCE:
            d["level"] = None if self.level is None else str(self.level)
            d["year"] = self.year
        d.update(text=self.text, start=self.start, end=self.end, sentence=self.sentence)
        return d


@dataclass(frozen=True, slots=True)
class Donation:
    """Something given or received: donor, recipient, the amounts and their value in đồng."""

    donor: str | None
    recipient: str | None
    value_vnd: Decimal | None
    amounts: tuple[Figure, ...]
    sentence: int
    text: str
    start: int
    end: int
    verb: str

    def to_dict(self) -> dict[str, Any]:
        """The donation as the spec's JSON object."""
        return {
            "donor": self.donor,
            "recipient": self.recipient,
            "value_vnd": number(self.value_vnd),
            "amounts": [
                {"value": number(a.value), "unit": a.unit, "kind": str(a.kind), "text": a.text} for a in self.amounts
            ],
            "verb": self.verb,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything danvan found in one document."""

    source: str
    encoding: str
    sentences: tuple[Sentence, ...] = ()
    figures: tuple[Figure, ...] = ()
    donations: tuple[Donation, ...] = ()
    entities: tuple[Entity, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    words: int = 0
    sentence_count: int = 0

    def to_record(self, sentences: bool = False) -> dict[str, Any]:
        """Everything as the JSON object `danvan analyze` writes; `sentences=True` adds the tagged sentences."""
        d: dict[str, Any] = {
            "source": self.source,
            "encoding": self.encoding,
            "sentences": [s.to_dict() for s in self.sentences] if sentences else self.sentence_count,
            "words": self.words,
            "figures": [f.to_dict() for f in self.figures],
            "donations": [x.to_dict() for x in self.donations],
            "entities": [e.to_dict() for e in self.entities],
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d
