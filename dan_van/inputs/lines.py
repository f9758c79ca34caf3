"""`--lines`: one document per line of a large text file (binhvq's `corpus-full.txt`), streamed.

The file is read a line at a time, so memory follows the longest line, not the file. A document is named
`FILE:N` with its 1-based line number; blank lines are no documents.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

from .entries import Entry, failed, from_bytes
from .sources import STDIN

MAX_LINE_BYTES = 64 * 1024 * 1024


def read(name: str, keep: Callable[[str], bool] | None = None) -> Iterator[Entry]:
    """The non-blank lines of one file (or of standard input, `-`), one entry each."""
    shown = "<stdin>" if name == STDIN else name
    try:
        stream = sys.stdin.buffer if name == STDIN else open(name, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield failed(shown, f"{shown}: cannot be read ({exc.strerror}); check the path")
        return
    try:
        for number, line in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""), 1):
            label = f"{shown}:{number}"
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                message = f"{label}: a line of more than {MAX_LINE_BYTES // 2**20} MB; split it"
                yield failed(label, message, shown, number)
                _skip_rest_of_line(stream)
            elif line.strip() and (keep is None or keep(label)):
                yield from_bytes(label, line.rstrip(b"\r\n"), shown, number)
    except OSError as exc:
        yield failed(shown, f"{shown}: reading stopped ({exc.strerror}); check the file")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _skip_rest_of_line(stream) -> None:
    while (chunk := stream.readline(MAX_LINE_BYTES)) and not chunk.endswith(b"\n"):
        pass
