"""Quantities: every number with what it counts, its span, qualifier and range; conferences among them.

Pure functions: tagged sentences and rules in, frozen figures out; the words come from the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..language.rules import Rules
from ..models import Figure, Kind, Sentence
from ..numbers import Numeral, half_after, numerals, trailing_scale
from ..text.normalize import Cleaned
from . import conferences
from .context import Context, Words, year
from .lexicon import Lexicon, fold, lexicon
from .units import VND, Unit, unit_after

# Kinds that a bare `một` counts in (`một tỷ đồng`), as against the article "a" (`một chiếc xe`).
MEASURE_KINDS = frozenset(
    (Kind.MONEY, Kind.PERCENT, Kind.AREA, Kind.LENGTH, Kind.WEIGHT, Kind.DURATION, Kind.CONFERENCE)
)
# Kinds that `năm` (five, or year) counts in without being tagged as a numeral (`năm buổi đối thoại`).
FIVE_KINDS = frozenset((Kind.CONFERENCE, Kind.PEOPLE, Kind.HOUSEHOLDS))
_DATE_NEXT = re.compile(r"\s*[/:]\s*\d|h\d|\.\d{1,2}\.\d")
_DATE_PREV = re.compile(r"\d\s*[/:]\s*$|\d\.$")
_YEAR_DIGITS = re.compile(r"(19|20)\d\d")
_RATE = re.compile(r"^/\s?\w+")
_PER = re.compile(r"/\s?[A-Za-zÀ-ỹđ0-9²]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number (or a range from `first` to `last`) with its unit, before it is judged a figure."""

    first: Numeral
    last: Numeral
    value: Decimal
    value_max: Decimal | None
    unit: Unit
    alone: bool = False  # the first of two amounts side by side: its text is its number, the unit is shared


def _qualifier_before(form: str, pos: int, lex: Lexicon) -> tuple[str, int] | None:
    """A qualifier written right before `pos` (`gần`, `hơn`, `khoảng`), as written, and where it starts."""
    offset = max(0, pos - 40)
    head = form[offset:pos].rstrip()
    low = head.lower()
    for q in lex.qualifiers:
        if low.endswith(q) and (len(low) == len(q) or not low[-len(q) - 1].isalnum()):
            return head[len(head) - len(q) :], offset + len(head) - len(q)
    return None


def _range_end(ctx: Context, first: Numeral, b: Numeral) -> tuple[Decimal, bool] | None:
    """If `first` and the next number `b` form a range (`3-5`, `từ 3 đến 5`, `từ 50 đến 60 triệu`): the
    range's lower value and whether the two are rather two amounts side by side (`55,22 triệu - 55,57 triệu`)."""
    form, lex = ctx.form, ctx.lex
    qual_b = _qualifier_before(form, b.start, lex)
    cut = qual_b[1] if qual_b and qual_b[1] >= first.end else b.start
    joiner = form[first.end : cut].strip().lower()
    unit_a = unit_after(form, ctx.words, first.end, lex)
    if unit_a is not None and unit_a.kind in (Kind.MONEY, Kind.PERCENT):
        joiner = _RATE.sub("", form[unit_a.end : cut].strip()).strip().lower() or joiner
    shared = trailing_scale(b.text, lex.numbers) if b.scaled and not first.scaled and not b.spelled else None
    low_value = first.value * (shared or 1)
    if joiner not in lex.numbers.range_words or low_value >= b.value:
        return None
    return low_value, joiner in lex.numbers.range_dashes and first.scaled and b.scaled


def _unit(ctx: Context, first: Numeral, last: Numeral) -> Unit | None:
    """The unit after the last number; an unstated one is đồng where money words stand near a scaled number."""
    unit = unit_after(ctx.form, ctx.words, last.end, ctx.lex)
    if unit is not None and unit.counted in ctx.lex.money_nouns and (last.scaled or last.value >= 1000):
        # `50 triệu tiền mặt`: the money noun leaves the unit unsaid.
        return Unit(VND, Kind.MONEY, last.end, VND)
    if unit is None and last.scaled and not last.spelled:
        window = {fold(t.form) for t in ctx.words.before(first.start, 12)}
        if window & ctx.lex.money_cues:
            unit = Unit(VND, Kind.MONEY, last.end, VND)
    return unit


def _candidates(ctx: Context) -> list[Candidate]:
    """Every number of the sentence with a unit after it, ranges joined."""
    nums = numerals(ctx.form, ctx.lex.numbers)
    out: list[Candidate] = []
    i = 0
    while i < len(nums):
        first = last = nums[i]
        i += 1
        value, value_max, pair = first.value, None, False
        joined = _range_end(ctx, first, nums[i]) if i < len(nums) else None
        if joined is not None:
            last = nums[i]
            i += 1
            low_value, pair = joined
            if not pair:
                value, value_max = low_value, last.value
        unit = _unit(ctx, first, last)
        if unit is None:
            continue
        if pair:
            out += [
                Candidate(first, first, first.value, None, unit, alone=True),
                Candidate(last, last, last.value, None, unit),
            ]
        else:
            out.append(Candidate(first, last, value, value_max, unit))
    return out


def _names_something(ctx: Context, c: Candidate) -> bool:
    """A label, an ordinal, a date or a name with a number in it, not a quantity."""
    form, lex, first = ctx.form, ctx.lex, c.first
    before, prev, prev2 = ctx.previous(first.start)
    if (prev in lex.labels and f"{prev2} {prev}" not in lex.not_labels) or c.unit.counted in lex.not_units:
        return True
    # A capitalised common noun before the number names something: `Lữ đoàn 468`, `Quốc lộ 1`.
    if before is not None and before.pos == "N" and before.form[:1].isupper() and before is not ctx.words.tokens[0]:
        return True
    if _YEAR_DIGITS.fullmatch(form[first.start : first.end]) and c.unit.kind in (Kind.COUNT, Kind.DURATION):
        return True
    return bool(
        _DATE_PREV.search(form[max(0, first.start - 12) : first.start])
        or _DATE_NEXT.match(form[c.last.end : c.last.end + 12])
    )


def _spelled_counts(ctx: Context, c: Candidate) -> bool:
    """Whether a number written in words counts here: `một` as against the article, `năm` as against year."""
    form, words, lex, first, unit = ctx.form, ctx.words, ctx.lex, c.first, c.unit
    start_tok = words.starting(first.start)
    # `Ba tác phẩm`: the segmenter may glue a number word to the noun it counts.
    glued = start_tok is not None and form[first.end : first.end + 1] == " "
    if start_tok is None or (words.ending(first.end) is None and not first.qualifier and not glued):
        return False
    word = form[first.start : first.end].lower()
    _, prev, _ = ctx.previous(first.start)
    if word in lex.article_numbers and prev not in lex.one_counts:
        if unit.kind not in MEASURE_KINDS:
            return False
        # `một hội nghị` counts only where one is held (`tổ chức một hội nghị`, `một hội nghị ... được tổ
        # chức`), not in `tại một cuộc họp báo`.
        if unit.kind is Kind.CONFERENCE and not conferences.held(form, unit.end, lex):
            return False
    return not (word in lex.ambiguous_numbers and words.tokens[start_tok].pos != "M" and unit.kind not in FIVE_KINDS)


def _per(ctx: Context, c: Candidate, end: int) -> tuple[str | None, int]:
    """What a rate is per (`4,5%/năm`, `50 triệu đồng/nhà`, `40 triệu đồng mỗi căn nhà`) and where it ends."""
    form, words, lex = ctx.form, ctx.words, ctx.lex
    m = _PER.match(form[end : end + 20])
    if m:
        return m.group()[1:].strip().lower(), end + m.end()
    k = words.after(end)
    tokens = words.tokens
    if k + 1 < len(tokens) and fold(tokens[k].form) in lex.per_words and form[end : tokens[k].at].isspace():
        noun = tokens[k + 1]
        if noun.pos in ("N", "Nc", "Nu") and c.unit.kind is Kind.MONEY:
            return fold(noun.form), noun.until
    before = words.before(c.first.start, 3)
    if c.unit.kind is Kind.MONEY and len(before) >= 2:
        # `mỗi phần quà là 500.000 đồng`, `mỗi tỉnh nhận 30 tỷ đồng`: a verb may stand between.
        head = 1 if before[0].pos == "V" else 0
        if len(before) > head + 1 and fold(before[head + 1].form) in lex.per_words:
            return fold(before[head].form), end
    return None, end


def _span(ctx: Context, c: Candidate) -> tuple[int, int, Decimal, str | None]:
    """Start and end of the figure's text in the cleaned sentence, its value (half units added) and qualifier."""
    form, lex, first, value = ctx.form, ctx.lex, c.first, c.value
    qualifier, start = None, first.start
    q = (first.qualifier, first.qualifier_start) if first.qualifier else _qualifier_before(form, first.start, lex)
    if q:
        qualifier, start = q
    if c.value_max is not None:
        inner = _qualifier_before(form, c.last.start, lex)
        if inner and inner[1] > first.end and qualifier is None:
            qualifier = inner[0]
        head = form[:start].rstrip()
        low = head.lower()
        for opener in lex.numbers.range_openers:
            if low == opener or low.endswith(" " + opener):
                start = len(head) - len(opener)
                break
    end = c.unit.end
    half = half_after(form, end, lex.numbers)
    if half is not None and c.value_max is None:
        value += Decimal("0.5")
        end = half
    tail = form[end : end + 40]
    for q_after in lex.qualifiers_after:
        if tail.lower().lstrip().startswith(q_after):
            qualifier = qualifier or q_after
            end += len(tail) - len(tail.lstrip()) + len(q_after)
            break
    return start, end, value, qualifier


def _kind(ctx: Context, c: Candidate) -> Kind:
    """The figure's kind; a bare `cuộc` or `buổi` after meetings were counted is a meeting too."""
    if c.unit.kind is Kind.COUNT and ctx.meetings_seen:
        before = ctx.words.before(c.first.start, 1)
        k = ctx.words.after(c.unit.end)
        after = ctx.words.tokens[k] if k < len(ctx.words.tokens) else None
        if conferences.refers_back(c.unit.unit, before[0] if before else None, after, ctx.lex):
            return Kind.CONFERENCE
    return c.unit.kind


def _figure(ctx: Context, c: Candidate, cleaned: Cleaned, text: str) -> conferences.Found | None:
    """The figure a candidate makes, with its span in the input, the level its words name (conferences) and
    where its number and unit stand in the cleaned sentence; None when it is no quantity."""
    if _names_something(ctx, c) or (c.first.spelled and not _spelled_counts(ctx, c)):
        return None
    start, end, value, qualifier = _span(ctx, c)
    per, end = _per(ctx, c, end)
    if c.alone:
        end = c.first.end
    kind, o = _kind(ctx, c), ctx.sentence.offset
    o0, o1 = cleaned.span(o + start, o + end)
    meeting = kind is Kind.CONFERENCE
    figure = Figure(
        value=value,
        unit=c.unit.unit,
        kind=kind,
        approx=qualifier is not None,
        qualifier=qualifier,
        text=text[o0:o1],
        start=o0,
        end=o1,
        sentence=ctx.sentence.index,
        value_max=c.value_max,
        year=ctx.year if meeting else None,
        per=per,
    )
    named = conferences.level(ctx.form, c.first.start, c.unit.end, ctx.lex) if meeting else None
    return conferences.Found(figure, named, c.first.start, c.unit.end)


def figures(sentences: Sequence[Sentence], cleaned: Cleaned, text: str, rules: Rules) -> tuple[Figure, ...]:
    """Every quantity of the body sentences of one paragraph, with spans in the input `text`."""
    lex = lexicon(rules)
    out: list[Figure] = []
    meetings: list[tuple[int, object]] = []  # (index in out, level named) of each conference figure
    para_year = None
    for sentence in sentences:
        para_year = year(sentence.form, lex) or para_year
        if sentence.caption:
            continue
        ctx = Context(sentence, Words(sentence.tokens), lex, para_year, bool(meetings))
        found = [f for c in _candidates(ctx) if (f := _figure(ctx, c, cleaned, text)) is not None]
        for figure, named, _, _ in conferences.shared_meetings(ctx.form, found, para_year, lex):
            if figure.kind is Kind.CONFERENCE:
                meetings.append((len(out), named))
            out.append(figure)
    settled = conferences.settle([out[k] for k, _ in meetings], [named for _, named in meetings], text, lex)
    for (k, _), figure in zip(meetings, settled, strict=True):
        out[k] = figure
    return tuple(out)
