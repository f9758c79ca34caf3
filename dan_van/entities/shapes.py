"""Names read from their written shape: document codes (`NQ/TW`), websites (`Laocaitv.vn`) and bylines
(`HOÀNG BIÊN`, a line of a name in capitals)."""

from __future__ import annotations

from ..models import EntityType
from ..text.vietnamese import is_syllable
from .gazetteer import Section
from .lookup import Lookup
from .spans import Match, Span, State, Title

# The mark that joins the parts of a document's number (`NQ/TW`).
_CODE_MARK = "/"
# A byline is a name of two to four syllables.
_BYLINE = range(2, 5)


def _glued(look: Lookup, k: int) -> bool:
    """Whether the syllable at k touches the one before it."""
    return 0 < k < look.n and look.u[k].start == look.u[k - 1].end


def written_shape(look: Lookup, i: int, state: State) -> Match | None:
    """A document code, a website or a byline at i (all start with a capital: one test for most syllables)."""
    if not look.caps[i]:
        return None
    return document_code(look, i, state) or website(look, i, state) or byline(look, i, state)


def document_code(look: Lookup, i: int, state: State) -> Match | None:
    """`46-NQ/TW`, `113-BC/HNDTW`, `26/NQ-CP`: the letters of a document's number name no body (`HIV/AIDS`, a
    known name, is read before)."""
    if not look.cap(i) or not look.u[i].form.isupper():
        return None
    start = i
    while _glued(look, start):
        start -= 1
    end = i + 1
    while end < look.n and _glued(look, end):
        end += 1
    if any(_CODE_MARK in look.u[k].form for k in range(start, end)):
        return Match(end, title=Title.KEEP)
    return None


def website(look: Lookup, i: int, state: State) -> Match | None:
    """`Laocaitv.vn`, `Chinhphu.vn`: a website is the organisation that publishes it. Credited at the head of an
    article (`Laocaitv.vn - Sáng 6/3`, `(Chinhphu.vn) –`) the site is the name; in running text the name alone is
    (`giá vàng của Kitco.com`)."""
    if not look.cap(i) or i + 2 >= look.n:
        return None
    dotted = look.u[i + 1].form == "." and _glued(look, i + 1) and _glued(look, i + 2)
    if dotted and look.is_word(Section.WEB_DOMAINS, i + 2):
        return Match(i + 3, (Span(i, i + 3 if i <= look.first else i + 1, EntityType.ORG),))
    return None


def byline(look: Lookup, i: int, state: State) -> Match | None:
    """A line that opens with a name in capitals and has nothing but numbers after it (`HOÀNG BIÊN 06/09/2023`,
    `NGỌC TUYỀN`): the author, a person."""
    if i != look.first or not look.cap(i):
        return None
    j = i
    while j < look.n and look.cap(j) and look.u[j].form.isupper() and is_syllable(look.u[j].low):
        j += 1
    if j - i not in _BYLINE or any(c.isalpha() for u in look.u[j:] for c in u.form):
        return None
    return Match(j, (Span(i, j, EntityType.PER),))
