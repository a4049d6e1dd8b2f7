"""Input sources. Each input yields ``IngestItem``s: an article, or a failure with its reason.

An input is a file, a folder (walked recursively, filtered by include/exclude globs), a zip or tar
archive, a WARC file, ``-`` (standard input), a web page or feed URL, or a file listing URLs.
Files are read by kind: plain text and Markdown (with optional front matter), HTML, JSON (an
article or a list of them), JSON Lines (one article per line), RSS/Atom feeds, ``.urls`` lists,
and the token XML of annotated corpora (ECB+, MEANTIME: see :mod:`.tokenxml`).

Metadata, from weakest to strongest: what the content says (page metadata, feed entry, dateline,
"Original Source" line, wire credit), front matter, a sidecar file (``article.meta.json`` beside
``article.txt``) or the JSON record's fields, and last the user's flags (``--outlet`` ...).
"""

from __future__ import annotations

import fnmatch
import io
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import IngestError, UnsupportedInput
from ..model import Article
from . import archives, feeds, tokenxml
from .decode import decode_bytes
from .fetch import FEED_TYPES, HTML_TYPES, TEXT_TYPES, FetchPolicy, Response, check_scheme, fetch
from .html import extract_page, looks_like_html
from .language import detect_language, primary_code
from .stamps import is_date_line
from .textmeta import canonical_fields, outlet_from_domain, split_front_matter, text_metadata

#: Largest single input file read (bytes); bigger files are refused, not truncated.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Longest article text kept (characters, about 150,000 words); longer "articles" are books or dumps.
MAX_TEXT_CHARS = 1_000_000
#: Longest title kept from a text's first line; a longer first line is a paragraph, not a title.
MAX_TITLE_CHARS = 300

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
URL_LIST_SUFFIXES = {".urls"}
SIDECAR_SUFFIX = ".meta.json"

#: Text fields read from JSON records, in order of preference.
JSON_TEXT_FIELDS = ("text", "body", "content")

_URL_LINE = re.compile(r"^https?://\S+$", re.I)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)

Seen = Callable[[str], bool]


@dataclass(kw_only=True)
class IngestOptions:
    """Metadata given or overridden by the user, how to walk folders, and how to fetch."""

    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    language: str | None = None
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    allow_private: bool = False
    timeout: float | None = None
    max_bytes: int = MAX_FILE_BYTES
    max_archive_members: int = archives.MAX_MEMBERS
    max_archive_bytes: int = archives.MAX_EXPANDED_BYTES

    def overrides(self) -> dict[str, str]:
        """The article fields the user set with flags (these win over everything read)."""
        values = {"published": self.published, "outlet": self.outlet, "title": self.title,
                  "author": self.author, "language": self.language}
        return {k: v for k, v in values.items() if v}

    def fetch_policy(self) -> FetchPolicy:
        policy = FetchPolicy(allow_private=self.allow_private, max_bytes=self.max_bytes)
        if self.timeout is not None:
            policy.timeout = self.timeout
        return policy

    def wanted(self, relpath: str) -> bool:
        """Whether a file found in a folder or archive passes the include/exclude globs.

        A glob matches the path relative to the folder (``2024/*.html``) or the file name (``*.txt``).
        """
        name = relpath.rsplit("/", 1)[-1]

        def hit(pattern: str) -> bool:
            return fnmatch.fnmatch(relpath, pattern) or fnmatch.fnmatch(name, pattern)

        if self.include and not any(hit(p) for p in self.include):
            return False
        return not any(hit(p) for p in self.exclude)


@dataclass(kw_only=True)
class IngestItem:
    """One article read from an input, or the reason it could not be.

    ``known`` marks an input skipped because its URL is already stored (nothing fetched).
    """

    source: str
    article: Article | None = None
    error: str | None = None
    known: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def iter_inputs(inputs: Sequence[str], options: IngestOptions | None = None,
                seen: Seen | None = None) -> Iterator[IngestItem]:
    """Yield one item per article found in ``inputs``; ``seen(url)`` says a URL is already stored."""
    reader = _Reader(options or IngestOptions(), seen or (lambda url: False))
    for spec in inputs:
        yield from reader.guarded(spec, lambda spec=spec: reader.input(spec))  # type: ignore[misc]


def text_item(text: str, *, source: str, options: IngestOptions | None = None) -> IngestItem:
    """One article from a text already in hand (an API body, a message), read like a text file:
    front matter, dateline, credits and language are found, the options' metadata wins; or the
    reason it is refused (empty, too long)."""
    reader = _Reader(options or IngestOptions(), lambda url: False)
    return next(reader.guarded(source, lambda: iter([reader.text_item(text, source=source)])))


def iter_feed_entries(parsed: feeds.Feed, name: str, options: IngestOptions | None = None,
                      seen: Seen | None = None, fetched_at: str | None = None) -> Iterator[IngestItem]:
    """The articles of an already parsed feed (``wirewatch watch`` fetches and parses feeds itself)."""
    reader = _Reader(options or IngestOptions(), seen or (lambda url: False))
    yield from reader.feed_entries(parsed, name, fetched_at=fetched_at)


class _Reader:
    """Walks inputs; every failure becomes an item and the walk goes on."""

    def __init__(self, options: IngestOptions, seen: Seen) -> None:
        self.options = options
        self.seen = seen
        self.policy = options.fetch_policy()

    def guarded(self, source: str, produce: Callable[[], Iterator[IngestItem]]) -> Iterator[IngestItem]:
        try:
            yield from produce()
        except IngestError as exc:
            yield IngestItem(source=source, error=str(exc))
        except (OSError, ValueError, RecursionError, UnicodeError) as exc:
            yield IngestItem(source=source, error=f"{source}: {type(exc).__name__}: {exc}")

    # -- dispatch ---------------------------------------------------------------------------

    def input(self, spec: str) -> Iterator[IngestItem]:
        if spec == "-":
            raw = sys.stdin.buffer.read(self.options.max_bytes + 1)
            yield from self.blob("<stdin>", raw, sniff=True)
            return
        if re.match(r"^[a-z][a-z0-9+.-]*://", spec, re.I):
            yield from self.url(spec)
            return
        path = Path(spec)
        if path.is_dir():
            yield from self.folder(path)
        elif path.is_file():
            yield from self.file(path)
        else:
            yield IngestItem(source=spec, error=f"no such file or folder: {spec}")

    def folder(self, root: Path) -> Iterator[IngestItem]:
        files = sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            rel = path.relative_to(root).as_posix()
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue  # hidden files and folders (.git, .DS_Store)
            if rel.lower().endswith(SIDECAR_SUFFIX) or not self.options.wanted(rel):
                continue
            yield from self.guarded(str(path), lambda path=path: self.file(path))  # type: ignore[misc]

    def file(self, path: Path) -> Iterator[IngestItem]:
        name = str(path)
        lower = path.name.lower()
        if archives.is_archive(lower):
            with path.open("rb") as fh:
                yield from self.archive(fh, name)
            return
        if archives.is_warc(lower):
            with path.open("rb") as fh:
                yield from self.warc(fh, name)
            return
        size = path.stat().st_size
        if size > self.options.max_bytes:
            raise UnsupportedInput(f"{name}: file is {size} bytes, over the {self.options.max_bytes}-byte limit")
        yield from self.blob(name, path.read_bytes(), sidecar=_sidecar_of(path))

    def blob(self, name: str, raw: bytes, *, sidecar: dict[str, Any] | None = None, sniff: bool = False,
             in_archive: bool = False) -> Iterator[IngestItem]:
        """One file's bytes, read by the kind its name (or, for stdin, its content) says."""
        if len(raw) > self.options.max_bytes:
            raise UnsupportedInput(f"{name}: over the {self.options.max_bytes}-byte limit")
        lower = name.lower()
        suffix = _suffix(lower)
        if in_archive and (archives.is_archive(lower) or archives.is_warc(lower)):
            if archives.is_warc(lower):
                yield from self.warc(io.BytesIO(raw), name)
                return
            raise UnsupportedInput(f"{name}: an archive inside an archive is not read")
        given = dict(sidecar or {})
        if sniff or suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSON_SUFFIXES | \
                JSONL_SUFFIXES | URL_LIST_SUFFIXES:
            if not sniff:
                raise UnsupportedInput(f"{name}: unsupported file type '{suffix}' (expected text, Markdown, HTML, "
                                       "JSON, JSONL, RSS/Atom, token XML, .urls, zip, tar.gz or WARC)")
            suffix = self._sniff(raw)
        if suffix == ".xml" and not feeds.looks_like_feed(raw):
            if not tokenxml.looks_like_token_xml(raw):
                raise UnsupportedInput(f"{name}: XML file that is neither an RSS or Atom feed nor token XML "
                                       "(a <Document> of <token sentence=...> elements)")
            doc = tokenxml.read_token_xml(raw, name=name)
            yield self.text_item(doc.text, source=name, given=given, url=doc.url,
                                 outlet=outlet_from_domain(doc.url) if doc.url else None)
            return
        if suffix in FEED_SUFFIXES:
            yield from self.feed(raw, name)
            return
        text = decode_bytes(raw, name=name)
        if suffix in HTML_SUFFIXES:
            yield self.html_item(text, source=name, given=given)
        elif suffix in JSON_SUFFIXES:
            yield from self.json_records(name, text, lines=False)
        elif suffix in JSONL_SUFFIXES:
            yield from self.json_records(name, text, lines=True)
        elif suffix in URL_LIST_SUFFIXES or (suffix in {".txt", ""} and _is_url_list(text)):
            for url in _urls(text):
                yield from self.guarded(url, lambda url=url: self.url(url))  # type: ignore[misc]
        else:
            yield self.text_item(text, source=name, given=given, markdown=suffix in {".md", ".markdown"})

    @staticmethod
    def _sniff(raw: bytes) -> str:
        if feeds.looks_like_feed(raw):
            return ".rss"
        if tokenxml.looks_like_token_xml(raw):
            return ".xml"
        head = raw[:2048].lstrip()
        if head[:1] in (b"{", b"["):
            return ".json"
        if looks_like_html(head.decode("utf-8", "replace")):
            return ".html"
        return ".txt"

    # -- containers -------------------------------------------------------------------------

    def archive(self, fh: Any, name: str) -> Iterator[IngestItem]:
        limits = archives.Limits(member_bytes=self.options.max_bytes, members=self.options.max_archive_members,
                                 expanded_bytes=self.options.max_archive_bytes)
        members = archives.iter_members(fh, name, limits)
        sidecars: dict[str, dict[str, Any]] = {}
        # Members are read one at a time. A member is held back until the next one is seen, so that
        # its sidecar ("story.txt.meta.json" sorts right after "story.txt") is known when it is read.
        held: archives.Member | None = None
        for member in members:
            if member.path.lower().endswith(SIDECAR_SUFFIX):
                if member.data is not None:
                    try:
                        data = json.loads(member.data.decode("utf-8"))
                        if isinstance(data, dict):
                            sidecars[member.path[: -len(SIDECAR_SUFFIX)]] = data
                    except (ValueError, UnicodeDecodeError):
                        pass
                continue
            if held is not None:
                yield from self.member(held, name, sidecars)
            hidden = any(part.startswith(".") for part in member.path.split("/"))
            held = None if hidden or not self.options.wanted(member.path) else member
        if held is not None:
            yield from self.member(held, name, sidecars)

    def member(self, member: archives.Member, name: str, sidecars: dict[str, dict[str, Any]]) -> Iterator[IngestItem]:
        source = f"{name}!{member.path}"
        if member.data is None:
            yield IngestItem(source=source, error=f"{source}: {member.error}")
            return
        sidecar = sidecars.get(member.path) or sidecars.get(member.path.rsplit(".", 1)[0])
        data = member.data
        yield from self.guarded(source, lambda: self.blob(source, data, sidecar=sidecar, in_archive=True))

    def warc(self, fh: Any, name: str) -> Iterator[IngestItem]:
        for i, page in enumerate(archives.iter_warc_pages(fh, name, max_record_bytes=self.options.max_bytes)):
            source = f"{name}#{page.url or i}"
            if page.data is None:
                yield IngestItem(source=source, error=f"{source}: {page.error}")
                continue
            if page.url and self.seen(page.url):
                yield IngestItem(source=source, known=True)
                continue
            data = page.data

            def one(page: archives.WarcPage = page, data: bytes = data, source: str = source) -> Iterator[IngestItem]:
                text = decode_bytes(data, name=source, content_type=page.content_type)
                yield self.html_item(text, source=source, url=page.url, fetched_at=_iso_warc_date(page.fetched_at))

            yield from self.guarded(source, one)

    def json_records(self, name: str, text: str, *, lines: bool) -> Iterator[IngestItem]:
        if lines:
            records: list[tuple[str, Any]] = []
            for n, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    records.append((f"{name}:{n}", json.loads(line)))
                except ValueError as exc:
                    yield IngestItem(source=f"{name}:{n}", error=f"{name}:{n}: not valid JSON ({exc})")
        else:
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise UnsupportedInput(f"{name}: not valid JSON ({exc})") from exc
            if isinstance(data, dict) and isinstance(data.get("articles"), list):
                data = data["articles"]  # {"articles": [...]}, as many exports wrap them
            items = data if isinstance(data, list) else [data]
            records = [(f"{name}#{i}", rec) for i, rec in enumerate(items)]
        for source, rec in records:
            yield from self.guarded(source, lambda s=source, r=rec: iter([self.record_item(s, r)]))  # type: ignore[misc]

    def record_item(self, source: str, rec: object) -> IngestItem:
        if not isinstance(rec, dict):
            raise UnsupportedInput(f"{source}: a JSON article must be an object with a 'text' field")
        body = next((rec[k] for k in JSON_TEXT_FIELDS if isinstance(rec.get(k), str) and rec[k].strip()), None)
        given = {k: v for k, v in rec.items() if k not in (*JSON_TEXT_FIELDS, "html")}
        if body is None and isinstance(rec.get("html"), str):
            return self.html_item(rec["html"], source=source, given=given, url=_str(rec.get("url")))
        if body is None:
            raise UnsupportedInput(f"{source}: no text (expected a 'text' field)")
        return self.text_item(body, source=source, given=given)

    # -- the web ----------------------------------------------------------------------------

    def url(self, url: str, *, entry: feeds.FeedEntry | None = None, outlet: str | None = None) -> Iterator[IngestItem]:
        check_scheme(url)
        if self.seen(url):
            yield IngestItem(source=url, known=True)
            return
        resp = fetch(url, self.policy, accept="text/html,application/xhtml+xml,application/rss+xml,"
                                               "application/atom+xml,text/plain;q=0.8,*/*;q=0.5")
        yield from self.response(resp, entry=entry, outlet=outlet)

    def response(self, resp: Response, *, entry: feeds.FeedEntry | None = None,
                 outlet: str | None = None) -> Iterator[IngestItem]:
        url = resp.url
        ctype = resp.content_type
        if entry is None and (ctype in FEED_TYPES or feeds.looks_like_feed(resp.body)):
            yield from self.feed(resp.body, url, base_url=resp.final_url, fetched_at=resp.fetched_at)
            return
        if ctype and ctype not in HTML_TYPES + TEXT_TYPES + FEED_TYPES:
            raise UnsupportedInput(f"{url}: content type {ctype} is not a web page, text or feed")
        text = decode_bytes(resp.body, name=url, content_type=resp.headers.get("content-type"))
        given: dict[str, Any] = {}
        if entry is not None:
            given = {k: v for k, v in (("title", entry.title), ("published", entry.published),
                                       ("author", entry.author)) if v}
        extra = {"final_url": resp.final_url} if resp.final_url != url else {}
        if ctype in TEXT_TYPES or (not ctype and not looks_like_html(text)):
            yield self.text_item(text, source=url, given=given, url=url, fetched_at=resp.fetched_at,
                                 outlet=outlet, extra=extra)
        else:
            yield self.html_item(text, source=url, given=given, url=url, fetched_at=resp.fetched_at,
                                 outlet=outlet, extra=extra)

    def feed(self, raw: bytes, name: str, *, base_url: str | None = None,
             fetched_at: str | None = None) -> Iterator[IngestItem]:
        parsed = feeds.parse_feed(raw, name=name, base_url=base_url)
        yield from self.feed_entries(parsed, name, fetched_at=fetched_at)

    def feed_entries(self, parsed: feeds.Feed, name: str, *, fetched_at: str | None = None) -> Iterator[IngestItem]:
        for entry in parsed.entries:
            source = f"{name}#{entry.key}"
            yield from self.guarded(source, lambda e=entry, s=source: self.feed_entry(  # type: ignore[misc]
                e, s, parsed, fetched_at))

    def feed_entry(self, entry: feeds.FeedEntry, source: str, parsed: feeds.Feed,
                   fetched_at: str | None) -> Iterator[IngestItem]:
        if entry.link and self.seen(entry.link):
            yield IngestItem(source=entry.link, known=True)
            return
        if feeds.is_full_text(entry.text):
            given = {k: v for k, v in (("title", entry.title), ("published", entry.published),
                                       ("author", entry.author)) if v}
            yield self.text_item(entry.text, source=entry.link or source, given=given, url=entry.link,
                                 fetched_at=fetched_at, outlet=parsed.title, declared_language=entry.language,
                                 use_first_line=False)
            return
        if not entry.link:
            words = len(entry.text.split())
            reason = (f"only a summary ({words} words) and no link to the article" if words
                      else "no text and no link")
            raise UnsupportedInput(f"{source}: feed entry {entry.title or entry.key!r} has {reason}")
        try:
            yield from self.url(entry.link, entry=entry, outlet=parsed.title)
        except IngestError as exc:
            raise IngestError(f"feed entry {entry.title or entry.key!r}: {exc}") from exc

    # -- articles ---------------------------------------------------------------------------

    def html_item(self, html: str, *, source: str, given: dict[str, Any] | None = None, url: str | None = None,
                  fetched_at: str | None = None, outlet: str | None = None,
                  extra: dict[str, Any] | None = None) -> IngestItem:
        front, html = split_front_matter(html)
        page = extract_page(html, url=url, name=source)
        found = {"title": page.title, "outlet": page.outlet or outlet, "author": page.author,
                 "published": page.published, "canonical_url": page.canonical_url}
        if outlet and page.outlet and page.outlet == _host(url):
            found["outlet"] = outlet  # a feed's own name beats a bare host name
        return self.article(page.text, source=source, found=found, front=front, given=given or {}, url=url,
                            fetched_at=fetched_at, declared_language=page.language, extra=extra,
                            use_first_line=False)

    def text_item(self, text: str, *, source: str, given: dict[str, Any] | None = None, url: str | None = None,
                  fetched_at: str | None = None, outlet: str | None = None, declared_language: str | None = None,
                  markdown: bool = False, use_first_line: bool = True,
                  extra: dict[str, Any] | None = None) -> IngestItem:
        front, text = split_front_matter(text)
        title = None
        if markdown:
            first = text.strip().splitlines()[0] if text.strip() else ""
            if first.startswith("#"):
                title = first.lstrip("#").strip()
            text = _MD_HEADING.sub("", text)
        return self.article(text, source=source, found={"title": title, "outlet": outlet}, front=front,
                            given=given or {}, url=url, fetched_at=fetched_at, declared_language=declared_language,
                            extra=extra, use_first_line=use_first_line)

    def article(self, text: str, *, source: str, found: dict[str, Any], front: dict[str, Any],
                given: dict[str, Any], url: str | None, fetched_at: str | None,
                declared_language: str | None, extra: dict[str, Any] | None,
                use_first_line: bool) -> IngestItem:
        """Merge metadata from weakest to strongest and build the article (or refuse the text)."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not re.search(r"[^\W\d_]", text):
            raise UnsupportedInput(f"{source}: empty text" if not text else f"{source}: no words in the text")
        if len(text) > MAX_TEXT_CHARS:
            raise UnsupportedInput(f"{source}: text of {len(text)} characters is over the {MAX_TEXT_CHARS} "
                                   "limit of one article")
        in_text = text_metadata(text)
        fields: dict[str, Any] = {}
        if in_text.get("wire"):
            fields["outlet"] = in_text["wire"]
        fields.update({k: v for k, v in found.items() if v})
        if in_text.get("outlet"):
            fields["outlet"] = in_text["outlet"]
        if in_text.get("dateline"):
            fields["dateline"] = in_text["dateline"]
        meta: dict[str, Any] = {k: in_text[k] for k in ("wire", "dateline_date", "outlet_credit") if k in in_text}
        for layer in (front, given):
            known, rest = canonical_fields(layer)
            fields.update(known)
            meta.update(rest)
        if not fields.get("published") and in_text.get("published"):
            # the weakest source of a date (page metadata, front matter, sidecars and options win),
            # kept with the line it was read from
            fields["published"] = in_text["published"]
            meta["published_from"] = in_text["published_from"]
        fields.update(self.options.overrides())
        if meta.get("published_from") and fields.get("published") != in_text.get("published"):
            del meta["published_from"]
        if "title" not in fields and use_first_line:
            fields["title"] = _first_line(text)
        if "language" in fields:
            fields["language"] = primary_code(str(fields["language"])) or str(fields["language"])
        else:
            fields["language"] = detect_language(text) or primary_code(declared_language)
        if url and "url" not in fields:
            fields["url"] = url
        meta.update(extra or {})
        article = Article(
            text=text, title=fields.get("title"), outlet=fields.get("outlet"), author=fields.get("author"),
            published=fields.get("published"), url=fields.get("url"), canonical_url=fields.get("canonical_url"),
            language=fields.get("language"), dateline=fields.get("dateline"), fetched_at=fetched_at,
            source=source, meta=meta,
        )
        return IngestItem(source=source, article=article)


# -- helpers ------------------------------------------------------------------------------------


def _suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1] if "." in base.lstrip(".") else ""


def _sidecar_of(path: Path) -> dict[str, Any] | None:
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_suffix(SIDECAR_SUFFIX)):
        if candidate.is_file() and candidate != path:
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise UnsupportedInput(f"{candidate}: sidecar is not valid JSON ({exc})") from exc
            if not isinstance(data, dict):
                raise UnsupportedInput(f"{candidate}: sidecar must be a JSON object")
            return data
    return None


def _is_url_list(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and all(_URL_LINE.match(ln) for ln in lines)


def _urls(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


#: A line holding a web address (as saved from a page, possibly with tokeniser spacing "http : / /").
_ADDRESS_LINE = re.compile(r"^(?:https?\s*:\s*/\s*/\s*|www\.)\S", re.I)


def _first_line(text: str) -> str | None:
    """The title of a plain text: its first line, after any address or date line at the top."""
    for raw in text.strip().splitlines()[:3]:
        line = raw.strip()
        if line and not _ADDRESS_LINE.match(line) and not is_date_line(line):
            return line if len(line) <= MAX_TITLE_CHARS else None
    return None


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _iso_warc_date(value: str | None) -> str | None:
    from .textmeta import normalise_date

    return normalise_date(value) if value else None
