"""Vietnamese orthography in one place: letters, tone marks, tone placement and the shape of a syllable.

Three questions about tones are asked in danvan, all answered here from the same five marks:
- `retone`: the one placement text is cleaned to (`hoà` -> `hòa`), the form underthesea's normaliser uses;
- `tone_key`: a key that ignores placement altogether (`Hoà` and `Hòa` give one key), for gazetteer look-ups;
- `is_syllable`: whether a word is a well-formed syllable, for telling legacy encodings apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_VI = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
LOWER = "a-z" + _VI
UPPER = "A-Z" + _VI.upper()

# huyền, sắc, ngã, hỏi, nặng as combining marks.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Combining marks of Vietnamese text in NFD: the tones and the hats and horns.
COMBINING = "\u0300-\u036f\u0323\u0309\u0303"

# Old-style tone placement on the second vowel of an open `oa`, `oe`, `uy` -> on the first one.
_TONES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONES.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_TONES.items())})
_TONE_RE = re.compile(rf"(?<![qQ])({'|'.join(_TONES)})(?![{LOWER}{UPPER}])")


def retone(text: str) -> str:
    """Put tone marks of open `oa`, `oe`, `uy` syllables on the first vowel (`hoà` -> `hòa`); same length."""
    return _TONE_RE.sub(lambda m: _TONES[m.group(1)], text)


@cache
def tone_key(syllable: str) -> str:
    """A syllable with its tone mark moved to the end: `Hoà` and `Hòa` get the same key."""
    parts = unicodedata.normalize("NFD", syllable)
    tones = "".join(c for c in parts if c in TONE_MARKS)
    return unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones


def phrase_key(phrase: str) -> str:
    """The keys of a phrase's syllables joined without spaces (`TP. HCM` and `TP.HCM` are one key)."""
    return "".join(tone_key(s) for s in phrase.split())


_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:iêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|yêu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê"
    r"|[aăâeêioôơuưy])"
    r"(?:nh|ng|m|n|(?P<stop>ch|[cpt]))?"
)


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether a lower-case word is a well-formed Vietnamese syllable, with at most one tone that fits it."""
    if not word.isalpha():
        return False
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    match = _SYLLABLE.fullmatch(toneless)
    if match is None:
        return False
    # A syllable closed by c, ch, p or t takes only the sắc or nặng tone.
    return not (match.group("stop") and tones and tones[0] not in "\u0301\u0323")
