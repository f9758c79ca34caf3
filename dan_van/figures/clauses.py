"""A sentence as the donation extractor reads it: its clauses, its giving and receiving verbs, the amounts
that may be gifts, and the entities that hold names together, all by token index."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Entity, EntityType, Figure, Kind, Sentence, Token
from .lexicon import Lexicon, fold

# Kinds of amounts that are never what was given: time, shares, meetings, sizes of land; people and
# households count who was given to.
NOT_GIVEN = frozenset(
    (Kind.DURATION, Kind.PERCENT, Kind.CONFERENCE, Kind.AREA, Kind.LENGTH, Kind.PEOPLE, Kind.HOUSEHOLDS)
)
# Punctuation that closes a clause: what follows is another clause or a list item.
CLAUSE_ENDS = frozenset((";", ":"))


@dataclass(frozen=True, slots=True)
class Verb:
    """A giving, receiving or collecting verb: tokens [i, end), its role and its folded words."""

    i: int
    end: int
    role: str  # "give", "receive", "collect", or "source" (`từ nguồn tài trợ của X`: X gave)
    words: str


@dataclass(frozen=True, slots=True)
class Amount:
    """A figure that may be a gift, by token index; `per` marks a value per item (`50 triệu đồng/nhà`)."""

    figure: Figure
    first: int
    last: int  # the token after the figure's last one
    per: bool


@dataclass(slots=True)
class Reading:
    """One sentence read for donations: tokens, entity extents, verbs, amounts and clause ends."""

    sentence: Sentence
    tokens: Sequence[Token]
    lex: Lexicon
    verbs: list[Verb] = field(default_factory=list)
    verb_starts: list[int] = field(default_factory=list)
    verb_ends: list[int] = field(default_factory=list)
    sources: list[Verb] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    clause_ends: list[int] = field(default_factory=list)  # token indices of `;` and `:`
    entity_end: dict[int, int] = field(default_factory=dict)  # first token of an entity -> the token after it
    entity_type: dict[int, EntityType] = field(default_factory=dict)
    covered: list[int | None] = field(default_factory=list)  # token -> first token of the entity covering it
    gift_tokens: frozenset[int] = frozenset()  # tokens of the amounts
    counts: frozenset[int] = frozenset()  # the last token of every figure that counts something else
    names: list[bool] = field(default_factory=list)  # tokens inside a name: an entity, or capitalised
    folded: list[str] = field(default_factory=list)  # every token's folded form, worked out once

    def word(self, i: int) -> str:
        """The folded form of token i, or '' outside the sentence."""
        return self.folded[i] if 0 <= i < len(self.folded) else ""

    def clause(self, i: int) -> tuple[int, int]:
        """The token range of the clause that holds token i."""
        k = bisect_right(self.clause_ends, i)
        start = self.clause_ends[k - 1] + 1 if k else 0
        end = self.clause_ends[k] if k < len(self.clause_ends) else len(self.tokens)
        return start, end

    def entity_at(self, i: int) -> int | None:
        """The first token of the (non-MISC) entity that covers token i, if any."""
        return self.covered[i] if 0 <= i < len(self.covered) else None

    def verb_before(self, pos: int, start: int) -> Verb | None:
        """The last verb that ends at or before token `pos` and starts at or after `start`."""
        k = bisect_right(self.verb_ends, pos) - 1
        return self.verbs[k] if k >= 0 and self.verbs[k].i >= start else None

    def verbs_from(self, pos: int, end: int):
        """The verbs that start at or after token `pos` and before `end`, in order."""
        k = bisect_left(self.verb_starts, pos)
        while k < len(self.verbs) and self.verbs[k].i < end:
            yield self.verbs[k]
            k += 1

    def phrase(self, i: int, size: int) -> str:
        """The folded words of tokens [i, i + size)."""
        if size == 1:
            return self.word(i)
        if i < 0:
            return " ".join(self.word(k) for k in range(i, i + size))
        return " ".join(self.folded[i : i + size])


def _match(reading: Reading, i: int, words: frozenset[str]) -> int:
    """Length in tokens of the longest entry of `words` starting at token i, or 0."""
    for size in (3, 2, 1):
        if i + size <= len(reading.tokens) and reading.phrase(i, size) in words:
            return size
    return 0


def _is_verb(reading: Reading, i: int, size: int) -> bool:
    """A giving verb used as a verb: not a noun (`sự ủng hộ`) nor another verb (`nhận thấy`)."""
    lex, tokens = reading.lex, reading.tokens
    before, after = reading.word(i - 1), reading.word(i + size)
    verbal = tokens[i].pos == "V" or before in lex.subject_skip or i == 0
    return verbal and before not in lex.verb_nominalisers and after not in lex.not_giving_after


def _verbs(reading: Reading) -> list[Verb]:
    lex = reading.lex
    found: list[Verb] = []
    i, n = 0, len(reading.tokens)
    while i < n:
        if reading.word(i) not in lex.verb_heads:
            i += 1
            continue
        size, role = _match(reading, i, lex.collect), "collect"
        if not size:
            size, role = _match(reading, i, lex.receive), "receive"
        if not size:
            size, role = _match(reading, i, lex.give), "give"
        if not size or not _is_verb(reading, i, size):
            i += 1
            continue
        # `tiếp nhận ủng hộ của ...`: a gift named after the receiving verb belongs to that verb.
        follow = _match(reading, i + size, lex.give) if role == "receive" else 0
        end = i + size + follow
        found.append(Verb(i, end, role, reading.phrase(i, end - i)))
        i = end
    return found


def _sources(reading: Reading) -> list[Verb]:
    """`từ nguồn tài trợ của Tập đoàn Novaland`: the source of money names its giver, with no giving verb."""
    lex, found = reading.lex, []
    for i in range(len(reading.tokens)):
        if reading.folded[i] not in lex.source_heads:
            continue
        size = _match(reading, i, lex.source_words)
        if size and reading.word(i + size) in lex.donor_markers:
            found.append(Verb(i, i + size + 1, "source", reading.phrase(i, size)))
    return found


def _amounts(reading: Reading, figures: Sequence[Figure]) -> list[Amount]:
    lex, tokens = reading.lex, reading.tokens
    starts = [t.start for t in tokens]
    out = []
    for f in figures:
        # A rate per measure (`15.000 đồng/kg`, `3,63 triệu đồng/tháng`) is a price or an allowance.
        if f.kind in NOT_GIVEN or f.unit in lex.not_goods or (f.per is not None and f.per in lex.measure):
            continue
        first = max(0, bisect_right(starts, f.start) - 1)
        last = max(first + 1, bisect_left(starts, f.end))
        out.append(Amount(f, first, last, f.per is not None))
    return out


def read(sentence: Sentence, figures: Sequence[Figure], entities: Sequence[Entity], lex: Lexicon) -> Reading:
    """The sentence's verbs, amounts, clause ends and entity extents."""
    reading = Reading(sentence, sentence.tokens, lex)
    reading.folded = [fold(t.form) for t in sentence.tokens]
    starts = [t.start for t in sentence.tokens]
    reading.covered = [None] * len(starts)
    for e in entities:
        if e.type is EntityType.MISC:
            continue
        first = bisect_left(starts, e.start)
        last = bisect_left(starts, e.end)
        if first < last:
            reading.entity_end[first] = last
            reading.entity_type[first] = e.type
            reading.covered[first:last] = [first] * (last - first)
    reading.clause_ends = [k for k, t in enumerate(sentence.tokens) if t.form in CLAUSE_ENDS]
    reading.verbs = _verbs(reading)
    reading.verb_starts = [v.i for v in reading.verbs]
    reading.verb_ends = [v.end for v in reading.verbs]
    reading.sources = _sources(reading)
    reading.amounts = _amounts(reading, figures)
    reading.gift_tokens = frozenset(k for a in reading.amounts for k in range(a.first, a.last))
    starts = [t.start for t in sentence.tokens]
    reading.counts = frozenset(bisect_left(starts, f.end) - 1 for f in figures if f.kind in NOT_GIVEN)
    reading.names = [
        covered is not None or (k > 0 and t.form[:1].isupper())
        for k, (covered, t) in enumerate(zip(reading.covered, sentence.tokens, strict=True))
    ]
    return reading
