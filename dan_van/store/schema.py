"""The tables of a results store: one row per document, and its figures, donations, amounts and entities.

Every field of the JSON output has a column of the same name (a place's fields are `place_written`,
`place_level`, ...); `start` and `end` are offsets into the document as decoded. A document's `id` is a number
derived from its path, so that it is the same in every run, on every machine and in every shard, and the rows
of a run do not depend on the order in which its documents were finished.
"""

from __future__ import annotations

import hashlib

VERSION = 1

PLACE = "place_written TEXT, place_level TEXT, place_province TEXT, place_province_today TEXT"

TABLES = {
    "documents": """
        id INTEGER PRIMARY KEY,          -- from the path: the same in every run
        path TEXT NOT NULL UNIQUE,       -- the document's name: a.txt, news.jsonl#a1, big.txt:42
        origin TEXT NOT NULL,            -- the file it was read from
        ordinal INTEGER NOT NULL,        -- its record or line number there; 0 for a whole file
        sha256 TEXT,                     -- of its bytes (a record's text: as UTF-8); null when unreadable
        size INTEGER,                    -- bytes
        encoding TEXT,
        sentences INTEGER,
        words INTEGER,
        figure_count INTEGER,
        donation_count INTEGER,
        entity_count INTEGER,
        error TEXT,                      -- why it could not be read or analysed; null when it was
        warnings TEXT,                   -- JSON list, or null
        metadata TEXT,                   -- JSON object (title, date, url ...), or null
        fingerprint TEXT NOT NULL REFERENCES fingerprints (fingerprint)
    """,
    "figures": f"""
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,       -- its index in the document's figures
        value, value_max,                -- numbers (an integer past 2^63 is kept as text)
        unit TEXT, kind TEXT, per TEXT, approx INTEGER, qualifier TEXT,
        level TEXT, year INTEGER, total INTEGER, {PLACE},  -- conferences only
        text TEXT, start INTEGER, "end" INTEGER, sentence INTEGER,
        PRIMARY KEY (document_id, position)
    """,
    "donations": f"""
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        donor TEXT, recipient TEXT, value_vnd,
        verb TEXT, year INTEGER, date TEXT, {PLACE},
        sentence INTEGER, text TEXT, start INTEGER, "end" INTEGER,
        PRIMARY KEY (document_id, position)
    """,
    "amounts": """
        document_id INTEGER NOT NULL,
        donation INTEGER NOT NULL,       -- the donation's position
        position INTEGER NOT NULL,
        value, unit TEXT, kind TEXT, per TEXT, text TEXT, start INTEGER, "end" INTEGER,
        PRIMARY KEY (document_id, donation, position),
        FOREIGN KEY (document_id, donation) REFERENCES donations (document_id, position) ON DELETE CASCADE
    """,
    "entities": """
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT, type TEXT, canonical TEXT, start INTEGER, "end" INTEGER, sentence INTEGER, title TEXT,
        firm INTEGER, admin_level TEXT, province_today TEXT,  -- admin_level, province_today: places only
        PRIMARY KEY (document_id, position)
    """,
    "fingerprints": """
        fingerprint TEXT PRIMARY KEY,    -- sha256 of the fields below
        danvan TEXT, underthesea TEXT, underthesea_core TEXT,
        rules TEXT,                      -- sha256 of the bytes of every rules and gazetteer file used
        encodings TEXT,                  -- sha256 of the packaged encodings data
        encoding TEXT                    -- --encoding, or null when detected
    """,
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS documents_order ON documents (origin, ordinal, path)",
    "CREATE INDEX IF NOT EXISTS figures_kind ON figures (kind, level, year)",
    "CREATE INDEX IF NOT EXISTS donations_donor ON donations (donor)",
    "CREATE INDEX IF NOT EXISTS entities_canonical ON entities (type, canonical)",
)

# The children of a document, in the order their rows are written and read.
CHILDREN = ("figures", "donations", "amounts", "entities")


def statements() -> list[str]:
    """The statements that create a store's tables, fingerprints first (documents refer to them)."""
    order = ("fingerprints", "documents", *CHILDREN)
    return [f"CREATE TABLE IF NOT EXISTS {name} ({TABLES[name]})" for name in order] + list(INDEXES)


def document_id(path: str) -> int:
    """A document's id: the first 63 bits of the sha256 of its path."""
    return int.from_bytes(hashlib.sha256(path.encode("utf-8", "surrogatepass")).digest()[:8], "big") >> 1
