"""Organisations: a known name (with the place after it), or a head (`Sở`, `Công ty`, `bệnh viện`) and the
name it opens, extended over lower-case words, numbers, `và` and the place that ends it."""

from __future__ import annotations

from ..models import EntityType
from ..text.vietnamese import is_syllable
from .gazetteer import Section
from .lookup import NUMBER, Lookup
from .openings import NOUNISH, QUOTES, admin_at, person_like, run, starts_org, task_word, title_at
from .places import place_suffix
from .spans import Match, Span, State, Title

ORG = EntityType.ORG


def _qualifier_ahead(look: Lookup, i: int) -> bool:
    """A national qualifier within a few words (`Viện Vệ sinh dịch tễ Trung ương`)."""
    for k in range(i, min(look.n, i + 4)):
        if look.cap(k):
            return look.g.word(Section.NATIONAL_QUALIFIERS, _key(look, k, min(look.n, k + 2)))
        if look.u[k].punct or look.stop(k):
            return False
    return False


def _key(look: Lookup, i: int, j: int) -> str:
    return "".join(u.key for u in look.u[i:j])


def _conjunction(look: Lookup, i: int) -> bool:
    return 0 <= i < look.n and look.is_word(Section.CONJUNCTIONS, i)


def _and_ahead(look: Lookup, i: int) -> bool:
    """Whether a `và` closes a list of name parts (`Cục Phát thanh, Điện ảnh và Truyền hình`)."""
    for k in range(i, min(look.n, i + 8)):
        if _conjunction(look, k):
            return look.cap(k + 1)
        if look.u[k].punct or not look.u[k].cap and look.u[k].pos not in NOUNISH:
            return False
    return False


def _punctuation_joins(look: Lookup, j: int, named: bool) -> bool:
    """Whether the punctuation at j stays inside the name (`Big C - Thăng Long`, `phòng, chống`, a list)."""
    form = look.u[j].form
    nxt = j + 1
    if form in ("-", "&", "&amp;") and look.cap(nxt) and named and not starts_org(look, nxt):
        return True
    if form == "," and task_word(look, j - 1) and task_word(look, nxt):
        return True
    return (
        form == ","
        and named
        and look.cap(nxt)
        and not starts_org(look, nxt)
        and not person_like(look, nxt)
        and not look.gaz(nxt)[0]
        and not title_at(look, nxt)
        and _and_ahead(look, nxt)
    )


def _capital(look: Lookup, j: int, head: int, named: bool) -> tuple[int, bool, bool]:
    """A capitalised syllable in a name: (where the name goes on, named now, whether the name ends there)."""
    if named and (person_like(look, j) or title_at(look, j) or look.phrase(j, Section.OTHER_HEADS)):
        return j, named, True
    if j > head and _conjunction(look, j - 1) and starts_org(look, j):
        return j, named, True
    end, type_, _ = look.gaz(j)
    if end and type_ is EntityType.LOC and named:
        stop, _ = place_suffix(look, end)
        return max(end, stop), named, True
    h = look.phrase(j, Section.ORG_HEADS)
    if not h or h < look.n and look.u[h].word == look.u[h - 1].word:
        named = True
    return look.word_rest(j), named, False


def _lower_goes_on(look: Lookup, j: int, named: bool, first: bool = False) -> int | None:
    """Past a lower-case word or number inside a name (`first`: right after its head), or None where the name
    ends before it."""
    u = look.u[j]
    if NUMBER.match(u.form):
        nxt = look.u[j + 1] if j + 1 < look.n else None
        # `Sư đoàn 3`, `Trung đoàn 9`, `Đội QLTT số 2`: a number names the unit.
        ends = not (nxt is None or nxt.punct or nxt.pos in ("V", "R", "E", "C"))
        return j + 1 if (named or first) and not ends else None
    # `Đoàn đại biểu Quốc hội`: the members a body is made of.
    members = look.phrase(j, Section.TITLES) if first and look.u[j].word != look.u[j - 1].word else 0
    if members and look.cap(members):
        return members
    if _conjunction(look, j):
        nxt = j + 1
        if starts_org(look, nxt) or person_like(look, nxt) or look.gaz(nxt)[0] or not named:
            return None
        # `Giáo dục và Đào tạo` joins two fields of one name; `DongABank và Saigonbank` are two names.
        if nxt < look.n and look.cap(nxt) and not is_syllable(look.u[nxt].low):
            return None
        return nxt if look.cap(nxt) or nxt < look.n and look.u[nxt].pos in NOUNISH else None
    ends = look.stop(j) or look.is_word(Section.JOB_NOUNS, j, lower=False) or u.pos not in NOUNISH
    # `Viện Vệ sinh dịch tễ Trung ương`: a name runs on to its national qualifier.
    if ends and named and not look.stop(j) and _qualifier_ahead(look, j):
        ends = False
    # `Quỹ phòng, chống dịch`, `Ban chỉ đạo phòng chống dịch`: verbs that name a body's task.
    if ends and not (task_word(look, j) and not named):
        return None
    return j + 1


_QUOTED_WORDS = 10


def _quoted(look: Lookup, j: int) -> int:
    """Past a quoted name right after a head (`Quỹ “Vì người nghèo”`), else 0."""
    close = QUOTES.get(look.u[j].form)
    if close is None or not look.cap(j + 1):
        return 0
    return next((k + 1 for k in range(j + 2, min(look.n, j + _QUOTED_WORDS)) if look.u[k].form == close), 0)


def org_name(look: Lookup, head: int) -> int:
    """End of an organisation's name after its head (which ends at `head`)."""
    j, named = head, False
    while j < look.n:
        quoted = _quoted(look, j) if j == head else 0
        if quoted:
            j, named = quoted, True
        elif look.u[j].punct:
            if not _punctuation_joins(look, j, named):
                break
            j += 1
        elif look.cap(j):
            j, named, ends = _capital(look, j, head, named)
            if ends:
                break
        else:
            stop, _ = place_suffix(look, j)
            if stop > j:
                j = stop
                break
            nxt = _lower_goes_on(look, j, named, j == head)
            if nxt is None:
                break
            j = nxt
    while j > head and (look.u[j - 1].punct or look.is_word(Section.TRAILING_WORDS, j - 1)):
        j -= 1
    return j


def _canonical(look: Lookup, i: int, head: int, end: int) -> str:
    """The written name with a known place in it replaced by the place's canonical name."""
    for k in range(head, end):
        admin = admin_at(look, k)
        stop, type_, canonical = look.gaz(admin or k)
        if stop == end and type_ is EntityType.LOC:
            return f"{look.surface(i, k)} {canonical}"
    return look.surface(i, end)


def _known_org(look: Lookup, i: int, end: int, canonical: str) -> Match:
    """A known organisation and the place written after it (`Sở Y tế TP Hà Nội`); a product named after its
    maker (`Samsung Galaxy A52`) is skipped whole."""
    nxt = end
    if (
        look.cap(nxt)
        and not look.u[nxt].punct
        and not look.gaz(nxt)[0]
        and not admin_at(look, nxt)
        and not person_like(look, nxt)
        and not title_at(look, nxt)
        and not starts_org(look, nxt)
    ):
        return Match(run(look, nxt), title=Title.EXTEND)
    stop, place = end, None
    if not look.acronym(i) or look.is_word(Section.PLACED_ACRONYMS, i, lower=False):
        stop, place = place_suffix(look, end)
    if stop == end and starts_org(look, end):
        # `Ban Chấp hành Trung ương` + `Hội Nông dân Việt Nam`: a body of another body is one name.
        body = organisation(look, end, State())
        if body and body.spans and body.spans[0].i == end:
            return Match(body.spans[0].j, (Span(i, body.spans[0].j, ORG),), Title.EXTEND)
    suffix = (place or look.surface(end, stop)) if stop > end else ""
    return Match(stop, (Span(i, stop, ORG, f"{canonical} {suffix}"),), Title.EXTEND)


def organisation(look: Lookup, i: int, state: State) -> Match | None:
    """An organisation at i: a gazetteer name or a head with its name, and a place after it."""
    # Both start with a phrase at i.
    if not look.opens[i]:
        return None
    end, type_, canonical = look.gaz(i)
    if end and type_ is ORG:
        return _known_org(look, i, end, canonical)
    qualifier = look.phrase(i, Section.NATIONAL_QUALIFIERS) if look.caps[i] and not end else 0
    if qualifier and starts_org(look, qualifier):
        # `Trung ương Hội Nông dân Việt Nam`: the central level of a body, one name.
        body = organisation(look, qualifier, state)
        if body and body.spans and body.spans[0].i == qualifier:
            return Match(body.end, (Span(i, body.spans[0].j, ORG),), Title.EXTEND)
    if look.cap(i):
        head = look.phrase(i, Section.ORG_HEADS)
        if head and starts_org(look, i):
            end = org_name(look, head)
            if end > head:
                return Match(end, (Span(i, end, ORG, _canonical(look, i, head, end)),), Title.EXTEND)
    elif i == 0 or look.u[i - 1].word != look.u[i].word:
        head = look.phrase(i, Section.ORG_HEADS_LOWER)
        if head and look.cap(head) and not person_like(look, head) and look.gaz(head)[1] is not EntityType.LOC:
            if look.is_word(Section.GENERIC_HEADS, i) and look.phrase(head, Section.ORG_HEADS):
                return None
            end = org_name(look, head)
            if end > head:
                return Match(end, (Span(i, end, ORG),), Title.EXTEND)
    return None


def _kind_then_name(look: Lookup, kind: int) -> bool:
    return look.cap(kind) and not starts_org(look, kind) and not person_like(look, kind)


def kind_of_organisation(look: Lookup, i: int, state: State) -> Match | None:
    """`Báo Tuổi Trẻ`, `Tạp chí Forbes`: a capitalised kind word before the name, left out of it."""
    if not look.u[i].cap or look.gaz(i)[0]:
        return None
    kind = look.phrase(i, Section.ORG_KIND_WORDS)
    if kind and _kind_then_name(look, kind) and not starts_org(look, i):
        return _kind_and_name(look, i, kind)
    return None


def _kind_and_name(look: Lookup, i: int, kind: int) -> Match:
    """The name after a kind word; a place alone names no newspaper, so `Báo Nghệ An` keeps its kind word."""
    end, type_, _ = look.known(kind)
    if end and type_ is EntityType.LOC and not look.cap(end):
        return Match(end, (Span(i, end, ORG),))
    stop = run(look, kind)
    return Match(stop, (Span(kind, stop, ORG),))


def lower_kind_of_organisation(look: Lookup, i: int) -> Match | None:
    """`công ty SpaceX`, `hãng Boeing`: a lower-case kind word before the name, left out of it."""
    kind = look.phrase(i, Section.ORG_KIND_WORDS)
    if kind and _kind_then_name(look, kind) and not look.gaz(kind)[0] and not look.phrase(kind, Section.NOT_ENTITIES):
        stop = run(look, kind)
        return Match(stop, (Span(kind, stop, ORG),))
    return None
