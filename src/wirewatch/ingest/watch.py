"""``wirewatch watch``: poll feeds, add and process what is new, again and again.

Each feed's ETag and Last-Modified are kept in the ``feeds`` table and sent back, so an unchanged
feed costs one small 304 answer. A feed that is down or malformed is logged, recorded, and retried
later with a growing delay (it does not stop the others). Articles are committed one at a time and
the feed's validators only after all its entries are stored: interrupting a round (Ctrl-C) loses
nothing fetched, and the next round picks up what was not stored.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import IngestError, WirewatchError
from . import feeds
from .fetch import fetch
from .sources import IngestOptions, iter_feed_entries
from .textmeta import utc_timestamp

if TYPE_CHECKING:
    from ..app import AddReport, Wirewatch

log = logging.getLogger(__name__)

#: Longest wait before retrying a failing feed. Doubling from the polling interval, a feed that is
#: down for a day is tried about ten times, not 144 times, and one that comes back is found within 6 h.
MAX_BACKOFF_S = 6 * 3600

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|m|min|mins|h|hr|hrs|d)?\s*$", re.I)
_UNIT_S = {"s": 1, "sec": 1, "secs": 1, "m": 60, "min": 60, "mins": 60, "h": 3600, "hr": 3600, "hrs": 3600,
           "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``30s``, ``10m``, ``2h``, ``1d`` or a bare number of seconds."""
    m = _DURATION.match(text)
    if not m or float(m[1]) <= 0:
        raise WirewatchError(f"invalid interval {text!r}: expected a positive number with s, m, h or d (e.g. 10m)")
    return float(m[1]) * _UNIT_S[(m[2] or "s").lower()]


def backoff_s(failures: int, every: float) -> float:
    """Wait after ``failures`` failed polls in a row: the interval, doubled for each further failure."""
    return float(min(every * 2 ** max(failures - 1, 0), max(MAX_BACKOFF_S, every)))


@dataclass(kw_only=True)
class FeedState:
    """One row of the ``feeds`` table."""

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_checked: str | None = None
    last_ok: str | None = None
    failures: int = 0
    next_due: str | None = None
    last_error: str | None = None
    entries_added: int = 0


def load_state(ww: Wirewatch, url: str) -> FeedState:
    row = ww.store.db.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
    return FeedState(**dict(row)) if row else FeedState(url=url)


def save_state(ww: Wirewatch, state: FeedState) -> None:
    names = [f.name for f in fields(FeedState)]
    with ww.store.transaction() as db:
        db.execute(f"INSERT OR REPLACE INTO feeds ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                   [getattr(state, n) for n in names])


@dataclass(kw_only=True)
class PollResult:
    """What one poll of one feed did."""

    url: str
    outcome: str  # added | not-modified | failed | waiting
    report: AddReport | None = None
    error: str | None = None
    retry_at: str | None = None

    def line(self) -> str:
        if self.outcome == "added" and self.report is not None:
            return f"{self.url}: {self.report.summary()}"
        if self.outcome == "not-modified":
            return f"{self.url}: not modified"
        if self.outcome == "waiting":
            return f"{self.url}: backing off until {self.retry_at}"
        return f"{self.url}: failed: {self.error} (retry after {self.retry_at})"


def poll_feed(ww: Wirewatch, url: str, options: IngestOptions, every: float) -> PollResult:
    """Poll one feed (a URL, or a local file) once, unless it is backing off."""
    state = load_state(ww, url)
    now = datetime.now(UTC)
    if state.next_due and datetime.fromisoformat(state.next_due) > now:
        return PollResult(url=url, outcome="waiting", retry_at=state.next_due)
    state.last_checked = utc_timestamp()
    try:
        raw, validators, fetched_at, final_url = _get(url, options, state)
        if raw is None:
            state.failures, state.next_due, state.last_error = 0, None, None
            state.last_ok = state.last_checked
            save_state(ww, state)
            return PollResult(url=url, outcome="not-modified")
        parsed = feeds.parse_feed(raw, name=url, base_url=final_url)
    except IngestError as exc:
        state.failures += 1
        state.last_error = str(exc)
        state.next_due = (now + timedelta(seconds=backoff_s(state.failures, every))).isoformat(timespec="seconds")
        save_state(ww, state)
        ww.record_ingest_failure(url, str(exc))
        log.warning("feed %s failed (%d in a row): %s", url, state.failures, exc)
        return PollResult(url=url, outcome="failed", error=str(exc), retry_at=state.next_due)
    if parsed.warning:
        log.warning("feed %s: %s", url, parsed.warning)
    report = ww.add_items(iter_feed_entries(parsed, url, options, seen=ww.has_url, fetched_at=fetched_at))
    # Only now that every entry is stored (or its failure recorded) are the validators kept.
    state.etag, state.last_modified = validators
    state.title = parsed.title or state.title
    state.failures, state.next_due, state.last_error = 0, None, None
    state.last_ok = state.last_checked
    state.entries_added += report.new + report.near_duplicates
    save_state(ww, state)
    return PollResult(url=url, outcome="added", report=report)


def _get(url: str, options: IngestOptions, state: FeedState) -> tuple[bytes | None, tuple[str | None, str | None],
                                                                      str | None, str | None]:
    """The feed's bytes (None when unchanged), its validators, the fetch time and final address."""
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        path = Path(url)
        if not path.is_file():
            raise IngestError(f"{url}: no such feed file")
        return path.read_bytes(), (None, None), None, None
    resp = fetch(url, options.fetch_policy(), etag=state.etag, last_modified=state.last_modified,
                 accept="application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5")
    if resp.not_modified:
        return None, (state.etag, state.last_modified), resp.fetched_at, resp.final_url
    validators = (resp.headers.get("etag"), resp.headers.get("last-modified"))
    return resp.body, validators, resp.fetched_at, resp.final_url


@dataclass(kw_only=True)
class WatchTotals:
    rounds: int = 0
    new: int = 0
    duplicates: int = 0
    failures: int = 0
    processed: int = 0

    def summary(self) -> str:
        return (f"{self.rounds} round(s), {self.new} new article(s), {self.duplicates} already stored, "
                f"{self.failures} failure(s), {self.processed} processed")


def watch(ww: Wirewatch, urls: Sequence[str], *, every: float, options: IngestOptions | None = None,
          rounds: int | None = None, process: bool = True, workers: int = 1,
          echo: Callable[[str], None] = print, totals: WatchTotals | None = None,
          sleep: Callable[[float], Any] = time.sleep) -> WatchTotals:
    """Poll ``urls`` every ``every`` seconds for ``rounds`` rounds (for ever when None).

    ``totals`` is filled as rounds go, so a caller interrupted by Ctrl-C can still report them.
    """
    options = options or IngestOptions()
    totals = totals or WatchTotals()
    while True:
        totals.rounds += 1
        added = 0
        for url in urls:
            result = poll_feed(ww, url, options, every)
            echo(f"round {totals.rounds}: {result.line()}")
            if result.report is not None:
                added += result.report.new
                totals.new += result.report.new
                totals.duplicates += result.report.duplicates + result.report.near_duplicates
                totals.failures += result.report.failures
                for err in result.report.errors[:5]:
                    echo(f"  failed: {err}")
            elif result.outcome == "failed":
                totals.failures += 1
        if process and (added or ww.store.pending_ids()):
            processed = ww.process(workers=workers)
            totals.processed += processed.processed
            echo(f"round {totals.rounds}: processed: {processed.summary()}")
        if rounds is not None and totals.rounds >= rounds:
            return totals
        sleep(every)
