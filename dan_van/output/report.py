"""The Rich report: key figures first, then the other quantities and the entities; a corpus summary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..entities.agreement import group
from ..models import Analysis
from .formatting import LEVEL_NAMES, LEVELS, vi_money, vi_number
from .records import View


def _value(value: Decimal, unit: str, value_max: Decimal | None = None) -> str:
    if unit in ("đồng", "usd", "eur"):
        text = vi_money(value, unit)
        return text if value_max is None else f"{vi_money(value, unit).rsplit(' ', 1)[0]} – {vi_money(value_max, unit)}"
    if unit == "%":
        text = f"{vi_number(value)}%"
        return text if value_max is None else f"{vi_number(value)}–{text}"
    span = vi_number(value) if value_max is None else f"{vi_number(value)}–{vi_number(value_max)}"
    return f"{span} {unit}"


def render(console: Console, item: Analysis, view: View) -> None:
    """One article's report."""
    console.print(
        Text(item.source, style="bold"),
        Text(f"  {item.sentence_count} câu · {item.words} từ · {item.encoding}", style="dim"),
    )
    if view is View.SEGMENT:
        for s in item.sentences:
            console.print(" ".join(t.form.replace(" ", "_") for t in s.tokens), markup=False)
        console.print()
        return
    if view in (View.ANALYSIS, View.FIGURES):
        _conferences(console, item)
        _donations(console, item)
        _quantities(console, item)
    if view in (View.ANALYSIS, View.ENTITIES):
        _entities(console, item)
    console.print()


def _conferences(console: Console, item: Analysis) -> None:
    confs = [f for f in item.figures if f.kind == "conference"]
    if not confs:
        return
    table = Table(title="Hội nghị, đối thoại đã tổ chức", title_justify="left", show_edge=False)
    for col, just in (("cấp", "left"), ("số lượng", "right"), ("năm", "right"), ("trong văn bản", "left")):
        table.add_column(col, justify=just)
    for f in sorted(confs, key=lambda f: LEVELS.index(f.level)):
        table.add_row(LEVEL_NAMES[f.level], ("~" if f.approx else "") + vi_number(f.value), str(f.year or ""), f.text)
    table.add_row("tổng", vi_number(sum((f.value for f in confs), Decimal(0))), "", "", style="bold")
    console.print(table)


def _donations(console: Console, item: Analysis) -> None:
    if not item.donations:
        return
    table = Table(title="Ủng hộ, tài trợ", title_justify="left", show_edge=False)
    for col in ("bên trao", "bên nhận", "giá trị", "hiện vật"):
        table.add_column(col)
    for d in item.donations:
        goods = ", ".join(_value(a.value, a.unit) for a in d.amounts if a.kind != "money")
        table.add_row(d.donor or "?", d.recipient or "?", vi_money(d.value_vnd) if d.value_vnd else "", goods)
    console.print(table)


def _quantities(console: Console, item: Analysis) -> None:
    rest = [f for f in item.figures if f.kind != "conference"]
    if not rest:
        return
    table = Table(title="Số liệu", title_justify="left", show_edge=False)
    for col, just in (("loại", "left"), ("giá trị", "right"), ("trong văn bản", "left")):
        table.add_column(col, justify=just)
    for f in rest:
        table.add_row(f.kind, ("~" if f.approx else "") + _value(f.value, f.unit, f.value_max), f.text)
    console.print(table)


def _entities(console: Console, item: Analysis) -> None:
    if not item.entities:
        return
    by_type: dict[str, list[str]] = defaultdict(list)
    for name, kind, n in group(item.entities):
        by_type[kind].append(f"{name} ({n})" if n > 1 else name)
    table = Table(title="Thực thể", title_justify="left", show_edge=False, show_header=False)
    table.add_column("loại", style="bold")
    table.add_column("tên")
    for kind in ("PER", "ORG", "LOC", "MISC"):
        if by_type.get(kind):
            table.add_row(kind, ", ".join(by_type[kind]))
    console.print(table)


def summary(console: Console, items: Sequence[Analysis]) -> None:
    """Totals over a corpus: figures per kind, conferences per level, donations, top entities."""
    console.rule(f"Tổng hợp {len(items)} bài")
    kinds = Counter(f.kind for a in items for f in a.figures)
    console.print("Số liệu theo loại: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    levels: Counter = Counter()
    for a in items:
        for f in a.figures:
            if f.kind == "conference":
                levels[f.level] += f.value
    if levels:
        console.print(
            "Hội nghị theo cấp: "
            + ", ".join(f"{LEVEL_NAMES[lv]} {vi_number(levels[lv])}" for lv in LEVELS if levels[lv])
        )
    dons = [d for a in items for d in a.donations]
    if dons:
        total = sum((d.value_vnd for d in dons if d.value_vnd), Decimal(0))
        console.print(f"Ủng hộ: {len(dons)} lượt, tổng {vi_money(total)}")
    ents = group(e for a in items for e in a.entities)[:10]
    if ents:
        console.print(
            "Thực thể nhiều nhất: " + ", ".join(f"{name} [{kind}] {n}" for name, kind, n in ents), markup=False
        )
