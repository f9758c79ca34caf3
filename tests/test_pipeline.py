"""The pipeline: the public API, workers given the Rules object itself, nothing dropped silently."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import dan_van
from dan_van.inputs.sources import Failure
from dan_van.language.load import load_rules, overlay
from dan_van.models import Source
from dan_van.nlp import engine
from dan_van.pipeline import analyze, analyze_many, analyze_path

pytestmark = pytest.mark.models
ROOT = Path(__file__).parents[1]
DANVAN = Path(sys.executable).with_name("danvan")
TEXT = "Năm 2021, huyện đã tổ chức 12 buổi giao lưu nhân dân và 3 hội nghị."
MORE_MEETINGS = "meetings: [giao lưu]\n"


def _conferences(analysis) -> list[tuple]:
    return [(f.value, f.unit, f.level) for f in analysis.figures if f.kind == "conference"]


def test_rules_built_in_python_reach_every_worker():
    rules = overlay(load_rules(), MORE_MEETINGS.encode(), "<python>")
    sources = [Source(f"{i}.txt", TEXT) for i in range(4)]
    one = [a.to_record() for a in analyze_many(sources, rules, jobs=1)]
    two = [a.to_record() for a in analyze_many(sources, rules, jobs=2)]
    assert one == two
    assert [f["unit"] for f in one[0]["figures"] if f["kind"] == "conference"] == ["buổi", "hội nghị"]
    assert [unit for _, unit, _ in _conferences(analyze(Source("x", TEXT)))] == ["hội nghị"]


def test_rules_read_from_a_pipe_give_the_same_output_with_two_workers(tmp_path):
    files = []
    for i in range(3):
        path = tmp_path / f"{i}.txt"
        path.write_text(TEXT, encoding="utf-8")
        files.append(str(path))
    outputs = []
    for jobs in ("1", "2"):
        command = f"{DANVAN} analyze -f jsonl -j {jobs} --rules <(printf '{MORE_MEETINGS}') " + " ".join(files)
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    record = json.loads(outputs[0].splitlines()[0])
    assert [f["unit"] for f in record["figures"] if f["kind"] == "conference"] == ["buổi", "hội nghị"]


def test_public_api_reads_a_path_and_gives_the_json_record(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    analysis = dan_van.analyze_path(path)
    assert analysis is not None and analyze_path is dan_van.analyze_path
    record = analysis.to_record()
    assert record["source"] == str(path)
    assert [(f["value"], f["unit"]) for f in record["figures"]] == [(12, "buổi"), (3, "hội nghị")]
    assert set(record) >= {"source", "encoding", "sentences", "words", "figures", "donations", "entities"}
    json.dumps(record, ensure_ascii=False)


def test_a_sentence_the_tokenizer_changed_is_reported_not_dropped(monkeypatch):
    monkeypatch.setattr(engine, "split_sentences", lambda paragraph: ["a sentence that is not there"])
    (result,) = analyze_many([Source("odd.txt", "Một câu. Câu khác.")])
    assert isinstance(result, Failure)
    assert result.name == "odd.txt" and "not in its paragraph" in result.message
