"""Near-duplicate detection with 64-bit SimHash over word shingles.

Syndicated copies of one article differ by a headline, a credit line or a
reordered paragraph; their SimHash fingerprints differ in only a few bits,
while distinct articles differ in about half of the 64 bits.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from ..model import normalise_text

if TYPE_CHECKING:
    from ..store import Store

#: Words per shingle: 3 keeps a reordered paragraph's shingles intact while staying specific to the text.
SHINGLE_WORDS = 3

#: Largest Hamming distance (of 64 bits) still called a near duplicate. Copies with a changed
#: headline or an added credit line land at 0-6 bits; distinct news articles rarely come under 12.
#: The value is measured on perturbed BBC copies (see BENCHMARKS.md).
MAX_HAMMING = 6

#: The fingerprint is cut into this many bands for look-up; with MAX_HAMMING + 1 bands, any two
#: fingerprints within MAX_HAMMING bits share at least one whole band (pigeonhole).
BANDS = MAX_HAMMING + 1

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> list[str]:
    words = _WORD.findall(normalise_text(text).casefold())
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


_BIT_SHIFTS = np.arange(64, dtype=np.uint64)


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


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def encode(fingerprint: int) -> str:
    return f"{fingerprint:016x}"


def decode(text: str) -> int:
    return int(text, 16)


def _bands(fp: int) -> list[tuple[int, int]]:
    width = 64 // BANDS + (1 if 64 % BANDS else 0)
    mask = (1 << width) - 1
    return [(i, (fp >> (i * width)) & mask) for i in range(BANDS)]


class NearDuplicateIndex:
    """Banded SimHash index: look-up cost does not grow with the number of articles beyond a hash probe."""

    def __init__(self) -> None:
        self._fps: dict[str, int] = {}
        self._bands: dict[tuple[int, int], list[str]] = defaultdict(list)

    @classmethod
    def from_store(cls, store: Store) -> NearDuplicateIndex:
        index = cls()
        for article_id, fp in store.db.execute(
            "SELECT id, fingerprint FROM articles WHERE fingerprint IS NOT NULL AND duplicate_of IS NULL"
        ):
            index.add(article_id, decode(fp))
        return index

    def fingerprint(self, text: str) -> int:
        return simhash(text)

    def add(self, article_id: str, fp: int) -> None:
        self._fps[article_id] = fp
        for band in _bands(fp):
            self._bands[band].append(article_id)

    def find(self, fp: int) -> str | None:
        """The id of the closest stored article within MAX_HAMMING bits, or None."""
        best: tuple[int, str] | None = None
        for band in _bands(fp):
            for candidate in self._bands.get(band, ()):
                d = hamming(fp, self._fps[candidate])
                if d <= MAX_HAMMING and (best is None or d < best[0]):
                    best = (d, candidate)
        return best[1] if best else None
