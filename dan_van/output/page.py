"""The HTML report: one self-contained page (Apache ECharts, the data and the sentences embedded; no request
leaves the machine) with charts of conferences and donations, a table of every key figure linked to its
sentence, and filters by place, year and kind."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

from ..inputs.sources import Failure
from ..models import Analysis, Donation, Figure, Kind, Level, Sentence, number
from .corpus import counted, place_key
from .formatting import LEVELS, amount, currency, figure_value, place_name, vi_money
from .labels import Labels, Lang, labels

CONTEXT = 400  # characters of context kept on each side where the sentence is not known
_END = re.compile(r"[.!?…](?=\s)")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around `text[start:end]` when no tagged sentences are at hand: its line,
    cut at the last sentence end before it and the first after it, at most `CONTEXT` characters each side."""
    low = max(text.rfind("\n", 0, start) + 1, start - CONTEXT)
    high = text.find("\n", end)
    high = min(len(text) if high < 0 else high, end + CONTEXT)
    ends = [m.end() for m in _END.finditer(text, low, start)]
    if ends:
        low = ends[-1]
    after = _END.search(text, end, high)
    if after:
        high = after.end()
    while low < start and text[low].isspace():
        low += 1
    return low, high


@dataclass
class Page:
    """The page's data, gathered one analysis at a time: articles, sentences, one row per key figure."""

    lang: Lang = Lang.VI
    articles: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    failures: int = 0
    _seen: dict[tuple[int, int], int] = field(default_factory=dict)

    def add(self, item: Analysis | Failure, text: str | None = None) -> None:
        """Add one input; `text` is the source text, for the sentences of an analysis read back without them."""
        if isinstance(item, Failure):
            self.failures += 1
            return
        lab = labels(self.lang)
        doc = len(self.articles)
        self.articles.append(item.source)
        starts = [s.start for s in item.sentences]
        context = _Context(self, doc, item.sentences, starts, text)
        # Each distinct meeting figure weighs its value once; a total weighs nothing (its parts are counted).
        found = counted(f for f in item.figures if f.kind is Kind.CONFERENCE)
        weights = {id(f): Decimal(0) if f.total else f.value for f, _ in found}
        for f in item.figures:
            row = _figure_row(f, lab, weights.get(id(f), Decimal(0)))
            row.update(context.of(f.start, f.end, ((f.start, f.end),), f.text))
            self.rows.append({"d": doc, **row})
        for d in item.donations:
            row = _donation_row(d, lab)
            row.update(context.of(d.start, d.end, tuple((a.start, a.end) for a in d.amounts), d.text))
            self.rows.append({"d": doc, **row})

    def data(self) -> dict[str, Any]:
        """Everything the page's script reads."""
        lab = labels(self.lang)
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "rows": self.rows,
            "failures": self.failures,
            "labels": lab.texts,
            "levels": {str(lv.value) if lv else "": lab.levels[lv] for lv in LEVELS},
            "level_order": [str(lv.value) if lv else "" for lv in LEVELS],
            "kinds": {**{str(k.value): lab.kinds[k] for k in Kind}, "donation": lab("donation")},
            "scales": [[number(size), word] for size, word in lab.scales],
            "currency": currency("đồng"),
        }

    def html(self) -> str:
        """The whole page."""
        return render_page(self.data(), self.lang)


@dataclass
class _Context:
    """Finds the sentence around a span, stores it once, and gives the span's offsets inside it."""

    page: Page
    doc: int
    tagged: tuple[Sentence, ...]
    starts: list[int]
    text: str | None

    def _sentence(self, start: int, end: int, fallback: str) -> tuple[int, str]:
        if self.tagged:
            s = self.tagged[max(bisect.bisect_right(self.starts, start) - 1, 0)]
            if s.start <= start < s.end:
                return s.start, s.text
        if self.text is not None and end <= len(self.text):
            low, high = sentence_span(self.text, start, end)
            return low, self.text[low:high]
        return start, fallback

    def of(self, start: int, end: int, marks: tuple[tuple[int, int], ...], fallback: str) -> dict[str, Any]:
        at, sentence = self._sentence(start, end, fallback)
        key = (self.doc, at)
        if key not in self.page._seen:
            self.page._seen[key] = len(self.page.sentences)
            self.page.sentences.append(sentence)
        spans = [[a - at, b - at] for a, b in marks if at <= a and b <= at + len(sentence)]
        return {"s": self.page._seen[key], "h": spans}


def _figure_row(f: Figure, lab: Labels, weight: Decimal) -> dict[str, Any]:
    row: dict[str, Any] = {"k": str(f.kind), "t": figure_value(f, lab.scales), "v": number(f.value)}
    if f.kind is Kind.CONFERENCE:
        row.update(lv=str(f.level.value) if isinstance(f.level, Level) else "", y=f.year, w=number(weight))
        row.update(_place(f, lab))
    return row


def _donation_row(d: Donation, lab: Labels) -> dict[str, Any]:
    unknown = lab("unknown_party")
    goods = [amount(a.value, a.unit, lab.scales, a.value_max, a.per) for a in d.amounts if a.kind is not Kind.MONEY]
    value = vi_money(d.value_vnd, lab.scales) if d.value_vnd else ""
    row: dict[str, Any] = {
        "k": "donation",
        "t": f"{d.donor or unknown} → {d.recipient or unknown}: " + " · ".join(x for x in (value, *goods) if x),
        "v": number(d.value_vnd) or 0,
        "y": d.year,
        "don": d.donor,
    }
    row.update(_place(d, lab))
    return row


def _place(x: Figure | Donation, lab: Labels) -> dict[str, Any]:
    key = place_key(x.place)
    return {} if key is None else {"p": place_name(x.place, lab), "pk": key[0]}


def _asset(name: str) -> str:
    return resources.files("dan_van.output").joinpath(name).read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    # `<` escaped: no `</script>` or `<!--` in the data can end the script element early.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render_page(data: dict[str, Any], lang: Lang) -> str:
    """The page for `data`, in `lang`, with the chart library, the styles and the script inline."""
    lab = labels(lang)
    parts = {
        "lang": str(lang),
        "title": _escape(lab("page_title")),
        "style": _asset("page/page.css"),
        "echarts": _asset("vendor/echarts.common.min.js"),
        "data": _script_json(data),
        "script": _asset("page/page.js"),
    }
    # One pass over the template: a `{{...}}` inside the inserted script or data is left alone.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("page/template.html"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
