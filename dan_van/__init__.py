"""danvan: analyse Vietnamese news articles for sentences, words, entities and key figures."""

__version__ = "0.1.0"
