"""danvan: analyse Vietnamese news articles for sentences, words, entities and key figures.

Public API: `analyze`, `analyze_many`, `load_rules` and the data types of `dan_van.models`. Importing the
package is cheap: the pipeline (and underthesea behind it) loads on first use.
"""

from .models import Analysis, Donation, Entity, Figure, Sentence, Source, Token

__version__ = "0.1.0"
__all__ = [
    "Analysis",
    "Donation",
    "Entity",
    "Figure",
    "Sentence",
    "Source",
    "Token",
    "analyze",
    "analyze_many",
    "load_rules",
]


def __getattr__(name: str):
    if name in ("analyze", "analyze_many"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "load_rules":
        from .rules import load_rules

        return load_rules
    raise AttributeError(f"module 'dan_van' has no attribute {name!r}")
