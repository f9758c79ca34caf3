"""The one module that talks to underthesea: sentence splitting and tagging (words, POS, chunks, NER).

`tag()` gives the tags of `underthesea.ner()` several times faster. Words come from underthesea's
`word_tokenize` (its featurizer is native); the POS, chunk and NER tags come from the same CRF models
as `ner()`, fed by `dan_van.nlp.crf_features`, which writes the same features in linear instead of quadratic
time. underthesea is imported on first use, so `import dan_van.nlp.engine` stays cheap.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import metadata, util
from pathlib import Path
from typing import NamedTuple

from ..errors import EngineError
from . import crf_features as features

Tagged = tuple[str, str, str, str]

# The versions the engine was checked against: their models and feature templates give tags equal to
# `underthesea.ner()` on every dev sentence of CP_Vietnamese-UNC and UD_Vietnamese-VTB.
SUPPORTED = {"underthesea": ("9.5.0",), "underthesea_core": ("3.3.2",)}

# A sentence longer than this is tagged in pieces of at most this many characters, cut at the last
# whitespace before the limit (or at the limit when there is none). Word segmentation and the CRFs
# then see bounded inputs, so time and memory grow linearly with the input even for a 1 MB line
# without punctuation. Real sentences are far shorter (the longest of the dev sets has 927
# characters) and are tagged whole, with exactly the tags of `underthesea.ner()`; words at a cut
# may be tagged differently from an uncut run.
MAX_CHARS = 10_000

_MODEL_FILES = {
    "pos": "pipeline/pos_tag/pos_crf_2017_10_11.bin",
    "chunk": "pipeline/chunking/chunk_crf_2017_10_12.bin",
    "ner": "pipeline/ner/ner_crf_2017_10_12.bin",
}


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


class _Engine(NamedTuple):
    word_tokenize: object
    pos: object
    chunk: object
    ner: object


def _installed(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def check_version() -> None:
    """Raise EngineError unless the installed underthesea and underthesea_core are checked versions."""
    installed = {name: _installed(name) for name in SUPPORTED}
    if all(installed[name] in versions for name, versions in SUPPORTED.items()):
        return
    found = ", ".join(f"{name} {version or 'not installed'}" for name, version in installed.items())
    supported = " with ".join(f"{name} {' or '.join(versions)}" for name, versions in SUPPORTED.items())
    pins = " ".join(f"{name}=={versions[0]}" for name, versions in SUPPORTED.items())
    raise EngineError(
        f"the tagging engine supports {supported} only (their feature templates and models are the ones "
        f"it was checked against), but found {found}. Fix: pip install {pins}"
    )


@cache
def _underthesea():
    import underthesea

    return underthesea


@cache
def _engine() -> _Engine:
    """Load the word segmenter and the three CRF models, once per process."""
    check_version()
    underthesea = _underthesea()
    from underthesea_core import CRFTagger

    root = Path(underthesea.__file__).parent
    models = {}
    for name, relative in _MODEL_FILES.items():
        model = CRFTagger()
        model.load(str(root / relative))
        models[name] = model
    return _Engine(underthesea.word_tokenize, **models)


def data_file(relative: str) -> Path:
    """A data file of the installed underthesea, found without importing it (which would load its code)."""
    spec = util.find_spec("underthesea")
    for root in (spec.submodule_search_locations or ()) if spec else ():
        path = Path(root) / relative
        if path.is_file():
            return path
    pins = " ".join(f"{name}=={versions[0]}" for name, versions in SUPPORTED.items())
    raise EngineError(
        f"the installed underthesea has no {relative} (it ships with underthesea 9.5). Fix: pip install {pins}"
    )


@cache
def address_mapping() -> tuple[Ward, ...]:
    """The rows of underthesea's 2025 table of administrative units (`ADDRESS_MAPPING`), read once per process."""
    try:
        with data_file(ADDRESS_MAPPING).open(encoding="utf-8") as f:
            rows = json.load(f)["ward_mapping"]
        return tuple(Ward(*(r[k] for k in Ward._fields)) for r in rows)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineError(f"underthesea's {ADDRESS_MAPPING} cannot be read ({exc}); reinstall underthesea") from None


def load() -> None:
    """Load the models now rather than on the first sentence (e.g. before timing or forking)."""
    _engine()


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences with underthesea's tokenizer (sentences come back stripped)."""
    return _underthesea().sent_tokenize(text)


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
    return _engine().word_tokenize(sentence)


def tag_words(words: list[str]) -> list[Tagged]:
    """POS, chunk and NER tags of words as `segment()` gives them: the tagging half of `tag()`."""
    if not words:
        return []
    engine = _engine()
    words = tuple(words)
    unknown = ("X",) * len(words)
    # The three models read the same word column: the shared cache featurizes it once per sentence.
    shared: dict = {}
    pos = tuple(engine.pos.tag(features.pos_features.rows((words, unknown), shared)))
    chunk = engine.chunk.tag(features.chunk_features.rows((words, pos, unknown), shared))
    ner = engine.ner.tag(features.ner_features.rows((words, pos, chunk, unknown), shared))
    return list(zip(words, pos, chunk, ner, strict=True))


def tag(sentence: str) -> list[Tagged]:
    """Words of one sentence with POS, chunk and NER tags, exactly as `underthesea.ner()` gives them."""
    if len(sentence) <= MAX_CHARS:
        return tag_words(segment(sentence))
    return [word for piece in _pieces(sentence) for word in tag_words(segment(piece))]


def tag_many(sentences: Iterable[str]) -> list[list[Tagged]]:
    """`tag()` for each sentence, in order."""
    return [tag(sentence) for sentence in sentences]
