"""Partial TIMEX values: compatibility, display and ordering (issue 6)."""

from __future__ import annotations

import pytest

from wirewatch.link import timex

# (a, b, compatible?)
COMPATIBILITY = [
    ("2025-03-21", "2025-03-21", True),
    ("2025-03-21", "2025-03-22", False),            # different days never merge
    ("2025-03-21", "XXXX-03-21", True),             # year unknown on one side
    ("XXXX-03-21", "2025-08-23", False),            # March vs August
    ("XXXX-03-21", "XXXX-03-22", False),
    ("2025-03", "2025-03-21", True),                # month-only
    ("2025-03", "2025-04-01", False),
    ("2025", "2025-11-02", True),                   # year-only
    ("2024", "2025-03", False),
    ("2025-Q1", "2025-03-21", True),
    ("2025-Q1", "2025-08", False),
    ("XXXX-WXX-6", "2025-08-23", True),             # 23 August 2025 was a Saturday
    ("XXXX-WXX-6", "2025-08-24", False),
    ("PAST_REF", "2025-03-21", True),               # says nothing about the day
    (None, "2025-03-21", True),
    ("P3D", "2024", True),
]


@pytest.mark.parametrize(("a", "b", "expected"), COMPATIBILITY)
def test_timex_compatible_table(a: str | None, b: str | None, expected: bool) -> None:
    assert timex.compatible(a, b) is expected
    assert timex.compatible(b, a) is expected


DISPLAY = [
    ("2025-03-21", "21 March 2025"),
    ("2025-03", "March 2025"),
    ("XXXX-03-21", "21 March, year unknown"),
    ("XXXX-11", "November, year unknown"),
    ("2024", "2024"),
    ("2025-Q1", "Q1 2025"),
    (None, "date unknown"),
]


@pytest.mark.parametrize(("value", "shown"), DISPLAY)
def test_timex_display_keeps_precision(value: str | None, shown: str) -> None:
    assert timex.display(value) == shown


def test_timex_sort_key_places_month_before_its_days_and_borrows_year_for_order_only() -> None:
    assert timex.sort_key("2025-03") == "2025-03-00"
    assert timex.sort_key("2025-03") < timex.sort_key("2025-03-01")  # type: ignore[operator]
    assert timex.sort_key("XXXX-03-21", "2025-08-23") == "2025-03-21"
    assert timex.sort_key(None, None) is None
    assert timex.most_specific(["2025", "2025-03-21", "2025-03"]) == "2025-03-21"


def test_timex_near_publication() -> None:
    assert timex.near("2013-08-02", "2013-08-20", 45)
    assert not timex.near("2007", "2013-08-02", 45)        # a background year
    assert not timex.near("2014", "2013-08-02", 45)        # next year's ceremony
    assert timex.near("2013", "2013-08-02", 45)
    assert timex.near("2013-12", "2014-01-10", 45)         # the window crosses the year
    assert not timex.near("2013-03", "2013-08-02", 45)
    assert timex.near("XXXX-03-21", "2013-08-02", 45)      # no year: cannot tell, so kept
    assert timex.near("2007", None, 45)                    # undated article: every date counts


def test_timex_days_apart() -> None:
    assert timex.days_apart("2013-05-02", "2013-05-03") == 1
    assert timex.days_apart("2012-12-31", "2013-01-01") == 1
    assert timex.days_apart("2013-05", "2013-05-03") > 1000  # not day-precise: never "close"
