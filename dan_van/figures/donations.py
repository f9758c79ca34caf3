"""Donations: who gave what to whom, where a sentence states an amount given or received."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..language.rules import Rules
from ..models import Donation, Entity, Figure, Kind, Sentence, Token
from .context import WINDOW
from .lexicon import Lexicon, fold, lexicon

# Part-of-speech tags that may stand inside a donor's or recipient's name.
NAME_POS = frozenset(("N", "Np", "Nc", "Ny", "Nu", "M", "A", "L", "C", "E", "P", "X", "Nb"))
# Kinds of amounts that are never what was given.
NOT_GIVEN = frozenset((Kind.DURATION, Kind.PERCENT, Kind.CONFERENCE, Kind.AREA, Kind.LENGTH))


def _match_verb(tokens: Sequence[Token], i: int, verbs: frozenset[str]) -> int:
    """Length in tokens of the longest verb of `verbs` starting at token i, or 0."""
    for size in (3, 2, 1):
        if i + size <= len(tokens) and " ".join(fold(t.form) for t in tokens[i : i + size]) in verbs:
            return size
    return 0


def _name(tokens: Sequence[Token], lex: Lexicon, sentence: Sentence, text_of) -> str | None:
    if not tokens:
        return None
    while len(tokens) > 1 and fold(tokens[0].form) in lex.name_prefixes:
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
    while j >= 0 and (fold(tokens[j].form) in lex.subject_skip or tokens[j].pos == "R"):
        j -= 1
    end = j
    while j >= 0 and (tokens[j].pos in NAME_POS or tokens[j].form[:1].isupper()) and tokens[j].form not in ",;:":
        # A demonstrative closes a phrase of its own: `trên tinh thần đó | Việt Nam ủng hộ`.
        if j < end and fold(tokens[j].form) in lex.demonstratives:
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
            f for f in figs if f.sentence == sentence.index and f.kind not in NOT_GIVEN and f.unit not in lex.not_goods
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
        if fold(tokens[i].form) not in lex.verb_heads:
            i += 1
            continue
        size = _match_verb(tokens, i, lex.receive)
        role = "receive"
        if not size:
            size = _match_verb(tokens, i, lex.give)
            role = "give"
        after = fold(tokens[i + size].form) if size and i + size < len(tokens) else ""
        before = fold(tokens[i - 1].form) if i else ""
        # `sự ủng hộ`, `giá trị tài trợ` are nouns; `nhận thấy`, `nhận định` are "notice", "assess". The tagger
        # sometimes misses a verb, but not one after an auxiliary (`đã trao tặng`, `cam kết trao tặng`).
        verbal = tokens[i].pos == "V" or before in lex.subject_skip
        if size and verbal and before not in lex.verb_nominalisers and after not in lex.not_giving_after:
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
        verb = fold(" ".join(t.form for t in tokens[i : i + size]))
        if verb in lex.weak_verbs and not any(f.kind is Kind.MONEY or f.unit in lex.gift_units for f in given):
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
    kept = tuple(f for f in given if f.kind not in (Kind.PEOPLE, Kind.HOUSEHOLDS, Kind.CONFERENCE))
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
        word = fold(tokens[k].form)
        if role == "receive" and k > max(amount_tokens, default=j) and tokens[k].pos == "V":
            break
        if word in markers and (role == "receive" or k > first_amount or word in lex.early_recipient_markers):
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
