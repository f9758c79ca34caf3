"""Gifts: which amounts of a sentence make one donation, and the verb that governs them.

Each amount that may be a gift (money, or goods) is tied to the giving, receiving or collecting verb that
governs it: the nearest verb before it in its clause (`X ủng hộ 5 tỷ đồng`), else a verb right after it
(`Hơn 29,5 triệu đồng ủng hộ Quỹ ...`), else the verb of the list it is an item of (`...; Ngân hàng Sacombank
100 triệu đồng;`). Amounts of one verb are one gift unless a list item names its own party before its
amount (`gồm: Bệnh viện A 500 triệu đồng; Công ty B 50 triệu đồng`): the values of different givers or
recipients are never added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..models import Kind
from . import parties
from .clauses import Amount, Reading, Verb
from .units import VND

# How many tokens may stand between an amount and a giving verb written after it (`3,5 tấn hàng nông sản
# hỗ trợ ...`), unless the giver is named between them (`... do cán bộ, hội viên đóng góp`).
AMOUNT_BEFORE_VERB = 6


@dataclass(slots=True)
class Gift:
    """The amounts of one donation, the verb that governs them and how they stand to it."""

    verb: Verb
    mode: str  # "after": the verb comes first; "before": the amount does; "item": a list item of the verb
    amounts: list[Amount]
    item: parties.Span | None  # the party a list item names before its amount
    start: int  # token range of the donation's own words: its list item or clause
    end: int
    donor: parties.Span | None = None
    recipient: parties.Span | None = None


def _gift_before(r: Reading, a: Amount, verb: Verb) -> bool:
    """Whether an amount written before a giving verb is its gift: money, weight or goods, with only words
    naming the gift between them (`3,5 tấn hàng nông sản hỗ trợ`), or the giver after `do`."""
    f, lex = a.figure, r.lex
    if not (f.kind is Kind.MONEY or f.kind is Kind.WEIGHT or f.unit in lex.gift_units):
        return False
    between = range(a.last, verb.i)
    if r.word(a.last) in lex.agent_markers:
        return True
    return all(r.tokens[k].pos in ("N", "Nc", "A", "Nu") and r.entity_at(k) is None for k in between)


def _anchor(r: Reading, a: Amount, previous: Amount | None) -> tuple[Verb, str] | None:
    """The verb that governs an amount, and how the amount stands to it. A verb right after the amount wins
    over the verb before it where that one followed the amount before (`3,5 tấn hỗ trợ X và 2,5 tấn hỗ trợ Y`)."""
    start, end = r.clause(a.first)
    last = r.verb_before(a.first, start)
    before = [last] if last is not None else []
    reach = end if r.word(a.last) in r.lex.agent_markers else a.last + AMOUNT_BEFORE_VERB + 1
    after = [v for v in r.verbs_from(a.last, min(end, reach)) if _gift_before(r, a, v)][:1]
    # The verb before stands between this amount and the one before: it gives that one (`chuyển 3,5 tấn hỗ
    # trợ X và 2,5 tấn hỗ trợ Y`).
    taken = bool(before) and previous is not None and before[-1].i >= previous.last
    if after and (not before or taken):
        return after[0], "before"
    if before:
        return before[-1], "after"
    earlier = r.verb_before(a.first, 0)
    if earlier is not None:
        return earlier, "item"
    source = [v for v in r.sources if start <= v.i < end]
    return (source[0], "source") if source else None


def _opens_item(r: Reading, at: int, clause_start: int, mode: str) -> bool:
    """Whether a list item opens right before token `at`: after a list mark, or at a clause of a list."""
    if at == clause_start:
        return mode == "item"
    prev = at - 1
    opener = r.word(prev) in r.lex.list_openers or r.phrase(prev - 1, 2) in r.lex.list_openers
    return r.tokens[prev].form in (",", ";", ":") or opener


def _whole_item(r: Reading, a: Amount, start: int) -> parties.Span | None:
    """A list item's name is all its words before its amount where it opens with a name (`Ngân hàng Agribank
    chi nhánh tỉnh 100 triệu đồng`), past a leading list mark (`- `, `Trong đó`)."""
    k = start
    while k < a.first and (r.tokens[k].pos == "CH" or r.word(k) in r.lex.list_openers):
        k += 1
    if k < a.first and (r.entity_at(k) is not None or r.tokens[k].form[:1].isupper()):
        return k, a.first
    return None


def _item(r: Reading, a: Amount, boundary: int, clause_start: int, mode: str) -> parties.Span | None:
    """The party a list item names right before its amount (`Ngân hàng Sacombank 100 triệu đồng`)."""
    span = _whole_item(r, a, boundary) if mode == "item" and boundary == clause_start else None
    span = span or parties.back(r, a.first, boundary)
    if span is None or not parties.is_party(r, span) or not _opens_item(r, span[0], clause_start, mode):
        return None
    return span


def _opening(r: Reading, a: Amount, verb: Verb, item: parties.Span | None, start: int, previous: Amount | None) -> int:
    """Where a gift's own words open in its clause: its list item, its verb when that follows the amount before,
    or its amount."""
    if item is not None:
        return item[0]
    if previous is not None and previous.last <= verb.i < a.first:
        return verb.i
    if previous is not None and previous.first >= start:
        return a.first
    return start


def gifts(r: Reading, carried: Verb | None = None) -> list[Gift]:
    """The gifts of a sentence, in text order; `carried` is the verb of a list an earlier sentence left open,
    which governs amounts that no verb of this sentence does."""
    gifts: list[Gift] = []
    previous: Amount | None = None
    for a in r.amounts:
        anchor = _anchor(r, a, previous) or ((carried, "item") if carried is not None else None)
        if anchor is None:
            previous = None
            continue
        verb, mode = anchor
        start, end = r.clause(a.first)
        boundary = max(start, previous.last if previous else start, verb.end if verb.end <= a.first else start)
        item = _item(r, a, boundary, start, mode) if mode != "before" else None
        last = gifts[-1] if gifts else None
        same = (
            last is not None
            and last.verb == verb
            and item is None
            and previous is not None
            and r.clause(previous.first) == (start, end)
            and (mode != "item" or last.mode == "item")
        )
        if same:
            last.amounts.append(a)
        else:
            first = _opening(r, a, verb, item, start, previous if last is not None and last.end > a.first else None)
            if last is not None and last.end > first >= last.start:
                last.end = trim(r, last.start, first)
            gifts.append(Gift(verb, mode, [a], item, first, end))
        previous = a
    return gifts


def trim(r: Reading, start: int, end: int) -> int:
    """The end of a list item before the next one opens, without the punctuation or `và` between them."""
    while end > start + 1 and (r.tokens[end - 1].pos in ("CH", "C") or r.word(end - 1) in r.lex.name_joiners):
        end -= 1
    return end


def value(amounts: Sequence[Amount]) -> Decimal | None:
    """Money in đồng added up over one gift; a value per item counts only where no total is given."""
    money = [a for a in amounts if a.figure.unit == VND]
    totals = [a.figure.value for a in money if not a.per]
    if totals:
        return sum(totals, Decimal(0))
    return money[0].figure.value if money else None


def merge(r: Reading, gifts: list[Gift]) -> list[Gift]:
    """One gift told twice in one clause, money then what it buys, is one donation (`trích ... 500 triệu đồng,
    hỗ trợ xây tặng 10 Nhà Đại đoàn kết (trị giá 50 triệu đồng/nhà) cho các hộ nghèo`)."""
    out: list[Gift] = []
    for gift in gifts:
        last = out[-1] if out else None
        goods = all(a.per or a.figure.kind is not Kind.MONEY for a in gift.amounts)
        if (
            last is not None
            and goods
            and gift.item is None
            and gift.mode == "after"
            and r.clause(gift.amounts[0].first) == r.clause(last.amounts[-1].first)
            and any(a.figure.kind is Kind.MONEY and not a.per for a in last.amounts)
            and parties.opens_clause(r, gift.verb, comma=True)
        ):
            last.amounts.extend(gift.amounts)
            last.recipient = gift.recipient or last.recipient
            last.end = max(last.end, gift.end)
            continue
        out.append(gift)
    return out
