"""The language-data cache: found again under the same bytes, rebuilt on anything else, never a failure."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from dan_van import cache
from dan_van.language import load


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DANVAN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_value_is_built_once_and_read_back(folder):
    build, calls = counting({"a": (1, 2)})
    assert cache.cached("thing", "d1", build) == {"a": (1, 2)}
    assert cache.cached("thing", "d1", build) == {"a": (1, 2)}
    assert len(calls) == 1
    assert [p.name.startswith("thing-") for p in folder.iterdir()] == [True]


def test_other_bytes_build_again(folder):
    build, calls = counting([1])
    cache.cached("thing", "d1", build)
    cache.cached("thing", "d2", build)
    assert len(calls) == 2


def test_a_corrupt_file_is_rebuilt_and_replaced(folder):
    build, calls = counting("value")
    cache.cached("thing", "d1", build)
    path = cache.path_for("thing", "d1")
    path.write_bytes(b"\x80\x05truncated")
    assert cache.cached("thing", "d1", build) == "value"
    assert len(calls) == 2
    assert pickle.loads(path.read_bytes()) == "value"


@pytest.mark.parametrize("setting", ["off", "OFF", ""])
def test_off_writes_nothing(tmp_path, monkeypatch, setting):
    monkeypatch.setenv("DANVAN_CACHE_DIR", setting)
    monkeypatch.chdir(tmp_path)
    build, calls = counting(3)
    assert cache.cached("thing", "d1", build) == 3
    assert cache.cached("thing", "d1", build) == 3
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_is_passed_over(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DANVAN_CACHE_DIR", str(blocker / "cache"))
    build, calls = counting(4)
    assert cache.cached("thing", "d1", build) == 4
    assert len(calls) == 1


def test_old_values_are_pruned(folder):
    for n in range(cache.KEEP + 3):
        cache.cached("thing", f"d{n}", lambda n=n: n)
    assert len(list(folder.glob("thing-*.bin"))) == cache.KEEP
    assert not list(folder.glob(".*tmp"))


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("DANVAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "danvan"


def test_packaged_rules_from_the_cache_equal_the_files(folder):
    """A second process reads the cached rules; they are the same data as a fresh read without the cache."""
    code = "from dan_van.language import load; import pickle, sys; sys.stdout.buffer.write(pickle.dumps(load._base()))"
    env = dict(os.environ, DANVAN_CACHE_DIR=str(folder))
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout
    assert len(list(folder.glob("rules-*.bin"))) == 1
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout
    fresh = load._checked({f: load.read_packaged_bytes(f) for f in load.File if f not in load.OWN_FILES})
    assert pickle.loads(first) == pickle.loads(second)
    assert pickle.loads(second)[0] == fresh


def test_values_of_another_version_are_removed(folder, monkeypatch):
    cache.cached("thing", "d1", lambda: 1)
    cache.cached("other-kind", "d1", lambda: 2)
    old = set(folder.iterdir())
    monkeypatch.setattr(cache, "code_stamp", lambda: "f" * 64)
    assert cache.cached("thing", "d1", lambda: 3) == 3  # a new version builds afresh
    assert not old & set(folder.iterdir())
    assert [p.name.split("-")[1] for p in folder.iterdir()] == ["f" * 12]
