"""TERM and HUP end a run as Ctrl-C does: unwound (no half-written output, no worker left), then 128 + N."""

from __future__ import annotations

import signal


class Stopped(BaseException):
    """TERM or HUP arrived: unwind like Ctrl-C, then exit 128 + N.

    A BaseException, as KeyboardInterrupt, so that no `except Exception` on the way takes it for an error."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number


_STOPPED: list[int] = []


def _stop(number: int, frame) -> None:
    signal.signal(number, signal.SIG_DFL)  # a second one ends the process at once
    _STOPPED.append(number)
    raise Stopped(number)


def check_stopped() -> None:
    """A signal whose exception was lost on the way (a library that swallows exceptions) stops the run here."""
    if _STOPPED:
        raise Stopped(_STOPPED[0])


def catch_signals() -> None:
    """Turn TERM and HUP into `Stopped`; a signal already ignored (nohup ignores HUP) stays ignored."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _stop)


def name(number: int) -> str:
    return signal.Signals(number).name
