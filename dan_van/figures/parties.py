"""Donors and recipients: the noun phrases around a giving verb, cut and cleaned into names as written."""

from __future__ import annotations

from ..models import EntityType
from .clauses import Reading, Verb

Span = tuple[int, int]
# Part-of-speech tags that may stand inside a donor's or recipient's name.
NAME_POS = frozenset(("N", "Np", "Nc", "Ny", "Nu", "M", "A", "L", "P", "X", "Nb"))
# Tags of the words that may modify a noun after it inside a recipient's name (`khó khăn về chỗ ở`).
_MODIFIER_POS = frozenset(("A", "V", "R", "E"))
_OPEN = frozenset(("(",))
# How far back, in tokens, a clause's subject is looked for.
SUBJECT_REACH = 60
_OPEN_QUOTE = frozenset(("“", '"', "«"))
_CLOSE = frozenset(("”", '"', "»"))


def _nominal(r: Reading, k: int) -> bool:
    t = r.tokens[k]
    if k in r.gift_tokens:
        return False
    if t.pos in NAME_POS or (t.form[:1].isupper() and t.form[:1].isalpha()) or r.entity_at(k) is not None:
        return True
    return t.pos == "V" and k > 0 and r.word(k - 1) in r.lex.person_heads


def _joins(r: Reading, k: int) -> bool:
    """A comma, `và` or an inner preposition between two nouns of one name (`cơ quan, đơn vị và nhân dân`,
    `thanh niên trên địa bàn tỉnh`)."""
    return r.tokens[k].form == "," or r.word(k) in r.lex.name_joiners


def _plain(r: Reading, k: int) -> bool:
    """A lower-case common noun outside any name: one part of a list such as `cơ quan, đơn vị, doanh nghiệp`."""
    t = r.tokens[k]
    plain = t.pos in ("N", "Nc", "A") and not t.form[:1].isupper() and r.word(k) not in r.lex.stop_words
    return plain and r.entity_at(k) is None and k not in r.gift_tokens


def _closing_quote(r: Reading, k: int, limit: int) -> int | None:
    """Where the quotation that ends at token k opens, when a name's head stands before it (`Quỹ “Vì ...”`)."""
    if r.tokens[k].form not in _CLOSE:
        return None
    for j in range(k - 1, max(limit, k - 12) - 1, -1):
        if r.tokens[j].form in _OPEN_QUOTE:
            return j if j > limit and _nominal(r, j - 1) else None
    return None


def _verb_in_name(r: Reading, k: int, limit: int, end: int) -> bool:
    """A verb right after a capitalised head inside a body's name (`Ban vận động Quỹ`, `Ban quản lý dự án`)."""
    if r.tokens[k].pos != "V" or k - 1 < limit or k + 1 >= end or k in r.gift_tokens:
        return False
    head = r.tokens[k - 1]
    return head.pos in ("N", "Nc") and head.form[:1].isupper() and r.word(k - 1) in r.lex.body_heads


def back(r: Reading, end: int, limit: int) -> Span | None:
    """The noun phrase that ends right before token `end`, reaching back no further than `limit`. A comma
    joins plain lower-case nouns only (`cơ quan, đơn vị, doanh nghiệp`), so that `Ngày 4/6, Ủy ban ...` and
    `Cùng ngày, Bệnh viện ...` keep the name alone."""
    k, plain = end - 1, True
    while k >= limit:
        entity = r.entity_at(k)
        quote = _closing_quote(r, k, limit)
        if entity is not None:
            k, plain = entity - 1, False
        elif quote is not None:
            k, plain = quote - 1, False
        elif _nominal(r, k) and not (k < end - 1 and r.word(k) in r.lex.demonstratives):
            plain = plain and _plain(r, k)
            k -= 1
        elif (
            r.tokens[k].form == ","
            and plain
            and k - 1 >= limit
            and k + 1 < end
            and _plain(r, k - 1)
            or r.word(k) in r.lex.name_joiners
            and k - 1 >= limit
            and k + 1 < end
            and _nominal(r, k - 1)
            or _verb_in_name(r, k, limit, end)
        ):
            k -= 1
        else:
            break
    start = k + 1
    while start < end and _joins(r, start):
        start += 1
    return (start, end) if start < end else None


def forward(r: Reading, start: int, limit: int, stops: frozenset[int] = frozenset()) -> Span | None:
    """The noun phrase from token `start` on: nouns and their modifiers, entities whole, until `limit`, a token
    in `stops` or a word that opens something else (a purpose, the value of an amount)."""
    k, last = start, None
    while k < limit and k not in stops:
        entity = r.entity_end.get(k)
        if entity is not None:
            k = last = min(entity, limit)
            continue
        if r.word(k) in r.lex.phrase_stops or r.phrase(k, 2) in r.lex.phrase_stops or r.tokens[k].form in _OPEN:
            break
        if r.tokens[k].form in _OPEN_QUOTE and last == k:
            close = next((j for j in range(k + 1, min(limit, k + 12)) if r.tokens[j].form in _CLOSE), None)
            if close is None:
                break
            k = last = close + 1
            continue
        if _nominal(r, k):
            k += 1
            last = k
        elif _joins(r, k) and k + 1 < limit and k + 1 not in stops and _nominal(r, k + 1):
            k += 1
        elif r.tokens[k].form == "," and r.word(k - 1) in r.lex.task_words and r.word(k + 1) in r.lex.task_words:
            k += 1  # `Quỹ phòng, chống thiên tai`
        elif r.tokens[k].pos in _MODIFIER_POS and last is not None and r.tokens[k].form != ",":
            k += 1
        else:
            break
    return (start, last) if last is not None and last > start else None


def clean(r: Reading, span: Span | None) -> str | None:
    """A name as written: leading `các`, `đại diện` and titles dropped, trailing particles cut; a count stays
    (`4.000 hộ trên địa bàn huyện`)."""
    if span is None:
        return None
    lex, (i, j) = r.lex, span
    while j > i and (r.tokens[j - 1].pos in ("CH", "E", "C", "V", "R") or _joins(r, j - 1)):
        if r.entity_at(j - 1) is not None:
            break
        j -= 1
    changed = True
    while changed and i < j:
        changed = False
        size = next((n for n in (3, 2, 1) if i + n < j and r.phrase(i, n) in lex.name_prefixes), 0)
        if size:
            i, changed = i + size, True
    if i >= j:
        return None
    s = r.sentence
    text = s.text[r.tokens[i].start - s.start : r.tokens[j - 1].end - s.start].strip(" ,;:-–")
    return text or None


def is_party(r: Reading, span: Span | None) -> bool:
    """A recipient is a party, not a purpose (`cho công tác phòng dịch`) nor a noun of the gift (`tiền`)."""
    if span is None:
        return False
    i = span[0]
    while i < span[1] and r.phrase(i, 1) in r.lex.name_prefixes:
        i += 1
    head = r.phrase(i, 2)
    return not any(head == w or head.startswith(w + " ") for w in r.lex.not_parties)


def _marker_before(r: Reading, at: int, limit: int, markers: frozenset[str]) -> int:
    """Length of one of `markers` ending right before token `at` (not before `limit`), else 0."""
    return next((n for n in (3, 2, 1) if at - n >= limit and r.phrase(at - n, n) in markers), 0)


def _agent(r: Reading, verb: Verb, limit: int) -> Span | None:
    """The giver of a passive verb: everything between `do`/`được` and the verb, where it is one name or a
    list of names (`do cán bộ, hội viên, tình nguyện viên ... đóng góp`)."""
    end = verb.i
    while end > limit and (r.word(end - 1) in r.lex.subject_skip or r.tokens[end - 1].pos == "R"):
        end -= 1
    k = end - 1
    while k >= limit and (_nominal(r, k) or _joins(r, k) or r.tokens[k].form in _CLOSE | _OPEN_QUOTE):
        if r.word(k) in r.lex.agent_markers:
            break
        k -= 1
    if k >= limit and r.word(k) in r.lex.agent_markers and k + 1 < end:
        return k + 1, end
    return None


def subject(r: Reading, verb: Verb, limit: int) -> tuple[Span | None, Span | None, bool]:
    """Before a verb: (its subject, a body gone to (`X đã đến Y hỗ trợ`), whether the subject is an agent of a
    passive (`được X ủng hộ`, `do X đóng góp`)). Partners (`phối hợp với X`) are passed over."""
    agent = _agent(r, verb, limit)
    if agent is not None:
        return agent, None, True
    lex, k, visited = r.lex, verb.i - 1, None
    while k >= limit:
        if r.word(k) in lex.subject_skip or r.tokens[k].pos == "R" or r.word(k) in lex.event_frames:
            k -= 1
            continue
        span = back(r, k + 1, limit)
        if span is None:
            return None, visited, False
        if n := _marker_before(r, span[0], limit, lex.visit_words):
            if visited is None:
                visited = span
            k = span[0] - n - 1
            continue
        if n := _marker_before(r, span[0], limit, lex.partner_markers):
            k = span[0] - n - 1
            continue
        if (n := _marker_before(r, span[0], limit, lex.origin_markers)) and (who := back(r, span[0] - n, limit)):
            span = (who[0], span[1])
        return span, visited, False
    return None, visited, False


def after_marker(r: Reading, start: int, end: int, markers: frozenset[str], stops: frozenset[int]) -> Span | None:
    """The first phrase after one of `markers` between tokens start and end (`cho X`, `từ nguồn ủng hộ của X`)."""
    lex, k = r.lex, start
    while k < end:
        # `2.000 hộ của huyện Hóc Môn`: a marker right after a count belongs to what is counted.
        counted = k - 1 in r.counts
        size = 0 if k in stops or counted else next((n for n in (3, 2, 1) if r.phrase(k, n) in markers), 0)
        if not size:
            k += 1
            continue
        at = k + size
        # `từ nguồn ủng hộ của Hiệp hội`: the source of the money is named after it.
        source = next((n for n in (3, 2, 1) if r.phrase(at, n) in lex.source_words), 0)
        if source and r.word(at + source) in lex.donor_markers:
            at += source + 1
        span = forward(r, at, end, stops)
        if span is not None:
            return span
        k = at
    return None


def clause_subject(r: Reading, start: int, before: int) -> Span | None:
    """The subject of a clause, before `before`: the first noun phrase an auxiliary follows (`Hội Nông dân
    tỉnh đã ...`, `tập thể người lao động của Vinamilk cũng đã ...`), else a name that opens the clause before
    any verb (`Hội Chữ thập đỏ huy động ...`); partners (`phối hợp với X`) and objects of a preposition are not."""
    start = max(start, before - SUBJECT_REACH)
    for k in range(start + 1, min(before + 1, len(r.tokens))):
        if r.word(k) in r.lex.subject_skip and (span := _subject_at(r, k, start)) is not None:
            return span
    for k in range(start, min(before, len(r.tokens))):
        if r.tokens[k].pos == "V" and r.entity_at(k) is None:
            break
        end = r.entity_end.get(k)
        named = end is not None and r.entity_type.get(k) is not EntityType.LOC and end < len(r.tokens)
        if named and r.tokens[end].pos == "V" and (span := _subject_at(r, end, start)) is not None:
            return span
    return None


def _subject_at(r: Reading, k: int, start: int) -> Span | None:
    span = back(r, k, start)
    if span is None or r.tokens[span[0]].form[:1].isdigit():
        return None
    if r.tokens[span[0]].pos == "V" and r.entity_at(span[0]) is None:
        return None  # `Chung tay cùng Công ty, ...`, `Là một đơn vị ...`: a clause before the subject
    lead = r.tokens[span[0] - 1] if span[0] > start else None
    if lead is not None and (lead.pos == "E" or _marker_before(r, span[0], start, r.lex.partner_markers)):
        return None
    return span if is_party(r, span) else None


def names_a_place(r: Reading, span: Span) -> bool:
    """A level (`cấp tỉnh`) or a place (`Hà Nội`, `huyện Gia Lâm`): a recipient when a list item names it."""
    if r.word(span[0]) in r.lex.level_list_markers:
        return True
    return r.entity_type.get(span[0]) is EntityType.LOC and r.entity_end.get(span[0]) == span[1]


def opens_clause(r: Reading, verb: Verb, comma: bool = False) -> bool:
    """Whether a verb opens its clause (`...; hỗ trợ sửa chữa 27 nhà`), or with `comma`, a comma's part of it
    (`..., hỗ trợ xây tặng 10 nhà`): only auxiliaries (and, with `comma`, other verbs) stand before it."""
    start, _ = r.clause(verb.i)
    k = verb.i - 1
    while k >= start and (
        r.word(k) in r.lex.subject_skip or r.tokens[k].pos == "R" or (comma and r.tokens[k].pos == "V")
    ):
        k -= 1
    return k < start or (comma and r.tokens[k].form == ",")


def counted(r: Reading, span: Span | None, end: int) -> Span | None:
    """`Số hộ được tặng quà ... là 4.000 hộ`: the receivers are the count after `là`, not `Số hộ`."""
    if span is None or r.word(span[0]) not in r.lex.count_heads:
        return span
    for k in range(span[1], end):
        if r.word(k) in r.lex.copulas:
            return forward(r, k + 1, end) or span
    return span


def _levels_only(r: Reading, span: Span) -> bool:
    words = " ".join(r.word(k) for k in range(*span))
    return any(words == w for w, _ in r.lex.levels)


def not_owner(r: Reading, span: Span | None) -> Span | None:
    """A donor after `của` that is only a level word owns the fund (`Quỹ ... của tỉnh`), it gives nothing."""
    return None if span is not None and _levels_only(r, span) else span


def owner(r: Reading, purpose: Span | None) -> Span | None:
    """The party a purpose belongs to (`công tác phòng chống dịch của Chính phủ và các địa phương`)."""
    if purpose is None:
        return None
    for k in range(purpose[0], purpose[1]):
        if r.word(k) in r.lex.donor_markers and r.word(k) != "từ":
            span = forward(r, k + 1, purpose[1] + 12)
            if is_party(r, span) and span is not None and not _levels_only(r, span):
                return span
    return None
