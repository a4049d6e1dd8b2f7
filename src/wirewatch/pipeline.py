"""The per-article pipeline: stages that declare what they need and what they add.

A stage is any object with ``name``, ``requires``, ``provides`` and
``__call__(analysis)``. Stages are registered by name in ``STAGES`` (a module
path and a factory, imported only when the stage is used), so that a user can
add a stage of their own with :func:`register_stage`.

The order is checked when the pipeline is built: a stage whose requirement is
not provided by an earlier stage raises :class:`PipelineError` naming what is
missing. A stage that fails on one article records ``(stage, reason)`` on the
analysis and the pipeline goes on with the next stage; nothing is dropped
silently.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

from .errors import PipelineError
from .model import Analysis, Article

log = logging.getLogger(__name__)

#: Language code prefix of the articles the stages handle; others are stored, marked and skipped.
ENGLISH = "en"

#: Most characters of text parsed in one batch (see :meth:`Pipeline.analyse_many`). spaCy's memory
#: while it parses a batch grows with the batch's text (about 3 KB a character for the small English
#: model), so a batch of 32 long articles would set the process's peak; with this budget the peak
#: no longer depends on how long the corpus is, and the parse is as fast (BENCHMARKS.md).
BATCH_CHARS = 50_000

#: What every analysis has before any stage runs.
BASE_CAPABILITIES = frozenset({"article"})


@runtime_checkable
class Stage(Protocol):
    """One step of the pipeline."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, analysis: Analysis) -> None: ...


#: Registered stages: name -> "module:factory". The factory takes keyword options.
STAGES: dict[str, str] = {
    "spacy": "wirewatch.nlp.spacy_stage:SpacyStage",
    "actors": "wirewatch.nlp.actors:ActorStage",
    "times": "wirewatch.nlp.times:TimeStage",
    "quantities": "wirewatch.nlp.quantities:QuantityStage",
    "events": "wirewatch.nlp.events:EventStage",
    "claims": "wirewatch.claims.stage:ClaimStage",
}

#: The default order of the full pipeline.
DEFAULT_STAGES: tuple[str, ...] = ("spacy", "actors", "times", "quantities", "events", "claims")


def register_stage(name: str, target: str) -> None:
    """Register a stage factory given as ``"package.module:callable"``."""
    if ":" not in target:
        raise PipelineError(f"stage target must look like 'module:callable', got {target!r}")
    STAGES[name] = target


def load_stage(name: str, **options: Any) -> Stage:
    """Import and build the stage registered under ``name``."""
    try:
        target = STAGES[name]
    except KeyError:
        known = ", ".join(sorted(STAGES))
        raise PipelineError(f"unknown stage {name!r}; known stages: {known}") from None
    module_name, _, attr = target.partition(":")
    try:
        factory: Callable[..., Stage] = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise PipelineError(f"stage {name!r} cannot be loaded from {target}: {exc}") from exc
    return factory(**options)


def available_stages(names: Sequence[str]) -> list[str]:
    """The names among ``names`` whose module can be imported (used while stages are being built)."""
    out = []
    for name in names:
        module_name = STAGES.get(name, "").partition(":")[0]
        try:
            importlib.import_module(module_name)
        except ImportError:
            continue
        out.append(name)
    return out


class Pipeline:
    """An ordered, checked list of stages."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)
        have = set(BASE_CAPABILITIES)
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                present = ", ".join(s.name for s in self.stages) or "none"
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage "
                    f"provides (stages in order: {present})"
                )
            have.update(stage.provides)
        self.provides = frozenset(have)

    @classmethod
    def build(cls, names: Sequence[str] | None = None, **options: Any) -> Pipeline:
        """Build the pipeline from registered stage names (default: the full pipeline)."""
        chosen = list(names) if names is not None else available_stages(DEFAULT_STAGES)
        return cls([load_stage(name, **options.get(name, {})) for name in chosen])

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run(self, analysis: Analysis) -> Analysis:
        """Run every stage on one analysis, recording failures on it.

        Articles marked as not English are left as they are (``analysis.skipped`` says why):
        the English models would only mangle them.
        """
        language = (analysis.article.language or "en").lower()
        if not language.startswith(ENGLISH):
            analysis.skipped = f"language {language!r} is not English; English stages not run"
            analysis.nlp = None
            return analysis
        for stage in self.stages:
            if any(s == stage.name for s, _ in analysis.failures):
                continue  # already failed in a batched pre-pass
            try:
                stage(analysis)
            except Exception as exc:
                reason = f"{type(exc).__name__}: {exc}"
                log.warning("stage %s failed on article %s: %s", stage.name, analysis.article.id, reason)
                analysis.failures.append((stage.name, reason))
        analysis.nlp = None
        return analysis

    def analyse(self, article: Article) -> Analysis:
        return self.run(Analysis(article=article))

    def analyse_many(self, articles: Iterable[Article], batch_size: int = 32,
                     batch_chars: int = BATCH_CHARS) -> Iterator[Analysis]:
        """Analyse articles in order, letting batch-capable stages (spaCy) work on a batch at once.

        A batch holds at most ``batch_size`` articles and ``batch_chars`` characters of text (an
        article longer than that is a batch of its own), which bounds the memory of the parse.
        """
        for chunk in batches(articles, batch_size, budget=batch_chars, weight=_text_length):
            yield from self._run_batch([Analysis(article=article) for article in chunk])

    def _run_batch(self, batch: list[Analysis]) -> Iterator[Analysis]:
        first = self.stages[0] if self.stages else None
        prepare = getattr(first, "prepare_batch", None)
        if prepare is not None and first is not None:
            try:
                prepare(self._english(batch))
            except Exception as exc:
                log.warning("batched stage %s failed, falling back to one by one: %s", first.name, exc)
        for analysis in batch:
            yield self.run(analysis)

    def _english(self, batch: list[Analysis]) -> list[Analysis]:
        return [a for a in batch if (a.article.language or ENGLISH).lower().startswith(ENGLISH)]


_T = TypeVar("_T")


def _text_length(article: Article) -> int:
    return len(article.text or "")


def batches(items: Iterable[_T], size: int, budget: int | None = None,
            weight: Callable[[_T], int] | None = None) -> Iterator[list[_T]]:
    """``items`` in lists of at most ``size``, read lazily, in order.

    With ``budget`` and ``weight``, a list also closes before its total weight would pass
    ``budget``; an item heavier than the budget goes in a list of its own.
    """
    batch: list[_T] = []
    load = 0
    for item in items:
        cost = weight(item) if budget is not None and weight is not None else 0
        if batch and budget is not None and load + cost > budget:
            yield batch
            batch, load = [], 0
        batch.append(item)
        load += cost
        if len(batch) >= size:
            yield batch
            batch, load = [], 0
    if batch:
        yield batch
