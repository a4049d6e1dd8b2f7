"""Casing repair before NER: same length, only capitals raised, names whole (issue 4, item 1)."""

from __future__ import annotations

import pytest

from wirewatch.model import Article
from wirewatch.nlp.casing import repair
from wirewatch.pipeline import Pipeline

REPAIRS = [
    # (noisy text, expected repaired text)
    ("south Korean President lee jae Myung met reporters.", "South Korean President Lee Jae Myung met reporters."),
    ("Officials in north korea said so.", "Officials in North Korea said so."),
    ("He met japan's prime minister shigeru ishiba.", "He met Japan's prime minister Shigeru Ishiba."),
    ("The uS and the u.S. economy.", "The US and the U.S. economy."),
    ("Jobs at General Motors fell. Later General motors hired.",
     "Jobs at General Motors fell. Later General Motors hired."),
    ("They met President trump on Monday.", "They met President Trump on Monday."),
    ("Shares of Chrysler fell, and chrysler cut jobs.", "Shares of Chrysler fell, and Chrysler cut jobs."),
]

UNCHANGED = [
    "He ate turkey and rice with china plates.",
    "Apple unveils iOS at the Apple Developer Program. the program costs a lot.",
    "the president said the bank of the city would close.",
]


@pytest.mark.parametrize(("noisy", "expected"), REPAIRS)
def test_casing_repair_raises_names(noisy: str, expected: str) -> None:
    assert repair(noisy) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_casing_repair_leaves_common_words(text: str) -> None:
    out = repair(text)
    assert len(out) == len(text)
    assert out.casefold() == text.casefold()
    assert "Turkey" not in out and "China" not in out and "IOS" not in out and "Program. The" not in out


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline.build(["spacy", "actors"])


PERSONS = [
    # (noisy text, the one person mention expected, its actor)
    ("south Korean President lee jae Myung met Japan's leader.", "lee jae Myung", "person:lee-jae-myung"),
    ("Russia's security chief sergei shoigu arrived in Pyongyang.", "sergei shoigu", "person:sergei-shoigu"),
    ("north Korean leader kim jong un oversaw the test.", "kim jong un", "person:kim-jong-un"),
    ("The talks were led by vladimir Putin in Moscow.", "vladimir Putin", "person:vladimir-putin"),
]


@pytest.mark.parametrize(("text", "surface", "actor"), PERSONS)
def test_casing_noisy_name_is_one_mention(pipe: Pipeline, text: str, surface: str, actor: str) -> None:
    analysis = pipe.analyse(Article(text=text))
    persons = [m for m in analysis.entities if m.label == "PERSON"]
    assert [(m.text, m.actor) for m in persons] == [(surface, actor)]
    assert all(text[m.start : m.end] == m.text for m in analysis.entities)
