"""How long the terminal report is: lines per article at a width, over a folder of articles or JSON Lines.

    python benchmarks/report_lines.py                        the 300 dev articles at 100 columns
    python benchmarks/report_lines.py corpus.jsonl --width 80 --first 50

Prints the longest reports, the total over all articles and over the first N (by name) with their corpus
summary, for the default report and for `--all`. tests/output/test_report_lines.py checks the limit.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dan_van.language.load import load_rules  # noqa: E402
from dan_van.models import Analysis  # noqa: E402
from dan_van.output.corpus import gather  # noqa: E402
from dan_van.output.records import View  # noqa: E402
from dan_van.output.report import render  # noqa: E402
from dan_van.output.summary import summary  # noqa: E402
from dan_van.reporting import read  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "CP_Vietnamese-UNC" / "dev"


def lines(items: list[Analysis], width: int, every: bool = False, with_summary: bool = False) -> int:
    """The lines the report of `items` takes at `width`."""
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    for item in items:
        render(console, item, View.ANALYSIS, every=every)
    if with_summary:
        summary(console, gather(items), every=every)
    return console.export_text().count("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(DEV)])
    parser.add_argument("--width", type=int, default=100)
    parser.add_argument("--first", type=int, default=50)
    args = parser.parse_args()
    items = [a for a in read(args.paths, load_rules(), jobs=1) if isinstance(a, Analysis)]
    for every in (False, True):
        counts = sorted((lines([a], args.width, every), a.source) for a in items)
        first = sorted(items, key=lambda a: a.source)[: args.first]
        print(f"{'--all' if every else 'default'} at {args.width} columns, {len(items)} articles:")
        print(f"  longest: {', '.join(f'{n} ({Path(s).name})' for n, s in counts[-3:][::-1])}")
        print(
            f"  total: {sum(n for n, _ in counts)}; first {len(first)} with their summary: "
            f"{lines(first, args.width, every, with_summary=True)}"
        )


if __name__ == "__main__":
    main()
