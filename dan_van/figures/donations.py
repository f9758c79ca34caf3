"""Donations: who gave what to whom, one donation per giver and gift.

The amounts of a sentence are grouped into gifts (`gifts`); the role of each gift's verb then says who is
donor and who recipient (`parties` finds their names): the subject of a giving verb gives, the subject of a
receiving verb receives, a collector receives unless it gives on what it raised. A list left open at the end
of a line (`...; ` or `...:`) goes on in the lines after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ..language.rules import Rules
from ..models import Donation, Entity, Figure, Kind, Sentence
from . import parties
from .clauses import Reading, Verb, read
from .context import dates, year
from .gifts import Gift, gifts, merge, trim, value
from .lexicon import lexicon
from .units import VND


@dataclass(frozen=True, slots=True)
class Carry:
    """A list of gifts left open by the sentence before (it ended with `;` or `:`): its verb and parties."""

    verb: str
    role: str
    donor: str | None
    recipient: str | None


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
                gifts[k - 1].end = trim(r, gifts[k - 1].start, gift.donor[0])
            gift.start = gift.donor[0]


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
        value_vnd=value(gift.amounts),
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
    return value(r.amounts)


def _carried(r: Reading, carry: Carry, para_year: int | None) -> list[Donation]:
    """The items of a list a sentence before left open (`Công ty A 200 triệu đồng;` on a line of its own)."""
    out = []
    for gift in gifts(r, Verb(-1, 0, carry.role, carry.verb)):
        if gift.item is None or _excluded(r, gift):
            continue
        place = parties.names_a_place(r, gift.item)
        donor = carry.donor if place else parties.clean(r, gift.item)
        recipient = parties.clean(r, gift.item) if place else carry.recipient
        out.append(replace(_donation(r, gift, para_year), donor=donor, recipient=recipient))
    return out


def sentence_donations(r: Reading, para_year: int | None, carry: Carry | None = None) -> list[Donation]:
    """The donations one sentence states; items of a list left open before it where it has no verb."""
    if not r.verbs and carry is not None:
        return _carried(r, carry, para_year)
    found = [g for g in gifts(r) if not _excluded(r, g)]
    _assign(r, found)
    return [_donation(r, g, para_year) for g in merge(r, found)]


def _left_open(r: Reading, found: list[Donation], carry: Carry | None) -> Carry | None:
    """The list this sentence leaves open for the next one, if it ends with `;` or `:`."""
    if not r.tokens or r.tokens[-1].form not in (";", ":"):
        return None
    if not r.verbs:
        return carry
    verb = r.verbs[-1]
    last = found[-1] if found and found[-1].verb == verb.words else None
    if last is not None:
        return Carry(verb.words, verb.role, last.donor, last.recipient)
    subject, _, _ = parties.subject(r, verb, r.clause(verb.i)[0])
    if verb.role == "receive":
        return Carry(verb.words, verb.role, None, parties.clean(r, subject))
    recipient = _recipient(r, verb, r.clause(verb.i)[1], r.gift_tokens, None)
    return Carry(verb.words, verb.role, parties.clean(r, subject), parties.clean(r, recipient))


def donations(
    sentences: Sequence[Sentence],
    figs: Sequence[Figure],
    entities: Sequence[Entity],
    rules: Rules,
    carry: Carry | None = None,
) -> tuple[tuple[Donation, ...], Carry | None]:
    """The donations of one paragraph's sentences, given its figures and entities, and the list it leaves
    open for the next paragraph; `carry` is the list the paragraph before left open."""
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
        if sentence.caption:
            continue
        listing = sentence.form.rstrip()[-1:] in (";", ":")
        if not figures_of[sentence.index] and not listing:
            carry = None
            continue
        r = read(sentence, figures_of[sentence.index], entities_of[sentence.index], lex)
        found = sentence_donations(r, para_year, carry) if r.amounts else []
        worth = None if found else _value_sentence(r)
        if worth is not None and out and out[-1].value_vnd is None and out[-1].sentence == sentence.index - 1:
            out[-1] = replace(out[-1], value_vnd=worth, amounts=out[-1].amounts + tuple(a.figure for a in r.amounts))
        out.extend(found)
        carry = _left_open(r, found, carry)
    return tuple(out), carry
