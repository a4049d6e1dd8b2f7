"""RSS and Atom feeds (through feedparser): one entry, one article.

An entry that carries its full text gives the article directly; an entry with only a summary
gives the address of the article, which is fetched.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from ..errors import UnsupportedInput

#: Words an entry's own text needs to be taken as the full article. Feed summaries run to one or
#: two sentences (20-60 words); the shortest news briefs run past 100 words.
FULL_TEXT_MIN_WORDS = 100

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_BLOCK_END = re.compile(r"(?i)</(?:p|div|li|h[1-6]|blockquote|tr)>|<br\s*/?>")


@dataclass(kw_only=True)
class FeedEntry:
    """What a feed says about one article."""

    key: str
    title: str | None
    link: str | None
    published: str | None
    author: str | None
    text: str
    language: str | None


@dataclass(kw_only=True)
class Feed:
    title: str | None
    language: str | None
    entries: list[FeedEntry]
    warning: str | None = None


def looks_like_feed(raw: bytes) -> bool:
    return _FEED_ROOT.search(raw[:4096]) is not None


def parse_feed(raw: bytes, *, name: str, base_url: str | None = None) -> Feed:
    """Parse an RSS or Atom document; raise UnsupportedInput when it is no feed at all."""
    import feedparser

    parsed: Any = feedparser.parse(raw, sanitize_html=True, resolve_relative_uris=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.entries:
        if problem is not None:
            raise UnsupportedInput(f"{name}: malformed feed ({_one_line(problem)})")
        if not parsed.get("version"):
            raise UnsupportedInput(f"{name}: not an RSS or Atom feed")
    feed_info = parsed.get("feed", {})
    language = feed_info.get("language")
    entries = [_entry(e, i, base_url, language) for i, e in enumerate(parsed.entries)]
    if problem is not None and not any(e.link or e.text for e in entries):
        raise UnsupportedInput(f"{name}: malformed feed ({_one_line(problem)})")
    return Feed(title=_clean(feed_info.get("title")), language=language, entries=entries,
                warning=f"malformed feed, read in part ({_one_line(problem)})" if problem is not None else None)


def _entry(e: Any, index: int, base_url: str | None, feed_language: str | None) -> FeedEntry:
    link = e.get("link")
    if link and base_url:
        link = urljoin(base_url, link)
    bodies = [c.get("value", "") for c in e.get("content") or []] + [e.get("summary") or ""]
    text = max((html_fragment_text(b) for b in bodies), key=len, default="")
    struct = e.get("published_parsed") or e.get("updated_parsed")
    published = None
    if struct:
        published = datetime.fromtimestamp(calendar.timegm(struct), UTC).isoformat()
    return FeedEntry(
        key=str(e.get("id") or link or f"entry {index + 1}"),
        title=_clean(e.get("title")),
        link=link,
        published=published,
        author=_clean(e.get("author")),
        text=text,
        language=(e.get("content") or [{}])[0].get("language") or feed_language,
    )


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per block element."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n", fragment)
    try:
        root = lxml.html.fragment_fromstring(marked, create_parent="div")
    except Exception:  # lxml raises several types on hopeless markup; the entry text is then empty
        return ""
    lines = (ln.strip() for ln in root.text_content().splitlines())
    return "\n".join(ln for ln in lines if ln)


def is_full_text(text: str) -> bool:
    return len(text.split()) >= FULL_TEXT_MIN_WORDS


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = html_fragment_text(str(value)) if "<" in str(value) else str(value)
    return " ".join(text.split()) or None


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())[:200]
