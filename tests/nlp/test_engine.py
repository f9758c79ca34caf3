"""The tagging engine: features equal to underthesea's featurizer, tags equal to `underthesea.ner()`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import dan_van
from dan_van.errors import EngineError
from dan_van.nlp import crf_features as features
from dan_van.nlp import engine as nlp
from dan_van.nlp import native, underthesea_files

SHARED = Path(__file__).parents[3] / "shared"
CP_DEV = SHARED / "data" / "CP_Vietnamese-UNC" / "dev"
UD_DEV = SHARED / "data" / "UD_Vietnamese-VTB" / "vi_vtb-ud-dev.conllu"
SEEDS = Path(__file__).parents[2] / "seeds"


def _article_sentences(paths: list[Path]) -> list[str]:
    sentences = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                sentences.extend(nlp.split_sentences(line))
    return sentences


def _every(items: list[str], count: int) -> list[str]:
    """`count` items spread evenly over the list, always the same ones."""
    step = max(len(items) // count, 1)
    return items[::step][:count]


def _mismatches(sentences: list[str]) -> list[tuple[str, list, list]]:
    from underthesea import ner

    found = []
    for sentence in sentences:
        expected = [tuple(token) for token in ner(sentence)]
        got = nlp.tag(sentence)
        if got != expected:
            found.append((sentence, expected, got))
    return found


# Featurizer, without underthesea


def test_importing_nlp_does_not_import_underthesea():
    code = "import sys, dan_van.nlp; print(sorted(m for m in sys.modules if m.startswith('underthesea')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_template_is_parsed_once_into_its_parts():
    template = features.Template.parse("T[-1,0][1].lower")
    assert (template.index1, template.index2, template.column) == (-1, 0, 1)
    assert template.function("ÔNG") == "ông"


@pytest.mark.parametrize("text", ["W[0]", "T[x]", "T[0].upper"])
def test_bad_template_is_refused(text):
    with pytest.raises(ValueError, match="template"):
        features.Template.parse(text)


def test_features_of_a_two_word_sentence():
    featurize = features.Featurizer(["T[-1]", "T[0,1]", "T[0].istitle", "T[1].lower", "T[-1][1]"])
    assert featurize([("Hà Nội", "xinh ĐẸP"), ("Np", "A")]) == [
        ["T[-1]=BOS", "T[0,1]=Hà Nội xinh ĐẸP", "T[0].istitle=True", "T[1].lower=xinh đẹp", "T[-1][1]=BOS"],
        ["T[-1]=Hà Nội", "T[0,1]=EOS", "T[0].istitle=False", "T[1].lower=EOS", "T[-1][1]=Np"],
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Hà Nội", "True"),
        ("Hà nội", "False"),
        ("", "False"),
        ("Hà  Nội", "False"),
        (" Hà", "False"),
        ("Hà ", "False"),
        ("1", "False"),
        ("Đ", "True"),
    ],
    ids=["title", "second-lower", "empty", "double-space", "leading-space", "trailing-space", "digit", "D"],
)
def test_istitle_edge_cases(word, expected):
    assert features.FUNCTIONS["istitle"](word) == expected


def test_empty_sentence_has_no_features():
    assert features.pos_features([(), ()]) == []


# Long input


def test_long_sentence_is_cut_at_whitespace_into_bounded_pieces():
    sentence = " ".join(["Nguyễn Văn An"] * 2000)
    pieces = list(nlp._pieces(sentence))
    assert len(pieces) > 1
    assert "".join(pieces) == sentence
    assert all(len(piece) <= nlp.MAX_CHARS for piece in pieces)
    assert all(piece.split() == ["Nguyễn", "Văn", "An"] * (len(piece.split()) // 3) for piece in pieces)


def test_long_word_without_whitespace_is_cut_at_the_bound():
    pieces = list(nlp._pieces("a" * (2 * nlp.MAX_CHARS + 5)))
    assert [len(piece) for piece in pieces] == [nlp.MAX_CHARS, nlp.MAX_CHARS, 5]


# Versions


@pytest.fixture
def versions(monkeypatch):
    def installed(table):
        monkeypatch.setattr(underthesea_files, "_installed", table.get)
        underthesea_files._checked.cache_clear()

    yield installed
    underthesea_files._checked.cache_clear()


def test_unchecked_underthesea_version_is_refused(versions):
    versions({"underthesea": "9.4.0", "underthesea_core": "3.3.2"})
    with pytest.raises(EngineError) as error:
        nlp.check_version()
    message = str(error.value)
    assert "underthesea 9.4.0" in message
    assert "9.5.0" in message
    assert "pip install underthesea==9.5.0" in message


def test_missing_underthesea_core_is_refused(versions):
    versions({"underthesea": "9.5.0"})
    with pytest.raises(EngineError, match="underthesea_core not installed"):
        nlp.check_version()


def test_checked_versions_are_accepted(versions):
    versions({"underthesea": "9.5.0", "underthesea_core": "3.3.2"})
    nlp.check_version()


# Against underthesea's own featurizer and ner()

FEATURE_SENTENCES = {
    "one-token": [("Hà", "Np", "B-NP")],
    "empty-ish": [("", "N", "B-NP"), (" ", "CH", "O"), ("a  b", "N", "B-NP"), (" Lê", "Np", "B-NP")],
    "punctuation": [(",", "CH", "O"), ("“", "CH", "O"), ("...", "CH", "O"), (".", "CH", "O")],
    "title-case": [
        ("Ông", "Nc", "B-NP"),
        ("Nguyễn Văn An", "Np", "B-NP"),
        ("đến", "V", "B-VP"),
        ("Thành phố Hồ Chí Minh", "Np", "B-NP"),
        ("ĐỂ", "E", "B-PP"),
        ("iPhone", "Np", "B-NP"),
        ("50.000", "M", "B-NP"),
        (".", "CH", "O"),
    ],
}


@pytest.fixture(scope="module")
def transformers():
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    return {
        "pos": CRFPOSTagPredictor.Instance().transformer,
        "chunk": CRFChunkingPredictor.Instance().transformer,
        "ner": CRFNERPredictor.Instance().transformer,
    }


@pytest.mark.models
def test_templates_are_underthesea_s(transformers):
    assert list(features.POS_TEMPLATES) == transformers["pos"].template
    assert list(features.CHUNK_TEMPLATES) == transformers["chunk"].template
    assert list(features.NER_TEMPLATES) == transformers["ner"].template


@pytest.mark.models
@pytest.mark.parametrize("name", sorted(FEATURE_SENTENCES))
def test_features_equal_underthesea_s(transformers, name):
    rows = FEATURE_SENTENCES[name]
    words, pos, chunk = (tuple(column) for column in zip(*rows, strict=True))
    unknown = ("X",) * len(words)
    shared: dict = {}
    # The same shared cache as the engine uses, so reuse across models is checked too.
    ours = {
        "pos": features.pos_features((words, unknown), shared),
        "chunk": features.chunk_features((words, pos, unknown), shared),
        "ner": features.ner_features((words, pos, chunk, unknown), shared),
    }
    tokens = {
        "pos": [(w, "X") for w in words],
        "chunk": [(w, p, "X") for w, p in zip(words, pos, strict=True)],
        "ner": [(w, p, c, "X") for w, p, c in zip(words, pos, chunk, strict=True)],
    }
    for model, transformer in transformers.items():
        assert ours[model] == transformer.transform([tokens[model]])[0][0], model


@pytest.mark.models
def test_features_equal_underthesea_s_on_tagged_text(transformers):
    from underthesea import chunk

    sentence = "Ông Nguyễn Văn An, Chủ tịch UBND TP.HCM, trao 50.000 bộ xét nghiệm cho Bệnh viện Bạch Mai."
    rows = chunk(sentence)
    words, pos, chunks = (tuple(column) for column in zip(*rows, strict=True))
    unknown = ("X",) * len(words)
    expected = transformers["ner"].transform([[(w, p, c, "X") for w, p, c in rows]])[0][0]
    assert features.ner_features((words, pos, chunks, unknown)) == expected


@pytest.mark.models
def test_tags_equal_stock_ner_on_seeds():
    sentences = _article_sentences(sorted(SEEDS.glob("*.txt")))
    assert sentences
    assert _mismatches(sentences) == []


@pytest.mark.models
def test_tags_equal_stock_ner_on_news_sample():
    if not CP_DEV.is_dir():
        pytest.skip(f"CP_Vietnamese-UNC dev articles not found: {CP_DEV}")
    sentences = _every(_article_sentences(sorted(CP_DEV.glob("*.txt"))), 100)
    assert len(sentences) == 100
    assert _mismatches(sentences) == []


@pytest.mark.models
def test_tags_equal_stock_ner_on_treebank_sample():
    if not UD_DEV.is_file():
        pytest.skip(f"UD_Vietnamese-VTB dev treebank not found: {UD_DEV}")
    lines = UD_DEV.read_text(encoding="utf-8").splitlines()
    sentences = _every([line.removeprefix("# text = ") for line in lines if line.startswith("# text = ")], 50)
    assert len(sentences) == 50
    assert _mismatches(sentences) == []


@pytest.mark.models
@pytest.mark.parametrize("sentence", ["", "   ", "\u200b", ".", "Hà Nội"], ids=repr)
def test_tags_of_odd_inputs_equal_stock_ner(sentence):
    assert _mismatches([sentence]) == []


@pytest.mark.models
def test_tag_many_keeps_order():
    sentences = ["Hà Nội đẹp.", "", "Ông Putin ca ngợi Liên Xô."]
    assert nlp.tag_many(sentences) == [nlp.tag(sentence) for sentence in sentences]


@pytest.mark.models
def test_sentence_at_the_bound_is_tagged_whole():
    base = "Ông Nguyễn Văn An đi học ở Hà Nội vào sáng nay cùng bạn bè "
    sentence = (base * (nlp.MAX_CHARS // len(base) + 1))[: nlp.MAX_CHARS]
    assert nlp.tag(sentence) == nlp.tag_words(nlp.segment(sentence))


@pytest.mark.models
def test_a_one_megabyte_line_without_punctuation_is_tagged():
    base = "Ông Nguyễn Văn An đi học ở Hà Nội vào sáng nay cùng bạn bè "
    line = base * (1_000_000 // len(base.encode("utf-8")) + 1)
    assert len(line.encode("utf-8")) > 1_000_000
    tagged = nlp.tag(line)
    syllables = [syllable for word, *_ in tagged for syllable in word.split(" ")]
    assert syllables == line.split()
    assert {ner for *_, ner in tagged} <= {"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"}


# Engines


def _run(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, **env}
    )
    return done.stdout.strip()


@pytest.mark.parametrize("name", ["native", "python"])
def test_version_names_the_engine_in_use(name):
    if name == "native" and not native.AVAILABLE:
        pytest.skip(f"the native core is not built: {native.IMPORT_ERROR}")
    code = "from dan_van.cli import run; import sys; sys.argv = ['danvan', '--version']; run()"
    assert _run(code, DANVAN_ENGINE=name) == f"danvan {dan_van.__version__} (tagging engine: {name})"


def test_an_unknown_engine_is_refused(monkeypatch):
    monkeypatch.setenv("DANVAN_ENGINE", "fortran")
    with pytest.raises(EngineError, match="DANVAN_ENGINE='fortran' is not an engine; use one of native, python"):
        nlp.name()


@pytest.mark.models
def test_both_engines_give_the_same_tags_on_the_seed(monkeypatch):
    sentences = _article_sentences(sorted(SEEDS.glob("*.txt")))
    monkeypatch.setenv("DANVAN_ENGINE", "python")
    python = nlp.tag_many(sentences)
    monkeypatch.delenv("DANVAN_ENGINE")
    assert nlp.tag_many(sentences) == python


@pytest.mark.models
def test_tagging_loads_neither_underthesea_nor_joblib():
    code = (
        "import sys; from dan_van.nlp import engine; engine.tag('Hà Nội đẹp lắm.');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('underthesea', 'joblib', 'requests')))"
    )
    assert _run(code) in ("[]", "['underthesea_core']")
