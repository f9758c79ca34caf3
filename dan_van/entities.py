"""Entity spans from the tagger's BIO tags, repaired with gazetteers, organisation heads and titles.

underthesea's CRF tags words; its spans often carry a title, a date or a job noun at an edge, miss
organisations or call them places. Here a sentence is read syllable by syllable, left to right: a
gazetteer name, an organisation head with its name, an administrative prefix with its place, or a title
with the person after it each make an entity; other capitalised runs take the type the tagger gave them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

import yaml

from .errors import RulesError
from .models import Entity, Sentence
from .normalize import retone

DATA = Path(__file__).parent / "data"

# Sections of a gazetteer file: canonical name -> written forms, and plain word lists.
NAMES = {
    "provinces": "LOC",
    "cities": "LOC",
    "regions": "LOC",
    "countries": "LOC",
    "organisations": "ORG",
    "misc": "MISC",
}
LISTS = (
    "org_heads",
    "org_heads_lower",
    "org_kind_words",
    "company_suffixes",
    "admin_prefixes",
    "place_nouns",
    "titles",
    "job_nouns",
    "not_entities",
    "other_heads",
    "product_words",
    "place_heads",
    "surnames",
    "given_names",
    "stop_words",
    "quantifiers",
    "country_cues",
    "place_prepositions",
    "numbered_prefixes",
)
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_WORD = re.compile(r"\S+")
_NUMBER = re.compile(r"^\d{1,3}[A-Za-z]?$")
_ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ&\-]{1,7}$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_QUALIFIERS = frozenset(("Trung ương", "Quốc gia", "Quốc tế", "Việt Nam"))
_OPENING = frozenset(("“", '"', "«", "‘", "'"))
_NOUNISH = frozenset(("N", "Nc", "Np", "Ny", "Nu", "A"))
# Acronyms that name a body only with the place they govern (`UBND tỉnh Sóc Trăng`).
_PLACED = frozenset(("UBND", "HĐND", "CDC", "MTTQ", "UBMTTQ"))
_NO_NAME = (0, "", "")
_NOTHING: frozenset[str] = frozenset()


@cache
def _key(syllable: str) -> str:
    """A syllable with its tone mark moved to the end: `Hoà` and `Hòa` get the same key."""
    parts = unicodedata.normalize("NFD", syllable)
    tones = "".join(c for c in parts if c in _TONE_MARKS)
    return unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS)) + tones


def _phrase_key(phrase: str) -> str:
    return "".join(_key(s) for s in phrase.split())


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Known names by type and canonical form, with the word lists that frame names in text."""

    names: Mapping[str, tuple[str, str]]
    lists: Mapping[str, frozenset[str]]
    longest: int
    sources: tuple[str, ...] = ()
    # Keys of the first syllables of every phrase, by section ("" for names): a look-up stops early.
    prefixes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # The sections ("" for names) with a phrase whose key starts with a given string: most syllables open
    # none, so a look-up at them is one set test.
    openers: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        openers: dict[str, set[str]] = {}
        for section, keys in [("", self.names), *self.lists.items()]:
            for key in keys:
                for k in range(len(key) + 1):
                    openers.setdefault(key[:k], set()).add(section)
        object.__setattr__(self, "openers", {k: frozenset(v) for k, v in openers.items()})

    def word(self, section: str, key: str) -> bool:
        """Whether the phrase key is in a word list (case-sensitive; tones do not matter)."""
        return key in self.lists[section]


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{path}: cannot read gazetteer ({exc.strerror}); check the path") from exc
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML ({exc}); fix the syntax") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RulesError(f"{path}: a gazetteer is a mapping of sections; allowed keys: {', '.join([*NAMES, *LISTS])}")
    for key, value in data.items():
        if key in NAMES:
            if not isinstance(value, dict):
                raise RulesError(f"{path}: key '{key}' must map canonical names to lists of forms")
            for name, forms in value.items():
                if isinstance(forms, str):
                    forms = [forms]
                if (
                    not isinstance(name, str)
                    or not name.strip()
                    or not isinstance(forms, list)
                    or not all(isinstance(f, str) and f.strip() for f in forms)
                ):
                    raise RulesError(f"{path}: key '{key}.{name}' must be a list of non-empty strings")
        elif key in LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise RulesError(f"{path}: key '{key}' must be a list of non-empty strings")
        else:
            raise RulesError(f"{path}: unknown key '{key}'; allowed keys: {', '.join([*NAMES, *LISTS])}")
    return data


def load_gazetteer(extra: Sequence[str | Path] = ()) -> Gazetteer:
    """The packaged gazetteers, then user files overlaid (same keys extend lists and override names)."""
    return _load(tuple(str(p) for p in extra))


@cache
def _load(extra: tuple[str, ...]) -> Gazetteer:
    packaged = sorted(DATA.glob("gazetteer*.yaml"))
    paths = [*packaged, *(Path(p) for p in extra)]
    lists: dict[str, list[str]] = {section: [] for section in LISTS}
    table: dict[str, tuple[str, str]] = {}
    forms_seen: list[str] = []
    longest = 1
    for path in paths:
        for key, value in _read(path).items():
            if key not in NAMES:
                lists[key].extend(value)
                continue
            for canonical, forms in value.items():
                for form in [forms] if isinstance(forms, str) else forms or [canonical]:
                    entry = (NAMES[key], canonical)
                    # Within the package the first section wins (a province before a city of the same
                    # name); a user's file overrides the package.
                    if path in packaged:
                        table.setdefault(_phrase_key(form), entry)
                    else:
                        table[_phrase_key(form)] = entry
                    forms_seen.append(form)
                    longest = max(longest, len(form.split()) + form.count("."))
    # `PGS.`, `TS.`: an abbreviated title keeps its full stop.
    lists["titles"] += [t + "." for t in lists["titles"] if t.isupper() or t[:1].isupper() and len(t) <= 4]
    keyed = {k: frozenset(_phrase_key(v) for v in vs) for k, vs in lists.items()}
    prefixes = {k: _prefixes(vs) for k, vs in lists.items()}
    prefixes[""] = _prefixes(forms_seen)
    return Gazetteer(table, keyed, longest + 2, tuple(str(p) for p in paths), prefixes)


def _prefixes(phrases: Iterable[str]) -> frozenset[str]:
    out = set()
    for phrase in phrases:
        syllables = phrase.split()
        for k in range(1, len(syllables)):
            out.add(_phrase_key(" ".join(syllables[:k])))
        # `TP.HCM` may reach the tagger as `TP` `.` `HCM`: every cut of a glued form is a prefix too.
        key = _phrase_key(phrase)
        out.update(key[:k] for k in range(1, len(key)))
    return frozenset(out)


@dataclass(slots=True)
class _Unit:
    """A syllable of the sentence with its word's tags and its span in the input."""

    form: str
    key: str
    low: str
    lowkey: str
    start: int
    end: int
    word: int
    pos: str
    ner: str
    cap: bool
    punct: bool


@lru_cache(maxsize=1 << 16)
def _pieces(form: str, text: str) -> tuple[tuple[str, int, int | None, str, str, str, bool, bool], ...]:
    """The syllables of a word as the tagger wrote it (`form`) and as the input has it (`text`): each with
    its span from the word's start (None: to the word's end), its key, lower case and key, capital and
    punctuation. Words recur, so this is worked out once per spelling. A word whose syllables cannot be
    found in its text stays whole, spaces and all, and its key drops the spaces."""
    syllables = form.split()
    pieces = list(_WORD.finditer(text))
    if len(pieces) != len(syllables) or not syllables:
        syllables, spans = [form], [(0, None)]
    else:
        spans = [(m.start(), m.end()) for m in pieces]
    out = []
    for syllable, (s, e) in zip(syllables, spans, strict=True):
        low = syllable.lower()
        cap = syllable[:1].isupper()
        punct = not any(c.isalnum() for c in syllable)
        out.append((syllable, s, e, _phrase_key(syllable), low, _phrase_key(low), cap, punct))
    return tuple(out)


def _units(sentence: Sentence) -> list[_Unit]:
    units = []
    for w, token in enumerate(sentence.tokens):
        start, end, pos, ner = token.start, token.end, token.pos, token.ner
        for syllable, s, e, key, low, lowkey, cap, punct in _pieces(token.form, token.text):
            e = end if e is None else start + e
            units.append(_Unit(syllable, key, low, lowkey, start + s, e, w, pos, ner, cap, punct))
    return units


@dataclass(slots=True)
class _Span:
    i: int
    j: int
    type: str
    canonical: str
    title: tuple[int, int] | None = None
    # Typed by the tagger alone, not by a gazetteer or a rule: other mentions in the document may retype it.
    weak: bool = False


class _Reader:
    """One sentence read left to right into entity spans."""

    def __init__(self, units: list[_Unit], gaz: Gazetteer):
        self.u = units
        self.n = len(units)
        self.g = gaz
        self.spans: list[_Span] = []
        # Look-ups already made: phrases by (start, section, fold); names by start, wherever they stand and
        # on their own.
        self.memo: dict[tuple[int, str, bool], int] = {}
        self.names: dict[int, tuple[int, str, str]] = {}
        self.alone: dict[int, tuple[int, str, str]] = {}
        self.first = next((k for k, u in enumerate(units) if not u.punct), len(units))
        self.caps = [u.cap and not u.punct for u in units]
        # What each syllable may open, and nothing past the end (where look-ups may start, and find nothing).
        self.opens = [gaz.openers.get(u.key, _NOTHING) for u in units] + [_NOTHING]

    # -- look-ups -------------------------------------------------------------------------------------
    def stop(self, u: _Unit) -> bool:
        """A word that ends a name when it follows one (`ngày`, `của`, `đã`...)."""
        return self.g.word("stop_words", u.lowkey)

    def cap(self, i: int) -> bool:
        return 0 <= i < self.n and self.caps[i]

    def starts_sentence(self, i: int) -> bool:
        return i <= self.first

    def phrase(self, i: int, section: str, fold: bool = False) -> int:
        """End of the longest phrase of a word list starting at i, else 0 (`fold`: its first letter may be a
        capital)."""
        if section not in self.opens[i] and not (fold and section in self.folded(i)):
            return 0
        memo = (i, section, fold)
        end = self.memo.get(memo)
        if end is None:
            end = self.memo[memo] = self._phrase(i, section, fold)
        return end

    def _phrase(self, i: int, section: str, fold: bool) -> int:
        best, key = 0, ""
        words = self.g.lists[section]
        prefixes = self.g.prefixes.get(section)
        for j in range(i, min(self.n, i + 8)):
            part = self.u[j].key
            key += part
            if not fold and prefixes is not None and j > i and key[: -len(part)] not in prefixes:
                break
            if key in words or fold and key[:1].lower() + key[1:] in words:
                best = j + 1
        return best

    def folded(self, i: int) -> frozenset[str]:
        """What the syllable at i may open with its first letter in lower case."""
        if i >= self.n:
            return _NOTHING
        key = self.u[i].key
        return self.g.openers.get(key[:1].lower() + key[1:], _NOTHING)

    def gaz(self, i: int) -> tuple[int, str, str]:
        """The longest gazetteer name at i that stands on its own: (end, type, canonical), else (0, "", "")."""
        if "" not in self.opens[i]:
            return _NO_NAME
        found = self.alone.get(i)
        if found is None:
            found = self.alone[i] = self._gaz(i)
        return found

    def known(self, i: int) -> tuple[int, str, str]:
        """The longest gazetteer name at i, wherever it stands."""
        if "" not in self.opens[i]:
            return _NO_NAME
        if i not in self.names:
            best, key = _NO_NAME, ""
            prefixes = self.g.prefixes.get("")
            for j in range(i, min(self.n, i + self.g.longest)):
                if prefixes is not None and j > i and key not in prefixes:
                    break
                key += self.u[j].key
                hit = self.g.names.get(key)
                if hit:
                    best = (j + 1, *hit)
            self.names[i] = best
        return self.names[i]

    def _gaz(self, i: int) -> tuple[int, str, str]:
        best = self.known(i)
        end = best[0]
        if not end:
            return best
        # A name glued to capitalised syllables is part of a longer name (`Thúy Nga`, `Thanh Mỹ`).
        before = (
            self.cap(i - 1)
            and not _ACRONYM.match(self.u[i - 1].form)
            and not self.opens_at(i)
            and (best[1] == "LOC" or self.u[i - 1].word == self.u[i].word)
        )
        after = self.cap(end) and self.u[end].word == self.u[end - 1].word and best[1] != "ORG"
        if before or after:
            return _NO_NAME
        return best

    def opens_at(self, i: int) -> bool:
        """Whether an organisation head, a place head or an administrative prefix ends right before i."""
        return any(
            self.phrase(k, section) == i
            for k in range(max(0, i - 3), i)
            for section in ("org_heads", "admin_prefixes", "place_heads", "titles")
        )

    def quantified(self, i: int) -> bool:
        """`các CLB`, `2 trường`, `5 huyện`: a kind of thing counted, not a name."""
        return i > 0 and (self.g.word("quantifiers", self.u[i - 1].lowkey) or self.u[i - 1].form.isdigit())

    def surface(self, i: int, j: int) -> str:
        out = self.u[i].form
        for k in range(i + 1, j):
            glue = self.u[k].start == self.u[k - 1].end
            out += ("" if glue else " ") + self.u[k].form
        return out

    def person_like(self, i: int) -> bool:
        """A family name followed by capitalised syllables that are not a known name."""
        if not self.cap(i) or not self.cap(i + 1) or self.known(i)[0]:
            return False
        if self.g.word("given_names", self.u[i].key):
            return True
        if not self.g.word("surnames", self.u[i].key):
            return False
        # `Đoàn Thanh niên` is a body, `Đoàn Khắc Việt` a person.
        if self.phrase(i, "org_heads") and not self.cap(i + 2):
            return False
        return not self.known(i + 1)[0] or self.u[i + 1].word == self.u[i].word

    def word_rest(self, j: int) -> int:
        """Past the syllable at j and the lower-case syllables of its word (`Truyền thông`, `Y tế`)."""
        j += 1
        while j < self.n and self.u[j].word == self.u[j - 1].word and not self.u[j].cap and not self.u[j].punct:
            j += 1
        return j

    def acronym(self, i: int) -> bool:
        u = self.u[i]
        return bool(_ACRONYM.match(u.form)) and not self.g.word("not_entities", u.key)

    def title_at(self, i: int) -> int:
        fold = i == 0 or self.u[i - 1].punct
        end = self.phrase(i, "titles", fold)
        # Most syllables open no title: that answer needs no look back.
        if not end:
            return 0
        if (
            self.cap(i - 1)
            and not self.starts_sentence(i - 1)
            and not any(self.phrase(k, "titles") == i for k in range(max(0, i - 4), i))
        ):
            return 0
        # `người Anh`, `của Anh`: the country, not a form of address.
        if self.u[i].low == "anh" and i > 0 and self.g.word("country_cues", self.u[i - 1].lowkey):
            return 0
        # `PGS.`, `TS.`: the abbreviation's full stop belongs to the title.
        while end < self.n and self.u[end].form == "." and self.u[end].start == self.u[end - 1].end:
            end += 1
        return end

    def admin_at(self, i: int) -> int:
        """End of an administrative prefix at i that has a place after it, else 0."""
        end = self.phrase(i, "admin_prefixes")
        if not end or end >= self.n:
            return 0
        if self.cap(end) or _NUMBER.match(self.u[end].form) and self.g.word("numbered_prefixes", self.u[i].lowkey):
            return end
        return 0

    def place_after_prefix(self, i: int) -> tuple[int, str | None]:
        """End of the place name after an administrative prefix ending at i, and its canonical name."""
        end, type_, canonical = self.gaz(i)
        # `Phú Thọ` is a province, `phường Phú Thọ Hoà` a ward.
        if end and type_ == "LOC" and (not self.cap(end) or self.person_like(end)):
            return end, canonical
        j = i
        if _NUMBER.match(self.u[i].form):
            j = i + 1
        first = j
        while self.cap(j):
            if (
                j > first
                and self.u[j].word != self.u[j - 1].word
                and (
                    self.person_like(j) and self.cap(j + 2) or self.starts_org(j) or self.title_at(j) or self.gaz(j)[0]
                )
            ):
                break
            j += 1
        return j, None

    def starts_org(self, i: int) -> bool:
        """Whether an organisation's name opens at i: a known one, or a head with a name after it."""
        if not self.cap(i):
            return False
        end, type_, _ = self.gaz(i)
        if end and type_ == "ORG":
            return True
        head = self.phrase(i, "org_heads")
        if not head or self.quantified(i):
            return False
        # `Đoàn Khắc Việt` is a person, `Đoàn Thanh niên` an organisation.
        if self.g.word("surnames", self.u[i].key) and self.cap(i + 1) and self.cap(i + 2):
            return False
        return self.name_follows(head)

    def name_follows(self, i: int) -> bool:
        """A capitalised name starts at i, or within a few lower-case words (`Công ty cổ phần Lọc hóa dầu`)."""
        for k in range(i, min(self.n, i + 6)):
            u = self.u[k]
            if self.cap(k) or _NUMBER.match(u.form) and k == i:
                return True
            if u.form == "," and k > i and self.u[k - 1].low == "phòng":
                continue
            if u.low in ("phòng", "chống"):
                continue
            if u.punct or self.stop(u) or self.g.word("job_nouns", u.key) or u.pos not in _NOUNISH:
                return False
        return False

    def org_name(self, head: int) -> int:
        """End of an organisation's name after its head (which ends at `head`)."""
        j, named = head, False
        while j < self.n:
            u = self.u[j]
            if u.punct:
                if u.form in ("-", "&", "&amp;") and self.cap(j + 1) and named and not self.starts_org(j + 1):
                    j += 1
                    continue
                if u.form == "," and self.u[j - 1].low == "phòng" and j + 1 < self.n and self.u[j + 1].low == "chống":
                    j += 1
                    continue
                if (
                    u.form == ","
                    and named
                    and self.cap(j + 1)
                    and not self.starts_org(j + 1)
                    and not self.person_like(j + 1)
                    and not self.gaz(j + 1)[0]
                    and not self.title_at(j + 1)
                    and self._and_ahead(j + 1)
                ):
                    j += 1
                    continue
                break
            if self.cap(j):
                if named and (self.person_like(j) or self.title_at(j) or self.phrase(j, "other_heads")):
                    break
                if j > head and self.u[j - 1].low == "và" and self.starts_org(j):
                    break
                end, type_, _ = self.known(j)
                if end and type_ == "LOC" and named:
                    j = end
                    stop, _ = self.place_suffix(j)
                    if stop > j:
                        j = stop
                    break
                h = self.phrase(j, "org_heads")
                if not h or h < self.n and self.u[h].word == self.u[h - 1].word:
                    named = True
                j = self.word_rest(j)
                continue
            if _NUMBER.match(u.form):
                nxt = self.u[j + 1] if j + 1 < self.n else None
                if named and (nxt is None or nxt.punct or nxt.pos in ("V", "R", "E", "C")):
                    j += 1
                    continue
                break
            if u.low == "và":
                if self.starts_org(j + 1) or self.person_like(j + 1) or self.gaz(j + 1)[0] or not named:
                    break
                if self.cap(j + 1) or j + 1 < self.n and self.u[j + 1].pos in _NOUNISH:
                    j += 1
                    continue
                break
            admin = self.admin_at(j)
            if admin:
                j, _ = self.place_after_prefix(admin)
                break
            ends = self.stop(u) or self.g.word("job_nouns", u.key) or u.pos not in _NOUNISH
            # `Viện Vệ sinh dịch tễ Trung ương`: a name runs on to its national qualifier.
            if ends and named and not self.stop(u) and self.qualifier_ahead(j):
                ends = False
            # `Quỹ phòng, chống dịch`, `Ban chỉ đạo phòng chống dịch`: verbs that name a body's task.
            if ends and not (u.low in ("phòng", "chống") and not named):
                break
            j += 1
        while j > head and (self.u[j - 1].punct or self.u[j - 1].low in ("và", "của")):
            j -= 1
        return j

    def qualifier_ahead(self, i: int) -> bool:
        for k in range(i, min(self.n, i + 4)):
            if self.cap(k):
                return self.surface(k, min(self.n, k + 2)) in _QUALIFIERS
            if self.u[k].punct or self.stop(self.u[k]):
                return False
        return False

    def _and_ahead(self, i: int) -> bool:
        """Whether a `và` closes a list of name parts (`Cục Phát thanh, Điện ảnh và Truyền hình`)."""
        for k in range(i, min(self.n, i + 8)):
            if self.u[k].low == "và":
                return self.cap(k + 1)
            if self.u[k].punct or not self.u[k].cap and self.u[k].pos not in _NOUNISH:
                return False
        return False

    def place_suffix(self, j: int) -> tuple[int, str | None]:
        """A place right after a complete organisation name (`Sở Y tế` + `TP Hà Nội`)."""
        if j >= self.n:
            return j, None
        admin = self.admin_at(j)
        if admin:
            end, canonical = self.place_after_prefix(admin)
            return end, canonical or self.surface(j, end)
        end, type_, canonical = self.gaz(j)
        if end and type_ == "LOC":
            return end, canonical
        return j, None

    # -- the reader -----------------------------------------------------------------------------------
    def emit(
        self, i: int, j: int, type_: str, canonical: str | None = None, title: tuple[int, int] | None = None
    ) -> None:
        self.spans.append(_Span(i, j, type_, canonical or self.surface(i, j), title))

    def org(self, i: int) -> int:
        """An organisation at i: a gazetteer name or a head with its name, and a place after it; else 0."""
        # Both start with a phrase at i.
        if not self.opens[i]:
            return 0
        end, type_, canonical = self.gaz(i)
        if (
            end
            and type_ == "ORG"
            and self.cap(end)
            and not self.u[end].punct
            and not self.gaz(end)[0]
            and not self.admin_at(end)
            and not self.person_like(end)
            and not self.title_at(end)
            and not self.starts_org(end)
        ):
            # `Samsung Galaxy A52`, `Google Maps`: a product named after its maker.
            return self.run(end)
        if end and type_ == "ORG":
            stop, place = end, None
            if not self.acronym(i) or self.u[i].form in _PLACED:
                stop, place = self.place_suffix(end)
                if self.u[i].form in _PLACED and (stop == end or self.person_like(self.admin_at(end) or end)):
                    # `UBND thành phố` alone; `HĐND thành phố Nguyễn Ngọc Tuấn`: the chairman's name follows.
                    stop, place = self.phrase(end, "admin_prefixes") or end, None
            suffix = (place or self.surface(end, stop)) if stop > end else ""
            self.emit(i, stop, "ORG", f"{canonical} {suffix}")
            return stop
        if self.cap(i):
            head = self.phrase(i, "org_heads")
            if head and self.starts_org(i):
                end = self.org_name(head)
                if end > head:
                    self.emit(i, end, "ORG", self._org_canonical(i, head, end))
                    return end
        elif i == 0 or self.u[i - 1].word != self.u[i].word:
            head = self.phrase(i, "org_heads_lower")
            if head and self.cap(head) and not self.person_like(head) and self.gaz(head)[1] != "LOC":
                if self.u[i].low == "trường" and self.phrase(head, "org_heads"):
                    return 0
                end = self.org_name(head)
                if end > head:
                    self.emit(i, end, "ORG")
                    return end
        return 0

    def _org_canonical(self, i: int, head: int, end: int) -> str:
        """The written name with a known place in it replaced by the place's canonical name."""
        for k in range(head, end):
            admin = self.admin_at(k)
            stop, type_, canonical = self.gaz(admin or k)
            if stop == end and type_ == "LOC":
                return f"{self.surface(i, k)} {canonical}"
        return self.surface(i, end)

    def run(self, i: int) -> int:
        """End of a capitalised run at i that no rule claims."""
        j = i + 1
        while self.cap(j):
            if (
                self.title_at(j)
                or self.starts_org(j)
                or self.gaz(j)[0]
                or self.admin_at(j)
                or self.phrase(j, "other_heads")
            ):
                break
            if self.person_like(j) and not self.person_like(i) and self.u[j].word != self.u[j - 1].word:
                break
            if self.u[j].ner.startswith("B-") and self.u[j].word != self.u[j - 1].word:
                break
            j += 1
        # Initials: `T. Kubodera`, `H.L`
        while j + 1 < self.n and self.u[j].form == "." and len(self.u[j - 1].form) == 1 and self.cap(j + 1):
            j += 2
            while self.cap(j):
                j += 1
        return j

    def read(self) -> list[_Span]:
        i = 0
        title: tuple[int, int] | None = None
        credit = False
        while i < self.n:
            u = self.u[i]
            if u.punct:
                credit = u.form == ":" and i > 0 and self.u[i - 1].low in ("ảnh", "nguồn")
                if u.form not in (",", "-", "–") or title is None:
                    title = None
                i += 1
                continue
            end, type_, canonical = self.gaz(i)
            if end and type_ == "MISC":
                self.emit(i, end, "MISC", canonical)
                i, title = end, None
                continue
            # A title opens a person; organisations and places inside it belong to the title.
            t = self.title_at(i)
            if (
                t
                and not (end > t and type_ != "ORG")
                and (self.cap(t) or self.title_at(t) or u.cap and not end and not self.starts_sentence(i))
            ):
                title = (title[0] if title else i, t)
                i = t
                continue
            other = self.phrase(i, "other_heads") if u.cap else 0
            if other and other >= self.phrase(i, "org_heads") and not end:
                i, title = self.skip_name(other), None
                continue
            place = self.phrase(i, "place_heads") if u.cap else 0
            if place and self.cap(place) and not self.quantified(i):
                stop = self.run(place)
                self.emit(i, stop, "LOC")
                i, title = stop, None
                continue
            kind = self.phrase(i, "org_kind_words") if u.cap and not end else 0
            if (
                kind
                and self.cap(kind)
                and not self.starts_org(kind)
                and not self.person_like(kind)
                and not self.starts_org(i)
            ):
                stop = self.run(kind)
                self.emit(kind, stop, "ORG")
                i, title = stop, None
                continue
            if self.address(i):
                stop = self.run(i)
                self.emit(i, stop, "LOC")
                i, title = stop, None
                continue
            stop = self.org(i)
            if stop:
                title = (title[0], stop) if title else None
                i = stop
                continue
            admin = self.admin_at(i)
            if admin and self.quantified(i):
                i = admin
                continue
            if admin:
                stop, canonical = self.place_after_prefix(admin)
                if stop > admin:
                    prefix = self.surface(i, admin)
                    canon = canonical or self.surface(i, stop)
                    if not canonical and prefix.lower() in ("thành phố", "tp.", "tp"):
                        canon = "TP " + self.surface(admin, stop)
                    self.emit(i, stop, "LOC", canon)
                    title = (title[0], stop) if title else None
                    i = stop
                    continue
            if end and type_ == "LOC":
                self.emit(i, end, "LOC", canonical)
                title = (title[0], end) if title else None
                i = end
                continue
            if not self.cap(i):
                i = self.lower(i)
                if title and not (u.low in ("kiêm", "và") or self.title_at(i - 1)):
                    title = None
                continue
            skip = self.phrase(i, "not_entities")
            if skip and (skip > i + 1 or self.cap(i + 1)) or _ROMAN.match(u.form):
                i = skip or i + 1
                continue
            stop = self.run(i)
            type_ = self.classify(i, stop, title, credit)
            if type_:
                self.emit(i, stop, type_, title=title if type_ == "PER" else None)
                self.spans[-1].weak = type_ == self.crf(i, stop) and not (title or credit)
            title = None
            i = stop
        return self.spans

    def skip_name(self, i: int) -> int:
        """Past the name of a law, an event or an award (`Luật Giáo dục đại học`, `Huân chương Lao động hạng Nhất`)."""
        while (
            i < self.n
            and not self.u[i].punct
            and (self.cap(i) or not self.stop(self.u[i]) and self.u[i].pos in _NOUNISH)
        ):
            i += 1
        return i

    def address(self, i: int) -> bool:
        """A street after a house number: `số 65 - 67 Phú Lợi`, `ngõ 592 Trường Chinh`, `, 68 Nguyễn Cơ Thạch`."""
        if i == 0 or not self.cap(i) or not _NUMBER.match(self.u[i - 1].form):
            return False
        k = i - 1
        while k >= 0 and (_NUMBER.match(self.u[k].form) or self.u[k].form in ("-", "/")):
            k -= 1
        return k >= 0 and (self.u[k].low in ("số", "ngõ", "hẻm", "ngách", "kiệt") or self.u[k].form == ",")

    def lower(self, i: int) -> int:
        """A lower-case word at i: a kind of place or thing may put a name after it."""
        if not self.opens[i]:
            return i + 1
        noun = self.phrase(i, "place_nouns")
        if (
            noun
            and self.cap(noun)
            and not self.starts_org(noun)
            and not self.gaz(noun)[0]
            and not self.phrase(noun, "not_entities")
        ):
            stop = self.run(noun)
            self.emit(noun, stop, "LOC")
            return stop
        thing = self.phrase(i, "product_words")
        if thing and self.cap(thing) and not self.gaz(thing)[0] and not self.starts_org(thing):
            return self.run(thing)
        kind = self.phrase(i, "org_kind_words")
        if (
            kind
            and self.cap(kind)
            and not self.gaz(kind)[0]
            and not self.starts_org(kind)
            and not self.person_like(kind)
            and not self.phrase(kind, "not_entities")
        ):
            stop = self.run(kind)
            self.emit(kind, stop, "ORG")
            return stop
        return i + 1

    def crf(self, i: int, j: int) -> str | None:
        """The type the tagger gave most syllables of the run, if any."""
        tags = Counter(u.ner[2:] for u in self.u[i:j] if u.ner != "O")
        return tags.most_common(1)[0][0] if tags else None

    def classify(self, i: int, j: int, title: tuple[int, int] | None, credit: bool) -> str | None:
        """The type of a capitalised run no rule claimed, from its shape and the tagger's tags."""
        units = self.u[i:j]
        if all(self.g.word("not_entities", u.key) for u in units) or self.g.word(
            "not_entities", "".join(u.key for u in units)
        ):
            return None
        crf = self.crf(i, j)
        if j - i == 1 and self.acronym(i) and (crf != "PER" or credit or len(units[0].form) > 2):
            return "ORG"
        last = units[-1].form
        if j - i > 1 and self.g.word("company_suffixes", _phrase_key(last[:1] + last[1:].lower())):
            return "ORG"
        if self.phrase(i, "org_heads") and not self.person_like(i):
            return None
        if credit or title or self.person_like(i):
            return "PER"
        if j - i == 1 and len(units[0].form) == 1:
            return None
        if len(units[0].form) == 1 and j - i > 2 and self.u[i + 1].form == ".":
            return "PER"
        if self.starts_sentence(i) and units[0].pos not in ("Np", "Ny"):
            return None
        # `“Toàn dân đoàn kết…”`: a quotation opens with a capital like a sentence does.
        if j - i == 1 and i > 0 and self.u[i - 1].form in _OPENING:
            return None
        if crf in ("PER", "LOC", "ORG"):
            return crf
        if i > 0 and self.g.word("place_prepositions", self.u[i - 1].lowkey) and units[0].pos == "Np":
            return "LOC"
        return None


def _entity(units: list[_Unit], span: _Span, source: str, offset: int, index: int) -> Entity:
    start, end = units[span.i].start, units[span.j - 1].end
    text = source[start - offset : end - offset]
    title = None
    if span.title:
        t0, t1 = units[span.title[0]].start, units[span.title[1] - 1].end
        title = source[t0 - offset : t1 - offset].strip(" ,-–") or None
    canonical = retone(" ".join(unicodedata.normalize("NFC", span.canonical).split()))
    return Entity(text, span.type, start, end, canonical, index, title)


def find_entities(
    sentences: Sequence[Sentence], gazetteer: Gazetteer | None = None, text: str | None = None
) -> tuple[Entity, ...]:
    """Named entities of the sentences with offsets into `text` (the input; else each sentence's own text)."""
    gaz = gazetteer or load_gazetteer()
    found: list[tuple[Entity, bool]] = []
    for sentence in sentences:
        units = _units(sentence)
        if not units:
            continue
        source, offset = (text, 0) if text is not None else (sentence.text, sentence.start)
        for span in _Reader(units, gaz).read():
            entity = _entity(units, span, source, offset, sentence.index)
            if entity.text.strip():
                found.append((entity, span.weak))
    return tuple(_agree(found))


def _agree(found: list[tuple[Entity, bool]]) -> list[Entity]:
    """One name, one type per document: a mention typed by the tagger alone takes the type that firmer
    mentions give the same name, or PER when it is the family or given name of a person named in full."""
    firm: dict[str, Counter] = {}
    for entity, weak in found:
        firm.setdefault(entity.canonical, Counter())[entity.type] += 1 if weak else 2
    people = {part for entity, weak in found if entity.type == "PER" and not weak for part in entity.canonical.split()}
    out = []
    for entity, weak in found:
        if weak:
            type_ = firm[entity.canonical].most_common(1)[0][0]
            if type_ == entity.type and entity.type != "PER" and entity.canonical in people:
                type_ = "PER"
            if type_ != entity.type:
                entity = replace(entity, type=type_)
        out.append(entity)
    return out


def group(entities: Iterable[Entity]) -> list[tuple[str, str, int]]:
    """(canonical, type, count) for every entity, most frequent first; works across documents."""
    counts = Counter((e.canonical, e.type) for e in entities)
    return [(name, type_, n) for (name, type_), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
