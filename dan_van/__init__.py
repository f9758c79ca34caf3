"""danvan: analyse Vietnamese news articles for sentences, words, entities and key figures.

Public API: `analyze`, `analyze_many`, `analyze_path`, `load_rules` and the data types of `dan_van.models`
(`Analysis.to_record()` gives the JSON object the command line writes). Importing the package is cheap:
the pipeline (and underthesea behind it) loads on first use.
"""

from .models import Analysis, Donation, Entity, EntityType, Figure, Kind, Level, Place, Sentence, Source, Token

__version__ = "0.1.0"
__all__ = [
    "Analysis",
    "Donation",
    "Entity",
    "EntityType",
    "Figure",
    "Kind",
    "Level",
    "Place",
    "Sentence",
    "Source",
    "Token",
    "analyze",
    "analyze_many",
    "analyze_path",
    "load_rules",
]


def __getattr__(name: str):
    # The pipeline imports the tagging engine's modules: load it when it is first asked for.
    if name in ("analyze", "analyze_many", "analyze_path"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "load_rules":
        from .language.load import load_rules

        return load_rules
    raise AttributeError(f"module 'dan_van' has no attribute {name!r}")
