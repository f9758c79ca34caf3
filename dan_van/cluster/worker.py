"""What runs on a Dask worker: a plugin that holds the rules and loads the models once, and the part task."""

from __future__ import annotations

import json
from typing import Any

from distributed import WorkerPlugin, get_worker

from ..inputs.sources import Failure
from ..language.rules import Rules
from . import parts
from .parts import Part

PLUGIN = "danvan"


class DanVanPlugin(WorkerPlugin):
    """Gives every worker, once, the run's rules (sent as data) and loads the tagging models."""

    name = PLUGIN

    def __init__(self, rules: Rules, encoding: str | None = None):
        self.rules = rules
        self.encoding = encoding

    def setup(self, worker) -> None:
        from ..nlp import engine

        engine.load()


def analyse_part(part: Part, folder: str, fingerprint: str) -> str:
    """Analyse one part's documents and write them as a Parquet part; the part file's path."""
    from ..pipeline import analyze_many

    plugin: DanVanPlugin = get_worker().plugins[PLUGIN]
    sources = (entry.source(plugin.encoding) for entry in part.entries)
    rows: list[dict[str, Any]] = []
    for entry, item in zip(part.entries, analyze_many(sources, plugin.rules, 1, sentences=False), strict=True):
        record = {"source": item.name, "error": item.message} if isinstance(item, Failure) else item.to_record()
        rows.append(
            {
                "path": entry.name,
                "origin": entry.origin,
                "ordinal": entry.ordinal,
                "sha256": entry.sha256,
                "size": entry.size,
                "record": json.dumps(record, ensure_ascii=False),
            }
        )
    return parts.write(folder, part.id, fingerprint, rows)
