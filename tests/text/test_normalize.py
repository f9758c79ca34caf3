import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dan_van.text.normalize import clean
from dan_van.text.vietnamese import retone

ABBREVIATIONS = ["TP", "T", "GS", "TS"]

GLUED = [
    ("ấn tượng đẹpThực tế cho thấy", "ấn tượng đẹp\nThực tế cho thấy"),
    ("phục vụ người dân và DN.Nhìn từ Hà Nội", "phục vụ người dân và DN.\nNhìn từ Hà Nội"),
    ("bị ảnh hưởng bởi bão, lũ…Hình ảnh", "bị ảnh hưởng bởi bão, lũ…\nHình ảnh"),
    ("niềm tin trong Nhân dân.Không hình thứcCác cơ quan", "niềm tin trong Nhân dân.\nKhông hình thức\nCác cơ quan"),
    ("đô thị văn minh...Trên cơ sở", "đô thị văn minh...\nTrên cơ sở"),
]
KEPT = [
    "TP.HCM",
    "chỉ đạo của T.Ư và TP",
    "GS.TS Nguyễn Văn A",
    "TP.Hà Nội",
    "iPhone 12",
    "VinFast",
    "eBay",
    "1.5L",
    "50.000 bộ",
    "Covid-19",
]


@pytest.mark.parametrize(("text", "expected"), GLUED, ids=[g[0][:20] for g in GLUED])
def test_glued_boundaries_are_split(text, expected):
    assert clean(text, ABBREVIATIONS).text == expected


@pytest.mark.parametrize("text", KEPT)
def test_abbreviations_and_names_are_kept(text):
    assert clean(text, ABBREVIATIONS).text == text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("Thuỷ", "Thủy"),
        ("khoẻ", "khỏe"),
        ("quý", "quý"),
        ("hoàn", "hoàn"),
        ("thuý", "thúy"),
        ("Hoà Bình", "Hòa Bình"),
    ],
)
def test_one_tone_placement(old, new):
    assert retone(old) == new


def test_nfd_input_maps_back_to_its_own_offsets(seed_text):
    nfd = unicodedata.normalize("NFD", seed_text)
    cleaned = clean(nfd, ABBREVIATIONS)
    assert cleaned.text == clean(seed_text, ABBREVIATIONS).text
    i = cleaned.text.index("Vinamilk")
    start, end = cleaned.span(i - 9, i + 8)
    assert unicodedata.normalize("NFC", nfd[start:end]) == "đại diện Vinamilk"


@given(st.text(alphabet=st.sampled_from("aăâeêoôơuưyđAĐTP. …\n\u0300\u0301\u0303\u0309\u0323Hhàòa1"), max_size=60))
def test_every_cleaned_span_maps_inside_the_input(text):
    cleaned = clean(text, ABBREVIATIONS)
    for i in range(len(cleaned.text) + 1):
        start, end = cleaned.span(i, i)
        assert 0 <= start <= len(text)
        assert 0 <= end <= len(text)
    start, end = cleaned.span(0, len(cleaned.text))
    assert (start, end) == (0, len(text)) or not text
    nfc = unicodedata.normalize
    assert nfc("NFC", cleaned.text.replace("\n", "")) == nfc("NFC", retone_nfc(text).replace("\n", ""))


def retone_nfc(text):
    return retone(unicodedata.normalize("NFC", text))
