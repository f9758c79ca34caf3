"""Entities: gazetteer loading and validation, span repair, the seed article and the span invariant."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from dan_van.entities import find_entities, group
from dan_van.errors import RulesError
from dan_van.language.load import load_rules
from dan_van.models import Entity, Sentence, Source, Token

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "CP_Vietnamese-UNC" / "dev"
SEED = ROOT / "seeds" / "000_58c12caae10f10d0.txt"
CASES = yaml.safe_load((DATA / "entities.yaml").read_text(encoding="utf-8"))
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


def entities(text: str) -> tuple[Entity, ...]:
    from dan_van.nlp.annotate import annotate

    _, sentences = annotate(Source("test", text), load_rules())
    return find_entities(sentences, text=text)


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


# -- gazetteers ---------------------------------------------------------------------------------------


def test_packaged_gazetteer_has_every_province_and_its_forms():
    raw = yaml.safe_load((ROOT / "dan_van" / "data" / "gazetteer.yaml").read_text(encoding="utf-8"))
    assert len(raw["provinces"]) == 63
    gaz = load_rules()
    for form, canonical in [
        ("TP.HCM", "TP Hồ Chí Minh"),
        ("TP Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("Sài Gòn", "TP Hồ Chí Minh"),
        ("TP Hà Nội", "Hà Nội"),
        ("thành phố Hà Nội", "Hà Nội"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("Khánh Hòa", "Khánh Hòa"),
    ]:
        assert find_entities(_sentence(form.split()), gaz)[0].canonical == canonical, form


def test_user_gazetteer_extends_and_overrides(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("organisations:\n  Công ty Sữa Ba Vì: [Ba Vì Milk]\nmisc:\n  Omicron: [Omicron]\n", "utf-8")
    gaz = load_rules(gazetteers=[user])
    assert str(user) in gaz.sources
    found = find_entities(_sentence(["Ba", "Vì", "Milk"]), gaz)
    assert [(e.text, e.type, e.canonical) for e in found] == [("Ba Vì Milk", "ORG", "Công ty Sữa Ba Vì")]


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("towns:\n  A: [B]\n", "'towns'"),
        ("titles: ông\n", "'titles'"),
        ("titles: [ông, 3]\n", "'titles'"),
        ("provinces: [Hà Nội]\n", "'provinces'"),
        ("provinces:\n  Hà Nội: [Hà Nội, '']\n", "'provinces.Hà Nội'"),
        ("- a\n- b\n", "allowed keys"),
        ("titles: [ông\n", "not valid YAML"),
    ],
    ids=["unknown-key", "list-as-string", "non-string", "names-as-list", "empty-form", "not-a-mapping", "syntax"],
)
def test_bad_user_gazetteer_names_file_and_key(tmp_path, content, named):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(gazetteers=[bad])
    assert str(bad) in str(err.value)
    assert named in str(err.value)


def test_missing_user_gazetteer(tmp_path):
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(gazetteers=[tmp_path / "nope.yaml"])


# -- the reader without the tagger ---------------------------------------------------------------------


def _sentence(words: list[str], tags: list[tuple[str, str]] | None = None, start: int = 0) -> tuple[Sentence, ...]:
    """A sentence of one-syllable words separated by single spaces, with POS and NER tags."""
    tokens, pos = [], start
    for k, word in enumerate(words):
        tag, ner = tags[k] if tags else ("Np" if word[:1].isupper() else "N", "O")
        tokens.append(Token(word, word, pos, pos + len(word), tag, "O", ner))
        pos += len(word) + 1
    text = " ".join(words)
    return (Sentence(0, text, text, start, start + len(text), tuple(tokens)),)


def test_offsets_use_the_sentence_text_when_no_source_is_given():
    sentences = _sentence(["Ông", "Lê", "Văn", "Tám", "ở", "Hà", "Nội"], start=100)
    found = find_entities(sentences)
    assert [(e.text, e.type, e.start, e.end, e.title) for e in found] == [
        ("Lê Văn Tám", "PER", 104, 114, "Ông"),
        ("Hà Nội", "LOC", 117, 123, None),
    ]


def test_nothing_in_nothing_out():
    assert find_entities(()) == ()
    assert find_entities((Sentence(0, "", "", 0, 0, ()),)) == ()


def test_group_counts_canonical_names_most_frequent_first():
    def e(canonical: str, type_: str) -> Entity:
        return Entity(canonical, type_, 0, len(canonical), canonical, 0)

    found = [e("Hà Nội", "LOC"), e("Bộ Y tế", "ORG"), e("Hà Nội", "LOC"), e("An", "PER"), e("Bộ Y tế", "ORG")]
    assert group(found) == [("Bộ Y tế", "ORG", 2), ("Hà Nội", "LOC", 2), ("An", "PER", 1)]
    assert group([]) == []


# -- span repair with the tagger -----------------------------------------------------------------------


@pytest.mark.models
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_span_repair(case):
    text = case["text"]
    found = entities(text)
    for e in found:
        assert text[e.start : e.end] == e.text
    got = [(e.text, e.type) for e in found]
    for want in case.get("entities", []):
        assert (want["text"], want["type"]) in got, got
        entity = next(e for e in found if (e.text, e.type) == (want["text"], want["type"]))
        for field in ("canonical", "title", "admin_level", "province_today"):
            if field in want:
                assert getattr(entity, field) == want[field], (entity, field)
    for part in case.get("absent", []):
        assert not [e for e in found if e.type != "MISC" and part in e.text], got


@pytest.mark.models
@pytest.mark.parametrize("text", ["", "   \n\t", "\x00\x01 rác", "Ha\u0300 Nô\u0323i", "đồng đồng " * 2000])
def test_awkward_input_does_not_crash(text):
    for e in entities(text):
        assert text[e.start : e.end] == e.text


@pytest.mark.models
def test_seed_article():
    text = SEED.read_text(encoding="utf-8")
    found = entities(text)
    for e in found:
        assert text[e.start : e.end] == e.text
    by_type = {t: {e.text for e in found if e.type == t} for t in ("PER", "ORG", "LOC", "MISC")}
    assert {"Trần Quốc Vượng", "Thúy Nga", "Hồ Chí Minh"} <= by_type["PER"]
    assert {"Sở Y tế", "Vinamilk", "Ban Bí thư"} <= by_type["ORG"]
    assert any("Mặt trận Tổ quốc" in t for t in by_type["ORG"])
    assert {"Hà Nội", "miền Trung"} <= by_type["LOC"]
    vuong = next(e for e in found if e.text == "Trần Quốc Vượng")
    assert vuong.title == "nguyên Thường trực Ban Bí thư"
    for e in found:
        if e.type in ("PER", "LOC"):
            assert "Covid" not in e.text
        # A body may carry its task in its name (`Quỹ phòng, chống dịch Covid-19`); nothing else may.
        if e.type == "ORG" and "Covid-19" in e.text:
            assert e.text.startswith(("Quỹ", "Ban")), e
        assert not any(c.isdigit() for c in e.text.replace("Covid-19", "")), e


# -- the hand-annotated dev set ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_annotation_files_are_well_formed(name):
    spans = _rows(f"entities_{name}.tsv")
    sentences = _rows(f"entities_{name}_sentences.tsv")
    windows = {}
    for row in sentences:
        windows.setdefault((row["file"], int(row["line"])), []).append((int(row["start"]), int(row["end"])))
    assert len(sentences) >= (300 if name == "dev" else 100)
    for row in spans:
        assert row["type"] in ("PER", "ORG", "LOC")
        start, end = int(row["start"]), int(row["end"])
        assert any(s <= start < end <= e for s, e in windows[(row["file"], int(row["line"]))]), row


@needs_corpus
@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_annotations_point_at_names_in_the_corpus(name):
    lines = {}
    for row in _rows(f"entities_{name}.tsv"):
        if row["file"] not in lines:
            lines[row["file"]] = (CORPUS / row["file"]).read_text(encoding="utf-8").split("\n")
        span = lines[row["file"]][int(row["line"])][int(row["start"]) : int(row["end"])]
        assert span == span.strip() and span[:1].isalnum() and span[-1:].isalnum() or span.endswith("."), row


@needs_corpus
@pytest.mark.models
def test_span_invariant_on_corpus_articles():
    for path in sorted(CORPUS.glob("*.txt"))[::30]:
        text = path.read_text(encoding="utf-8")
        for e in entities(text):
            assert text[e.start : e.end] == e.text, (path.name, e)
            assert e.type in ("PER", "ORG", "LOC", "MISC")


def test_user_gazetteer_overrides_a_packaged_name(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("organisations:\n  Công ty Sữa Việt Nam: [Vinamilk]\n", encoding="utf-8")
    found = find_entities(_sentence(["Vinamilk", "ủng", "hộ"]), load_rules(gazetteers=[user]))
    assert [(e.text, e.canonical) for e in found] == [("Vinamilk", "Công ty Sữa Việt Nam")]
    assert find_entities(_sentence(["Vinamilk", "ủng", "hộ"]))[0].canonical == "Vinamilk"


def test_packaged_forms_are_clean():
    raw = yaml.safe_load((ROOT / "dan_van" / "data" / "gazetteer.yaml").read_text(encoding="utf-8"))
    for section in ("provinces", "cities", "regions", "countries", "organisations", "misc"):
        for canonical, forms in raw[section].items():
            assert forms, (section, canonical)
            for form in forms:
                assert form == form.strip() and "  " not in form, (section, canonical, form)


def test_a_name_keeps_one_type_in_a_document():
    first = _sentence(["Ông", "Gavin", "Newsom", "nói"])
    words = ["Sau", "đó", "Newsom", "về", "nhà"]
    tags = [("N", "O"), ("P", "O"), ("Np", "B-LOC"), ("V", "O"), ("N", "O")]
    second = tuple(replace(s, index=1) for s in _sentence(words, tags, start=100))
    found = find_entities(first + second)
    assert [(e.text, e.type, e.sentence) for e in found] == [("Gavin Newsom", "PER", 0), ("Newsom", "PER", 1)]


@pytest.mark.models
def test_types_agree_across_the_paragraphs_of_a_document():
    from dan_van.pipeline import analyze

    text = "Ông Bình Lục là nông dân ở Hà Nam.\nSau đó, các đơn vị: Bình Lục, Thanh Liêm đã cách ly.\n"
    second = [(e.text, e.type) for e in entities(text.split("\n")[1])]
    assert ("Bình Lục", "LOC") in second
    found = [(e.text, e.type, e.firm) for e in analyze(Source("t", text)).entities]
    assert found == [
        ("Bình Lục", "PER", True),
        ("Hà Nam", "LOC", True),
        ("Bình Lục", "PER", False),
        ("Thanh Liêm", "LOC", False),
    ]
