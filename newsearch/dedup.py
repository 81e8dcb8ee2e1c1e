"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH lookups.

Broder's MinHash estimates the Jaccard similarity of two texts' shingle sets from the share of
equal signature slots; splitting a signature into bands (LSH) finds candidate pairs without
comparing every pair. 16 bands of 4 rows make pairs above ~0.5 Jaccard likely candidates; a
candidate joins a cluster only when the estimated similarity reaches SAME_STORY.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

SHINGLE_WORDS = 3
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
# Syndicated copies and light edits of one story share most 3-word shingles; different stories
# on one topic share few. Measured in bench/duplicates.py.
SAME_STORY = 0.6
MIN_SHINGLES = 8

_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(20210623)  # fixed: signatures are stored in the index
# Multiply-shift universal hashing of 32-bit shingle hashes into 32-bit values.
_MULTIPLIERS = (_rng.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) | np.uint64(1))
_ADDENDS = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text, or None when it is too short to compare reliably."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles))
    with np.errstate(over="ignore"):
        mixed = (hashes[:, None] * _MULTIPLIERS[None, :] + _ADDENDS[None, :]) >> np.uint64(32)
    return mixed.min(axis=0).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[str]:
    """One key per band; two texts sharing any key are candidates."""
    rows = sig.reshape(BANDS, ROWS)
    return [f"{band:x}.{zlib.crc32(rows[band].tobytes()):08x}" for band in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def encode(sig: np.ndarray) -> str:
    return sig.astype("<u4").tobytes().hex()


def decode(text: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(text), dtype="<u4").astype(np.uint32)
