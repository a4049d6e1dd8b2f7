"""Claim keys: the measured property of a figure, normalised across wording (issue 7)."""

from __future__ import annotations

from typing import Any

import pytest

from wirewatch.claims.keys import keys_match
from wirewatch.model import Article


def _key(pipeline: Any, text: str, figure: str) -> tuple[str | None, str | None]:
    analysis = pipeline.analyse(Article(text=text))
    start = text.index(figure)
    for claim in analysis.claims:
        if claim.quantity is not None and claim.quantity.start <= start < claim.quantity.end:
            return claim.key, claim.measure
    raise AssertionError(f"no claim holds {figure!r}: {[c.to_json() for c in analysis.claims]}")


@pytest.mark.parametrize(("text", "figure", "key"), [
    ("Pyongyang has dispatched an estimated 15,000 troops to Russia.", "15,000", "PRK troops sent to RUS"),
    ("Over 10,000 North Korean soldiers were sent to Russia, officials said.", "10,000", "PRK troops sent to RUS"),
    ("North Korea has deployed 11,000 servicemen to Russia.", "11,000", "PRK troops sent to RUS"),
    ("The U.S. had accepted 11,491 Syrian refugees by September.", "11,491", "USA refugees admitted"),
    ("Qantas could cut 7,000 jobs, the airline said.", "7,000", "Qantas staff cut"),
])
def test_claims_keys_line_up_across_wording(pipeline: Any, text: str, figure: str, key: str) -> None:
    assert _key(pipeline, text, figure)[0] == key


def test_claims_keys_measure_names_how_the_figure_counts(pipeline: Any) -> None:
    assert _key(pipeline, "Over 600 North Korean soldiers are believed to have died.", "600") == \
        ("PRK troops killed", "believed count")
    assert _key(pipeline, "Adjusted for seasonal changes, Germany had 4.875 million people out of work.",
                "4.875 million")[1] == "adjusted count"


def test_claims_keys_match_unnamed_subject_and_missing_recipient() -> None:
    assert keys_match("PRK troops sent to RUS", "PRK troops sent to RUS")
    assert keys_match("? troops sent to RUS", "PRK troops sent to RUS")
    assert keys_match("PRK troops sent", "PRK troops sent to RUS")
    assert not keys_match("PRK troops sent to RUS", "PRK troops killed")
    assert not keys_match("IND people killed", "IDN people killed")
    assert not keys_match(None, "PRK troops killed")


@pytest.mark.parametrize(("a", "b"), [
    # the writer's verb is wording, not the property
    ("The UK's jobless rate rose to 4.7% in the quarter.", "The UK's jobless rate remains 4.7%, the ONS said."),
    # one property, many names: the size and growth of an economy
    ("Germany's economy shrank 0.2% in the last three months of 2004.",
     "German GDP fell by 0.2% in the fourth quarter."),
])
def test_claims_keys_of_amounts_name_the_measured_property_not_the_verb(pipeline: Any, a: str, b: str) -> None:
    figure_a = next(w for w in a.split() if "%" in w).rstrip(",.")
    figure_b = next(w for w in b.split() if "%" in w).rstrip(",.")
    key_a, key_b = _key(pipeline, a, figure_a)[0], _key(pipeline, b, figure_b)[0]
    assert key_a is not None and key_a.split(" ")[1] != "percent"  # a property is named
    assert keys_match(key_a, key_b), (key_a, key_b)


def test_claims_keys_of_amounts_keep_owners_and_properties_apart(pipeline: Any) -> None:
    uk = _key(pipeline, "The UK's jobless rate rose to 4.7% in the quarter.", "4.7%")[0]
    germany = _key(pipeline, "Germany's jobless rate stood at 12.1% in January.", "12.1%")[0]
    inflation = _key(pipeline, "The UK's inflation rate rose to 1.7% in the quarter.", "1.7%")[0]
    assert not keys_match(uk, germany) and not keys_match(uk, inflation)
    # a subject and a property both unnamed leave nothing to line up by
    assert not keys_match("? percent", "? economy percent")
    assert keys_match("? economy percent", "CHN economy percent")


def test_claims_keys_subject_of_several_words_is_one_part() -> None:
    cruz, trump = "Ted\u00a0Cruz delegates", "Donald\u00a0Trump delegates"
    assert keys_match(cruz, "? delegates") and not keys_match(cruz, trump)


def test_claims_keys_counted_thing_in_a_compound_or_an_of_phrase(pipeline: Any) -> None:
    cuts = _key(pipeline, "GM announced 12,000 job cuts at its European operations last year.", "12,000")[0]
    cutting = _key(pipeline, "GM is in the midst of cutting 12,000 jobs in Europe.", "12,000")[0]
    assert cuts is not None and cuts.split(" ", 1)[1] == "staff cut" and keys_match(cuts, cutting)
    workforce = _key(pipeline, "The firm has a total workforce of 6,500 in Birmingham.", "6,500")[0]
    assert workforce is not None and workforce.split(" ", 1)[1] == "staff"
