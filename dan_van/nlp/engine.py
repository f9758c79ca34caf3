"""The one module that talks to underthesea: sentences, words and their POS, chunk and NER tags.

Two engines give the tags of `underthesea.ner()` byte for byte, much faster:
- `native`: the `_crfcore` C extension (built by `pip install` where a C compiler is found) reads the four
  CRFsuite models underthesea ships and featurizes and tags a whole sentence in one call;
- `python`: a column-wise featurizer for word segmentation (`segmenter`) and one for the POS, chunk and NER
  models (`crf_features`), feeding underthesea_core's CRFTagger.
The native engine runs where it was built, unless `DANVAN_ENGINE=python`; `danvan --version` says which.
Neither imports `underthesea` itself: its files are read from the installed package (`underthesea_files`),
so start-up loads only what is used.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..errors import EngineError
from . import crf_features as features
from . import native, segmenter
from . import underthesea_files as files

Tagged = tuple[str, str, str, str]
ENGINE_VARIABLE = "DANVAN_ENGINE"
ENGINES = ("native", "python")

# A sentence longer than this is tagged in pieces of at most this many characters, cut at the last
# whitespace before the limit (or at the limit when there is none). Word segmentation and the CRFs
# then see bounded inputs, so time and memory grow linearly with the input even for a 1 MB line
# without punctuation. Real sentences are far shorter (the longest of the dev sets has 927
# characters) and are tagged whole, with exactly the tags of `underthesea.ner()`; words at a cut
# may be tagged differently from an uncut run.
MAX_CHARS = 10_000


def name() -> str:
    """The engine in use: `native`, or `python` where the extension is not built or not wanted."""
    wanted = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if wanted and wanted not in ENGINES:
        raise EngineError(f"{ENGINE_VARIABLE}={wanted!r} is not an engine; use one of {', '.join(ENGINES)}")
    return "native" if native.AVAILABLE and wanted != "python" else "python"


def check_version() -> None:
    """Raise EngineError unless the installed underthesea and underthesea_core are checked versions."""
    files.check_versions()


def underthesea_file(relative: str) -> Path:
    """A data file of the installed underthesea package, found without importing it."""
    return files.path(relative)


# underthesea's table of the 2025 reorganisation of administrative units (in force 1 July 2025): every ward and
# commune of the 63 provinces with its district, and the ward and province (of 34) it became.
ADDRESS_MAPPING = "address/data/mapping.json"


class Ward(NamedTuple):
    """One row of the 2025 table: a ward or commune before 1 July 2025 and what it became (official names)."""

    old_province: str
    old_district: str
    old_ward: str
    new_province: str
    new_ward: str


@cache
def address_mapping() -> tuple[Ward, ...]:
    """The rows of underthesea's 2025 table of administrative units (`ADDRESS_MAPPING`), read once per process."""
    try:
        with files.path(ADDRESS_MAPPING).open(encoding="utf-8") as f:
            rows = json.load(f)["ward_mapping"]
        return tuple(Ward(*(r[k] for k in Ward._fields)) for r in rows)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineError(f"underthesea's {ADDRESS_MAPPING} cannot be read ({exc}); reinstall underthesea") from None


def crf_tagger(path: Path):
    """underthesea_core's CRFTagger for a model file (the pure-Python engine's tagger)."""
    from underthesea_core import CRFTagger

    model = CRFTagger()
    model.load(str(path))
    return model


class _Taggers(NamedTuple):
    pos: object
    chunk: object
    ner: object


@cache
def _taggers() -> _Taggers:
    check_version()
    return _Taggers(*(crf_tagger(files.model_path(model)) for model in ("pos", "chunk", "ner")))


@cache
def _segmenter() -> segmenter.Segmenter:
    return segmenter.segmenter(crf_tagger(files.model_path("ws")))


def load() -> None:
    """Load the models now rather than on the first sentence (e.g. before timing or forking)."""
    if name() == "native":
        native.load()
    else:
        _segmenter()
        _taggers()


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences as underthesea's tokenizer does (sentences come back stripped)."""
    return files.sent_tokenize(text)


def _pieces(sentence: str) -> Iterator[str]:
    """Cut a sentence into pieces of at most MAX_CHARS characters, at whitespace where possible."""
    start, n = 0, len(sentence)
    while n - start > MAX_CHARS:
        end = start + MAX_CHARS
        cut = next((i for i in range(end, start, -1) if sentence[i].isspace()), end)
        yield sentence[start:cut]
        start = cut
    yield sentence[start:]


def segment(sentence: str) -> list[str]:
    """Words of one sentence, syllables joined by spaces, as `underthesea.word_tokenize()` gives them."""
    return native.segment(sentence) if name() == "native" else _segmenter().segment(sentence)


def _python_tags(words: tuple[str, ...]) -> list[Tagged]:
    taggers = _taggers()
    unknown = ("X",) * len(words)
    # The three models read the same word column: the shared cache featurizes it once per sentence.
    shared: dict = {}
    pos = tuple(taggers.pos.tag(features.pos_features.rows((words, unknown), shared)))
    chunk = taggers.chunk.tag(features.chunk_features.rows((words, pos, unknown), shared))
    ner = taggers.ner.tag(features.ner_features.rows((words, pos, chunk, unknown), shared))
    return list(zip(words, pos, chunk, ner, strict=True))


def tag_words(words: list[str]) -> list[Tagged]:
    """POS, chunk and NER tags of words as `segment()` gives them: the tagging half of `tag()`."""
    if not words:
        return []
    if name() == "native":
        return native.tag_words(words)
    return _python_tags(tuple(words))


def tag(sentence: str) -> list[Tagged]:
    """Words of one sentence with POS, chunk and NER tags, exactly as `underthesea.ner()` gives them."""
    if len(sentence) <= MAX_CHARS:
        return tag_words(segment(sentence))
    return [word for piece in _pieces(sentence) for word in tag_words(segment(piece))]


def tag_many(sentences: Iterable[str]) -> list[list[Tagged]]:
    """`tag()` for each sentence, in order."""
    return [tag(sentence) for sentence in sentences]
