"""Score entity spans on the hand-annotated sets: stock underthesea NER against danvan's entity layer.

Run: python benchmarks/score_entities.py [--set dev|heldout|realdev|realheld|all] [--show-errors] [--time]

Each set is two files under tests/data/: entities_<set>.tsv (gold spans) and entities_<set>_sentences.tsv
(the annotated sentences), as offsets into the lines of a corpus beside the checkout: `dev` and `heldout`
index ../shared/data/CP_Vietnamese-UNC/dev/*.txt (news), `realdev` and `realheld` index
../shared/eval/real/*.txt (dân vận and donation reports; odd-numbered files for development, even-numbered
ones held out). `dev` and `realdev` are the sets the rules were developed against; `heldout` and
`realheld` hold other sentences, annotated the same way, that no rule was tuned on. A span counts only when
its start, end and type all match; predictions outside annotated sentences are ignored. A set whose corpus
is absent is skipped with a message.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dan_van.entities import find_entities  # noqa: E402
from dan_van.language.load import load_rules  # noqa: E402
from dan_van.models import Source  # noqa: E402
from dan_van.nlp import engine as nlp  # noqa: E402
from dan_van.nlp.annotate import annotate, paragraphs  # noqa: E402

SHARED = ROOT.parent / "shared"
NEWS = SHARED / "data" / "CP_Vietnamese-UNC" / "dev"
REAL = SHARED / "eval" / "real"
# Each set and the corpus its offsets index.
SETS = {"dev": NEWS, "heldout": NEWS, "realdev": REAL, "realheld": REAL}
DATA = ROOT / "tests" / "data"
TYPES = ("PER", "ORG", "LOC")

Span = tuple[str, int, int, int, str]


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _base(text: str) -> str:
    """Letters without tone marks, lower-case: the tagger moves tone marks (`Hoà` -> `Hòa`)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _align(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Spans of the tagger's words in `text`, syllable by syllable."""
    spans, pos, base = [], 0, _base(text)
    for word in words:
        start = None
        for syllable in word.split():
            while pos < len(text) and text[pos].isspace():
                pos += 1
            target = _base(syllable)
            found = base.find(target, pos)
            if found < 0 or found - pos > 3:
                found = pos
            start = found if start is None else start
            pos = found + len(syllable)
        spans.append((start if start is not None else pos, pos))
    return spans


def stock(text: str, file: str, line: int, offset: int) -> set[Span]:
    """Entities as underthesea's `ner()` gives them: BIO spans over words, aligned to offsets."""
    tagged = nlp.tag(text)
    spans = _align(text, [t[0] for t in tagged])
    found, current = set(), None
    for (s, e), (_, _, _, tag) in zip(spans, tagged, strict=True):
        kind = tag[2:]
        if tag.startswith("I-") and current and current[2] == kind:
            current[1] = e
            continue
        if current:
            found.add((file, line, offset + current[0], offset + current[1], current[2]))
        current = [s, e, kind] if tag != "O" else None
    if current:
        found.add((file, line, offset + current[0], offset + current[1], current[2]))
    return found


def danvan(text: str, file: str, line: int, rules) -> set[Span]:
    """Entities from danvan's pipeline and entity layer over the whole line."""
    _, sentences = annotate(Source(file, text), rules)
    return {(file, line, e.start, e.end, e.type) for e in find_entities(sentences, rules, text=text)}


def score(gold: set[Span], pred: set[Span]) -> dict[str, tuple[float, float, float, int, int, int]]:
    table = {}
    for kind in (*TYPES, "ALL"):
        g = {s for s in gold if kind in ("ALL", s[4])}
        p = {s for s in pred if kind in ("ALL", s[4])}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table[kind] = (prec, rec, f1, tp, len(p), len(g))
    return table


def _windows(name: str) -> dict[tuple[str, int], list[tuple[int, int]]]:
    by_line: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for r in _rows(DATA / f"entities_{name}_sentences.tsv"):
        by_line[(r["file"], int(r["line"]))].append((int(r["start"]), int(r["end"])))
    return by_line


def run_set(name: str, rules, show_errors: bool = False, stock_too: bool = True) -> dict | None:
    """Score one set and print its table; None (with a message) when its corpus is absent."""
    corpus = SETS[name]
    if not corpus.is_dir():
        print(f"{name}: skipped, corpus not found at {corpus}", file=sys.stderr)
        return None
    gold = {
        (r["file"], int(r["line"]), int(r["start"]), int(r["end"]), r["type"])
        for r in _rows(DATA / f"entities_{name}.tsv")
    }
    by_line = _windows(name)
    base, ours = set(), set()
    texts = {}
    for (file, line), windows in sorted(by_line.items()):
        text = (corpus / file).read_text(encoding="utf-8").split("\n")[line]
        texts[(file, line)] = text
        if stock_too:
            for s, e in windows:
                base |= stock(text[s:e], file, line, s)
        ours |= danvan(text, file, line, rules)

    def inside(span: Span) -> bool:
        return span[4] in TYPES and any(s <= span[2] and span[3] <= e for s, e in by_line[(span[0], span[1])])

    base = {p for p in base if inside(p)}
    ours = {p for p in ours if inside(p)}
    old, new = score(gold, base), score(gold, ours)
    n_sent = sum(len(w) for w in by_line.values())
    print(
        f"== {name}: {n_sent} sentences, {len(gold)} gold entities "
        + ", ".join(f"{k} {sum(1 for g in gold if g[4] == k)}" for k in TYPES)
    )
    print(f"{'type':<5} {'stock P':>8} {'R':>6} {'F1':>6}   {'danvan P':>8} {'R':>6} {'F1':>6}   {'ΔF1':>6}")
    for kind in (*TYPES, "ALL"):
        p1, r1, f1 = new[kind][:3]
        p0, r0, f0 = old[kind][:3]
        base = f"{100 * p0:8.1f} {100 * r0:6.1f} {100 * f0:6.1f}" if stock_too else f"{'-':>8} {'-':>6} {'-':>6}"
        delta = f"{100 * (f1 - f0):+6.1f}" if stock_too else f"{'-':>6}"
        print(f"{kind:<5} {base}   {100 * p1:8.1f} {100 * r1:6.1f} {100 * f1:6.1f}   {delta}")
    if show_errors:
        for label, spans in (("missed", gold - ours), ("false", ours - gold)):
            for file, line, s, e, kind in sorted(spans):
                print(f"{label}\t{kind}\t{texts[(file, line)][s:e]}\t{file}:{line}:{s}")
    return new


def timing(rules, rounds: int = 5) -> None:
    """CPU time of find_entities over the pre-tagged paragraphs of the 300 dev articles (best of `rounds`)."""
    if not NEWS.is_dir():
        print(f"timing: skipped, corpus not found at {NEWS}", file=sys.stderr)
        return
    docs = []
    for path in sorted(NEWS.glob("*.txt")):
        source = Source(path.name, path.read_text(encoding="utf-8"))
        docs.append((source.text, [para for _, para in paragraphs(source, rules)]))
    words = sum(len(s.tokens) for _, paras in docs for para in paras for s in para)
    best = float("inf")
    for _ in range(rounds + 1):  # the first round warms the caches
        t0 = time.process_time()
        for text, paras in docs:
            for para in paras:
                find_entities(para, rules, text=text)
        best = min(best, time.process_time() - t0)
    print(f"find_entities: {len(docs)} articles, {words} words, {best:.2f} s, {1e6 * best / words:.2f} µs a word")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev", choices=(*SETS, "all"), help="which annotated set to score")
    parser.add_argument("--show-errors", action="store_true", help="print danvan's misses and false alarms")
    parser.add_argument("--no-stock", action="store_true", help="skip stock underthesea (faster)")
    parser.add_argument("--time", action="store_true", help="time find_entities over the 300 dev articles")
    args = parser.parse_args()
    rules = load_rules()
    if args.time:
        timing(rules)
        return 0
    for name in SETS if args.set == "all" else (args.set,):
        run_set(name, rules, args.show_errors, not args.no_stock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
