"""The meantime suite: the scorer on a hand-made CAT file, and the figures on the bench data."""

from __future__ import annotations

import random
from pathlib import Path

from wirewatch.eval import meantime

CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="x" lang="en">
<token number="0" sentence="0" t_id="1">Chrysler</token>
<token number="1" sentence="0" t_id="2">cuts</token>
<token number="2" sentence="0" t_id="3">jobs</token>
<token number="3" sentence="1" t_id="4">Jim</token>
<token number="4" sentence="1" t_id="5">Press</token>
<token number="5" sentence="1" t_id="6">of</token>
<token number="6" sentence="1" t_id="7">American</token>
<token number="7" sentence="1" t_id="8">Chrysler</token>
<token number="8" sentence="1" t_id="9">LLC</token>
<token number="9" sentence="1" t_id="10">spoke</token>
<token number="10" sentence="2" t_id="11">Unannotated</token>
<token number="11" sentence="2" t_id="12">Ford</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="4"/><token_anchor t_id="5"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NAM"><token_anchor t_id="7"/><token_anchor t_id="8"/>
<token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="NAM"><token_anchor t_id="8"/><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="5" syntactic_type="PRE.NAM"><token_anchor t_id="7"/></ENTITY_MENTION>
<ENTITY m_id="10" ent_type="ORG"/><ENTITY m_id="11" ent_type="PER"/><ENTITY m_id="12" ent_type="LOC"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="3"/><source m_id="4"/><target m_id="10"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="2"/><target m_id="11"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="5"/><target m_id="12"/></REFERS_TO>
</Relations>
</Document>
"""


def test_meantime_parse_cuts_unannotated_part_and_folds_nested(tmp_path: Path) -> None:
    (tmp_path / "1_x.xml").write_text(CAT, encoding="utf-8")
    [doc] = meantime.load(tmp_path)
    assert "Unannotated" not in doc.text
    spans = sorted((doc.text[u.start : u.end], u.type) for u in doc.gold)
    assert spans == [("American", "LOC"), ("American Chrysler LLC", "ORG"), ("Chrysler", "ORG"), ("Jim Press", "PER")]
    noisy = meantime.noised(doc, random.Random(meantime.NOISE_SEED))
    assert len(noisy) == len(doc.text) and noisy.casefold() == doc.text.casefold()


def test_meantime_score_strict_and_relaxed(tmp_path: Path) -> None:
    (tmp_path / "1_x.xml").write_text(CAT, encoding="utf-8")
    [doc] = meantime.load(tmp_path)
    t = doc.text

    def predict(_text: str) -> list[tuple[int, int, str]]:
        jim = t.index("Jim Press")
        llc = t.index("Chrysler LLC")
        return [(0, 8, "ORG"), (jim, jim + 3, "PER"), (llc, llc + 12, "ORG"), (jim, jim + 3, "ORG")]

    result = meantime.score([doc], [t], predict)
    assert result["relaxed_recall"] == 3 / 4  # "American" (LOC) missed
    assert result["strict_recall"] == 2 / 4  # "Jim" is only a relaxed match; "Chrysler LLC" is a nested gold span
    assert result["relaxed_precision"] == 3 / 4


def test_actors_eval_meantime_noise_robust(bench: Path) -> None:
    result = meantime.run(bench / "meantime", peers=True)
    assert result["documents"] > 50
    assert 0.7 < result["clean_relaxed_f1"] <= 1.0
    assert result["relaxed_f1_drop"] < 0.03  # the goal: noised within 3 points of clean
    assert result["noised_relaxed_f1"] > result["peers"]["spacy"]["noised_relaxed_f1"]
