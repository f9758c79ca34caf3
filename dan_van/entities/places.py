"""Places: a name after an administrative prefix (`huyện Gia Lâm`), a known place, a place head
(`Khu công nghiệp Phong Khê`), a street after a house number, a kind of place before a name (`đường ...`)."""

from __future__ import annotations

from ..models import EntityType
from ..text.vietnamese import phrase_key
from .gazetteer import Section
from .lookup import NUMBER, Lookup
from .openings import admin_at, person_like, run, starts_org, title_at
from .spans import Match, Span, State, Title

LOC = EntityType.LOC


def place_after_prefix(look: Lookup, i: int) -> tuple[int, str | None]:
    """End of the place name after an administrative prefix ending at i, and its canonical name."""
    end, type_, canonical = look.gaz(i)
    # `Phú Thọ` is a province, `phường Phú Thọ Hoà` a ward.
    if end and type_ is LOC and (not look.cap(end) or person_like(look, end)):
        return end, canonical
    j = i
    if NUMBER.match(look.u[i].form):
        j = i + 1
    first = j
    while look.cap(j):
        if (
            j > first
            and look.u[j].word != look.u[j - 1].word
            and (person_like(look, j) and look.cap(j + 2) or starts_org(look, j) or title_at(look, j) or look.gaz(j)[0])
        ):
            break
        j += 1
    return j, None


def admin_place(look: Lookup, k: int) -> tuple[int, str | None] | None:
    """A place named with its administrative prefix at k (`huyện Gia Lâm`, `xã Phạm Văn Hai`, `Q. Bình Thạnh`):
    its end and canonical name (None: as written). None where no place follows, or a person does (`Chủ tịch UBND
    tỉnh Nguyễn Văn A`) and the name is no known unit."""
    admin = admin_at(look, k) or look.caps[k] and look.phrase(k, Section.NUMBER_ONLY_PREFIXES)
    if not admin:
        return None
    # `TP Hồ Chí Minh`, `thành phố Hà Nội`: a province the gazetteer knows with its prefix.
    end, type_, canonical = look.gaz(k)
    if end > admin and type_ is LOC:
        return end, canonical
    known = look.unit(k, admin)
    if known:
        end, type_, canonical = look.gaz(admin)
        return known, canonical if end == known and type_ is LOC else None
    if not admin_at(look, k) or person_like(look, admin) and look.cap(admin + 2):
        return None
    end, canonical = place_after_prefix(look, admin)
    return (end, canonical) if end > admin else None


def _whole_words(look: Lookup, i: int, j: int) -> bool:
    return (i == 0 or look.u[i - 1].word != look.u[i].word) and (j >= look.n or look.u[j].word != look.u[j - 1].word)


def place_suffix(look: Lookup, j: int) -> tuple[int, str | None]:
    """A place right after a complete organisation name (`Sở Y tế` + `TP Hà Nội`), or the level it works at
    (`Công an` + `tỉnh`, `UBND` + `tỉnh` + a chairman's name): its end and canonical name."""
    if j >= look.n:
        return j, None
    place = admin_place(look, j)
    if place:
        end, canonical = place
        return end, canonical or look.surface(j, end)
    level = look.phrase(j, Section.ADMIN_PREFIXES)
    if level and _whole_words(look, j, level) and (not look.cap(level) or person_like(look, level)):
        return level, look.surface(j, level)
    end, type_, canonical = look.gaz(j)
    if end and type_ is LOC:
        # `Ủy ban MTTQ Việt Nam` + `tỉnh Lào Cai`: a national qualifier may have the place of a branch after it.
        if look.g.word(Section.NATIONAL_QUALIFIERS, "".join(u.key for u in look.u[j:end])):
            stop, place = place_suffix(look, end)
            if stop > end:
                return stop, f"{canonical} {place}"
        return end, canonical
    return j, None


def _address(look: Lookup, i: int) -> bool:
    """A street after a house number: `số 65 - 67 Phú Lợi`, `ngõ 592 Trường Chinh`, `, 68 Nguyễn Cơ Thạch`."""
    if i == 0 or not look.cap(i) or not NUMBER.match(look.u[i - 1].form):
        return False
    k = i - 1
    while k >= 0 and (NUMBER.match(look.u[k].form) or look.u[k].form in ("-", "/")):
        k -= 1
    return k >= 0 and (look.is_word(Section.ADDRESS_WORDS, k) or look.u[k].form == ",")


def place_head(look: Lookup, i: int, state: State) -> Match | None:
    """`Khu công nghiệp Phong Khê 1`, `Vườn quốc gia Cúc Phương`: the head stays in the place's name."""
    place = look.phrase(i, Section.PLACE_HEADS) if look.u[i].cap else 0
    if place and look.cap(place) and not look.quantified(i):
        stop = run(look, place)
        return Match(stop, (Span(i, stop, LOC),))
    return None


def street_address(look: Lookup, i: int, state: State) -> Match | None:
    """A street named after a house number (not `3 CLB`, `12 Pro Max`: a count, a product model)."""
    if _address(look, i) and not look.phrase(i, Section.NOT_ENTITIES):
        stop = run(look, i)
        if not look.g.word(Section.MODEL_WORDS, look.u[stop - 1].key):
            return Match(stop, (Span(i, stop, LOC),))
    return None


def counted_places(look: Lookup, i: int, state: State) -> Match | None:
    """`các huyện`, `5 xã`: a kind of place counted, not a name."""
    admin = admin_at(look, i)
    if admin and look.quantified(i):
        return Match(admin, title=Title.KEEP)
    return None


def administrative_place(look: Lookup, i: int, state: State) -> Match | None:
    """`huyện Gia Lâm`, `thành phố Vinh` (canonical `TP Vinh`), `phường 5`: the prefix stays in the name."""
    place = admin_place(look, i) if look.opens[i] else None
    if not place:
        return None
    stop, canonical = place
    admin = admin_at(look, i) or look.phrase(i, Section.NUMBER_ONLY_PREFIXES)
    canon = canonical or look.surface(i, stop)
    if not canonical and look.g.word(Section.CITY_PREFIXES, phrase_key(look.surface(i, admin).lower())):
        canon = f"{look.g.city_abbreviation} {look.surface(admin, stop)}"
    return Match(stop, (Span(i, stop, LOC, canon),), Title.EXTEND)


# Tags of the words after which `Anh` is a pronoun (`Anh cho biết`), and of those before which it is one.
_VERBS = frozenset(("V", "R"))
_NOT_BEFORE_PRONOUN = frozenset(("N", "Np", "Nc", "Ny"))


def _pronoun(look: Lookup, i: int, end: int) -> bool:
    """`Anh cho biết`, `Sau đó Anh đã về`: a country's name that is also a form of address, followed by a verb and
    not after a noun or a country cue (`người dân Anh rất vui`, `của Anh`), is the pronoun."""
    if end != i + 1 or end >= look.n or not look.is_word(Section.COUNTRY_TITLES, i):
        return False
    if look.u[end].pos not in _VERBS or look.cap(end):
        return False
    before = look.u[i - 1] if i > 0 else None
    return (
        before is None
        or before.punct
        or (before.pos not in _NOT_BEFORE_PRONOUN and not look.is_word(Section.COUNTRY_CUES, i - 1))
    )


def known_place(look: Lookup, i: int, state: State) -> Match | None:
    """A place of the gazetteer standing on its own."""
    end, type_, canonical = look.gaz(i)
    if end and type_ is LOC:
        if _pronoun(look, i, end):
            return Match(end)
        return Match(end, (Span(i, end, LOC, canonical),), Title.EXTEND)
    return None


def place_noun(look: Lookup, i: int) -> Match | None:
    """A lower-case kind of place before a name (`đường Nguyễn Trãi`): the name alone is the place."""
    noun = look.phrase(i, Section.PLACE_NOUNS)
    if (
        noun
        and look.cap(noun)
        and not starts_org(look, noun)
        and not look.gaz(noun)[0]
        and not look.phrase(noun, Section.NOT_ENTITIES)
    ):
        stop = run(look, noun)
        return Match(stop, (Span(noun, stop, LOC),))
    return None
