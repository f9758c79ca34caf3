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
    article gives it, in the order of first mention. A figure with no year is the same as the one dated
    figure that is otherwise alike (a headline repeats the body). The figure shown is a `total` where one is."""
    groups: dict[tuple, dict[int | None, list[Figure]]] = {}
    for f in figures:
        qualifier = f.qualifier.lower() if f.qualifier else None
        key = (f.kind, f.value, f.value_max, f.unit, f.per, qualifier, f.approx, f.level, f.place)
        groups.setdefault(key, {}).setdefault(f.year, []).append(f)
    out: list[tuple[int, Figure, int]] = []
    for by_year in groups.values():
        dated = [year for year in by_year if year is not None]
        if None in by_year and len(dated) == 1:
            by_year[dated[0]] = by_year.pop(None) + by_year[dated[0]]
        for same in by_year.values():
            shown = next((f for f in same if f.total), None) or next((f for f in same if f.year is not None), same[0])
            out.append((min(f.start for f in same), shown, len(same)))
    return [(f, n) for _, f, n in sorted(out, key=lambda row: row[0])]


def summed(found: Iterable[tuple[Figure, int]]) -> Decimal:
    """How many meetings distinct conference figures count, a total's parts counted and the total not."""
    return sum((f.value for f, _ in found if not f.total), Decimal(0))


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
        # A figure repeated in one article (headline and body) counts once; a total through its parts.
        for f, _ in counted(f for f in item.figures if f.kind is Kind.CONFERENCE):
            if f.total:
                continue  # its parts are counted
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
