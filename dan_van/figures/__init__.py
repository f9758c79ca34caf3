"""Key figures: quantities (`quantities`, with their `units`), conferences among them (`conferences`) and
donations over them (`donations`); their words are folded once per Rules object (`lexicon`)."""

from .donations import donations
from .quantities import figures

__all__ = ["donations", "figures"]
