"""Score danvan's key figures against the gold files in ../shared/eval, every set in one table.

    python benchmarks/eval.py                          the seed, dev, contrast, held-out and real sets
    python benchmarks/eval.py --set NAME=GOLD:DOCS     another gold file (its documents in DOCS) as well
    python benchmarks/eval.py --details                the scorer's own output for every set too

Each set runs `danvan analyze --format jsonl` on the gold's documents and scores the output with
../shared/eval/score_figures.py; the table shows F1 (recall) and the accuracies the scorer reports.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = [
    ("seed", SHARED / "eval/figures_seed.jsonl", ROOT / "seeds"),
    ("dev", SHARED / "eval/figures_dev.jsonl", SHARED / "data/CP_Vietnamese-UNC/dev"),
    ("contrast", SHARED / "eval/contrast/gold.jsonl", SHARED / "eval/contrast"),
    # 20 further dev articles annotated by hand to the same spec (values and line numbers, no text copied).
    ("held-out", ROOT / "tests/data/figures_heldout.jsonl", SHARED / "data/CP_Vietnamese-UNC/dev"),
    ("real", SHARED / "eval/real/gold.jsonl", SHARED / "eval/real"),
]
COLUMNS = [
    ("quantities F1", "quantities"),
    ("kind acc", "kind_accuracy"),
    ("conf F1 (R)", "conferences"),
    ("level acc", "conference_level_accuracy"),
    ("donations F1 (R)", "donations"),
    ("donor", "donor_accuracy"),
    ("recipient", "recipient_accuracy"),
    ("value_vnd", "value_vnd_accuracy"),
]


def score(gold: Path, docs: Path, details: bool) -> dict:
    """The scorer's report for one gold file."""
    danvan = Path(sys.executable).with_name("danvan")
    files = [str(docs / json.loads(line)["file"]) for line in gold.open(encoding="utf-8") if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pred.jsonl"
        with out.open("w", encoding="utf-8") as fh:
            subprocess.run([str(danvan), "analyze", "--format", "jsonl", *files], stdout=fh, check=False)
        scorer = [sys.executable, str(SHARED / "eval/score_figures.py"), str(gold), str(out), "--docs", str(docs)]
        if details:
            subprocess.run(scorer, check=False)
        done = subprocess.run([*scorer, "--json"], capture_output=True, text=True, check=False)
    return json.loads(done.stdout)


def cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        if not value["tp"] + value["fn"]:
            return "-"
        return f"{value['f1']:.3f} ({value['recall']:.2f})"
    return f"{value:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=GOLD:DOCS", help="another gold set")
    parser.add_argument("--details", action="store_true", help="print the scorer's full output for each set")
    options = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} not found (the gold files live there)")
        return 0
    sets = list(SETS)
    for extra in options.set:
        name, _, paths = extra.partition("=")
        gold, _, docs = paths.partition(":")
        sets.append((name, Path(gold), Path(docs)))
    rows = []
    for name, gold, docs in sets:
        if not gold.is_file() or not docs.is_dir():
            print(f"skipped {name}: {gold} or {docs} not found", file=sys.stderr)
            continue
        if options.details:
            print(f"== {name}: {gold}")
        report = score(gold, docs, options.details)
        rows.append([name, str(report["documents"]), *(cell(report[key]) for _, key in COLUMNS)])
    header = ["set", "docs", *(label for label, _ in COLUMNS)]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
