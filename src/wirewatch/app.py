"""The Python API: ``wirewatch.open(path)`` returns a :class:`Wirewatch` over one store.

The CLI, the REST API and the web UI are thin skins over this class.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .ingest import IngestItem, IngestOptions, iter_inputs
from .model import Analysis, Article
from .pipeline import Pipeline, batches
from .store import Store, open_store

log = logging.getLogger(__name__)

Progress = Callable[[Iterable[Any], int | None, str], Iterable[Any]]


def _no_progress(items: Iterable[Any], total: int | None, desc: str) -> Iterable[Any]:
    return items


@dataclass
class AddReport:
    """What one ``add`` did."""

    new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failures: int = 0
    ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.new} new, {self.duplicates} duplicate, {self.near_duplicates} near-duplicate, "
                f"{self.failures} failed")


#: While processing, the saved articles are linked every this many (see :meth:`Wirewatch.process`).
LINK_EVERY = 64
#: Articles a worker process analyses at once (one ``nlp.pipe`` batch, one encoder call).
WORKER_BATCH = 16
#: Articles one process alone may have queued for its encoding thread before the analysis waits
#: for it (it keeps up with room to spare; this only bounds memory should it fall behind).
ENCODE_AHEAD = 4 * LINK_EVERY


def _linker(name: str) -> Callable[..., dict[str, Any]] | None:
    """A function of the optional linker package, or ``None`` when it is not installed."""
    try:
        module = importlib.import_module("wirewatch.link")
    except ImportError:
        return None
    found: Callable[..., dict[str, Any]] | None = getattr(module, name, None)
    return found


def _lead_texts_of(articles: Sequence[Article]) -> list[str]:
    """The leads the linker will read for these articles (short: title and opening words)."""
    try:
        from .link.linker import _lead_text
    except ImportError:
        return []
    return [_lead_text(a.title, a.text) for a in articles]


def _prime_leads(leads: Sequence[str]) -> None:
    """Let the lead encoder read the leads of the articles about to be linked in one batch."""
    from .embed import get_encoder, get_lead_encoder

    prime = getattr(get_lead_encoder(get_encoder()), "prime", None)
    if prime is not None and leads:
        prime(leads)


@dataclass
class ProcessReport:
    """What one ``process`` did."""

    processed: int = 0
    stage_failures: int = 0
    link: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        out = f"{self.processed} processed, {self.stage_failures} stage failures"
        if self.link:
            out += ", " + ", ".join(f"{v} {k}" for k, v in self.link.items())
        return out


# -- worker processes ------------------------------------------------------------------------

_WORKER_PIPELINE: Pipeline | None = None


_WORKER_VECTORS = False


def _worker_init(stage_names: Sequence[str], vectors: bool = False) -> None:
    global _WORKER_PIPELINE, _WORKER_VECTORS
    # one thread per worker for the sentence encoder: n workers on n cores, not 2n threads
    os.environ.setdefault("WIREWATCH_ONNX_THREADS", "1")
    _WORKER_PIPELINE = Pipeline.build(stage_names)
    _WORKER_VECTORS = vectors


def _worker_analyse(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Analyse a batch of articles in a worker: spaCy reads them with ``nlp.pipe`` (as one process
    does), and the vectors linking will need are encoded for the whole batch at once."""
    assert _WORKER_PIPELINE is not None
    articles = [Article.from_json(item) for item in batch]
    analyses = list(_WORKER_PIPELINE.analyse_many(articles, batch_size=max(1, len(articles))))
    out = [analysis.to_json() for analysis in analyses]
    if _WORKER_VECTORS:
        for item, vectors in zip(out, _link_vectors(analyses), strict=True):
            item["_vectors"] = vectors
    return out


def _link_texts(analyses: Sequence[Analysis]) -> list[tuple[list[str], str]] | None:
    """What linking will ask the encoders for, per analysis: the sentence encoder's texts and the
    lead; ``None`` when the linker is not installed or the encoders do not take vectors computed
    elsewhere (only MiniLM's are worth computing ahead)."""
    from .embed import get_encoder, get_lead_encoder

    try:
        from .link.linker import encoded_texts
    except ImportError:
        return None
    encoder = get_encoder()
    if not hasattr(encoder, "give") or not hasattr(get_lead_encoder(encoder), "give"):
        return None
    return [encoded_texts(a.article.text, a.article.title, a.events) for a in analyses]


def _link_vectors(analyses: list[Analysis]) -> list[dict[str, Any] | None]:
    """The encoder vectors linking will need for these analyses (computed in the worker, in one
    call per encoder: each distinct text once, batched by length)."""
    wanted = _link_texts(analyses)
    if wanted is None:
        return [None] * len(analyses)
    return _encode_wanted(wanted)


def _encode_wanted(wanted: list[tuple[list[str], str]], encoders: tuple[Any, Any] | None = None,
                   ) -> list[dict[str, Any] | None]:
    """Vectors of :func:`_link_texts`'s texts, as :func:`_take_vectors` takes them; ``encoders``
    (sentence, lead) default to this process's."""
    from .embed import get_encoder, get_lead_encoder

    encoder, lead_encoder = encoders or (get_encoder(), get_lead_encoder(get_encoder()))
    every = [text for texts, _ in wanted for text in texts]
    matrix = encoder.encode(every) if every else np.zeros((0, 0), dtype=np.float32)
    leads = lead_encoder.encode([lead for _, lead in wanted]) if wanted else np.zeros((0, 0), dtype=np.float32)
    out: list[dict[str, Any] | None] = []
    at = 0
    for k, (texts, lead) in enumerate(wanted):
        rows = matrix[at:at + len(texts)]
        at += len(texts)
        out.append({"texts": texts, "vectors": np.ascontiguousarray(rows).tobytes() if texts else b"",
                    "lead": lead, "lead_vector": np.ascontiguousarray(leads[k:k + 1]).tobytes()})
    return out


class _EncodingAside:
    """One process alone: the linker's texts are encoded on a thread beside the analysis.

    ONNX Runtime lets go of the GIL while the model runs, so the encoder runs on the second core
    while spaCy and the stages keep the first (measured: the analysis is no slower, and the thread
    keeps up). The thread has encoders of its own (:meth:`MiniLMEncoder.twin`: the same model,
    their own caches); its vectors reach this process's encoders through :meth:`hand_over`, on the
    calling thread, and the linker then reads them from there.
    """

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from .embed import get_encoder, get_lead_encoder

        encoder = get_encoder()
        self._encoders = (encoder.twin(), get_lead_encoder(encoder).twin())  # type: ignore[attr-defined]
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="wirewatch-encode")
        self._jobs: deque[Any] = deque()
        self._failed = False

    def add(self, analysis: Analysis) -> None:
        """Encode this analysis's texts: one job per article (the int8 model reads one text at a
        time anyway), so that the articles done can be linked while the next are encoded."""
        wanted = _link_texts([analysis])
        if wanted:
            self._jobs.append(self._pool.submit(_encode_wanted, wanted, self._encoders))

    def hand_over(self, wait: bool) -> int:
        """Give this process's encoders the vectors of the articles encoded so far, in the order
        they were added (all of them with ``wait``; and the oldest, waited for, while more than
        :data:`ENCODE_AHEAD` are queued); return how many articles that was."""
        handed = 0
        while self._jobs and (wait or self._jobs[0].done() or len(self._jobs) > ENCODE_AHEAD):
            try:
                vectors = self._jobs.popleft().result()
            except Exception as exc:  # the linker encodes this article's texts itself
                if not self._failed:
                    log.warning("the encoding thread failed (%s); the linker encodes instead", exc)
                self._failed = True
                vectors = []
            for given in vectors:
                _take_vectors(given)
            handed += 1
        return handed

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _encodes_aside() -> bool:
    """Whether a process alone should encode on a thread: the linker is installed and its encoders
    take vectors computed elsewhere."""
    return _link_texts([]) is not None


def _take_vectors(given: dict[str, Any] | None) -> None:
    """Hand a worker's vectors to this process's encoders (see :func:`_link_vectors`)."""
    if not given:
        return
    from .embed import get_encoder, get_lead_encoder

    encoder = get_encoder()
    lead_encoder = get_lead_encoder(encoder)
    if given["texts"]:
        matrix = np.frombuffer(given["vectors"], dtype=np.float32).reshape(len(given["texts"]), -1)
        encoder.give(given["texts"], matrix)  # type: ignore[attr-defined]
    lead_encoder.give([given["lead"]], np.frombuffer(given["lead_vector"], dtype=np.float32).reshape(1, -1))  # type: ignore[attr-defined]


class Wirewatch:
    """One wirewatch store with its pipeline."""

    def __init__(self, store: Store, stages: Sequence[str] | None = None) -> None:
        self.store = store
        self._stage_names = list(stages) if stages is not None else None
        self._pipeline: Pipeline | None = None

    # -- pipeline ---------------------------------------------------------------------------

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline.build(self._stage_names)
        return self._pipeline

    def read(self, article: Article | str, **meta: Any) -> Analysis:
        """Analyse one article without storing it."""
        if isinstance(article, str):
            article = Article(text=article, **meta)
        return self.pipeline.analyse(article)

    # -- add --------------------------------------------------------------------------------

    def add(self, inputs: Sequence[str], options: IngestOptions | None = None,
            progress: Progress = _no_progress) -> AddReport:
        """Add articles from inputs; duplicates are linked to the first copy, failures recorded.

        URLs already stored (as an article's URL or canonical URL) are not fetched again.
        """
        return self.add_items(iter_inputs(inputs, options, seen=self.has_url), progress)

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL (or canonical URL) is stored."""
        row = self.store.db.execute("SELECT 1 FROM articles WHERE url = ? OR canonical_url = ? LIMIT 1",
                                    (url, url)).fetchone()
        return row is not None

    def add_items(self, items: Iterable[IngestItem], progress: Progress = _no_progress) -> AddReport:
        from .ingest import dedup

        report = AddReport()
        index = dedup.NearDuplicateIndex.from_store(self.store)
        for item in progress(items, None, "adding"):
            if item.known:
                report.duplicates += 1
                continue
            if item.article is None:
                reason = item.error or f"{item.source}: unknown failure"
                report.failures += 1
                report.errors.append(reason)
                self.record_ingest_failure(item.source, reason)
                continue
            article = item.article
            if self.store.has_article(article.id):
                report.duplicates += 1
                continue
            fingerprint = index.fingerprint(article.text)
            near = index.find(fingerprint, article.text, self._stored_text)
            if near is not None:
                self.store.add_article(article, duplicate_of=near, duplicate_kind="near",
                                       fingerprint=dedup.encode(fingerprint))
                report.near_duplicates += 1
                continue
            if self.store.add_article(article, fingerprint=dedup.encode(fingerprint)):
                index.add(article.id, fingerprint)
                report.new += 1
                report.ids.append(article.id)
            else:
                report.duplicates += 1
        return report

    def _stored_text(self, article_id: str) -> str:
        row = self.store.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return str(row[0]) if row else ""

    def record_ingest_failure(self, source: str, reason: str) -> None:
        """Record why an input failed, once: re-running the same input adds no copy of the same reason."""
        row = self.store.db.execute("SELECT 1 FROM failures WHERE stage = 'ingest' AND input = ? AND reason = ? "
                                    "LIMIT 1", (source, reason)).fetchone()
        if row is None:
            self.store.record_failure(stage="ingest", reason=reason, input=source)

    # -- process ----------------------------------------------------------------------------

    def process(self, workers: int = 1, progress: Progress = _no_progress, link: bool = True) -> ProcessReport:
        """Run the pipeline on every unprocessed article, committing each one as it is done."""
        report = ProcessReport()
        total = len(self.store.pending_ids())
        names = self.pipeline.names
        # With worker processes, the parent links as it goes, while the workers analyse the next
        # articles and encode what the linker will read. Alone, this process encodes those texts on
        # a thread beside the analysis (the encoder then runs one thread: the analysis keeps the
        # other core) and links every LINK_EVERY articles whose vectors are ready, so the vectors
        # waiting for the linker stay few. Without MiniLM, it links at the end.
        aside = None
        if link and workers <= 1:
            ours = "WIREWATCH_ONNX_THREADS" not in os.environ
            os.environ.setdefault("WIREWATCH_ONNX_THREADS", "1")  # before the encoder is built
            if _encodes_aside():
                aside = _EncodingAside()
            elif ours:
                del os.environ["WIREWATCH_ONNX_THREADS"]
        link_some = _linker("link_pending") if link and (workers > 1 or aside is not None) else None
        linked: Counter[str] = Counter()
        unlinked: list[str] = []  # leads of the saved articles not linked yet (not the articles: memory)
        ready = 0  # saved articles whose vectors the encoding thread has handed over, not linked yet
        try:
            for analysis in progress(self._analyses(self.store.iter_pending(), workers, vectors=link), total,
                                     "processing"):
                self.store.save_analysis(analysis, names)
                report.processed += 1
                report.stage_failures += len(analysis.failures)
                if aside is not None:
                    aside.add(analysis)
                    ready += aside.hand_over(wait=False)
                    if link_some is not None and ready >= LINK_EVERY:
                        # the oldest saved articles, those whose vectors are here (saved order)
                        linked.update(link_some(self.store, limit=ready))
                        ready = 0
                    continue
                unlinked += _lead_texts_of([analysis.article])
                if link_some is not None and len(unlinked) >= LINK_EVERY:
                    # Link as we go: the same order as linking at the end (articles are linked in the
                    # order they were saved), while worker processes analyse the next articles.
                    _prime_leads(unlinked)
                    linked.update(link_some(self.store))
                    unlinked = []
            if aside is not None:
                aside.hand_over(wait=True)
        finally:
            if aside is not None:
                aside.close()
        if link:
            _prime_leads(unlinked)
            final = self.link()
            for key, value in linked.items():
                final[key] = final.get(key, 0) + value
            report.link = final
        return report

    def _analyses(self, articles: Iterator[Article], workers: int, vectors: bool = False) -> Iterator[Analysis]:
        if workers <= 1:
            yield from self.pipeline.analyse_many(articles)
            return
        names = self.pipeline.names
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(workers, initializer=_worker_init, initargs=(names, vectors)) as pool:
            by_id: dict[str, Article] = {}

            def feed() -> Iterator[dict[str, Any]]:
                for article in articles:
                    by_id[article.id] = article
                    yield article.to_json()

            for results in pool.imap(_worker_analyse, batches(feed(), WORKER_BATCH)):
                for data in results:
                    _take_vectors(data.pop("_vectors", None))
                    article = by_id.pop(data["id"])
                    yield Analysis.from_json(data, article)

    def link(self) -> dict[str, Any]:
        """Link per-article events into canonical events and stories (when the linker is present)."""
        link_store = _linker("link_store")
        if link_store is None:
            return {}
        result: dict[str, Any] = link_store(self.store)
        return result

    # -- queries ----------------------------------------------------------------------------

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.events(**filters)

    def show(self, item_id: str) -> dict[str, Any]:
        """An article with its analysis, or an event with its article, by id."""
        from .views import show

        return show(self.store, item_id)

    def brief(self, fmt: str = "text", since: str | None = None, story: str | None = None,
              actor: str | None = None) -> str:
        from .report import brief

        return brief(self.store, fmt=fmt, since=since, story=story, actor=actor)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Wirewatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(location: str | Path | None = None, stages: Sequence[str] | None = None) -> Wirewatch:
    """Open the store at ``location`` (default ``$WIREWATCH_DB`` or ``wirewatch.db``)."""
    return Wirewatch(open_store(location), stages)


def read(text: str | Article, stages: Sequence[str] | None = None, **meta: Any) -> Analysis:
    """Analyse one article without a store: ``wirewatch.read(text, published="2025-08-23")``."""
    article = text if isinstance(text, Article) else Article(text=text, **meta)
    return _shared_pipeline(tuple(stages) if stages else None).analyse(article)


_PIPELINES: dict[tuple[str, ...] | None, Pipeline] = {}


def _shared_pipeline(stages: tuple[str, ...] | None) -> Pipeline:
    if stages not in _PIPELINES:
        _PIPELINES[stages] = Pipeline.build(stages)
    return _PIPELINES[stages]
