"""Sentences, words and tags: underthesea behind one module (engine), aligned to input offsets (annotate)."""
