"""Frozen data types passed between the stages of the pipeline (their value sets, `Kind`, `Level` and
`EntityType`, come from `kinds` and are importable from here).

Every span carries `start` and `end`: character offsets into `Source.text`, the input as decoded and
before cleaning, so that `source.text[x.start:x.end] == x.text` holds for every span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .kinds import EntityType, Kind, Level, decimal, number


@dataclass(frozen=True, slots=True)
class Source:
    """One input document: its name as given, its decoded text and the encoding it was read with."""

    name: str
    text: str
    encoding: str = "utf-8"
    metadata: tuple[tuple[str, Any], ...] = ()  # title, date, url ...: from the record or the `#` header lines


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
    at: int = 0  # where the word starts in the sentence's cleaned text
    until: int = 0  # where it ends there (the tagger's `form` may be longer: `48.676hội` -> `48.676 hội`)


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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        """The mention from its JSON object."""
        return cls(
            d["text"],
            EntityType(d["type"]),
            d["start"],
            d["end"],
            d.get("canonical") or d["text"],
            d.get("sentence", 0),
            d.get("title"),
            bool(d.get("firm", True)),
            None if d.get("admin_level") is None else Level(d["admin_level"]),
            d.get("province_today"),
        )


@dataclass(frozen=True, slots=True)
class Place:
    """Where meetings were held or a gift received: the unit as written, its level, and its province as the
    article's time knew it and as it is today (after the 2025 reorganisation)."""

    written: str
    level: Level | None = None
    province: str | None = None
    province_today: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The place as a JSON object."""
        return {
            "written": self.written,
            "level": None if self.level is None else str(self.level),
            "province": self.province,
            "province_today": self.province_today,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Place | None:
        """The place from its JSON object; None stays None."""
        if d is None:
            return None
        level = d.get("level")
        return cls(d["written"], None if level is None else Level(level), d.get("province"), d.get("province_today"))


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
    per: str | None = None  # for a rate, what it is per (`4,5%/năm` -> `năm`, `40 triệu đồng mỗi căn` -> `căn`)
    place: Place | None = None  # conferences: where they were held
    total: bool = False  # conferences: the sum of the conference figures listed after it (its breakdown)

    def to_dict(self) -> dict[str, Any]:
        """The figure as the spec's JSON object."""
        d: dict[str, Any] = {
            "value": number(self.value),
            "unit": self.unit,
            "kind": str(self.kind),
            "per": self.per,
            "approx": self.approx,
            "qualifier": self.qualifier,
        }
        if self.value_max is not None:
            d["value_max"] = number(self.value_max)
        if self.kind is Kind.CONFERENCE:
            d["level"] = None if self.level is None else str(self.level)
            d["year"] = self.year
            d["place"] = None if self.place is None else self.place.to_dict()
            d["total"] = self.total
        d.update(text=self.text, start=self.start, end=self.end, sentence=self.sentence)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        """The figure from its JSON object."""
        level = d.get("level")
        return cls(
            decimal(d["value"]),
            d["unit"],
            Kind(d["kind"]),
            bool(d.get("approx", False)),
            d.get("qualifier"),
            d["text"],
            d["start"],
            d["end"],
            d.get("sentence", 0),
            value_max=decimal(d.get("value_max")),
            level=None if level is None else Level(level),
            year=d.get("year"),
            per=d.get("per"),
            place=Place.from_dict(d.get("place")),
            total=bool(d.get("total", False)),
        )


@dataclass(frozen=True, slots=True)
class Donation:
    """Something given or received: donor, recipient, the amounts and their value in đồng."""

    donor: str | None
    recipient: str | None
    value_vnd: Decimal | None
    amounts: tuple[Figure, ...]
    sentence: int
    text: str  # the donation's own words: its list item or clause
    start: int
    end: int
    verb: str
    year: int | None = None
    date: str | None = None  # ISO 8601: `2021-06-04`, or `--06-04` where the year is not written
    place: Place | None = None  # where the gift was received

    def to_dict(self) -> dict[str, Any]:
        """The donation as the spec's JSON object."""
        return {
            "donor": self.donor,
            "recipient": self.recipient,
            "value_vnd": number(self.value_vnd),
            "amounts": [
                {
                    "value": number(a.value),
                    "unit": a.unit,
                    "kind": str(a.kind),
                    "per": a.per,
                    "text": a.text,
                    "start": a.start,
                    "end": a.end,
                }
                for a in self.amounts
            ],
            "verb": self.verb,
            "year": self.year,
            "date": self.date,
            "place": None if self.place is None else self.place.to_dict(),
            "sentence": self.sentence,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], figures: Sequence[Figure] = ()) -> Donation:
        """The donation from its JSON object; each amount is the figure of `figures` it was written from."""
        return cls(
            d.get("donor"),
            d.get("recipient"),
            decimal(d.get("value_vnd")),
            tuple(_amount(a, d, figures) for a in d.get("amounts", ())),
            d.get("sentence", 0),
            d.get("text", ""),
            d["start"],
            d["end"],
            d.get("verb", ""),
            year=d.get("year"),
            date=d.get("date"),
            place=Place.from_dict(d.get("place")),
        )


def _amount(a: dict[str, Any], donation: dict[str, Any], figures: Sequence[Figure]) -> Figure:
    """An amount of a donation record: the figure at its offsets, or (records written before amounts had
    offsets) the figure of the same text and value inside the donation, else one built from the amount alone."""
    value = decimal(a["value"])
    for f in figures:
        if "start" in a:
            if (f.start, f.end) == (a["start"], a["end"]):
                return f
        elif donation["start"] <= f.start and f.end <= donation["end"] and (f.text, f.value) == (a["text"], value):
            return f
    start = a.get("start", donation["start"])
    end = a.get("end", start + len(a["text"]))
    return Figure(
        value,
        a["unit"],
        Kind(a["kind"]),
        False,
        None,
        a["text"],
        start,
        end,
        donation.get("sentence", 0),
        per=a.get("per"),
    )


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
    metadata: tuple[tuple[str, Any], ...] = ()

    def to_record(self, sentences: bool = False) -> dict[str, Any]:
        """Everything as the JSON object `danvan analyze` writes; `sentences=True` adds the tagged sentences."""
        d: dict[str, Any] = {
            "source": self.source,
            "encoding": self.encoding,
            **({"metadata": dict(self.metadata)} if self.metadata else {}),
            "sentences": [s.to_dict() for s in self.sentences] if sentences else self.sentence_count,
            "words": self.words,
            "figures": [f.to_dict() for f in self.figures],
            "donations": [x.to_dict() for x in self.donations],
            "entities": [e.to_dict() for e in self.entities],
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Analysis:
        """The analysis from the JSON object `to_record()` (and `danvan analyze -f jsonl`) writes. Sentences
        written with `sentences=True` come back with their text and span, not their words."""
        sentences = d.get("sentences", 0)
        kept: tuple[Sentence, ...] = ()
        if isinstance(sentences, list):
            kept = tuple(
                Sentence(i, s["text"], s["text"], s["start"], s["end"], (), s.get("caption", False))
                for i, s in enumerate(sentences)
            )
        figures = tuple(Figure.from_dict(f) for f in d.get("figures", ()))
        return cls(
            d["source"],
            d.get("encoding", "utf-8"),
            kept,
            figures,
            tuple(Donation.from_dict(x, figures) for x in d.get("donations", ())),
            tuple(Entity.from_dict(e) for e in d.get("entities", ())),
            tuple(d.get("warnings", ())),
            words=d.get("words", 0),
            sentence_count=len(sentences) if isinstance(sentences, list) else sentences,
            metadata=tuple((d.get("metadata") or {}).items()),
        )
