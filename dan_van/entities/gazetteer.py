"""The gazetteer: known names by type and canonical form, and the word lists that frame names in text.

Built once per Rules object from the gazetteer keys of the language data. Everything is keyed by
`phrase_key` (tone placement and spaces ignored, case kept), so `Hoà Bình` finds `Hòa Bình` and `TP.HCM`
finds `TP. HCM`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from ..cache import cached, data_digest
from ..language.rules import Rules
from ..language.schema import File, Shape, keys_of
from ..models import EntityType
from ..text.vietnamese import phrase_key

# The gazetteer's word lists, one member per list the schema declares (`Section.ORG_HEADS` is
# "org_heads"): rules name a list through this enum, so a misspelt name fails at import, not silently.
Section = StrEnum(
    "Section", {key.name.upper(): key.name for key in keys_of(File.GAZETTEER) if key.shape is Shape.WORDS}
)
# The gazetteer's name sections, in the order in which they claim a form (a province before a city).
NAME_SECTIONS = tuple(key for key in keys_of(File.GAZETTEER) if key.shape is Shape.NAMES)
# What a syllable may open: a name (NAMES) or one of the word lists.
NAMES = ""

Name = tuple[EntityType, str]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Known names by phrase key, the word lists by section, and which syllables may open which of them."""

    names: Mapping[str, Name]
    lists: Mapping[str, frozenset[str]]
    longest: int
    # Keys of the first syllables of every phrase, by section (NAMES for names): a look-up stops early.
    prefixes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    city_abbreviation: str = "TP"
    # Endings glued to a company's name (`Saigonbank`), as written.
    endings: tuple[str, ...] = ()
    # The sections with a phrase whose key starts with a given string: most syllables open none, so a
    # look-up at them is one set test.
    openers: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        openers: dict[str, set[str]] = {}
        for section, keys in [(NAMES, self.names), *self.lists.items()]:
            for key in keys:
                for k in range(len(key) + 1):
                    openers.setdefault(key[:k], set()).add(section)
        object.__setattr__(self, "openers", {k: frozenset(v) for k, v in openers.items()})

    def word(self, section: Section, key: str) -> bool:
        """Whether the phrase key is in a word list (case-sensitive; tones do not matter)."""
        return key in self.lists[section]


def _prefixes(phrases: Iterable[str]) -> frozenset[str]:
    out = set()
    for phrase in phrases:
        syllables = phrase.split()
        for k in range(1, len(syllables)):
            out.add(phrase_key(" ".join(syllables[:k])))
        # `TP.HCM` may reach the tagger as `TP` `.` `HCM`: every cut of a glued form is a prefix too.
        key = phrase_key(phrase)
        out.update(key[:k] for k in range(1, len(key)))
    return frozenset(out)


@lru_cache(maxsize=8)
def gazetteer(rules: Rules) -> Gazetteer:
    """The gazetteer of `rules`, built once per rules object, or read from the cache under the same data."""
    return cached("gazetteer", data_digest(rules), lambda: _build(rules))


def _build(rules: Rules) -> Gazetteer:
    table: dict[str, Name] = {}
    forms_seen: list[str] = []
    longest = 1
    for section in NAME_SECTIONS:
        type_ = EntityType(section.entity)
        for canonical, forms in rules.names(section.name).items():
            for form in forms:
                # The first section wins (a province before a city of the same name).
                table.setdefault(phrase_key(form), (type_, canonical))
                forms_seen.append(form)
                longest = max(longest, len(form.split()) + form.count("."))
    lists = {section: list(rules.words(section.value)) for section in Section}
    # `PGS.`, `TS.`: an abbreviated title keeps its full stop.
    titles = lists[Section.TITLES]
    titles += [t + "." for t in titles if t.isupper() or t[:1].isupper() and len(t) <= 4]
    keyed = {section: frozenset(phrase_key(v) for v in words) for section, words in lists.items()}
    prefixes = {section: _prefixes(words) for section, words in lists.items()}
    prefixes[NAMES] = _prefixes(forms_seen)
    endings = rules.words("company_endings")
    return Gazetteer(table, keyed, longest + 2, prefixes, rules.word("city_abbreviation"), endings)
