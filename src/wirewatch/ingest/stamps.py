"""Publication dates stamped on a saved page's text: a date line at the top, or the page's address.

A page saved as text keeps what its site printed above the story: often its address, the
headline, and a line that holds nothing but the date ("May 3, 2013 | 8:20 am", "Posted on
January 5, 2011 at 3:39 PM", "UPDATED 05/03/2013 at 11:00 AM EDT", "18 September 2013 Last
updated at 13:59 GMT"). News sites also put the date in the path of their addresses
(``/2013/08/02/``, ``/20070403/``, ``/2009/Feb/04/``). Both are read here, and only these:

- a date line must be one of the first lines of the text, short, and hold nothing but a label
  (published, posted, updated, ...), a weekday, the date, a time and a time zone; a sentence that
  mentions a date is not one;
- a numeric date whose day and month could be swapped (``05/03/2013``) is read month first only
  when the line gives a North American time zone, and is otherwise left unread unless the
  address gives the same date; nothing is guessed;
- a date in an address needs year, month and day.

Spacing left by a tokeniser ("4 : 59 PM", "05 / 02 / 2013", "http : / / www. site. com") is
tolerated.
"""

from __future__ import annotations

import re
from datetime import date

#: Lines read from the top of a text (an address line is skipped and not counted).
TOP_LINES = 4
#: The longest line that can be a date line.
MAX_DATE_LINE = 90

_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s*)"
_LABEL = (r"(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified|created|date|dated|filed)"
          r"(?:\s+(?:on|at))?\s*:?\s*|on\s+)")
_TIME = r"(?:\d{1,2}(?::\d\d){1,2}\s*(?:[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?)"
_ZONE = r"(?-i:[A-Z]{1,4}T|UTC|GMT(?:[+-]\d{1,2}(?::\d{1,2})?)?)"
_NORTH_AMERICAN = re.compile(r"\b(?:[ECMP][SD]T|[ECMP]T|AKST|AKDT|HST)\b")
_NUMERIC = r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<ny>\d{4}|\d\d)"
#: What may surround the date on a date line: labels, weekday, time, zone, separators.
_FILLER = re.compile(
    rf"(?:{_LABEL}|{_WEEKDAY}|{_TIME}|\b{_ZONE}\b|\bat\b|\blast updated\b|\bupdated\b|"
    r"[|,@\-–—:.()/]|\s)*", re.I)
_DATE_FORMS = [
    re.compile(rf"\b{_MONTH}\s*{_DAY}\s*,?\s*{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s*{_MONTH}\s*,?\s*{_YEAR}\b", re.I),
    re.compile(r"\b(?P<iy>(?:19|20)\d\d)([-.])\s?(?P<im>\d\d)\2\s?(?P<id>\d\d)\b"),
    re.compile(rf"(?<![\d/]){_NUMERIC}(?![\d/])"),
]
_ADDRESS = re.compile(r"^(?:https?\s*:\s*/\s*/|www\s*\.)", re.I)
_URL_FORMS = [
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d\d?)/(?P<d>\d\d?)(?:/|$|[-_]\D)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<mon>[a-z]{3,9})/(?P<d>\d\d?)(?:/|$)", re.I),
    re.compile(r"[/_-](?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?:\D|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?:[/-]|$)"),
]


def _tight(line: str) -> str:
    """The line with tokeniser spacing around ``:`` and ``/`` closed up ("4 : 59" -> "4:59")."""
    return re.sub(r"\s*([:/])\s*", r"\1", line.strip())


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    return value


def _date_match(line: str) -> re.Match[str] | None:
    """The date of a line that holds nothing but a date (with label, weekday, time, zone)."""
    if not line.strip() or len(line) > MAX_DATE_LINE:
        return None
    tight = _tight(line)
    for form in _DATE_FORMS:
        m = form.search(tight)
        if not m:
            continue
        rest = tight[:m.start()] + " " + tight[m.end():]
        for other in _DATE_FORMS:  # a second stamp ("Posted: Nov 27, 2005 ... Last Updated: Nov 27, 2005 ...")
            rest = other.sub(" ", rest)
        return m if _FILLER.fullmatch(rest) else None  # words beside the date: not a date line
    return None


def is_date_line(line: str) -> bool:
    """Whether the line holds nothing but a date stamp (readable or not: "05/02/2013")."""
    return _date_match(line) is not None


def date_of_line(line: str, address_date: str | None = None) -> str | None:
    """The date a date line holds (ISO), or None when the line is not a date line or is ambiguous."""
    m = _date_match(line)
    if m is not None:
        groups = m.groupdict()
        if groups.get("iy"):
            return _iso(int(m["iy"]), int(m["im"]), int(m["id"]))
        if groups.get("mon"):
            return _iso(int(m["year"]), _MONTHS[m["mon"].lower().rstrip(".")], int(m["day"]))
        a, b, year = int(m["a"]), int(m["b"]), _year(m["ny"])
        month_first, day_first = _iso(year, a, b), _iso(year, b, a)
        if month_first and day_first and month_first != day_first:
            if address_date in (month_first, day_first):
                return address_date
            return month_first if _NORTH_AMERICAN.search(line) else None
        return month_first or day_first
    return None


def address_date(line: str) -> str | None:
    """The date in the path of a web address (``/2013/08/02/``, ``/20070403/``), or None."""
    if not _ADDRESS.match(line.strip()):
        return None
    url = re.sub(r"\s+", "", line)
    for form in _URL_FORMS:
        m = form.search(url)
        if not m:
            continue
        groups = m.groupdict()
        month = _MONTHS.get(m["mon"].lower()) if groups.get("mon") else int(m["m"])
        if month:
            found = _iso(int(m["y"]), month, int(m["d"]))
            if found:
                return found
    return None


def stamped_date(text: str) -> tuple[str, str] | None:
    """(ISO date, the line it was read from) for a date printed at the top of a saved page."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    from_address = None
    top: list[str] = []
    for line in lines[: TOP_LINES + 1]:
        if _ADDRESS.match(line):
            from_address = from_address or address_date(line)
            continue
        top.append(line)
    for line in top[:TOP_LINES]:
        found = date_of_line(line, from_address)
        if found:
            return found, line
    if from_address:
        return from_address, next(ln for ln in lines if _ADDRESS.match(ln))
    return None
