"""The seed cases of issue 7: attributions, claim keys, disputes in the store, the CLI and the briefing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wirewatch.claims.disputes import disputes
from wirewatch.model import Analysis, Article, Claim
from wirewatch.store import Store


@pytest.fixture(scope="module")
def seed1(pipeline: Any, seed1_text: str) -> Analysis:
    analysis: Analysis = pipeline.analyse(Article(text=seed1_text, outlet="Example Times", published="2025-08-23"))
    return analysis


@pytest.fixture(scope="module")
def seed2(pipeline: Any, seed2_text: str) -> Analysis:
    analysis: Analysis = pipeline.analyse(Article(text=seed2_text, outlet="Straits Times", published="2025-03-21"))
    return analysis


def _holding(analysis: Analysis, words: str) -> list[Claim]:
    return [c for c in analysis.claims if words in analysis.text[c.content.start:c.content.end]]


def test_claims_seeds_offsets_slice_the_text(seed1: Analysis, seed2: Analysis) -> None:
    for analysis in (seed1, seed2):
        assert analysis.claims
        for c in analysis.claims:
            assert analysis.text[c.content.start:c.content.end] == c.content.text
            if c.cue is not None:
                assert analysis.text[c.cue.start:c.cue.end] == c.cue.text
            if c.source_span is not None:
                assert analysis.text[c.source_span.start:c.source_span.end] == c.source_text


def test_claims_seeds_supplied_missiles_attributed_to_previous_government(seed1: Analysis) -> None:
    [claim] = _holding(seed1, "Russia had already supplied missiles and equipment")
    assert claim.source_text == "South Korea’s previous government"
    assert claim.source_actor is not None and claim.source_actor.startswith("KOR")
    assert claim.cue is not None and claim.cue.text == "stated"
    assert claim.certainty == "stated"


def test_claims_seeds_deaths_believed_per_south_korean_assessments(seed1: Analysis) -> None:
    [claim] = [c for c in _holding(seed1, "Over 600 North Korean soldiers") if c.quantity is not None]
    assert claim.source_text == "South Korean assessments"
    assert claim.source_actor == "KOR"
    assert claim.cue is not None and claim.cue.text == "according to"
    assert claim.certainty == "believed"
    assert claim.key == "PRK troops killed" and claim.measure == "believed count"


def test_claims_seeds_confirmed_deaths_and_estimated_troops_are_the_outlets(seed1: Analysis) -> None:
    [dead] = [c for c in seed1.claims if c.quantity is not None and c.quantity.text == "101"]
    assert dead.cue is None and dead.source_text == "Example Times"
    assert dead.key == "PRK troops killed" and dead.measure == "confirmed count"
    [troops] = [c for c in seed1.claims if c.quantity is not None and c.quantity.text == "an estimated 15,000"]
    assert troops.key == "PRK troops sent to RUS" and troops.certainty == "estimated"


def test_claims_seeds_troops_confirmed_by_spy_agency(seed2: Analysis) -> None:
    [claim] = [c for c in seed2.claims if c.quantity is not None and c.quantity.text == "over 10,000"]
    assert claim.source_text == "South Korea’s spy agency"
    assert claim.source_actor == "KOR.intelligence"
    assert claim.certainty == "confirmed"
    assert claim.key == "PRK troops sent to RUS"


def test_claims_seeds_round_trip_through_json(seed1: Analysis) -> None:
    again = Analysis.from_json(seed1.to_json(), seed1.article)
    assert [c.to_json() for c in again.claims] == [c.to_json() for c in seed1.claims]


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, seed1: Analysis, seed2: Analysis) -> Path:
    from wirewatch.store import open_store

    path = tmp_path_factory.mktemp("claims") / "seeds.db"
    store = open_store(path)
    for analysis in (seed1, seed2):
        store.add_article(analysis.article)
        store.save_analysis(analysis, ["spacy", "actors", "times", "quantities", "events", "claims"])
    store.close()
    return path


@pytest.fixture()
def seeded(seeded_db: Path) -> Any:
    from wirewatch.store import open_store

    store = open_store(seeded_db)
    yield store
    store.close()


def test_claims_seeds_troops_line_up_as_consistent(seeded: Store) -> None:
    [group] = disputes(seeded, key="PRK troops sent to RUS")
    assert group["verdict"] == "consistent"
    assert {c["figure"] for c in group["claims"]} == {"over 10,000", "an estimated 15,000"}
    [pair] = group["comparisons"]
    reasons = " | ".join(pair["reasons"])
    assert "different sources" in reasons and "5 months apart" in reasons and "a lower bound" in reasons


def test_claims_seeds_deaths_are_different_measures_not_a_contradiction(seeded: Store) -> None:
    [group] = disputes(seeded, key="PRK troops killed")
    assert group["verdict"] == "not comparable"
    [pair] = group["comparisons"]
    assert pair["reasons"][0].startswith("different measures: believed killed (Over 600) vs confirmed killed (101)")
    assert any(r.startswith("different sources") for r in pair["reasons"])


def test_claims_seeds_disputes_cli_json_and_text(seeded_db: Path) -> None:
    from wirewatch.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(seeded_db), "disputes", "--json"], standalone_mode=False)
    assert result.exit_code == 0, result.output
    groups = [json.loads(line) for line in result.output.splitlines()]
    assert {g["key"]: g["verdict"] for g in groups} == {"PRK troops sent to RUS": "consistent",
                                                        "PRK troops killed": "not comparable"}
    text = runner.invoke(main, ["--db", str(seeded_db), "disputes"], standalone_mode=False).output
    assert "PRK troops sent to RUS: consistent" in text and "South Korea’s spy agency" in text


def test_claims_seeds_briefing_lists_disputed_figures(seeded: Store) -> None:
    from wirewatch.report import brief

    text = brief(seeded)
    section = text.split("Disputed figures")[1]
    assert "PRK troops sent to RUS: consistent" in section
    assert "PRK troops killed: not comparable" in section


def test_claims_seeds_undated_report_dated_from_its_text(store: Store, pipeline: Any, seed1_text: str,
                                                         seed2_text: str) -> None:
    # as 'make demo' stores them: seed 2 has no publication date, its text says "On March 21"
    for article in (Article(text=seed1_text, outlet="Example Times", published="2025-08-23"),
                    Article(text=seed2_text, outlet="Straits Times")):
        store.add_article(article)
        store.save_analysis(pipeline.analyse(article), pipeline.names)
    [group] = disputes(store, key="PRK troops sent to RUS")
    assert group["verdict"] == "consistent"
    [pair] = group["comparisons"]
    assert any(r.startswith("different dates: XXXX-03-21 (from the text) vs 2025-08-23") and "5 months before" in r
               for r in pair["reasons"]), pair["reasons"]
