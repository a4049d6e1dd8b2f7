"""Cost of linking one more article as the store grows (issue 6: it must not grow with the store).

    python benchmarks/bench_link.py [--sizes 200 1000 2000 5000] [--probe 50] [--encoder minilm|lexical]

Builds a store of synthetic articles (no spaCy: events are written as the events
stage would write them), linking them as they arrive. Each article reports
``EVENTS_PER_ARTICLE`` events; the happenings they report are drawn so that about
one in three is reported again by another outlet within days (the real shape of
news: many reports of few happenings), with PLOVER types, country actors and
dates spread over ``SPAN_DAYS`` days. At each size it links ``--probe`` further
articles one at a time and reports the mean and median milliseconds per
article, with the time spent embedding shown apart (constant per article by
construction) from the rest (candidate look-up, scoring, writes), and at the
end the B-cubed score of the linking against the synthetic happenings. Results
are written as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from wirewatch.embed import Encoder, get_encoder
from wirewatch.eval.ecbplus import b_cubed
from wirewatch.link import linker
from wirewatch.model import Analysis, Article, Event, Span
from wirewatch.store import Store, open_store

RESULTS = Path(__file__).resolve().parent / "results"
#: Events per synthetic article (the seed articles have 20-30; BBC news articles fewer).
EVENTS_PER_ARTICLE = 6
#: The period the synthetic archive covers: two years of news.
SPAN_DAYS = 730
#: Share of events that report a happening already reported (syndication and follow-ups).
REPEAT_SHARE = 0.35

TYPES = ["MOBILIZE", "AID", "CONSULT", "AGREE", "ASSAULT", "THREATEN", "ACCUSE", "REJECT", "SUPPORT",
         "COOPERATE", "PROTEST", "SANCTION", "REQUEST", "COERCE", "CONCEDE", "RETREAT"]
VERBS = {"MOBILIZE": "test-fired missiles near", "AID": "sent aid to", "CONSULT": "held talks with",
         "AGREE": "signed a deal with", "ASSAULT": "shelled positions of", "THREATEN": "threatened",
         "ACCUSE": "accused", "REJECT": "rejected an offer from", "SUPPORT": "praised",
         "COOPERATE": "held joint drills with", "PROTEST": "protested against", "SANCTION": "imposed sanctions on",
         "REQUEST": "asked for help from", "COERCE": "expelled diplomats of", "CONCEDE": "released prisoners to",
         "RETREAT": "withdrew troops from"}
COUNTRIES = ["USA", "RUS", "CHN", "PRK", "KOR", "JPN", "UKR", "FRA", "DEU", "GBR", "IND", "PAK", "IRN", "ISR",
             "TUR", "SYR", "IRQ", "EGY", "SAU", "BRA", "MEX", "NGA", "ZAF", "ETH", "KEN", "VEN", "COL", "ARG",
             "POL", "ITA", "ESP", "CAN", "AUS", "IDN", "PHL", "VNM", "THA", "MMR", "AFG", "SDN"]
DETAILS = ["officials said", "state media reported", "according to witnesses", "a spokesman confirmed",
           "in a statement on the day", "the ministry said", "analysts noted", "local reports said"]
OUTLETS = [f"Outlet {i}" for i in range(25)]
#: Per-article event id -> the synthetic happening it reports (to score the linking itself).
GOLD: dict[str, str] = {}


def synthetic_article(rng: random.Random, happenings: list[dict[str, Any]], start: date, index: int,
                      total: int) -> Analysis:
    """One article: new happenings and repeats of recent ones, with their evidence sentences.

    Article ``index`` of ``total`` is published ``SPAN_DAYS * index / total`` days after
    ``start``: news arrives at a constant rate, so the store grows by covering more time.
    """
    day = start + timedelta(days=SPAN_DAYS * index // max(1, total))
    sentences, events = [], []
    for _ in range(EVENTS_PER_ARTICLE):
        recent = [h for h in happenings[-400:] if abs((h["day"] - day).days) <= 5]
        if recent and rng.random() < REPEAT_SHARE:
            h = rng.choice(recent)
        else:
            a, b = rng.sample(COUNTRIES, 2)
            h = {"type": rng.choice(TYPES), "actor": a, "recipient": b, "day": day - timedelta(days=rng.randint(0, 3)),
                 "n": len(happenings)}
            happenings.append(h)
        verb = VERBS[h["type"]]
        sentence = (f"On {h['day']:%d %B %Y}, {h['actor']} {verb} {h['recipient']} in incident "
                    f"{h['n']}, {rng.choice(DETAILS)}.")
        sentences.append((sentence, h, verb.split()[0]))
    text = "\n".join(s for s, _, _ in sentences) + f"\n(article {index})\n"
    article = Article(text=text, outlet=rng.choice(OUTLETS), published=day.isoformat())
    offset = 0
    for sentence, h, trigger in sentences:
        t0 = text.index(trigger, offset)
        events.append(Event(type=h["type"], stage="bench", trigger=Span(start=t0, end=t0 + len(trigger), text=trigger),
                            evidence=Span(start=offset, end=offset + len(sentence), text=sentence),
                            actors=[h["actor"]], recipients=[h["recipient"]], time=h["day"].isoformat(),
                            time_basis="text"))
        offset += len(sentence) + 1
    for i, (_, h, _) in enumerate(sentences):
        GOLD[f"{article.id}-e{i}"] = str(h["n"])
    return Analysis(article=article, events=events)


class TimedEncoder:
    """Wraps an encoder to measure the time spent embedding."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.threshold_shift = inner.threshold_shift
        self.seconds = 0.0

    def encode(self, texts: Any) -> Any:
        t = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds += time.perf_counter() - t
        return out


def link_one(store: Store, analysis: Analysis, encoder: TimedEncoder) -> tuple[float, float]:
    store.add_article(analysis.article)
    store.save_analysis(analysis, ["bench"])
    before = encoder.seconds
    t = time.perf_counter()
    linker.link_pending(store, encoder)  # type: ignore[arg-type]
    total = time.perf_counter() - t
    return total, encoder.seconds - before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--probe", type=int, default=50, help="Articles linked and timed at each size.")
    parser.add_argument("--encoder", choices=["minilm", "lexical"], default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    encoder = TimedEncoder(get_encoder(args.encoder))
    n_articles = max(args.sizes) + args.probe * len(args.sizes)
    happenings: list[dict[str, Any]] = []
    start = date(2024, 1, 1)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        n = 0
        for size in sorted(args.sizes):
            while n < size:
                link_one(store, synthetic_article(rng, happenings, start, n, n_articles), encoder)
                n += 1
            totals, embeds = [], []
            for _ in range(args.probe):
                total, embed = link_one(store, synthetic_article(rng, happenings, start, n, n_articles), encoder)
                n += 1
                totals.append(total * 1000)
                embeds.append(embed * 1000)
            canonical = store.db.execute("SELECT COUNT(*) FROM canonical_events").fetchone()[0]
            row = {"articles": size, "canonical_events": canonical,
                   "ms_per_article_mean": round(statistics.mean(totals), 2),
                   "ms_per_article_median": round(statistics.median(totals), 2),
                   "ms_embedding_mean": round(statistics.mean(embeds), 2),
                   "ms_without_embedding_mean": round(statistics.mean(t - e for t, e in zip(totals, embeds,
                                                                                            strict=True)), 2)}
            rows.append(row)
            print(json.dumps(row), flush=True)
        linked = {r[0]: r[1] for r in store.db.execute("SELECT event_id, canonical_id FROM event_reports")}
        p, r, f = b_cubed(GOLD, linked)
        quality = {"b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4)}
        print(json.dumps({"linking_quality_vs_synthetic_gold": quality}), flush=True)
        store.close()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"link-{encoder.name}-{max(args.sizes)}.json"
    summary = {"encoder": encoder.name, "events_per_article": EVENTS_PER_ARTICLE, "probe": args.probe,
               "rows": rows, "quality": quality}
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
