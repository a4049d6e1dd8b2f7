"""The pipeline: order checked at build time, stage failures recorded, the batch goes on."""

from __future__ import annotations

import pytest

from wirewatch.errors import PipelineError
from wirewatch.model import Analysis, Article
from wirewatch.pipeline import Pipeline, batches, load_stage


class _Stage:
    def __init__(self, name: str, requires: tuple[str, ...], provides: tuple[str, ...], fail_on: str = "") -> None:
        self.name, self.requires, self.provides, self.fail_on = name, requires, provides, fail_on
        self.seen: list[str] = []

    def __call__(self, analysis: Analysis) -> None:
        if self.fail_on and self.fail_on in analysis.text:
            raise ValueError("boom on purpose")
        self.seen.append(analysis.article.id)


def test_pipeline_order_error_names_missing_requirement() -> None:
    with pytest.raises(PipelineError, match=r"'events' requires times"):
        Pipeline([_Stage("spacy", ("article",), ("nlp",)), _Stage("events", ("nlp", "times"), ("events",))])


def test_pipeline_unknown_stage_lists_known() -> None:
    with pytest.raises(PipelineError, match=r"unknown stage 'nope'; known stages: .*spacy"):
        load_stage("nope")


def test_pipeline_stage_failure_recorded_and_later_stages_run() -> None:
    first = _Stage("first", ("article",), ("a",), fail_on="bad")
    second = _Stage("second", ("a",), ("b",))
    pipe = Pipeline([first, second])
    results = list(pipe.analyse_many([Article(text="a good text"), Article(text="a bad text"),
                                      Article(text="another good text")]))
    assert [r.failures for r in results] == [[], [("first", "ValueError: boom on purpose")], []]
    assert len(second.seen) == 3  # the batch went on, and so did later stages


def test_pipeline_skips_non_english_articles() -> None:
    stage = _Stage("first", ("article",), ("a",))
    result = Pipeline([stage]).analyse(Article(text="Le président a parlé.", language="fr"))
    assert result.skipped and "not English" in result.skipped
    assert stage.seen == []


def test_pipeline_spacy_stage_real_model_entities(seed2_text: str) -> None:
    result = Pipeline.build(["spacy"]).analyse(Article(text=seed2_text))
    names = {m.text for m in result.entities}
    assert "Sergei Shoigu" in names
    assert len(result.sentences) > 10
    for m in result.entities:
        assert seed2_text[m.start : m.end] == m.text


def test_batches_close_on_count_and_on_text_budget() -> None:
    assert list(batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    # weights 4,4,4,9,1,1 with a budget of 8: a heavy item stands alone, order is kept
    sizes = [4, 4, 4, 9, 1, 1]
    assert list(batches(sizes, 32, budget=8, weight=int)) == [[4, 4], [4], [9], [1, 1]]
    assert list(batches([], 3, budget=8, weight=int)) == []


def test_analyse_many_batches_spacy_by_characters() -> None:
    class _Batching(_Stage):
        def __init__(self) -> None:
            super().__init__("spacy", ("article",), ("nlp",))
            self.batches: list[int] = []

        def prepare_batch(self, batch: list[Analysis]) -> None:
            self.batches.append(len(batch))

    stage = _Batching()
    articles = [Article(text="x" * n) for n in (300, 300, 300, 1000, 10, 10)]
    out = list(Pipeline([stage]).analyse_many(articles, batch_size=32, batch_chars=700))
    assert stage.batches == [2, 1, 1, 2]
    assert [a.article.id for a in out] == [a.id for a in articles]
