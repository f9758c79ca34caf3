"""Bytes -> text: every supported encoding, detection, errors, and properties with Hypothesis."""

import codecs
import contextlib
import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dan_van.errors import DanVanError, DecodeError, InputError
from dan_van.inputs.decoding import ENCODINGS, Decoded, decode, encode_legacy

SENTENCES = {
    "lanh-dao": (
        "Lãnh đạo Sở Y tế và Mặt trận Tổ quốc TP Hà Nội tiếp nhận 50.000 bộ lấy mẫu xét nghiệm "
        "Covid-19, tương đương 5 tỷ đồng từ đại diện Vinamilk."
    ),
    "hoi-nghi": "Năm 2020, TP đã tổ chức hai hội nghị đối thoại cấp TP, 113 hội nghị cấp quận, huyện, thị xã.",
    "quyen-gop": "Đoàn thanh niên quyên góp được 45 triệu đồng và 3 tấn gạo giúp đồng bào miền Trung.",
    "anh-caption": "Ảnh: Thúy Nga. Ủy ban nhân dân tỉnh Quảng Ngãi ủng hộ 1,5 tỷ đồng.",
    "upper": "ĐỒNG BÀO MIỀN TRUNG NHẬN ĐƯỢC HƠN 3 TẤN GẠO",
}
SEEDS_DIR = Path(__file__).parents[2] / "seeds"
SEEDS = {path.stem: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))}
TEXTS = SENTENCES | SEEDS

TONES = "\u0300\u0301\u0303\u0309\u0323"
LOWER_CASE = [
    letter
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    for tone in ("", *TONES)
    if not (letter := unicodedata.normalize("NFC", base + tone)).isascii()
] + ["đ"]
LETTERS = LOWER_CASE + [letter.upper() for letter in LOWER_CASE]
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Windows writes it: â ă ê ô ơ ư đ precomposed, tone marks combining."""
    out: list[str] = []
    base = 0
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and char not in TONES and out:
            out[base] = unicodedata.normalize("NFC", out[base] + char)
            continue
        if not unicodedata.combining(char):
            base = len(out)
        out.append(char)
    return "".join(out).encode("cp1258")


def tcvn3_text(text: str) -> str:
    """What TCVN3 keeps of `text`: capitals with marks come back in lower case."""
    return "".join(
        c.lower() if c.isupper() and not c.isascii() and c not in TCVN3_CAPITALS else c
        for c in unicodedata.normalize("NFC", text)
    )


# name -> (text -> bytes, detected encoding, text -> expected decoded text)
ENCODERS = {
    "utf-8": (lambda t: t.encode("utf-8"), "utf-8", lambda t: t),
    "utf-8-bom": (lambda t: t.encode("utf-8-sig"), "utf-8-sig", lambda t: t),
    "utf-16-le-bom": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16", lambda t: t),
    "utf-16-be-bom": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16", lambda t: t),
    "nfd-utf-8": (
        lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
        "utf-8",
        lambda t: unicodedata.normalize("NFD", t),
    ),
    "cp1258": (cp1258_bytes, "cp1258", lambda t: t),
    "tcvn3": (lambda t: encode_legacy(t, "tcvn3"), "tcvn3", tcvn3_text),
    "vni": (lambda t: encode_legacy(t, "vni"), "vni", lambda t: t),
}


@pytest.mark.parametrize("encoder", ENCODERS, ids=list(ENCODERS))
@pytest.mark.parametrize("text_id", TEXTS, ids=list(TEXTS))
def test_detects_and_decodes(text_id, encoder):
    text = unicodedata.normalize("NFC", TEXTS[text_id])
    to_bytes, encoding, expected = ENCODERS[encoder]
    decoded = decode(to_bytes(text), name=f"{text_id}.txt")
    assert decoded.encoding == encoding
    assert decoded.text == expected(text)


@pytest.mark.parametrize("encoder", ["cp1258", "tcvn3", "vni"])
def test_legacy_text_is_nfc(encoder):
    to_bytes, _, _ = ENCODERS[encoder]
    decoded = decode(to_bytes(SENTENCES["lanh-dao"]))
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_utf8_nfd_is_left_as_decoded():
    nfd = unicodedata.normalize("NFD", "Hà Nội")
    assert decode(nfd.encode("utf-8")) == Decoded(nfd, "utf-8")


# Legacy byte strings as they look in Windows-1252, written out by hand (the first of each as other
# converters document them), independent of our own tables.
PUBLISHED = [
    ("vni", "Xin chaøo caùc baïn".encode("cp1252"), "Xin chào các bạn"),
    ("vni", "Tieáng Vieät raát hay".encode("cp1252"), "Tiếng Việt rất hay"),
    ("vni", "ÑOÀNG BAØO".encode("cp1252"), "ĐỒNG BÀO"),
    ("vni", "Ngöôøi".encode("cp1252"), "Người"),
    ("tcvn3", "TiÕng ViÖt rÊt hay".encode("cp1252"), "Tiếng Việt rất hay"),
    ("tcvn3", "B¶o Th¾ng".encode("cp1252"), "Bảo Thắng"),
    ("tcvn3", "B¸t X¸t".encode("cp1252"), "Bát Xát"),
    ("tcvn3", "M\xadêng Kh\xad¬ng".encode("latin-1"), "Mường Khương"),
    ("tcvn3", "§µ N½ng".encode("cp1252"), "Đà Nẵng"),
]


@pytest.mark.parametrize(("encoding", "data", "text"), PUBLISHED, ids=[t for _, _, t in PUBLISHED])
def test_published_bytes(encoding, data, text):
    assert decode(data, encoding) == Decoded(text, encoding)
    assert encode_legacy(text, encoding) == data


# The full tables as published by other converters (libiconv's TCVN, xvnkb's VNI), kept apart
# from dan_van/data/encodings.yaml so that a slip there fails here.
TCVN3_LETTERS = "àáảãạ ằắẳẵặă ầấẩẫậâ èéẻẽẹ ềếểễệê ìíỉĩị òóỏõọ ồốổỗộô ờớởỡợơ ùúủũụ ừứửữựư ỳýỷỹỵ đ ĂÂÊÔƠƯĐ"
TCVN3_BYTES = (
    "b5b8b6b7b9 bbbebcbdc6a8 c7cac8c9cba9 ccd0cecfd1 d2d5d3d4d6aa d7ddd8dcde dfe3e1e2e4"
    " e5e8e6e7e9ab eaedebeceeac eff3f1f2f4 f5f8f6f7f9ad fafdfbfcfe ae a1a2a3a4a5a6a7"
)
TCVN3_GOLDEN = dict(zip(TCVN3_LETTERS.replace(" ", ""), bytes.fromhex(TCVN3_BYTES), strict=True))
VNI_GOLDEN = {
    "á à ả ã ạ": "aù aø aû aõ aï",
    "ấ ầ ẩ ẫ ậ â": "aá aà aå aã aä aâ",
    "ắ ằ ẳ ẵ ặ ă": "aé aè aú aü aë aê",
    "é è ẻ ẽ ẹ": "eù eø eû eõ eï",
    "ế ề ể ễ ệ ê": "eá eà eå eã eä eâ",
    "í ì ỉ ĩ ị": "í ì æ ó ò",
    "ó ò ỏ õ ọ": "où oø oû oõ oï",
    "ố ồ ổ ỗ ộ ô": "oá oà oå oã oä oâ",
    "ớ ờ ở ỡ ợ ơ": "ôù ôø ôû ôõ ôï ô",
    "ú ù ủ ũ ụ": "uù uø uû uõ uï",
    "ứ ừ ử ữ ự ư": "öù öø öû öõ öï ö",
    "ý ỳ ỷ ỹ ỵ": "yù yø yû yõ î",
    "đ": "ñ",
}


@pytest.mark.parametrize(("letter", "byte"), TCVN3_GOLDEN.items(), ids=list(TCVN3_GOLDEN))
def test_tcvn3_table(letter, byte):
    assert encode_legacy(letter, "tcvn3") == bytes([byte])
    assert decode(bytes([byte]), "tcvn3").text == letter


VNI_PAIRS = [
    (letter, spelling)
    for letters, spellings in VNI_GOLDEN.items()
    for lower, lower_spelling in zip(letters.split(), spellings.split(), strict=True)
    for letter, spelling in ((lower, lower_spelling), (lower.upper(), lower_spelling.upper()))
]


@pytest.mark.parametrize(("letter", "spelling"), VNI_PAIRS, ids=[letter for letter, _ in VNI_PAIRS])
def test_vni_table(letter, spelling):
    assert encode_legacy(letter, "vni") == spelling.encode("cp1252")
    assert decode(spelling.encode("cp1252"), "vni").text == letter


def test_golden_tables_cover_every_letter():
    assert len(TCVN3_GOLDEN) == 74
    assert sorted(letter for letter, _ in VNI_PAIRS) == sorted(LETTERS)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_every_letter_round_trips(encoding):
    assert len(LETTERS) == 134
    text = " ".join(LETTERS)
    expected = tcvn3_text(text) if encoding == "tcvn3" else text
    assert decode(encode_legacy(text, encoding), encoding).text == expected


def test_every_letter_round_trips_through_cp1258():
    text = " ".join(LETTERS)
    assert decode(cp1258_bytes(text), "cp1258").text == text


def test_tcvn3_capitals_with_marks_read_back_lower_case():
    assert encode_legacy("Ảnh", "tcvn3") == encode_legacy("ảnh", "tcvn3")
    assert decode(encode_legacy("ĐẠI HỘI", "tcvn3"), "tcvn3").text == "ĐạI HộI"


def test_encode_legacy_refuses_what_it_cannot_hold():
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("Muñoz", "vni")
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("≥ 5", "tcvn3")
    assert encode_legacy("Muñoz", "vni", errors="replace") == b"Mu?oz"
    with pytest.raises(ValueError, match="tcvn3 or vni"):
        encode_legacy("Hà Nội", "cp1258")


def test_empty_is_utf8():
    assert decode(b"") == Decoded("", "utf-8")


def test_ascii_is_utf8():
    assert decode(b"Covid-19, 50.000") == Decoded("Covid-19, 50.000", "utf-8")


def test_long_ascii_preamble_then_tcvn3():
    data = b"Source: example.com\n" * 5000 + encode_legacy(SENTENCES["quyen-gop"], "tcvn3")
    assert decode(data).encoding == "tcvn3"


BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    "nul-in-text": "Hà Nội\x00".encode(),
    "controls": bytes(range(1, 9)) * 20 + b"text",
}


@pytest.mark.parametrize("data", BINARY.values(), ids=list(BINARY))
def test_binary_is_an_input_error(data):
    with pytest.raises(InputError, match=r"^photo\.png: looks like a binary file, not text; pass a text") as err:
        decode(data, name="photo.png")
    assert not isinstance(err.value, DecodeError)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_text_without_a_byte_order_mark_names_the_encoding_to_give(encoding):
    data = SENTENCES["quyen-gop"].encode(encoding)
    with pytest.raises(InputError) as err:
        decode(data, name="a.txt")
    assert str(err.value) == (
        f"a.txt: looks like {encoding[:6].upper()} text without a byte-order mark; pass --encoding {encoding}"
    )
    assert decode(data, encoding=encoding).text == SENTENCES["quyen-gop"]


@pytest.mark.parametrize("bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE], ids=["le", "be"])
def test_utf32_with_a_byte_order_mark_is_decoded(bom):
    codec = "utf-32-le" if bom == codecs.BOM_UTF32_LE else "utf-32-be"
    assert decode(bom + SENTENCES["quyen-gop"].encode(codec)) == Decoded(SENTENCES["quyen-gop"], "utf-32")


def test_utf16_text_starting_with_nul_is_not_taken_for_utf32():
    data = codecs.BOM_UTF16_LE + "\x00Hà".encode("utf-16-le")
    assert decode(data) == Decoded("\x00Hà", "utf-16")


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "uu", "bz2"])
def test_codecs_that_are_no_text_encoding_are_refused_even_for_no_bytes(codec):
    with pytest.raises(DecodeError, match=rf"^--encoding: '{codec}' is not a text encoding; pass --encoding"):
        decode(b"", encoding=codec, name="--encoding")


def test_random_high_bytes_are_undecidable():
    data = bytes(random.Random(7).randrange(0x80, 0x100) for _ in range(400))
    with pytest.raises(DecodeError, match=r"^noise\.txt: cannot tell the encoding") as err:
        decode(data, name="noise.txt")
    message = str(err.value)
    assert "\n" not in message
    assert "--encoding" in message
    assert all(name in message for name in ENCODINGS)


def test_non_vietnamese_latin1_is_undecidable():
    with pytest.raises(DecodeError, match="--encoding"):
        decode("Le café crème est très bon.".encode("latin-1"), name="fr.txt")


TRUNCATED = {
    "mid-letter": ("Hà Nộ".encode()[:-1], "Hà N\ufffd"),
    "mid-letter-after-ascii": (b"Ha Noi \xe1\xba", "Ha Noi \ufffd"),
    "lead-byte-only": ("Đồng bào".encode() + b"\xe1", "Đồng bào\ufffd"),
}


@pytest.mark.parametrize(("data", "text"), TRUNCATED.values(), ids=list(TRUNCATED))
def test_truncated_utf8_keeps_utf8(data, text):
    assert decode(data) == Decoded(text, "utf-8")


def test_truncated_utf16_keeps_utf16():
    data = "Hà Nội".encode("utf-16") + b"\x41"
    assert decode(data) == Decoded("Hà Nội\ufffd", "utf-16")


def test_invalid_utf8_in_the_middle_is_not_utf8():
    data = "Hà Nội".encode() + b"\xff" + "Đà Nẵng".encode()
    with pytest.raises(DecodeError):
        decode(data)


ALIASES = [
    ("utf8", "utf-8"),
    ("UTF-8", "utf-8"),
    ("utf_8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf16", "utf-16"),
    ("windows-1258", "cp1258"),
    ("CP1258", "cp1258"),
    ("tcvn", "tcvn3"),
    ("TCVN3", "tcvn3"),
    ("abc", "tcvn3"),
    ("vni-windows", "vni"),
    ("VNI_Windows", "vni"),
]


@pytest.mark.parametrize(("alias", "encoding"), ALIASES, ids=[a for a, _ in ALIASES])
def test_forced_encoding_aliases(alias, encoding):
    text = SENTENCES["hoi-nghi"]
    to_bytes = {
        "utf-8": ENCODERS["utf-8"][0],
        "utf-8-sig": ENCODERS["utf-8-bom"][0],
        "utf-16": ENCODERS["utf-16-le-bom"][0],
        "cp1258": cp1258_bytes,
        "tcvn3": ENCODERS["tcvn3"][0],
        "vni": ENCODERS["vni"][0],
    }[encoding]
    assert decode(to_bytes(text), alias) == Decoded(text, encoding)


def test_forced_utf8_on_a_bom_reports_utf8_sig():
    assert decode("Hà Nội".encode("utf-8-sig"), "utf-8") == Decoded("Hà Nội", "utf-8-sig")


PYTHON_CODECS = [
    ("latin-1", b"caf\xe9", "café", "iso8859-1"),
    ("cp1252", b"\x93Hi\x94", "\u201cHi\u201d", "cp1252"),
    ("utf-16-le", "Hà Nội".encode("utf-16-le"), "Hà Nội", "utf-16-le"),
]


@pytest.mark.parametrize(("codec", "data", "text", "name"), PYTHON_CODECS, ids=[c[0] for c in PYTHON_CODECS])
def test_forced_python_codec(codec, data, text, name):
    assert decode(data, codec) == Decoded(text, name)


FORCED_WRONG = {
    "tcvn3-as-utf-8": (encode_legacy(SENTENCES["hoi-nghi"], "tcvn3"), "utf-8", "utf-8"),
    "undefined-cp1258-byte": (b"abc \x8a def", "cp1258", "cp1258"),
    "unknown-name": (b"abc", "klingon", "klingon"),
    "not-a-text-codec": (b"abc", "base64", "base64"),
    "odd-utf-16-surrogate": (codecs.BOM_UTF16_LE + b"\x00\xdc\x41\x00", "utf-16", "utf-16"),
}


@pytest.mark.parametrize(("data", "encoding", "named"), FORCED_WRONG.values(), ids=list(FORCED_WRONG))
def test_forced_wrong_encoding(data, encoding, named):
    with pytest.raises(DecodeError, match=r"^in\.txt: ") as err:
        decode(data, encoding, name="in.txt")
    assert named in str(err.value)
    assert "--encoding" in str(err.value)


def test_encodings_names():
    assert ENCODINGS == ("utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_danvan_errors(data):
    try:
        decoded = decode(data)
    except DanVanError:
        return
    assert decoded.encoding in ENCODINGS
    assert isinstance(decoded.text, str)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(ENCODINGS))
def test_forced_random_bytes_raise_only_danvan_errors(data, encoding):
    with contextlib.suppress(DanVanError):
        decode(data, encoding)


TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_utf8_round_trips(text):
    assert decode(text.encode("utf-8")) == Decoded(text, "utf-8")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*LETTERS, " ", "n", "g", "t", "h", ".", "1"]), max_size=80).map("".join))
def test_legacy_round_trips_when_forced(text):
    for encoding in ("tcvn3", "vni"):
        expected = tcvn3_text(text) if encoding == "tcvn3" else unicodedata.normalize("NFC", text)
        assert decode(encode_legacy(text, encoding), encoding).text == expected
