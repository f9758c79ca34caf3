"""Bytes of any sane Vietnamese encoding -> text.

Detection, when no encoding is given:

1. A byte-order mark: UTF-8 (``utf-8-sig``, the mark removed) or UTF-16 LE/BE (``utf-16``).
2. Binary input (a NUL byte, or many control bytes) raises `InputError`; so does UTF-16 without
   a byte-order mark, which needs ``encoding="utf-16-le"`` (or ``-be``).
3. Strict UTF-8 (pure ASCII is UTF-8). A file cut inside its last character still reads as UTF-8,
   the incomplete tail replaced by one U+FFFD: valid UTF-8 up to the last bytes is a far stronger
   sign than any legacy guess, and a legacy reading would garble every letter to save one.
4. Windows-1258, TCVN3 (ABC) and VNI-Windows are each tried, and the reading that looks most
   Vietnamese wins: the share of words with a non-ASCII letter that are valid Vietnamese syllables,
   plus the share that are syllables seen in a Vietnamese corpus. If none looks Vietnamese,
   `DecodeError` asks for ``--encoding``.

The text is returned as decoded, not normalised: offsets elsewhere index the input as decoded, and
`normalize.py` composes to NFC with a map back to these offsets. So UTF-8 and UTF-16 text stays
exactly as it was, NFD included. The legacy encodings are the exception: their Unicode form is our
own construction (Windows-1258 stores tone marks as combining characters, VNI as separate bytes),
so it is composed to NFC here.

A forced UTF-8 or UTF-16 also tolerates a cut last character; any other byte that does not decode
raises `DecodeError`. TCVN3 and VNI decode every byte, so forcing them never fails.

`encoding=` also takes any text codec Python knows (``latin-1``, ``utf-16-le``, ``cp1252`` ...):
the bytes are decoded strictly with it, left as decoded, and reported under Python's name for it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..errors import DecodeError, InputError, RulesError
from ..language.load import read_packaged
from ..language.schema import File
from ..text.vietnamese import is_syllable

ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni")

_ALIASES = {
    "utf8": "utf-8",
    "u8": "utf-8",
    "utf-8-bom": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "utf16": "utf-16",
    "windows-1258": "cp1258",
    "windows1258": "cp1258",
    "win1258": "cp1258",
    "cp-1258": "cp1258",
    "tcvn": "tcvn3",
    "tcvn-3": "tcvn3",
    "tcvn5712": "tcvn3",
    "tcvn-5712": "tcvn3",
    "vn3": "tcvn3",
    "abc": "tcvn3",
    "vni-windows": "vni",
    "vniwin": "vni",
    "vni-win": "vni",
}

# On a tie the first wins: the font encodings were far more used than Windows-1258.
_LEGACY = ("tcvn3", "vni", "cp1258")
_DATA_FILE = "dan_van/data/encodings.yaml"
_ALLOWED_CONTROLS = b"\t\n\v\f\r\x1a\x1b"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _ALLOWED_CONTROLS)
_MAX_CONTROL_SHARE = 0.1
_SAMPLE_BYTES = 64 * 1024
_MIN_VALID_SHARE = 0.6
_HINT = "pass a text file (UTF-8, UTF-16, Windows-1258, TCVN3 or VNI)"

_NON_ASCII = re.compile(rb"[\x80-\xff]")
# Runs of ASCII letters and non-ASCII characters: ASCII digits, punctuation and spaces split words.
_WORD = re.compile(r"[^\s!-@\[-`{-~]+")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the canonical name of the encoding it was read with."""

    text: str
    encoding: str


def decode(data: bytes, encoding: str | None = None, name: str = "<input>") -> Decoded:
    """Decode `data` with `encoding`, or detect it; `name` labels the input in error messages."""
    if encoding is not None:
        return _decode_as(data, encoding, name)
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data, "utf-8-sig", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", name)
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text; {_HINT}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        cut = _cut_utf8(data, err)
        if cut is not None and not data[: err.start].isascii():
            return Decoded(cut, "utf-8")
    return _detect_legacy(data, name, cut)


def encode_legacy(text: str, encoding: str, errors: str = "strict") -> bytes:
    """Encode `text` as TCVN3 or VNI, the bytes those fonts store; `errors="replace"` writes `?`.

    TCVN3 has no bytes for capitals with marks (.VnTimeH fonts draw lower-case bytes as capitals),
    so those are written, and read back, in lower case. Characters either encoding cannot hold,
    including Latin letters VNI spends on its marks (ñ, ö, ü ...), raise UnicodeEncodeError.
    """
    canonical = _alias(encoding)
    if canonical not in ("tcvn3", "vni"):
        raise ValueError(f"encode_legacy encodes tcvn3 or vni, not {encoding!r}")
    text = unicodedata.normalize("NFC", text)
    encode_char = _tcvn3_bytes if canonical == "tcvn3" else _vni_bytes
    out = bytearray()
    for i, char in enumerate(text):
        encoded = encode_char(char)
        if encoded is None:
            if errors != "replace":
                raise UnicodeEncodeError(canonical, text, i, i + 1, f"no {canonical} bytes for it")
            encoded = b"?"
        out += encoded
    return bytes(out)


def _decode_as(data: bytes, encoding: str, name: str) -> Decoded:
    canonical = _canonical(encoding, name)
    if canonical == "utf-8":
        if data.startswith(codecs.BOM_UTF8):
            canonical, data = "utf-8-sig", data[len(codecs.BOM_UTF8) :]
        return Decoded(_decode_tolerating_tail(data, "utf-8", name), canonical)
    if canonical == "utf-8-sig":
        data = data.removeprefix(codecs.BOM_UTF8)
        return Decoded(_decode_tolerating_tail(data, "utf-8", name, canonical), canonical)
    if canonical == "utf-16":
        return Decoded(_decode_tolerating_tail(data, "utf-16", name), canonical)
    if canonical in _LEGACY:
        return Decoded(_decode_legacy(data, canonical, name), canonical)
    try:
        return Decoded(data.decode(canonical), codecs.lookup(canonical).name)
    except UnicodeDecodeError as err:
        raise _decode_error(name, canonical, err) from None
    except LookupError:
        raise DecodeError(
            f"{name}: {encoding!r} is not a text encoding; pass --encoding with one of "
            f"{', '.join(ENCODINGS)} or a Python codec name such as latin-1"
        ) from None


def _alias(encoding: str) -> str:
    key = encoding.strip().lower().replace("_", "-").replace(" ", "-")
    return _ALIASES.get(key, key)


def _canonical(encoding: str, name: str) -> str:
    """Map a user's encoding name to ours, or to Python's name for a codec it knows."""
    key = _alias(encoding)
    if key in ENCODINGS:
        return key
    try:
        python_name = codecs.lookup(key).name
    except LookupError:
        raise DecodeError(
            f"{name}: unknown encoding {encoding!r}; pass --encoding with one of {', '.join(ENCODINGS)} "
            f"or a Python codec name such as latin-1"
        ) from None
    return python_name if python_name in ENCODINGS else key


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(sample)


def _cut_utf8(data: bytes, err: UnicodeDecodeError) -> str | None:
    """UTF-8 cut inside its last character, the cut character replaced by U+FFFD; else None."""
    if not _is_cut_tail(err):
        return None
    return data[: err.start].decode("utf-8") + "\ufffd"


def _is_cut_tail(err: UnicodeDecodeError) -> bool:
    return err.end == len(err.object) and err.reason in ("unexpected end of data", "truncated data")


def _decode_tolerating_tail(data: bytes, codec: str, name: str, label: str | None = None) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        if not _is_cut_tail(err):
            raise _decode_error(name, label or codec, err) from None
        return data[: err.start].decode(codec) + "\ufffd"


def _decode_error(name: str, encoding: str, err: UnicodeDecodeError) -> DecodeError:
    byte = err.object[err.start]
    return DecodeError(
        f"{name}: cannot decode as {encoding}: byte 0x{byte:02x} at offset {err.start} is not valid "
        f"{encoding}; pass another --encoding ({', '.join(ENCODINGS)})"
    )


def _detect_legacy(data: bytes, name: str, cut_utf8: str | None) -> Decoded:
    # Score from the first non-ASCII byte on: ASCII reads the same in every candidate.
    first = _NON_ASCII.search(data)
    start = max(0, first.start() - 256) if first else 0
    sample = data[start : start + _SAMPLE_BYTES]
    best: tuple[float, str] | None = None
    for encoding in _LEGACY:
        try:
            text = _decode_legacy(sample, encoding, name)
        except DecodeError:
            continue
        valid, known = _vietnamese_score(text)
        if valid >= _MIN_VALID_SHARE and (best is None or valid + known > best[0]):
            best = (valid + known, encoding)
    if best is not None:
        return Decoded(_decode_legacy(data, best[1], name), best[1])
    if cut_utf8 is not None:
        return Decoded(cut_utf8, "utf-8")
    raise DecodeError(
        f"{name}: cannot tell the encoding: the bytes are not UTF-8 and do not read as Vietnamese "
        f"in Windows-1258, TCVN3 or VNI; pass --encoding with one of {', '.join(ENCODINGS)} "
        f"or a Python codec name such as latin-1"
    )


def _vietnamese_score(text: str) -> tuple[float, float]:
    """Shares of words with a non-ASCII letter that are valid, and known, Vietnamese syllables."""
    known = _tables().known
    marked = valid = attested = 0
    for match in _WORD.finditer(text):
        for word in _split_glued(_strip_punctuation(match.group())):
            if word.isascii():
                continue
            marked += 1
            word = word.lower()
            if is_syllable(word):
                valid += 1
                attested += word in known
    if marked == 0:
        return 0.0, 0.0
    return valid / marked, attested / marked


def _strip_punctuation(word: str) -> str:
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start])[0] == "P":
        start += 1
    while end > start and unicodedata.category(word[end - 1])[0] == "P":
        end -= 1
    return word[start:end]


def _split_glued(word: str) -> list[str]:
    """Split words glued at a capital, as in "PhươngTheo", a common scraping artefact."""
    cuts = [i for i in range(1, len(word)) if word[i].isupper() and word[i - 1].islower()]
    return [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]


def _decode_legacy(data: bytes, encoding: str, name: str) -> str:
    if encoding == "cp1258":
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError as err:
            raise _decode_error(name, encoding, err) from None
    elif encoding == "tcvn3":
        text = data.decode("latin-1").translate(_tables().tcvn3_decode)
    else:
        tables = _tables()
        text = tables.vni_pattern.sub(lambda m: tables.vni_decode[m.group()], data.decode("latin-1").translate(_CP1252))
    return unicodedata.normalize("NFC", text)


def _tcvn3_bytes(char: str) -> bytes | None:
    tables = _tables()
    byte = tables.tcvn3_letters.get(char)
    if byte is None:
        byte = tables.tcvn3_letters.get(char.lower(), tables.tcvn3_other.get(char))
    return None if byte is None else bytes([byte])


def _vni_bytes(char: str) -> bytes | None:
    tables = _tables()
    spelling = tables.vni_encode.get(char)
    if spelling is None:
        if char in tables.vni_marks:
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
def _tables() -> _Tables:
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
