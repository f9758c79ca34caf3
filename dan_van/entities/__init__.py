"""Named entities: gazetteer names, organisation heads, administrative places and titles over the tagger.

A sentence is read syllable by syllable through one shared look-up (`lookup`), by an ordered list of small
rules (`reader`): gazetteer names, an organisation head with its name (`organisations`), an administrative
prefix with its place (`places`), a title with the person after it (`people`); other capitalised runs take
the type the tagger gave them. Mentions then agree on one type per name in the document (`agreement`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..language.load import packaged_rules
from ..language.rules import Rules
from ..models import Entity, Sentence
from ..text.vietnamese import retone
from .agreement import agree, group
from .gazetteer import gazetteer
from .lookup import Lookup, Unit, units
from .reader import read
from .spans import Span

__all__ = ["find_entities", "group"]


def _entity(syllables: list[Unit], span: Span, look: Lookup, source: str, offset: int, index: int) -> Entity:
    start, end = syllables[span.i].start, syllables[span.j - 1].end
    text = source[start - offset : end - offset]
    title = None
    if span.title:
        t0, t1 = syllables[span.title[0]].start, syllables[span.title[1] - 1].end
        title = source[t0 - offset : t1 - offset].strip(" ,-–") or None
    canonical = span.canonical if span.canonical is not None else look.surface(span.i, span.j)
    canonical = retone(" ".join(unicodedata.normalize("NFC", canonical).split()))
    return Entity(text, span.type, start, end, canonical, index, title)


def find_entities(
    sentences: Sequence[Sentence], rules: Rules | None = None, text: str | None = None
) -> tuple[Entity, ...]:
    """Named entities of the sentences with offsets into `text` (the input; else each sentence's own text)."""
    gaz = gazetteer(rules or packaged_rules())
    found: list[tuple[Entity, bool]] = []
    for sentence in sentences:
        syllables = units(sentence)
        if not syllables:
            continue
        source, offset = (text, 0) if text is not None else (sentence.text, sentence.start)
        look = Lookup(syllables, gaz)
        for span in read(look):
            entity = _entity(syllables, span, look, source, offset, sentence.index)
            if entity.text.strip():
                found.append((entity, span.weak))
    return tuple(agree(found))
