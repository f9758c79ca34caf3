"""A cache of what is built from the language data, keyed by the bytes it is built from and the code building it.

Reading and checking the packaged YAML files, and building the gazetteer's tables from them, cost a process
about a tenth of a second; loading the pickled result costs a millisecond. A cached value is found again
only under the same data bytes (the sha256 the caller passes) and the same danvan code (the size and time of
every module and of the native core), so an edited data file, an overlay or a new version builds afresh.

The files live in `DANVAN_CACHE_DIR`, else `$XDG_CACHE_HOME/danvan`, else `~/.cache/danvan`;
`DANVAN_CACHE_DIR=off` turns the cache off. It never makes a run fail: a folder that cannot be made, a file
that cannot be read, written or unpickled, or one another user owns is passed over and the value is built.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
OFF = "off"
KEEP = 8
PACKAGE = Path(__file__).resolve().parents[1]


def directory() -> Path | None:
    """The cache folder in force, or None when the cache is off."""
    chosen = os.environ.get("DANVAN_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in (OFF, "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "danvan"


@cache
def code_stamp() -> str:
    """Changes whenever a module of the package or its native core changes."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".so", ".pyd"):
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(PACKAGE)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def data_digest(rules) -> str:
    """The sha256 of what `rules` holds (not of where it came from: rules built in Python have no files)."""
    return hashlib.sha256(pickle.dumps(rules.data, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def path_for(kind: str, digest: str) -> Path | None:
    """Where the value of `kind` built from data of sha256 `digest` is kept."""
    folder = directory()
    if folder is None:
        return None
    key = hashlib.sha256(f"{kind}\0{digest}\0{code_stamp()}".encode()).hexdigest()[:32]
    return folder / f"{kind}-{key}.pickle"


def cached(kind: str, digest: str, build: Callable[[], T]) -> T:
    """The value `build()` gives for data of sha256 `digest`, from the cache when it holds one."""
    path = path_for(kind, digest)
    if path is None:
        return build()
    found = _load(path)
    if found is not None:
        return found
    value = build()
    _store(path, kind, value)
    return value


def _load(path: Path):
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_uid != os.getuid():
                return None
            return pickle.load(file)  # noqa: S301 - the user's own cache folder, written by _store
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a truncated or foreign file can fail to unpickle in many ways
        return None


def _store(path: Path, kind: str, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except (OSError, pickle.PicklingError):
        _remove(Path(temp))
        return
    _prune(path.parent, kind)


def _prune(folder: Path, kind: str) -> None:
    """Keep the KEEP newest values of one kind (two installs or two gazetteers in turn are not rebuilt)."""

    def age(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(folder.glob(f"{kind}-*.pickle"), key=age, reverse=True)[KEEP:]:
        _remove(old)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
