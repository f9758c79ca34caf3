"""The loaded language data: packaged files with user overlays applied, ready to send to worker processes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .schema import Key, Shape, key


@dataclass(frozen=True, slots=True, eq=False)
class Rules:
    """All language data in force: every key of `schema.KEYS`, overlays applied.

    It holds data, not file paths, so it pickles whole to `--jobs` workers (and to Dask workers): a rules file
    read from a pipe or rules built in Python give the same results in every process. Objects built from it
    (word lists folded for look-up, the gazetteer's tables) are cached per Rules object by the stage that
    uses them. `fingerprint` is the sha256 of the bytes of every file it was built from.
    """

    data: Mapping[str, Any]
    sources: tuple[str, ...] = ()
    fingerprint: str = ""

    def _get(self, name: str, shape: Shape) -> Any:
        declared: Key = key(name)
        if declared.shape is not shape:
            raise KeyError(f"data key {name!r} is a {declared.shape}, not a {shape}")
        return self.data[name]

    def words(self, name: str) -> tuple[str, ...]:
        """A list of words."""
        return self._get(name, Shape.WORDS)

    def word(self, name: str) -> str:
        """A single word."""
        return self._get(name, Shape.WORD)

    def mapping(self, name: str) -> Mapping[str, tuple[str, ...]]:
        """A mapping of names to lists of words."""
        return self._get(name, Shape.WORD_MAP)

    def numbers(self, name: str) -> Mapping[str, int]:
        """A mapping of words to whole numbers."""
        return self._get(name, Shape.NUMBER_MAP)

    def names(self, name: str) -> Mapping[str, tuple[str, ...]]:
        """A gazetteer section: canonical names and their written forms."""
        return self._get(name, Shape.NAMES)

    def table(self, name: str) -> Any:
        """A nested table read by its own module."""
        return self._get(name, Shape.TABLE)
