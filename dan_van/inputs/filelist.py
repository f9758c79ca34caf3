"""Lists of files: `--files-from FILE` (or `-`), and `ls *.txt | danvan analyze` told apart from an article."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

from ..errors import InputError
from .sources import STDIN

PEEK_BYTES = 64 * 1024
MAX_NAME_BYTES = 4096


def listed(source: str) -> Iterator[str]:
    """The paths of a list file, one a line (blank lines skipped), streamed; `-` is standard input."""
    try:
        stream = sys.stdin.buffer if source == STDIN else open(source, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"--files-from {source}: cannot be read ({exc.strerror}); check the path") from None
    try:
        for line in stream:
            name = os.fsdecode(line.rstrip(b"\r\n"))
            if name.strip():
                yield name
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def file_names(head: bytes) -> int:
    """How many lines of `head` (the start of standard input) name existing files, when all its complete lines
    do; 0 when any line is something else (an article)."""
    lines = head.split(b"\n")
    if len(head) >= PEEK_BYTES:
        lines.pop()  # a line the peek may have cut short
    names = [line.rstrip(b"\r") for line in lines if line.strip()]
    if not names or any(len(n) > MAX_NAME_BYTES or not os.path.isfile(os.fsdecode(n)) for n in names):
        return 0
    return len(names)


def peek_stdin() -> bytes:
    """The first bytes of standard input, left to be read again."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return b""
    if hasattr(buffer, "peek"):
        try:
            return buffer.peek(PEEK_BYTES)[:PEEK_BYTES]
        except (OSError, ValueError):
            return b""
    if buffer.seekable():
        at = buffer.tell()
        head = buffer.read(PEEK_BYTES)
        buffer.seek(at)
        return head
    return b""
