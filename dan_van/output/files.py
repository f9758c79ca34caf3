"""`--output FILE`: the file appears whole when the run completes, or is left as it was.

The results go to a temp file in the target's folder (`.danvan-<host>-<pid>-<random>.tmp`), which replaces
the target in one rename at the end. A symlink is written through: its target is replaced, the link stays.
A FIFO, a terminal or a device (`/dev/null`) is written straight into, as there is nothing to replace. An
existing file keeps its mode, and its owner where the user may give it. A temp file whose run is gone (a
`kill -9`, a power cut) is named so that the next run into that folder on the same machine removes it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import stat
import tempfile
from typing import TextIO

from ..errors import OutputError
from ..inputs.sources import shown

HOST = re.sub(r"[^A-Za-z0-9.-]", "", socket.gethostname())[:64] or "host"
_TEMP = re.compile(r"\.danvan-(?P<host>.*)-(?P<pid>\d+)-[a-z0-9_]+\.tmp")


class OutputFile:
    """A text stream to `path`; `commit()` makes it the file, `discard()` leaves no trace of it."""

    def __init__(self, path: str):
        self.label = shown(path)
        self.temp: str | None = None
        self.stream: TextIO | None = None
        try:
            found = os.stat(path)
        except FileNotFoundError:
            found = None
        except OSError as exc:
            raise self.error(exc) from None
        try:
            if found is not None and not stat.S_ISREG(found.st_mode):
                self.target = path
                self.stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
                return
            self.target = os.path.realpath(path)
            folder = os.path.dirname(self.target)
            remove_stale(folder)
            handle, self.temp = tempfile.mkstemp(prefix=f".danvan-{HOST}-{os.getpid()}-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise self.error(exc) from None
        try:
            _keep_owner_and_mode(handle, found)
            self.stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        except OSError as exc:
            os.close(handle)
            self.discard()
            raise self.error(exc) from None

    def error(self, exc: OSError) -> OutputError:
        return write_error(self.label, exc)

    def commit(self) -> None:
        """Flush the results to disk and put them in place of the target."""
        try:
            self.stream.flush()
            if self.temp is not None:
                _sync(self.stream.fileno())
            self.stream.close()
            if self.temp is not None:
                os.replace(self.temp, self.target)
                self.temp = None
        except OSError as exc:
            self.discard()
            raise self.error(exc) from None

    def discard(self) -> None:
        """Close the stream and remove the temp file, quietly: the run already failed or was stopped."""
        if self.stream is not None:
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None


def _sync(handle: int) -> None:
    """The results on disk before the rename; a file system that cannot sync is no error."""
    try:
        os.fsync(handle)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise


def write_error(label: str, exc: OSError) -> OutputError:
    """The one-line message for an output that cannot be written, with the fix for its cause."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        fix = "free some space or write elsewhere"
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        fix = "create the folder or write elsewhere"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "make the folder writable or write elsewhere"
    else:
        fix = "check the disk or write elsewhere"
    return OutputError(f"{label}: cannot write ({exc.strerror or exc}); {fix}")


def _keep_owner_and_mode(handle: int, found: os.stat_result | None) -> None:
    """The temp file gets the existing file's owner and mode, or the mode any new file would get."""
    if found is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        return
    own = os.fstat(handle)
    if (own.st_uid, own.st_gid) != (found.st_uid, found.st_gid):
        try:
            os.fchown(handle, found.st_uid, found.st_gid)
        except PermissionError:
            with contextlib.suppress(PermissionError):
                os.fchown(handle, -1, found.st_gid)
    os.fchmod(handle, stat.S_IMODE(found.st_mode))


def remove_stale(folder: str) -> list[str]:
    """Remove the temp files that runs on this machine left in `folder` before they ended; their names."""
    removed = []
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return removed
    for name in names:
        match = _TEMP.fullmatch(name)
        if match and match["host"] == HOST and not _alive(int(match["pid"])):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
                removed.append(name)
    return removed


def _alive(pid: int) -> bool:
    if pid <= 0:
        return True  # never a run's pid; os.kill(0) would mean our own process group
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process holds the pid
    except OverflowError:
        return False
    return True
