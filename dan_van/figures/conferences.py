"""Conferences: which units are meetings, whether a single meeting was held, and the level it was held at."""

from __future__ import annotations

import re

from ..models import Level
from .context import WINDOW
from .lexicon import Lexicon, fold


def is_meeting(word: str, following: list[str], lex: Lexicon) -> bool:
    """Whether a unit counts meetings: a meeting word, or a counter (`buổi`, `cuộc`) before one."""
    if word in lex.meetings:
        return True
    if word in lex.meeting_counters and following:
        nxt = fold(following[0])
        return any(nxt == m or nxt.startswith(m + " ") for m in lex.meetings)
    return False


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
    """`toàn quốc`, `Huyện ủy`: words that name a level on their own."""
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


def level(form: str, start: int, end: int, lex: Lexicon) -> Level | None:
    """The administrative level named near a conference figure at [start, end): after it first, then before."""
    after = re.split(rf"[;.]|\d|{lex.level_list.pattern}", form[end : end + WINDOW], maxsplit=1)[0]
    before = re.split(r"[;.:]|\d", form[max(0, start - WINDOW) : start])[-1]
    for text, strict in ((after, True), (before, False)):
        low = text.lower()
        found = _marked(low, lex) or _standalone(low, lex) or (None if strict else _subject(low, lex))
        if found:
            return found
    return None
