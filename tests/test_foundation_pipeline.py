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


def test_long_text_is_parsed_in_pieces_with_the_same_offsets(seed2_text: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from wirewatch.nlp import spacy_stage

    cut = spacy_stage.pieces(seed2_text, 800)  # its paragraphs are shorter than 800 characters
    assert "".join(cut) == seed2_text and len(cut) > 3
    assert all(len(p) <= 800 for p in cut) and all(p.endswith("\n") for p in cut[:-1])
    assert spacy_stage.pieces("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # no break at all

    whole = Pipeline.build(["spacy"]).analyse(Article(text=seed2_text))
    monkeypatch.setattr(spacy_stage, "PIECE_CHARS", 800)
    cuts: list[int] = []
    real_pieces = spacy_stage.pieces
    monkeypatch.setattr(spacy_stage, "pieces", lambda text, limit: cuts.append(limit) or real_pieces(text, limit))
    stage = spacy_stage.SpacyStage()
    one, batched = Analysis(article=Article(text=seed2_text)), Analysis(article=Article(text=seed2_text))
    stage(one)
    stage.prepare_batch([batched])
    stage(batched)
    for parsed in (one, batched):
        assert parsed.nlp.text == seed2_text
        assert [(e.start, e.end, e.label) for e in parsed.entities] == [(e.start, e.end, e.label)
                                                                          for e in whole.entities]
        assert all(seed2_text[e.start:e.end] == e.text for e in parsed.entities)
        assert all(seed2_text[s.start:s.end] == s.text for s in parsed.sentences)
        # a sentence may end at a cut (the title here), but the others end where they did
        ends, whole_ends = {s.end for s in parsed.sentences}, {s.end for s in whole.sentences}
        assert len(ends & whole_ends) >= 0.8 * len(whole_ends)
    assert cuts == [800, 800]  # both parses went through the pieces


def test_long_paragraph_is_cut_between_sentences(seed2_text: str) -> None:
    from wirewatch.nlp import spacy_stage

    flat = " ".join(seed2_text.split())  # one paragraph: no line break to cut at
    cut = spacy_stage.pieces(flat, 800)
    assert "".join(cut) == flat and len(cut) > 3 and all(len(p) <= 800 for p in cut)
    # every cut is where a sentence of the whole parse starts, so no sentence is split in two
    starts = {s.start for s in Pipeline.build(["spacy"]).analyse(Article(text=flat)).sentences}
    offsets = [sum(map(len, cut[:k])) for k in range(1, len(cut))]
    assert all(at in starts for at in offsets)
    # with no sentence end in reach, the last space
    assert spacy_stage.pieces("one two three four", 10) == ["one two ", "three four"]
