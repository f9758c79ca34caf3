"""The native and the pure-Python engines against stock underthesea on tricky input, and the native core's
behaviour on bad models, odd words, lone surrogates and threads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import unicodedata

import pytest

from dan_van.nlp import engine, native
from dan_van.nlp import underthesea_files as _resources

pytestmark = [
    pytest.mark.models,
    pytest.mark.skipif(not native.AVAILABLE, reason=f"the native core is not built: {native.IMPORT_ERROR}"),
]

native.load()
SEGMENTER = engine._segmenter()

import underthesea  # noqa: E402  (after our load: the real package must come)
from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger  # noqa: E402
from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor  # noqa: E402
from underthesea.pipeline.ner.model_crf import CRFNERPredictor  # noqa: E402
from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor  # noqa: E402
from underthesea.pipeline.word_tokenize import regex_tokenize  # noqa: E402


class pyseg:  # noqa: N801 - the pure-Python engine's functions, under one name
    segment = staticmethod(SEGMENTER.segment)
    featurize = staticmethod(SEGMENTER.featurize)
    sent_tokenize = staticmethod(engine.split_sentences)

    @staticmethod
    def tag_words(words):
        return engine._python_tags(tuple(words)) if words else []


LONG = " ".join(["Ông", "An", "đi", "chợ", "ngày", "12/3", ",", "mua", "cá", "."] * 320)  # 3,200 words
# Stock ner() costs time in the square of a sentence's length: the tagging comparisons take 800 words.
MEDIUM = LONG[: len(LONG) // 4]
TRICKY = [
    "",
    " ",
    "\t\n ",
    ".",
    "...",
    "!?!",
    "!@#$%^&*()_+-=[]{};':\",./<>?`~|\\",
    "«»“”‘’–—…",
    MEDIUM,
    "0 1 12 123 4.567 4.567,89 100,000,000 2147483647 2147483648 -5 +7 3x4 02/05/2014 10:20:50 43H-0530",
    "Số điện thoại 03-5730-2357, giá 60.542.000 đồng, tăng 1.600m-2.000m.",
    "Xem https://vnexpress.net/tin-tuc/thoi-su-123.html?id=5&x=(1) hoặc www.dantri.com.vn/abc nhé",
    "Liên hệ nguyen.van.an+tin@gmail.com hoặc foo@bar.vn.",
    "Hà Nội 東京 Москва Αθήνα ΟΔΟΣ ΑΣ ας İstanbul ǅemal Straße ﬁne Ωmega",
    "Tôi 😀 vui quá 👍🏽 :)) =)) <3 ♥‿♥ :D",
    unicodedata.normalize("NFD", "Việt Nam là một quốc gia ở Đông Nam Á, thủ đô Hà Nội."),
    "Ðà Nẵng và ðường phố",
    "thuở ấy nghành nghã hoà hòa thuỷ thủy",
    "TP.HCM, T.Ư, H&M, H'Mông, N’Thôn Hạ, Mr. Smith, Th.S Nguyễn, NĐ-CP, e-mail, v.v...",
    "ABC XYZ CÔNG TY TNHH MỘT THÀNH VIÊN",
    "a\u0301 \u0301 \u200d \u00a0 x\u00a0y \ufeffz",
    "nul \x00 char and \x7f del",
    "Unicode 16: \ua7cb\ua7cc \u1c89 \U00010d50\U00010d70 \u019b\u0264 ꟓ",
    "ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ ÈÉẺẼẸ ÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ÙÚỦŨỤ ƯỪỨỬỮỰ ỲÝỶỸỴ Đ",
    "x" * 5000,
    "Mở đầu\r\ngiữa\u2028cuối",
]


@pytest.fixture(scope="module")
def stock_ws():
    tagger = FastCRFSequenceTagger()
    tagger.load(os.path.join(os.path.dirname(underthesea.__file__), _resources.WS_MODEL_DIR))
    return tagger


def stock_tag_words(words):
    pos = CRFPOSTagPredictor.Instance().predict(words)
    chunk = CRFChunkingPredictor.Instance().predict(pos)
    return CRFNERPredictor.Instance().predict(chunk)


def test_long_sentence_has_3000_words():
    assert len(underthesea.word_tokenize(LONG)) >= 3000
    assert native.segment(LONG) == underthesea.word_tokenize(LONG)


@pytest.mark.parametrize("sentence", TRICKY, ids=range(len(TRICKY)))
def test_sentence(sentence, stock_ws):
    tokens = regex_tokenize.tokenize(sentence)
    assert _resources.tokenize(sentence) == tokens
    words = underthesea.word_tokenize(sentence)
    assert native.segment(sentence) == words
    assert pyseg.segment(sentence) == words
    expected = underthesea.ner(sentence)
    assert native.tag_words(words) == expected
    assert pyseg.tag_words(words) == expected
    assert native.tag(sentence) == expected
    if tokens:
        assert pyseg.featurize(tokens) == stock_ws.featurizer.process([[[t] for t in tokens]])[0]
        assert native.segment_tags(sentence) == stock_ws.predict([[t] for t in tokens])


@pytest.mark.parametrize(
    "text", TRICKY + ['Xin chào. Tôi là An.  Ông ấy nói: "Được!" Rồi đi...Về nhà', "Dr. A đến lúc 1.500 giờ. Tp. HCM"]
)
def test_sent_tokenize(text):
    assert native.sent_tokenize(text) == underthesea.sent_tokenize(text)
    assert pyseg.sent_tokenize(text) == underthesea.sent_tokenize(text)


ODD_WORDS = [
    [],
    [""],
    ["", ""],
    ["a  b", " x", "y ", "Hà Nội"],
    ["Ωmega", "ΟΔΟΣ", "İ", "ǅ", "ß", "٣", "²", "Ⅻ", "123", "1 2"],
    ["BOS", "EOS", "X", "True", "False", "T[0]=x", "="],
    ["\x00", "\ud7ff", "😀", "\U0010ffff"],
]


@pytest.mark.parametrize("words", ODD_WORDS, ids=range(len(ODD_WORDS)))
def test_tag_odd_words(words):
    expected = stock_tag_words(words)
    assert native.tag_words(words) == expected
    assert pyseg.tag_words(words) == expected


def test_segment_features_odd_tokens(stock_ws):
    tokens = ["+5", "-5", "2147483648", "-2147483648", "٣", "ß", "ǅ", "İ", "ΑΣ", "\ua7cb", "\u019b", "x  y", "0005"]
    assert pyseg.featurize(tokens) == stock_ws.featurizer.process([[[t] for t in tokens]])[0]
    assert native._crfcore.segment_tags(native._engine().ws, tokens) == stock_ws.predict([[t] for t in tokens])


@pytest.mark.parametrize("bad", ["a\ud800b", "\udfff", "Hà Nội \udc80"])
def test_lone_surrogate_raises(bad):
    with pytest.raises(UnicodeError):
        native.segment(bad)
    with pytest.raises(UnicodeError):
        native.tag_words(["ok", bad])
    with pytest.raises(UnicodeError):
        pyseg.segment(bad)


def test_empty_token_raises_cleanly():
    with pytest.raises(ValueError):
        native._crfcore.segment(native._engine().ws, ["a", ""])
    with pytest.raises(TypeError):
        native._crfcore.segment(native._engine().ws, ["a", 3])
    with pytest.raises(TypeError):
        native.tag_words(["a", None])


def test_unknown_model_path():
    with pytest.raises(native.ModelError, match="cannot read CRF model /no/such/model.bin"):
        native.load_model("/no/such/model.bin", ["T[0]"], "python")


@pytest.mark.parametrize("cut", [0, 3, 47, 48, 100, 5000, -1])
def test_malformed_model(tmp_path, cut):
    data = _resources.model_path("chunk").read_bytes()
    bad = tmp_path / "bad.bin"
    bad.write_bytes(data[:cut] if cut >= 0 else b"lCRF" + b"\xff" * 60)
    with pytest.raises(native.ModelError, match="cannot load CRF model"):
        native.load_model(bad, ["T[0]"], "python")


def test_corrupt_model_offsets(tmp_path):
    """random garbage in the body must give an error or a model, never a crash"""
    import random

    data = bytearray(_resources.model_path("chunk").read_bytes())
    rng = random.Random(7)
    for trial in range(40):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        if trial % 3 == 0:
            mutated[rng.randrange(48)] = rng.randrange(256)
        path = tmp_path / f"m{trial}.bin"
        path.write_bytes(bytes(mutated))
        try:
            model = native.load_model(path, _resources.tagger_templates("chunk"), "python")
        except native.ModelError:
            continue
        native._crfcore.tag_chain((native._engine().chain[0], model), ["Hà Nội", "đẹp"])


def test_bad_templates():
    file = _resources.model_path("chunk")
    with pytest.raises(native.ModelError):
        native.load_model(file, ["T[0].nosuchfunction"], "python")
    with pytest.raises(native.ModelError, match="mode must be"):
        native.load_model(file, ["T[0]"], "klingon")
    with pytest.raises(native.ModelError, match="dictionary"):
        native.load_model(file, ["T[0].is_in_dict"], "rust")


def test_threads_agree():
    sentences = [s for s in TRICKY if s][:10] * 5
    expected = [native.tag(s) for s in sentences]
    results = [None, None]

    def work(k):
        results[k] = [native.tag(s) for s in sentences]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected, expected]


def test_no_underthesea_import_and_real_package_later():
    code = (
        "import sys; from dan_van.nlp import native; native.load(); native.tag(native.segment('Hà Nội')[0]);"
        "assert 'underthesea' not in sys.modules, sorted(m for m in sys.modules if 'underthesea' in m);"
        "assert 'joblib' not in sys.modules;"
        "import underthesea; assert underthesea.word_tokenize('Hà Nội đẹp') == native.segment('Hà Nội đẹp');"
        "assert hasattr(underthesea, 'ner') and underthesea.__file__"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_tokenizer_fast_path_fuzz():
    """the letter-run fast path of _resources.tokenize gives the regex's tokens"""
    import random

    pattern = _resources.patterns()
    alphabet = list("aAbTthHsSvVeEmMrpPiIlNĐđCFxXDUỪƯướÁáạ0123456789.,-:;@/()'’&°_=><+%$^!?\"[]{}#*~|")
    alphabet += [
        "ʺ",
        "♥",
        "‿",
        "×",
        "\u0301",
        "\u00a0",
        " ",
        " ",
        "\t",
        "\n",
        "\x1c",
        "\u2028",
        "\u3000",
        "😀",
        "٣",
        "ǅ",
    ]
    words = [
        "Th.S",
        "ThS.",
        "Tp.",
        "Mr.",
        "v.v",
        "v.v...",
        "e-mail",
        "NĐ-CP",
        "http://a.b/c",
        "www.x.com",
        "a@b.vn",
        "H&M",
        "T.Ư",
        "H'Mông",
        "3x4",
        "1.600m-2.000m",
        ":))",
        ":D",
        "<3",
        "02/05/2014",
        "4K",
        "A.",
        "Thus",
        "Th S",
    ]
    rng = random.Random(11)
    for _ in range(5000):
        parts = []
        for _ in range(rng.randint(0, 12)):
            r = rng.random()
            if r < 0.3:
                parts.append(rng.choice(words))
            elif r < 0.5:
                parts.append(" ")
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))))
        text = "".join(rng.choice(["", " "]) + p for p in parts)
        assert _resources._match_tokens(text) == [m.group() for m in pattern.finditer(text)], text
