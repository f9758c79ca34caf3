"""Vietnamese numerals: golden tables in tests/data/numbers.yaml, properties with Hypothesis."""

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dan_van.errors import RulesError
from dan_van.language.load import load_rules, packaged_file, read_packaged_bytes
from dan_van.language.schema import File
from dan_van.numbers import Numeral, lexicon, parse, scale, scan

GOLDEN = yaml.safe_load((Path(__file__).parent / "data" / "numbers.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "value"), GOLDEN["parse"], ids=[c[0] for c in GOLDEN["parse"]])
def test_parse(text, value):
    assert parse(text) == Decimal(value)


@pytest.mark.parametrize("text", GOLDEN["not_numeral"], ids=[repr(t) for t in GOLDEN["not_numeral"]])
def test_parse_rejects(text):
    with pytest.raises(ValueError, match="not a Vietnamese numeral"):
        parse(text)


@pytest.mark.parametrize(("word", "value"), GOLDEN["scale"], ids=[repr(c[0]) for c in GOLDEN["scale"]])
def test_scale(word, value):
    assert scale(word) == (None if value is None else Decimal(value))


@pytest.mark.parametrize("case", GOLDEN["scan"], ids=[c["text"] for c in GOLDEN["scan"]])
def test_scan(case):
    found = scan(case["text"])
    assert [[n.text, n.value] for n in found] == [[t, Decimal(v)] for t, v in case["expect"]]
    for n in found:
        assert case["text"][n.start : n.end] == n.text


@pytest.mark.parametrize(
    ("text", "spelled", "scaled"),
    [
        ("hai", True, False),
        ("mười lăm", True, False),
        ("một trăm linh năm", True, True),
        ("nửa", True, False),
        ("một triệu rưỡi", True, True),
        ("50.000", False, False),
        ("1,7 triệu", False, True),
        ("3 chục", False, True),
        ("5 trăm", False, True),
        ("1 tỷ hai trăm triệu", False, True),
    ],
)
def test_flags(text, spelled, scaled):
    [n] = scan(text)
    assert (n.spelled, n.scaled) == (spelled, scaled)


def test_numeral_is_frozen():
    n = scan("5 tỷ")[0]
    assert n == Numeral(0, 4, "5 tỷ", Decimal(5_000_000_000), spelled=False, scaled=True)
    with pytest.raises(AttributeError):
        n.value = Decimal(1)  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t ",
        "1.2.3 tỷ",
        "đồng đồng",
        "\x00\xff\ufffd",
        "1." * 1000,
        ",,,...",
        "tỷ tỷ tỷ rưỡi rưỡi",
    ],
    ids=repr,
)
def test_odd_inputs_do_not_crash(text):
    for n in scan(text):
        assert text[n.start : n.end] == n.text


def test_nfd_text_does_not_crash_and_never_splits_a_syllable():
    text = unicodedata.normalize("NFD", "Bà ba có hai mươi lăm nghìn đồng, năm nay")
    found = scan(text)
    assert found, "the syllables without diacritics are still found"
    assert all(text[n.start : n.end] == n.text for n in found)
    assert "Ba" not in [n.text for n in found]  # "Bà" in NFD is "Ba" + a combining grave


def test_long_text_without_digits_scans():
    text = ("Lãnh đạo Sở Y tế tiếp nhận bộ lấy mẫu xét nghiệm từ đại diện bao nhiêu tỷ lệ. " * 13_000)[:1_000_000]
    assert scan(text) == []
    assert scan("a" * 1_000_000) == []


def _assert_spans_hold(text):
    last_end = 0
    for n in scan(text):
        assert text[n.start : n.end] == n.text
        assert last_end <= n.start < n.end
        last_end = n.end


@given(st.text())
def test_scan_never_raises_and_spans_hold(text):
    _assert_spans_hold(text)


@given(st.lists(st.sampled_from(["hai", "mươi", "1", "tỷ", "200", "triệu", "rưỡi", ",", " ", "trăm", "năm", "5.000"])))
def test_scan_on_number_soup(parts):
    _assert_spans_hold(" ".join(parts))


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=10**24))
def test_dot_grouped_integers_round_trip(number):
    assert parse(f"{number:,}".replace(",", ".")) == number


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_comma_decimals_round_trip(whole, cents):
    text = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert parse(text) == Decimal(whole) + Decimal(cents) / 100


def test_packaged_lexicon_loads():
    assert lexicon().scales["tỷ"] == 1_000_000_000


@pytest.mark.parametrize(
    ("overlay", "key"),
    [
        ("units: null\n", "units"),
        ("replace:\n  units: {một: one}\n", "replace.units.một"),
        ("scales: {tỷ: -1}\n", "scales.tỷ"),
        ("replace:\n  half: []\n", "replace.half"),
        ("not_before: {đồng: [lệ]}\n", "not_before.đồng"),
        ("not_before: {tỷ: lệ}\n", "not_before.tỷ"),
        ("units: {mười: 10}\n", "units.mười"),
    ],
    ids=lambda v: v if "\n" not in v else None,
)
def test_malformed_number_words_name_file_and_key(tmp_path, overlay, key):
    path = tmp_path / "numbers.yaml"
    path.write_text(overlay, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules([path])
    assert str(path) in str(info.value)
    assert f"'{key}'" in str(info.value)


def test_packaged_number_file_must_have_every_key():
    data = yaml.safe_load(read_packaged_bytes(File.NUMBERS))
    del data["scales"]
    with pytest.raises(RulesError, match="missing key 'scales'"):
        packaged_file(File.NUMBERS, yaml.safe_dump(data, allow_unicode=True).encode())
    with pytest.raises(RulesError, match="must be a mapping"):
        packaged_file(File.NUMBERS, b"- mot\n- hai\n")
    with pytest.raises(RulesError, match="numbers.yaml: not valid YAML"):
        packaged_file(File.NUMBERS, b"units: [\n")


def test_number_words_from_an_overlay_are_read(tmp_path):
    path = tmp_path / "more.yaml"
    path.write_text("scales: {muôn: 10000}\n", encoding="utf-8")
    assert [n.value for n in scan("3 muôn người", lexicon(load_rules([path])))] == [Decimal(30000)]
    assert [n.value for n in scan("3 muôn người")] == [Decimal(3)]
