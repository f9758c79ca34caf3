"""Text: Vietnamese orthography (vietnamese) and cleaning with a map back to input offsets (normalize)."""
