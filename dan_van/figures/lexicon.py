"""The words of the key-figure extractors, folded for look-up once per Rules object."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..language.rules import Rules
from ..models import Kind, Level
from ..numbers import Lexicon as Numbers
from ..numbers import lexicon as numbers_lexicon


def fold(word: str) -> str:
    """A word as the figure rules compare it: lower case, syllables joined by spaces."""
    return word.lower().replace("_", " ")


def _set(words: Sequence[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _longest_first(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({fold(w) for w in words}, key=len, reverse=True))


# Word lists read as sets of folded words; the others as longest-first tuples (matched as prefixes).
_SETS = (
    "percent",
    "people",
    "households",
    "meetings",
    "meeting_counters",
    "not_meetings",
    "reception_verbs",
    "labels",
    "not_labels",
    "unit_heads",
    "unit_compounds",
    "titled_units",
    "classifiers",
    "not_units",
    "one_counts",
    "money_cues",
    "recipient_markers",
    "donor_markers",
    "subject_skip",
    "not_goods",
    "gift_units",
    "ambiguous_numbers",
    "article_numbers",
    "verb_nominalisers",
    "not_giving_after",
    "early_recipient_markers",
    "demonstratives",
    "name_prefixes",
    "money_nouns",
    "per_words",
    "name_joiners",
    "phrase_stops",
    "event_frames",
    "visit_words",
    "partner_markers",
    "agent_markers",
    "origin_markers",
    "person_heads",
    "source_words",
    "list_openers",
    "call_words",
    "value_openers",
    "level_list_markers",
    "count_heads",
    "copulas",
    "body_heads",
    "task_words",
    "stop_words",
)
_LONGEST_FIRST = ("qualifiers", "qualifiers_after", "not_donation", "held_words", "not_parties")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists of the rules, folded for look-up."""

    numbers: Numbers
    currency: dict[str, str]
    measure: dict[str, Kind]
    levels: tuple[tuple[str, Level], ...]
    standalone_levels: tuple[tuple[str, Level], ...]
    level_marker: re.Pattern[str]
    level_list: re.Pattern[str]
    level_stop: re.Pattern[str]
    breakdown_cue: re.Pattern[str]  # the list openers, a colon or a bracket: a breakdown follows
    aggregate: re.Pattern[str]
    year: re.Pattern[str]
    give: frozenset[str]
    receive: frozenset[str]
    collect: frozenset[str]
    weak_verbs: frozenset[str]
    verb_heads: frozenset[str]  # leading words of the giving and receiving verbs, to skip other words at once
    source_heads: frozenset[str]  # first words of the source phrases (`nguồn tài trợ`)
    percent: frozenset[str]
    people: frozenset[str]
    households: frozenset[str]
    meetings: frozenset[str]
    meeting_counters: frozenset[str]
    not_meetings: frozenset[str]
    reception_verbs: frozenset[str]
    labels: frozenset[str]
    not_units: frozenset[str]
    not_labels: frozenset[str]
    unit_heads: frozenset[str]
    unit_compounds: frozenset[str]
    titled_units: frozenset[str]
    classifiers: frozenset[str]
    one_counts: frozenset[str]
    money_cues: frozenset[str]
    recipient_markers: frozenset[str]
    donor_markers: frozenset[str]
    subject_skip: frozenset[str]
    not_goods: frozenset[str]
    gift_units: frozenset[str]
    ambiguous_numbers: frozenset[str]
    article_numbers: frozenset[str]
    verb_nominalisers: frozenset[str]
    not_giving_after: frozenset[str]
    early_recipient_markers: frozenset[str]
    demonstratives: frozenset[str]
    money_nouns: frozenset[str]
    per_words: frozenset[str]
    name_joiners: frozenset[str]
    phrase_stops: frozenset[str]
    event_frames: frozenset[str]
    visit_words: frozenset[str]
    partner_markers: frozenset[str]
    agent_markers: frozenset[str]
    origin_markers: frozenset[str]
    person_heads: frozenset[str]
    source_words: frozenset[str]
    list_openers: frozenset[str]
    call_words: frozenset[str]
    value_openers: frozenset[str]
    count_heads: frozenset[str]
    copulas: frozenset[str]
    body_heads: frozenset[str]
    task_words: frozenset[str]  # from the gazetteer: `phòng, chống` inside a fund's name
    stop_words: frozenset[str]  # from the gazetteer: time words and connectives that end a name
    level_list_markers: frozenset[str]
    name_prefixes: frozenset[str]
    qualifiers: tuple[str, ...]
    qualifiers_after: tuple[str, ...]
    not_donation: tuple[str, ...]
    held_words: tuple[str, ...]
    not_parties: tuple[str, ...]


def _levels(rules: Rules, key: str) -> tuple[tuple[str, Level], ...]:
    pairs = [(fold(w), Level(level)) for level, words in rules.mapping(key).items() for w in words]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in _longest_first(words))


def _aggregate(rules: Rules) -> re.Pattern[str]:
    """`toàn huyện`: a total across levels (not `toàn quốc`, which is the central level)."""
    below = [w for level, ws in rules.mapping("levels").items() if level != Level.CENTRAL for w in ws]
    prefixes = _alternatives(rules.words("aggregate_prefixes"))
    return re.compile(rf"(?<!\w)(?:{prefixes})\s+(?:{_alternatives(below)})(?!\w)", re.I)


@lru_cache(maxsize=8)
def lexicon(rules: Rules) -> Lexicon:
    """The folded word lists of `rules`, built once per rules object."""
    verbs = rules.mapping("donation_verbs")
    years = "|".join(
        f"[{re.escape(w[0].upper())}{re.escape(w[0].lower())}]{re.escape(w[1:])}" for w in rules.words("year_words")
    )
    return Lexicon(
        numbers=numbers_lexicon(rules),
        currency={fold(w): name for name, ws in rules.mapping("currencies").items() for w in ws},
        measure={fold(w): Kind(kind) for kind, ws in rules.mapping("measures").items() for w in ws},
        levels=_levels(rules, "levels"),
        standalone_levels=_levels(rules, "standalone_levels"),
        level_marker=re.compile(rf"(?<!\w)(?:{_alternatives(rules.words('level_markers'))})\s+"),
        level_stop=re.compile(rf"(?<!\w)(?:{_alternatives(rules.words('level_stops'))})(?!\w)", re.I),
        breakdown_cue=re.compile(rf"[:(]|(?<!\w)(?:{_alternatives(rules.words('list_openers'))})(?!\w)", re.I),
        aggregate=_aggregate(rules),
        level_list=re.compile(rf"(?:,|(?<!\w)và)\s*(?=(?i:{_alternatives(rules.words('level_list_markers'))})\b)"),
        year=re.compile(rf"(?:\b(?:{years})\s+|/)((?:19|20)\d\d)\b"),
        give=_set(verbs.get("give", ())),
        receive=_set(verbs.get("receive", ())),
        collect=_set(verbs.get("collect", ())),
        weak_verbs=_set(verbs.get("weak", ())),
        verb_heads=frozenset(
            " ".join(words[:k])
            for v in [*verbs.get("give", ()), *verbs.get("receive", ()), *verbs.get("collect", ())]
            for words in [fold(v).split(" ")]
            for k in range(1, len(words) + 1)
        ),
        source_heads=frozenset(fold(w).split(" ")[0] for w in rules.words("source_words")),
        **{key: _set(rules.words(key)) for key in _SETS},
        **{key: _longest_first(rules.words(key)) for key in _LONGEST_FIRST},
    )
