"""The native engine: underthesea's word segmentation and POS/chunk/NER tags, byte-identical, one C call each.

The four CRFsuite models that underthesea ships are read by the `_crfcore` extension, which builds each
feature string in reused buffers, looks it up among the model's attributes (skipping the many it does not
know) and runs Viterbi, for a whole sentence in one call. underthesea itself is never imported (see
underthesea_files): its model files, templates, dictionary and token map are read from the installed
package; the regex tokenisation and token normalisation run in Python (`re` is C).
"""

from __future__ import annotations

import hashlib
from functools import cache

from ..cache import fetch, file_digest, keep
from ..errors import EngineError
from . import underthesea_files as _resources
from . import unicode16

try:
    from . import _crfcore  # type: ignore[attr-defined]
except ImportError as error:  # not built: the pure-Python engine runs instead
    _crfcore = None
    IMPORT_ERROR: ImportError | None = error
else:
    IMPORT_ERROR = None

AVAILABLE = _crfcore is not None
ENGINE = "native" if AVAILABLE else "unavailable"


class ModelError(EngineError):
    """A model file could not be read."""


def _read_model(file, templates, mode, dictionary=None):
    try:
        with open(file, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ModelError(f"cannot read CRF model {file}: {error.strerror or error}") from error
    try:
        return _crfcore.Model(data, templates, mode, dictionary)
    except ValueError as error:
        raise ModelError(f"cannot load CRF model {file}: {error}") from error


def load_model(file, templates, mode, dictionary=None):
    """A _crfcore.Model from a CRFsuite file; templates as strings in underthesea's syntax."""
    if _crfcore is None:
        raise ModelError(f"the native core is not built: {IMPORT_ERROR}")
    return _read_model(str(file), [_resources.parse_template(t) for t in templates], mode, dictionary)


class _Engine:
    __slots__ = ("ws", "chain")

    def __init__(self, ws, chain):
        self.ws = ws  # the segmentation model (underthesea_core.CRFFeaturizer semantics)
        self.chain = chain  # POS, chunk, NER (tagged_feature.py semantics)


@cache
def _engine() -> _Engine:
    if _crfcore is None:
        raise ModelError(f"the native core is not built: {IMPORT_ERROR}")
    _resources.check_versions()
    _crfcore.set_case_overrides(unicode16.LOWER, unicode16.TITLE)
    ws = compiled_model("ws", _resources.ws_features(), "rust", _resources.WS_DICTIONARY)
    chain = tuple(compiled_model(name, _resources.tagger_templates(name), "python") for name in ("pos", "chunk", "ner"))
    _resources.patterns()
    _resources.tn_rules()
    return _Engine(ws, chain)


def compiled_model(name: str, templates, mode: str, dictionary: str | None = None):
    """underthesea's model `name` (with its dictionary file for is_in_dict), read back from the cache as
    the tables an earlier load built when the files and templates are the same, else loaded and kept."""
    file = _resources.model_path(name)
    files = (file, _resources.path(dictionary)) if dictionary else (file,)
    parsed = [_resources.parse_template(t) for t in templates]
    kind = f"model-{name}"
    try:
        digest = file_digest(*files) + hashlib.sha256(repr((parsed, mode)).encode()).hexdigest()
    except OSError:
        digest = None
    blob = fetch(kind, digest) if digest else None
    if blob is not None:
        try:
            return _crfcore.Model(blob, parsed, mode)
        except ValueError:
            pass  # damaged, or of another build: load the file
    words = _resources.ws_dictionary() if dictionary else None
    model = _read_model(str(file), parsed, mode, words)
    if digest:
        keep(kind, digest, model.dumps())
    return model


def load() -> None:
    """Load the four models, the dictionary and the tokenizer now (once per process)."""
    _engine()


def tokenize(sentence: str) -> list[str]:
    """underthesea's regex_tokenize.tokenize(sentence): the syllables and symbols word_tokenize tags."""
    return _resources.tokenize(sentence)


def segment(sentence: str) -> list[str]:
    """Words of one sentence, syllables joined by spaces: underthesea.word_tokenize(sentence)."""
    engine = _engine()
    tokens = _resources.tokenize(sentence)
    if not tokens:
        return []
    return _crfcore.segment(engine.ws, tokens)


def segment_tags(sentence: str) -> list[str]:
    """The B-W/I-W tag of every token of tokenize(sentence)."""
    return _crfcore.segment_tags(_engine().ws, _resources.tokenize(sentence))


def tag_words(words) -> list[tuple[str, str, str, str]]:
    """(word, POS, chunk, NER) for words as segment() gives them: underthesea.ner() of their sentence."""
    return _crfcore.tag_chain(_engine().chain, words)


def tag(sentence: str) -> list[tuple[str, str, str, str]]:
    """underthesea.ner(sentence)"""
    return tag_words(segment(sentence))


def sent_tokenize(text: str) -> list[str]:
    """underthesea.sent_tokenize(text)"""
    return _resources.sent_tokenize(text)
