"""Frozen data types passed between the stages of the pipeline.

Every span carries `start` and `end`: character offsets into `Source.text`, the input as decoded and
before cleaning, so that `source.text[x.start:x.end] == x.text` holds for every span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


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


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity mention: PER, ORG, LOC or MISC, with the canonical name it groups under."""

    text: str
    type: str
    start: int
    end: int
    canonical: str
    sentence: int
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity: a number with what it counts, as defined in the key-figure spec."""

    value: Decimal
    unit: str
    kind: str
    approx: bool
    qualifier: str | None
    text: str
    start: int
    end: int
    sentence: int
    value_max: Decimal | None = None
    level: str | None = None
    year: int | None = None


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
