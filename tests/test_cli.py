import csv
import io
import json
import os

import pytest
import yaml
from click.testing import CliRunner

from dan_van.cli import main

COMMANDS = ["analyze", "figures", "entities", "segment"]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "danvan" in result.stdout


def test_help_does_not_load_the_tagger():
    import subprocess
    import sys

    code = "import sys; from dan_van.cli import main; assert 'underthesea' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_usage_errors_exit_2(runner, seed_path):
    result = runner.invoke(main, ["analyze", str(seed_path), "--format", "xml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "xml" in result.stderr


def test_bad_rules_file_names_the_key(runner, seed_path, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("meetings: [hội nghị]\nmeeting_words: [x]\n", encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(seed_path), "--rules", str(rules)])
    assert result.exit_code == 2
    assert "meeting_words" in result.stderr
    assert result.stdout == ""


@pytest.mark.models
def test_analyze_jsonl_is_one_object_per_input(runner, seed_path):
    result = runner.invoke(main, ["analyze", str(seed_path), str(seed_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record["source"] == str(seed_path)
    assert {"figures", "donations", "entities"} <= record.keys()
    assert [f["value"] for f in record["figures"] if f["kind"] == "conference"] == [2, 113, 982]
    assert result.stderr == ""


@pytest.mark.models
@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "table", "jsonl"])
def test_every_format(runner, seed_path, fmt):
    result = runner.invoke(main, ["analyze", str(seed_path), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        assert json.loads(out)[0]["figures"][0]["value"] == 50000
    elif fmt == "yaml":
        assert yaml.safe_load(out)[0]["donations"][0]["value_vnd"] == 5000000000
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 5 and rows[0]["source"] == str(seed_path)
    elif fmt == "table":
        assert "113" in out and "5 tỷ đồng" in out
    else:
        assert json.loads(out)["figures"]


@pytest.mark.models
def test_stdin_with_dash_and_without_paths(runner, seed_text):
    for args in (["analyze", "-", "-f", "jsonl"], ["analyze", "-f", "jsonl"]):
        result = runner.invoke(main, args, input=seed_text.encode("utf-8"))
        assert result.exit_code == 0, result.stderr
        record = json.loads(result.stdout)
        assert record["source"] == "<stdin>"
        assert len(record["figures"]) == 5


@pytest.mark.models
def test_missing_file_is_reported_and_the_rest_processed(runner, seed_path, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(main, ["analyze", str(missing), str(seed_path), "-f", "jsonl"])
    assert result.exit_code == 1
    err = result.stderr.strip().splitlines()
    assert len(err) == 1 and str(missing) in err[0] and "no such file" in err[0]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0] == {"source": str(missing), "error": err[0].removeprefix("danvan: ")}
    assert records[1]["source"] == str(seed_path) and records[1]["figures"]


@pytest.mark.models
def test_empty_file_warns_and_succeeds(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    result = runner.invoke(main, ["analyze", str(empty), "-f", "jsonl"])
    assert result.exit_code == 0
    assert "empty" in result.stderr
    assert json.loads(result.stdout)["figures"] == []


@pytest.mark.models
def test_output_file_is_written_whole(runner, seed_path, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["analyze", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == str(seed_path)
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.models
def test_folder_expands_to_sorted_txt_files(runner, tmp_path, seed_text):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(seed_text[:139], encoding="utf-8")
    result = runner.invoke(main, ["figures", str(tmp_path), "-f", "jsonl"])
    assert result.exit_code == 0
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["a.txt", "b.txt"]


@pytest.mark.models
def test_segment_prints_a_sentence_a_line(runner, seed_text):
    result = runner.invoke(main, ["segment", "-"], input=seed_text[:139].encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout.startswith("Lãnh_đạo Sở Y_tế")
    tagged = runner.invoke(main, ["segment", "--pos", "-"], input=seed_text[:139].encode("utf-8"))
    assert tagged.stdout.startswith("Lãnh_đạo/N Sở/N Y_tế/N")


@pytest.mark.models
def test_entities_command(runner, seed_path):
    result = runner.invoke(main, ["entities", str(seed_path), "-f", "json"])
    assert result.exit_code == 0
    (record,) = json.loads(result.stdout)
    assert "figures" not in record
    assert any(e["text"] == "Trần Quốc Vượng" and e["type"] == "PER" for e in record["entities"])


@pytest.mark.models
def test_jobs_give_identical_output(runner, seed_path, tmp_path, seed_text):
    other = tmp_path / "other.txt"
    other.write_text("Tập đoàn Viettel trao tặng 1.000 máy tính bảng, trị giá 2 tỷ đồng.", encoding="utf-8")
    args = ["analyze", str(seed_path), str(other), str(seed_path), "-f", "jsonl"]
    one = runner.invoke(main, [*args, "--jobs", "1"])
    two = runner.invoke(main, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


@pytest.mark.models
def test_user_rules_and_gazetteers_are_laid_over_the_packaged_ones(runner, tmp_path):
    text = "HTX Ánh Dương tổ chức 3 buổi giao lưu cấp xã cho 40 phóng viên."
    rules = tmp_path / "rules.yaml"
    rules.write_text("meetings: [giao lưu]\npeople: [phóng viên]\n", encoding="utf-8")
    gazetteer = tmp_path / "gazetteer.yaml"
    gazetteer.write_text("organisations:\n  Hợp tác xã Ánh Dương: [HTX Ánh Dương]\n", encoding="utf-8")
    plain = runner.invoke(main, ["analyze", "-", "-f", "jsonl"], input=text.encode("utf-8"))
    custom = runner.invoke(
        main,
        ["analyze", "-", "-f", "jsonl", "--rules", str(rules), "--gazetteer", str(gazetteer)],
        input=text.encode("utf-8"),
    )
    assert plain.exit_code == custom.exit_code == 0
    before, after = json.loads(plain.stdout), json.loads(custom.stdout)
    assert [f["kind"] for f in before["figures"]] == ["count", "count"]
    assert [(f["kind"], f.get("level")) for f in after["figures"]] == [("conference", "commune"), ("people", None)]
    assert {"text": "HTX Ánh Dương", "canonical": "Hợp tác xã Ánh Dương"}.items() <= after["entities"][0].items()


def test_bad_gazetteer_names_the_key(runner, tmp_path, seed_path):
    gazetteer = tmp_path / "g.yaml"
    gazetteer.write_text("organizations:\n  X: [Y]\n", encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(seed_path), "--gazetteer", str(gazetteer)])
    assert result.exit_code == 2
    assert "organizations" in result.stderr and str(gazetteer) in result.stderr


def test_output_into_a_missing_folder_is_a_usage_error(runner, seed_path, tmp_path):
    result = runner.invoke(main, ["figures", str(seed_path), "-o", str(tmp_path / "no" / "out.jsonl")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


@pytest.mark.parametrize("option", ["--rules", "--gazetteer"])
def test_language_data_that_is_not_utf8_is_a_usage_error_naming_the_file(runner, seed_path, tmp_path, option):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("meetings: [hội nghị]\n".encode().replace("ộ".encode(), b"\xf4"))
    result = runner.invoke(main, ["analyze", str(seed_path), option, str(path)])
    assert result.exit_code == 2
    assert f"Error: {path}: not UTF-8 (byte 0xf4 at 12); save it as UTF-8" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex"])
def test_a_codec_that_is_no_text_encoding_is_a_usage_error(runner, seed_path, codec):
    result = runner.invoke(main, ["analyze", str(seed_path), "--encoding", codec])
    assert result.exit_code == 2
    assert f"--encoding: '{codec}' is not a text encoding" in result.stderr
    assert result.stdout == ""


def test_jobs_default_to_one_and_take_auto(runner):
    from dan_van.pipeline import usable_cores

    assert "[default: 1]" in runner.invoke(main, ["analyze", "--help"]).stdout
    assert usable_cores() == len(os.sched_getaffinity(0))
    command = main.commands["analyze"]
    jobs = next(p for p in command.params if p.name == "jobs")
    assert jobs.type.convert("auto", jobs, None) == usable_cores()
    assert jobs.type.convert("3", jobs, None) == 3
    for bad in ("0", "65", "many"):
        assert runner.invoke(main, ["analyze", "x.txt", "-j", bad]).exit_code == 2


@pytest.mark.models
def test_jobs_above_the_cores_warn_and_auto_is_quiet(runner, tmp_path):
    from dan_van.pipeline import usable_cores

    paths = []
    for i in range(2):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Có {i + 5} người.", encoding="utf-8")
        paths.append(str(path))
    cores = usable_cores()
    many = runner.invoke(main, ["figures", *paths, "-j", str(cores + 1), "-f", "jsonl"])
    assert many.exit_code == 0
    assert many.stderr == (
        f"danvan: warning: -j {cores + 1} is more than the {cores} usable cores: each worker holds its own models, "
        "so the extra ones only cost memory and time; -j auto uses the cores\n"
    )
    auto = runner.invoke(main, ["figures", *paths, "-j", "auto", "-f", "jsonl"])
    assert auto.exit_code == 0 and auto.stderr == ""
    assert auto.stdout == many.stdout
    assert [json.loads(line)["figures"][0]["value"] for line in auto.stdout.splitlines()] == [5, 6]


def test_an_unreadable_input_is_no_usage_error(runner, tmp_path):
    missing = tmp_path / "gone.txt"
    result = runner.invoke(main, ["figures", str(missing), "-f", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == f"danvan: {missing}: no such file; check the path\n"
