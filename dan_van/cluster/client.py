"""The Dask client: plan parts, submit them a window at a time, merge each into the store as it finishes.

Results are read with `as_completed`, never a blocking `compute()`, so Ctrl-C cancels the futures at once.
Dask recomputes the parts of a worker that dies; a part whose workers die `distributed.scheduler.allowed-failures`
times is stored as failed documents. A client that is killed leaves its finished parts on disk: the next run
merges them before planning, and plans only what is still missing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import DanVanError
from ..inputs.entries import Entry
from ..store.database import Store
from ..store.fingerprint import fingerprint
from ..store.runs import Counts, Plan, pending, put
from . import parts
from .parts import Part

WINDOW_PER_WORKER = 3  # parts in flight per worker: enough to keep each busy while the client merges
REPORT_SECONDS = 15.0
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.interval": "5s"}


class ClusterError(DanVanError):
    """Dask is not installed, or the cluster cannot be reached."""


def run_on_cluster(
    entries: Iterable[Entry], store: Store, plan: Plan, address: str, folder: str | Path, counts: Counts
) -> Counts:
    """Analyse into `store`, on a local cluster (`local:N`) or the scheduler at `address`, every entry that
    needs it; parts go through `folder`, which the workers must be able to write."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster and --scheduler need Dask: pip install 'danvan[dask]'") from None
    found = plan.parts()
    mark = fingerprint(found)
    store.add_fingerprint(mark, found)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parts.clear_temporary(folder)
    for leftover in parts.finished(folder):
        _merge(store, leftover, mark, Counts())
    todo = pending(entries, store, mark, plan.force, counts)
    first = next(todo, None)
    if first is None:
        return counts
    cluster = None
    if address.startswith("local:"):
        import dask

        # Less of Dask's own work beside ours: no statistical profiler sampling every task's stack every 10 ms,
        # a slower system monitor, no memory monitor (one user's machine), one thread per worker (the tagger
        # holds the GIL). The spawned workers get this configuration from their nanny.
        dask.config.set(LOCAL_CONFIG)
        cluster = LocalCluster(
            n_workers=int(address[6:]), threads_per_worker=1, processes=True, dashboard_address=None, memory_limit=0
        )
    try:
        with Client(cluster or address, timeout="30s") as client:
            _submit_all(client, _chain(first, todo), store, plan, mark, folder, counts)
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({exc}); check --scheduler") from None
    finally:
        if cluster is not None:
            cluster.close(timeout=10)
    parts.clear_temporary(folder)
    if not any(folder.iterdir()):
        folder.rmdir()
    return counts


def _chain(first: Entry, rest: Iterator[Entry]) -> Iterator[Entry]:
    yield first
    yield from rest


def _submit_all(client, todo: Iterator[Entry], store: Store, plan: Plan, mark: str, folder: Path, counts: Counts):
    from distributed import as_completed

    from .worker import DanVanPlugin, analyse_part

    client.register_plugin(DanVanPlugin(plan.rule_files.load(), plan.encoding))
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    planned = parts.plan(todo, mark)
    in_flight: dict = {}

    def submit():
        part = next(planned, None)
        if part is None:
            return None
        future = client.submit(analyse_part, part, str(folder.resolve()), mark, key=f"danvan-{part.id}", pure=False)
        in_flight[future] = part
        return future

    while len(in_flight) < workers * WINDOW_PER_WORKER and submit():
        pass
    done = as_completed(list(in_flight))
    progress = _Progress(counts)
    try:
        for future in done:
            part = in_flight.pop(future)
            _finish(future, part, store, mark, counts)
            progress.tick()
            more = submit()
            if more is not None:
                done.add(more)
    except KeyboardInterrupt:
        client.cancel(list(in_flight), force=True)
        raise
    finally:
        progress.close()


def _finish(future, part: Part, store: Store, mark: str, counts: Counts) -> None:
    """Merge a finished part, or store its documents as failed when the cluster gave up on it."""
    try:
        path = future.result()
    except Exception as exc:  # noqa: BLE001 - a task's own error, e.g. KilledWorker: its documents fail, the run goes on
        message = f"the cluster could not analyse it ({type(exc).__name__}: {exc})"
        for entry in part.entries:
            put(store, entry, {"source": entry.name, "error": f"{entry.name}: {message}"}, mark, counts)
        store.commit()
        return
    _merge(store, Path(path), mark, counts)


def _merge(store: Store, path: Path, mark: str, counts: Counts) -> None:
    """Write a part's documents into the store, commit, and remove the part."""
    manifest, rows = parts.read(path)
    if manifest.get("fingerprint") == mark:
        for row in rows:
            record = row.pop("record")
            put(store, row, record, mark, counts)
        store.commit()
    path.unlink(missing_ok=True)


class _Progress:
    """Progress on stderr: a live line on a terminal, else a line every REPORT_SECONDS."""

    def __init__(self, counts: Counts):
        self.counts = counts
        self.last = time.monotonic()
        self.live = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.live import Live

            self.live = Live(console=Console(stderr=True), transient=True, auto_refresh=False)
            self.live.start()

    def tick(self) -> None:
        text = f"danvan: {self.counts.line()}"
        if self.live is not None:
            self.live.update(text, refresh=True)
        elif time.monotonic() - self.last > REPORT_SECONDS:
            print(text, file=sys.stderr, flush=True)
            self.last = time.monotonic()

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
