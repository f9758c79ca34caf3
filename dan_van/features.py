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

Column = Sequence[str]
Features = list[list[str]]

_TEMPLATE = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


def _lower(word: str) -> str:
    return word.lower()


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
    "lower": _lower,
    "istitle": _istitle,
    "isallcap": _isallcap,
    "isdigit": _isdigit,
}


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

    def values(self, column: Column) -> list[str]:
        """The value at every start j of this template's window in a column: func(join(column[j:j+w]))."""
        width = 1 if self.index2 is None else self.index2 - self.index1 + 1
        if width == 1:
            values = list(column)
        elif width > 1:
            values = [" ".join(column[j : j + width]) for j in range(len(column) - width + 1)]
        else:
            # A reversed window (index2 < index1) joins no token.
            values = [""] * len(column)
        return values if self.function is None else list(map(self.function, values))

    def apply(self, column: Column, values: list[str] | None = None) -> list[str]:
        """This template's feature for every token of a sentence, given the column it reads.

        `values` is `self.values(column)`, which templates of the same window width and function share.
        """
        if values is None:
            values = self.values(column)
        n = len(column)
        prefix = f"{self.text}="
        a, b = self.index1, self.index2
        # Token i gets BOS when i + a < 0, else EOS when its window [i + a, i + b] reaches past the end.
        last = a if b is None else max(a, b)
        start = min(max(-a, 0), n)
        stop = max(min(n - last, n), start)
        middle = list(map(prefix.__add__, values[start + a : stop + a])) if stop > start else []
        return [f"{prefix}BOS"] * start + middle + [f"{prefix}EOS"] * (n - stop)


class Featurizer:
    """Turns the columns of a sentence into one feature list per token for a fixed list of templates."""

    __slots__ = ("templates",)

    def __init__(self, templates: Sequence[str]):
        self.templates = tuple(Template.parse(text) for text in templates)

    def __call__(self, columns: Sequence[Column], cache: dict | None = None) -> Features:
        """Features of every token; `columns[c][i]` is column c of token i (all columns equally long).

        `cache` may be shared by featurizers run on the same sentence: what is computed from a column is
        kept under the identity of that column, so columns the models share (the words) are featurized
        once. Keep the columns alive as long as the cache.
        """
        n = len(columns[0]) if columns else 0
        if n == 0:
            return []
        if cache is None:
            cache = {}
        per_template = []
        for template in self.templates:
            column = columns[template.column]
            key = (template.text, id(column))
            features = cache.get(key)
            if features is None:
                width = None if template.index2 is None else template.index2 - template.index1
                values_key = (width, template.function, id(column))
                values = cache.get(values_key)
                if values is None:
                    values = cache[values_key] = template.values(column)
                features = cache[key] = template.apply(column, values)
            per_template.append(features)
        return [list(token) for token in zip(*per_template, strict=True)]


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
