"""One name, one type: mentions typed by the tagger alone take the type firmer mentions give the name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from ..models import Entity, EntityType


def agree(found: list[tuple[Entity, bool]]) -> list[Entity]:
    """The mentions of one document, each (entity, weak); a weak mention takes the type that firmer mentions
    give the same name, or PER when it is the family or given name of a person named in full."""
    firm: dict[str, Counter] = {}
    for entity, weak in found:
        firm.setdefault(entity.canonical, Counter())[entity.type] += 1 if weak else 2
    people = {
        part
        for entity, weak in found
        if entity.type is EntityType.PER and not weak
        for part in entity.canonical.split()
    }
    out = []
    for entity, weak in found:
        if weak:
            type_ = firm[entity.canonical].most_common(1)[0][0]
            if type_ == entity.type and entity.type is not EntityType.PER and entity.canonical in people:
                type_ = EntityType.PER
            if type_ != entity.type:
                entity = replace(entity, type=type_)
        out.append(entity)
    return out


def group(entities: Iterable[Entity]) -> list[tuple[str, EntityType, int]]:
    """(canonical, type, count) for every entity, most frequent first; works across documents."""
    counts = Counter((e.canonical, e.type) for e in entities)
    return [(name, type_, n) for (name, type_), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
