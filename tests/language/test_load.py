"""The one loader of language data: schema, overlays (add, remove, replace), refusals, the Rules object."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import yaml

from dan_van.errors import RulesError
from dan_van.language.load import MAX_ENTRIES, load_rules, overlay, packaged_file, read_packaged_bytes
from dan_van.language.schema import BY_NAME, KEYS, File, Shape, keys_of

ROOT = Path(__file__).parents[2]
README = (ROOT / "dan_van" / "data" / "README.md").read_text(encoding="utf-8")


def _overlay(tmp_path: Path, text: str | bytes, name: str = "mine.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# -- the schema and its documentation ------------------------------------------------------------------


@pytest.mark.parametrize("file", list(File), ids=str)
def test_every_packaged_file_has_exactly_its_declared_keys(file):
    raw = yaml.safe_load(read_packaged_bytes(file))
    assert set(raw) == {key.name for key in keys_of(file)}


def test_the_data_readme_lists_every_key_under_its_file():
    sections = re.split(r"^## ", README, flags=re.M)
    by_file = {s.split(".yaml", 1)[0]: s for s in sections if ".yaml" in s.split("\n", 1)[0]}
    for key in KEYS:
        assert f"| `{key.name}` |" in by_file[key.file.value], f"{key.name} is not documented under {key.file}.yaml"


@pytest.mark.parametrize("key", [k for k in KEYS if k.overlayable], ids=lambda k: k.name)
def test_every_documented_example_is_a_valid_overlay(key):
    text = f"{key.name}: {key.example}\n"
    rules = overlay(load_rules(), text.encode(), "example.yaml")
    assert rules.sources == ("example.yaml",)


def test_keys_are_declared_once_with_a_doc_and_an_example():
    assert len(BY_NAME) == len(KEYS)
    assert all(key.doc and key.example for key in KEYS)


def test_rules_refuse_a_key_the_schema_does_not_declare():
    rules = load_rules()
    with pytest.raises(KeyError, match="no data key 'meeting'"):
        rules.words("meeting")
    with pytest.raises(KeyError, match="not a list of words"):
        rules.words("levels")


# -- overlays ------------------------------------------------------------------------------------------


def test_an_overlay_adds_removes_and_replaces(tmp_path):
    path = _overlay(
        tmp_path,
        "meetings: [hội nghị giao ban mở rộng]\n"
        "levels: {commune: [bản]}\n"
        "remove:\n  qualifiers: [hàng]\n  levels: {commune: [thôn]}\n  misc: [HIV]\n"
        "replace:\n  not_units: [tuổi]\n  levels: {district: [quận, huyện]}\n",
    )
    base, rules = load_rules(), load_rules([path])
    assert rules.words("meetings")[-1] == "hội nghị giao ban mở rộng"
    assert "hàng" in base.words("qualifiers") and "hàng" not in rules.words("qualifiers")
    assert rules.words("not_units") == ("tuổi",)
    assert rules.mapping("levels")["district"] == ("quận", "huyện")
    commune = rules.mapping("levels")["commune"]
    assert "bản" in commune and "thôn" not in commune and "xã" in commune
    assert "HIV" not in rules.names("misc") and "HIV" in base.names("misc")
    assert rules.mapping("levels")["province"] == base.mapping("levels")["province"]


def test_a_form_given_by_the_user_leaves_every_other_name(tmp_path):
    path = _overlay(tmp_path, "organisations:\n  Công ty Sữa Việt Nam: [Vinamilk]\n")
    rules = load_rules(gazetteers=[path])
    assert rules.names("organisations")["Công ty Sữa Việt Nam"] == ("Vinamilk",)
    assert "Vinamilk" not in rules.names("organisations")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("qualifiers: ['']\n", "'qualifiers' has an empty entry"),
        ("not_donation: ['']\n", "'not_donation' has an empty entry"),
        ("qualifiers: [khoảng, Khoảng]\n", "'qualifiers' has 'Khoảng' twice"),
        ("titles: [ông, ông]\n", "'titles' has 'ông' twice"),
        ("meetings: [a]\nmeetings: [b]\n", "'meetings' is written twice"),
        ("abbreviations: [No]\n", "quote words such as 'No'"),
        ("meeting: [hội]\n", "key 'meeting' is unknown"),
        ("levels: {town: [phố]}\n", "'levels.town' is not one of central, province, district, commune"),
        ("remove:\n  qualifiers: [khoangg]\n", "'remove.qualifiers' has 'khoangg' to remove, which is not there"),
        ("remove:\n  misc: [Không Có]\n", "'remove.misc' has 'Không Có' to remove"),
        ("remove:\n  city_abbreviation: TP\n", "cannot be removed"),
        ("remove: [qualifiers]\n", "'remove' must be a mapping"),
        ("tcvn3: {}\n", "key 'tcvn3' is unknown"),
        ("units: {mười: 10}\n", "'units.mười' must be at most 9"),
        ("measures: {weight: []}\n", "'measures.weight' must be a non-empty list"),
        ("titles: [" + "a " * 30 + "]\n", "longer than"),
        ("- a\n", "must be a mapping of data keys"),
        ("meetings: [a\n", "not valid YAML at line 2"),
    ],
)
def test_a_bad_overlay_is_refused_naming_the_file_and_the_key(tmp_path, text, message):
    path = _overlay(tmp_path, text)
    with pytest.raises(RulesError) as info:
        load_rules([path])
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_a_gazetteer_file_holds_gazetteer_keys_only(tmp_path):
    path = _overlay(tmp_path, "meetings: [buổi gặp]\n")
    with pytest.raises(RulesError, match="key 'meetings' is unknown; allowed keys: address_words"):
        load_rules(gazetteers=[path])


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = _overlay(tmp_path, "meetings: [hội nghị]\n".encode("utf-16"))
    with pytest.raises(RulesError, match=r"mine.yaml: not UTF-8 .*save it as UTF-8"):
        load_rules([path])


def test_aliases_that_repeat_a_long_list_are_refused_quickly(tmp_path):
    words = ", ".join(f"w{i}" for i in range(10_000))
    names = "\n".join(f"  N{i}: *big" for i in range(1, 2_000))
    path = _overlay(tmp_path, f"organisations:\n  N0: &big [{words}]\n{names}\n")
    with pytest.raises(RulesError, match=f"more than {MAX_ENTRIES} entries"):
        load_rules(gazetteers=[path])


def test_packaged_files_take_no_overlay_sections():
    with pytest.raises(RulesError, match="key 'remove' is unknown"):
        packaged_file(File.TEXT, read_packaged_bytes(File.TEXT) + "remove:\n  captions: [Ảnh]\n".encode())


# -- the Rules object ----------------------------------------------------------------------------------


def test_rules_pickle_whole_and_keep_their_fingerprint(tmp_path):
    rules = load_rules([_overlay(tmp_path, "meetings: [buổi gặp mặt]\n")])
    again = pickle.loads(pickle.dumps(rules))
    assert again.data == rules.data and again.fingerprint == rules.fingerprint
    assert rules.fingerprint != load_rules().fingerprint
    assert load_rules().fingerprint == load_rules().fingerprint


def test_an_overlay_read_once_from_a_pipe_gives_the_same_rules_as_from_a_file(tmp_path):
    text = "meetings: [buổi gặp mặt]\n".encode()
    from_file = load_rules([_overlay(tmp_path, text)])
    built = overlay(load_rules(), text, "<python>")
    assert built.data == from_file.data


@pytest.mark.parametrize("key", [k for k in KEYS if k.shape is Shape.WORDS], ids=lambda k: k.name)
def test_packaged_word_lists_have_no_entry_twice(key):
    words = load_rules().words(key.name)
    assert len(words) == len(set(words))
