"""Cost of linking one article into a store of real news that holds N articles.

The linker must cost an index look-up per article, whatever the store's size.
This benchmark builds stores of real text — BBC News articles run through the
whole pipeline once, then repeated with perturbation — and times adding one
more article at each size (``--sizes 1000 100000`` by default).

How the large store is made:

* ``--base`` BBC articles are analysed by the real pipeline (spaCy, actors,
  times, events) and linked for real, with publication dates spread over
  ``BASE_SPAN_DAYS``. Linking uses the real MiniLM encoder behind a cache keyed
  by the text (only repeated work is skipped; the vectors are the true ones).
* To reach the larger sizes, the linked rows of the base — articles, analyses,
  events, canonical events with their retrieval keys, reports, leads, stories —
  are copied: copy ``k`` has new ids, every date (publication, event times,
  canonical times and sort keys, the months in retrieval keys and lead buckets)
  ``k * SHIFT_DAYS`` days later, and another outlet. Linking 100,000 articles one
  by one would take hours on this machine; the copy gives the linker the same
  indexes and the same crowding it would have built, at ~130 articles a day over
  two years, about what a large monitoring desk ingests.
* Probe articles are BBC articles kept out of the base, analysed by the real
  pipeline, dated after everything in the store, and linked one at a time with
  the uncached encoder: what adding tomorrow's article costs. The time spent
  embedding (constant per article) is reported apart from the rest.

Results go to ``benchmarks/results/link-scale-<max size>.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from bench_link import TimedEncoder  # the benchmarks folder is on sys.path when run as a script

from wirewatch.embed import Encoder, get_encoder
from wirewatch.link import linker
from wirewatch.model import Analysis, Article
from wirewatch.pipeline import Pipeline
from wirewatch.store import Store, open_store

RESULTS = Path(__file__).resolve().parent / "results"
#: Base articles' publication dates are spread over this many days.
BASE_SPAN_DAYS = 60
#: Copy k is published k * SHIFT_DAYS after its original.
SHIFT_DAYS = 7
START = date(2024, 1, 1)
OUTLETS = [f"Outlet {i}" for i in range(40)]
_FULL = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class CachedEncoder:
    """The real encoder, embedding each distinct sentence once."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.threshold_shift = inner.threshold_shift
        self.cache: dict[str, Any] = {}

    def encode(self, texts: Any) -> Any:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for text, vec in zip(missing, self.inner.encode(missing), strict=True):
                self.cache[text] = vec
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])


def shift_time(value: str | None, days: int) -> str | None:
    """A TIMEX3 value moved by ``days``; month-only values move by the month of the shifted 15th."""
    if not value:
        return value
    full = _FULL.match(value)
    if full:
        moved = date.fromisoformat(full.group(1)) + timedelta(days=days)
        return moved.isoformat() + value[10:]
    month = _MONTH.match(value)
    if month:
        moved = date(int(month.group(1)), int(month.group(2)), 15) + timedelta(days=days)
        return f"{moved:%Y-%m}"
    return value


def copy_of(analysis: Analysis, k: int, extra_days: int = 0) -> Analysis:
    """Copy ``k`` of an analysed article: new id, later date, shifted event times."""
    days = k * SHIFT_DAYS + extra_days
    base = analysis.article
    published = shift_time(base.published, days)
    article = Article(text=base.text + f"\n[copy {k}]\n", title=base.title, outlet=OUTLETS[k % len(OUTLETS)],
                      published=published, source=f"{base.source}#copy{k}")
    events = [replace(e, time=shift_time(e.time, days)) for e in analysis.events]
    return replace(analysis, article=article, events=events)


def analyse_base(data: Path, n: int) -> list[Analysis]:
    files = sorted(p for p in data.rglob("*.txt") if p.name != "README.TXT")
    if len(files) < n:
        raise SystemExit(f"need {n} articles under {data}, found {len(files)}")
    # Interleave sections so base and probes both hold politics, business, ...
    files = sorted(files, key=lambda p: (int(re.sub(r"\D", "", p.stem) or 0), p.parent.name))[:n]
    articles = []
    for i, path in enumerate(files):
        text = path.read_text(encoding="utf-8", errors="replace")
        day = START + timedelta(days=i % BASE_SPAN_DAYS)
        title = text.strip().splitlines()[0] if text.strip() else None
        articles.append(Article(text=text, title=title, outlet="BBC News", published=day.isoformat(),
                                source=str(path)))
    pipeline = Pipeline.build(None)
    out = []
    t = time.perf_counter()
    for i, analysis in enumerate(pipeline.analyse_many(articles), 1):
        out.append(analysis)
        if i % 200 == 0:
            print(f"  analysed {i}/{n} ({i / (time.perf_counter() - t):.1f}/s)", file=sys.stderr, flush=True)
    return out


def add(store: Store, analysis: Analysis) -> None:
    store.add_article(analysis.article)
    store.save_analysis(analysis, ["bench"])


_KEY_MONTH = re.compile(r"^(.*\|)(\d{4}-\d{2})$")
_SORT_MONTH = re.compile(r"^(\d{4})-(\d{2})-00$")


def shift_any(value: str | None, days: int) -> str | None:
    """Shift a TIMEX value, a sort key (``YYYY-MM-00``) or a retrieval key ending in ``YYYY-MM``."""
    if not value:
        return value
    key = _KEY_MONTH.match(value)
    if key:
        return key.group(1) + str(shift_time(key.group(2), days))
    sort = _SORT_MONTH.match(value)
    if sort and sort.group(2) == "00":  # year-only sort key
        return f"{int(sort.group(1)) + round(days / 365.25):04d}-00-00"
    if sort:
        return f"{shift_time(sort.group(1) + '-' + sort.group(2), days)}-00"
    return shift_time(value, days)


#: Per table: columns holding ids to suffix, and columns holding dates or keys to shift.
COPY_PLAN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "articles": (("id",), ("published",)),
    "analyses": (("article_id",), ()),
    "events": (("id", "article_id"), ("time",)),
    "event_actors": (("event_id",), ()),
    "canonical_events": (("id", "story_id"), ("time", "sort_key", "first_reported", "last_reported")),
    "canonical_keys": (("canonical_id",), ("key",)),
    "event_reports": (("event_id", "canonical_id", "article_id"), ()),
    "linked_articles": (("article_id", "story_id"), ()),
    "stories": (("id",), ("start", "end")),
    "story_keys": (("story_id",), ("key",)),
    "story_articles": (("story_id", "article_id"), ()),
    "article_leads": (("article_id", "main_event", "joined"), ("bucket",)),
}


def _suffix(value: str | None, sfx: str) -> str | None:
    if value is None:
        return None
    head, sep, idx = value.rpartition("-e")
    if sep and idx.isdigit():  # per-article event id: article id + "-e" + index
        return f"{head}{sfx}-e{idx}"
    return value + sfx


def replicate(store: Store, copies: range) -> None:
    """Copy the store's linked rows once per ``k`` in ``copies``, shifted ``k * SHIFT_DAYS`` days."""
    tables = {t: [dict(r) for r in store.db.execute(f"SELECT * FROM {t}")] for t in COPY_PLAN}
    for k in copies:
        days, sfx = k * SHIFT_DAYS, f"c{k}"
        with store.transaction() as db:
            for table, (ids, dated) in COPY_PLAN.items():
                rows = []
                for row in tables[table]:
                    new = dict(row)
                    for col in ids:
                        new[col] = _suffix(row[col], sfx)
                    for col in dated:
                        new[col] = shift_any(row[col], days)
                    if table == "canonical_events":
                        new["times"] = json.dumps({shift_any(t, days): n for t, n in json.loads(row["times"]).items()})
                    if table == "articles":
                        new["outlet"] = OUTLETS[k % len(OUTLETS)]
                    rows.append(new)
                if rows:
                    cols = list(rows[0])
                    quoted = ", ".join(f'"{c}"' for c in cols)
                    db.executemany(f"INSERT OR IGNORE INTO {table} ({quoted}) VALUES ({', '.join('?' * len(cols))})",
                                   [[r[c] for c in cols] for r in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench/bbc"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--base", type=int, default=1000, help="BBC articles analysed and linked for real.")
    parser.add_argument("--probe", type=int, default=30, help="Articles timed at each size.")
    parser.add_argument("--db", type=Path, default=None, help="Store file (default: a temporary one).")
    parser.add_argument("--profile", action="store_true", help="Profile the probes at the largest size (cProfile).")
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    if sizes[0] < args.base:
        raise SystemExit(f"the smallest size must be at least --base ({args.base})")

    print(f"analysing {args.base} + {args.probe * len(sizes)} BBC articles ...", file=sys.stderr)
    analysed = analyse_base(args.data, args.base + args.probe * len(sizes))
    base, probes = analysed[:args.base], analysed[args.base:]
    real = get_encoder()
    cached = CachedEncoder(real)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(args.db or Path(tmp) / "scale.db")
        t = time.perf_counter()
        for analysis in base:
            add(store, analysis)
        linker.link_pending(store, cached)  # type: ignore[arg-type]
        print(f"  base of {len(base)} linked in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        made = 1  # copies of the base in the store (the base itself is copy 0)
        for round_, size in enumerate(sizes):
            want = -(-size // len(base))  # copies needed, the base included
            if want > made:
                t = time.perf_counter()
                replicate(store, range(made, want))
                store.db.execute("ANALYZE")
                print(f"  copied to {want * len(base)} articles in {time.perf_counter() - t:.0f} s",
                      file=sys.stderr, flush=True)
                made = want
            timed = TimedEncoder(real)
            totals, embeds = [], []
            profiler = cProfile.Profile() if args.profile and size == sizes[-1] else None
            if profiler:
                profiler.enable()
            for j, probe in enumerate(probes[round_ * args.probe:(round_ + 1) * args.probe]):
                # dated after the newest copy, as tomorrow's news is
                add(store, copy_of(probe, made, extra_days=BASE_SPAN_DAYS + j % 7))
                before = timed.seconds
                t = time.perf_counter()
                linker.link_pending(store, timed)  # type: ignore[arg-type]
                totals.append((time.perf_counter() - t) * 1000)
                embeds.append((timed.seconds - before) * 1000)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
            counts = {name: store.db.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
                      for name in ("articles", "events", "canonical_events", "stories", "article_leads")}
            rest = [a - b for a, b in zip(totals, embeds, strict=True)]
            row = {"size": size, **{f"n_{k2}": v for k2, v in counts.items()},
                   "load_average_1m": round(os.getloadavg()[0], 2),
                   "ms_per_article_mean": round(statistics.mean(totals), 2),
                   "ms_per_article_median": round(statistics.median(totals), 2),
                   "ms_embedding_mean": round(statistics.mean(embeds), 2),
                   "ms_without_embedding_mean": round(statistics.mean(rest), 2),
                   "ms_without_embedding_median": round(statistics.median(rest), 2)}
            rows.append(row)
            print(json.dumps(row), flush=True)
        store.close()
    if len(rows) > 1:
        ratio = rows[-1]["ms_without_embedding_median"] / rows[0]["ms_without_embedding_median"]
        print(f"median linking cost (embedding apart) at {rows[-1]['size']} / at {rows[0]['size']}: {ratio:.2f}x",
              flush=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"link-scale-{max(sizes)}.json"
    out.write_text(json.dumps({"encoder": real.name, "base": args.base, "probe": args.probe,
                               "shift_days": SHIFT_DAYS, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
