"""Key figures: quantities (`quantities`, with their `units`), conferences among them (`conferences`),
donations over them (`donations`) and where meetings were held and gifts received (`places`); their words are
folded once per Rules object (`lexicon`)."""

from .donations import donations
from .places import placed
from .quantities import figures

__all__ = ["donations", "figures", "placed"]
