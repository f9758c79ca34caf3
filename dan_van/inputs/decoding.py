"""Bytes of any sane Vietnamese encoding -> text.

Detection, when no encoding is given:

1. A byte-order mark: UTF-8 (``utf-8-sig``, the mark removed), UTF-32 LE/BE (``utf-32``, tried before
   UTF-16, whose little-endian mark is the start of UTF-32's) or UTF-16 LE/BE (``utf-16``).
2. Binary input (a NUL byte, or many control bytes) raises `InputError`. UTF-16 or UTF-32 without a
   byte-order mark, told apart by where its NUL bytes fall, is refused with the ``encoding=`` to give
   (``utf-16-le``, ``utf-16-be``, ``utf-32-le`` or ``utf-32-be``).
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
Codecs that turn bytes into bytes or text into text (``base64``, ``hex``, ``rot13``, ``zlib``) are
refused as no text encoding.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from dataclasses import dataclass

from ..errors import DecodeError, InputError
from ..text.vietnamese import is_syllable
from .legacy import decode_font, tables, tcvn3_bytes, vni_bytes

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
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        with contextlib.suppress(DecodeError):  # FF FE 00 00 also opens UTF-16 LE text starting with U+0000
            return _decode_as(data, "utf-32", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", name)
    if _looks_binary(data):
        wide = _wide_without_bom(data)
        if wide:
            label = wide[:6].upper()
            raise InputError(f"{name}: looks like {label} text without a byte-order mark; pass --encoding {wide}")
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
    encode_char = tcvn3_bytes if canonical == "tcvn3" else vni_bytes
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
    if canonical in ("utf-16", "utf-32"):
        return Decoded(_decode_tolerating_tail(data, canonical, name), canonical)
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
    try:
        b"a".decode(python_name)  # bytes.decode refuses bytes-to-bytes and text-to-text codecs
    except LookupError:
        raise DecodeError(
            f"{name}: {encoding!r} is not a text encoding; pass --encoding with one of {', '.join(ENCODINGS)} "
            f"or a Python codec name such as latin-1"
        ) from None
    except UnicodeDecodeError:
        pass
    return python_name if python_name in ENCODINGS else key


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(sample)


def _wide_without_bom(data: bytes) -> str | None:
    """`utf-16-le`, `utf-16-be`, `utf-32-le` or `utf-32-be` when the NUL bytes of `data` fall where
    those encodings put them for Latin letters, digits and spaces; else None."""
    sample = data[: _SAMPLE_BYTES - _SAMPLE_BYTES % 4]
    quads = len(sample) // 4
    if quads < 2:
        return None
    nuls = [sample[i::4].count(0) / quads for i in range(4)]
    if min(nuls[2], nuls[3]) > 0.9 and nuls[1] > 0.3:
        return "utf-32-le" if nuls[0] < 0.5 else None
    if min(nuls[0], nuls[1]) > 0.9 and nuls[2] > 0.3:
        return "utf-32-be" if nuls[3] < 0.5 else None
    odd, even = (nuls[1] + nuls[3]) / 2, (nuls[0] + nuls[2]) / 2
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


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
    known = tables().known
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
    else:
        text = decode_font(data, encoding)
    return unicodedata.normalize("NFC", text)
