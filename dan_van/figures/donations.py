"""Donations: who gave what to whom, one donation per giver and gift, read from clauses and list items.

Each amount that may be a gift (money, or goods) is tied to the giving, receiving or collecting verb that
governs it: the nearest verb before it in its clause (`X ủng hộ 5 tỷ đồng`), else a verb right after it
(`Hơn 29,5 triệu đồng ủng hộ Quỹ ...`), else the verb of the list it is an item of (`...; Ngân hàng Sacombank
100 triệu đồng;`). Amounts of one verb are one donation unless a list item names its own party before its
amount (`gồm: Bệnh viện A 500 triệu đồng; Công ty B 50 triệu đồng`); the values of different givers or
recipients are never added. Then the verb's role says who is donor and who recipient (`parties`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ..language.rules import Rules
from ..models import Donation, Entity, Figure, Kind, Sentence
from . import parties
from .clauses import Amount, Reading, Verb, read
from .context import dates, year
from .lexicon import lexicon
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


def _item(r: Reading, a: Amount, boundary: int, clause_start: int, mode: str) -> parties.Span | None:
    """The party a list item names right before its amount (`Ngân hàng Sacombank 100 triệu đồng`)."""
    span = parties.back(r, a.first, boundary)
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


def _gifts(r: Reading) -> list[Gift]:
    gifts: list[Gift] = []
    previous: Amount | None = None
    for a in r.amounts:
        anchor = _anchor(r, a, previous)
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
                last.end = _trim(r, last.start, first)
            gifts.append(Gift(verb, mode, [a], item, first, end))
        previous = a
    return gifts


def _trim(r: Reading, start: int, end: int) -> int:
    """The end of a list item before the next one opens, without the punctuation or `và` between them."""
    while end > start + 1 and (r.tokens[end - 1].pos in ("CH", "C") or r.word(end - 1) in r.lex.name_joiners):
        end -= 1
    return end


def _value(amounts: Sequence[Amount]) -> Decimal | None:
    """Money in đồng added up over one gift; a value per item counts only where no total is given."""
    money = [a for a in amounts if a.figure.unit == VND]
    totals = [a.figure.value for a in money if not a.per]
    if totals:
        return sum(totals, Decimal(0))
    return money[0].figure.value if money else None


def _recipient(r: Reading, verb: Verb, end: int, stops: frozenset[int], visited) -> parties.Span | None:
    """Who a giving verb gives to: after a marker (`cho X`, `vào Quỹ X`), or right after the verb (`ủng hộ
    Campuchia`, `hỗ trợ Hội Nông dân`), or the body gone to (`đến Y hỗ trợ`), or the one whose purpose it
    serves (`cho công tác phòng chống dịch của Chính phủ`)."""
    span = parties.after_marker(r, verb.end, end, r.lex.recipient_markers, stops)
    if span is None and verb.end not in stops:
        span = parties.forward(r, verb.end, end, stops)
    if parties.is_party(r, span):
        return span
    return visited or parties.owner(r, span)


def _onward(r: Reading, gift: Gift, end: int) -> Verb | None:
    """What a collector does with what it raised: a giving verb, or a recipient marker, after the amounts
    (`quyên góp được 45 triệu đồng giúp đồng bào miền Trung`)."""
    after = gift.amounts[-1].last
    verb = next((v for v in r.verbs_from(after, end) if v.role == "give"), None)
    if verb is None and r.word(after) in r.lex.recipient_markers:
        verb = Verb(after, after, "give", r.word(after))
    return verb


def _roles(r: Reading, gift: Gift, until: int) -> tuple[parties.Span | None, parties.Span | None]:
    """(donor, recipient) of a gift, by the role of its verb; its words reach no further than `until`, where
    the next gift's own verb stands."""
    verb, lex = gift.verb, r.lex
    start, end = r.clause(verb.i)
    end = min(end, until)
    stops = r.gift_tokens
    subject, visited, agent = parties.subject(r, verb, start)
    if not agent and (gift.mode == "before" or (subject is None and not parties.opens_clause(r, verb))):
        # What stands between the amount and the verb names the gift (`3,5 tấn hàng nông sản hỗ trợ`).
        subject = parties.clause_subject(r, start, min(verb.i, gift.amounts[0].first))
    if verb.role == "receive" and not agent:
        donor = parties.after_marker(r, verb.end, end, lex.donor_markers, stops)
        recipient = subject
        if recipient is None and gift.mode == "after":
            recipient = parties.forward(r, gift.amounts[-1].last, end, stops)
        return parties.not_owner(r, donor), parties.counted(r, recipient, end)
    if verb.role == "source":
        return parties.forward(r, verb.end, end, stops), None
    if verb.role == "collect":
        source = parties.after_marker(r, verb.end, end, lex.donor_markers, stops)
        onward = _onward(r, gift, end)
        if source is not None or onward is None:
            return source, subject
        return subject, _recipient(r, onward, end, stops, None)
    donor = subject if subject is not None else parties.after_marker(r, verb.end, end, lex.donor_markers, stops)
    return donor, _recipient(r, verb, end, stops, visited)


def _next_verbs(gifts: list[Gift]) -> list[int]:
    """For each gift, where the verb of the first later gift with a verb further on stands (a monotonic stack:
    linear however long the list)."""
    out, stack = [1 << 30] * len(gifts), []
    for k in range(len(gifts) - 1, -1, -1):
        here = gifts[k].verb.i
        while stack and stack[-1] <= here:
            stack.pop()
        if stack:
            out[k] = stack[-1]
        stack.append(here)
    return out


def _assign(r: Reading, gifts: list[Gift]) -> None:
    """Donor and recipient of every gift of a sentence. A list item names a recipient where it is a level or a
    place (`trong đó cấp tỉnh hơn 4 tỷ đồng`), else a donor, and shares the other party of its verb. A clause
    that opens with its verb keeps the giver of the clause before it (`...; hỗ trợ sửa chữa 27 nhà`)."""
    limits = _next_verbs(gifts)
    for k, gift in enumerate(gifts):
        later = limits[k]
        donor, recipient = _roles(r, gift, later)
        if gift.item is not None:
            if parties.names_a_place(r, gift.item):
                recipient = gift.item
            else:
                donor = gift.item
        elif donor is None and k and parties.opens_clause(r, gift.verb):
            donor = gifts[k - 1].donor
        gift.donor = donor if parties.is_party(r, donor) else None
        gift.recipient = recipient
        # `..., Y ủng hộ 5 triệu đồng`: the giver named before the verb opens the gift's own words.
        floor = gifts[k - 1].amounts[-1].last - 1 if k else r.clause(gift.verb.i)[0]
        if gift.donor is not None and floor < gift.donor[0] < gift.start:
            if k and gifts[k - 1].end > gift.donor[0]:
                gifts[k - 1].end = _trim(r, gifts[k - 1].start, gift.donor[0])
            gift.start = gift.donor[0]


def _merge(r: Reading, gifts: list[Gift]) -> list[Gift]:
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


def _excluded(r: Reading, gift: Gift) -> bool:
    """A prize, a sale, insurance, a loan, a call to give or a weak verb without money or goods."""
    lex = r.lex
    names = r.names
    words = " ".join(r.word(k) for k in range(gift.start, gift.end) if not names[k])
    if any(w in words for w in lex.not_donation):
        return True
    calls = [r.word(k) for k in range(max(gift.start, gift.verb.i - 6), gift.verb.i) if not names[k]]
    cut = max((k for k, w in enumerate(calls) if w == ","), default=-1)
    if gift.verb.role != "collect" and any(w in lex.call_words for w in calls[cut + 1 :]):
        return True
    # Money raised in another currency is business (`huy động được 100 tỷ USD cho Quỹ Tầm nhìn`), not charity.
    if gift.verb.role == "collect" and not any(a.figure.unit == VND for a in gift.amounts):
        return True
    if gift.verb.words in lex.weak_verbs:
        return not any(
            a.figure.unit == VND or a.figure.kind is Kind.WEIGHT or a.figure.unit in lex.gift_units
            for a in gift.amounts
        )
    return False


def _donation(r: Reading, gift: Gift, para_year: int | None) -> Donation:
    s = r.sentence
    first, last = r.tokens[gift.start], r.tokens[gift.end - 1]
    text = s.text[first.start - s.start : last.end - s.start]
    date, year_ = dates(text, r.lex, para_year)
    return Donation(
        donor=parties.clean(r, gift.donor),
        recipient=parties.clean(r, gift.recipient),
        value_vnd=_value(gift.amounts),
        amounts=tuple(a.figure for a in gift.amounts),
        sentence=s.index,
        text=text,
        start=first.start,
        end=last.end,
        verb=gift.verb.words,
        year=year_,
        date=date,
    )


def _value_sentence(r: Reading) -> Decimal | None:
    """`Tổng trị giá 300 triệu đồng.`: a sentence that only states the value of the gift before it."""
    if r.verbs or not r.amounts or not (r.phrase(0, 1) in r.lex.value_openers or r.phrase(0, 2) in r.lex.value_openers):
        return None
    return _value(r.amounts)


def sentence_donations(r: Reading, para_year: int | None) -> list[Donation]:
    """The donations one sentence states."""
    gifts = [g for g in _gifts(r) if not _excluded(r, g)]
    _assign(r, gifts)
    return [_donation(r, g, para_year) for g in _merge(r, gifts)]


def donations(
    sentences: Sequence[Sentence], figs: Sequence[Figure], entities: Sequence[Entity], rules: Rules
) -> tuple[Donation, ...]:
    """The donations of one paragraph's sentences, given its figures and entities."""
    lex = lexicon(rules)
    figures_of: dict[int, list[Figure]] = defaultdict(list)
    entities_of: dict[int, list[Entity]] = defaultdict(list)
    for f in figs:
        figures_of[f.sentence].append(f)
    for e in entities:
        entities_of[e.sentence].append(e)
    out: list[Donation] = []
    para_year = None
    for sentence in sentences:
        para_year = year(sentence.form, lex) or para_year
        if sentence.caption or not figures_of[sentence.index]:
            continue
        r = read(sentence, figures_of[sentence.index], entities_of[sentence.index], lex)
        found = sentence_donations(r, para_year)
        value = None if found else _value_sentence(r)
        if value is not None and out and out[-1].value_vnd is None and out[-1].sentence == sentence.index - 1:
            out[-1] = replace(out[-1], value_vnd=value, amounts=out[-1].amounts + tuple(a.figure for a in r.amounts))
        out.extend(found)
    return tuple(out)
