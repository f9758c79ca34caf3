"""Load and validate the YAML rules: the packaged defaults, then any user files laid over them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import RulesError

LISTS = (
    "abbreviations",
    "percent",
    "people",
    "households",
    "meetings",
    "meeting_counters",
    "labels",
    "not_labels",
    "unit_heads",
    "not_units",
    "qualifiers",
    "qualifiers_after",
    "one_counts",
    "money_cues",
    "recipient_markers",
    "donor_markers",
    "name_prefixes",
    "not_donation",
    "subject_skip",
    "not_goods",
    "gift_units",
    "captions",
    "level_markers",
)
MAPPINGS = {
    "currencies": None,
    "measures": None,
    "levels": ("central", "province", "district", "commune"),
    "standalone_levels": ("central", "province", "district", "commune"),
    "donation_verbs": ("give", "receive", "weak"),
}


def _words(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise RulesError(f"{where} must be a list of words")
    return [str(v) for v in value]


def validate(data: Any, origin: str) -> dict[str, Any]:
    """Check the shape of one rules document; the message names the file and the key."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RulesError(f"{origin}: a rules file must be a mapping of keys to word lists")
    allowed = sorted([*LISTS, *MAPPINGS])
    out: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{origin}: key '{key}'"
        if key in LISTS:
            out[key] = _words(value, where)
        elif key in MAPPINGS:
            if not isinstance(value, dict):
                raise RulesError(f"{where} must be a mapping of names to word lists")
            names = MAPPINGS[key]
            for name, words in value.items():
                if names is not None and name not in names:
                    raise RulesError(f"{where}: '{name}' is not one of {', '.join(names)}")
                out.setdefault(key, {})[str(name)] = _words(words, f"{where}.{name}")
        else:
            raise RulesError(f"{where} is unknown; allowed keys: {', '.join(allowed)}")
    return out


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in base.items()}
    for key, value in extra.items():
        if isinstance(value, dict):
            target = merged.setdefault(key, {})
            for name, words in value.items():
                target[name] = [*target.get(name, []), *words]
        else:
            merged[key] = [*merged.get(key, []), *value]
    return merged


def read(path: str | Path) -> dict[str, Any]:
    """One user rules file, validated."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the rules file ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise RulesError(f"{path}: not valid YAML{at}; fix the syntax") from None
    return validate(data, str(path))


@cache
def _package() -> dict[str, Any]:
    text = resources.files("dan_van").joinpath("data/rules.yaml").read_text(encoding="utf-8")
    return validate(yaml.safe_load(text), "dan_van/data/rules.yaml")


@dataclass(frozen=True, slots=True, eq=False)
class Rules:
    """The extraction rules in force: package defaults with user files laid over them."""

    data: dict[str, Any]
    sources: tuple[str, ...] = ()
    gazetteers: tuple[str, ...] = ()  # user gazetteer files, laid over the packaged ones by the entity layer

    def words(self, key: str) -> list[str]:
        """A word list by key."""
        return self.data.get(key, [])

    def mapping(self, key: str) -> dict[str, list[str]]:
        """A mapping of names to word lists by key."""
        return self.data.get(key, {})


def load_rules(extra: Sequence[str | Path] = (), gazetteers: Sequence[str | Path] = ()) -> Rules:
    """The packaged rules, then each user file in order (lists are extended, mappings merged)."""
    data = _package()
    for path in extra:
        data = _merge(data, read(path))
    return Rules(data, tuple(str(p) for p in extra), tuple(str(p) for p in gazetteers))
