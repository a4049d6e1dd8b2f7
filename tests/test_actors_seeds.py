"""Entities and canonical actors on the seed articles (issue [read], item 6), with the real spaCy model."""

from __future__ import annotations

import pytest

from wirewatch.model import Analysis, Article
from wirewatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline.build(["spacy", "actors"])


@pytest.fixture(scope="module")
def seed1(pipe: Pipeline, seed1_text: str) -> Analysis:
    return pipe.analyse(Article(text=seed1_text))


@pytest.fixture(scope="module")
def seed2(pipe: Pipeline, seed2_text: str) -> Analysis:
    return pipe.analyse(Article(text=seed2_text))


def _actor_of(analysis: Analysis, surface: str, after: str = "") -> str | None:
    offset = analysis.text.index(after) if after else 0
    for m in analysis.entities:
        if m.start >= offset and m.text == surface:
            return m.actor
    raise AssertionError(f"no mention {surface!r} after {after!r}: {[m.text for m in analysis.entities]}")


def test_actors_badly_cased_name_is_one_person(seed1: Analysis) -> None:
    assert _actor_of(seed1, "lee jae Myung") == "person:lee-jae-myung"
    lee = seed1.actors["person:lee-jae-myung"]
    assert (lee.country, lee.role) == ("KOR", "president")
    assert not any(m.text in ("lee", "Myung") for m in seed1.entities)


def test_actors_metonym_and_short_names(seed1: Analysis) -> None:
    assert _actor_of(seed1, "Pyongyang", after="Since the invasion") == "PRK"
    assert _actor_of(seed1, "Kim", after="Kim recently") == "person:kim-jong-un"
    assert _actor_of(seed1, "Lee", after="Lee is scheduled") == "person:lee-jae-myung"
    assert _actor_of(seed1, "Seoul") == "KOR"
    assert _actor_of(seed1, "Shigeru Ishiba") == "person:shigeru-ishiba"
    assert seed1.actors["person:shigeru-ishiba"].country == "JPN"


def test_actors_demonym_sector(seed1: Analysis) -> None:
    assert _actor_of(seed1, "North Korean", after="Over 600") == "PRK.military"
    assert seed1.actors["PRK.military"].sector == "military"


def test_actors_role_phrases_and_orgs(seed2: Analysis) -> None:
    assert _actor_of(seed2, "South Korea", after="as confirmed by") == "KOR.intelligence"
    assert _actor_of(seed2, "Sergei Shoigu") == "person:sergei-shoigu"
    assert seed2.actors["person:sergei-shoigu"].country == "RUS"
    assert _actor_of(seed2, "The Korean Central News Agency") == "org:kcna"


def test_actors_unresolved_never_forced_onto_country(seed2: Analysis) -> None:
    ahn = seed2.actors["unresolved:ahn-chan-il"]
    assert ahn.kind == "unresolved" and ahn.country is None


def test_actors_freedom_shield_is_not_a_person(seed2: Analysis) -> None:
    labels = {m.label for m in seed2.entities if m.text == "Freedom Shield"}
    assert labels and "PERSON" not in labels


def test_actors_offsets_slice_text(seed1: Analysis, seed2: Analysis) -> None:
    for analysis in (seed1, seed2):
        for m in analysis.entities:
            assert analysis.text[m.start : m.end] == m.text


ROLE_CASES = [
    # (seed, surface, the mention's text right before it, expected actor)
    (1, "Trump", "President ", "person:donald-trump"),
    (1, "Seoul", "rejected calls from ", "KOR"),
    (1, "south Korean", "", "KOR"),  # "south Korean President lee jae Myung": the person, not KOR.government
    (2, "Russia", "", "RUS"),  # "Russia's security chief, Sergei Shoigu"
    (2, "Hong Min", "", "unresolved:hong-min"),
]


@pytest.mark.parametrize(("seed", "surface", "before", "actor"), ROLE_CASES)
def test_actors_role_phrase_with_name(seed1: Analysis, seed2: Analysis, seed: int, surface: str, before: str,
                                      actor: str) -> None:
    analysis = seed1 if seed == 1 else seed2
    found = [m for m in analysis.entities if m.text == surface
             and analysis.text[max(0, m.start - len(before)) : m.start] == before]
    assert found, surface
    assert found[0].actor == actor
    if actor.startswith("unresolved:"):
        assert analysis.actors[actor].country is None
