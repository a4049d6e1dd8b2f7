"""Time expressions normalised against the publication date and the clause's tense (real spaCy parse)."""

from __future__ import annotations

import pytest

from wirewatch.model import Article
from wirewatch.pipeline import Pipeline

CASES = [
    # sentence, published, expression, expected value
    ("State media reported Saturday that the test succeeded.", "2025-08-23", "Saturday", "2025-08-23"),
    ("Lee is scheduled to travel to Washington on Sunday.", "2025-08-23", "Sunday", "2025-08-24"),
    ("In November, the government stated that Russia had supplied missiles.", "2025-08-23", "November", "2024-11"),
    ("On March 21, North Korea announced a test.", "2025-03-22", "March 21", "2025-03-21"),
    ("On March 21, North Korea announced a test.", None, "March 21", "XXXX-03-21"),
    ("They formalized a military agreement in 2024.", None, "2024", "2024"),
    ("The talks were held on August 5, 2023 in Geneva.", None, "August 5, 2023", "2023-08-05"),
    ("The minister resigned two days ago.", "2025-08-23", "two days ago", "2025-08-21"),
    ("The minister resigned yesterday.", "2025-08-23", "yesterday", "2025-08-22"),
    ("The minister resigned yesterday.", None, "yesterday", None),
    ("The war has lasted three years.", None, "three years", "P3Y"),
    ("Inspections take place every week.", None, "every week", "P1W"),
    ("Prices rose sharply in the 1990s.", None, "1990s", "199"),
    # the tense is the governing verb's own, not that of its complement ("said ... that it intends")
    ("Paribas said Monday that it intends to raise its stake.", "1989-10-27", "Monday", "1989-10-23"),
    ("The thrift announced the plan Aug. 21.", "1989-10-27", "Aug. 21", "1989-08-21"),
    # "is to" + infinitive, "would", "supposed to" speak of what is ahead; "set" a deadline is a past act
    ("The stock is to resume trading in Paris Tuesday.", "1989-10-27", "Tuesday", "1989-10-31"),
    ("The vote would be held on April 24.", "1999-02-10", "April 24", "1999-04-24"),
    ("The talks are supposed to conclude by May.", "1998-03-22", "May", "1998-05"),
    ("The judge set Friday as the deadline.", "2000-01-15", "Friday", "2000-01-14"),
    ("They would appeal the decision, announced Wednesday by the agency.", "2000-01-06", "Wednesday", "2000-01-05"),
    # a past weekend seen from a weekday is the one just gone; an evening is marked as such
    ("Pentagon officials confirmed the reports over the weekend.", "1990-08-13", "the weekend", "1990-W32-WE"),
    ("A clerk was killed Thursday evening.", "1998-02-13", "Thursday evening", "1998-02-12TEV"),
    ("Sales in the current quarter began well.", "1989-10-26", "current quarter", "1989-Q4"),
    # a past-tense clause naming next month speaks of a deadline or plan; "last December" stays last year's
    ("Regulators gave the company until mid-November to submit data.", "1989-10-30", "mid-November", "1989-11"),
    ("It sold the unit to bankers last December.", "1989-10-30", "last December", "1988-12"),
    ("The firm changed its fiscal year in December.", "1989-10-27", "December", "1988-12"),
    # "effective <date>" and a deadline moved "until" a day lie ahead even in a past-tense report
    ("The bank created a new office, effective Feb. 1.", "1989-10-26", "Feb. 1", "1990-02-01"),
    ("Officials postponed until Tuesday morning any action on the case.", "2000-03-30", "Tuesday", "2000-04-04"),
    ("The job figures for January extended a surge in hiring.", "1998-02-06", "January", "1998-01"),
    ("He stayed in the city until Tuesday.", "2000-03-30", "Tuesday", "2000-03-28"),
    # seasons: "the summer" by the clause's tense, "this past spring" the most recent one
    ("Problems lasted well into the summer.", "1989-10-26", "the summer", "1989-SU"),
    ("Orders rose from the low levels of the early summer.", "1989-10-26", "the early summer", "1989-SU"),
    ("It scrapped the business this past spring.", "1989-10-30", "this past spring", "1989-SP"),
    ("Prices rose in the summer.", None, "the summer", "XXXX-SU"),
    # a month with "this/last/next year" is one expression
    ("But in June last year, the leadership fell out.", "1998-02-19", "June last year", "1997-06"),
    ("They will join in April next year.", "1998-12-03", "April next year", "1999-04"),
    # sets of named days and months, hourly; centuries; "last night"; vague "ago"; padded durations
    ("The third flight departs each Thursday.", "1998-02-13", "each Thursday", "XXXX-WXX-4"),
    ("Orangemen march each July.", "1998-03-22", "each July", "XXXX-07"),
    ("Average hourly earnings rose.", "1998-02-06", "hourly", "PT1H"),
    ("Unisys must pay interest every quarter.", "1989-10-30", "every quarter", "P1Q"),
    ("The fabled 11th century temple was attacked.", "1998-02-19", "11th century", "10"),
    ("CBS News first reported last night that the tomb was opened.", "1998-01-20", "last night", "1998-01-19TNI"),
    ("Support rose from 35 percent several years ago.", "1998-02-13", "several years ago", "PAST_REF"),
    ("The fleet may stay for at least 20 more years.", "1998-02-27", "20 more years", "P20Y"),
    ("Eight trading days after the plunge, prices recovered.", "1989-10-30", "Eight trading days", "P8D"),
    ("He forecast an earnings increase for the full year.", "1989-10-30", "the full year", "1989"),
    # holidays by their yearly rule; a clock time with its date; a spoken year with its month or season
    ("The boy was found on Thanksgiving Day.", "2000-01-06", "Thanksgiving Day", "1999-11-25"),
    ("He was found clinging to an inner tube last Thanksgiving.", "2000-02-10", "last Thanksgiving", "1999-11-25"),
    ("It will be our theme from now to Election Day.", "1998-10-26", "Election Day", "1998-11-03"),
    ("The church will be full at Easter.", "2000-03-01", "Easter", "2000-04-23"),
    ("Shops were closed on Christmas.", None, "Christmas", "XXXX-12-25"),
    ("The offer runs until 5 p.m. EST Nov. 9.", "1989-11-02", "5 p.m. EST Nov. 9", "1989-11-09T17:00"),
    ("January nineteen ninety-seven. Atlanta again.", None, "January nineteen ninety-seven", "1997-01"),
    ("Prices fell in the winter of nineteen ninety-four.", None, "the winter of nineteen ninety-four", "1994-WI"),
]


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline.build(["spacy", "times"])


@pytest.mark.parametrize(("sentence", "published", "expression", "expected"), CASES)
def test_times_rules_value(pipe: Pipeline, sentence: str, published: str | None, expression: str,
                           expected: str | None) -> None:
    analysis = pipe.analyse(Article(text=sentence, published=published))
    found = {t.text: t.value for t in analysis.times}
    match = [v for text, v in found.items() if expression in text]
    assert match, f"{expression!r} not found in {found}"
    assert match[0] == expected


def test_holiday_adjectives_are_not_times(pipe: Pipeline) -> None:
    analysis = pipe.analyse(Article(text="Christmas shopping rose and Easter sales fell at summer camp.",
                                    published="2000-01-01"))
    assert analysis.times == []


def test_times_never_today_for_undated(pipe: Pipeline) -> None:
    from datetime import date

    analysis = pipe.analyse(Article(text="Officials met today and again on Saturday."))
    today = date.today().isoformat()
    assert all(t.value is None or today not in t.value for t in analysis.times)
    assert all(not t.anchored for t in analysis.times if t.text in ("today", "Saturday"))


SPANS = [
    # TimeML extents: the article of a report's "the nine months", not of an adjective ("the 14-day period");
    # "about"/"almost" outside a duration; "early"/"late" and "fiscal" inside
    ("For the nine months, net rose 4%.", "the nine months", "P9M"),
    ("The government called the 14-day waiting period a concession.", "14-day", "P14D"),
    ("She spent about five hours in Nairobi.", "five hours", "PT5H"),
    ("It hopes to complete the transaction early next year.", "early next year", "1990"),
    ("The boy was rescued in late November.", "late November", "1989-11"),
    ("In fiscal 1989, it earned $7.8 million.", "fiscal 1989", "1989"),
    ("The third-quarter results were weak.", "third-quarter", "1989-Q3"),
]


@pytest.mark.parametrize(("sentence", "expression", "expected"), SPANS)
def test_times_extent(pipe: Pipeline, sentence: str, expression: str, expected: str) -> None:
    analysis = pipe.analyse(Article(text=sentence, published="1989-12-01"))
    assert [(t.text, t.value) for t in analysis.times] == [(expression, expected)]
