"""The 2025 reorganisation (provinces then and today, places as written), and agreement over a document and a
corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dan_van.entities import agree, agree_corpus, corpus_types, resolve_place
from dan_van.language.load import load_rules
from dan_van.models import Entity, EntityType, Level
from dan_van.nlp.annotate import _join_names

ROOT = Path(__file__).parents[2]
TABLE = yaml.safe_load((ROOT / "tests" / "data" / "entities_admin.yaml").read_text(encoding="utf-8"))
PER, ORG, LOC = EntityType.PER, EntityType.ORG, EntityType.LOC


@pytest.mark.parametrize("row", TABLE["provinces"], ids=[r["written"] for r in TABLE["provinces"]])
def test_every_province_of_63_lies_in_one_of_34_today(row):
    place = resolve_place(row["written"])
    assert place is not None
    assert (place.unit, place.level, place.province_today) == (row["written"], Level.PROVINCE, row["today"])


def test_the_table_has_63_provinces_then_and_34_today():
    assert len(TABLE["provinces"]) == 63
    assert len({row["today"] for row in TABLE["provinces"]}) == 34


@pytest.mark.parametrize("row", TABLE["places"], ids=[r["text"] for r in TABLE["places"]])
def test_a_place_as_written_gives_its_unit_level_and_province_today(row):
    place = resolve_place(row["text"])
    assert place is not None
    assert (place.unit, str(place.level), place.province_today) == (row["unit"], row["level"], row["today"])
    assert row["text"][place.start : place.end] == place.unit


@pytest.mark.parametrize("text", TABLE["not_places"])
def test_no_unit_in_a_text_that_names_none(text):
    assert resolve_place(text) is None


def test_the_provinces_of_the_context_tell_units_of_one_name_apart():
    assert resolve_place("xã Phước Ninh").province_today is None
    assert resolve_place("xã Phước Ninh", provinces=["Khánh Hòa"]).province_today == "Khánh Hòa"
    assert resolve_place("xã Phước Ninh", provinces=["Hà Nội"]).province_today is None


def test_the_table_is_read_without_importing_underthesea():
    code = (
        "import sys\nfrom dan_van.nlp import engine\nrows = engine.address_mapping()\n"
        "assert len(rows) > 10000 and engine.address_mapping() is rows\nassert 'underthesea' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- agreement ---------------------------------------------------------------------------------------------------


def _e(text: str, type_: EntityType, firm: bool = True, **places) -> Entity:
    return Entity(text, type_, 0, len(text), text, 0, firm=firm, **places)


def test_a_guess_takes_the_type_a_firm_mention_gives_the_name_anywhere_in_the_document():
    found = agree([_e("Gavin Newsom", PER), _e("Ngân hàng", ORG), _e("Newsom", LOC, firm=False)])
    assert [(e.text, e.type) for e in found] == [("Gavin Newsom", PER), ("Ngân hàng", ORG), ("Newsom", PER)]


def test_a_firm_mention_is_never_retyped():
    found = agree([_e("Hòa Bình", LOC), _e("Hòa Bình", PER), _e("Hòa Bình", PER, firm=False)])
    assert [e.type for e in found] == [LOC, PER, PER]


def test_places_of_the_document_tell_a_commune_of_several_provinces_apart():
    found = agree(
        [
            _e("tỉnh Ninh Thuận", LOC, admin_level=Level.PROVINCE, province_today="Khánh Hòa"),
            _e("xã Phước Ninh", LOC, admin_level=Level.COMMUNE),
        ],
        load_rules(),
    )
    assert found[1].province_today == "Khánh Hòa"


def test_corpus_agreement_where_the_corpus_is_unambiguous():
    first = [_e("Newsom", PER), _e("Hòa Bình", LOC)]
    second = [_e("Newsom", LOC, firm=False), _e("Hòa Bình", PER), _e("Hòa Bình", ORG, firm=False)]
    assert corpus_types([first, second]) == {"Newsom": PER}
    _, agreed = agree_corpus([first, second])
    assert [(e.text, e.type) for e in agreed] == [("Newsom", PER), ("Hòa Bình", PER), ("Hòa Bình", ORG)]
    # The types may come from elsewhere (a results store).
    _, stored = agree_corpus([first, second], types={"Hòa Bình": LOC})
    assert [e.type for e in stored] == [LOC, PER, LOC]


def test_an_entity_writes_how_it_was_typed_and_where_it_lies_today():
    entity = _e("tỉnh Quảng Nam", LOC, admin_level=Level.PROVINCE, province_today="Đà Nẵng")
    assert entity.to_dict() | {"firm": True} == {
        "text": "tỉnh Quảng Nam",
        "type": "LOC",
        "canonical": "tỉnh Quảng Nam",
        "start": 0,
        "end": 14,
        "sentence": 0,
        "firm": True,
        "admin_level": "province",
        "province_today": "Đà Nẵng",
    }
    assert _e("Sở Y tế", ORG, firm=False).to_dict()["admin_level"] is None


# -- initials the sentence splitter cuts --------------------------------------------------------------------------


def _pieces(paragraph: str, *pieces: str) -> list[str]:
    spans, at = [], 0
    for piece in pieces:
        at = paragraph.index(piece, at)
        spans.append((at, at + len(piece)))
        at += len(piece)
    return [paragraph[s:e] for s, e in _join_names(paragraph, iter(spans), load_rules())]


@pytest.mark.parametrize(
    ("paragraph", "pieces", "joined"),
    [
        ("Chị T.T.H.L. cho biết.", ("Chị T.T.", "H.", "L.", "cho biết."), ["Chị T.T.H.L. cho biết."]),
        ("Anh N.V.A. (35 tuổi) bị bắt.", ("Anh N.V.A.", "(35 tuổi) bị bắt."), ["Anh N.V.A. (35 tuổi) bị bắt."]),
        ("PGS.TS. Nguyễn Văn An nói.", ("PGS.TS.", "Nguyễn Văn An nói."), ["PGS.TS. Nguyễn Văn An nói."]),
        ("Ảnh: H.L. Tin: T. Kubodera.", ("Ảnh: H.L.", "Tin: T. Kubodera."), ["Ảnh: H.L.", "Tin: T. Kubodera."]),
        ("Ông ở TP.HCM. Bà ở Huế.", ("Ông ở TP.HCM.", "Bà ở Huế."), ["Ông ở TP.HCM.", "Bà ở Huế."]),
        ("Ông A. Bà B.", ("Ông A.", "Bà B."), ["Ông A.", "Bà B."]),
    ],
    ids=["four-initials", "initials-then-bracket", "title-abbreviations", "credit-then-text", "city", "two-sentences"],
)
def test_pieces_cut_out_of_initials_are_joined(paragraph, pieces, joined):
    assert _pieces(paragraph, *pieces) == joined
