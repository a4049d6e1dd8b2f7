"""The offline sentence encoder: order, duplicates and the short-text cache give the same vectors."""

from __future__ import annotations

from pathlib import Path

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


def test_static_encoder_is_unit_length_and_ranks_paraphrases_first() -> None:
    encoder = get_encoder("static")
    assert encoder.name == "static-minilm-256" and encoder.dim == 256
    vectors = encoder.encode(["North Korea test-fired two anti-aircraft missiles on Saturday.",
                              "Pyongyang tested new air defence missiles at the weekend.",
                              "Apple shares rose after strong iPhone sales.", ""])
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-4)
    assert not vectors[3].any()  # an empty text has no direction, not a made-up one
    a, b, c = vectors[:3]
    assert float(a @ b) > float(a @ c) + 0.2
    # the same text gives the same vector, alone or in a batch
    assert np.allclose(encoder.encode([TEXTS[0]])[0], encoder.encode(TEXTS)[2], atol=1e-6)


def test_leads_are_read_by_minilm_whatever_encodes_the_sentences() -> None:
    from wirewatch.embed import LEAD_TOKENS, get_lead_encoder

    static = get_encoder("static")
    lead = get_lead_encoder(static)
    if not get_encoder("minilm").name.startswith("minilm-l6-v2"):
        pytest.skip("needs the MiniLM encoder package")
    assert lead.name == get_encoder("minilm").name and lead is get_lead_encoder(static)
    long_lead = "North Korea tested missiles. " * 40
    # truncated to LEAD_TOKENS pieces: a text that only differs after them gets the same vector
    assert np.allclose(lead.encode([long_lead])[0], lead.encode([long_lead + " Apple shares rose."])[0], atol=1e-5)
    assert LEAD_TOKENS < 128
    assert get_lead_encoder(get_encoder("lexical")).name == "lexical"


def test_an_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown encoder"):
        get_encoder("word2vec")


def test_the_default_model_is_the_int8_one_built_at_install_and_agrees_with_the_package_model() -> None:
    from wirewatch.embed import QUANTIZED_MODEL, MiniLMEncoder, find_model_files, find_package_model, find_tokenizer

    package, tokenizer = find_package_model(), find_tokenizer()
    if package is None or tokenizer is None:
        pytest.skip("needs the MiniLM encoder package")
    # make install builds it (scripts/build_quantized_encoder.py); the tests run after make install
    assert QUANTIZED_MODEL.is_file(), "run make install (or python scripts/build_quantized_encoder.py)"
    files = find_model_files()
    assert files is not None and files[0] == QUANTIZED_MODEL
    sentences = ["North Korea test-fired a new anti-air missile on Thursday.",
                 "The court sentenced the former mayor to five years in prison.",
                 "Rebels shelled the airport as talks resumed in Geneva."]
    quick = MiniLMEncoder(QUANTIZED_MODEL, tokenizer)
    assert quick.name == "minilm-l6-v2-q8"
    slow = MiniLMEncoder(package, tokenizer)
    assert slow.name == "minilm-l6-v2-int8"
    a, b = quick.encode(sentences), slow.encode(sentences)
    # the same sentence: nearly the same vector; different sentences stay far apart in both
    assert float(np.min((a * b).sum(axis=1))) > 0.97
    assert np.abs((a @ a.T) - (b @ b.T)).max() < 0.06


def test_a_missing_int8_model_falls_back_to_the_package_model_and_says_so(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import wirewatch.embed as embed

    if embed.find_package_model() is None or embed.find_tokenizer() is None:
        pytest.skip("needs the MiniLM encoder package")
    monkeypatch.setattr(embed, "QUANTIZED_MODEL", tmp_path / "minilm_q8.onnx")
    monkeypatch.setattr(embed, "_WARNED_UNBUILT", False)
    with caplog.at_level("WARNING", logger="wirewatch.embed"):
        files = embed.find_model_files()
    assert files is not None and files[0] == embed.find_package_model()
    assert "build_quantized_encoder.py" in caplog.text
