"""CRF features for the POS, chunk and NER models, as underthesea's featurizer writes them, in linear time.

underthesea's `tagged_feature.py` rebuilds every column and re-parses the template for each token and
template, so a sentence of n words costs O(n^2). Here a template is parsed once and a sentence is
featurized one template at a time over all its tokens, so the cost is O(n) per template. The feature
strings are the same, byte for byte and in the same order, which keeps the models' tags unchanged.

A template reads `T[i]` (one token) or `T[i,j]` (tokens i..j joined by a space), relative to the current
token, from a column (`[c]`, default 0: the word) and optionally applies a function (`.lower`,
`.istitle`, ...). Out of the sentence it yields `BOS` (start before the first token) or `EOS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

Column = Sequence[str]
Features = list[list[str]]

_TEMPLATE = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


def _istitle(word: str) -> str:
    # Same outcome as underthesea's text_istitle: an empty word, or an empty syllable (double, leading
    # or trailing space) raises an IndexError there, which it turns into False.
    if not word:
        return "False"
    for syllable in word.split(" "):
        if not syllable or not syllable[0].istitle():
            return "False"
    return "True"


def _isallcap(word: str) -> str:
    return str(all(letter.istitle() for letter in word))


def _isdigit(word: str) -> str:
    return str(word.isdigit())


FUNCTIONS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "istitle": _istitle,
    "isallcap": _isallcap,
    "isdigit": _isdigit,
}


# Out of the sentence a window reads BOS or EOS instead of a value. A word spelled BOS gives the same
# feature string, so padding each column with these words gives exactly underthesea's features.
_BOS = "BOS"
_EOS = "EOS"

# Column 0 holds the words, the other columns hold tags. Tags and flags (the True/False of functions
# like istitle) have few distinct values, so the feature strings made from them are kept across
# sentences (clearing a full cache bounds memory). Word feature strings are made anew for each
# sentence: keeping them was measured to slow the tagger down, which reads fresh strings faster than
# ones scattered over a large cache.
WORDS = 0
_FLAGS = (_istitle, _isallcap, _isdigit)
FEATURE_CACHE_SIZE = 4096
CONSTANT_CACHE_LENGTH = 256


class _FeatureStrings(dict):
    """The feature string `prefix + value` of one template, for the values it has seen recently."""

    __slots__ = ("prefix",)

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def __missing__(self, value: str) -> str:
        if len(self) >= FEATURE_CACHE_SIZE:
            self.clear()
        feature = self[value] = self.prefix + value
        return feature


# Shared by every featurizer: the chunk and NER models have their tag templates in common.
_FEATURE_STRINGS: dict[str, _FeatureStrings] = {}
_CONSTANT_FEATURES: dict[tuple[str, tuple[str, int]], list[str]] = {}


@dataclass(frozen=True, slots=True)
class Template:
    """One parsed feature template, e.g. `T[-1,0][1]` or `T[0].lower`."""

    text: str
    index1: int
    index2: int | None
    column: int
    function: Callable[[str], str] | None

    @classmethod
    def parse(cls, text: str) -> Template:
        """Parse a template written in underthesea's syntax."""
        matched = _TEMPLATE.match(text)
        if matched is None:
            raise ValueError(f"not a feature template: {text!r}; expected e.g. 'T[-1,0][1].lower'")
        column = matched.group("column")
        index2 = matched.group("index2")
        name = matched.group("function")
        if name is not None and name not in FUNCTIONS:
            raise ValueError(f"unknown function {name!r} in template {text!r}; known: {sorted(FUNCTIONS)}")
        return cls(
            text=text,
            index1=int(matched.group("index1")),
            index2=int(index2) if index2 else None,
            column=int(column) if column else 0,
            function=FUNCTIONS[name] if name is not None else None,
        )

    @property
    def width(self) -> int:
        """How many tokens the window joins (0 or less for a reversed window, which joins none)."""
        return 1 if self.index2 is None else self.index2 - self.index1 + 1

    @property
    def reach(self) -> int:
        """How far from the current token the window goes, in tokens."""
        return max(abs(self.index1), abs(self.index1 if self.index2 is None else self.index2))

    def values(self, column: Column) -> list[str]:
        """The value at every start j of this template's window in a column: func(join(column[j:j+w]))."""
        width = self.width
        if width == 1:
            values = list(column)
        elif width > 1:
            values = [" ".join(column[j : j + width]) for j in range(len(column) - width + 1)]
        else:
            # A reversed window (index2 < index1) joins no token.
            values = [""] * len(column)
        return values if self.function is None else list(map(self.function, values))


class _Step(NamedTuple):
    """How a featurizer computes the features of one template."""

    text: str
    column: int
    start: int
    values_key: tuple
    template: Template
    strings: _FeatureStrings
    cached: bool


class Featurizer:
    """Turns the columns of a sentence into one feature list per token for a fixed list of templates."""

    __slots__ = ("templates", "_margin", "_steps")

    def __init__(self, templates: Sequence[str]):
        self.templates = tuple(Template.parse(text) for text in templates)
        self._margin = max((template.reach for template in self.templates), default=0)
        self._steps = tuple(
            _Step(
                text=template.text,
                column=template.column,
                start=self._margin + template.index1,
                values_key=(template.width, template.function),
                template=template,
                strings=_FEATURE_STRINGS.setdefault(template.text, _FeatureStrings(f"{template.text}=")),
                cached=template.column != WORDS or template.function in _FLAGS,
            )
            for template in self.templates
        )

    def __call__(self, columns: Sequence[Column], cache: dict | None = None) -> Features:
        """Features of every token; `columns[c][i]` is column c of token i (all columns equally long).

        `cache` may be shared by featurizers run on the same sentence: what is computed from a column is
        kept under the identity of that column, so columns the models share (the words) are featurized
        once. Keep the columns alive as long as the cache.
        """
        return [list(row) for row in self.rows(columns, cache)]

    def rows(self, columns: Sequence[Column], cache: dict | None = None) -> list[tuple[str, ...]]:
        """The features of `__call__` as one tuple per token, which `CRFTagger.tag` reads as well."""
        n = len(columns[0]) if columns else 0
        if n == 0:
            return []
        if cache is None:
            cache = {}
        margin = self._margin
        # A column holding one value throughout (the X of the labels still to predict) gives the same
        # features in every sentence of that length: they are kept across sentences, up to a length
        # that bounds their memory.
        if len(_CONSTANT_FEATURES) >= FEATURE_CACHE_SIZE:
            _CONSTANT_FEATURES.clear()
        cacheable = n <= CONSTANT_CACHE_LENGTH
        stores = [
            (_CONSTANT_FEATURES, (column[0], n)) if cacheable and column.count(column[0]) == n else (cache, id(column))
            for column in columns
        ]
        per_template = []
        for text, column_index, start, values_key, template, strings, cached in self._steps:
            column = columns[column_index]
            store, column_key = stores[column_index]
            key = (text, column_key)
            features = store.get(key)
            if features is None:
                # Token i reads the value of the window starting at i + index1 in the padded values.
                padded_key = (values_key, id(column), margin)
                padded = cache.get(padded_key)
                if padded is None:
                    padded = cache[padded_key] = [_BOS] * margin + template.values(column) + [_EOS] * margin
                window = padded[start : start + n]
                if cached:
                    features = list(map(strings.__getitem__, window))
                else:
                    prefix = strings.prefix
                    features = [prefix + value for value in window]
                store[key] = features
            per_template.append(features)
        return list(zip(*per_template, strict=True))


_WORD_TEMPLATES = (
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[0].istitle", "T[-1].istitle", "T[1].istitle",
)  # fmt: skip
_WORD_NGRAMS = (
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]",
)  # fmt: skip
_POS_NGRAMS = (
    "T[-2][1]", "T[-1][1]", "T[0][1]", "T[1][1]", "T[2][1]",
    "T[-2,-1][1]", "T[-1,0][1]", "T[0,1][1]", "T[1,2][1]",
)  # fmt: skip

# The templates of underthesea's CRF models (pipeline/{pos_tag,chunking,ner}/model_crf.py), in order.
POS_TEMPLATES = (
    *_WORD_TEMPLATES,
    *_WORD_NGRAMS,
    "T[-3][1]", "T[-2][1]", "T[-1][1]",
    "T[-3,-2][1]", "T[-2,-1][1]",
)  # fmt: skip
CHUNK_TEMPLATES = (*_WORD_TEMPLATES, *_WORD_NGRAMS, *_POS_NGRAMS, "T[-3][2]", "T[-2][2]", "T[-1][2]")
NER_TEMPLATES = (
    *_WORD_TEMPLATES,
    "T[-2].istitle", "T[2].istitle",
    *_WORD_NGRAMS,
    *_POS_NGRAMS,
    "T[-3][3]", "T[-2][3]", "T[-1][3]",
)  # fmt: skip

pos_features = Featurizer(POS_TEMPLATES)
chunk_features = Featurizer(CHUNK_TEMPLATES)
ner_features = Featurizer(NER_TEMPLATES)
