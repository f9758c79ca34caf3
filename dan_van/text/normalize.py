"""Clean text for tagging while keeping a map back to offsets in the input as decoded.

Cleaning does three things, none of which loses a character of the input:
- NFC composition (NFD input from macOS and some websites);
- one tone placement (`hoà` -> `hòa`, `thuỷ` -> `thủy`), the form underthesea's own normaliser uses;
- line breaks inserted where a heading or sentence is glued to the next one (`đẹpThực tế`, `DN.Nhìn`,
  `lũ…Hình`), leaving abbreviations (`TP.HCM`, `T.Ư`, `GS.TS`) alone.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from .vietnamese import COMBINING, LOWER, UPPER, retone


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets of an output text to the text it was made from.

    `edits` are the regions where the two differ, as (out_start, out_end, in_start, in_end), in order;
    between them the texts are equal, shifted.
    """

    edits: tuple[tuple[int, int, int, int], ...] = ()
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(e[0] for e in self.edits))

    def start(self, pos: int) -> int:
        """Input offset of an output span that starts at `pos`."""
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        o0, o1, i0, i1 = self.edits[i]
        if pos < o1:
            return i0
        return i1 + (pos - o1)

    def end(self, pos: int) -> int:
        """Input offset of an output span that ends at `pos`."""
        i = bisect_right(self._starts, pos - 1) - 1
        if i < 0:
            return pos
        o0, o1, i0, i1 = self.edits[i]
        if pos <= o1:
            return i1 if pos > o0 else i0
        return i1 + (pos - o1)


def _apply(text: str, edits: Iterable[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    """Apply (start, end, replacement) edits, in order and not overlapping, and map the result back."""
    out: list[str] = []
    mapped: list[tuple[int, int, int, int]] = []
    last = 0
    size = 0
    for start, end, new in edits:
        out.append(text[last:start])
        size += start - last
        out.append(new)
        mapped.append((size, size + len(new), start, end))
        size += len(new)
        last = end
    out.append(text[last:])
    return "".join(out), OffsetMap(tuple(mapped))


def _nfc_edits(text: str) -> list[tuple[int, int, str]]:
    """Edits that compose each base letter with the marks that follow it."""
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for m in re.finditer(rf".[{COMBINING}]+", text, re.S):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            edits.append((m.start(), m.end(), composed))
    return edits


def _glue_edits(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int, str]]:
    """Line breaks where a heading or a sentence runs into the next without a space."""
    edits = []
    for m in _GLUED.finditer(text):
        if m.group("dot"):
            word = m.group("word")
            if word in abbreviations or word.lower() in abbreviations:
                continue
        edits.append((m.end(), m.end(), "\n"))
    return edits


# `đẹpThực`: a lower-case word run into a capitalised one; `DN.Nhìn`, `lũ…Hình`, `minh...Trên`: final
# punctuation with no space before a capitalised word.
_GLUED = re.compile(
    rf"(?:(?<![{LOWER}{UPPER}\d])[{LOWER}]{{2,}}"
    rf"|(?P<word>[{LOWER}{UPPER}\d]*)(?P<dot>\.)(?<!\.\.)|…|\.\.\.|[!?]|[”»)])"
    rf"(?=[{UPPER}][{LOWER}])"
)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text and the maps that lead its offsets back to the input."""

    text: str
    maps: tuple[OffsetMap, ...] = ()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Input offsets of the cleaned span [start, end)."""
        for m in reversed(self.maps):
            start, end = m.start(start), m.end(end)
        return start, end


def clean(text: str, abbreviations: Iterable[str] = ()) -> Cleaned:
    """NFC, one tone placement and glued boundaries repaired, with offsets kept."""
    composed, nfc_map = _apply(text, _nfc_edits(text))
    toned = retone(composed)
    glued, glue_map = _apply(toned, _glue_edits(toned, frozenset(abbreviations)))
    maps = tuple(m for m in (nfc_map, glue_map) if m.edits)
    return Cleaned(glued, maps)
