"""Conferences: which units are meetings, whether a single meeting was held, and the level it was held at.

The level is the level at which the meetings are held: named right after the figure (`113 hội nghị cấp
quận`), or before it in its list item (`cấp huyện 52 cuộc`, `tại các xã`), or by the organiser (`HĐND huyện
đã tổ chức 16 kỳ họp`, `Hội Nông dân tỉnh ... 267 lớp`). An item with no level word keeps the level of the
item before it in the same sentence (`12 kỳ họp, trong đó 10 kỳ họp thường lệ, 2 kỳ họp chuyên đề`). A total
across levels has none: `toàn huyện`, `tổng số`, or a sum whose breakdown follows with levels of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from ..models import Figure, Kind, Level, Token
from .context import WINDOW
from .lexicon import Lexicon, fold

# A total across levels: no level, and no level for the items after it to keep.
AGGREGATE = "aggregate"


def is_meeting(word: str, following: list[str], lex: Lexicon) -> bool:
    """Whether a unit counts meetings: a meeting word, or a counter (`buổi`, `cuộc`) before one."""
    if word in lex.meetings:
        return True
    if word in lex.meeting_counters and following:
        nxt = fold(following[0])
        return any(nxt == m or nxt.startswith(m + " ") for m in lex.meetings)
    return False


def refers_back(unit: str, before: Token | None, after: Token | None, lex: Lexicon) -> bool:
    """A bare counter after meetings were counted (`Cấp huyện tổ chức 6 cuộc, ...`): a conference, unless it
    counts another activity (`cuộc giám sát`) or citizens received (`tiếp 102 cuộc`)."""
    if unit not in lex.meeting_counters or (before is not None and fold(before.form) in lex.reception_verbs):
        return False
    if after is None or after.pos in ("CH", "V", "E", "C", "R") or not after.form[:1].isalnum():
        nxt = fold(after.form) if after is not None else ""
        return not any(nxt == w or nxt.startswith(w + " ") for w in lex.not_meetings)
    return False


class Found(NamedTuple):
    """A figure of a sentence, the level its words name, and where its number and unit stand in the sentence's
    cleaned form."""

    figure: Figure
    named: Level | str | None
    start: int
    end: int


def shared_meetings(form: str, found: list[Found], year: int | None, lex: Lexicon) -> list[Found]:
    """`cấp tỉnh 4 cuộc, cấp huyện 52 cuộc và cấp xã 247 cuộc đối thoại`: items of a list counted by one counter
    share the meeting word written after the last of them."""
    out = list(found)
    for k in range(len(out) - 2, -1, -1):
        item, nxt = out[k], out[k + 1]
        figure = item.figure
        if figure.kind is not Kind.COUNT or nxt.figure.kind is not Kind.CONFERENCE or figure.unit != nxt.figure.unit:
            continue
        if figure.unit in lex.meeting_counters and _only_levels(form[item.end : nxt.start], lex):
            meeting = replace(figure, kind=Kind.CONFERENCE, year=year)
            out[k] = Found(meeting, level(form, item.start, item.end, lex), item.start, item.end)
    return out


def _only_levels(between: str, lex: Lexicon) -> bool:
    """Whether only level words, commas and `và` stand between two figures."""
    between = lex.level_marker.sub(" ", between.lower())
    for word, _ in lex.levels:
        between = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", between)
    return not re.sub(r"[\s,;]|(?<!\w)và(?!\w)", "", between)


def held(form: str, after: int, lex: Lexicon) -> bool:
    """Whether the words after a single meeting say it was held (`một hội nghị ... được tổ chức`)."""
    tail = form[after : after + 80]
    return any(word in tail for word in lex.held_words)


def _marked(low: str, lex: Lexicon) -> Level | None:
    """`cấp huyện`, `tại các phường`, `UBND tỉnh`: a level word right after a word that introduces one."""
    for m in lex.level_marker.finditer(low):
        tail = low[m.end() :]
        for word, level in lex.levels:
            if tail.startswith(word) and (len(tail) == len(word) or not tail[len(word)].isalnum()):
                return level
    return None


def _standalone(low: str, lex: Lexicon) -> Level | None:
    """`toàn quốc`, `Huyện ủy`, `Trung ương Hội`: words that name a level on their own."""
    for word, level in lex.standalone_levels:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", low):
            return level
    return None


def _subject(low: str, lex: Lexicon) -> Level | None:
    """The subject names it: `Các quận đã tổ chức ...`, `..., tỉnh đã tổ chức ...`."""
    for subject in (low, low.rsplit(",", 1)[-1]):
        for word, level in lex.levels:
            if re.match(rf"\s*{re.escape(word)}\b", subject):
                return level
    return None


def level(form: str, start: int, end: int, lex: Lexicon) -> Level | str | None:
    """The level named near a conference figure at [start, end): after it first, then before it; AGGREGATE
    for a total across levels."""
    after = re.split(rf"[;.]|\d|{lex.level_list.pattern}", form[end : end + WINDOW], maxsplit=1)[0]
    # A comma or `và` ends the figure's own words: `10 hội nghị, các huyện tổ chức 4 hội nghị và các xã 6 hội
    # nghị` name the next figures' levels.
    after = re.split(r",|(?<!\w)và(?!\w)", lex.level_stop.split(after, maxsplit=1)[0], maxsplit=1)[0]
    before = re.split(r"[;.]|\d", form[max(0, start - WINDOW) : start])[-1]
    found = _marked(after.lower(), lex) or _standalone(after.lower(), lex)
    if found:
        return found
    low = before.lower()
    if lex.aggregate.search(low):
        return AGGREGATE
    return _marked(low, lex) or _standalone(low, lex) or _subject(low, lex)


def settle(figures: Sequence[Figure], levels: Sequence[Level | str | None], text: str, lex: Lexicon) -> list[Figure]:
    """Conference figures of one paragraph with their final levels: list items keep the level before them in
    the sentence; a sum whose breakdown follows (after `trong đó`, `gồm`, a colon ...: `lex.list_openers`) is a
    `total`, and has no level when its parts have two or more. `text` is the input the figures' spans are in."""
    out: list[Figure] = []
    previous: Figure | None = None
    for figure, found in zip(figures, levels, strict=True):
        if found is None and previous is not None and previous.sentence == figure.sentence:
            found = previous.level
        settled = replace(figure, level=None if found == AGGREGATE else found)
        out.append(settled)
        previous = settled if found != AGGREGATE else replace(settled, level=None)
    for k, total in enumerate(out):
        if k + 1 == len(out) or not _opens_breakdown(text[total.end : out[k + 1].start], lex):
            continue
        levels = _breakdown(total, out[k + 1 :])
        if levels is not None:
            out[k] = replace(total, total=True, level=total.level if len(levels) == 1 else None)
    return out


def _opens_breakdown(gap: str, lex: Lexicon) -> bool:
    """Whether the words between a figure and the next say that a breakdown follows."""
    return bool(lex.breakdown_cue.search(gap.lower()))


def _breakdown(total: Figure, later: Sequence[Figure]) -> set[Level | None] | None:
    """The levels of the two figures or more right after a total that add up to it (`85 cuộc. Trong đó, cấp
    huyện 6 cuộc, ... cấp xã 79 cuộc`; `14 kỳ họp, trong đó 11 kỳ họp thường lệ, 3 kỳ họp chuyên đề`), else None."""
    running, levels = Decimal(0), set()
    for n, figure in enumerate(later, 1):
        running += figure.value
        levels.add(figure.level)
        if running == total.value:
            return levels if n > 1 else None
        if running > total.value:
            return None
    return None


def is_conference(figure: Figure) -> bool:
    return figure.kind is Kind.CONFERENCE
