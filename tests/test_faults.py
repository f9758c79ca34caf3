"""Nothing lost under faults (issue 10): hostile names, endless input, signals, dead workers, full disks.

Each test names the row of the issue's table it holds. Signals, pipes and file systems go through a real
`python -m dan_van` process; a row that needs what this machine cannot give (a tmpfs, a normal user) is
skipped with the reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from dan_van.errors import DanVanError, InputError
from dan_van.inputs import sources as inputs
from dan_van.inputs.sources import Failure, shown
from dan_van.models import Source
from dan_van.output.files import HOST

pytestmark = [pytest.mark.models, pytest.mark.skipif(sys.platform != "linux", reason="processes, /proc, /dev: Linux")]
DANVAN = [sys.executable, "-m", "dan_van"]
SENTENCE = "Huyện đã tổ chức {} hội nghị đối thoại với nhân dân."


def _run(*args, timeout=180, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*DANVAN, *map(str, args)], capture_output=True, timeout=timeout, **kwargs)


def _one_line(stderr: bytes) -> str:
    """The single message line of a run; never a traceback."""
    text = stderr.decode("utf-8")
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def _corpus(folder: Path, count: int, seed_text: str) -> list[Path]:
    """`count` articles, each the seed with its own conference count, so that order can be checked."""
    paths = []
    for i in range(count):
        path = folder / f"{i:03d}.txt"
        path.write_text(seed_text + "\n" + SENTENCE.format(i + 1), encoding="utf-8")
        paths.append(path)
    return paths


# A process forked from this (large) test process starts with its resident size as a peak: the command is
# started from a small launcher instead, which reports the command's own peak.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "open(sys.argv[1], 'w').write(f'{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}')\n"
)


def _peak_kb(command: list[str], timeout: float = 180, **kwargs) -> tuple[int, int, bytes, bytes]:
    """Exit code, peak resident memory in KB (the process and what it waited for), stdout and stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "peak")
        launcher = [sys.executable, "-c", _LAUNCHER, report, *command]
        proc = subprocess.Popen(launcher, stdout=out, stderr=err, start_new_session=True, **kwargs)
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        with open(report) as file:
            code, peak = map(int, file.read().split())
        out.seek(0)
        err.seek(0)
        return code, peak, out.read(), err.read()


def _as_from_a_terminal() -> None:
    """In the child before exec: INT and HUP as a terminal's user has them, whatever this test runner
    inherited (a background job ignores INT; nohup ignores HUP, which danvan then leaves ignored)."""
    for number in (signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, timeout: float = 60, what: str = "the run to get going") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _gone(pids: list[int]) -> None:
    """Wait until none of `pids` runs any more (a zombie waiting for init counts as gone)."""
    _wait_for(lambda: not any(_running(pid) for pid in pids), 10, f"workers {pids} to end")


def _temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(".danvan-*.tmp"))


# Row 1: file names that are not UTF-8.


def test_row1_names_that_are_not_utf8_are_analysed_and_written_alike_everywhere(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "b.txt").write_text("Có 6 người.\n", encoding="utf-8")
    odd = os.fsencode(folder) + b"/a\xff.txt"
    with open(odd, "wb") as fh:
        fh.write("Có 5 người.\n".encode())
    binary = os.fsencode(folder) + b"/c\xfe\\x\n.txt"  # a backslash and a newline too: still one line, lossless
    with open(binary, "wb") as fh:
        fh.write(b"\x00\x01\x02")
    written = shown(os.fsdecode(odd))
    assert written == f"{folder}/a\\xff.txt"
    failed = shown(os.fsdecode(binary))
    assert failed == f"{folder}/c\\xfe\\\\x\\x0a.txt"
    for name, raw in ((written, odd), (failed, binary)):  # the bytes come back, as the README says
        assert subprocess.run(["bash", "-c", 'printf %b "$1"', "-", name], capture_output=True).stdout == raw
    for fmt in ("jsonl", "json", "yaml", "csv", "table"):
        result = _run("analyze", folder, "-f", fmt)
        assert result.returncode == 1, result.stderr
        assert _one_line(result.stderr) == f"danvan: {failed}: looks like a binary file, not text; " + (
            "pass a text file (UTF-8, UTF-16, Windows-1258, TCVN3 or VNI)"
        )
        out = result.stdout.decode("utf-8")
        if fmt in ("jsonl", "json"):
            records = [json.loads(line) for line in out.splitlines()] if fmt == "jsonl" else json.loads(out)
            assert [r["source"] for r in records] == [written, f"{folder}/b.txt", failed]
            assert [f["value"] for f in records[0]["figures"]] == [5]
        elif fmt == "csv":
            assert out.splitlines()[1].startswith(f"{written},0,people,5,")
        elif fmt == "yaml":
            assert f"- source: {written}\n" in out
        else:
            assert written in out


# Row 2: endless or oversized inputs.


def test_row2_endless_inputs_are_read_to_the_cap_and_refused_in_bounded_memory(tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("Có 6 người.", encoding="utf-8")
    cap = inputs.MAX_BYTES // 2**20
    for args in (["/dev/zero", other], ["-", other]):
        with open("/dev/zero", "rb") as zeros:
            code, peak, out, err = _peak_kb([*DANVAN, "analyze", *map(str, args), "-f", "jsonl"], stdin=zeros)
        name = "/dev/zero" if args[0] == "/dev/zero" else "<stdin>"
        assert code == 1
        assert _one_line(err) == (
            f"danvan: {name}: more than the {cap} MB an input may have (reading stopped there); split the input"
        )
        first, second = (json.loads(line) for line in out.splitlines())
        assert first["source"] == name and "error" in first
        assert second["figures"][0]["value"] == 6
        assert peak < 200 * 1024 + 2 * inputs.MAX_BYTES // 1024, f"peak {peak} KB"


def test_row2_a_pipe_that_never_ends(tmp_path):
    writer = subprocess.Popen(["yes", "Có 6 người."], stdout=subprocess.PIPE)
    try:
        code, peak, out, err = _peak_kb([*DANVAN, "figures", "-", "-f", "jsonl"], stdin=writer.stdout)
    finally:
        writer.kill()
        writer.wait()
    assert code == 1 and "<stdin>: more than the 64 MB" in _one_line(err)
    assert json.loads(out)["source"] == "<stdin>"
    assert peak < 200 * 1024 + 2 * inputs.MAX_BYTES // 1024


def test_row2_a_file_that_grew_after_its_size_was_read_is_still_capped(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_bytes(b"a" * 2000)
    monkeypatch.setattr(inputs, "MAX_BYTES", 1000)
    real = os.fstat
    monkeypatch.setattr(inputs.os, "fstat", lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))
    with pytest.raises(InputError, match=r"growing\.txt: more than the 0 MB an input may have"):
        inputs.read_bytes(str(path))


# Rows 4 and 19: signals; temp files of a killed run.


@pytest.mark.parametrize(("number", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_row4_term_hup_and_ctrl_c_leave_no_temp_file_and_no_worker(tmp_path, seed_text, number, code):
    paths = _corpus(tmp_path, 40, seed_text)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [*DANVAN, "analyze", *map(str, paths), "-j", "2", "-o", str(out)],
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_as_from_a_terminal,
    )
    _wait_for(lambda: len(_children(proc.pid)) >= 2 and _temps(tmp_path))
    workers = _children(proc.pid)
    if number == signal.SIGINT:
        os.killpg(proc.pid, number)  # as a terminal sends it: to the whole process group
    else:
        os.kill(proc.pid, number)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err.decode()
    expected = "interrupted" if number == signal.SIGINT else f"stopped by {signal.Signals(number).name}"
    assert _one_line(err) == f"danvan: {expected}"
    assert not out.exists() and _temps(tmp_path) == []
    _gone(workers)


def test_row19_a_killed_run_leaves_a_temp_file_the_next_run_removes(tmp_path, seed_text):
    paths = _corpus(tmp_path, 40, seed_text)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([*DANVAN, "analyze", *map(str, paths), "-j", "2", "-o", str(out)], start_new_session=True)
    _wait_for(lambda: len(_children(proc.pid)) >= 2 and _temps(tmp_path))
    workers = _children(proc.pid)
    proc.kill()
    proc.wait()
    (left,) = _temps(tmp_path)
    assert left.name.startswith(f".danvan-{HOST}-{proc.pid}-")
    _gone(workers)  # they die with their parent
    alive = tmp_path / f".danvan-{HOST}-{os.getpid()}-abcd1234.tmp"  # a run still going: kept
    elsewhere = tmp_path / f".danvan-other-host-{proc.pid}-abcd1234.tmp"  # another machine's: kept
    alive.write_text("x")
    elsewhere.write_text("x")
    result = _run("figures", paths[0], "-o", out)
    assert result.returncode == 0, result.stderr
    assert _temps(tmp_path) == sorted([alive, elsewhere])
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == str(paths[0])


# Row 5: a worker killed with -9.


def test_row5_a_worker_killed_mid_run_costs_no_document(tmp_path, seed_text):
    paths = _corpus(tmp_path, 30, seed_text)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([*DANVAN, "analyze", *map(str, paths), "-j", "2", "-o", str(out)], stderr=subprocess.PIPE)

    def started() -> bool:
        temps = _temps(tmp_path)
        return len(_children(proc.pid)) >= 2 and bool(temps) and temps[0].read_bytes().count(b"\n") >= 2

    _wait_for(started)
    os.kill(_children(proc.pid)[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0
    assert "a worker process stopped abruptly; the " in _one_line(err)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in records] == [str(p) for p in paths]
    assert [[f["value"] for f in r["figures"] if f["kind"] == "conference"][-1] for r in records] == list(range(1, 31))


def test_row5_a_document_that_kills_its_worker_twice_fails_alone(monkeypatch):
    from dan_van import pipeline

    real = pipeline._guarded

    def deadly(source, rules, sentences=True):
        if source.name == "poison.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, rules, sentences)

    monkeypatch.setattr(pipeline, "_guarded", deadly)  # the workers are forked: they see it too
    names = ["a.txt", "b.txt", "poison.txt", "c.txt", "d.txt", "e.txt"]
    heard: list[str] = []
    found = list(pipeline.analyze_many([Source(n, SENTENCE.format(3)) for n in names], jobs=2, warn=heard.append))
    assert [getattr(f, "source", None) or f.name for f in found] == names
    failed = [f for f in found if isinstance(f, Failure)]
    assert [f.name for f in failed] == ["poison.txt"]
    assert failed[0].message.startswith("poison.txt: its worker process stopped abruptly, twice")
    assert heard and all("analysed again" in h for h in heard)


# Row 6: a full disk, /dev/full.


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "yaml", "table", "text"])
def test_row6_stdout_onto_dev_full(seed_path, fmt):
    with open("/dev/full", "w") as full:
        result = subprocess.run([*DANVAN, "analyze", str(seed_path), "-f", fmt], stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        "danvan: standard output: cannot write (No space left on device); free some space or write elsewhere"
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_row6_output_file_onto_dev_full(seed_path):
    result = _run("analyze", seed_path, "-o", "/dev/full")
    assert result.returncode == 1
    assert "/dev/full: cannot write (No space left on device)" in _one_line(result.stderr)


def test_row6_a_full_disk_leaves_the_old_file_and_no_temp_file(tmp_path, seed_path):
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare not found: no tiny tmpfs can be mounted")
    disk = tmp_path / "disk"
    disk.mkdir()
    danvan = " ".join([*DANVAN, "analyze", *[str(seed_path)] * 4, "-o", f"{disk}/out.jsonl"])
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {disk} || exit 99; printf 'old\\n' > {disk}/out.jsonl; "
        f'head -c 56000 /dev/zero > {disk}/filler; {danvan}; echo "rc=$?"; ls -A {disk}; cat {disk}/out.jsonl'
    )
    flags = ["-m"] if os.geteuid() == 0 else ["-r", "-m"]
    done = subprocess.run([unshare, *flags, "sh", "-c", script], capture_output=True, timeout=180)
    if done.returncode == 99 or b"rc=" not in done.stdout:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    assert done.stdout.decode() == "rc=1\nfiller\nout.jsonl\nold\n"
    assert _one_line(done.stderr) == (
        f"danvan: {disk}/out.jsonl: cannot write (No space left on device); free some space or write elsewhere"
    )


# Row 7: symlinks, FIFOs and file modes.


def test_row7_output_through_a_symlink_keeps_the_link(tmp_path, seed_path):
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target.name)
    assert _run("figures", seed_path, "-o", link).returncode == 0
    assert link.is_symlink() and os.readlink(link) == "real.jsonl"
    assert json.loads(target.read_text(encoding="utf-8"))["source"] == str(seed_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "real.jsonl"]


def test_row7_output_into_a_fifo_streams(tmp_path, seed_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = _run("figures", seed_path, seed_path, "-o", fifo)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [json.loads(line)["source"] for line in got[0].splitlines()] == [str(seed_path)] * 2


def test_row7_an_existing_file_keeps_its_mode_and_owner(tmp_path, seed_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o600)
    owner = (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        owner = (65534, 65534)  # root can give the file to nobody; the new file must stay theirs
        os.chown(out, *owner)
    assert _run("figures", seed_path, "-o", out).returncode == 0
    status = out.stat()
    assert stat.S_IMODE(status.st_mode) == 0o600
    assert (status.st_uid, status.st_gid) == owner
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == str(seed_path)


# Rows 8 and 9: what a normal user cannot read.


def _as_normal_user(folder: Path) -> list[str]:
    """A command prefix under which file permissions hold, or skip: a dropped uid where the interpreter is
    reachable by one, else root without the capabilities that read past permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to hold")
    env = {**os.environ, "HOME": str(folder)}
    for prefix in (
        [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"],
        [setpriv, "--bounding-set=-dac_override,-dac_read_search"],
    ):
        probe = subprocess.run([*prefix, sys.executable, "-c", "import dan_van"], capture_output=True, env=env)
        if probe.returncode == 0:
            return prefix
    pytest.skip(f"cannot run danvan as a normal user here: {probe.stderr.decode(errors='replace').strip()}")


@pytest.fixture
def open_folder():
    """A folder any user may enter (pytest's tmp_path is its owner's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="danvan-perm-"))
    folder.chmod(0o755)
    yield folder
    for top, folders, _ in os.walk(folder):  # top-down: each folder opened before it is entered
        for name in folders:
            os.chmod(os.path.join(top, name), 0o755)
    shutil.rmtree(folder)


def test_rows8_9_unreadable_files_folders_and_dangling_links(open_folder):
    prefix = _as_normal_user(open_folder)
    secret = open_folder / "secret.txt"
    secret.write_text("Có 5 người.", encoding="utf-8")
    secret.chmod(0)
    plain = open_folder / "plain.txt"
    plain.write_text("Có 6 người.", encoding="utf-8")
    plain.chmod(0o644)
    corpus = open_folder / "corpus"
    (corpus / "locked").mkdir(parents=True)
    for path in (corpus / "a.txt", corpus / "locked" / "b.txt"):
        path.write_text("Có 7 người.", encoding="utf-8")
        path.chmod(0o644)
    (corpus / "gone.txt").symlink_to("nowhere.txt")
    (corpus / "locked").chmod(0)
    corpus.chmod(0o755)
    env = {**os.environ, "HOME": str(open_folder)}
    command = [*prefix, *DANVAN, "figures", str(secret), str(plain), str(corpus), "-f", "jsonl"]
    done = subprocess.run(command, capture_output=True, timeout=180, env=env, cwd=open_folder)
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        f"danvan: warning: {corpus}/gone.txt: a link to no file (nowhere.txt); skipped",
        f"danvan: warning: {corpus}/locked: folder skipped (Permission denied); make it readable (chmod +rx) to "
        "analyse it",
        f"danvan: {secret}: permission denied; make the file readable (chmod +r)",
    ]
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(secret), str(plain), f"{corpus}/a.txt"]
    assert "error" in records[0] and records[1]["figures"][0]["value"] == 6


def test_row9_warnings_alone_keep_exit_code_0(tmp_path):
    (tmp_path / "a.txt").write_text("Có 7 người.", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    result = _run("figures", tmp_path, "-f", "jsonl")
    assert result.returncode == 0
    assert _one_line(result.stderr) == f"danvan: warning: {tmp_path}/gone.txt: a link to no file (nowhere.txt); skipped"


# Row 11: language data that would cost unbounded memory.


def test_row11_alias_amplification_and_huge_forms_are_refused_in_bounded_memory(tmp_path, seed_path):
    words = ", ".join(f"w{i}" for i in range(100_000))
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(
        f"organisations:\n  N0: &a [{words}]\n" + "".join(f"  N{i}: *a\n" for i in range(1, 2000)), encoding="utf-8"
    )
    assert 700_000 < aliases.stat().st_size < 900_000
    long_form = tmp_path / "long.yaml"
    long_form.write_text("organisations:\n  X: [" + " ".join(["Ba"] * 6000) + "]\n", encoding="utf-8")
    for option, path, message in (
        ("--rules", aliases, "key 'organisations.N1' makes the file hold more than 200000 entries; split it"),
        ("--gazetteer", long_form, "key 'organisations.X' has an entry longer than 200 characters or 24 words"),
    ):
        code, peak, out, err = _peak_kb([*DANVAN, "analyze", str(seed_path), option, str(path)], timeout=120)
        assert code == 2 and out == b""
        assert f"{path}: {message}" in err.decode()
        assert peak < 400 * 1024, f"peak {peak} KB"


# Row 12: a closed pipe, in every format.


@pytest.mark.parametrize("fmt", ["table", "text", "json", "jsonl", "csv", "yaml"])
def test_row12_head_ends_every_format_quietly(seed_path, fmt):
    command = " ".join([*DANVAN, "analyze", *[str(seed_path)] * 3, "-f", fmt]) + " | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert len(done.stdout.splitlines()) == 1


# Rows 13, 14, 17: through the library.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Công ty trao 50 000 bộ kit xét nghiệm.", [(50000, "bộ")]),
        ("Công ty trao 50\u202f000 bộ kit xét nghiệm.", [(50000, "bộ")]),
        ("Công ty trao 50\u00a0000 bộ kit xét nghiệm.", [(50000, "bộ")]),
        ("Công ty Viettel ủng hộ 5\u200b tỷ đồng cho Hà Nội.", [(5_000_000_000, "đồng")]),
        ("Trong tháng 5 100 người được hỗ trợ.", [(100, "người")]),
    ],
    ids=["space", "narrow-no-break", "no-break", "zero-width", "label-then-count"],
)
def test_row13_digit_groups_and_zero_width_spaces(text, expected):
    from dan_van.pipeline import analyze

    figures = analyze(Source("x", text)).figures
    assert [(int(f.value), f.unit) for f in figures] == expected
    assert all(text[f.start : f.end] == f.text for f in figures)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_row14_a_cr_alone_ends_a_paragraph(newline):
    from dan_van.pipeline import analyze

    text = newline.join(["Ảnh: Thanh Hà", "Huyện tổ chức 3 hội nghị", "Người dân góp 5 triệu đồng."])
    analysis = analyze(Source("x", text))
    assert [(s.text, s.caption) for s in analysis.sentences] == [
        ("Ảnh: Thanh Hà", True),
        ("Huyện tổ chức 3 hội nghị", False),
        ("Người dân góp 5 triệu đồng.", False),
    ]
    for s in analysis.sentences:
        assert text[s.start : s.end] == s.text


def test_row17_a_lone_surrogate_is_an_input_error_naming_the_input():
    from dan_van.pipeline import analyze, analyze_many

    with pytest.raises(InputError, match=r"^x: the text holds a lone surrogate \(U\+D800\) at offset 11") as err:
        analyze(Source("x", "Có 5 người \ud800."))
    assert isinstance(err.value, DanVanError)
    first, second = analyze_many([Source("x", "Có 5 người \ud800."), Source("y", "Có 6 người.")])
    assert isinstance(first, Failure) and first.name == "x"
    assert [f.value for f in second.figures] == [6]


# Row 15: wide encodings, through the command line.


def test_row15_utf32_with_bom_and_utf16_without(tmp_path):
    text = "Đoàn thanh niên quyên góp được 45 triệu đồng."
    wide = tmp_path / "wide.txt"
    wide.write_bytes(text.encode("utf-32"))
    bare = tmp_path / "bare.txt"
    bare.write_bytes(text.encode("utf-16-le"))
    result = _run("figures", wide, bare, "-f", "jsonl")
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        f"danvan: {bare}: looks like UTF-16 text without a byte-order mark; pass --encoding utf-16-le"
    )
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["encoding"] == "utf-32" and first["figures"][0]["value"] == 45_000_000
    assert "error" in second
    forced = _run("figures", bare, "--encoding", "utf-16-le", "-f", "jsonl")
    assert forced.returncode == 0 and json.loads(forced.stdout)["figures"][0]["value"] == 45_000_000
