"""Batch processing on Dask distributed: the per-article stages spread over a cluster's workers.

The scheduler-side process reads the unprocessed articles from the store in partitions, sends each
partition to a worker, where the *same* pipeline as the single-machine path analyses it, and
collects the results as they complete. Results go either into the store (one transaction per
article, exactly as ``Wirewatch.process``) or into partitioned Parquet files for corpora too large
for one database (``wirewatch import-results DIR`` loads them into a store and links them).

Without a scheduler address a local cluster is started (``processes=True``, one thread per worker:
spaCy holds the GIL). Dask is an optional extra: ``pip install wirewatch[dask]``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import WirewatchError
from ..model import Analysis, Article
from ..pipeline import batches

if TYPE_CHECKING:
    from ..app import ProcessReport, Wirewatch

log = logging.getLogger(__name__)

#: Articles per task: large enough that spaCy's ``nlp.pipe`` batches well and task overhead
#: (~1 ms per task in Dask) is negligible, small enough to keep every worker busy near the end.
PARTITION_SIZE = 64

_PIPELINES: dict[tuple[str, ...], Any] = {}


def analyse_partition(stage_names: Sequence[str], articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run on a worker: analyse a partition with the process-wide cached pipeline."""
    from ..pipeline import Pipeline

    key = tuple(stage_names)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline.build(list(stage_names))
    pipeline = _PIPELINES[key]
    return [a.to_json() for a in pipeline.analyse_many(Article.from_json(d) for d in articles)]


def _partitions(articles: Iterator[Article], size: int) -> Iterator[list[dict[str, Any]]]:
    return batches((article.to_json() for article in articles), size)


def _client(scheduler: str | None, n_workers: int) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise WirewatchError("the dask engine needs Dask: pip install 'wirewatch[dask]'") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="30s")
        except OSError as exc:
            raise WirewatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    quiet = logging.getLogger().level > logging.DEBUG
    if quiet:
        logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR if quiet else logging.INFO)
    return Client(cluster)


def process_dask(ww: Wirewatch, *, scheduler: str | None = None, n_workers: int = 2,
                 output: Path | None = None, partition_size: int = PARTITION_SIZE,
                 progress: Callable[[Any, int | None, str], Any] | None = None,
                 link: bool = True) -> ProcessReport:
    """Process the store's unprocessed articles on a Dask cluster (into the store, or into Parquet)."""
    from dask.distributed import as_completed

    from ..app import ProcessReport

    report = ProcessReport()
    names = ww.pipeline.names
    total = len(ww.store.pending_ids())
    client = _client(scheduler, n_workers)
    writer = ParquetWriter(output) if output is not None else None
    try:
        in_flight = []
        parts = _partitions(ww.store.iter_pending(batch=partition_size), partition_size)
        # keep a bounded number of partitions in flight: memory stays flat however large the store
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 4)
        for part in parts:
            in_flight.append(client.submit(analyse_partition, names, part, pure=False))
            if len(in_flight) >= window:
                break
        queue = as_completed(in_flight)
        done_iter: Any = progress(queue, total, "processing") if progress else queue
        for future in done_iter:
            results = future.result()
            nxt = next(parts, None)
            if nxt is not None:
                queue.add(client.submit(analyse_partition, names, nxt, pure=False))
            for data in results:
                if writer is not None:
                    writer.add(data)
                else:
                    article = ww.store.article(data["id"])
                    ww.store.save_analysis(Analysis.from_json(data, article), names)
                report.processed += 1
                report.stage_failures += len(data.get("failures", []))
            future.release()
    finally:
        client.close()
        if writer is not None:
            writer.close()
    if link and writer is None:
        report.link = ww.link()
    return report


class ParquetWriter:
    """Writes analyses to ``DIR/analyses/part-NNNNN.parquet`` and events to ``DIR/events/part-NNNNN.parquet``."""

    #: Rows per Parquet file: ~1,000 analyses is a few MB, a good size for later scans.
    ROWS_PER_FILE = 1000

    def __init__(self, folder: Path) -> None:
        import pyarrow  # noqa: F401 - fail early with a clear message if missing

        self.folder = folder
        (folder / "analyses").mkdir(parents=True, exist_ok=True)
        (folder / "events").mkdir(parents=True, exist_ok=True)
        self.part = len(list((folder / "analyses").glob("part-*.parquet")))
        self.rows: list[dict[str, Any]] = []

    def add(self, data: dict[str, Any]) -> None:
        self.rows.append(data)
        if len(self.rows) >= self.ROWS_PER_FILE:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = f"part-{self.part:05d}.parquet"
        pq.write_table(pa.table({
            "article_id": [r["id"] for r in self.rows],
            "published": [r.get("published") for r in self.rows],
            "analysis": [json.dumps(r, ensure_ascii=False) for r in self.rows],
        }), self.folder / "analyses" / name)
        events = [(r["id"], i, e) for r in self.rows for i, e in enumerate(r.get("events", []))]
        pq.write_table(pa.table({
            "article_id": [a for a, _, _ in events],
            "idx": [i for _, i, _ in events],
            "type": [e["type"] for _, _, e in events],
            "mode": [e.get("mode") for _, _, e in events],
            "actors": [json.dumps(e["actors"]) for _, _, e in events],
            "recipients": [json.dumps(e["recipients"]) for _, _, e in events],
            "time": [e.get("time") for _, _, e in events],
            "modality": [e.get("modality") for _, _, e in events],
        }), self.folder / "events" / name)
        self.part += 1
        self.rows = []

    def close(self) -> None:
        self.flush()


def import_results(ww: Wirewatch, folder: Path, link: bool = True) -> ProcessReport:
    """Load Parquet results into the store (articles must already be there) and link them."""
    import pyarrow.parquet as pq

    from ..app import ProcessReport

    report = ProcessReport()
    files = sorted((folder / "analyses").glob("part-*.parquet"))
    if not files:
        raise WirewatchError(f"no Parquet results under {folder / 'analyses'}")
    names: list[str] = []
    for path in files:
        for value in pq.read_table(path, columns=["analysis"]).column("analysis").to_pylist():
            data = json.loads(value)
            article = ww.store.article(data["id"])
            if not names:
                names = ww.pipeline.names
            ww.store.save_analysis(Analysis.from_json(data, article), names)
            report.processed += 1
            report.stage_failures += len(data.get("failures", []))
    if link:
        report.link = ww.link()
    return report
