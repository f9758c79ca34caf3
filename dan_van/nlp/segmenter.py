"""Word segmentation in pure Python, for where the native core cannot be built: the same words as underthesea.

`SegFeaturizer` writes, column-wise, exactly the features of underthesea_core's
`CRFFeaturizer(features, dictionary).process([[[t] for t in tokens]])[0]` (byte for byte, same order),
several times faster than underthesea's per-token path; `segment()` tags them with underthesea_core's
`CRFTagger` (through the engine) like `underthesea.word_tokenize`. The POS, chunk and NER features of the
pure-Python engine are crf_features'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from . import underthesea_files as _resources
from . import unicode16

BOS, EOS = "BOS", "EOS"
TRUE, FALSE = "True", "False"

# Rust (Unicode 16) case data where this Python's differs; a sentence without these characters (all
# real text) takes the fast path
_OVERRIDES = re.compile("[" + "".join(re.escape(c) for c in sorted(set(unicode16.LOWER) | set(unicode16.TITLE))) + "]")
_LOWER_TABLE = str.maketrans(unicode16.LOWER)
_I32 = re.compile(r"[+-]?[0-9]+")


class _RustTitle(dict):
    """first character -> Rust's `c == c.to_uppercase()`"""

    __slots__ = ()

    def __missing__(self, char):
        value = self[char] = unicode16.TITLE.get(char, char.upper() == char)
        return value


_RUST_TITLE = _RustTitle()


def _rust_istitle(token: str) -> bool:
    """featurizers.rs: the parts in order, stopping at the first that is not a title; an empty part
    reached before that makes underthesea_core panic"""
    if " " not in token:
        if not token:
            raise ValueError("an empty token: underthesea_core's featurizer panics on it")
        return _RUST_TITLE[token[0]]
    for part in token.split(" "):
        if not part:
            raise ValueError(f"token {token!r} has an empty part: underthesea_core's featurizer panics on it")
        if not _RUST_TITLE[part[0]]:
            return False
    return True


def _rust_isdigit(token: str) -> bool:
    """Rust's `token.parse::<i32>().is_ok()`"""
    return _I32.fullmatch(token) is not None and -2147483648 <= int(token) <= 2147483647


class _Features(dict):
    """value -> prefix + value, kept for the few values of a tag or flag column (bounded)"""

    __slots__ = ("prefix",)

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def __missing__(self, value: str) -> str:
        if len(self) >= 4096:
            self.clear()
        feature = self[value] = self.prefix + value
        return feature


class _Step(NamedTuple):
    column: int
    start: int  # index in the padded values of the first token's value
    width: int
    function: str | None
    prefix: str
    constants: dict  # value -> feature string, for flag values, BOS/EOS and tag columns
    cached: bool  # features from `constants` (a column of few distinct values) rather than built anew


class _ColumnFeaturizer:
    """Shared machinery: a template is computed for all tokens at once from a padded list of values."""

    FUNCTIONS: frozenset[str] = frozenset()

    def __init__(self, templates: Sequence[str]):
        self.templates = tuple(templates)
        parsed = [_resources.parse_template(text) for text in self.templates]
        self._margin = (
            max((max(abs(i1), abs(i2 if i2 is not None else i1)) for _, _, i1, i2, _ in parsed), default=0) + 1
        )
        steps = []
        for text, column, index1, index2, function in parsed:
            width = 1 if index2 is None else index2 - index1 + 1
            if width < 1:
                raise ValueError(f"template {text!r}: reversed windows are not supported")
            if function is not None and function not in self.FUNCTIONS:
                function = self._unknown_function(text, function)
            prefix = f"{text}="
            constants = _Features(prefix)
            cached = column != 0 or function not in (None, "lower")  # tags and flags have few values
            steps.append(_Step(column, self._margin + index1, width, function, prefix, constants, cached))
        self._steps = tuple(steps)

    def _unknown_function(self, text, function):
        raise ValueError(f"template {text!r}: unknown function {function!r}")

    def _columns(self, columns: Sequence[Sequence[str]], shared: dict | None = None) -> list[list[str]]:
        """One list of feature strings per template.

        `shared` may be passed to featurizers run on the same sentence: the padded values of a column are
        kept under the identity of the column object, so a column the models share (the words) is
        processed once. Keep the columns alive as long as the dict.
        """
        n = len(columns[0]) if columns else 0
        if n == 0:
            return []
        margin = self._margin
        values_cache: dict = {} if shared is None else shared
        per_template = []
        for column, start, width, function, prefix, constants, cached in self._steps:
            key = (id(columns[column]), width, function, margin)
            padded = values_cache.get(key)
            if padded is None:
                values = self._values(columns, column, width, function, values_cache)
                padded = values_cache[key] = [BOS] * margin + values + [EOS] * (margin + width)
            window = padded[start : start + n]
            if cached:
                per_template.append(list(map(constants.__getitem__, window)))
            else:
                per_template.append([prefix + value for value in window])
        return per_template

    def rows(self, columns: Sequence[Sequence[str]], shared: dict | None = None) -> list[tuple[str, ...]]:
        """The features of every token, as tuples (which CRFTagger.tag reads)."""
        return list(zip(*self._columns(columns, shared), strict=True))

    def lists(self, columns: Sequence[Sequence[str]]) -> list[list[str]]:
        """The features of every token, as lists (the shape of CRFFeaturizer.process)."""
        return list(map(list, zip(*self._columns(columns), strict=True)))

    @staticmethod
    def _join(values: list[str], width: int) -> list[str]:
        if width == 1:
            return values
        if width == 2:
            return [a + " " + b for a, b in zip(values, values[1:], strict=False)]
        return [" ".join(values[j : j + width]) for j in range(len(values) - width + 1)]


class SegFeaturizer(_ColumnFeaturizer):
    """underthesea_core.CRFFeaturizer(templates, dictionary), for one column of tokens."""

    FUNCTIONS = frozenset({"lower", "isdigit", "istitle", "is_in_dict"})

    def __init__(self, templates: Sequence[str], dictionary):
        super().__init__(templates)
        self.dictionary = dictionary
        for step in self._steps:
            if step.column != 0:
                raise ValueError("the segmentation featurizer reads one column")

    def _unknown_function(self, text, function):
        return None  # underthesea_core leaves the text unchanged for a function it does not know

    def _values(self, columns, column, width, function, cache):
        tokens = columns[0]
        if function is None:
            return self._join(list(tokens), width)
        if function == "lower" or function == "is_in_dict":
            lows = cache.get("lower")
            if lows is None:
                lows = cache["lower"] = self._lower(tokens)
            windows = self._join(lows, width)
            if function == "lower":
                return windows
            dictionary = self.dictionary
            return [TRUE if window in dictionary else FALSE for window in windows]
        if function == "istitle":
            flags = cache.get("istitle")
            if flags is None:
                flags = cache["istitle"] = list(map(_rust_istitle, tokens))
            if width == 1:
                return [TRUE if flag else FALSE for flag in flags]
            return [TRUE if all(flags[j : j + width]) else FALSE for j in range(len(flags) - width + 1)]
        if function == "isdigit":
            if width > 1:  # "1 2" does not parse
                return [FALSE] * max(len(tokens) - width + 1, 0)
            return [TRUE if _rust_isdigit(token) else FALSE for token in tokens]
        raise AssertionError(function)

    @staticmethod
    def _lower(tokens) -> list[str]:
        """Rust's to_lowercase: Python's lower, plus the characters Unicode 16 gave a case mapping"""
        lows = [token.lower() for token in tokens]
        if _OVERRIDES.search("".join(tokens)) is not None:
            lows = [low.translate(_LOWER_TABLE) for low in lows]
        return lows

    def process(self, tokens: Sequence[str]) -> list[list[str]]:
        """== CRFFeaturizer.process([[[token] for token in tokens]])[0]"""
        return self.lists([tokens])


class Segmenter(NamedTuple):
    """Word segmentation in pure Python: the featurizer and the model's tagger (a CRFTagger)."""

    featurizer: SegFeaturizer
    model: object

    def featurize(self, tokens: Sequence[str]) -> list[list[str]]:
        """The segmentation features of tokens, as underthesea_core's CRFFeaturizer.process gives them."""
        return self.featurizer.process(tokens)

    def segment(self, sentence: str) -> list[str]:
        """underthesea.word_tokenize(sentence)"""
        tokens = _resources.tokenize(sentence)
        if not tokens:
            return []
        tags = self.model.tag(self.featurizer.rows([tokens]))
        output: list[str] = []
        for index, (tag, token) in enumerate(zip(tags, tokens, strict=False)):  # as word_tokenize joins them
            if tag == "I-W" and index > 0:
                output[-1] = output[-1] + " " + token
            else:
                output.append(token)
        return output


def segmenter(model: object) -> Segmenter:
    """The segmenter for a loaded segmentation model (underthesea_core's CRFTagger of models.bin)."""
    _resources.check_versions()
    _resources.patterns()
    return Segmenter(SegFeaturizer(_resources.ws_features(), _resources.ws_dictionary()), model)
