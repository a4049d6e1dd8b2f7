"""The seed articles' events (issue 5), with the real pipeline."""

from __future__ import annotations

from typing import Any

import pytest

from wirewatch.model import Analysis, Article, Event
from wirewatch.nlp.events_args import code_of


@pytest.fixture(scope="module")
def seed1(pipeline: Any, seed1_text: str) -> Analysis:
    return pipeline.analyse(Article(text=seed1_text))


@pytest.fixture(scope="module")
def seed2(pipeline: Any, seed2_text: str) -> Analysis:
    return pipeline.analyse(Article(text=seed2_text))


def codes(ids: list[str], analysis: Analysis) -> set[str]:
    return {c for c in (code_of(i, analysis.actors) for i in ids) if c}


def find(analysis: Analysis, type_: str, trigger: str) -> Event:
    found = [e for e in analysis.events if e.type == type_ and trigger in e.trigger.text.lower()]
    assert found, f"no {type_} event on {trigger!r}: {[(e.type, e.trigger.text) for e in analysis.events]}"
    return found[0]


# (type, trigger word, actor code, recipient code or None, mode or None, modality or None)
SEED1_CASES = [
    ("MOBILIZE", "firing", "PRK", None, "weapons", None),
    ("CONSULT", "summit", "KOR", "JPN", "visit", "asserted"),
    ("AGREE", "travel", "KOR", "USA", None, "planned"),
    ("REJECT", "rejected", "PRK", "KOR", None, "asserted"),
    ("AID", "dispatched", "PRK", "RUS", None, None),
    ("AID", "supplied", "RUS", "PRK", None, "reported"),
    ("AGREE", "agreed", "PRK", "RUS", None, "planned"),
]

SEED2_CASES = [
    ("MOBILIZE", "firing", "PRK", None, "weapons", "asserted"),
    ("CONSULT", "arrival", "RUS", "PRK", "visit", None),
    ("AGREE", "formalized", "PRK", None, None, None),
    ("ACCUSE", "denounced", "PRK", None, "disapprove", None),
    ("AID", "dispatched", "PRK", "RUS", None, "reported"),
    ("AGREE", "confer", "RUS", "PRK", None, "planned"),
]


@pytest.mark.parametrize(("type_", "trigger", "actor", "recipient", "mode", "modality"), SEED1_CASES)
def test_events_seed1_cases(seed1: Analysis, type_: str, trigger: str, actor: str, recipient: str | None,
                            mode: str | None, modality: str | None) -> None:
    event = find(seed1, type_, trigger)
    assert actor in codes(event.actors, seed1)
    if recipient:
        assert recipient in codes(event.recipients, seed1)
    if mode:
        assert event.mode == mode
    if modality:
        assert event.modality == modality


@pytest.mark.parametrize(("type_", "trigger", "actor", "recipient", "mode", "modality"), SEED2_CASES)
def test_events_seed2_cases(seed2: Analysis, type_: str, trigger: str, actor: str, recipient: str | None,
                            mode: str | None, modality: str | None) -> None:
    event = find(seed2, type_, trigger)
    assert actor in codes(event.actors, seed2)
    if recipient:
        assert recipient in codes(event.recipients, seed2)
    if mode:
        assert event.mode == mode
    if modality:
        assert event.modality == modality


def test_events_seed1_summit_in_tokyo(seed1: Analysis) -> None:
    assert find(seed1, "CONSULT", "summit").place == "Tokyo"


def test_events_seed1_supply_source_is_previous_government(seed1: Analysis) -> None:
    event = find(seed1, "AID", "supplied")
    assert event.source is not None and "previous government" in event.source


def test_events_seed1_trip_to_washington_on_sunday(seed1: Analysis) -> None:
    event = find(seed1, "AGREE", "travel")
    assert event.place == "Washington"
    assert event.time is not None and event.time_basis == "text"


def test_events_seed2_missile_test_on_march_21(seed2: Analysis) -> None:
    event = find(seed2, "MOBILIZE", "firing")
    assert event.time == "XXXX-03-21"
    assert event.time_basis == "text"


def test_events_seed2_agreement_between_both_in_2024(seed2: Analysis) -> None:
    event = find(seed2, "AGREE", "formalized")
    assert {"PRK", "RUS"} <= codes(event.actors + event.recipients, seed2)
    assert event.time == "2024"


def test_events_seed1_no_event_from_background(seed1: Analysis) -> None:
    start = seed1.text.index("Historically, China")
    end = seed1.text.index(".", start)
    assert not [e for e in seed1.events if start <= e.trigger.start < end]


def test_events_seed_evidence_is_the_sentence(seed1: Analysis) -> None:
    for event in seed1.events:
        assert seed1.text[event.evidence.start: event.evidence.end].find(event.trigger.text) >= 0
        assert event.evidence.start <= event.trigger.start < event.evidence.end


def test_events_seed2_headline_and_lead_are_separate(seed2: Analysis) -> None:
    lead = [e for e in seed2.events if e.trigger.text == "test-fired"]
    assert lead and lead[0].evidence.text.startswith("North Korea test-fired")
    assert any(e.type == "CONSULT" and e.evidence.start == lead[0].evidence.start for e in seed2.events)
