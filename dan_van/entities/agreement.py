"""One name, one type: guessed mentions take the type firm mentions give the name, in a document or a corpus;
places whose name fits several provinces are told apart by the other places of their document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..language.load import packaged_rules
from ..language.rules import Rules
from ..models import Entity, EntityType
from .admin import resolve_place

LOC = EntityType.LOC


def _types(found: Iterable[tuple[Entity, bool]]) -> tuple[dict[str, Counter], set[str]]:
    """Votes for each name's type (a firm mention counts twice, a guess once, a tentative one not at all) and the
    parts of the names of persons given firmly."""
    votes: dict[str, Counter] = {}
    people: set[str] = set()
    for entity, tentative in found:
        if not tentative:
            votes.setdefault(entity.canonical, Counter())[entity.type] += 2 if entity.firm else 1
        if entity.type is EntityType.PER and entity.firm:
            people.update(entity.canonical.split())
    return votes, people


def _retyped(entity: Entity, tentative: bool, votes: dict[str, Counter], people: set[str]) -> Entity | None:
    if entity.firm:
        return entity
    counted = votes.get(entity.canonical)
    type_ = counted.most_common(1)[0][0] if counted else None
    if (type_ is None or type_ == entity.type and type_ is not EntityType.PER) and entity.canonical in people:
        type_ = EntityType.PER
    if type_ is None:
        return None if tentative else entity
    return entity if type_ == entity.type else replace(entity, type=type_, admin_level=None, province_today=None)


def _placed(entities: list[Entity], rules: Rules) -> list[Entity]:
    """Places given the level and today's province their name has in the context of the document's places."""
    provinces = {e.province_today for e in entities if e.province_today}
    out = []
    for entity in entities:
        if entity.type is LOC and entity.province_today is None:
            place = resolve_place(entity.text, rules, provinces)
            if place and place.start == 0 and place.end == len(entity.text):
                entity = replace(entity, admin_level=place.level, province_today=place.province_today)
        out.append(entity)
    return out


def settle(found: Sequence[tuple[Entity, bool]], rules: Rules | None = None) -> list[Entity]:
    """The mentions of one document, each (entity, tentative), agreed on one type per name: a guessed mention
    takes the type firm mentions give the same name, or PER when it is a part of a person's name given firmly;
    a tentative mention that nothing types is left out."""
    votes, people = _types(found)
    agreed = [e for e in (_retyped(entity, tentative, votes, people) for entity, tentative in found) if e]
    return _placed(agreed, rules or packaged_rules())


def agree(entities: Iterable[Entity], rules: Rules | None = None) -> tuple[Entity, ...]:
    """The entities of one document (found a paragraph at a time) agreed on one type per name across it."""
    return tuple(settle([(e, False) for e in entities], rules))


def corpus_types(documents: Iterable[Iterable[Entity]]) -> dict[str, EntityType]:
    """The names that firm mentions across a corpus give a single type, with that type."""
    seen: dict[str, set[EntityType]] = {}
    for entities in documents:
        for entity in entities:
            if entity.firm:
                seen.setdefault(entity.canonical, set()).add(entity.type)
    return {name: types.pop() for name, types in seen.items() if len(types) == 1}


def agree_corpus(
    documents: Iterable[Sequence[Entity]], types: dict[str, EntityType] | None = None
) -> list[tuple[Entity, ...]]:
    """Each document's entities with guessed mentions retyped where the corpus is unambiguous about the name
    (`types`, from `corpus_types` over these documents unless given, e.g. by a results store)."""
    documents = [tuple(d) for d in documents]
    types = corpus_types(documents) if types is None else types
    out = []
    for entities in documents:
        out.append(
            tuple(
                replace(e, type=types[e.canonical], admin_level=None, province_today=None)
                if not e.firm and e.canonical in types and types[e.canonical] != e.type
                else e
                for e in entities
            )
        )
    return out


def group(entities: Iterable[Entity]) -> list[tuple[str, EntityType, int]]:
    """(canonical, type, count) for every entity, most frequent first; works across documents."""
    counts = Counter((e.canonical, e.type) for e in entities)
    return [(name, type_, n) for (name, type_), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
