"""Partial TIMEX3 values: what they pin down, whether two can be the same day, how to show them.

A value such as ``XXXX-03-21`` (year unknown), ``2025-03`` (month only),
``2025`` (year only), ``2025-Q1`` or ``XXXX-WXX-6`` (a Saturday of unknown week)
constrains the calendar day only partly. Two reports can describe the same
happening only if some calendar day satisfies both constraints: that is
:func:`compatible`. Anything that says nothing about the day (``PAST_REF``,
durations, ``None``) is compatible with everything.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?(?:T.*)?$")
_WEEKDAY = re.compile(r"^(\d{4}|XXXX)-W(\d{2}|XX)-(\d)$")
_QUARTER = re.compile(r"^(\d{4}|XXXX)-Q([1-4])$")
_SEASON = re.compile(r"^(\d{4}|XXXX)-(SP|SU|FA|WI)$")
_HALF = re.compile(r"^(\d{4}|XXXX)-H([12])$")

#: Months a season may cover in news usage (northern hemisphere; winter spans the new year).
_SEASON_MONTHS = {"SP": {3, 4, 5, 6}, "SU": {6, 7, 8, 9}, "FA": {9, 10, 11, 12}, "WI": {12, 1, 2, 3}}


@dataclass(frozen=True)
class TimeConstraint:
    """What a TIMEX value says about the calendar day of an event."""

    year: int | None = None
    months: frozenset[int] | None = None   # None: any month
    day: int | None = None
    weekday: int | None = None             # ISO weekday 1-7

    @property
    def empty(self) -> bool:
        return self.year is None and self.months is None and self.day is None and self.weekday is None

    @property
    def month(self) -> int | None:
        return next(iter(self.months)) if self.months is not None and len(self.months) == 1 else None

    @property
    def precision(self) -> int:
        """0 nothing, 1 year, 2 month, 3 day (higher is more specific)."""
        if self.day is not None and self.month is not None:
            return 3 + (self.year is not None)
        if self.month is not None:
            return 2 + (self.year is not None)
        return 1 if self.year is not None else 0


def parse(value: str | None) -> TimeConstraint:
    """The constraint a TIMEX3 value puts on the calendar day (empty when it says nothing)."""
    if not value:
        return TimeConstraint()
    value = value.strip()

    def year_of(s: str) -> int | None:
        return None if s.startswith("X") else int(s)

    if m := _DATE.match(value):
        year, month, day = m.group(1), m.group(2), m.group(3)
        months = frozenset({int(month)}) if month and not month.startswith("X") and 1 <= int(month) <= 12 else None
        d = int(day) if day and not day.startswith("X") else None
        return TimeConstraint(year=year_of(year), months=months, day=d)
    if m := _WEEKDAY.match(value):
        return TimeConstraint(year=year_of(m.group(1)), weekday=int(m.group(3)))
    if m := _QUARTER.match(value):
        q = int(m.group(2))
        return TimeConstraint(year=year_of(m.group(1)), months=frozenset(range(3 * q - 2, 3 * q + 1)))
    if m := _HALF.match(value):
        h = int(m.group(2))
        return TimeConstraint(year=year_of(m.group(1)), months=frozenset(range(6 * h - 5, 6 * h + 1)))
    if m := _SEASON.match(value):
        return TimeConstraint(year=year_of(m.group(1)), months=frozenset(_SEASON_MONTHS[m.group(2)]))
    return TimeConstraint()


def compatible(a: str | None, b: str | None) -> bool:
    """Whether some calendar day satisfies both values (``None`` and vague values always do)."""
    x, y = parse(a), parse(b)
    if x.empty or y.empty:
        return True
    if x.year is not None and y.year is not None and x.year != y.year:
        return False
    if x.months is not None and y.months is not None and not (x.months & y.months):
        return False
    if x.day is not None and y.day is not None and x.day != y.day:
        return False
    for full, other in ((x, y), (y, x)):
        if other.weekday is not None and full.year is not None and full.month is not None and full.day is not None:
            try:
                if date(full.year, full.month, full.day).isoweekday() != other.weekday:
                    return False
            except ValueError:
                return False
    return x.weekday is None or y.weekday is None or x.weekday == y.weekday


def near(value: str, published: str | None, days: int) -> bool:
    """Whether the days a value allows come within ``days`` of a publication date (or may: a value
    without a year, or no publication date, is near)."""
    c = parse(value)
    if published is None or c.year is None:
        return True
    try:
        pub = date.fromisoformat(published[:10])
    except ValueError:
        return True
    months = sorted(c.months) if c.months else [1, 12]
    try:
        first = date(c.year, months[0], c.day or 1)
        last_month = months[-1]
        if c.day is not None:
            last = date(c.year, last_month, c.day)
        else:
            last = (date(c.year + 1, 1, 1) if last_month == 12 else date(c.year, last_month + 1, 1)) - timedelta(days=1)
    except ValueError:
        return True
    return first <= pub + timedelta(days=days) and last >= pub - timedelta(days=days)


def days_apart(a: str, b: str) -> int:
    """Days between two day-precise dates with years (a large number when either is not one)."""
    x, y = parse(a), parse(b)
    if None in (x.year, x.month, x.day, y.year, y.month, y.day):
        return 10**6
    try:
        return abs((date(x.year, x.month, x.day) - date(y.year, y.month, y.day)).days)  # type: ignore[arg-type]
    except ValueError:
        return 10**6


def all_compatible(values: list[str], others: list[str]) -> bool:
    """Every value of one side compatible with every value of the other."""
    return all(compatible(a, b) for a in values for b in others)


def most_specific(values: list[str]) -> str | None:
    """The value that pins the day down most (ties: the first given)."""
    best: str | None = None
    best_p = 0
    for v in values:
        p = parse(v).precision
        if p > best_p:
            best, best_p = v, p
    return best


def sort_key(value: str | None, fallback: str | None = None) -> str | None:
    """A string that orders events in time: ``YYYY-MM-DD`` with unknown parts as ``00``.

    A month-only value sorts before the days of that month; a value with no
    year takes the year of ``fallback`` (the first report's date) for ordering
    only. ``None`` when neither says anything.
    """
    c = parse(value)
    year = c.year
    if year is None and fallback:
        year = parse(fallback).year
    if year is None:
        fb = parse(fallback)
        if fb.year is None:
            return None
        c = fb
        year = fb.year
    month = c.month or (min(c.months) if c.months else 0)
    day = c.day if c.month is not None and c.day is not None else 0
    return f"{year:04d}-{month:02d}-{day:02d}"


_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def display(value: str | None) -> str:
    """A value as a reader should see it, at its own precision.

    ``2025-03-21`` -> "21 March 2025"; ``2025-03`` -> "March 2025";
    ``XXXX-03-21`` -> "21 March, year unknown"; ``2025`` -> "2025";
    ``None`` -> "date unknown".
    """
    if not value:
        return "date unknown"
    c = parse(value)
    if m := _SEASON.match(value):
        return f"{_SEASON_NAMES[m.group(2)]} {m.group(1) if c.year else '(year unknown)'}"
    if m := _QUARTER.match(value):
        return f"Q{m.group(2)} {c.year}" if c.year else f"Q{m.group(2)}, year unknown"
    if c.weekday is not None:
        name = calendar.day_name[c.weekday - 1]
        return f"a {name}" + (f" in {c.year}" if c.year else ", week unknown")
    if c.empty:
        return value
    month = calendar.month_name[c.month] if c.month else None
    if c.day is not None and month:
        return f"{c.day} {month} {c.year}" if c.year else f"{c.day} {month}, year unknown"
    if month:
        return f"{month} {c.year}" if c.year else f"{month}, year unknown"
    return str(c.year)


def month_bucket(value: str | None) -> str | None:
    """``YYYY-MM`` when the value fixes a year and a month, else ``None``."""
    c = parse(value)
    if c.year is not None and c.month is not None:
        return f"{c.year:04d}-{c.month:02d}"
    return None


def neighbour_months(bucket: str, width: int) -> list[str]:
    """The month buckets within ``width`` months of ``bucket`` (itself included)."""
    year, month = int(bucket[:4]), int(bucket[5:7])
    index = year * 12 + month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - width, index + width + 1)]
