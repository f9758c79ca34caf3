"""Output: a Rich report for people (`report`); JSON, JSON Lines, CSV and YAML for machines (`records`).

stdout carries data only. `Format` names the formats once; the command line takes its choices from it.
A stream that cannot be written raises `OutputError` naming it; a reader that went away (`| head`) raises
`BrokenPipeError` in every format, the report's included, for the command line to end quietly.
"""

from __future__ import annotations

import csv
import json
import time
from enum import StrEnum
from typing import TextIO

import yaml

from ..inputs.sources import Failure
from ..models import Analysis
from .files import write_error
from .records import CSV_COLUMNS, View, csv_rows, record

__all__ = ["Format", "View", "Writer"]


class Format(StrEnum):
    """Output formats."""

    TABLE = "table"
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    YAML = "yaml"


class Writer:
    """Writes inputs' results one at a time, so output streams as the analysis goes."""

    def __init__(self, stream: TextIO, fmt: Format, view: View, pos: bool = False, label: str = "standard output"):
        self.stream, self.fmt, self.view, self.pos, self.label = stream, fmt, view, pos, label
        self.count = 0
        self.corpus = None  # the running totals of a report's corpus summary
        self.started = time.monotonic()
        self._csv: csv.DictWriter | None = None
        self._console = None
        if fmt is Format.TEXT and view is not View.SEGMENT:
            self.fmt = fmt = Format.TABLE
        if fmt is Format.TABLE:
            self._console = console(stream)

    def write(self, item: Analysis | Failure) -> None:
        """Write one input's result."""
        try:
            self._write(item)
            self.count += 1
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_error(self.label, exc) from None

    def _write(self, item: Analysis | Failure) -> None:
        if self.fmt is Format.JSONL:
            self.stream.write(json.dumps(record(item, self.view), ensure_ascii=False) + "\n")
        elif self.fmt is Format.JSON:
            self.stream.write(
                ("[\n" if self.count == 0 else ",\n")
                + json.dumps(record(item, self.view), ensure_ascii=False, indent=2)
            )
        elif self.fmt is Format.YAML:
            self.stream.write(yaml.safe_dump([record(item, self.view)], allow_unicode=True, sort_keys=False))
        elif self.fmt is Format.TEXT:
            if isinstance(item, Analysis):
                for s in item.sentences:
                    words = (t.form.replace(" ", "_") + (f"/{t.pos}" if self.pos else "") for t in s.tokens)
                    self.stream.write(" ".join(words) + "\n")
        elif self.fmt is Format.CSV:
            if self._csv is None:
                self._csv = csv.DictWriter(self.stream, CSV_COLUMNS[self.view], extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerows(csv_rows(item, self.view))
        else:
            from .corpus import Corpus
            from .report import render  # Rich, only for the report

            if isinstance(item, Analysis):
                render(self._console, item, self.view)
            if self.view is View.ANALYSIS:
                self.corpus = self.corpus or Corpus()
                self.corpus.add(item)

    def close(self) -> None:
        """Finish the output: close the JSON list, or print the corpus summary of a report."""
        try:
            self._close()
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_error(self.label, exc) from None

    def _close(self) -> None:
        if self.fmt is Format.JSON:
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        elif self.fmt is Format.YAML and self.count == 0:
            self.stream.write("[]\n")
        elif self.fmt is Format.TABLE and self.corpus and self.count > 1:
            from .summary import summary

            self.corpus.seconds = time.monotonic() - self.started
            summary(self._console, self.corpus)


def console(stream: TextIO | None = None):
    """A Rich console on `stream` that lets a closed pipe be a `BrokenPipeError`, as the other formats do
    (Rich's own handling exits with status 1)."""
    # Rich loads only for the report: machine formats start faster without it.
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _Console(file=stream, highlight=False, soft_wrap=False)
