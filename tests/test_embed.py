"""The offline sentence encoder: order, duplicates and the short-text cache give the same vectors."""

from __future__ import annotations

import numpy as np
import pytest

from wirewatch.embed import get_encoder

TEXTS = ["North Korea fired a missile.", "said", "North Korea fired a missile.",
         "The talks ended without agreement on Tuesday in Geneva.", "test-fired"]


def test_encoder_rows_follow_the_input_order_whatever_the_batching() -> None:
    encoder = get_encoder()
    together = encoder.encode(TEXTS)
    assert together.shape == (len(TEXTS), encoder.dim)
    alone = np.vstack([encoder.encode([t]) for t in TEXTS])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(together[0], together[2])
    norms = np.linalg.norm(together, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-4)


def test_encoder_separates_unrelated_sentences() -> None:
    encoder = get_encoder()
    if encoder.name == "lexical":
        pytest.skip("needs the MiniLM encoder package")
    a, b, c = encoder.encode(["North Korea test-fired a missile.", "Pyongyang launched a rocket on Saturday.",
                              "Apple shares rose after strong iPhone sales."])
    assert float(a @ b) > float(a @ c) + 0.2
