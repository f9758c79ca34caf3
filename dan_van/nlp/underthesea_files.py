"""underthesea's data and tokenizer behaviour, read from the installed package WITHOUT `import underthesea`.

`import underthesea` runs underthesea/__init__.py, which eagerly imports classification, requests, joblib,
lang_detect and loads dictionaries danvan never uses. Here the package directory is located with
importlib.util.find_spec (which does not execute it), data files are read with `pickle` (joblib's format is
a plain pickle when it holds no numpy arrays; joblib is the fallback), and the two source files whose
behaviour is needed are executed as private, unregistered modules:

- pipeline/word_tokenize/regex_tokenize.py, for its compiled `patterns` regex (its `from underthesea...`
  imports are answered by this module's functions, below, whose logic is underthesea's);
- pipeline/sent_tokenize/__init__.py, for `sent_tokenize`.

Nothing named `underthesea` is ever put in sys.modules, so a later `import underthesea` gets the real
package. Data tables (token map, templates, dictionary) are read from the package's files at run time.

Adapted from underthesea 9.5.0 (Apache-2.0): see NOTICE. This module and nlp/engine.py are the only places
that know underthesea's files.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import pickle
import re
import sys
import types
import unicodedata
from functools import cache
from pathlib import Path

from ..errors import EngineError

SUPPORTED = {"underthesea": "9.5.0", "underthesea_core": "3.3.2"}

WS_MODEL_DIR = "pipeline/word_tokenize/models/ws_crf_vlsp2013_20230727"
WS_DICTIONARY = f"{WS_MODEL_DIR}/dictionary.bin"
MODEL_FILES = {
    "ws": f"{WS_MODEL_DIR}/models.bin",
    "pos": "pipeline/pos_tag/pos_crf_2017_10_11.bin",
    "chunk": "pipeline/chunking/chunk_crf_2017_10_12.bin",
    "ner": "pipeline/ner/ner_crf_2017_10_12.bin",
}
# where each tagging model's template list is written (the `template = [...]` of its predictor)
TEMPLATE_SOURCES = {
    "pos": "pipeline/pos_tag/model_crf.py",
    "chunk": "pipeline/chunking/model_crf.py",
    "ner": "pipeline/ner/model_crf.py",
}
TN_RULES = "pipeline/text_normalize/tn_rules_2023_07_14.bin"

# underthesea's template syntax (tagged_feature.py and underthesea_core's featurizer use the same regex)
TEMPLATE_RE = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


class ResourceError(EngineError):
    """underthesea's files are missing or not in the expected format."""


@cache
def package_dir() -> Path:
    """The installed underthesea package directory, found without importing it."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError("underthesea is not installed. Fix: pip install underthesea==9.5.0 underthesea_core==3.3.2")
    return Path(next(iter(spec.submodule_search_locations)))


def path(relative: str) -> Path:
    """A file of the installed underthesea package (its data, its models), by its path inside the package."""
    return package_dir() / relative


def model_path(name: str) -> Path:
    return path(MODEL_FILES[name])


def load_pickle(file: Path):
    """A joblib-written file: plain `pickle` when it holds only Python objects, joblib otherwise."""
    try:
        with open(file, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        raise
    except Exception:
        import joblib  # only for files that need joblib's unpickler (numpy arrays)

        return joblib.load(file)


@cache
def ws_features() -> tuple[str, ...]:
    """The segmentation model's feature templates (features.bin)."""
    features = load_pickle(path(f"{WS_MODEL_DIR}/features.bin"))
    if not isinstance(features, list) or not all(isinstance(item, str) for item in features):
        raise ResourceError("features.bin is not a list of templates")
    return tuple(features)


@cache
def ws_dictionary() -> frozenset[str]:
    """The segmentation model's dictionary (dictionary.bin)."""
    dictionary = load_pickle(path(WS_DICTIONARY))
    if not isinstance(dictionary, (set, frozenset)):
        raise ResourceError("dictionary.bin is not a set")
    return frozenset(dictionary)


@cache
def tn_rules() -> tuple[dict, dict]:
    """(character_map, token_map) of underthesea's text normalizer."""
    data = load_pickle(path(TN_RULES))
    return data["character"], data["token"]


@cache
def tagger_templates(name: str) -> tuple[str, ...]:
    """The `template = [...]` list of pipeline/<name>/model_crf.py, read from its source (not executed)."""
    file = path(TEMPLATE_SOURCES[name])
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "template" for t in node.targets):
            templates = ast.literal_eval(node.value)
            if isinstance(templates, list) and all(isinstance(item, str) for item in templates):
                return tuple(templates)
    raise ResourceError(f"no `template = [...]` list in {file}")


def parse_template(text: str) -> tuple[str, int, int, int | None, str | None]:
    """(text, column, index1, index2 or None, function or None), as underthesea's featurizers read it."""
    matched = TEMPLATE_RE.match(text)
    if matched is None:
        raise ResourceError(f"not a feature template: {text!r}")
    column = matched.group("column")
    index2 = matched.group("index2")
    return (
        text,
        int(column) if column else 0,
        int(matched.group("index1")),
        int(index2) if index2 else None,
        matched.group("function"),
    )


# --- text normalisation: underthesea's pipeline/text_normalize logic, unchanged -----------------------


def _character_map() -> dict:
    return tn_rules()[0]


def normalize_characters_in_text(text):
    """character_normalize.normalize_characters_in_text: NFC, then the character map."""
    if type(text) is not str:  # utf8_normalize
        text = text.decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    for character_non_standard, character_standard in _character_map().items():
        text = text.replace(character_non_standard, character_standard)
    return text


def token_normalize(token, use_character_normalize=True):
    """token_normalize.token_normalize"""
    if len(token) > 6:
        return token
    if use_character_normalize:
        token = normalize_characters_in_text(token)
    token_map = tn_rules()[1]
    if token in token_map:
        return token_map[token]
    return token


class _ShortTokens(dict):
    """token -> token_normalize(token) for tokens of at most 6 characters (a pure function: cached)."""

    __slots__ = ()

    def __missing__(self, token):
        if len(self) >= 200_000:
            self.clear()
        value = self[token] = token_normalize(token)
        return value


_SHORT = _ShortTokens()


# --- private execution of underthesea source files --------------------------------------------------


def _guarded_builtins(answers: dict[str, object]) -> dict:
    """builtins whose __import__ answers `underthesea...` imports from `answers` and refuses others."""
    real_import = builtins.__import__

    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and (name == "underthesea" or name.startswith("underthesea.")):
            if name in answers:
                return answers[name]
            raise ImportError(f"{name} is not available here (underthesea is not imported by danvan)")
        if level:
            raise ImportError("relative imports are not available here")
        return real_import(name, globals, locals, fromlist, level)

    namespace = dict(vars(builtins))
    namespace["__import__"] = __import__
    return namespace


def _exec_source(relative: str, module_name: str, answers: dict[str, object]) -> types.ModuleType:
    file = path(relative)
    source = file.read_bytes()
    module = types.ModuleType(module_name)
    module.__file__ = str(file)
    module.__dict__["__builtins__"] = _guarded_builtins(answers)
    exec(compile(source, str(file), "exec"), module.__dict__)
    return module


@cache
def regex_tokenize_module() -> types.ModuleType:
    """underthesea's regex_tokenize.py, executed privately for its `patterns` regex."""
    text_normalize = types.SimpleNamespace(token_normalize=token_normalize)
    character_normalize = types.SimpleNamespace(normalize_characters_in_text=normalize_characters_in_text)
    answers = {
        # `from underthesea.pipeline.text_normalize import token_normalize`
        "underthesea.pipeline.text_normalize": text_normalize,
        # `from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text`
        "underthesea.pipeline.text_normalize.character_normalize": character_normalize,
    }
    return _exec_source("pipeline/word_tokenize/regex_tokenize.py", "_danvan_regex_tokenize", answers)


@cache
def patterns() -> re.Pattern:
    return regex_tokenize_module().patterns


# A run of letters (str.isalpha) between whitespace is one `word` match of underthesea's regex: every
# alternative before `word` needs a character that is not a letter ('.', '-', ':', '@', a digit...),
# except the abbreviations "Th.S"/"Th.s" (whose unescaped '.' matches any character, even a space) and
# the punctuation 'ʺ' (a modifier letter). A sentence holding neither takes the fast path below, where
# only the other runs go through the regex (searched in the whole text, so lookarounds see the same
# context). check.py and test_native.py compare it with regex_tokenize.tokenize.
_SLOW_PATH = re.compile(r"Th.[Ss]|\u02ba", re.DOTALL)


def _match_tokens(text: str) -> list[str]:
    """[m.group() for m in patterns.finditer(text)]"""
    pattern = patterns()
    if _SLOW_PATH.search(text) is not None:
        return list(map(re.Match.group, pattern.finditer(text)))
    search = pattern.search
    find = text.find
    out = []
    append = out.append
    pos = 0
    for chunk in text.split():
        if chunk.isalpha():
            append(chunk)
            continue
        start = find(chunk, pos)
        end = start + len(chunk)
        while start < end:
            matched = search(text, start)
            if matched is None or matched.start() != start or matched.end() > end:  # never seen; be safe
                return list(map(re.Match.group, pattern.finditer(text)))
            append(matched.group())
            start = matched.end()
        pos = end
    return out


def tokenize(text: str) -> list[str]:
    """regex_tokenize.tokenize(text) with its defaults (character and token normalisation, no fixed words).

    Every alternative of the regex is one named group around the whole match, so the first non-None value
    of `m.groupdict()` (underthesea's extract_match) is `m.group()`.
    """
    text = normalize_characters_in_text(text)
    short = _SHORT
    return [token if len(token) > 6 else short[token] for token in _match_tokens(text)]


def tokenize_regex_only(text: str) -> list[str]:
    """tokenize() without the fast path: every token from the regex (for comparisons)."""
    text = normalize_characters_in_text(text)
    return [token_normalize(token) for token in map(re.Match.group, patterns().finditer(text))]


@cache
def sent_tokenize_module() -> types.ModuleType:
    """underthesea's pipeline/sent_tokenize/__init__.py, executed privately (it imports only the stdlib)."""
    return _exec_source("pipeline/sent_tokenize/__init__.py", "_danvan_sent_tokenize", {})


def sent_tokenize(text: str) -> list[str]:
    """underthesea.sent_tokenize(text)"""
    return sent_tokenize_module().sent_tokenize(text)


def _installed(distribution: str) -> str | None:
    """The installed version of a distribution: its .dist-info folder beside underthesea (cheap), else what
    importlib.metadata says."""
    version = SUPPORTED.get(distribution)
    if version and (package_dir().parent / f"{distribution}-{version}.dist-info").is_dir():
        return version
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@cache
def _checked() -> None:
    found = {name: _installed(name) for name in SUPPORTED}
    if found != SUPPORTED:
        have = ", ".join(f"{name} {version or 'not installed'}" for name, version in found.items())
        pins = " ".join(f"{name}=={version}" for name, version in SUPPORTED.items())
        raise ResourceError(
            f"the tagging engine supports {' with '.join(f'{n} {v}' for n, v in SUPPORTED.items())} only (their "
            f"feature templates and models are the ones it was checked against), but found {have}. "
            f"Fix: pip install {pins}"
        )


def check_versions() -> None:
    """Raise ResourceError unless the installed underthesea and underthesea_core are the checked versions."""
    _checked()


def registered_stub() -> bool:
    """Whether something that is not the real package is registered as underthesea (it never should be)."""
    module = sys.modules.get("underthesea")
    return module is not None and not getattr(module, "__file__", None)
