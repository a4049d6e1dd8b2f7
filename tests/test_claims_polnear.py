"""The PolNeAR attribution suite (issue 7): BRAT loading, span scoring, and a run on a few dev articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.eval import polnear


def _write(folder: Path, name: str, text: str, ann: str) -> None:
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "attributions").mkdir(parents=True, exist_ok=True)
    (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "attributions" / f"{name}_ab12.ann").write_text(ann, encoding="utf-8")


TEXT = "Troops were sent north, officials said. According to the ministry, 300 died."
ANN = ("T1\tContent 0 22\tTroops were sent north\nT2\tSource 24 33\tofficials\nT3\tCue 34 38\tsaid\n"
       "T4\tAttribution 34 38\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
       "T5\tCue 40 52\tAccording to\nT6\tSource 53 65\tthe ministry\nT7\tContent 67 71;72 76\t300 died\n"
       "E2\tAttribution:T5 Cue:T5 Source:T6 Content:T7\n")


def test_claims_polnear_loads_brat_with_fragments(tmp_path: Path) -> None:
    _write(tmp_path / "dev", "outlet_2016-10-01_x", TEXT, ANN)
    [gold] = polnear.load_split(tmp_path / "dev")
    assert len(gold.attributions) == 2
    assert gold.attributions[1]["content"] == [(67, 71), (72, 76)]
    assert TEXT[24:33] == "officials"


def test_claims_polnear_exact_and_overlap_scores(tmp_path: Path) -> None:
    _write(tmp_path / "dev", "outlet_2016-10-01_x", TEXT, ANN)
    golds = polnear.load_split(tmp_path / "dev")

    def predict(texts: list[str]) -> list[list[dict[str, tuple[int, int]]]]:
        # one exact attribution, one whose source only overlaps, and one spurious
        return [[{"source": (24, 33), "cue": (34, 38), "content": (0, 23)},
                 {"source": (53, 60), "cue": (40, 52), "content": (67, 76)},
                 {"cue": (0, 6), "content": (7, 22)}]]

    result = polnear.score(golds, predict)
    assert result["source_exact_recall"] == pytest.approx(0.5)
    assert result["source_overlap_recall"] == pytest.approx(1.0)
    assert result["cue_exact_precision"] == pytest.approx(2 / 3)
    assert result["content_exact_recall"] == pytest.approx(1.0)  # trailing punctuation and fragments
    assert result["content_overlap_precision"] == pytest.approx(2 / 3)


def test_claims_polnear_suite_on_dev_articles(bench: Path) -> None:
    result = polnear.run(bench / "polnear", peers=True, limit=3)
    assert result["articles"] == 3 and result["split"] == "dev"
    assert result["counts"]["cue_gold"] > 0
    assert result["cue_overlap_f1"] > result["peers"]["verb_nsubj_baseline"]["cue_overlap_f1"] - 0.05
    assert result["cue_overlap_f1"] > 0.4
