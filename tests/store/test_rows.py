"""Rows of the store made from a JSON record and the record made again from them."""

from __future__ import annotations

import pytest

from dan_van.store import iter_records
from dan_van.store.database import Store

RECORD = {
    "source": "a.txt",
    "encoding": "utf-8",
    "metadata": {"title": "Tin", "n": 3},
    "sentences": 2,
    "words": 10,
    "figures": [
        {
            "value": 2**70,
            "unit": "đồng",
            "kind": "money",
            "per": None,
            "approx": True,
            "qualifier": "gần",
            "value_max": 12.5,
            "text": "x",
            "start": 0,
            "end": 1,
            "sentence": 0,
        },
        {
            "value": 3,
            "unit": "hội nghị",
            "kind": "conference",
            "per": None,
            "approx": False,
            "qualifier": None,
            "level": "district",
            "year": 2020,
            "place": {"written": "huyện A", "level": "district", "province": "B", "province_today": None},
            "total": True,
            "text": "3 hội nghị",
            "start": 5,
            "end": 15,
            "sentence": 1,
        },
    ],
    "donations": [
        {
            "donor": "X",
            "recipient": None,
            "value_vnd": 5000000,
            "amounts": [
                {
                    "value": 5000000,
                    "unit": "đồng",
                    "kind": "money",
                    "per": None,
                    "text": "5 triệu đồng",
                    "start": 3,
                    "end": 4,
                }
            ],
            "verb": "tặng",
            "year": None,
            "date": "--06-04",
            "place": None,
            "sentence": 1,
            "text": "t",
            "start": 3,
            "end": 4,
        },
    ],
    "entities": [
        {
            "text": "A",
            "type": "PER",
            "canonical": "A",
            "start": 0,
            "end": 1,
            "sentence": 0,
            "title": "ông",
            "firm": True,
            "admin_level": None,
            "province_today": None,
        },
        {
            "text": "B",
            "type": "LOC",
            "canonical": "B",
            "start": 2,
            "end": 3,
            "sentence": 0,
            "firm": False,
            "admin_level": "province",
            "province_today": "C",
        },
    ],
    "warnings": ["w"],
}


@pytest.mark.parametrize("record", [RECORD, {"source": "b.txt", "error": "b.txt: cannot be read"}], ids=["ok", "error"])
def test_a_record_comes_back_from_the_store_key_for_key(tmp_path, record):
    store = Store(tmp_path / "s.db")
    store.add_fingerprint("f", {})
    entry = {"path": record["source"], "origin": record["source"], "ordinal": 0, "sha256": "0" * 64, "size": 1}
    store.put(entry, record, "f")
    store.put(entry, record, "f")  # replaced, not duplicated
    store.close()
    [back] = list(iter_records(tmp_path / "s.db"))
    assert back == record
    assert list(back) == list(record)
    assert [list(f) for f in back.get("figures", [])] == [list(f) for f in record.get("figures", [])]


def test_shard_stores_merge_into_the_store_of_one_run(tmp_path):
    from dan_van.store.merge import merge

    whole, shards = Store(tmp_path / "whole.db"), [Store(tmp_path / f"s{k}.db") for k in (1, 2)]
    for number in range(6):
        record = {**RECORD, "source": f"{number}.txt"}
        entry = {"path": record["source"], "origin": record["source"], "ordinal": 0, "sha256": "0", "size": 1}
        for store in (whole, shards[number % 2]):
            store.add_fingerprint("f", {})
            store.put(entry, record, "f")
    for store in (whole, *shards):
        store.close()
    assert merge(tmp_path / "merged.db", [tmp_path / "s1.db", tmp_path / "s2.db", tmp_path / "s1.db"]) == 9
    assert list(iter_records(tmp_path / "merged.db")) == list(iter_records(tmp_path / "whole.db"))
