"""The one module that talks to underthesea: sentence splitting and tagging (words, POS, chunks, NER)."""

from __future__ import annotations

from functools import cache

Tagged = tuple[str, str, str, str]


@cache
def _underthesea():
    import underthesea

    return underthesea


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences with underthesea's tokenizer (sentences come back stripped)."""
    return _underthesea().sent_tokenize(text)


def tag(sentence: str) -> list[Tagged]:
    """Words of one sentence with POS, chunk and NER tags, exactly as `underthesea.ner()` gives them."""
    if not sentence.strip():
        return []
    return [tuple(t) for t in _underthesea().ner(sentence)]
