"""The times rules' cue words: a rule is skipped when none of its cues is in the text, so every
match of a rule must contain one of them (else the skip would lose expressions)."""

from __future__ import annotations

from wirewatch.nlp import times

PHRASES = [
    "2025-08-23", "the third quarter of 1984", "the 1988 third quarter", "the first half of 1990",
    "the first two quarters of 1990", "this year's third quarter", "the year-ago third quarter", "the 1988 period",
    "in February this year", "for the year ended June 30", "the current fiscal year", "the latest period",
    "the 20th century", "last night", "every Thursday", "each July", "noon Monday", "5 1/2 hours",
    "two and a half years", "the year-earlier quarter", "a year-earlier loss", "almost four years ago",
    "two days earlier", "the past decade", "the next century", "the third quarter", "the latest quarter",
    "last Tuesday", "next Friday", "Christmas Eve", "New Year's Day", "Valentine's Day", "Halloween",
    "Easter Sunday", "Thanksgiving", "Election Day", "Labor Day", "Memorial Day", "the summer", "in spring",
    "late winter", "Sunday morning", "today", "yesterday", "tomorrow", "tonight", "the day before yesterday",
    "now", "currently", "at present", "at the moment", "nowadays", "these days", "in recent weeks",
    "in the coming years", "recently", "the past", "the future", "this morning", "yesterday afternoon",
    "the 1990s", "mid-November", "early June", "nineteen ninety-six", "the year two thousand", "for days",
    "within weeks", "took months", "the weekend", "every day", "daily", "weekly", "monthly", "annually",
    "yearly", "hourly", "autumn 2004", "the fall of 2004", "spring of 1999", "Friday evening",
]


def test_every_match_of_a_cued_rule_contains_a_cue() -> None:
    text = ". ".join(PHRASES) + "."
    patterns = dict(times.PATTERNS)
    seen = set()
    for rule, cues in times.RULE_CUES.items():
        assert rule in patterns, f"cues for an unknown rule {rule!r}"
        for m in patterns[rule].finditer(text):
            seen.add(rule)
            assert any(cue in m.group(0).casefold() for cue in cues), (rule, m.group(0))
    assert seen == set(times.RULE_CUES)  # the phrases exercise every cued rule


def test_cues_change_no_expression(seed1_text: str, seed2_text: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    texts = [seed1_text, seed2_text, ". ".join(PHRASES)]
    with_cues = [[(f.start, f.end, f.rule) for f in times.find_expressions(t)] for t in texts]
    monkeypatch.setattr(times, "RULE_CUES", {})
    assert with_cues == [[(f.start, f.end, f.rule) for f in times.find_expressions(t)] for t in texts]
    assert sum(map(len, with_cues)) > 80
