"""Inputs without the tagger: names as written, folders with holes in them, the input cap."""

from __future__ import annotations

import io
import os
import re

import pytest

from dan_van.errors import InputError
from dan_van.inputs import sources
from dan_van.inputs.sources import expand, read_bytes, shown

NAMES = [
    ("plain.txt", "plain.txt"),
    ("tiếng Việt.txt", "tiếng Việt.txt"),
    (os.fsdecode(b"a\xff.txt"), "a\\xff.txt"),
    (os.fsdecode(b"\xc3(.txt"), "\\xc3(.txt"),
    ("back\\slash.txt", "back\\\\slash.txt"),
    ("new\nline\t.txt", "new\\x0aline\\x09.txt"),
    ("c1\x85.txt", "c1\\u0085.txt"),
    ("lone\ud800.txt", "lone\\ud800.txt"),
    ("-", "<stdin>"),
]


@pytest.mark.parametrize(("name", "written"), NAMES, ids=[repr(n) for n, _ in NAMES])
def test_names_are_written_on_one_line_and_losslessly(name, written):
    assert shown(name) == written
    assert "\n" not in written
    written.encode("utf-8")  # always writable, whatever the stream
    if name != "-" and "\ud800" not in name:
        assert _printf_b(written) == os.fsencode(name)


def _printf_b(written: str) -> bytes:
    """What bash's `printf '%b'` makes of a name as written."""

    def one(m: re.Match[bytes]) -> bytes:
        escape = m.group()
        if escape == b"\\\\":
            return b"\\"
        code = int(escape[2:], 16)
        return bytes([code]) if escape[1:2] == b"x" else chr(code).encode()

    return re.sub(rb"\\\\|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}", one, written.encode())


def test_a_folder_warns_about_what_it_cannot_read(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("x")
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    heard: list[str] = []
    found = list(expand([str(tmp_path)], warn=heard.append))
    assert found == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "c.txt")]
    assert heard == [
        f"{tmp_path}/gone.txt: a link to no file (nowhere.txt); skipped",
        f"{tmp_path}/loop.txt: a link to no file (loop.txt); skipped",
    ]


def test_a_folder_given_as_dot_slash_keeps_the_names_pathlib_gave(tmp_path, monkeypatch):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    assert list(expand(["./corpus/"])) == ["corpus/a.txt"]


def test_stdin_is_read_to_the_cap_and_no_further(monkeypatch):
    stream = io.BytesIO(b"x" * 5000)
    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    monkeypatch.setattr(sources.sys, "stdin", io.TextIOWrapper(stream))
    with pytest.raises(InputError, match=r"^<stdin>: more than the 0 MB an input may have \(reading stopped there\)"):
        read_bytes("-")
    assert stream.tell() == 1001


def test_a_regular_file_over_the_cap_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3 * 2**20)
    monkeypatch.setattr(sources, "MAX_BYTES", 2**20)
    with pytest.raises(InputError, match=r"big\.txt: 3 MB is more than the 1 MB an input may have; split the file"):
        read_bytes(str(path))
