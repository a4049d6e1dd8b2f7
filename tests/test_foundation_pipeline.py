"""The pipeline: order checked at build time, stage failures recorded, the batch goes on."""

from __future__ import annotations

import pytest

from wirewatch.errors import PipelineError
from wirewatch.model import Analysis, Article
from wirewatch.pipeline import Pipeline, load_stage


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
