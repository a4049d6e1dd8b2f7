"""Near-duplicate detection: 64-bit SimHash over word shingles, confirmed by shingle overlap.

Syndicated copies of one article differ by a headline, a credit line, a reordered paragraph or a
few edited words; their SimHash fingerprints differ in a few bits, while distinct articles differ
in about half of the 64 bits. Every stored fingerprint within ``MAX_HAMMING`` bits of a new one is
a candidate; a candidate is confirmed when the two texts share enough word shingles
(``MIN_RESEMBLANCE``), so that a chance closeness of two fingerprints never links distinct articles.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ..model import normalise_text

if TYPE_CHECKING:
    from ..store import Store

#: Words per shingle: 3 keeps a reordered paragraph's shingles intact while staying specific to the text.
SHINGLE_WORDS = 3

#: Largest Hamming distance (of 64 bits) at which a stored article is a candidate copy. Measured on
#: perturbed BBC copies against distinct BBC articles (benchmarks/bench_ingest.py, BENCHMARKS.md):
#: a changed headline or an added credit line moves a fingerprint by 0-6 bits; a re-edited copy
#: (new headline, credit, shuffled paragraphs, a sentence cut, words replaced) often by 10-20.
#: On fingerprints alone the first distinct article is linked at 11 bits; with the shingle check
#: below none is, up to 20. What grows past 14 is the work: the candidates to check per new article
#: (0.006 per 1,028 stored articles at 14, 0.13 at 17, 2.0 at 20). At 14 a store of 100,000
#: articles gives about one text to compare per new article, and 97.6% of copies are still found.
MAX_HAMMING = 14

#: Least shingle resemblance (Jaccard of the two texts' 3-word shingle sets) that confirms a
#: candidate. In the benchmark the least similar copy (all perturbations at once) keeps 0.61 of
#: its shingles; the most similar distinct article within 14 bits (a story reusing another's
#: paragraphs) 0.43, and the other distinct candidates under 0.01. 0.5 sits in that gap.
MIN_RESEMBLANCE = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)
_BIT_SHIFTS = np.arange(64, dtype=np.uint64)


def shingles(text: str) -> list[str]:
    words = _WORD.findall(normalise_text(text).casefold())
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def simhash(text: str) -> int:
    """The 64-bit SimHash of a text's word shingles.

    Bit ``b`` is set when more shingle hashes have bit ``b`` set than not (each shingle votes +1 or -1).
    """
    hashes = [int.from_bytes(hashlib.blake2b(sh.encode("utf-8"), digest_size=8).digest(), "big")
              for sh in shingles(text)]
    if not hashes:
        return 0
    values = np.array(hashes, dtype=np.uint64)
    ones = ((values[:, None] >> _BIT_SHIFTS) & np.uint64(1)).sum(axis=0)
    return sum(1 << bit for bit in range(64) if 2 * int(ones[bit]) > len(hashes))


def resemblance(a: str, b: str) -> float:
    """Jaccard similarity of two texts' word-shingle sets (1.0: the same shingles)."""
    sa, sb = set(shingles(a)), set(shingles(b))
    if not sa or not sb:
        return 1.0 if sa == sb else 0.0
    return len(sa & sb) / len(sa | sb)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def encode(fingerprint: int) -> str:
    return f"{fingerprint:016x}"


def decode(text: str) -> int:
    return int(text, 16)


class NearDuplicateIndex:
    """The fingerprints of the stored originals, scanned whole with numpy (about 1 ms per 100,000)."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._fps = np.zeros(1024, dtype=np.uint64)

    @classmethod
    def from_store(cls, store: Store) -> NearDuplicateIndex:
        index = cls()
        for article_id, fp in store.db.execute(
            "SELECT id, fingerprint FROM articles WHERE fingerprint IS NOT NULL AND duplicate_of IS NULL"
        ):
            index.add(article_id, decode(fp))
        return index

    def __len__(self) -> int:
        return len(self._ids)

    def fingerprint(self, text: str) -> int:
        return simhash(text)

    def add(self, article_id: str, fp: int) -> None:
        n = len(self._ids)
        if n == len(self._fps):
            self._fps = np.concatenate([self._fps, np.zeros(n, dtype=np.uint64)])
        self._fps[n] = np.uint64(fp)
        self._ids.append(article_id)

    def candidates(self, fp: int, max_hamming: int = MAX_HAMMING) -> list[tuple[int, str]]:
        """Stored articles within ``max_hamming`` bits of ``fp``: (distance, id), closest first."""
        n = len(self._ids)
        if n == 0:
            return []
        dist = np.bitwise_count(self._fps[:n] ^ np.uint64(fp))
        near = np.flatnonzero(dist <= max_hamming)
        return sorted((int(dist[i]), self._ids[i]) for i in near)

    def find(self, fp: int, text: str | None = None, text_of: Callable[[str], str] | None = None) -> str | None:
        """The id of the stored original this text is a copy of, or None.

        With ``text`` and ``text_of`` (id -> stored text), each candidate is confirmed by shingle
        resemblance; without them the closest candidate is taken on its fingerprint alone.
        """
        for _distance, candidate in self.candidates(fp):
            if text is None or text_of is None or resemblance(text, text_of(candidate)) >= MIN_RESEMBLANCE:
                return candidate
        return None
