"""What a document's results depend on besides its bytes: danvan's and underthesea's versions, the bytes of
every rules and gazetteer file, the encodings data and a forced `--encoding`.

It is computed from the files' bytes without parsing them, so that a rerun with nothing to do starts no loader;
its `rules` digest is `Rules.fingerprint` (a test holds the two together).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..language.load import laid_over, packaged_digest, packaged_rules, read_file, read_packaged_bytes
from ..language.rules import Rules
from ..language.schema import File


@cache
def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True, slots=True)
class RuleFiles:
    """The bytes of the `--rules` and `--gazetteer` files, read once (a file may be a pipe: `<(...)`)."""

    rules: tuple[tuple[str, bytes], ...] = ()
    gazetteers: tuple[tuple[str, bytes], ...] = ()

    @classmethod
    def read(cls, rules: Sequence[str | Path] = (), gazetteers: Sequence[str | Path] = ()) -> RuleFiles:
        """Read every file; RulesError naming one that cannot be read."""
        return cls(tuple((str(p), read_file(p)) for p in rules), tuple((str(p), read_file(p)) for p in gazetteers))

    def digest(self) -> str:
        """`Rules.fingerprint` of the rules these files make, from their bytes alone."""
        found = packaged_digest()
        for _, data in (*self.rules, *self.gazetteers):
            found = hashlib.sha256(found.encode() + data).hexdigest()
        return found

    def load(self) -> Rules:
        """The rules themselves: the packaged data with each file laid over it, as `load_rules` does."""
        return laid_over(packaged_rules(), self.rules, self.gazetteers)


def parts(rules: str, encoding: str | None = None) -> dict[str, str | None]:
    """The things a fingerprint stands for, given the rules' digest."""
    return {
        "danvan": __version__,
        "underthesea": _version("underthesea"),
        "underthesea_core": _version("underthesea_core"),
        "rules": rules,
        "encodings": hashlib.sha256(read_packaged_bytes(File.ENCODINGS)).hexdigest(),
        "encoding": encoding,
    }


def fingerprint(found: dict[str, str | None]) -> str:
    """The sha256 of those things."""
    return hashlib.sha256(json.dumps(found, sort_keys=True).encode()).hexdigest()
