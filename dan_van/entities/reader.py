"""The entity reader: an ordered list of small named rules over one shared look-up, and a short loop.

At each syllable the rules are tried in order; the first that matches says where reading goes on, which
spans it found and what happens to a title being read (as spaCy's EntityRuler: match, then annotate).
The last rule always matches, so every syllable is read once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..models import EntityType
from .gazetteer import Section
from .lookup import ROMAN, Lookup
from .openings import run, starts_org, title_at
from .organisations import kind_of_organisation, lower_kind_of_organisation, organisation
from .people import capitalised_run, credit, title
from .places import administrative_place, counted_places, known_place, place_head, place_noun, street_address
from .shapes import written_shape
from .spans import Match, Span, State, Title

Rule = Callable[[Lookup, int, State], Match | None]
# Punctuation that a title runs on over (`Chủ tịch, Bí thư ...`, `Giám đốc - ...`).
_TITLE_PUNCTUATION = frozenset((",", "-", "–"))


def punctuation(look: Lookup, i: int, state: State) -> Match | None:
    """Punctuation: ends a title (but a comma or a dash) and opens or ends a credit."""
    u = look.u[i]
    if not u.punct:
        return None
    kept = u.form in _TITLE_PUNCTUATION and state.title is not None
    return Match(i + 1, title=Title.KEEP if kept else Title.RESET, credit=credit(look, i))


def misc_name(look: Lookup, i: int, state: State) -> Match | None:
    """A disease, product or other known name (`Covid-19`, `iPhone`)."""
    end, type_, canonical = look.gaz(i)
    if end and type_ is EntityType.MISC:
        return Match(end, (Span(i, end, EntityType.MISC, canonical),))
    return None


def _skip_name(look: Lookup, i: int) -> int:
    """Past the name of a law, an event or an award (`Luật Giáo dục đại học`, `Huân chương Lao động hạng Nhất`)."""
    while i < look.n and not look.u[i].punct and (look.cap(i) or not look.stop(i) and look.u[i].pos in _NOUNISH):
        i += 1
    return i


_NOUNISH = frozenset(("N", "Nc", "Np", "Ny", "Nu", "A"))


def named_thing(look: Lookup, i: int, state: State) -> Match | None:
    """The name of a law, an event, an award or a work: no person, place or organisation, skipped whole."""
    other = look.phrase(i, Section.OTHER_HEADS) if look.u[i].cap else 0
    if other and other >= look.phrase(i, Section.ORG_HEADS) and not look.gaz(i)[0]:
        return Match(_skip_name(look, other))
    return None


def _product(look: Lookup, i: int) -> Match | None:
    """`mẫu xe Innova`, `phim Avatar`: a product's name, no entity."""
    thing = look.phrase(i, Section.PRODUCT_WORDS)
    if thing and look.cap(thing) and not look.gaz(thing)[0] and not starts_org(look, thing):
        return Match(run(look, thing))
    return None


def _language(look: Lookup, i: int) -> Match | None:
    """`tiếng Anh`, `tiếng Tây Ban Nha`: a language, no entity."""
    word = look.phrase(i, Section.LANGUAGE_WORDS)
    if word and look.cap(word):
        return Match(max(run(look, word), look.gaz(word)[0]))
    return None


def lower_case_word(look: Lookup, i: int, state: State) -> Match | None:
    """A lower-case word: a kind of place, product or organisation may put a name after it."""
    if look.cap(i):
        return None
    found = None
    if look.opens[i]:
        found = _language(look, i) or place_noun(look, i) or _product(look, i) or lower_kind_of_organisation(look, i)
    end = found.end if found else i + 1
    # A title runs on over `kiêm`, `và` and another title (`Bí thư kiêm Chủ tịch`), and over the nouns of what
    # its holder heads (`Trưởng phòng Văn hóa thông tin thị xã Cửa Lò`).
    kept = look.is_word(Section.TITLE_JOINERS, i) or title_at(look, end - 1)
    if state.title and (found or _title_noun(look, i)):
        return Match(end, found.spans if found else (), Title.EXTEND)
    return Match(end, found.spans if found else (), Title.KEEP if kept else Title.RESET)


def _plain_word(look: Lookup, i: int, state: State) -> Match:
    """`lower_case_word` for a word that opens no phrase: it may only carry a title on."""
    return Match(i + 1, title=Title.EXTEND if state.title and _title_noun(look, i) else Title.RESET)


def _title_noun(look: Lookup, i: int) -> bool:
    u = look.u[i]
    return u.pos in _NOUNISH and not look.stop(i) and not look.is_word(Section.JOB_NOUNS, i, lower=False)


def not_entity(look: Lookup, i: int, state: State) -> Match | None:
    """Capitalised words that are no names (`CEO`, `GDP`, Roman numerals; but `bà C` is a person's initial)."""
    skip = look.phrase(i, Section.NOT_ENTITIES)
    form = look.u[i].form
    if skip and (skip > i + 1 or look.cap(i + 1)) or ROMAN.match(form) and not (state.title and len(form) == 1):
        return Match(skip or i + 1, title=Title.KEEP)
    return None


# The rules, in the order they are tried at each syllable.
RULES: tuple[Rule, ...] = (
    punctuation,
    misc_name,
    title,
    named_thing,
    place_head,
    kind_of_organisation,
    street_address,
    organisation,
    counted_places,
    administrative_place,
    known_place,
    lower_case_word,
    written_shape,
    not_entity,
    capitalised_run,
)


# What may stand between a person's name and a title written after it (`Trần Văn A, Chủ tịch UBND tỉnh`).
_TITLE_AFTER = frozenset((",", "-", "–"))


def _title_after(look: Lookup, spans: list[Span], title: tuple[int, int]) -> None:
    """Give the title that ended unused to the person right before it (`Trần Văn A, Chủ tịch UBND tỉnh`), unless
    the person has a title already that is more than one word (`ông`)."""
    person = next((k for k in range(len(spans) - 1, -1, -1) if spans[k].type is EntityType.PER), None)
    if person is None:
        return
    span = spans[person]
    if span.j + 1 != title[0] or look.u[span.j].form not in _TITLE_AFTER:
        return
    if span.title and span.title[1] - span.title[0] > 1:
        return
    spans[person] = replace(span, title=title)


def read(look: Lookup, rules: Sequence[Rule] = RULES) -> list[Span]:
    """The entity spans of one sentence, read left to right."""
    spans: list[Span] = []
    state = State()
    plain = rules is RULES
    i = 0
    while i < look.n:
        if plain and not look.opens[i] and not look.caps[i] and not look.u[i].punct:
            # Most syllables are lower-case words that open no phrase of any list: every rule but the lower-case
            # one would pass them by, so it is asked alone.
            match = _plain_word(look, i, state)
        else:
            for rule in rules:
                match = rule(look, i, state)
                if match is not None:
                    break
            else:
                match = Match(i + 1)
        spans.extend(match.spans)
        after = state.after(i, match)
        if state.title and not after.title and not any(s.title == state.title for s in match.spans):
            _title_after(look, spans, state.title)
        state = after
        i = max(match.end, i + 1)
    if state.title:
        _title_after(look, spans, state.title)
    return spans
