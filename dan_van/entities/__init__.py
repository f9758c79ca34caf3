"""Named entities: the layer's rules decide, underthesea's CRF only advises.

A sentence is read syllable by syllable through one shared look-up (`lookup`), by an ordered list of small
rules (`reader`): known names (`gazetteer`), document codes, websites and bylines (`shapes`), an organisation
head with its name and level (`organisations`), an administrative prefix with its place, read whole where
underthesea's 2025 table of units knows it (`places`, `admin`), a title with the person before or after it
(`people`). A capitalised run no rule claims is typed from its shape and context; of the CRF's tags only PER
is taken for it, as a guess (`Entity.firm` is false), and a run it calls a name of another type stays
tentative. Mentions then agree on one type per name (`agreement`): in a call, over a document (`agree`) and
over a corpus (`agree_corpus`). Provinces, districts and communes carry their level and today's province;
`resolve_place` gives both for a place as written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from ..language.load import packaged_rules
from ..language.rules import Rules
from ..models import Entity, EntityType, Sentence
from ..text.vietnamese import retone
from .admin import Place, resolve_place
from .admin import units as known_units
from .agreement import agree, agree_corpus, corpus_types, group, settle
from .gazetteer import gazetteer
from .lookup import Lookup, Unit, units
from .reader import read
from .spans import Span

__all__ = ["Place", "agree", "agree_corpus", "corpus_types", "find_entities", "group", "resolve_place"]
# What may stand between two places of one address (`xã A, huyện B`).
_ADDRESS_GLUE = frozenset(("", ","))


def _entity(syllables: list[Unit], span: Span, look: Lookup, source: str, offset: int, index: int) -> Entity:
    start, end = syllables[span.i].start, syllables[span.j - 1].end
    text = source[start - offset : end - offset]
    title = None
    if span.title:
        t0, t1 = syllables[span.title[0]].start, syllables[span.title[1] - 1].end
        title = source[t0 - offset : t1 - offset].strip(" ,-–") or None
    canonical = span.canonical if span.canonical is not None else look.surface(span.i, span.j)
    canonical = retone(" ".join(unicodedata.normalize("NFC", canonical).split()))
    return Entity(text, span.type, start, end, canonical, index, title, not span.guess)


def _places(found: list[Entity], source: str, offset: int, rules: Rules) -> list[Entity]:
    """A sentence's entities, its provinces, districts and communes with their level and today's province, read
    with the places written after them in one address (`xã A, huyện B, tỉnh C`)."""
    out = list(found)
    for k, entity in enumerate(found):
        if entity.type is not EntityType.LOC:
            continue
        last = k
        while (
            last + 1 < len(found)
            and found[last + 1].type is EntityType.LOC
            and source[found[last].end - offset : found[last + 1].start - offset].strip() in _ADDRESS_GLUE
        ):
            last += 1
        place = resolve_place(source[entity.start - offset : found[last].end - offset], rules)
        if place and place.start == 0 and place.end == len(entity.text):
            out[k] = replace(entity, admin_level=place.level, province_today=place.province_today)
    return out


def find_entities(
    sentences: Sequence[Sentence], rules: Rules | None = None, text: str | None = None
) -> tuple[Entity, ...]:
    """Named entities of the sentences with offsets into `text` (the input; else each sentence's own text)."""
    rules = rules or packaged_rules()
    gaz, admin = gazetteer(rules), known_units(rules)
    looks = []
    for sentence in sentences:
        syllables = units(sentence)
        if syllables:
            looks.append((sentence, syllables, Lookup(syllables, gaz, admin)))
    # A passage about shares makes its unknown three-letter acronyms tickers, in every sentence of it.
    passage = tuple(look for _, _, look in looks)
    found: list[tuple[Entity, bool]] = []
    for sentence, syllables, look in looks:
        look.passage = passage
        source, offset = (text, 0) if text is not None else (sentence.text, sentence.start)
        spans = read(look)
        entities = [_entity(syllables, span, look, source, offset, sentence.index) for span in spans]
        kept = [(e, s.tentative) for e, s in zip(_places(entities, source, offset, rules), spans, strict=True)]
        found.extend((e, t) for e, t in kept if e.text.strip())
    return tuple(settle(found, rules))
