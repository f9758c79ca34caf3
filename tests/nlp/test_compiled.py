"""Compiled models: Model.dumps() read back tags exactly as the CRFsuite file does; a damaged or foreign
blob is refused with ValueError (never a crash), and the start-up cache falls back to the file."""

from __future__ import annotations

import random

import pytest

from dan_van.nlp import native
from dan_van.nlp import underthesea_files as _resources

pytestmark = [
    pytest.mark.models,
    pytest.mark.skipif(not native.AVAILABLE, reason=f"the native core is not built: {native.IMPORT_ERROR}"),
]

SENTENCES = [
    "Ủy ban MTTQ Việt Nam tỉnh Quảng Ninh trao tặng 200 suất quà, mỗi suất trị giá 500.000 đồng.",
    "Ông Nguyễn Văn An, Chủ tịch UBND huyện Ba Chẽ, dự hội nghị tổng kết công tác dân vận năm 2024.",
    "TP.HCM, T.Ư, H&M, H'Mông, v.v... 😀 ΑΣ ǅemal",
    "x" * 300,
]
SPECS = {
    "ws": (lambda: _resources.ws_features(), "rust", True),
    "pos": (lambda: _resources.tagger_templates("pos"), "python", False),
    "chunk": (lambda: _resources.tagger_templates("chunk"), "python", False),
    "ner": (lambda: _resources.tagger_templates("ner"), "python", False),
}


def from_file(name):
    templates, mode, needs_dictionary = SPECS[name]
    parsed = [_resources.parse_template(t) for t in templates()]
    dictionary = _resources.ws_dictionary() if needs_dictionary else None
    return native._read_model(str(_resources.model_path(name)), parsed, mode, dictionary), parsed, mode


@pytest.fixture(scope="module")
def models():
    return {name: from_file(name) for name in SPECS}


def tags(ws, chain):
    out = []
    for sentence in SENTENCES:
        words = native._crfcore.segment(ws, _resources.tokenize(sentence))
        out.append(native._crfcore.tag_chain(chain, words))
    return out


def test_compiled_models_tag_as_the_files(models):
    compiled = {}
    for name, (model, parsed, mode) in models.items():
        compiled[name] = native._crfcore.Model(model.dumps(), parsed, mode)
        assert compiled[name].info == model.info
        assert compiled[name].labels == model.labels
    chain = tuple(models[n][0] for n in ("pos", "chunk", "ner"))
    compiled_chain = tuple(compiled[n] for n in ("pos", "chunk", "ner"))
    assert tags(compiled["ws"], compiled_chain) == tags(models["ws"][0], chain)
    assert compiled["ws"].dumps() == models["ws"][0].dumps()


@pytest.mark.parametrize("cut", [0, 4, 11, 12, 100, -8, -1])
def test_truncated_blob_is_refused(models, cut):
    model, parsed, mode = models["chunk"]
    blob = model.dumps()
    with pytest.raises(ValueError, match="compiled model"):
        native._crfcore.Model(blob[:cut] if cut else b"DVCM", parsed, mode)


def test_damaged_blob_is_refused(models):
    model, parsed, mode = models["chunk"]
    blob = model.dumps()
    rng = random.Random(11)
    for _ in range(60):
        damaged = bytearray(blob)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(4, len(damaged))
            damaged[at] ^= 1 + rng.randrange(255)
        with pytest.raises(ValueError, match="compiled model"):
            native._crfcore.Model(bytes(damaged), parsed, mode)


def test_blob_of_other_templates_is_refused(models):
    model, parsed, mode = models["chunk"]
    with pytest.raises(ValueError, match="other templates"):
        native._crfcore.Model(model.dumps(), parsed[:-1], mode)
    one_column = [t for t in parsed if t[1] == 0]
    with pytest.raises(ValueError, match="other templates"):
        native._crfcore.Model(native._crfcore.Model(model.dumps(), parsed, mode).dumps(), one_column, "rust")


def test_start_up_cache_reads_back_and_survives_damage(tmp_path, monkeypatch):
    monkeypatch.setenv("DANVAN_CACHE_DIR", str(tmp_path))
    templates = _resources.tagger_templates("chunk")
    first = native.compiled_model("chunk", templates, "python")
    [kept] = tmp_path.glob("model-chunk-*.bin")
    blob = kept.read_bytes()

    def no_file(*args):
        raise AssertionError("the CRFsuite file was read although the cache holds the model")

    with monkeypatch.context() as patch:
        patch.setattr(native, "_read_model", no_file)
        again = native.compiled_model("chunk", templates, "python")
    assert again.dumps() == first.dumps() == blob

    kept.write_bytes(blob[: len(blob) // 2])
    rebuilt = native.compiled_model("chunk", templates, "python")
    assert rebuilt.dumps() == blob
    assert kept.read_bytes() == blob
