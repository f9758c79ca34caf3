"""Speed of danvan against stock `underthesea.ner()`, in one run, on the same text.

    python benchmarks/bench.py            all 300 dev articles of CP_Vietnamese-UNC, 3 runs a row
    python benchmarks/bench.py --quick    the first 30 articles
    python benchmarks/bench.py --check    both engines against stock word_tokenize() and ner() on every
                                          dev sentence: mismatch counts (exit 1 unless all are 0)
    python benchmarks/bench.py --store    the results store and Dask: a fresh store, its rerun, Dask vs -j 2
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
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dan_van.nlp import engine, native  # noqa: E402

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
DANVAN = Path(sys.executable).parent / "danvan"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def body_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def sentences_of(paths: list[Path]) -> list[str]:
    return [sentence for path in paths for line in body_lines(path) for sentence in engine.split_sentences(line)]


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


def with_engine(name: str, run: Callable[[], object]) -> Callable[[], object]:
    """`run` with the engine chosen by DANVAN_ENGINE for the time of the call."""

    def call():
        before = os.environ.get(engine.ENGINE_VARIABLE)
        os.environ[engine.ENGINE_VARIABLE] = name
        try:
            return run()
        finally:
            if before is None:
                os.environ.pop(engine.ENGINE_VARIABLE, None)
            else:
                os.environ[engine.ENGINE_VARIABLE] = before

    return call


def segment_all(sentences: list[str]) -> list[list[str]]:
    return [engine.segment(sentence) for sentence in sentences]


def tag_all(sentences: list[str]) -> list:
    return [engine.tag(sentence) for sentence in sentences]


def tag_words_all(segmented: list[list[str]]) -> list:
    return [engine.tag_words(words) for words in segmented]


def engines() -> list[str]:
    return ["native", "python"] if native.AVAILABLE else ["python"]


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


def cli_seconds(args: list[str], runs: int, env: dict | None = None) -> tuple[float | None, str]:
    """Median wall-clock seconds of a fresh `danvan` process, or a note saying why there is none."""
    if not DANVAN.exists():
        return None, f"skipped: {DANVAN} not found"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [str(DANVAN), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
        )
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return None, f"skipped: exit code {done.returncode}: {last}"
    return statistics.median(times), ""


def engine_env(name: str) -> dict:
    return {**os.environ, engine.ENGINE_VARIABLE: name}


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


def in_process_rows(sentences: list[str], runs: int) -> tuple[list, dict]:
    """Stock ner() and each engine's tag(), segmentation and tagging apart."""
    from underthesea import ner

    ner(sentences[0])
    log("stock underthesea.ner() ...")
    rows = [("stock underthesea.ner()", median_seconds(lambda: [ner(s) for s in sentences], runs), "")]
    split = {}
    for name in engines():
        with_engine(name, engine.load)()
        log(f"engine {name} ...")
        rows.append((f"engine {name}: tag()", median_seconds(with_engine(name, partial(tag_all, sentences)), runs), ""))
        segmented = with_engine(name, partial(segment_all, sentences))()
        segmenting = median_seconds(with_engine(name, partial(segment_all, sentences)), runs)
        tagging = median_seconds(with_engine(name, partial(tag_words_all, segmented)), runs)
        split[name] = (segmenting, tagging)
    return rows, split


def cli_rows(files: list[str], runs: int) -> list:
    rows = []
    for name in engines():
        env = engine_env(name)
        for jobs in (1, 2):
            seconds, note = cli_seconds(["analyze", "--format", "jsonl", "--jobs", str(jobs), *files], runs, env)
            rows.append((f"CLI analyze -j {jobs} ({name})", seconds, note))
    return rows


def startup_rows(runs: int) -> list:
    """One small article end to end: a fresh process, wall clock."""
    small = sorted(CP_DEV.glob("*.txt"))[0] if CP_DEV.is_dir() else sorted(SEEDS.glob("*.txt"))[0]
    rows = []
    for name in engines():
        seconds, note = cli_seconds(["analyze", "--format", "jsonl", str(small)], runs, engine_env(name))
        rows.append((f"start-up: one small article ({name})", seconds, note))
    return rows


def print_table(label: str, words: int, rows: list, stock: float) -> None:
    print(f"\nInput: {label}: {words} words; medians")
    print(f"{'row':<40} {'seconds':>9} {'words/s':>10} {'vs stock':>9}")
    for name, seconds, note in rows:
        if seconds is None:
            print(f"{name:<40} {note}")
        elif name.startswith("start-up"):
            print(f"{name:<40} {seconds:>9.2f}")
        else:
            print(f"{name:<40} {seconds:>9.2f} {words / seconds:>10,.0f} {stock / seconds:>8.2f}x")
    found = {name: seconds for name, seconds, _ in rows}
    for name in engines():
        one, two = found.get(f"CLI analyze -j 1 ({name})"), found.get(f"CLI analyze -j 2 ({name})")
        if one and two:
            print(f"{f'CLI -j 2 vs -j 1 ({name})':<40} {one / two:>29.2f}x")


def benchmark(quick: bool, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths, label = input_files(quick, Path(tmp))
        sentences = sentences_of(paths)
        words = count_words(sentences)
        log(f"input: {label}: {len(sentences)} sentences, {words} words; {runs} runs per row")
        rows, split = in_process_rows(sentences, runs)
        stock = rows[0][1]
        log("CLI ...")
        rows += cli_rows([str(path) for path in paths], runs)
        rows += startup_rows(max(runs, 5))
        log("per-token cost ...")
        cost = {
            name: {
                size: per_token_microseconds(
                    lambda s, n=name: with_engine(n, lambda: engine.tag(s))(),
                    synthetic_sentences(sentences, size, 20_000),
                    runs,
                )
                for size in TOKEN_SIZES
            }
            for name in engines()
        }
        from underthesea import ner

        stock_cost = {
            size: per_token_microseconds(ner, synthetic_sentences(sentences, size, 1_000), 1)
            for size in STOCK_TOKEN_SIZES
        }
    print_table(label, words, rows, stock)
    print("\nPer-token cost (microseconds per tagged word; sentences of real words, no final punctuation)")
    names = engines()
    print(f"{'tokens per sentence':<22} " + " ".join(f"{n:>9}" for n in names) + f" {'stock':>9}")
    for size in sorted({*TOKEN_SIZES, *STOCK_TOKEN_SIZES}):
        cells = [f"{cost[n][size]:.1f}" if size in cost[n] else "-" for n in names]
        stock_text = f"{stock_cost[size]:.1f}" if size in stock_cost else "-"
        print(f"{size:<22} " + " ".join(f"{c:>9}" for c in cells) + f" {stock_text:>9}")
    print("\nEngine time split (same input)")
    for name, (segmenting, tagging) in split.items():
        total = segmenting + tagging
        print(
            f"{name:<8} word segmentation {segmenting:>7.2f} s {segmenting / total:>6.1%}   "
            f"POS + chunk + NER {tagging:>7.2f} s {tagging / total:>6.1%}"
        )
    print_paragraph_rows(paragraph_rows())


def paragraph_rows() -> list[tuple[int, float, int, int]]:
    """(copies, seconds, figures, donations) of `pipeline.analyze` on one paragraph of donation sentences."""
    from dan_van.models import Source
    from dan_van.pipeline import analyze

    engine.load()
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
    """Both engines against stock word_tokenize() and ner() on every dev sentence; the mismatch count."""
    from underthesea import ner, word_tokenize

    if not CP_DEV.is_dir() or not UD_DEV.is_file():
        print(f"skipped: dev data not found: {CP_DEV} or {UD_DEV}")
        return 0
    corpora = {
        "CP_Vietnamese-UNC dev": sentences_of(sorted(CP_DEV.glob("*.txt"))),
        "UD_Vietnamese-VTB dev": treebank_sentences(),
    }
    total = 0
    print(f"{'corpus':<24} {'engine':<8} {'sentences':>9} {'words':>8} {'word_tokenize':>14} {'ner':>6}")
    for corpus, sentences in corpora.items():
        log(f"stock results for {corpus}: {len(sentences)} sentences ...")
        expected = [(word_tokenize(s), [tuple(t) for t in ner(s)]) for s in sentences]
        for name in engines():
            words = with_engine(name, partial(segment_all, sentences))()
            tags = with_engine(name, partial(tag_all, sentences))()
            bad_words = [s for s, w, (ew, _) in zip(sentences, words, expected, strict=True) if w != ew]
            bad_tags = [s for s, t, (_, et) in zip(sentences, tags, expected, strict=True) if t != et]
            for sentence in (bad_words + bad_tags)[:5]:
                log(f"mismatch ({name}): {sentence}")
            total += len(bad_words) + len(bad_tags)
            print(
                f"{corpus:<24} {name:<8} {len(sentences):>9} {count_words(sentences):>8} "
                f"{len(bad_words):>14} {len(bad_tags):>6}"
            )
    print(f"{'total mismatches':<49} {total:>21}")
    return total


def store_run(label: str, args: list[str], cwd: Path) -> tuple[str, float, float, str]:
    """Wall-clock and CPU seconds (of every process it started) of one CLI run, and its closing line."""
    import resource

    danvan = Path(sys.executable).parent / "danvan"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(danvan), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = (done.stderr.strip().splitlines() or [""])[-1]
    if done.returncode != 0:
        last = f"exit code {done.returncode}: {last}"
    return label, wall, cpu, last


def store_benchmark(quick: bool) -> None:
    """The dev articles into a fresh store with -j 2, the rerun, and the same on a Dask LocalCluster of 2."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths, label = input_files(quick, work)
        corpus = work / "corpus"
        corpus.mkdir()
        for path in paths:
            shutil.copyfile(path, corpus / path.name)
        log(f"input: {label}; one run per row")
        rows = [store_run("plain -j 2 (JSON Lines, no store)", ["analyze", ".", "-j", "2", "-f", "jsonl"], corpus)]
        rows.append(store_run("fresh store -j 2", ["analyze", ".", "-j", "2", "--db", str(work / "j2.db")], corpus))
        rows.append(store_run("rerun, unchanged", ["analyze", ".", "-j", "2", "--db", str(work / "j2.db")], corpus))
        dask = ["analyze", ".", "--cluster", "local:2", "--db", str(work / "dask.db")]
        rows.append(store_run("fresh store, Dask LocalCluster 2", dask, corpus))
    print(f"\nInput: {label}; wall-clock and CPU seconds of the whole command (start-up and model loading included)")
    print(f"{'row':<36} {'wall s':>8} {'CPU s':>8}  closing line")
    for name, wall, cpu, last in rows:
        print(f"{name:<36} {wall:>8.2f} {cpu:>8.2f}  {last}")
    _, plain, plain_cpu, _ = rows[0]
    _, first, first_cpu, _ = rows[1]
    _, rerun, _, _ = rows[2]
    _, dask_wall, dask_cpu, _ = rows[3]
    print(f"{'store vs plain (wall)':<36} {first / plain:>8.2f}x")
    print(f"{'rerun vs fresh store (wall)':<36} {rerun / first:>8.1%}")
    print(f"{'Dask vs -j 2 (wall)':<36} {dask_wall / first:>8.2f}x")
    print(f"{'Dask vs -j 2 (CPU)':<36} {dask_cpu / first_cpu:>8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"the first {QUICK_ARTICLES} articles only")
    parser.add_argument("--runs", type=int, default=3, help="runs per row; the median is reported")
    parser.add_argument("--check", action="store_true", help="count engine vs stock mismatches instead")
    parser.add_argument("--store", action="store_true", help="the results store and Dask instead")
    parser.add_argument("--paragraph", action="store_true", help="only the long-paragraph row")
    options = parser.parse_args()
    if options.check:
        sys.exit(1 if check() else 0)
    if options.store:
        store_benchmark(options.quick)
        return
    if options.paragraph:
        print_paragraph_rows(paragraph_rows())
        return
    benchmark(options.quick, options.runs)


if __name__ == "__main__":
    main()
