"""Totals over a corpus, gathered one analysis at a time from any iterable of analyses (files analysed now,
JSON Lines read back, a results store): conferences by level, year and place; donations by year, donor and
recipient; entities by type; failures, warnings and time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..inputs.sources import Failure
from ..models import Analysis, EntityType, Figure, Kind, Level, Place

MIN_MENTIONS = 2  # an entity named once in a whole corpus is mostly noise
PlaceKey = tuple[str, str | None]  # (province as written at the time, province today)


def counted(figures: Iterable[Figure]) -> list[tuple[Figure, int]]:
    """Each distinct figure (the same value, unit, qualifier, level, year and place) once, with how often the
    article gives it, in the order of first mention."""
    counts: Counter = Counter()
    first: dict = {}
    for f in figures:
        qualifier = f.qualifier.lower() if f.qualifier else None
        key = (f.kind, f.value, f.value_max, f.unit, f.per, qualifier, f.approx, f.level, f.year, f.place)
        counts[key] += 1
        first.setdefault(key, f)
    return [(f, counts[key]) for key, f in first.items()]


def place_key(place: Place | None) -> PlaceKey | None:
    """The province a place is counted under, with its province today; None when unknown."""
    if place is None:
        return None
    return (place.province or place.written, place.province_today)


@dataclass
class Tally:
    """How many, and how much in đồng."""

    count: int = 0
    vnd: Decimal = Decimal(0)

    def add(self, vnd: Decimal | None) -> None:
        self.count += 1
        self.vnd += vnd or 0


@dataclass
class Corpus:
    """The running totals; `add` one analysis (or failure) at a time."""

    articles: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: int = 0
    figures: int = 0
    seconds: float = 0.0
    conferences: Counter = field(default_factory=Counter)  # (year, level) -> meetings
    conference_places: Counter = field(default_factory=Counter)  # PlaceKey -> meetings
    donations: Tally = field(default_factory=Tally)
    donations_by_year: dict[int | None, Tally] = field(default_factory=dict)
    donors: dict[str, Tally] = field(default_factory=dict)
    recipients: dict[str, Tally] = field(default_factory=dict)
    mentions: Counter = field(default_factory=Counter)  # (canonical, type) -> mentions

    def add(self, item: Analysis | Failure) -> None:
        """Count one input."""
        if isinstance(item, Failure):
            self.failures.append(item)
            return
        self.articles += 1
        self.warnings += len(item.warnings)
        self.figures += len(item.figures)
        # A figure repeated in one article (headline and body) counts once.
        for f, _ in counted(f for f in item.figures if f.kind is Kind.CONFERENCE):
            self.conferences[(f.year, f.level)] += f.value
            key = place_key(f.place)
            if key:
                self.conference_places[key] += f.value
        for d in item.donations:
            self.donations.add(d.value_vnd)
            self.donations_by_year.setdefault(d.year, Tally()).add(d.value_vnd)
            for name, table in ((d.donor, self.donors), (d.recipient, self.recipients)):
                if name:
                    table.setdefault(name, Tally()).add(d.value_vnd)
        self.mentions.update((e.canonical, e.type) for e in item.entities)

    def years(self) -> list[int | None]:
        """The years conferences were held in, in order; None (year unknown) last."""
        years = {year for year, _ in self.conferences}
        return sorted(y for y in years if y is not None) + ([None] if None in years else [])

    def levels(self) -> list[Level | None]:
        """The levels conferences were held at, in the order of `Level`; None last."""
        found = {level for _, level in self.conferences}
        return [level for level in (*Level, None) if level in found]

    def top_entities(self, kind: EntityType) -> list[tuple[str, int]]:
        """Names of one type mentioned at least `MIN_MENTIONS` times, single letters left out, most first."""
        found = [
            (name, n)
            for (name, type_), n in self.mentions.items()
            if type_ is kind and n >= MIN_MENTIONS and sum(ch.isalpha() for ch in name) > 1
        ]
        return sorted(found, key=lambda kv: (-kv[1], kv[0]))


def gather(items: Iterable[Analysis | Failure]) -> Corpus:
    """The totals of every item."""
    corpus = Corpus()
    for item in items:
        corpus.add(item)
    return corpus


def ranked(table: dict[str, Tally]) -> list[tuple[str, Tally]]:
    """Donors or recipients, the largest value first, then the most gifts."""
    return sorted(table.items(), key=lambda kv: (-kv[1].vnd, -kv[1].count, kv[0]))
