"""Metadata carried inside an article's own text.

- simple front matter at the top (``---`` / ``key: value`` lines / ``---``), removed from the text;
- a trailing "Original Source: www.straitstimes.com" line (the outlet);
- a wire credit: "(Reuters)", "(AP)", "(Yonhap)" in the dateline, or a trailing credit line;
- the dateline: "PYONGYANG, NORTH KOREA –", "SEOUL, Nov 5 (Reuters) -";
- the publication date a saved page printed at its top, or the date in the path of its address
  (see :mod:`wirewatch.ingest.stamps`).

The text of the article is kept verbatim (apart from front matter): these lines are read, not cut.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from importlib import resources
from typing import Any

from .stamps import stamped_date

#: Metadata keys users may give (front matter, sidecar, JSON records), with accepted aliases.
FIELD_ALIASES: dict[str, str] = {
    "title": "title", "headline": "title",
    "outlet": "outlet", "source": "outlet", "publisher": "outlet", "site": "outlet", "site_name": "outlet",
    "author": "author", "authors": "author", "byline": "author",
    "published": "published", "date": "published", "pubdate": "published", "published_at": "published",
    "url": "url", "link": "url",
    "canonical_url": "canonical_url", "canonical": "canonical_url",
    "language": "language", "lang": "language",
    "dateline": "dateline",
}

_FRONT_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DASH = r"(?:--|[–—-])"
_CAPS_WORD = r"[A-Z][A-Z'’.\-]*"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,4}}"
_ANY_PLACE = r"[A-Z][\w'’.\-]*(?:[ ][A-Z][\w'’.\-]*){0,3}"
_REGION = r"[A-Z][\w'’.\-]*(?:[ ][A-Z][\w'’.\-]*){0,3}"
_DATE_PART = rf"{_MONTH}\.?[ ]\d{{1,2}}(?:,[ ]\d{{4}})?"
_AGENCY = r"\((?P<agency>[A-Z][\w&.' -]{1,40}?)\)"

#: An all-capitals place (with an optional region), an optional date and agency, then a dash.
_DATELINE_CAPS = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}(?:,[ ]{_REGION})?)(?:,[ ](?P<date>{_DATE_PART}))?[ ]?(?:{_AGENCY})?"
    rf"[ ]*{_DASH}[ ]+(?=\S)"
)
#: A place in any case is only a dateline when a news agency credit follows it ("Seoul, Nov. 5 (Yonhap) --").
_DATELINE_AGENCY = re.compile(
    rf"^(?P<place>{_ANY_PLACE}(?:,[ ]{_REGION})?)(?:,[ ](?P<date>{_DATE_PART}))?[ ]?{_AGENCY}[ ]*{_DASH}[ ]+(?=\S)"
)

#: Wire services and state news agencies, by the names they are credited with.
WIRES: dict[str, str] = {
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "ap": "Associated Press", "associated press": "Associated Press", "the associated press": "Associated Press",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "yonhap": "Yonhap", "yonhap news agency": "Yonhap",
    "kcna": "KCNA", "korean central news agency": "KCNA",
    "xinhua": "Xinhua", "tass": "TASS", "ria novosti": "RIA Novosti", "interfax": "Interfax",
    "upi": "UPI", "dpa": "dpa", "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo", "kyodo news": "Kyodo",
    "bloomberg": "Bloomberg", "pti": "PTI", "ani": "ANI", "ians": "IANS", "anadolu": "Anadolu",
    "irna": "IRNA", "bernama": "Bernama", "cna": "CNA", "pa": "PA Media", "aap": "AAP",
}

_ORIGINAL_SOURCE = re.compile(
    r"^\s*(?:Original(?:ly published (?:at|by|in|on))?\s*Source|Source|First published (?:at|by|in|on)|"
    r"This (?:article|story) (?:first |originally )?appeared (?:at|in|on))\s*:?\s*(?P<value>\S.*?)\s*\.?\s*$",
    re.I,
)
_CREDIT_LINES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"^\(?\s*(?:Additional )?Reporting by .*(?:Editing|Writing) by", re.I), "Reuters"),
    (re.compile(r"^\s*(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*)?(?P<wire>[A-Z][\w .&'-]{1,40}?)\.?"
                r"(?:\s+All rights reserved.*)?$", re.I), None),
    (re.compile(r"^\s*[—–-]+\s*(?P<wire>[A-Z][\w .&'-]{1,40}?)\s*$"), None),
    (re.compile(r"^\s*\(?(?P<wire>[A-Z][\w .&'-]{1,40}?) contributed to this report\)?\.?\s*$", re.I), None),
    (re.compile(r"^\s*\((?P<wire>[A-Za-z][\w .&'-]{1,40}?)\)\s*$"), None),  # a bare "(KCNA)" line
)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#].*)?$", re.I)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Front matter keys and the text without it; ``({}, text)`` when there is none."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return {}, text
    lines = stripped.splitlines()
    if lines[0].strip() != "---":
        return {}, text
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[1:60], start=1):
        if line.strip() in ("---", "..."):
            return fields, "\n".join(lines[i + 1 :]).lstrip("\n")
        if not line.strip():
            continue
        m = _FRONT_LINE.match(line)
        if not m:
            return {}, text
        fields[m[1].lower()] = m[2].strip().strip("'\"")
    return {}, text


def canonical_fields(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split user-given metadata into known article fields (aliases resolved) and the rest."""
    known: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for key, value in raw.items():
        if value in (None, "", []):
            continue
        name = FIELD_ALIASES.get(key.lower().replace("-", "_"))
        if name and name not in known:
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            known[name] = str(value).strip() if name != "published" else value
        elif not name:
            rest[key] = value
    if "published" in known:
        raw_value = known["published"]
        known["published"] = normalise_date(raw_value)
        if known["published"] is None:
            rest["published_raw"] = str(raw_value)
            del known["published"]
    return known, rest


def normalise_date(value: object) -> str | None:
    """An ISO date (or timestamp, when a time is given) from common date forms; None if unreadable."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return dt.isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%A, %d %B %Y", "%A, %B %d, %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def utc_timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- outlets -----------------------------------------------------------------------------------


@cache
def _outlet_names() -> dict[str, str]:
    names: dict[str, str] = {}
    text = resources.files("wirewatch").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            domain, _, name = line.partition("\t")
            names[domain.strip().lower()] = name.strip()
    return names


def outlet_from_domain(value: str) -> str:
    """An outlet name for a domain or URL ("www.straitstimes.com" -> "The Straits Times").

    Known outlets come from ``data/outlets.tsv`` (easy to extend); others keep their bare domain.
    """
    m = _DOMAIN.match(value.strip())
    if not m:
        return value.strip()
    domain = m["domain"].lower()
    names = _outlet_names()
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in names:
            return names[candidate]
    return domain


def wire_name(credit: str) -> str | None:
    """The canonical name of a wire service credited as ``credit``, or None."""
    return WIRES.get(credit.strip().strip(".").lower())


# -- reading the text --------------------------------------------------------------------------


def text_metadata(text: str) -> dict[str, Any]:
    """Outlet, wire credit and dateline found in an article's text (keys present only when found)."""
    found: dict[str, Any] = {}
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in reversed(lines[-4:]):
        m = _ORIGINAL_SOURCE.match(line)
        if m and len(line) < 200:
            found["outlet"] = outlet_from_domain(m["value"])
            found["outlet_credit"] = line
            break
    dateline = find_dateline(lines[:4])
    if dateline:
        found.update(dateline)
    stamp = stamped_date(text)
    if stamp:
        found["published"], found["published_from"] = stamp
    if "wire" not in found:
        for line in reversed(lines[-4:]):
            wire = _credit_wire(line)
            if wire:
                found["wire"] = wire
                break
    return found


def find_dateline(lines: list[str]) -> dict[str, str] | None:
    """The dateline at the start of one of the first lines: place, and agency and date when given."""
    for line in lines:
        m = _DATELINE_CAPS.match(line) or _DATELINE_AGENCY.match(line)
        if not m:
            continue
        place = m["place"].strip().rstrip(",")
        agency = m["agency"]
        if agency and wire_name(agency) is None and m.re is _DATELINE_AGENCY:
            continue
        if m.re is _DATELINE_CAPS and len(place.replace(" ", "")) < 3:
            continue
        out = {"dateline": place}
        if m["date"]:
            out["dateline_date"] = m["date"]
        if agency:
            out["wire"] = wire_name(agency) or agency.strip()
        return out
    return None


def _credit_wire(line: str) -> str | None:
    if len(line) > 160:
        return None
    for pattern, fixed in _CREDIT_LINES:
        m = pattern.match(line)
        if not m:
            continue
        if fixed:
            return fixed
        wire = wire_name(m["wire"])
        if wire:
            return wire
    return None
