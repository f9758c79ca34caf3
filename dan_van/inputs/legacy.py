"""The byte tables of the legacy Vietnamese font encodings, TCVN3 (ABC) and VNI, from data/encodings.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..errors import RulesError
from ..language.load import read_packaged
from ..language.schema import File

_DATA_FILE = "dan_van/data/encodings.yaml"


def decode_font(data: bytes, encoding: str) -> str:
    """`data` read as TCVN3 or VNI, which decode every byte (the text is not yet composed to NFC)."""
    if encoding == "tcvn3":
        return data.decode("latin-1").translate(tables().tcvn3_decode)
    found = tables()
    return found.vni_pattern.sub(lambda m: found.vni_decode[m.group()], data.decode("latin-1").translate(_CP1252))


def tcvn3_bytes(char: str) -> bytes | None:
    """The TCVN3 byte of one character, or None when TCVN3 has none."""
    found = tables()
    byte = found.tcvn3_letters.get(char)
    if byte is None:
        byte = found.tcvn3_letters.get(char.lower(), found.tcvn3_other.get(char))
    return None if byte is None else bytes([byte])


def vni_bytes(char: str) -> bytes | None:
    """The VNI bytes of one character, or None when VNI cannot write it."""
    found = tables()
    spelling = found.vni_encode.get(char)
    if spelling is None:
        if char in found.vni_marks:
            return None
        spelling = char
    try:
        return spelling.encode("cp1252")
    except UnicodeEncodeError:
        return None


def _cp1252_table() -> dict[int, str]:
    """Latin-1 code points -> Windows-1252 characters, for 0x80-0x9F (its five holes stay as C1)."""
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_CP1252 = _cp1252_table()


@dataclass(frozen=True, slots=True)
class _Tables:
    """The legacy tables of data/encodings.yaml, ready to decode and encode with."""

    tcvn3_decode: dict[int, str]
    tcvn3_letters: dict[str, int]
    tcvn3_other: dict[str, int]
    vni_decode: dict[str, str]
    vni_encode: dict[str, str]
    vni_pattern: re.Pattern[str]
    vni_marks: frozenset[str]
    known: frozenset[str]


@cache
def tables() -> _Tables:
    """The tables, read and checked once per process."""
    raw = read_packaged(File.ENCODINGS)
    tcvn3 = _flatten(raw, "tcvn3", "letters") | _flatten(raw, "tcvn3", "marks", grouped=False)
    vni = _flatten(raw, "vni", "letters")
    if any(not isinstance(b, int) or not 0x80 <= b <= 0xFF for b in tcvn3.values()):
        raise RulesError(f"{_DATA_FILE}: tcvn3: every byte must be an integer 0x80-0xFF")
    if len(set(tcvn3.values())) != len(tcvn3):
        raise RulesError(f"{_DATA_FILE}: tcvn3: two characters share a byte")
    if len(set(vni.values())) != len(vni):
        raise RulesError(f"{_DATA_FILE}: vni: two letters share a spelling")

    # Bytes TCVN3 leaves free read as Windows-1252, then as Latin-1.
    tcvn3_decode: dict[int, str] = dict(_CP1252)
    tcvn3_decode.update({byte: char for char, byte in tcvn3.items()})
    tcvn3_other = {chr(b): b for b in range(0x100) if b not in tcvn3_decode}
    tcvn3_other.update({char: b for b, char in _CP1252.items()})
    vni_decode = {spelling: letter for letter, spelling in vni.items()}
    alternatives = sorted(vni_decode, key=len, reverse=True)
    return _Tables(
        tcvn3_decode=tcvn3_decode,
        tcvn3_letters=tcvn3,
        tcvn3_other=tcvn3_other,
        vni_decode=vni_decode,
        vni_encode=vni,
        vni_pattern=re.compile("|".join(map(re.escape, alternatives))),
        vni_marks=frozenset(char for spelling in vni.values() for char in spelling if not char.isascii()),
        known=frozenset(raw.get("known_syllables") or ()),
    )


def _flatten(raw: object, encoding: str, key: str, *, grouped: bool = True) -> dict:
    table = raw.get(encoding) if isinstance(raw, dict) else None
    section = table.get(key) if isinstance(table, dict) else None
    if not isinstance(section, dict):
        raise RulesError(f"{_DATA_FILE}: {encoding}.{key} must be a mapping")
    if not grouped:
        return dict(section)
    flat: dict = {}
    for group, letters in section.items():
        if not isinstance(letters, dict):
            raise RulesError(f"{_DATA_FILE}: {encoding}.{key}.{group} must map letters to their bytes")
        flat.update(letters)
    return flat
