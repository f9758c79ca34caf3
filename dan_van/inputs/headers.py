"""Header lines: the `# key = value` lines that open a file of some corpora (CP_Vietnamese-UNC) are its metadata.

    # doc_id = news_business_001
    # url = https://...
    # date = 20201001

The lines that open a text, each of that form with a key of `header_keys` (text.yaml), become the document's
metadata; they are blanked in the text (every character but the line break made a space), so that they are not
analysed and every offset found after them still indexes the input as decoded.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..language.rules import Rules
from ..models import Source

_HEADER = re.compile(r"[ \t]*#[ \t]*([^\s=]+)[ \t]*=[ \t]*(.*?)[ \t\r]*")


def split_headers(text: str, keys: frozenset[str]) -> tuple[dict[str, str], int]:
    """The metadata of the header lines that open `text`, and where the text after them starts."""
    found: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        match = _HEADER.fullmatch(text, pos, end)
        if not match or match[1].lower() not in keys or match[1].lower() in found:
            break
        found[match[1].lower()] = match[2]
        pos = end + 1
    return found, min(pos, len(text))


def read_headers(source: Source, rules: Rules) -> Source:
    """`source` with its header lines blanked and their keys and values added to its metadata (the record's own
    fields win over a header of the same name)."""
    if not source.text.startswith(("#", " ", "\t")):
        return source
    found, body = split_headers(source.text, frozenset(k.lower() for k in rules.words("header_keys")))
    if not found:
        return source
    blanked = re.sub(r"[^\n]", " ", source.text[:body]) + source.text[body:]
    own = dict(source.metadata)
    metadata = {**{k: v for k, v in found.items() if k not in own}, **own}
    return replace(source, text=blanked, metadata=tuple(metadata.items()))
