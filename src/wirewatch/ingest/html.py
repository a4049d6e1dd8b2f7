"""Main text and metadata of an HTML page, through trafilatura (we do not remove boilerplate ourselves)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from ..errors import UnsupportedInput

#: Only what the page itself says is taken as its date; htmldate's "extensive search" guesses from
#: stray years and copyright lines, which would give wrong publication dates rather than none.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}

#: Fewest words of main text a page needs to be an article: what trafilatura keeps from a page with
#: no story (a menu, a cookie notice) is a word or two.
MIN_PAGE_WORDS = 5

_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", re.I)

# trafilatura logs every page it finds too short at WARNING; a failure is recorded by us instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(kw_only=True)
class Page:
    """What was extracted from one HTML page; ``None`` where the page does not say."""

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    description: str | None = None


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body")) or (
        "<html" in head or "<body" in head or "<p>" in head or "<div" in head
    )


def extract_page(html: str, *, url: str | None, name: str) -> Page:
    """Extract one page; raise UnsupportedInput when no article text is found."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError) as exc:  # lxml on badly broken markup
        raise UnsupportedInput(f"{name}: the HTML could not be parsed ({exc})") from exc
    text = _get(doc, "text")
    if not text or len(text.split()) < MIN_PAGE_WORDS:
        raise UnsupportedInput(f"{name}: no article text found in the page")
    lang = _HTML_LANG.search(html[:4096])
    hostname = _get(doc, "hostname")
    return Page(
        text=text.strip(),
        title=_get(doc, "title"),
        outlet=_get(doc, "sitename") or hostname,
        author=_get(doc, "author"),
        published=_get(doc, "date"),
        canonical_url=_get(doc, "url"),
        language=_get(doc, "language") or (lang[1] if lang else None),
        description=_get(doc, "description"),
    )


def _get(doc: Any, name: str) -> str | None:
    if doc is None:
        return None
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    if value is None:
        return None
    value = str(value).strip()
    return value or None
