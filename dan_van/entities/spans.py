"""What a rule of the entity reader returns: the spans it found and what becomes of an open title."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..models import EntityType


@dataclass(frozen=True, slots=True)
class Span:
    """An entity over syllables i..j-1; `canonical` None means the surface. `guess`: typed by a guess (the tagger,
    the word before it), not by a gazetteer or a rule, so that firmer mentions may retype it; `tentative`: a name
    the rules could not type, kept only where firmer mentions of it in the document give it a type."""

    i: int
    j: int
    type: EntityType
    canonical: str | None = None
    title: tuple[int, int] | None = None
    guess: bool = False
    tentative: bool = False


class Title(Enum):
    """What a rule's match does to the title being read (`Chủ tịch UBND tỉnh` before a person's name)."""

    RESET = "reset"  # the title ends unused
    KEEP = "keep"  # the title stays as it is
    EXTEND = "extend"  # the match is part of the title (an organisation or place inside it)
    OPEN = "open"  # the match is (more of) a title


@dataclass(frozen=True, slots=True)
class Match:
    """A rule's result at one syllable: where reading goes on, the spans found and the title's fate."""

    end: int
    spans: tuple[Span, ...] = ()
    title: Title = Title.RESET
    credit: bool | None = None  # a credit (`Ảnh:`) opens or ends; None: unchanged


@dataclass(frozen=True, slots=True)
class State:
    """What the reader carries from one match to the next."""

    title: tuple[int, int] | None = None
    credit: bool = False

    def after(self, start: int, match: Match) -> State:
        """The state after `match`, which was made at syllable `start`."""
        title = self.title
        if match.title is Title.RESET:
            title = None
        elif match.title is Title.EXTEND:
            title = (title[0], match.end) if title else None
        elif match.title is Title.OPEN:
            title = (title[0] if title else start, match.end)
        credit = self.credit if match.credit is None else match.credit
        if title == self.title and credit == self.credit:
            return self
        return State(title, credit)
