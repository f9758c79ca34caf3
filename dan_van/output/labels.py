"""The report's labels in Vietnamese or English, from `dan_van/data/labels.yaml`, checked when first read."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any

from ..errors import RulesError
from ..language.load import read_packaged
from ..language.schema import File
from ..models import EntityType, Kind, Level

ORIGIN = "dan_van/data/labels.yaml"


class Lang(StrEnum):
    """The languages of the report."""

    VI = "vi"
    EN = "en"


@dataclass(frozen=True, slots=True)
class Labels:
    """Every label of one language, and the scale words of big numbers (the same in both)."""

    lang: Lang
    texts: dict[str, str]
    levels: dict[Level | None, str]
    kinds: dict[Kind, str]
    types: dict[EntityType, str]
    scales: tuple[tuple[Decimal, str], ...]  # largest first

    def __call__(self, name: str, **values: Any) -> str:
        """The label `name`, with the values its `{...}` marks name put in."""
        try:
            text = self.texts[name]
        except KeyError:
            raise KeyError(f"no report label {name!r} in {ORIGIN}") from None
        return text.format(**values) if values else text


def _texts(table: Any, key: str, lang: Lang, names: tuple[str, ...] | None = None) -> dict[str, str]:
    if not isinstance(table, dict):
        raise RulesError(f"{ORIGIN}: key '{key}' must be a mapping of names to {{vi: ..., en: ...}}")
    if names is not None and set(table) != set(names):
        raise RulesError(f"{ORIGIN}: key '{key}' must have exactly the entries {', '.join(names)}")
    out = {}
    for name, entry in table.items():
        if not isinstance(entry, dict) or any(not isinstance(entry.get(x), str) or not entry[x] for x in Lang):
            raise RulesError(f"{ORIGIN}: key '{key}.{name}' must give both vi and en, such as {{vi: tổng, en: total}}")
        out[str(name)] = entry[lang]
    return out


@cache
def labels(lang: Lang | str = Lang.VI) -> Labels:
    """The labels of `lang`, read once per process."""
    lang = Lang(lang)
    data = read_packaged(File.LABELS)
    levels = _texts(data["level_names"], "level_names", lang, (*(lv.value for lv in Level), "none"))
    kinds = _texts(data["kind_names"], "kind_names", lang, tuple(k.value for k in Kind))
    types = _texts(data["entity_type_names"], "entity_type_names", lang, tuple(t.value for t in EntityType))
    scales = sorted(((Decimal(n), word) for word, n in data["display_scales"].items()), reverse=True)
    return Labels(
        lang,
        _texts(data["report_labels"], "report_labels", lang),
        {None if name == "none" else Level(name): text for name, text in levels.items()},
        {Kind(name): text for name, text in kinds.items()},
        {EntityType(name): text for name, text in types.items()},
        tuple(scales),
    )
