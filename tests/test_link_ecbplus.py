"""ECB+ evaluation: the coreference metrics on hand-made cases, and the suite on a few real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wirewatch.eval import ecbplus

KEY = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}

# (response, expected MUC F1, expected B3 F1)
METRIC_CASES = [
    (dict(KEY), 1.0, 1.0),
    ({"a": "x", "b": "y", "c": "z", "d": "w", "e": "v"}, 0.0, 2 * 0.6 * 1.0 / 1.6),  # B3 recall (1+1+1)/5
    ({m: "all" for m in KEY}, 2 * 0.5 * 1.0 / 1.5, None),
]


@pytest.mark.parametrize(("response", "muc_f1", "b3_f1"), METRIC_CASES)
def test_ecbplus_metrics_on_known_cases(response: dict[str, str], muc_f1: float, b3_f1: float | None) -> None:
    assert ecbplus.muc(KEY, response)[2] == pytest.approx(muc_f1)
    if b3_f1 is not None:
        assert ecbplus.b_cubed(KEY, response)[2] == pytest.approx(b3_f1)
    p, r, f = ecbplus.ceaf_e(KEY, response)
    assert 0.0 <= p <= 1.0 and 0.0 <= r <= 1.0
    if response == KEY:
        assert f == pytest.approx(1.0)


def test_ecbplus_ceaf_e_uses_the_best_one_to_one_alignment() -> None:
    # gold {a,b,c} {d,e}; response {a,b} {c,d,e}: phi4 = 2*2/5 + 2*2/5 = 1.6 over 2 clusters each side
    key = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    response = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    assert ecbplus.ceaf_e(key, response)[2] == pytest.approx(0.8)


def test_ecbplus_hungarian_matches_brute_force() -> None:
    import itertools

    import numpy as np

    rng = np.random.default_rng(7)
    w = rng.random((4, 5))
    best = max(sum(w[i, p[i]] for i in range(4)) for p in itertools.permutations(range(5), 4))
    assert sum(w[i, j] for i, j in ecbplus.hungarian_max(w)) == pytest.approx(best)


def test_ecbplus_suite_on_a_topic_gives_scores_beside_baselines(bench: Path, tmp_path: Path) -> None:
    source = bench / "ecbplus" / "1"
    folder = tmp_path / "1"
    folder.mkdir()
    for name in ("1_1ecb.xml", "1_2ecb.xml", "1_3ecb.xml", "1_1ecbplus.xml", "1_2ecbplus.xml", "1_3ecbplus.xml"):
        shutil.copy(source / name, folder / name)
    result = ecbplus.run(tmp_path)
    assert result["n_documents"] == 6 and result["n_mentions"] > 20
    for system in ("wirewatch", "wirewatch_no_topics", "lemma_baseline", "tfidf_baseline@0.3"):
        scores = result[system]
        assert set(scores) >= {"muc_f1", "b3_f1", "ceafe_f1", "conll_f1"}
        assert 0.0 <= scores["conll_f1"] <= 1.0
    assert result["wirewatch"]["conll_f1"] > 0.3
    assert 0.0 < result["documents"]["wirewatch"]["b3_f1"] <= 1.0
    # as an outside scorer sees it: add, process, link, then each article's main event
    docs = result["documents"]["pipeline_main_event"]
    assert docs["n_documents"] == 6
    assert 0.0 < docs["b3_p"] <= 1.0 and 0.0 < docs["b3_r"] <= 1.0


def test_ecbplus_documents_rebuilt_as_prose() -> None:
    from wirewatch.ingest.tokenxml import detokenise

    assert detokenise("Lohan 's lawyer said , \" she is fine . \"") == "Lohan's lawyer said, \"she is fine.\""
    assert detokenise("( AP ) -- Perry was $ 5 million") == "(AP) -- Perry was $5 million"
