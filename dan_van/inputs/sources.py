"""Inputs: files, folders, globs and stdin, read as bytes and decoded to a `Source`."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import Source
from .decoding import decode

STDIN = "-"
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read, with the one-line message that says why."""

    name: str
    message: str


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Paths as the user gave them: folders become their `*.txt` files (sorted), globs their matches."""
    for path in paths:
        if path == STDIN:
            yield path
        elif os.path.isdir(path):
            found = sorted(str(p) for p in Path(path).rglob("*.txt") if p.is_file())
            yield from found or [path]
        elif not os.path.exists(path) and glob.has_magic(path):
            yield from sorted(glob.glob(path, recursive=True)) or [path]
        else:
            yield path


def read_bytes(name: str) -> bytes:
    """The bytes of one input; `-` is standard input."""
    if name == STDIN:
        return sys.stdin.buffer.read()
    try:
        size = os.path.getsize(name)
        if size > MAX_BYTES:
            raise InputError(
                f"{name}: {size / 2**20:.0f} MB is more than the {MAX_BYTES // 2**20} MB an input may have; "
                "split the file"
            )
        with open(name, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder with no .txt files; name the files to read") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; make the file readable (chmod +r)") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror}); check the file") from None


def load(name: str, encoding: str | None = None) -> Source:
    """Read and decode one input."""
    decoded = decode(read_bytes(name), encoding=encoding, name="<stdin>" if name == STDIN else name)
    return Source(name="<stdin>" if name == STDIN else name, text=decoded.text, encoding=decoded.encoding)


def sources(paths: Iterable[str], encoding: str | None = None) -> Iterator[Source | Failure]:
    """Every input in order: a `Source`, or a `Failure` that names it and says how to fix it."""
    for name in expand(paths):
        try:
            yield load(name, encoding)
        except InputError as exc:
            yield Failure("<stdin>" if name == STDIN else name, str(exc))
