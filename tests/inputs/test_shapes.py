"""Input shapes beyond one file per article: header lines, lists of files, records, lines, shards."""

from __future__ import annotations

import json
import sqlite3
import tracemalloc

import pytest
from click.testing import CliRunner

from dan_van.cli import main
from dan_van.corpus import in_shard, parse_shard
from dan_van.inputs import lines, records
from dan_van.inputs.documents import documents
from dan_van.inputs.entries import Shape
from dan_van.inputs.filelist import file_names
from dan_van.inputs.headers import read_headers
from dan_van.language.load import load_rules, packaged_rules
from dan_van.models import Source
from dan_van.store import iter_records
from dan_van.store.fingerprint import RuleFiles

HEADED = "# doc_id = d1\n# url = https://example.vn/a\n# date = 20201001\nTỉnh tổ chức 2 hội nghị.\n"
GIFT = "Đoàn thanh niên quyên góp được 45 triệu đồng giúp đồng bào miền Trung."


def _run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_header_lines_become_metadata_and_offsets_stay_those_of_the_file():
    source = read_headers(Source("a.txt", HEADED), packaged_rules())
    assert dict(source.metadata) == {"doc_id": "d1", "url": "https://example.vn/a", "date": "20201001"}
    assert len(source.text) == len(HEADED)
    assert source.text.endswith("Tỉnh tổ chức 2 hội nghị.\n")
    assert source.text[: HEADED.index("Tỉnh")].strip() == ""


@pytest.mark.parametrize(
    "text",
    ["# Tiêu đề\nTỉnh tổ chức 2 hội nghị.", "# unknown_key = 1\nTỉnh.", "Tỉnh.\n# doc_id = d1\n"],
    ids=["markdown-title", "unknown-key", "not-at-the-start"],
)
def test_lines_that_are_no_header_stay_text(text):
    assert read_headers(Source("a.txt", text), packaged_rules()).text == text


def test_a_rules_file_adds_header_keys(tmp_path):
    overlay = tmp_path / "mine.yaml"
    overlay.write_text("header_keys: [chuyên_mục]\n", encoding="utf-8")
    source = read_headers(Source("a.txt", "# chuyên_mục = xã hội\nTỉnh."), load_rules([overlay]))
    assert dict(source.metadata) == {"chuyên_mục": "xã hội"}


@pytest.mark.models
def test_a_headed_file_gives_metadata_and_figures_that_cut_the_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(HEADED, encoding="utf-8")
    result = _run("analyze", "-f", "jsonl", str(path))
    record = json.loads(result.stdout)
    assert record["metadata"]["doc_id"] == "d1"
    assert list(record)[:3] == ["source", "encoding", "metadata"]
    figure = record["figures"][0]
    assert HEADED[figure["start"] : figure["end"]] == figure["text"] == "2 hội nghị"
    assert figure["sentence"] == 0


def test_a_list_on_stdin_is_told_apart_from_an_article(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(GIFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert file_names(b"a.txt\nb.txt\n") == 2
    assert file_names(b"a.txt\n" + GIFT.encode()) == 0
    result = _run("analyze", input="a.txt\nb.txt\n")
    assert result.exit_code == 2
    assert "list of 2 file names" in result.stderr and "--files-from -" in result.stderr


@pytest.mark.models
def test_files_from_a_file_and_from_stdin(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(GIFT, encoding="utf-8")
    (tmp_path / "list.txt").write_text("a.txt\n\nb.txt\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_file = _run("analyze", "-f", "jsonl", "--files-from", "list.txt")
    from_stdin = _run("analyze", "-f", "jsonl", "--files-from", "-", input="a.txt\nb.txt\n")
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert [json.loads(line)["source"] for line in from_file.stdout.splitlines()] == ["a.txt", "b.txt"]
    assert from_file.stdout == from_stdin.stdout


def _records(tmp_path, suffix: str):
    rows = [
        {"id": "a1", "title": "Tin 1", "date": "2021-06-04", "content": GIFT},
        {"id": "a2", "title": "Tin 2", "date": "2021-06-05", "content": "Huyện tổ chức 3 hội nghị cấp xã."},
    ]
    path = tmp_path / f"news{suffix}"
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif suffix == ".csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        pa = pytest.importorskip("pyarrow")
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_records_are_documents_with_their_other_fields_as_metadata(tmp_path, suffix):
    path = _records(tmp_path, suffix)
    found = list(records.read(str(path), Shape(text_field="content")))
    assert [e.name for e in found] == [f"{path}#a1", f"{path}#a2"]
    assert dict(found[0].metadata) == {"title": "Tin 1", "date": "2021-06-04"}
    assert found[0].source().text == GIFT
    assert [e.ordinal for e in found] == [1, 2]


@pytest.mark.models
@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_records_analysed_into_a_store_keep_their_metadata(tmp_path, suffix):
    path = _records(tmp_path, suffix)
    db = tmp_path / "news.db"
    result = _run("analyze", str(path), "--text-field", "content", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    stored = list(iter_records(db))
    assert [r["metadata"]["title"] for r in stored] == ["Tin 1", "Tin 2"]
    assert stored[0]["figures"][0]["value"] == 45000000
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT json_extract(metadata, '$.date') FROM documents ORDER BY ordinal").fetchall() == [
            ("2021-06-04",),
            ("2021-06-05",),
        ]
    plain = _run("analyze", "-f", "jsonl", str(path), "--text-field", "content")
    assert plain.stdout == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in stored)


def test_a_record_without_the_text_field_fails_alone_naming_the_fields(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": 1, "body": "x"}\nnot json\n', encoding="utf-8")
    found = list(records.read(str(path), Shape()))
    assert "no text field 'text' (its fields: id, body); name it with --text-field" in found[0].error
    assert "line 2 is not JSON" in found[1].error


def test_lines_are_streamed_one_document_a_line(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as fh:
        for number in range(200_000):
            fh.write(f"Xã trao {number} suất quà cho hộ nghèo.\n" if number % 7 else "\n")
    tracemalloc.start()
    count = 0
    for entry in lines.read(str(path)):
        count += 1
        assert entry.name == f"{path}:{entry.ordinal}"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 200_000 - len(range(0, 200_000, 7))
    assert peak < 2 * 2**20, f"{peak} bytes for a {path.stat().st_size} byte file"


@pytest.mark.models
def test_lines_on_the_command_line(tmp_path):
    path = tmp_path / "l.txt"
    path.write_text("Tỉnh tổ chức 2 hội nghị.\n\nXã trao 5 suất quà.\n", encoding="utf-8")
    result = _run("analyze", "--lines", "-f", "jsonl", str(path))
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [f"{path}:1", f"{path}:3"]


def test_shards_split_the_documents_between_them(tmp_path):
    for number in range(40):
        (tmp_path / f"{number:02d}.txt").write_text(str(number), encoding="utf-8")
    everything = {e.name for e in documents([str(tmp_path)])}
    shards = [{e.name for e in documents([str(tmp_path)], keep=in_shard(k, 3))} for k in (1, 2, 3)]
    assert set().union(*shards) == everything
    assert sum(map(len, shards)) == 40 and all(shards)
    assert parse_shard("2/3") == (2, 3)
    with pytest.raises(Exception, match="1 <= K <= N"):
        parse_shard("0/3")


def test_the_store_fingerprint_of_rules_files_is_their_rules_fingerprint(tmp_path):
    overlay = tmp_path / "mine.yaml"
    overlay.write_text("meetings: [hội nghị giao ban]\n", encoding="utf-8")
    gazetteer = tmp_path / "places.yaml"
    gazetteer.write_text("organisations:\n  Hợp tác xã Ánh Dương: [HTX Ánh Dương]\n", encoding="utf-8")
    files = RuleFiles.read([overlay], [gazetteer])
    loaded = load_rules([overlay], [gazetteer])
    assert files.digest() == loaded.fingerprint == files.load().fingerprint
    assert files.load().data == loaded.data
    assert RuleFiles.read().digest() == packaged_rules().fingerprint != files.digest()


def test_without_the_extras_a_feature_that_needs_one_names_it(tmp_path, monkeypatch):
    for module in ("pyarrow", "pyarrow.parquet", "distributed"):
        monkeypatch.setitem(__import__("sys").modules, module, None)
    (tmp_path / "a.parquet").write_bytes(b"PAR1")
    result = _run("analyze", "-f", "jsonl", str(tmp_path / "a.parquet"))
    assert result.exit_code == 1
    assert "pip install 'danvan[parquet]'" in result.stderr
    db = str(tmp_path / "s.db")
    (tmp_path / "a.txt").write_text(GIFT, encoding="utf-8")
    result = _run("analyze", str(tmp_path / "a.txt"), "--db", db, "--cluster", "local:2")
    assert result.exit_code == 1
    assert result.stderr.strip() == "danvan: --cluster and --scheduler need Dask: pip install 'danvan[dask]'"
    result = _run("export", db, "-f", "parquet", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "pip install 'danvan[parquet]'" in result.stderr
