"""The Rich corpus summary: conferences by year x level and by place, donations by year, donor and recipient,
the most mentioned entities by type, then failures, warnings and time."""

from __future__ import annotations

from decimal import Decimal

from rich.columns import Columns
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..models import EntityType, Level, Place
from .corpus import MIN_MENTIONS, Corpus, PlaceKey, Tally, ranked
from .formatting import place_name, vi_money, vi_number
from .labels import Labels, Lang, labels

TOP = 10  # places, donors, recipients, names shown per list
FAILURES = 5  # failed inputs named


def summary(console: Console, corpus: Corpus, lang: Lang = Lang.VI, every: bool = False) -> None:
    """The summary of a corpus."""
    lab = labels(lang)
    console.rule(lab("summary", n=corpus.articles, figures=vi_number(Decimal(corpus.figures))))
    for part in (
        _by_year(corpus, lab),
        _by_place(corpus, lab, every),
        *_donations(corpus, lab, every),
        _entities(corpus, lab, every),
    ):
        if part is not None:
            console.print(part)
    seconds = vi_number(Decimal(str(round(corpus.seconds, 1))))
    console.print(Text(lab("run", failed=len(corpus.failures), warnings=corpus.warnings, seconds=seconds), style="dim"))
    shown = corpus.failures if every else corpus.failures[:FAILURES]
    for failure in shown:
        console.print(Text(f"  {failure.message}", style="dim"), overflow="fold")
    if len(shown) < len(corpus.failures):
        console.print(Text(f"  {lab('more_rows', n=len(corpus.failures) - len(shown))}", style="dim"))


def _table(*columns: tuple[str, str]) -> Table:
    table = Table(box=None, header_style="dim", pad_edge=False)
    for name, justify in columns:
        table.add_column(name, justify=justify)
    return table


def _titled(title: str, table: Table) -> Group:
    """The title on a line of its own, never wrapped to the width of the table."""
    return Group(Text(title, style="bold"), table)


def _by_year(corpus: Corpus, lab: Labels) -> Group | None:
    if not corpus.conferences:
        return None
    levels = corpus.levels()
    table = _table(
        (lab("year"), "left"),
        *((lab.levels[lv], "right") for lv in levels),
        (lab("total"), "right"),
    )
    zero = Decimal(0)
    for year in corpus.years():
        cells = [corpus.conferences.get((year, lv), zero) for lv in levels]
        table.add_row(
            str(year) if year else lab("unknown_year"),
            *(vi_number(c) if c else "" for c in cells),
            vi_number(sum(cells, zero)),
        )
    totals = [sum((v for (_, lv), v in corpus.conferences.items() if lv is level), zero) for level in levels]
    table.add_row(lab("total"), *(vi_number(t) for t in totals), vi_number(sum(totals, zero)), style="bold")
    return _titled(lab("conferences_by_year"), table)


def _place(key: PlaceKey, lab: Labels) -> str:
    return place_name(Place(key[0], Level.PROVINCE, key[0], key[1]), lab)


def _by_place(corpus: Corpus, lab: Labels, every: bool) -> Group | None:
    if not corpus.conference_places:
        return None
    table = _table((lab("place"), "left"), (lab("number"), "right"))
    places = sorted(corpus.conference_places.items(), key=lambda kv: (-kv[1], kv[0][0]))
    shown = places if every else places[:TOP]
    for key, n in shown:
        table.add_row(_place(key, lab), vi_number(n))
    if len(shown) < len(places):
        table.add_row(Text(lab("more_rows", n=len(places) - len(shown)), style="dim"))
    return _titled(lab("conferences_by_place"), table)


def _tallies(title: str, first: str, rows: list[tuple[str, Tally]], lab: Labels, every: bool) -> Group:
    table = _table((first, "left"), (lab("count"), "right"), (lab("value"), "right"))
    shown = rows if every else rows[:TOP]
    for name, tally in shown:
        table.add_row(name, str(tally.count), vi_money(tally.vnd, lab.scales) if tally.vnd else "")
    if len(shown) < len(rows):
        table.add_row(Text(lab("more_rows", n=len(rows) - len(shown)), style="dim"))
    return _titled(title, table)


def _donations(corpus: Corpus, lab: Labels, every: bool) -> list:
    if not corpus.donations.count:
        return []
    total = vi_money(corpus.donations.vnd, lab.scales)
    years = sorted(corpus.donations_by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    by_year = [(str(y) if y else lab("unknown_year"), t) for y, t in years]
    return [
        Text(lab("donations_total", n=corpus.donations.count, total=total), style="bold"),
        _tallies(lab("donations_by_year"), lab("year"), by_year, lab, True),
        Columns(
            [
                _tallies(lab("top_donors"), lab("donor"), ranked(corpus.donors), lab, every),
                _tallies(lab("top_recipients"), lab("recipient"), ranked(corpus.recipients), lab, every),
            ],
            padding=(0, 4),
        ),
    ]


def _entities(corpus: Corpus, lab: Labels, every: bool) -> Group | None:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="dim")
    table.add_column()
    for kind in EntityType:
        names = corpus.top_entities(kind)
        shown = names if every else names[:TOP]
        if shown:
            more = len(names) - len(shown)
            text = " · ".join(f"{name} ({n})" for name, n in shown)
            table.add_row(lab.types[kind], text + (f" {lab('more_names', n=more)}" if more else ""))
    return _titled(lab("top_entities", n=MIN_MENTIONS), table) if table.row_count else None
