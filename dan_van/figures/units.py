"""The unit after a number: what it counts or measures, and so the figure's kind."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Kind
from .conferences import is_meeting
from .context import Words
from .lexicon import Lexicon, fold

# The unit of money in đồng, whatever the text writes (`đồng`, `VNĐ`, `đ`, or nothing after `50 triệu`).
VND = "đồng"
_GLUED_UNIT = re.compile(r"[kcd]?m[23²³](?!\d)|[^\W\d_]+[²³]?|[$€]")
_NOUNS = ("N", "Nc", "Nu", "Ny", "Np")


@dataclass(frozen=True, slots=True)
class Unit:
    """The unit of a figure, its kind, where it ends in the sentence and the folded word it was read from."""

    unit: str
    kind: Kind
    end: int
    counted: str


def kind_of(word: str, lex: Lexicon) -> Kind:
    """The kind of quantity a folded unit word gives."""
    if word in lex.currency:
        return Kind.MONEY
    if word in lex.percent:
        return Kind.PERCENT
    if word in lex.people:
        return Kind.PEOPLE
    if word in lex.households:
        return Kind.HOUSEHOLDS
    return lex.measure.get(word, Kind.COUNT)


def _words_after(form: str, words: Words, end: int) -> list[tuple[str, str, int, int]]:
    """The words after position `end`: (form, POS, start, end); a token the tagger glued to the number
    (`1.926 mẫu`, `3-4 lon`) gives its remainder."""
    out = []
    first = words.after(end)
    for t in words.tokens[first : first + 6]:
        t_end = t.until
        if t.at < end:
            rest = form[end:t_end]
            lead = len(rest) - len(rest.lstrip())
            if rest.strip() and (lead or rest[:1].islower()):
                out.append((rest.strip(), "N", end + lead, t_end))
            elif rest.strip():
                return []
            continue
        glued = re.search(r"-\d", t.form)
        if glued:
            # `1 tháng-2 tháng`: a range the tagger glued into one word.
            out.append((t.form[: glued.start()], t.pos, t.at, t.at + glued.start()))
            break
        out.append((t.form, t.pos, t.at, t_end))
        if len(out) >= 4:
            break
    return out


def _glued(rest: str, end: int, lex: Lexicon) -> Unit | None | bool:
    """A unit written against the number (`5kg`, `20m2`); None: no unit can follow; True: read on."""
    m = _GLUED_UNIT.match(rest)
    if not m:
        return True
    word = fold(m.group())
    if word in lex.currency:
        return Unit(lex.currency[word], Kind.MONEY, end + m.end(), word)
    if word in lex.measure:
        return Unit(word, lex.measure[word], end + m.end(), word)
    # `674cộng đồng`: a space the writer forgot; anything else glued (`4G`, `A320`, `10h`) is a name.
    if not (m.group()[:1].islower() and len(m.group()) > 1):
        return None
    return True


def _compound(words: list[tuple[str, str, int, int]], lex: Lexicon) -> Unit | None:
    """Multi-word currencies, measures (đô la Mỹ, phần trăm, cây số) and lexical compounds (`kỳ họp`, `câu
    hỏi`) that span several words as the segmenter cut them."""
    for size in (3, 2):
        if size <= len(words):
            joined = " ".join(fold(w[0]) for w in words[:size])
            if joined in lex.currency or joined in lex.percent or joined in lex.measure:
                unit = lex.currency.get(joined) or ("%" if joined in lex.percent else joined)
                return Unit(unit, kind_of(joined, lex), words[size - 1][3], joined)
            if joined in lex.unit_compounds:
                kind = Kind.CONFERENCE if joined in lex.meetings else kind_of(joined, lex)
                return Unit(joined, kind, words[size - 1][3], joined)
    return None


def _known(word: str, lex: Lexicon) -> bool:
    return (
        word in lex.unit_compounds
        or word in lex.measure
        or word in lex.people
        or word in lex.households
        or word in lex.meetings
        or word in lex.meeting_counters
    )


def unit_after(form: str, words: Words, end: int, lex: Lexicon) -> Unit | None:
    """The unit of a number that ends at `end` in the sentence's cleaned form, or None when there is none."""
    rest = form[end : end + 40]
    glued = _glued(rest, end, lex)
    if glued is not True:
        return glued
    stripped = rest.lstrip()
    gap = len(rest) - len(stripped)
    if stripped.startswith("%"):
        return Unit("%", Kind.PERCENT, end + gap + 1, "%")
    after = _words_after(form, words, end)
    if not after or after[0][2] != end + gap:
        return None
    compound = _compound(after, lex)
    if compound:
        return compound
    text, pos, w0, w1 = after[0]
    word = whole = fold(text)
    following = [w[0] for w in after[1:2]]
    # The unit is the classifier or the first word: `người dân` counts `người`, `hộ cận nghèo` counts `hộ`,
    # `22 Nhà Đại đoàn kết` counts `nhà`; compounds stay whole (`trẻ em`, `kỳ họp`).
    head, _, rest = word.partition(" ")
    named = rest and head in lex.titled_units and text.partition(" ")[2][:1].isupper() and not _known(word, lex)
    if (
        rest
        and word not in lex.unit_compounds
        and (named or head in lex.unit_heads or lex.measure.get(head) is Kind.DURATION)
    ):
        word, w1, following = head, w0 + len(head), [rest]
    if word in lex.currency:
        return Unit(lex.currency[word], Kind.MONEY, w1, word)
    if word in lex.percent:
        return Unit("%", Kind.PERCENT, w1, word)
    if word in lex.not_units or (len(after) > 1 and f"{word} {fold(after[1][0])}" in lex.not_units):
        return None
    if not _known(word, lex) and word not in lex.unit_heads and not named:
        if pos not in _NOUNS or not text[:1].isalpha():
            return None
        acronym = text.isupper() and len(text) <= 4
        if text[:1].isupper() and not acronym:
            return None
    kind = Kind.CONFERENCE if is_meeting(word, following, lex) else _counted_kind(word, whole, following, lex)
    return Unit(word, kind, w1, word)


def _counted_kind(word: str, whole: str, following: list[str], lex: Lexicon) -> Kind:
    """The kind of what a unit counts; a classifier takes it from the noun after it (`lượt người` people,
    `lượt ý kiến` a count, `con lợn` a count, `3 con` children)."""
    if word in lex.classifiers and following:
        noun = fold(following[0])
        phrase = f"{word} {noun}"
        if phrase in lex.people or phrase in lex.households:
            return kind_of(phrase, lex)
        if noun[:1].isalpha():
            return kind_of(noun, lex)
    if whole in lex.people or whole in lex.households:
        return kind_of(whole, lex)
    return kind_of(word, lex)
