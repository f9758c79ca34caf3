"""Every document of every input, whatever its shape: files, folders and globs, records, lines, standard input."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..errors import InputError
from . import lines, records
from .entries import Entry, Shape, failed, from_bytes, is_records
from .sources import STDIN, expand, read_bytes


def documents(
    names: Iterable[str], shape: Shape | None = None, keep: Callable[[str], bool] | None = None
) -> Iterator[Entry]:
    """Every document of every input, in input order; `keep` picks documents by name before they are read."""
    shape = shape or Shape()
    for name in expand(names):
        if shape.lines:
            yield from lines.read(name, keep)
        elif name != STDIN and is_records(name):
            yield from records.read(name, shape, keep)
        elif keep is None or keep("<stdin>" if name == STDIN else name):
            yield _file(name)


def _file(name: str) -> Entry:
    shown = "<stdin>" if name == STDIN else name
    try:
        return from_bytes(shown, read_bytes(name), shown)
    except InputError as exc:
        return failed(shown, str(exc))
