"""Latency of the timeline and search API calls on a large store, and the timeline page's weight.

How the store is made (``--events``, 100,000 canonical events by default):

* ``--base`` BBC News politics articles are added and processed by the real pipeline and linker,
  with publication dates spread over ``BASE_SPAN_DAYS`` and outlets cycling through ``OUTLETS``.
* The linked rows (articles, per-article events and their actors, canonical events, their
  reports, stories) are then copied until the store holds ``--events`` canonical events. Copy
  ``k`` has new ids, every full date shifted ``k * SHIFT_DAYS`` days later (month-only values by
  the whole months in that shift), and the next outlet. The copies are not re-linked: the read
  side only reads these tables, and the real linker's cost is measured by bench_link_scale.py.

Then ``wirewatch serve`` runs on the store and each kind of call is timed from a client on the
same machine (real HTTP, one request at a time): p50 and p95 over ``--requests`` calls each.
The page weight of ``/timeline`` is the bytes of its HTML plus everything it loads.

Results go to ``benchmarks/results/views-<events>.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
BASE_SPAN_DAYS = 60
SHIFT_DAYS = 7
START = date(2024, 1, 1)
OUTLETS = [f"Outlet {i}" for i in range(40)]
_FULL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def shift(value: str | None, days: int) -> str | None:
    """A TIMEX value or sort key moved ``days`` later, at its own precision."""
    if not value:
        return value
    if m := _FULL.match(value):
        y, mo, d = (int(g) for g in m.groups())
        if mo and d:
            return (date(y, mo, d) + timedelta(days=days)).isoformat()
        if mo:  # sort key of a month-only value: YYYY-MM-00
            n = y * 12 + mo - 1 + days // 30
            return f"{n // 12:04d}-{n % 12 + 1:02d}-00"
        return f"{y + days // 365:04d}-00-00"
    if m := _MONTH.match(value):
        n = int(m.group(1)) * 12 + int(m.group(2)) - 1 + days // 30
        return f"{n // 12:04d}-{n % 12 + 1:02d}"
    return value


def build_base(db: Path, data: Path, base: int) -> None:
    import wirewatch
    from wirewatch.ingest import IngestItem
    from wirewatch.model import Article

    files = sorted((data / "politics").glob("*.txt"))[:base]
    items = []
    for i, path in enumerate(files):
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        published = (START + timedelta(days=i * BASE_SPAN_DAYS // max(len(files), 1))).isoformat()
        items.append(IngestItem(source=str(path), article=Article(
            text=text, title=text.splitlines()[0], outlet=OUTLETS[i % len(OUTLETS)], published=published,
            source=str(path))))
    with wirewatch.open(db) as ww:
        ww.add_items(items)
        ww.process(workers=2)


def replicate(db: Path, target: int) -> dict[str, int]:
    """Copy the linked rows with shifted dates until the store holds ``target`` canonical events."""
    from wirewatch.store import open_store

    with open_store(db) as store:
        d = store.db
        base_events = d.execute("SELECT COUNT(*) FROM canonical_events").fetchone()[0]
        copies = max(0, -(-target // base_events) - 1)
        tables = {t: [dict(r) for r in d.execute(f"SELECT * FROM {t}")] for t in (
            "articles", "events", "event_actors", "canonical_events", "event_reports", "stories", "story_articles")}
        for k in range(1, copies + 1):
            days = k * SHIFT_DAYS
            sfx = f"r{k}"

            def ev_id(old: str, sfx: str = sfx) -> str:
                aid, _, idx = old.rpartition("-e")
                return f"{aid}{sfx}-e{idx}"

            with store.transaction() as db_:
                rows = []
                for a in tables["articles"]:
                    rows.append({**a, "id": a["id"] + sfx, "published": shift(a["published"], days),
                                 "outlet": OUTLETS[(OUTLETS.index(a["outlet"]) + k) % len(OUTLETS)]
                                 if a["outlet"] in OUTLETS else a["outlet"], "duplicate_of": None,
                                 "fingerprint": None})
                _insert(db_, "articles", rows)
                _insert(db_, "events", [{**e, "id": ev_id(e["id"]), "article_id": e["article_id"] + sfx,
                                         "time": shift(e["time"], days)} for e in tables["events"]])
                _insert(db_, "event_actors", [{**e, "event_id": ev_id(e["event_id"])}
                                              for e in tables["event_actors"]])
                _insert(db_, "canonical_events", [{
                    **c, "id": c["id"] + sfx, "story_id": c["story_id"] + sfx if c["story_id"] else None,
                    "time": shift(c["time"], days), "sort_key": shift(c["sort_key"], days),
                    "first_reported": shift(c["first_reported"], days),
                    "last_reported": shift(c["last_reported"], days), "embedding": None, "trigger_embedding": None,
                } for c in tables["canonical_events"]][: max(0, target - base_events * k)])
                _insert(db_, "event_reports", [{**r, "event_id": ev_id(r["event_id"]),
                                                "canonical_id": r["canonical_id"] + sfx,
                                                "article_id": r["article_id"] + sfx, "embedding": None,
                                                "trigger_embedding": None} for r in tables["event_reports"]])
                _insert(db_, "stories", [{**s, "id": s["id"] + sfx, "start": shift(s["start"], days),
                                          "end": shift(s["end"], days), "embedding": None}
                                         for s in tables["stories"]])
                _insert(db_, "story_articles", [{"story_id": s["story_id"] + sfx, "article_id": s["article_id"] + sfx}
                                                for s in tables["story_articles"]])
        d.execute("ANALYZE")
        return {t: d.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in (
            "articles", "events", "canonical_events", "stories")}


def _insert(db: Any, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    db.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                   [[r[c] for c in cols] for r in rows])


def _get(url: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as resp:
        body = resp.read()
    return (time.perf_counter() - start) * 1000, body


def _stats(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
            "max_ms": round(ms[-1], 1), "n": len(ms)}


def measure(db: Path, requests: int, seed: int) -> dict[str, Any]:
    from wirewatch.store import open_store

    rng = random.Random(seed)
    with open_store(db) as store:
        d = store.db
        actors = [r[0] for r in d.execute("SELECT actor FROM event_actors GROUP BY actor ORDER BY COUNT(*) DESC "
                                          "LIMIT 30")]
        types = [r[0] for r in d.execute("SELECT DISTINCT type FROM canonical_events")]
        stories = [r[0] for r in d.execute("SELECT id FROM stories ORDER BY random() LIMIT 200")]
        months = sorted({r[0][:7] for r in d.execute(
            "SELECT sort_key FROM canonical_events WHERE sort_key LIKE '____-__-__' "
            "AND substr(sort_key, 6, 2) != '00'")})
        words = [w for (text,) in d.execute("SELECT evidence FROM events ORDER BY random() LIMIT 300")
                 for w in re.findall(r"[A-Za-z]{6,}", text)]
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "wirewatch", "--db", str(db), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base)
        calls: dict[str, Any] = {
            "timeline (first page, 50 events with reports)": lambda: "/api/timeline?limit=50",
            "timeline by actor": lambda: "/api/timeline?limit=50&actor=" + urllib.parse.quote(rng.choice(actors)),
            "timeline by type": lambda: f"/api/timeline?limit=50&type={rng.choice(types)}",
            "timeline by month": lambda: "/api/timeline?limit=50&since={m}&until={m}".format(m=rng.choice(months)),
            "timeline by story": lambda: f"/api/timeline?limit=50&story={rng.choice(stories)}",
            "search (one word)": lambda: "/api/search?q=" + urllib.parse.quote(rng.choice(words)),
            "search (two words)": lambda: "/api/search?q=" + urllib.parse.quote(
                f"{rng.choice(words)} {rng.choice(words)}"),
        }
        out: dict[str, Any] = {}
        for name, make in calls.items():
            _get(base + make())  # warm the connection's caches once
            out[name] = _stats([_get(base + make())[0] for _ in range(requests)])
            print(f"{name}: {out[name]}", flush=True)
        out["timeline page weight"] = _page_weight(base, "/timeline")
        out["timeline page (first 50 events) render"] = _stats([_get(base + "/timeline")[0] for _ in range(20)])
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _page_weight(base: str, path: str) -> dict[str, int]:
    _, body = _get(base + path)
    page = body.decode()
    assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page)))
    sizes = {a: len(_get(base + a)[1]) for a in assets}
    return {"html_bytes": len(body), "asset_bytes": sum(sizes.values()), "total_bytes": len(body) + sum(sizes.values()),
            "requests": 1 + len(assets)}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(base: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            _get(base + "/api/stories?limit=1")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench" / "bbc")
    parser.add_argument("--base", type=int, default=200, help="BBC articles run through the pipeline")
    parser.add_argument("--events", type=int, default=100_000, help="canonical events in the store")
    parser.add_argument("--requests", type=int, default=100, help="calls timed per kind")
    parser.add_argument("--db", type=Path, help="keep the store here (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wirewatch-bench-views-"))
    db = args.db or folder / "views.db"
    if not db.exists():
        t = time.perf_counter()
        build_base(db, args.data, args.base)
        print(f"base store: {args.base} articles processed and linked in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    counts = replicate(db, args.events)
    print(f"replicated to {counts} in {time.perf_counter() - t:.0f} s", flush=True)
    result = {"store": counts, "base_articles": args.base, "db_bytes": db.stat().st_size,
              "calls": measure(db, args.requests, args.seed)}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"views-{args.events}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
