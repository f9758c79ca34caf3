"""The results store (SQLite): `danvan analyze ... --db FILE`, incremental reruns, `danvan export`.

schema.py       the tables
rows.py         a document's JSON record as rows, and back
database.py     opening (WAL) and writing a store, a commit every few dozen documents
runs.py         incremental runs: skip unchanged documents, analyse the rest
reader.py       `iter_records`: the JSON records back from a store
export.py       JSON Lines, CSV and Parquet
fingerprint.py  what the results depend on besides the document's bytes
"""

from .reader import iter_records

__all__ = ["iter_records"]
