"""People, and the capitalised runs no other rule claims: titles before a name, credits, and the type of a
run read from its shape and its context, the tagger's PER tag taken as a guess."""

from __future__ import annotations

import re

from ..models import EntityType
from ..text.vietnamese import phrase_key
from .gazetteer import Section
from .lookup import INITIALS, Lookup
from .openings import person_like, run, title_at
from .spans import Match, Span, State, Title

_OPENING = frozenset(("“", '"', "«", "‘", "'"))
_PROPER = ("Np", "Ny")
# The CRF's types that the layer takes for a run no rule typed. Measured by leaving each one out (ALL F1 and the
# type's own F1, dev / realdev): PER adds +0.7 PER on dev and +4.6 PER on realdev; LOC costs 5.2 LOC on dev and
# 5.6 on realdev; ORG costs 0.4 ORG on dev, nothing on realdev. So only PER is taken.
_CRF_TYPES = frozenset((EntityType.PER,))


def title(look: Lookup, i: int, state: State) -> Match | None:
    """A title opens a person (`Chủ tịch UBND tỉnh Nguyễn Văn A`); organisations and places inside it belong
    to the title."""
    t = title_at(look, i)
    if not t:
        return None
    end, type_, _ = look.gaz(i)
    if end > t and type_ is not EntityType.ORG:
        return None
    if look.cap(t) or title_at(look, t) or look.u[i].cap and not end and not look.starts_sentence(i):
        return Match(t, title=Title.OPEN)
    return None


def _no_name(look: Lookup, i: int, j: int) -> bool:
    units = look.u[i:j]
    return all(look.g.word(Section.NOT_ENTITIES, u.key) for u in units) or look.g.word(
        Section.NOT_ENTITIES, "".join(u.key for u in units)
    )


def classify(
    look: Lookup, i: int, j: int, titled: bool, credit: bool, crf: EntityType | None = None
) -> tuple[EntityType, bool] | None:
    """The type of a capitalised run i..j-1 that no rule claimed, from its shape and context, and whether that
    type is a guess (`crf`, the tagger's type of the run, or the word before it)."""
    if _no_name(look, i, j):
        return None
    units, single = look.u[i:j], j - i == 1
    if single and look.acronym(i):
        return EntityType.ORG, False
    if single and any(units[0].form.endswith(e) and len(units[0].form) > len(e) + 2 for e in look.g.endings):
        return EntityType.ORG, False
    if single and INITIALS.match(units[0].form) and units[0].form.isupper():
        return EntityType.PER, False
    last = units[-1].form
    if j - i > 1 and look.g.word(Section.COMPANY_SUFFIXES, phrase_key(last[:1] + last[1:].lower())):
        return EntityType.ORG, False
    if look.phrase(i, Section.ORG_HEADS) and not person_like(look, i):
        return None
    if credit or titled or person_like(look, i):
        return EntityType.PER, False
    if single and len(units[0].form) == 1:
        return None
    if len(units[0].form) == 1 and j - i > 2 and look.u[i + 1].form == ".":
        return EntityType.PER, False
    if look.starts_sentence(i) and units[0].pos not in _PROPER:
        return None
    # `“Toàn dân đoàn kết…”`: a quotation opens with a capital like a sentence does.
    if single and i > 0 and look.u[i - 1].form in _OPENING:
        return None
    if look.district(i, j):
        return EntityType.LOC, True
    if crf in _CRF_TYPES:
        return crf, True
    if i > 0 and look.is_word(Section.PLACE_PREPOSITIONS, i - 1) and units[0].pos == "Np":
        return EntityType.LOC, True
    return None


_MODEL = re.compile(r"^(?=.*\d)(?=.*[^\W\d_])[^\W_]+$")


def _model(look: Lookup, i: int, j: int) -> bool:
    """`Mazda CX5`, `Vivo X60 Pro`, `12 Pro Max`: a product model (a code of letters and digits, or a model word
    at its end) names no entity."""
    last = look.u[j - 1]
    return look.g.word(Section.MODEL_WORDS, last.key) or any(_MODEL.match(u.form) for u in look.u[i + 1 : j])


def capitalised_run(look: Lookup, i: int, state: State) -> Match:
    """The last rule: a capitalised run that no other rule claimed, typed by `classify`; a run the tagger calls
    a name of another type stays tentative, for firmer mentions of it to type."""
    stop = run(look, i)
    # `Theo T. Kubodera`: a common word opening the sentence is no part of the name after it.
    if (
        look.starts_sentence(i)
        and look.u[i].pos not in _PROPER
        and stop > i + 1
        and look.u[i + 1].word != look.u[i].word
    ):
        stop = i + 1
    if _model(look, i, stop) or stop == i + 1 and look.acronym(i) and look.ticker(i):
        return Match(stop)
    # `Thư ký`, `Quốc vụ khanh`: a capitalised common noun, its word going on in lower case, names nothing.
    if stop == i + 1 and look.word_rest(i) > stop:
        return Match(look.word_rest(i), title=Title.EXTEND) if state.title else Match(stop)
    crf = look.crf(i, stop)
    typed = classify(look, i, stop, state.title is not None, state.credit, crf)
    if typed is None:
        if crf is None or crf is EntityType.MISC or _no_name(look, i, stop):
            return Match(stop)
        return Match(stop, (Span(i, stop, crf, guess=True, tentative=True),))
    type_, guess = typed
    titled = state.title if type_ is EntityType.PER else None
    return Match(stop, (Span(i, stop, type_, None, titled, guess),))


def credit(look: Lookup, i: int) -> bool:
    """Whether the punctuation at i opens a credit (`Ảnh: Thúy Nga`): the name after it is a person."""
    return look.u[i].form == ":" and i > 0 and look.is_word(Section.CREDIT_WORDS, i - 1)
