"""Fiscal quarters, 'last <month>', and adverbs TimeML does not mark (real spaCy parse)."""

from __future__ import annotations

import pytest

from wirewatch.model import Article
from wirewatch.pipeline import Pipeline

CASES = [
    ("Profit rose in the third quarter.", "1989-10-26", "third quarter", "1989-Q3"),
    ("Third-quarter profit rose.", "1989-10-26", "Third-quarter", "1989-Q3"),
    ("Profit rose in the fiscal first quarter.", None, "first quarter", "XXXX-Q1"),
    ("Sales fell in the latest quarter.", "1989-10-26", "the latest quarter", "1989-Q3"),
    ("Sales fell in the quarter.", "1990-01-15", "the quarter", "1989-Q4"),
    ("The plant closed last November.", "1999-03-12", "last November", "1998-11"),
    ("The plant closed last March.", "1999-03-12", "last March", "1998-03"),
    ("Profit was $5 million in the quarter, up from $3 million a year ago.", "1989-10-26", "a year ago", "1988-Q3"),
    ("Net income rose from a year earlier.", "1989-10-26", "a year earlier", "1988"),
    ("Sales fell from the year-earlier quarter.", "1989-10-26", "the year-earlier quarter", "1988-Q3"),
    ("Prices peaked in mid-November.", "1989-12-05", "mid-November", "1989-11"),
    ("Police arrived Sunday night.", "2000-04-17", "Sunday night", "2000-04-16"),
    ("Third-quarter profit rose 5%. It earned $3 million a year earlier.", "1989-10-26", "a year earlier", "1988-Q3"),
    ("The hearing was moved to Dec. 7.", "1989-10-30", "Dec. 7", "1989-12-07"),
    ("The hearing was held on Dec. 7.", "1989-08-30", "Dec. 7", "1988-12-07"),
    ("Profit fell in the fourth quarter.", "1998-01-26", "fourth quarter", "1997-Q4"),
    ("Profit will rise in the fourth quarter.", "1998-01-26", "fourth quarter", "1998-Q4"),
    ("Talks resume in March.", "1999-02-10", "March", "1999-03"),
    ("Talks resume in December.", "1999-02-10", "December", "1998-12"),
    ("The polls closed at 9 a.m. Tuesday.", "2000-04-05", "9 a.m. Tuesday", "2000-04-04T09:00"),
    ("Prices have climbed in recent weeks.", "2000-04-05", "recent weeks", "PXW"),
    ("Prices will climb in the coming years.", "2000-04-05", "coming years", "PXY"),
    ("The court will rule Friday.", "1998-02-27", "Friday", "1998-02-27"),
    ("The final vote is Tuesday.", "2000-04-03", "Tuesday", "2000-04-04"),
    ("The final vote was Tuesday.", "2000-04-03", "Tuesday", "2000-03-28"),
    ("It happened in nineteen ninety-six.", None, "nineteen ninety-six", "1996"),
    ("Computers may fail in the year two thousand.", None, "the year two thousand", "2000"),
    ("The plant will open next April.", "1999-03-12", "next April", "1999-04"),
    # a quarter or half with its year, or with "this/next/last year's"
    ("It stopped paying a dividend in the third quarter of 1984.", "1989-10-27", "the third quarter of 1984",
     "1984-Q3"),
    ("It took a charge in the 1988 second quarter.", "1989-11-02", "the 1988 second quarter", "1988-Q2"),
    ("Earnings will be lower for the last half of 1989.", "1989-10-26", "the last half of 1989", "1989-H2"),
    ("Losses continue through the first two quarters of 1990.", "1989-10-26", "first two quarters of 1990",
     "1990-H1"),
    ("Net sales for this year's third quarter fell.", "1989-11-01", "this year's third quarter", "1989-Q3"),
    ("The merger could be effective in next year's first quarter.", "1989-10-31", "next year's first quarter",
     "1990-Q1"),
    ("Sales for last year's quarter were $3 million.", "1989-11-01", "last year's quarter", "1988-Q3"),
    ("In the year-ago third quarter it earned $22 million.", "1989-10-30", "the year-ago third quarter", "1988-Q3"),
    ("Third-quarter profit fell. It earned $376,000 in the 1988 quarter.", "1989-10-30", "the 1988 quarter",
     "1988-Q3"),
    ("It expects higher sales in the current fiscal year.", "1989-11-02", "the current fiscal year", "1989"),
    ("It has had losses in the past two quarters.", "1989-10-27", "the past two quarters", "P2Q"),
    # "year-earlier" as an adjective: the same quarter a year back in a quarterly report, else last year
    ("Third-quarter net fell, compared with a year-earlier loss of $6.2 million.", "1989-10-26", "year-earlier",
     "1988-Q3"),
    ("The year-earlier results were restated.", "1989-10-30", "year-earlier", "1988"),
    ("Third-quarter profit rose. The latest period had gains from asset sales.", "1989-11-01", "The latest period",
     "1989-Q3"),
    ("Net was $1.8 million for the corresponding period last year.", "1989-11-01",
     "the corresponding period last year", "1988-Q3"),
    ("For the quarter a year ago, it earned $16 million.", "1989-10-26", "the quarter a year ago", "1988-Q3"),
]

NOT_TIMES = [
    ("Net for the year-earlier nine months rose.", "nine months"),
]

DURATIONS = [
    # vague counts are X; decades are counted in years; halves are spelt out
    ("Prices will stay high for several years.", "several years", "PXY"),
    ("Ships could leave within a few days.", "a few days", "PXD"),
    ("Rain is likely over the next several days.", "the next several days", "PXD"),
    ("We have been attacked for the past few weeks.", "the past few weeks", "PXW"),
    ("The rate is the lowest for almost two decades.", "two decades", "P20Y"),
    ("Attacks became routine over the past decade.", "the past decade", "P10Y"),
    ("They lived in camps for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
    # a reporting year "ended" or "ending" on a date is a year-long period
    ("Revenue was $76 million for the year ended March 31.", "the year", "P1Y"),
    ("In the fiscal year ended Jan. 31, sales rose.", "the fiscal year", "P1Y"),
    ("She spent about 5 1/2 hours in Nairobi.", "5 1/2 hours", "PT5H30M"),
]


@pytest.mark.parametrize(("sentence", "expression"), NOT_TIMES)
def test_year_earlier_before_a_duration(pipe: Pipeline, sentence: str, expression: str) -> None:
    analysis = pipe.analyse(Article(text=sentence, published="1989-10-26"))
    assert [t.text for t in analysis.times] == [expression]


@pytest.mark.parametrize(("sentence", "expression", "expected"), DURATIONS)
def test_duration_values(pipe: Pipeline, sentence: str, expression: str, expected: str) -> None:
    analysis = pipe.analyse(Article(text=sentence, published="1998-02-06"))
    match = [t.value for t in analysis.times if expression in t.text]
    assert match, f"{expression!r} not found in {[t.text for t in analysis.times]}"
    assert match[0] == expected


CLOCK = [
    ("Negotiations broke off at noon Thursday.", "1998-02-13", "noon Thursday", "1998-02-12T12:00"),
]


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline.build(["spacy", "times"])


@pytest.mark.parametrize(("sentence", "published", "expression", "expected"), CLOCK)
def test_clock_with_weekday(pipe: Pipeline, sentence: str, published: str, expression: str, expected: str) -> None:
    analysis = pipe.analyse(Article(text=sentence, published=published))
    match = [t.value for t in analysis.times if expression in t.text]
    assert match, f"{expression!r} not found in {[t.text for t in analysis.times]}"
    assert match[0] == expected


@pytest.mark.parametrize(("sentence", "published", "expression", "expected"), CASES)
def test_times_quarter_and_month(pipe: Pipeline, sentence: str, published: str | None, expression: str,
                                 expected: str) -> None:
    analysis = pipe.analyse(Article(text=sentence, published=published))
    match = [t.value for t in analysis.times if expression in t.text]
    assert match, f"{expression!r} not found in {[t.text for t in analysis.times]}"
    assert match[0] == expected


@pytest.mark.parametrize("sentence", ["He had previously served as mayor.", "The talks will resume soon."])
def test_sequence_adverbs_are_not_times(pipe: Pipeline, sentence: str) -> None:
    assert pipe.analyse(Article(text=sentence, published="2000-01-01")).times == []


def test_ages_are_not_durations(pipe: Pipeline) -> None:
    analysis = pipe.analyse(Article(text="The 6-year-old boy stayed for three years.", published="2000-01-01"))
    assert [t.value for t in analysis.times] == ["P3Y"]


def test_two_thousand_alone_is_a_number(pipe: Pipeline) -> None:
    assert pipe.analyse(Article(text="Some two thousand people marched.", published="2000-01-01")).times == []
