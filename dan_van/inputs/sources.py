"""Inputs: files, folders, globs and stdin, read as bytes and decoded to a `Source`.

A file name is shown as the OS gives it, in every output format and message alike (`shown`): bytes that
are not UTF-8 and control characters are written `\\xHH`, a backslash `\\\\`, so that no name is lost or
breaks a line, and `printf '%b'` gives the bytes back.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from ..errors import InputError
from ..models import Source
from .decoding import decode

STDIN = "-"
STDIN_NAME = "<stdin>"
MAX_BYTES = 64 * 1024 * 1024
PATTERN = "*.txt"

# Surrogates stand for the bytes of a name that are not UTF-8 (Python's surrogateescape); controls and
# the backslash are escaped so that a name stays one line and can be read back. C1 controls and other
# lone surrogates (only a library caller can make those) are written `\uHHHH`, never as a byte.
_UNSAFE = re.compile(r"[\\\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read, with the one-line message that says why."""

    name: str
    message: str


def tell(item, say: Callable[[str], None]) -> int:
    """Say what went wrong with one input: a failure's message, or each warning of its analysis
    (`warning: ...`); 1 if it failed, else 0, for the run to count its failures."""
    if isinstance(item, Failure):
        say(item.message)
        return 1
    for warning in item.warnings:
        say(f"warning: {warning}")
    return 0


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x5C:
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def shown(name: str) -> str:
    """`name` as written in the output and in messages: one line, every byte of it recoverable."""
    if name == STDIN:
        return STDIN_NAME
    return _UNSAFE.sub(_escape, name) if _UNSAFE.search(name) else name


def expand(paths: Iterable[str], warn: Callable[[str], None] | None = None) -> Iterator[str]:
    """Paths as the user gave them: folders become their `*.txt` files (sorted), globs their matches.

    Inside a folder, a subfolder that cannot be read and a link that leads nowhere are skipped with a
    message to `warn`.
    """
    for path in paths:
        if path == STDIN:
            yield path
        elif os.path.isdir(path):
            yield from _folder(path, warn or (lambda message: None)) or [path]
        elif not os.path.exists(path) and not os.path.islink(path) and glob.has_magic(path):
            yield from sorted(glob.glob(path, recursive=True)) or [path]
        else:
            yield path


def _folder(top: str, warn: Callable[[str], None]) -> list[str]:
    def unreadable(error: OSError) -> None:
        where = error.filename if isinstance(error.filename, str) else top
        warn(f"{shown(where)}: folder skipped ({error.strerror}); make it readable (chmod +rx) to analyse it")

    found = []
    for folder, folders, files in os.walk(top, onerror=unreadable):
        folders.sort()  # warnings in a stable order
        for name in sorted(fnmatch.filter(files, PATTERN)):
            path = str(PurePath(folder, name))
            if os.path.isfile(path):
                found.append(path)
            elif os.path.islink(path):
                warn(f"{shown(path)}: a link to no file ({shown(os.readlink(path))}); skipped")
    return sorted(found)


def read_bytes(name: str) -> bytes:
    """The bytes of one input, at most MAX_BYTES of them; `-` is standard input."""
    label = shown(name)
    try:
        if name == STDIN:
            return _capped(sys.stdin.buffer, label)
        with open(name, "rb") as fh:
            size = os.fstat(fh.fileno())
            if stat.S_ISREG(size.st_mode) and size.st_size > MAX_BYTES:
                raise InputError(
                    f"{label}: {size.st_size / 2**20:.0f} MB is more than the {MAX_BYTES // 2**20} MB an input "
                    "may have; split the file"
                )
            return _capped(fh, label)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a folder with no .txt files; name the files to read") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied; make the file readable (chmod +r)") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror}); check the file") from None


def _capped(stream, label: str) -> bytes:
    """Read to the end, or refuse once more than MAX_BYTES came (a device, a pipe, a file still growing)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{label}: more than the {MAX_BYTES // 2**20} MB an input may have (reading stopped there); split the input"
        )
    return data


def load(name: str, encoding: str | None = None) -> Source:
    """Read and decode one input."""
    label = shown(name)
    decoded = decode(read_bytes(name), encoding=encoding, name=label)
    return Source(name=label, text=decoded.text, encoding=decoded.encoding)


def sources(paths: Iterable[str], encoding: str | None = None) -> Iterator[Source | Failure]:
    """Every input in order: a `Source`, or a `Failure` that names it and says how to fix it."""
    return load_each(expand(paths), encoding)


def load_each(names: Iterable[str], encoding: str | None = None) -> Iterator[Source | Failure]:
    """`load` for each name `expand` gave, in order; a `Failure` for each that cannot be read."""
    for name in names:
        try:
            yield load(name, encoding)
        except InputError as exc:
            yield Failure(shown(name), str(exc))
