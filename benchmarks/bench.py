"""Speed of the tagging engine against stock `underthesea.ner()`, in one process, on the same text.

    python benchmarks/bench.py            all 300 dev articles of CP_Vietnamese-UNC, 3 runs each
    python benchmarks/bench.py --quick    the first 30 articles
    python benchmarks/bench.py --check    engine vs ner() on every dev sentence: mismatch count
    python benchmarks/bench.py --paragraph  the long-paragraph row alone

The long-paragraph row (issue 10, row 3) times `pipeline.analyze` on one paragraph of N copies of a donation
sentence joined by spaces, at 2,000 and 8,000 copies: time per copy should not grow with N (target: the
ratio of the two at most 1.4).

Every row of the main table reads the same articles, so each ratio compares like with like. Words are
whitespace-separated tokens of the article bodies (lines not starting with '#'). In-process rows time
tagging only (models loaded beforehand); CLI rows are wall-clock times of a fresh process, start-up and
model loading included. Without ../shared/data the seed article, copied 50 times, is the input.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dan_van.nlp import engine as nlp  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CP_DEV = DATA / "CP_Vietnamese-UNC" / "dev"
UD_DEV = DATA / "UD_Vietnamese-VTB" / "vi_vtb-ud-dev.conllu"
SEEDS = ROOT / "seeds"
QUICK_ARTICLES = 30
SEED_COPIES = 50
TOKEN_SIZES = (20, 100, 500, 1000)
DONATION = "Công ty Viettel ủng hộ 5 triệu đồng cho Hà Nội."
PARAGRAPH_COPIES = (2_000, 8_000)
PARAGRAPH_TARGET = 1.4
STOCK_TOKEN_SIZES = (20, 200)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def body_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def sentences_of(paths: list[Path]) -> list[str]:
    return [sentence for path in paths for line in body_lines(path) for sentence in nlp.split_sentences(line)]


def treebank_sentences() -> list[str]:
    lines = UD_DEV.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# text = ") for line in lines if line.startswith("# text = ")]


def count_words(sentences: list[str]) -> int:
    return sum(len(sentence.split()) for sentence in sentences)


def median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def input_files(quick: bool, workdir: Path) -> tuple[list[Path], str]:
    """The articles every row reads, and a label naming them."""
    if CP_DEV.is_dir():
        paths = sorted(CP_DEV.glob("*.txt"))
        if quick:
            paths = paths[:QUICK_ARTICLES]
        return paths, f"{len(paths)} CP_Vietnamese-UNC dev articles"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    copies = []
    for index in range(SEED_COPIES):
        copy = workdir / f"{index:03d}_{seed.name}"
        shutil.copyfile(seed, copy)
        copies.append(copy)
    return copies, f"seed article x{SEED_COPIES} ({CP_DEV} not found)"


def cli_row(label: str, args: list[str], runs: int) -> tuple[str, float | None, str]:
    """Wall-clock seconds of the CLI, or a note saying why the row was skipped."""
    danvan = Path(sys.executable).parent / "danvan"
    if not danvan.exists():
        return label, None, f"skipped: {danvan} not found"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([str(danvan), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return label, None, f"skipped: exit code {done.returncode}: {last}"
    return label, statistics.median(times), ""


def synthetic_sentences(sentences: list[str], size: int, total: int) -> list[str]:
    """Sentences of about `size` whitespace tokens, real sentences joined without final punctuation."""
    made, current, length = [], [], 0
    for sentence in sentences:
        words = sentence.rstrip(" .!?…").split()
        current.extend(words)
        length += len(words)
        if length >= size:
            made.append(" ".join(current[:size]))
            current, length = [], 0
            if len(made) * size >= total:
                break
    return made


def per_token_microseconds(tagger: Callable[[str], list], sentences: list[str], runs: int) -> float:
    tokens = sum(len(tagger(sentence)) for sentence in sentences)
    seconds = median_seconds(lambda: [tagger(sentence) for sentence in sentences], runs)
    return seconds / tokens * 1e6


def benchmark(quick: bool, runs: int) -> None:
    from underthesea import ner

    with tempfile.TemporaryDirectory() as tmp:
        paths, label = input_files(quick, Path(tmp))
        sentences = sentences_of(paths)
        words = count_words(sentences)
        log(f"input: {label}: {len(sentences)} sentences, {words} words; {runs} runs per row")
        nlp.load()
        ner(sentences[0])

        rows: list[tuple[str, float | None, str]] = []
        log("stock underthesea.ner() ...")
        stock = median_seconds(lambda: [ner(sentence) for sentence in sentences], runs)
        rows.append(("stock underthesea.ner()", stock, ""))
        log("engine nlp.tag() ...")
        rows.append(("engine nlp.tag()", median_seconds(lambda: nlp.tag_many(sentences), runs), ""))

        log("segmentation vs tagging ...")
        segmented = [nlp.segment(sentence) for sentence in sentences]
        segmenting = median_seconds(lambda: [nlp.segment(sentence) for sentence in sentences], runs)
        tagging = median_seconds(lambda: [nlp.tag_words(found) for found in segmented], runs)

        files = [str(path) for path in paths]
        log("CLI ...")
        rows.append(cli_row("CLI danvan analyze", ["analyze", "--format", "jsonl", *files], runs))
        for jobs in (1, 2):
            args = ["analyze", "--format", "jsonl", "--jobs", str(jobs), *files]
            rows.append(cli_row(f"CLI danvan analyze --jobs {jobs}", args, runs))

        log("per-token cost ...")
        engine_cost = {
            size: per_token_microseconds(nlp.tag, synthetic_sentences(sentences, size, 20_000), runs)
            for size in TOKEN_SIZES
        }
        stock_cost = {
            size: per_token_microseconds(ner, synthetic_sentences(sentences, size, 1_000), 1)
            for size in STOCK_TOKEN_SIZES
        }

    print(f"\nInput: {label}: {len(sentences)} sentences, {words} words; median of {runs} runs")
    print(f"{'row':<34} {'seconds':>9} {'words/s':>10} {'vs stock':>9}")
    for name, seconds, note in rows:
        if seconds is None:
            print(f"{name:<34} {note}")
            continue
        print(f"{name:<34} {seconds:>9.2f} {words / seconds:>10,.0f} {stock / seconds:>8.2f}x")
    jobs = {name: seconds for name, seconds, _ in rows if name.startswith("CLI danvan analyze --jobs")}
    one, two = jobs.get("CLI danvan analyze --jobs 1"), jobs.get("CLI danvan analyze --jobs 2")
    if one and two:
        print(f"{'CLI --jobs 2 vs --jobs 1':<34} {one / two:>29.2f}x")

    print("\nPer-token cost (microseconds per tagged word; sentences of real words, no final punctuation)")
    print(f"{'tokens per sentence':<22} {'engine':>9} {'stock':>9}")
    for size in sorted({*TOKEN_SIZES, *STOCK_TOKEN_SIZES}):
        engine = f"{engine_cost[size]:.1f}" if size in engine_cost else "-"
        stock_text = f"{stock_cost[size]:.1f}" if size in stock_cost else "-"
        print(f"{size:<22} {engine:>9} {stock_text:>9}")

    total = segmenting + tagging
    print("\nEngine time split (same input)")
    print(f"{'word segmentation':<22} {segmenting:>7.2f} s {segmenting / total:>6.1%}")
    print(f"{'POS + chunk + NER':<22} {tagging:>7.2f} s {tagging / total:>6.1%}")
    print_paragraph_rows(paragraph_rows())


def paragraph_rows() -> list[tuple[int, float, int, int]]:
    """(copies, seconds, figures, donations) of `pipeline.analyze` on one paragraph of donation sentences."""
    from dan_van.models import Source
    from dan_van.pipeline import analyze

    nlp.load()
    analyze(Source("warm-up", DONATION))
    rows = []
    for copies in PARAGRAPH_COPIES:
        log(f"one paragraph of {copies} donation sentences ...")
        text = " ".join([DONATION] * copies)
        start = time.perf_counter()
        analysis = analyze(Source("paragraph", text), sentences=False)
        rows.append((copies, time.perf_counter() - start, len(analysis.figures), len(analysis.donations)))
    return rows


def print_paragraph_rows(rows: list[tuple[int, float, int, int]]) -> None:
    print(f"\nOne paragraph of N copies of {DONATION!r} joined by spaces, through pipeline.analyze")
    print(f"{'copies':>8} {'seconds':>9} {'ms/copy':>9} {'figures':>8} {'donations':>10}")
    for copies, seconds, figures, donations in rows:
        print(f"{copies:>8} {seconds:>9.2f} {seconds / copies * 1e3:>9.2f} {figures:>8} {donations:>10}")
    (small, t_small, *_), (large, t_large, *_) = rows[0], rows[-1]
    ratio = (t_large / large) / (t_small / small)
    verdict = "linear" if ratio <= PARAGRAPH_TARGET else "grows with the paragraph"
    print(f"time per copy at {large} vs {small} copies: {ratio:.2f}x (target <= {PARAGRAPH_TARGET}: {verdict})")


def check() -> int:
    """Compare the engine with stock ner() on every dev sentence; return the number of mismatches."""
    from underthesea import ner

    if not CP_DEV.is_dir() or not UD_DEV.is_file():
        print(f"skipped: dev data not found: {CP_DEV} or {UD_DEV}")
        return 0
    corpora = {
        "CP_Vietnamese-UNC dev": sentences_of(sorted(CP_DEV.glob("*.txt"))),
        "UD_Vietnamese-VTB dev": treebank_sentences(),
    }
    total = 0
    print(f"{'corpus':<24} {'sentences':>9} {'words':>8} {'mismatches':>10}")
    for corpus, sentences in corpora.items():
        log(f"checking {corpus}: {len(sentences)} sentences ...")
        mismatches = [s for s in sentences if nlp.tag(s) != [tuple(token) for token in ner(s)]]
        for sentence in mismatches[:5]:
            log(f"mismatch: {sentence}")
        total += len(mismatches)
        print(f"{corpus:<24} {len(sentences):>9} {count_words(sentences):>8} {len(mismatches):>10}")
    print(f"{'total':<24} {'':>9} {'':>8} {total:>10}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"the first {QUICK_ARTICLES} articles only")
    parser.add_argument("--runs", type=int, default=3, help="runs per row; the median is reported")
    parser.add_argument("--check", action="store_true", help="count engine vs ner() mismatches instead")
    parser.add_argument("--paragraph", action="store_true", help="only the long-paragraph row")
    options = parser.parse_args()
    if options.check:
        sys.exit(1 if check() else 0)
    if options.paragraph:
        print_paragraph_rows(paragraph_rows())
        return
    benchmark(options.quick, options.runs)


if __name__ == "__main__":
    main()
