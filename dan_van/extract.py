"""Key figures from tagged sentences: quantities with their units and kinds, conferences, donations.

Pure functions: sentences and rules in, frozen figures out; the language data comes from the rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from . import numbers
from .models import Donation, Entity, Figure, Sentence, Token
from .normalize import Cleaned
from .rules import LISTS, Rules

MEASURE_KINDS = {"money", "percent", "area", "length", "weight", "duration", "conference"}
RANGE_WORDS = ("đến", "tới", "-", "–", "—", "~")
DEMONSTRATIVES = {"đó", "này", "ấy", "đấy", "kia", "vậy"}
NAME_POS = {"N", "Np", "Nc", "Ny", "Nu", "M", "A", "L", "C", "E", "P", "X", "Nb"}


def _fold(word: str) -> str:
    return word.lower().replace("_", " ")


# Rule word lists read as longest-first tuples (matched as prefixes and suffixes), the others as sets of
# folded words; abbreviations and captions belong to the cleaning and sentence stages.
_LONGEST_FIRST = ("qualifiers", "qualifiers_after", "name_prefixes", "not_donation")
_SETS = tuple(key for key in LISTS if key not in (*_LONGEST_FIRST, "abbreviations", "captions", "level_markers"))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists of the rules, folded for lookup."""

    currency: dict[str, str]
    measure: dict[str, str]
    levels: tuple[tuple[str, str], ...]
    standalone_levels: tuple[tuple[str, str], ...]
    level_marker: re.Pattern[str]
    give: frozenset[str]
    receive: frozenset[str]
    weak_verbs: frozenset[str]
    verb_heads: frozenset[str]  # leading words of the giving and receiving verbs, to skip other words at once
    percent: frozenset[str]
    people: frozenset[str]
    households: frozenset[str]
    meetings: frozenset[str]
    meeting_counters: frozenset[str]
    labels: frozenset[str]
    not_units: frozenset[str]
    not_labels: frozenset[str]
    unit_heads: frozenset[str]
    one_counts: frozenset[str]
    money_cues: frozenset[str]
    recipient_markers: frozenset[str]
    donor_markers: frozenset[str]
    subject_skip: frozenset[str]
    not_goods: frozenset[str]
    gift_units: frozenset[str]
    qualifiers: tuple[str, ...]
    qualifiers_after: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    not_donation: tuple[str, ...]


def _set(words: Sequence[str]) -> frozenset[str]:
    return frozenset(_fold(w) for w in words)


def _longest_first(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({_fold(w) for w in words}, key=len, reverse=True))


@lru_cache(maxsize=8)
def lexicon(rules: Rules) -> Lexicon:
    """The folded word lists of `rules`, built once per rules object."""
    levels = [(_fold(w), lv) for lv, ws in rules.mapping("levels").items() for w in ws]
    alone = [(_fold(w), lv) for lv, ws in rules.mapping("standalone_levels").items() for w in ws]
    markers = "|".join(re.escape(m) for m in _longest_first(rules.words("level_markers")))
    verbs = rules.mapping("donation_verbs")
    return Lexicon(
        currency={_fold(w): name for name, ws in rules.mapping("currencies").items() for w in ws},
        measure={_fold(w): kind for kind, ws in rules.mapping("measures").items() for w in ws},
        levels=tuple(sorted(levels, key=lambda p: len(p[0]), reverse=True)),
        standalone_levels=tuple(sorted(alone, key=lambda p: len(p[0]), reverse=True)),
        level_marker=re.compile(rf"(?<!\w)(?:{markers})\s+"),
        give=_set(verbs.get("give", [])),
        receive=_set(verbs.get("receive", [])),
        weak_verbs=_set(verbs.get("weak", [])),
        verb_heads=frozenset(
            " ".join(words[:k])
            for v in [*verbs.get("give", []), *verbs.get("receive", [])]
            for words in [_fold(v).split(" ")]
            for k in range(1, len(words) + 1)
        ),
        **{key: _set(rules.words(key)) for key in _SETS},
        **{key: _longest_first(rules.words(key)) for key in _LONGEST_FIRST},
    )


# --- quantities -------------------------------------------------------------------------------------------

_GLUED_UNIT = re.compile(r"[kcd]?m[23²³](?!\d)|[^\W\d_]+[²³]?|[$€]")
_DATE_NEXT = re.compile(r"\s*[/:]\s*\d|h\d|\.\d{1,2}\.\d")
_DATE_PREV = re.compile(r"\d\s*[/:]\s*$|\d\.$")
_BARE_SCALE = re.compile(
    r"(?<![\w])(?P<q>[Hh]àng|[Hh]ơn|[Gg]ần|[Kk]hoảng|[Tt]rên|[Hh]àng chục|[Vv]ài|[Mm]ấy)\s+"
    r"(?P<s>(?:chục|trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?:\s+(?:nghìn|ngàn|triệu|tỷ|tỉ))*)(?![\w])"
)
_YEAR = re.compile(r"(?:\b[Nn]ăm\s+|/)((?:19|20)\d\d)\b")


@dataclass(slots=True)
class _Num:
    start: int
    end: int
    value: Decimal
    spelled: bool
    scaled: bool
    qualifier: tuple[str, int] | None = None  # a bare scale's own qualifier (`hàng trăm`) and its start


def _numerals(form: str) -> list[_Num]:
    found = [_Num(n.start, n.end, n.value, n.spelled, n.scaled) for n in numbers.scan(form)]
    # `hàng trăm tỷ`, `hơn chục năm`: a scale word with no number counts as one of it, approximately.
    for m in _BARE_SCALE.finditer(form):
        if any(n.start < m.end() and m.start() < n.end for n in found):
            continue
        value = numbers.scale(m.group("s"))
        if value is None:
            continue
        found.append(_Num(m.start("s"), m.end("s"), value, True, True, (m.group("q"), m.start("q"))))
    return sorted(found, key=lambda n: n.start)


class _Words:
    """The tokens of one sentence, found by offset in its cleaned text in logarithmic time, so that a
    sentence of a million characters costs no more per number than a short one."""

    __slots__ = ("ends", "starts", "tokens")

    def __init__(self, tokens: Sequence[Token]):
        self.tokens = tokens
        self.starts = [t.at for t in tokens]
        self.ends = [t.at + len(t.form) for t in tokens]

    def starting(self, pos: int) -> int | None:
        """Index of the token that starts at `pos`."""
        i = bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None

    def ending(self, pos: int) -> int | None:
        """Index of the token that ends at `pos`."""
        i = bisect_left(self.ends, pos)
        return i if i < len(self.ends) and self.ends[i] == pos else None

    def before(self, pos: int, count: int) -> list[Token]:
        """Up to `count` tokens that end at or before `pos`, nearest first."""
        i = bisect_right(self.ends, pos)
        return self.tokens[max(0, i - count) : i][::-1]

    def after(self, pos: int) -> int:
        """Index of the first token that ends after `pos`."""
        return bisect_right(self.ends, pos)


WINDOW = 200  # characters around a number that its context is read from


def _qualifier_before(form: str, pos: int, lex: Lexicon) -> tuple[str, int] | None:
    offset = max(0, pos - 40)
    head = form[offset:pos].rstrip()
    low = head.lower()
    for q in lex.qualifiers:
        if low.endswith(q) and (len(low) == len(q) or not low[-len(q) - 1].isalnum()):
            return head[len(head) - len(q) :], offset + len(head) - len(q)
    return None


@dataclass(slots=True)
class _Unit:
    unit: str
    kind: str
    end: int
    counted: str  # the word that says what is counted, folded


def _kind(word: str, lex: Lexicon) -> str:
    if word in lex.currency:
        return "money"
    if word in lex.percent:
        return "percent"
    if word in lex.people:
        return "people"
    if word in lex.households:
        return "households"
    return lex.measure.get(word, "count")


def _words_after(form: str, words: _Words, end: int) -> list[tuple[str, str, int, int]]:
    """The words after position `end`: (form, POS, start, end); a token the tagger glued to the number
    (`1.926 mẫu`, `3-4 lon`) gives its remainder."""
    out = []
    first = words.after(end)
    for t in words.tokens[first : first + 6]:
        t_end = t.at + len(t.form)
        if t.at < end:
            rest = form[end:t_end]
            lead = len(rest) - len(rest.lstrip())
            if rest.strip() and (lead or rest[:1].islower()):
                out.append((rest.strip(), "N", end + lead, t_end))
            elif rest.strip():
                return []
            continue
        glued = re.search(r"-\d", t.form)
        if glued:
            # `1 tháng-2 tháng`: a range the tagger glued into one word.
            out.append((t.form[: glued.start()], t.pos, t.at, t.at + glued.start()))
            break
        out.append((t.form, t.pos, t.at, t_end))
        if len(out) >= 4:
            break
    return out


def _unit_after(form: str, words: _Words, end: int, lex: Lexicon) -> _Unit | None:
    rest = form[end : end + 40]
    m = _GLUED_UNIT.match(rest)
    if m:
        word = _fold(m.group())
        if word in lex.currency:
            return _Unit(lex.currency[word], "money", end + m.end(), word)
        if word in lex.measure:
            return _Unit(word, lex.measure[word], end + m.end(), word)
        # `674cộng đồng`: a space the writer forgot; anything else glued (`4G`, `A320`, `10h`) is a name.
        if not (m.group()[:1].islower() and len(m.group()) > 1):
            return None
    stripped = rest.lstrip()
    gap = len(rest) - len(stripped)
    if stripped.startswith("%"):
        return _Unit("%", "percent", end + gap + 1, "%")
    words = _words_after(form, words, end)
    if not words or words[0][2] != end + gap:
        return None
    # Multi-word currencies and measures (đô la Mỹ, phần trăm, cây số) span several words.
    for size in (3, 2):
        if size <= len(words):
            joined = " ".join(_fold(w[0]) for w in words[:size])
            if joined in lex.currency or joined in lex.percent or joined in lex.measure:
                unit = lex.currency.get(joined) or ("%" if joined in lex.percent else joined)
                return _Unit(unit, _kind(joined, lex), words[size - 1][3], joined)
    text, pos, w0, w1 = words[0]
    word = _fold(text)
    # The unit is the first word: `người dân` counts `người`, `ha hành` measures `ha`.
    head = word.split(" ")[0]
    if " " in word and (head in lex.unit_heads or lex.measure.get(head) == "duration"):
        word, w1 = head, w0 + len(head)
    if word in lex.currency:
        return _Unit(lex.currency[word], "money", w1, word)
    if word in lex.percent:
        return _Unit("%", "percent", w1, word)
    if word in lex.not_units or (len(words) > 1 and f"{word} {_fold(words[1][0])}" in lex.not_units):
        return None
    known = (
        word in lex.measure
        or word in lex.people
        or word in lex.households
        or word in lex.meetings
        or word in lex.meeting_counters
    )
    if not known:
        if pos not in ("N", "Nc", "Nu", "Ny", "Np") or not text[:1].isalpha():
            return None
        acronym = text.isupper() and len(text) <= 4
        if text[:1].isupper() and not acronym:
            return None
    kind = _kind(word, lex)
    if word in lex.meetings:
        kind = "conference"
    elif word in lex.meeting_counters and len(words) > 1:
        nxt = _fold(words[1][0])
        if any(nxt == m or nxt.startswith(m + " ") for m in lex.meetings):
            kind = "conference"
    return _Unit(word, kind, w1, word)


def _is_label(prev: str, prev2: str, lex: Lexicon) -> bool:
    if f"{prev2} {prev}" in lex.not_labels:
        return False
    return prev in lex.labels


def _year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _level(form: str, start: int, end: int, lex: Lexicon) -> str | None:
    """The administrative level named near a conference figure: after it first, then before it."""
    after = re.split(r"[;.]|\d|,\s*(?=[Cc]ấp\b)", form[end : end + WINDOW], maxsplit=1)[0]
    before = re.split(r"[;.:]|\d", form[max(0, start - WINDOW) : start])[-1]
    for text, strict in ((after, True), (before, False)):
        low = text.lower()
        # `cấp huyện`, `tại các phường`, `UBND tỉnh`: a level word right after a word that introduces one.
        for m in lex.level_marker.finditer(low):
            tail = low[m.end() :]
            for word, level in lex.levels:
                if tail.startswith(word) and (len(tail) == len(word) or not tail[len(word)].isalnum()):
                    return level
        # `toàn quốc`, `Huyện ủy`: words that name a level on their own.
        for word, level in lex.standalone_levels:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", low):
                return level
        if not strict:
            # The subject names it: `Các quận đã tổ chức ...`, `..., tỉnh đã tổ chức ...`.
            for subject in (low, low.rsplit(",", 1)[-1]):
                for word, level in lex.levels:
                    if re.match(rf"\s*{re.escape(word)}\b", subject):
                        return level
    return None


def _sentence_figures(sentence: Sentence, lex: Lexicon, year: int | None) -> list[tuple[int, int, Figure]]:
    form = sentence.form
    words = _Words(sentence.tokens)
    nums = _numerals(form)
    out: list[tuple[int, int, Figure]] = []
    i = 0
    while i < len(nums):
        first = last = nums[i]
        i += 1
        value, value_max, pair = first.value, None, False
        # A range (`3-5`, `từ 3 đến 5`, `từ 50 triệu đến hơn 60 triệu`) is one figure; two scaled prices
        # joined by a dash (`55,22 triệu - 55,57 triệu`) are two.
        if i < len(nums):
            b = nums[i]
            qual_b = _qualifier_before(form, b.start, lex)
            cut = qual_b[1] if qual_b and qual_b[1] >= first.end else b.start
            joiner = form[first.end : cut].strip().lower()
            unit_a = _unit_after(form, words, first.end, lex)
            if unit_a is not None and unit_a.kind in ("money", "percent"):
                joiner = re.sub(r"^/\s?\w+", "", form[unit_a.end : cut].strip()).strip().lower() or joiner
            shared = _scale_of(form[b.start : b.end]) if b.scaled and not first.scaled and not b.spelled else None
            low_value = first.value * (shared or 1)
            if joiner in RANGE_WORDS and low_value < b.value:
                last = b
                i += 1
                if joiner in ("-", "–", "—") and first.scaled and b.scaled:
                    pair = True
                else:
                    value, value_max = low_value, b.value
        unit = _unit_after(form, words, last.end, lex)
        if unit is None and last.scaled and not last.spelled:
            window = {_fold(t.form) for t in words.before(first.start, 12)}
            if window & lex.money_cues:
                unit = _Unit("đồng", "money", last.end, "đồng")
        if unit is None:
            continue
        parts = (
            [(first, first, first.value, None), (last, last, last.value, None)]
            if pair
            else [(first, last, value, value_max)]
        )
        for num, end_num, val, vmax in parts:
            fig = _figure(sentence, form, words, num, end_num, val, vmax, unit, lex, year)
            if fig is not None:
                out.append(fig)
    return out


def _scale_of(text: str) -> Decimal | None:
    """The scale a numeral ends with (`60 triệu` -> 1e6), which the first number of a range shares."""
    words = text.lower().split()
    for i in range(1, len(words)):
        factor = numbers.scale(" ".join(words[i:]))
        if factor:
            return factor
    return None


def _figure(sentence, form, words, first, last, value, value_max, unit, lex, year):
    before = words.before(first.start, 2)
    prev = _fold(before[0].form) if before else ""
    prev2 = _fold(before[1].form) if len(before) > 1 else ""
    if _is_label(prev, prev2, lex) or unit.counted in lex.not_units:
        return None
    # A capitalised common noun before the number names something: `Lữ đoàn 468`, `Quốc lộ 1`.
    if before and before[0].pos == "N" and before[0].form[:1].isupper() and before[0] is not words.tokens[0]:
        return None
    digits = form[first.start : first.end]
    if re.fullmatch(r"(19|20)\d\d", digits) and unit.kind in ("count", "duration"):
        return None
    if _DATE_PREV.search(form[max(0, first.start - 12) : first.start]) or _DATE_NEXT.match(
        form[last.end : last.end + 12]
    ):
        return None
    if first.spelled:
        start_tok = words.starting(first.start)
        if start_tok is None:
            return None
        if words.ending(first.end) is None and not first.qualifier:
            return None
        word = form[first.start : first.end].lower()
        if word == "một" and unit.kind not in MEASURE_KINDS and prev not in lex.one_counts:
            return None
        # `một hội nghị` counts only where one is held (`tổ chức một hội nghị`, `một hội nghị ... được tổ
        # chức`), not in `tại một cuộc họp báo`.
        held = re.search(r"được tổ chức|diễn ra", form[unit.end : unit.end + 80])
        if word == "một" and unit.kind == "conference" and prev not in lex.one_counts and not held:
            return None
        # `năm` is five only as a numeral, or before a word that counts people or meetings (`năm buổi`).
        if (
            word == "năm"
            and words.tokens[start_tok].pos != "M"
            and unit.kind not in ("conference", "people", "households")
        ):
            return None
    qualifier = None
    start = first.start
    q = first.qualifier or _qualifier_before(form, first.start, lex)
    if q:
        qualifier, start = q
    if value_max is not None:
        inner = _qualifier_before(form, last.start, lex)
        if inner and inner[1] > first.end and qualifier is None:
            qualifier = inner[0]
        head = form[:start].rstrip()
        if head[-3:].lower() in (" từ", "từ") or head.lower() == "từ":
            start = len(head) - 2
    end = unit.end
    # `1 năm rưỡi`, `3 tiếng rưỡi`: half a unit more.
    half = re.match(r"\s+rưỡi\b", form[end : end + 10])
    if half and value_max is None:
        value += Decimal("0.5")
        end += half.end()
    tail = form[end : end + 40]
    for q_after in lex.qualifiers_after:
        if tail.lower().lstrip().startswith(q_after) and q_after != "hơn":
            qualifier = qualifier or q_after
            end += len(tail) - len(tail.lstrip()) + len(q_after)
            break
    per = re.match(r"/\s?[A-Za-zÀ-ỹđ0-9²]+", form[end : end + 20])
    if per:
        end += per.end()
    kind = unit.kind
    o = sentence.offset
    return (
        o + start,
        o + end,
        Figure(
            value=value,
            unit=unit.unit,
            kind=kind,
            approx=qualifier is not None,
            qualifier=qualifier,
            text="",
            start=0,
            end=0,
            sentence=sentence.index,
            value_max=value_max,
            level=_level(form, first.start, unit.end, lex) if kind == "conference" else None,
            year=year if kind == "conference" else None,
        ),
    )


def figures(sentences: Sequence[Sentence], cleaned: Cleaned, text: str, rules: Rules) -> tuple[Figure, ...]:
    """Every quantity of the body sentences, with spans in the input."""
    lex = lexicon(rules)
    out = []
    para_year = None
    prev_end = None
    for sentence in sentences:
        if prev_end is None or "\n" in cleaned.text[prev_end : sentence.offset]:
            para_year = None
        prev_end = sentence.offset + len(sentence.form)
        year = _year(sentence.form) or para_year
        para_year = year
        if sentence.caption:
            continue
        for c0, c1, fig in _sentence_figures(sentence, lex, year):
            o0, o1 = cleaned.span(c0, c1)
            out.append(_with_span(fig, text, o0, o1))
    return tuple(out)


def _with_span(fig: Figure, text: str, start: int, end: int) -> Figure:
    return Figure(
        fig.value,
        fig.unit,
        fig.kind,
        fig.approx,
        fig.qualifier,
        text[start:end],
        start,
        end,
        fig.sentence,
        fig.value_max,
        fig.level,
        fig.year,
    )


# --- donations --------------------------------------------------------------------------------------------


def _match_verb(tokens: Sequence[Token], i: int, verbs: frozenset[str]) -> int:
    """Length in tokens of the longest verb of `verbs` starting at token i, or 0."""
    for size in (3, 2, 1):
        if i + size <= len(tokens) and " ".join(_fold(t.form) for t in tokens[i : i + size]) in verbs:
            return size
    return 0


def _name(tokens: Sequence[Token], lex: Lexicon, sentence: Sentence, text_of) -> str | None:
    if not tokens:
        return None
    while len(tokens) > 1 and _fold(tokens[0].form) in lex.name_prefixes:
        tokens = tokens[1:]
    while tokens and (tokens[-1].pos in ("CH", "E", "C", "V") or not tokens[-1].form[:1].isalnum()):
        tokens = tokens[:-1]
    while tokens and (tokens[0].pos in ("CH", "E", "C") or not tokens[0].form[:1].isalnum()):
        tokens = tokens[1:]
    if not tokens:
        return None
    return text_of(tokens[0], tokens[-1])


def _subject(tokens: Sequence[Token], verb: int, lex: Lexicon) -> list[Token]:
    j = verb - 1
    while j >= 0 and (_fold(tokens[j].form) in lex.subject_skip or tokens[j].pos == "R"):
        j -= 1
    end = j
    while j >= 0 and (tokens[j].pos in NAME_POS or tokens[j].form[:1].isupper()) and tokens[j].form not in ",;:":
        # A demonstrative closes a phrase of its own: `trên tinh thần đó | Việt Nam ủng hộ`.
        if j < end and _fold(tokens[j].form) in DEMONSTRATIVES:
            break
        j -= 1
    return list(tokens[j + 1 : end + 1])


def _phrase_after(tokens: Sequence[Token], i: int, stop: set[int], entities: Sequence[Entity]) -> list[Token]:
    """The noun phrase from token i on; a named entity is taken whole whatever its words' tags."""
    out: list[Token] = []
    until = -1
    while i < len(tokens) and i not in stop:
        t = tokens[i]
        until = max([until, *(e.end for e in entities if e.start == t.start and e.type != "MISC")])
        if t.start >= until and (t.pos not in NAME_POS or t.form in (",", ";", ":", "(", ")")):
            break
        out.append(t)
        i += 1
    return out


def donations(
    sentences: Sequence[Sentence], figs: Sequence[Figure], entities: Sequence[Entity], rules: Rules
) -> tuple[Donation, ...]:
    """Donations: who gave what to whom, where a sentence states an amount given or received."""
    lex = lexicon(rules)
    out = []
    for sentence in sentences:
        if sentence.caption:
            continue
        low = sentence.form.lower()
        if any(w in low for w in lex.not_donation):
            continue
        amounts = [
            f
            for f in figs
            if f.sentence == sentence.index
            and f.kind not in ("duration", "percent", "conference", "area", "length")
            and f.unit not in lex.not_goods
        ]
        if not amounts:
            continue
        tokens = sentence.tokens
        found = _donation(sentence, tokens, amounts, entities, lex)
        if found:
            out.append(found)
    return tuple(out)


def _verbs(tokens: Sequence[Token], lex: Lexicon) -> list[tuple[int, int, str]]:
    """Giving and receiving verbs of a sentence: (token index, size, role)."""
    found = []
    i = 0
    while i < len(tokens):
        if _fold(tokens[i].form) not in lex.verb_heads:
            i += 1
            continue
        size = _match_verb(tokens, i, lex.receive)
        role = "receive"
        if not size:
            size = _match_verb(tokens, i, lex.give)
            role = "give"
        after = _fold(tokens[i + size].form) if size and i + size < len(tokens) else ""
        before = _fold(tokens[i - 1].form) if i else ""
        # `sự ủng hộ`, `giá trị tài trợ` are nouns; `nhận thấy`, `nhận định` are "notice", "assess". The tagger
        # sometimes misses a verb, but not one after an auxiliary (`đã trao tặng`, `cam kết trao tặng`).
        verbal = tokens[i].pos == "V" or before in lex.subject_skip
        if size and verbal and before not in ("sự", "việc") and after not in ("thấy", "định", "xét", "thức", "ra"):
            # `tiếp nhận ủng hộ của ...`: a gift named after the receiving verb belongs to that verb.
            follow = _match_verb(tokens, i + size, lex.give) if role == "receive" and i + size < len(tokens) else 0
            found.append((i, size + follow, role))
            i += size + follow
        else:
            i += 1
    return found


def _donation(sentence, tokens, amounts, entities, lex):
    src_entities = [e for e in entities if e.sentence == sentence.index]
    # Rates (`3,63 triệu đồng/tháng`, `15.000 đồng/kg`) are prices and allowances, not gifts.
    amounts = [f for f in amounts if "/" not in f.text]
    best = None
    for i, size, role in _verbs(tokens, lex):
        verb_end = tokens[i + size - 1].end
        # What is given is stated right after the verb: the amounts within a clause's reach of it.
        given = [f for f in amounts if verb_end <= f.start <= verb_end + WINDOW]
        if not given:
            continue
        verb = _fold(" ".join(t.form for t in tokens[i : i + size]))
        if verb in lex.weak_verbs and not any(f.kind == "money" or f.unit in lex.gift_units for f in given):
            continue
        distance = given[0].start - verb_end
        if best is None or distance < best[0]:
            best = (distance, i, size, role, given, verb)
    if best is None:
        return None
    _, i, size, role, given, verb = best
    j = i + size
    reach = range(j, min(len(tokens), j + 80))
    # Amounts that count people or households count the recipients, not what was given.
    kept = tuple(f for f in given if f.kind not in ("people", "households", "conference"))
    if not kept:
        return None
    amount_tokens = {k for k in reach if any(f.start <= tokens[k].start < f.end for f in kept)}

    def text_of(a: Token, b: Token) -> str:
        return _span_text(sentence, a, b)

    subject = _name(_subject(tokens, i, lex), lex, sentence, text_of)
    if subject is None or not any(ch.isupper() for ch in subject):
        named = _last_name_before(tokens, i, src_entities, text_of)
        subject = named or subject
    markers = lex.donor_markers if role == "receive" else lex.recipient_markers
    other = None
    first_amount = min(amount_tokens, default=j)
    for k in reach:
        if k in amount_tokens:
            continue
        word = _fold(tokens[k].form)
        if role == "receive" and k > max(amount_tokens, default=j) and tokens[k].pos == "V":
            break
        if word in markers and (role == "receive" or k > first_amount or word in ("cho", "giúp")):
            other = _name(_phrase_after(tokens, k + 1, amount_tokens, src_entities), lex, sentence, text_of)
            if other:
                break
    if other is None and role == "give" and first_amount > j:
        other = _name(_phrase_after(tokens, j, amount_tokens, src_entities), lex, sentence, text_of)
    donor, recipient = (other, subject) if role == "receive" else (subject, other)
    if donor is None and recipient is None:
        return None
    vnd = [f.value for f in kept if f.unit == "đồng"]
    return Donation(
        donor,
        recipient,
        sum(vnd, Decimal(0)) if vnd else None,
        kept,
        sentence.index,
        sentence.text,
        sentence.start,
        sentence.end,
        verb,
    )


def _last_name_before(tokens: Sequence[Token], verb: int, entities: Sequence[Entity], text_of) -> str | None:
    """The nearest organisation, person or place named before the verb (a run of proper nouns if no entity)."""
    limit = tokens[verb].start
    named = [e for e in entities if e.end <= limit and e.type in ("ORG", "PER", "LOC")]
    if named:
        return named[-1].text
    k = verb - 1
    while k >= 0 and tokens[k].pos != "Np":
        k -= 1
    if k < 0:
        return None
    end = k
    while k - 1 >= 0 and tokens[k - 1].pos in ("Np", "N") and tokens[k - 1].form[:1].isupper():
        k -= 1
    return text_of(tokens[k], tokens[end])


def _span_text(sentence: Sentence, a: Token, b: Token) -> str:
    return sentence.text[a.start - sentence.start : b.end - sentence.start]
