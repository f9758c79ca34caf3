"""Any input a newsroom has: encodings, broken files, pipes, interrupts, random bytes."""

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dan_van.cli import main
from dan_van.inputs.decoding import encode_legacy
from dan_van.models import Source

pytestmark = pytest.mark.models
SENTENCE = "Đoàn thanh niên quyên góp được 45 triệu đồng và 3 tấn gạo giúp đồng bào miền Trung."


def _cp1258(text: str) -> bytes:
    """Text as Windows writes it in code page 1258: letters with hats precomposed, tones combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)))
        out.append("".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def _figures(stdout):
    return [(f["value"], f["unit"]) for f in json.loads(stdout)["figures"]]


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", SENTENCE.encode("utf-8")),
        ("utf-8-sig", b"\xef\xbb\xbf" + SENTENCE.encode("utf-8")),
        ("utf-16", SENTENCE.encode("utf-16")),
        ("tcvn3", encode_legacy(SENTENCE, "tcvn3")),
        ("vni", encode_legacy(SENTENCE, "vni")),
        ("cp1258", _cp1258(SENTENCE)),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "tcvn3", "vni", "cp1258"],
)
def test_every_encoding_gives_the_same_figures(tmp_path, encoding, data):
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["figures", str(path), "-f", "jsonl"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["encoding"] == encoding
    assert _figures(result.stdout) == [(45000000, "đồng"), (3, "tấn")]


def test_binary_and_undecidable_inputs_fail_alone(tmp_path, seed_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = CliRunner().invoke(main, ["analyze", str(binary), str(seed_path), "-f", "jsonl"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert str(binary) in line and "binary" in line
    first, second = (json.loads(x) for x in result.stdout.splitlines())
    assert first["source"] == str(binary) and "error" in first
    assert len(second["figures"]) == 5


def test_forced_encoding_and_bad_encoding_name(tmp_path):
    path = tmp_path / "vni.txt"
    path.write_bytes(encode_legacy(SENTENCE, "vni"))
    ok = CliRunner().invoke(main, ["figures", str(path), "--encoding", "vni", "-f", "jsonl"])
    assert ok.exit_code == 0 and _figures(ok.stdout)[0] == (45000000, "đồng")
    bad = CliRunner().invoke(main, ["figures", str(path), "--encoding", "klingon"])
    assert bad.exit_code == 2 and "klingon" in bad.stderr


def test_nfd_copy_of_the_seed_gives_the_same_analysis(tmp_path, seed_text):
    nfd = tmp_path / "nfd.txt"
    nfd.write_text(unicodedata.normalize("NFD", seed_text), encoding="utf-8")
    nfc = tmp_path / "nfc.txt"
    nfc.write_text(seed_text, encoding="utf-8")
    out = [json.loads(CliRunner().invoke(main, ["analyze", str(p), "-f", "jsonl"]).stdout) for p in (nfd, nfc)]

    def strip(record):
        return [{k: v for k, v in f.items() if k not in ("start", "end", "text")} for f in record["figures"]]

    assert strip(out[0]) == strip(out[1])
    assert [d["value_vnd"] for d in out[0]["donations"]] == [d["value_vnd"] for d in out[1]["donations"]]


def test_one_long_line_without_punctuation(tmp_path):
    words = ("người dân ủng hộ 5 tỷ đồng cho tỉnh " * 6000).strip()
    path = tmp_path / "long.txt"
    path.write_text(words, encoding="utf-8")
    result = CliRunner().invoke(main, ["figures", str(path), "-f", "jsonl"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["figures"]) == 6000


def _danvan(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "dan_van", *args], **kwargs)


def test_closed_pipe_ends_quietly(seed_path):
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    writer = _danvan("analyze", *[str(seed_path)] * 40, "-f", "json", stdout=reader.stdin, stderr=subprocess.PIPE)
    reader.stdin.close()
    _, err = writer.communicate(timeout=120)
    reader.wait()
    assert b"Traceback" not in err
    assert writer.returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="signals are POSIX")
def test_interrupt_leaves_no_half_written_output(tmp_path, seed_path):
    out = tmp_path / "out.jsonl"
    proc = _danvan("analyze", *[str(seed_path)] * 400, "-o", str(out), stderr=subprocess.PIPE)
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300),
        st.text(alphabet="0123456789.,-/% tỷ triệu đồng hai năm người hội nghị\nTPHCM.ĐẹpThực", max_size=200),
    )
)
def test_random_text_never_breaks_the_pipeline(text):
    from dan_van.pipeline import analyze

    analysis = analyze(Source("random", text))
    for span in (*analysis.figures, *analysis.entities, *analysis.donations, *analysis.sentences):
        assert text[span.start : span.end] == span.text
    for s in analysis.sentences:
        for t in s.tokens:
            assert text[t.start : t.end] == t.text


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_fail_cleanly_or_analyse(data):
    from dan_van.errors import DanVanError
    from dan_van.inputs.decoding import decode
    from dan_van.pipeline import analyze

    try:
        decoded = decode(data, name="random.bin")
    except DanVanError as exc:
        assert "random.bin" in str(exc)
        return
    analysis = analyze(Source("random.bin", decoded.text, decoded.encoding))
    for span in (*analysis.figures, *analysis.entities, *analysis.sentences):
        assert decoded.text[span.start : span.end] == span.text
