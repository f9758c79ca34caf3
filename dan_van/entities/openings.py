"""Where a name may open: a person, a title, an administrative place, an organisation; and where a run of
capitalised syllables ends. Every rule of the reader asks these; they only look, they emit nothing."""

from __future__ import annotations

from ..models import EntityType
from .gazetteer import Section
from .lookup import NUMBER, Lookup

# Opening quotation marks and the marks that close them: a quoted name may follow a head (`Quỹ “Vì người nghèo”`).
QUOTES = {"“": "”", '"': '"', "«": "»"}
# Part-of-speech tags of the words that may stand inside a name.
NOUNISH = frozenset(("N", "Nc", "Np", "Ny", "Nu", "A"))


def person_like(look: Lookup, i: int) -> bool:
    """A family name (or a foreign given name) followed by capitalised syllables that are not a known name."""
    if not look.cap(i) or not look.cap(i + 1) or look.known(i)[0]:
        return False
    if look.is_word(Section.GIVEN_NAMES, i, lower=False):
        return True
    if not look.is_word(Section.SURNAMES, i, lower=False):
        return False
    # `Đoàn Thanh niên` is a body, `Đoàn Khắc Việt` a person.
    if look.phrase(i, Section.ORG_HEADS) and not look.cap(i + 2):
        return False
    return not look.known(i + 1)[0] or look.u[i + 1].word == look.u[i].word


def title_at(look: Lookup, i: int) -> int:
    """End of a title or form of address at i (`ông`, `Chủ tịch`, `PGS.TS.`), else 0."""
    fold = i == 0 or look.u[i - 1].punct
    end = look.phrase(i, Section.TITLES, fold)
    # Most syllables open no title: that answer needs no look back.
    if not end:
        return 0
    if (
        look.cap(i - 1)
        and not look.starts_sentence(i - 1)
        and not any(look.phrase(k, Section.TITLES) == i for k in range(max(0, i - 4), i))
    ):
        return 0
    # `người Anh`, `của Anh`: the country, not a form of address.
    if look.is_word(Section.COUNTRY_TITLES, i) and i > 0 and look.is_word(Section.COUNTRY_CUES, i - 1):
        return 0
    # `PGS.`, `TS.`: the abbreviation's full stop belongs to the title.
    while end < look.n and look.u[end].form == "." and look.u[end].start == look.u[end - 1].end:
        end += 1
    return end


def admin_at(look: Lookup, i: int) -> int:
    """End of an administrative prefix at i that has a place after it (`huyện` + `Gia Lâm`, `phường` + `5`,
    `Q.` + `1`, `tổ` + `3`), else 0."""
    opens = look.opens[i]
    if not opens:
        return 0
    end = look.phrase(i, Section.ADMIN_PREFIXES) if Section.ADMIN_PREFIXES in opens else 0
    numbered = look.phrase(i, Section.NUMBERED_PREFIXES) if Section.NUMBERED_PREFIXES in opens else 0
    if numbered and numbered < look.n and NUMBER.match(look.u[numbered].form):
        return numbered
    if not end or end >= look.n:
        return 0
    if look.cap(end) and not look.phrase(i, Section.NUMBER_ONLY_PREFIXES):
        return end
    return 0


def task_word(look: Lookup, i: int) -> bool:
    """`phòng`, `chống`: a verb that names a body's task inside its name."""
    return 0 <= i < look.n and look.is_word(Section.TASK_WORDS, i)


def starts_org(look: Lookup, i: int) -> bool:
    """Whether an organisation's name opens at i: a known one, or a head with a name after it."""
    if not look.cap(i):
        return False
    end, type_, _ = look.gaz(i)
    if end and type_ is EntityType.ORG:
        return True
    head = look.phrase(i, Section.ORG_HEADS)
    if not head or look.quantified(i):
        return False
    # `Đoàn Khắc Việt` is a person, `Đoàn Thanh niên` an organisation.
    if look.is_word(Section.SURNAMES, i, lower=False) and look.cap(i + 1) and look.cap(i + 2):
        return False
    return name_follows(look, head)


def name_follows(look: Lookup, i: int) -> bool:
    """A capitalised name starts at i, or within a few lower-case words (`Công ty cổ phần Lọc hóa dầu`, `Đoàn
    đại biểu Quốc hội`)."""
    members = look.phrase(i, Section.TITLES) if 0 < i < look.n and look.u[i].word != look.u[i - 1].word else 0
    start = members if members and not look.cap(i) else i
    for k in range(start, min(look.n, start + 6)):
        u = look.u[k]
        if look.cap(k) or NUMBER.match(u.form) and k == i or k == i and u.form in QUOTES and look.cap(k + 1):
            return True
        # `Công an tỉnh`, `Bộ Chỉ huy quân sự tỉnh`: the level a body works at names it.
        if look.phrase(k, Section.ADMIN_PREFIXES) and u.word != look.u[k - 1].word:
            return True
        if u.form == "," and k > i and task_word(look, k - 1) and task_word(look, k + 1) or task_word(look, k):
            continue
        if u.punct or look.stop(k) or look.is_word(Section.JOB_NOUNS, k, lower=False) or u.pos not in NOUNISH:
            return False
    return False


def run(look: Lookup, i: int) -> int:
    """End of a capitalised run at i that no other name claims (initials included: `T. Kubodera`, `H.L`)."""
    j = i + 1
    while look.cap(j):
        if (
            title_at(look, j)
            or starts_org(look, j)
            or look.gaz(j)[0]
            or admin_at(look, j)
            or look.phrase(j, Section.OTHER_HEADS)
        ):
            break
        if person_like(look, j) and not person_like(look, i) and look.u[j].word != look.u[j - 1].word:
            break
        j += 1
    while j + 1 < look.n and look.u[j].form == "." and len(look.u[j - 1].form) == 1 and look.cap(j + 1):
        j += 2
        while look.cap(j):
            j += 1
    return j
