"""A cache of what a process builds from data files at start-up, keyed by that data and the code building it.

Reading and checking the packaged YAML files, building the gazetteer's tables and reading the CRF models cost
a process a few tenths of a second; reading back what they gave costs milliseconds. A value is found again
only under the same data (the digest the caller passes: of the bytes, or of a file's size and time) and the
same danvan code (the size and time of every module and of the native core), so an edited data file, an
overlay, another underthesea or a new danvan builds afresh.

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
PACKAGE = Path(__file__).resolve().parent


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


def file_digest(*paths: str | os.PathLike) -> str:
    """A digest of files by path, size and modification time: cheap for large files, which it does not read."""
    digest = hashlib.sha256()
    for path in paths:
        stat = os.stat(path)
        digest.update(f"{os.fspath(path)}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n".encode())
    return digest.hexdigest()


def data_digest(rules) -> str:
    """The sha256 of what `rules` holds (not of where it came from: rules built in Python have no files)."""
    return hashlib.sha256(pickle.dumps(rules.data, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def path_for(kind: str, digest: str) -> Path | None:
    """Where the value of `kind` built from data of digest `digest` is kept: named by this code's stamp too,
    so that values of an older danvan can be told apart and removed."""
    folder = directory()
    if folder is None:
        return None
    key = hashlib.sha256(f"{kind}\0{digest}".encode()).hexdigest()[:24]
    return folder / f"{kind}-{code_stamp()[:12]}-{key}.bin"


def cached(kind: str, digest: str, build: Callable[[], T]) -> T:
    """The value `build()` gives for data of digest `digest`, from the cache when it holds one."""
    found = fetch(kind, digest)
    if found is not None:
        try:
            return pickle.loads(found)  # noqa: S301 - the user's own cache folder, written by keep()
        except Exception:  # noqa: BLE001 - a damaged file can fail to unpickle in many ways; build again
            pass
    value = build()
    keep(kind, digest, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def fetch(kind: str, digest: str) -> bytes | None:
    """The bytes kept for `kind` under `digest`, or None (none kept, the cache off, unreadable, not the user's)."""
    path = path_for(kind, digest)
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_uid != os.getuid():
                return None
            return file.read()
    except OSError:
        return None


def keep(kind: str, digest: str, data: bytes) -> None:
    """Keep `data` for `kind` under `digest`: whole or not at all (a temporary file renamed), never an error."""
    path = path_for(kind, digest)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp, path)
    except OSError:
        _remove(Path(temp))
        return
    _prune(path.parent, kind)


def _prune(folder: Path, kind: str) -> None:
    """Remove what other versions of the code left, and keep the KEEP newest values of one kind (two
    gazetteers used in turn are not rebuilt every time)."""
    stamp = code_stamp()[:12]

    def age(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    mine = []
    for path in folder.glob("*-*-*.bin"):
        if path.name.rsplit("-", 2)[-2] != stamp:
            _remove(path)
        elif path.name.startswith(f"{kind}-"):
            mine.append(path)
    for old in sorted(mine, key=age, reverse=True)[KEEP:]:
        _remove(old)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
