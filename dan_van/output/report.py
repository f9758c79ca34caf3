"""The Rich report of one article: conferences, donations, the other quantities by kind, entities by type.

By default each list shows its first rows and says how many more there are; `every=True` (`--all`) shows
them all. Identical figures are one row with their count. Labels come from `labels.yaml`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from rich.columns import Columns
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..entities.agreement import group
from ..models import Analysis, EntityType, Figure, Kind
from .corpus import counted, summed
from .formatting import LEVELS, amount, figure_value, place_name, vi_money, vi_number
from .labels import Labels, Lang, labels
from .records import View

ROWS = 3  # figures shown per kind of quantity
LIST_ROWS = 6  # conferences and donations shown
NAMES = 8  # entity names shown per type
NARROW = 100  # on a console narrower than this, the donations' places wrap to leave donors and recipients room
PLACE_WIDTH = 18
ENTITY_TYPES = tuple(EntityType)
UTF8 = ("utf-8", "utf-8-sig")


def render(console: Console, item: Analysis, view: View, lang: Lang = Lang.VI, every: bool = False) -> None:
    """One article's report."""
    lab = labels(lang)
    # The encoding is news only when it is a legacy one.
    facts = (
        lab("sentences", n=vi_number(Decimal(item.sentence_count))),
        lab("words", n=vi_number(Decimal(item.words))),
    )
    head = " · ".join(facts if item.encoding in UTF8 else (*facts, item.encoding))
    if len(item.source) + 2 + len(head) <= console.width:
        console.print(Text(item.source, style="bold"), Text(f" {head}", style="dim"))
    else:  # a long path keeps a line of its own rather than being cut
        console.print(Text(item.source, style="bold"), overflow="fold")
        console.print(Text(head, style="dim"))
    if view is View.SEGMENT:
        for s in item.sentences:
            console.print(" ".join(t.form.replace(" ", "_") for t in s.tokens), markup=False)
        console.print()
        return
    parts = []
    if view in (View.ANALYSIS, View.FIGURES):
        narrow = console.width < NARROW
        parts += [_conferences(item, lab, every), _donations(item, lab, every, narrow), _quantities(item, lab, every)]
    if view in (View.ANALYSIS, View.ENTITIES):
        parts.append(_entities(item, lab, every))
    for part in parts:
        if part is not None:
            console.print(part)
    console.print()


def _table(
    title: str, columns: list[tuple[str, str]], rows: list[list], tail: list[list], last: int | None = None
) -> Group:
    """A table of `rows` under `title`; columns empty in every row are left out; `tail` rows (`… và 3 dòng
    khác`, the total) follow; the last column wraps past `last` characters, so that the first need not."""
    keep = [i for i in range(len(columns)) if i == 0 or any(row[i] for row in rows)]
    table = Table(box=None, header_style="dim", pad_edge=False)
    for i in keep:
        table.add_column(columns[i][0], justify=columns[i][1], max_width=last if i == len(columns) - 1 else None)
    for row in rows:
        table.add_row(*(row[i] for i in keep))
    for row in tail:
        table.add_row(*(row[i] for i in keep if i < len(row)))
    return Group(Text(title, style="bold"), table)


def _more(label: str, n: int, lab: Labels) -> list:
    return [[Text(lab(label, n=n), style="dim")]] if n > 0 else []


def _times(n: int, lab: Labels) -> str:
    return lab("times", n=n) if n > 1 else ""


def _conferences(item: Analysis, lab: Labels, every: bool) -> Group | None:
    found = counted(f for f in item.figures if f.kind is Kind.CONFERENCE)
    if not found:
        return None
    found.sort(key=lambda r: (LEVELS.index(r[0].level), r[0].year or 0, -r[0].value))
    shown = found if every else found[:LIST_ROWS]
    rows = [
        [
            lab("all_levels") if f.total and f.level is None else lab.levels[f.level],
            figure_value(f, lab.scales),
            " ".join(filter(None, (_times(n, lab), lab("stated_total") if f.total else ""))),
            str(f.year or ""),
            place_name(f.place, lab),
        ]
        for f, n in shown
    ]
    total = summed(found)
    tail = [*_more("more_rows", len(found) - len(shown), lab), [Text(lab("total"), style="bold"), vi_number(total)]]
    columns = [
        (lab("level"), "left"),
        (lab("number"), "right"),
        ("", "left"),
        (lab("year"), "right"),
        (lab("place"), "left"),
    ]
    return _table(lab("conferences"), columns, rows, tail)


def _donations(item: Analysis, lab: Labels, every: bool, narrow: bool = False) -> Group | None:
    if not item.donations:
        return None
    unknown = lab("unknown_party")
    shown = item.donations if every else item.donations[:LIST_ROWS]
    rows = [
        [
            f"{d.donor or unknown} → {d.recipient or unknown}",
            vi_money(d.value_vnd, lab.scales) if d.value_vnd else "",
            " · ".join(
                amount(a.value, a.unit, lab.scales, a.value_max, a.per) for a in d.amounts if a.kind is not Kind.MONEY
            ),
            str(d.year or ""),
            place_name(d.place, lab),
        ]
        for d in shown
    ]
    columns = [
        (lab(c), j)
        for c, j in (("parties", "left"), ("value", "right"), ("goods", "left"), ("year", "right"), ("place", "left"))
    ]
    more = _more("more_donations", len(item.donations) - len(shown), lab)
    return _table(lab("donations"), columns, rows, more, PLACE_WIDTH if narrow else None)


def _quantities(item: Analysis, lab: Labels, every: bool) -> Group | None:
    by_kind: dict[Kind, list[Figure]] = defaultdict(list)
    for f in item.figures:
        if f.kind is not Kind.CONFERENCE:
            by_kind[f.kind].append(f)
    if not by_kind:
        return None
    panels = []
    # Kinds with most figures first; in each, the most repeated, then the largest.
    for kind, figures in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), list(Kind).index(kv[0]))):
        rows = sorted(counted(figures), key=lambda r: (-r[1], -r[0].value))
        panel = Table(box=None, show_header=False, pad_edge=False)
        panel.add_column(justify="right")
        panel.add_column(justify="left", style="dim")
        shown = rows if every else rows[:ROWS]
        for f, n in shown:
            panel.add_row(figure_value(f, lab.scales), _times(n, lab))
        for row in _more("more_figures", len(rows) - len(shown), lab):
            panel.add_row(*row)
        panels.append(Group(Text(f"{lab.kinds[kind]} · {len(figures)}", style="italic", no_wrap=True), panel))
    return Group(Text(lab("quantities"), style="bold"), Columns(panels, padding=(0, 4)))


def _entities(item: Analysis, lab: Labels, every: bool) -> Group | None:
    if not item.entities:
        return None
    by_type: dict[EntityType, list[str]] = defaultdict(list)
    for name, kind, n in group(item.entities):
        by_type[kind].append(f"{name} ({n})" if n > 1 else name)
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="dim")
    table.add_column()
    for kind in ENTITY_TYPES:
        names = by_type.get(kind)
        if names:
            shown = names if every else names[:NAMES]
            more = len(names) - len(shown)
            # Names are kept whole, commas and all (`Quỹ phòng, chống dịch Covid-19`): a dot separates them.
            table.add_row(lab.types[kind], " · ".join(shown) + (f" {lab('more_names', n=more)}" if more else ""))
    return Group(Text(lab("entities"), style="bold"), table)
