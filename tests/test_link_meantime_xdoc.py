"""MEANTIME cross-document event coreference: the CAT reader on hand-written files, the suite on the real folder."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from wirewatch.errors import EvalError
from wirewatch.eval import meantime_xdoc

# Sentence 0: "Apple unveils iPod" ; sentence 1: "It unveiled the device in San Francisco and sold it ."
# Mentions: 10 "unveils" and 11 "unveiled" -> cross-document instance EV_UNVEIL;
# 12 "sold" -> document-level EVENT 31 (no instance_id); 13 "said" -> no REFERS_TO (a singleton).
DOC_A = """<?xml version="1.0" ?>
<Document doc_id="200" doc_name="200_Apple_unveils_iPod" lang="en">
<token number="0" sentence="0" t_id="1">Apple</token>
<token number="1" sentence="0" t_id="2">unveils</token>
<token number="2" sentence="0" t_id="3">iPod</token>
<token number="3" sentence="1" t_id="4">It</token>
<token number="4" sentence="1" t_id="5">unveiled</token>
<token number="5" sentence="1" t_id="6">the</token>
<token number="6" sentence="1" t_id="7">device</token>
<token number="7" sentence="1" t_id="8">in</token>
<token number="8" sentence="1" t_id="9">San</token>
<token number="9" sentence="1" t_id="10">Francisco</token>
<token number="10" sentence="1" t_id="11">and</token>
<token number="11" sentence="1" t_id="12">sold</token>
<token number="12" sentence="1" t_id="13">it</token>
<token number="13" sentence="1" t_id="14">,</token>
<token number="14" sentence="1" t_id="15">analysts</token>
<token number="15" sentence="1" t_id="16">said</token>
<Markables>
<ENTITY_MENTION head="" m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION head="" m_id="2" syntactic_type="NAM"><token_anchor t_id="3"/></ENTITY_MENTION>
<ENTITY_MENTION head="" m_id="3" syntactic_type="PRO"><token_anchor t_id="4"/></ENTITY_MENTION>
<ENTITY_MENTION head="device" m_id="4" syntactic_type="NOM"><token_anchor t_id="6"/><token_anchor t_id="7"/>
</ENTITY_MENTION>
<ENTITY_MENTION head="" m_id="5" syntactic_type="NAM"><token_anchor t_id="9"/><token_anchor t_id="10"/>
</ENTITY_MENTION>
<ENTITY_MENTION head="analysts" m_id="6" syntactic_type="NOM"><token_anchor t_id="15"/></ENTITY_MENTION>
<EVENT_MENTION m_id="10" pred="unveil"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="11" pred="unveil"><token_anchor t_id="5"/></EVENT_MENTION>
<EVENT_MENTION m_id="12" pred="sell"><token_anchor t_id="12"/></EVENT_MENTION>
<EVENT_MENTION m_id="13" pred="say"><token_anchor t_id="16"/></EVENT_MENTION>
<EVENT TAG_DESCRIPTOR="unveil iPod" class="OTHER" instance_id="EV_UNVEIL" m_id="30"/>
<EVENT TAG_DESCRIPTOR="sold" class="OTHER" m_id="31"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="10"/><source m_id="11"/><target m_id="30"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="12"/><target m_id="31"/></REFERS_TO>
<HAS_PARTICIPANT r_id="3" sem_role="Arg0" sem_role_framework="PROPBANK"><source m_id="10"/><target m_id="1"/>
</HAS_PARTICIPANT>
<HAS_PARTICIPANT r_id="4" sem_role="Arg1" sem_role_framework="PROPBANK"><source m_id="10"/><target m_id="2"/>
</HAS_PARTICIPANT>
<HAS_PARTICIPANT r_id="5" sem_role="Arg0" sem_role_framework="PROPBANK"><source m_id="11"/><target m_id="3"/>
</HAS_PARTICIPANT>
<HAS_PARTICIPANT r_id="6" sem_role="Arg1" sem_role_framework="PROPBANK"><source m_id="11"/><target m_id="4"/>
</HAS_PARTICIPANT>
<HAS_PARTICIPANT r_id="7" sem_role="Argm-LOC" sem_role_framework="PROPBANK"><source m_id="11"/><target m_id="5"/>
</HAS_PARTICIPANT>
</Relations>
</Document>
"""

# A later article of the same corpus: its "launch" is the same cross-document instance.
DOC_B = """<?xml version="1.0" ?>
<Document doc_id="1000" doc_name="1000_iPod_launch" lang="en">
<token number="0" sentence="0" t_id="1">iPod</token>
<token number="1" sentence="0" t_id="2">launch</token>
<token number="2" sentence="0" t_id="3">recalled</token>
<Markables>
<EVENT_MENTION m_id="5" pred="launch"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="6" pred="recall"><token_anchor t_id="3"/></EVENT_MENTION>
<EVENT TAG_DESCRIPTOR="unveil iPod" class="OTHER" instance_id="EV_UNVEIL" m_id="9"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="5"/><target m_id="9"/></REFERS_TO>
</Relations>
</Document>
"""


def test_reader_gives_cross_document_local_and_singleton_chains() -> None:
    doc = meantime_xdoc.parse_document(ET.fromstring(DOC_A), "a", "apple")
    by_id = {m.id.split(":")[1]: m for m in doc.mentions}
    assert sorted(by_id) == ["10", "11", "12", "13"]
    assert by_id["10"].gold == by_id["11"].gold == "EV_UNVEIL"
    assert by_id["12"].gold == "a:31"
    assert by_id["13"].gold not in {"EV_UNVEIL", "a:31"}
    assert len({m.gold for m in doc.mentions}) == 3
    assert by_id["11"].text == "unveiled" and by_id["11"].sentence_index == 1
    assert by_id["11"].sentence.startswith("It unveiled the device")
    assert doc.sentences == ["Apple unveils iPod", by_id["11"].sentence]
    assert doc.topic == by_id["10"].topic == "apple"


def test_reader_takes_participants_from_roles_else_from_the_sentence() -> None:
    by_id = {m.id.split(":")[1]: m for m in meantime_xdoc.parse_document(ET.fromstring(DOC_A), "a", "t").mentions}
    assert by_id["10"].participants == {"apple", "ipod"}
    # the pronoun "It" is no participant; the Argm-LOC argument is the place, not a participant
    assert by_id["11"].participants == {"device"}
    assert by_id["11"].place == "San Francisco"
    assert by_id["10"].place is None
    # "sold" has no annotated role: the heads of its sentence's entity mentions
    assert by_id["12"].participants == {"device", "francisco", "analysts"}


def test_corpora_are_read_per_folder_in_document_order(tmp_path: Path) -> None:
    folder = tmp_path / "intra_cross-doc_annotation"
    (folder / "corpus_apple").mkdir(parents=True)
    (folder / "corpus_apple" / "b.xml").write_text(DOC_B, encoding="utf-8")
    (folder / "corpus_apple" / "a.xml").write_text(DOC_A, encoding="utf-8")
    assert meantime_xdoc.cross_doc_folder(tmp_path) == folder
    assert meantime_xdoc.cross_doc_folder(folder) == folder
    assert meantime_xdoc.cross_doc_folder(tmp_path / "corpus_apple") is None
    docs = meantime_xdoc.read_corpora(folder)
    assert [d.name for d in docs] == ["a", "b"]  # doc_id 200 before 1000
    gold = {m.id: m.gold for d in docs for m in d.mentions}
    assert gold["b:5"] == gold["a:10"] == "EV_UNVEIL"
    assert gold["b:6"] != gold["a:13"]
    assert {d.topic for d in docs} == {"apple"}


def test_cross_document_pairs_ignore_links_inside_one_document() -> None:
    doc_of = {"a1": "a", "a2": "a", "b1": "b", "c1": "c"}
    key = {"a1": "x", "a2": "x", "b1": "x", "c1": "y"}
    assert meantime_xdoc.cross_document_pairs(key, doc_of) == {("a1", "b1"), ("a2", "b1")}
    response = {"a1": "1", "a2": "2", "b1": "1", "c1": "1"}
    scores = meantime_xdoc.cross_document_scores(key, response, doc_of)
    # found (a1,b1) (a1,c1) (b1,c1): one of three right; one of two gold pairs found
    assert scores["xdoc_pair_p"] == pytest.approx(0.3333)
    assert scores["xdoc_pair_r"] == pytest.approx(0.5)


def test_missing_or_empty_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="intra_cross-doc_annotation"):
        meantime_xdoc.run(tmp_path)
    (tmp_path / "intra_cross-doc_annotation").mkdir()
    with pytest.raises(EvalError, match="corpus_"):
        meantime_xdoc.run(tmp_path)


def test_meantime_cross_document_suite_on_the_real_folder(bench: Path) -> None:
    result = meantime_xdoc.run(bench / "meantime")
    assert result["n_documents"] == 90 and result["n_topics"] == 3
    assert result["n_mentions"] > 1500
    assert result["n_cross_document_chains"] > 10
    ours = result["wirewatch"]
    for system in ("wirewatch", "singleton_baseline", "lemma_baseline", "lemma_in_document_baseline",
                   "tfidf_baseline@0.3"):
        assert set(result[system]) >= {"muc_f1", "b3_f1", "ceafe_f1", "conll_f1"}
    assert ours["conll_f1"] > result["lemma_baseline"]["conll_f1"]
    assert ours["conll_f1"] > result["singleton_baseline"]["conll_f1"]
    assert ours["conll_f1"] > 0.55
    assert 0.0 < ours["xdoc_pair_r"] <= 1.0
