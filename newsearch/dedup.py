"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH lookups.

Broder's MinHash estimates the Jaccard similarity of two texts' shingle sets from the share of
equal signature slots; splitting a signature into bands (LSH) finds candidate pairs without
comparing every pair. 16 bands of 4 rows make pairs above ~0.5 Jaccard likely candidates; a
candidate joins a cluster only when the estimated similarity reaches SAME_STORY.
"""

from __future__ import annotations

import re
import zipfile
import zlib

import numpy as np

SHINGLE_WORDS = 3
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
# Syndicated copies and light edits of one story share most 3-word shingles; different stories
# on one topic share few. bench/duplicates.py on Reuters (first measured on a copy of this logic):
# 0.6 joined only true pairs but found 73% of them, 0.5 found 89% at 90% precision; 0.55, with the
# band table itself: 95% precision, 83% recall.
SAME_STORY = 0.55
MIN_SHINGLES = 8

_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(20210623)  # fixed: signatures are stored in the index
# Multiply-shift universal hashing of 32-bit shingle hashes into 32-bit values.
_MULTIPLIERS = (_rng.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) | np.uint64(1))
_ADDENDS = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)


def shingles(text: str) -> set[str]:
    """The text's lower-cased word SHINGLE_WORDS-grams: what the signature estimates overlap of."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text, or None when it is too short to compare reliably."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in found), dtype=np.uint64, count=len(found))
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


class BandTable:
    """Every indexed article's signature and cluster, for finding a new article's near-duplicates.

    Kept beside the index (not as index terms: 16 near-unique band keys per article made about a
    fifth of all distinct terms and of indexing time) and saved after each commit, tagged with its
    generation like the per-file state; a table from another generation is rebuilt from the index.

    Band keys are 64-bit hashes of each band's rows, held in one sorted array (a dict of 1.7 million
    keys took ~250 MB at 100,000 articles); rows added since the last `fold` wait in a small dict.
    A shared band only makes a candidate: it joins when its signature reaches SAME_STORY.
    """

    def __init__(self, ids=(), clusters=(), sigs=None):
        self.ids: list[str | None] = list(ids)
        self.clusters: list[str] = list(clusters)
        self.sigs: list[np.ndarray] = list(sigs) if sigs is not None else []
        self.rows = {article_id: row for row, article_id in enumerate(self.ids)}
        self._keys = np.zeros(0, np.uint64)
        self._key_rows = np.zeros(0, np.int64)
        self._recent: dict[int, list[int]] = {}
        if self.sigs:
            keys = band_hashes(np.stack(self.sigs))
            self._keys, self._key_rows = _sorted_keys(keys.ravel(), np.repeat(np.arange(len(self.sigs)), BANDS))

    def add(self, article_id: str, cluster: str, sig: np.ndarray) -> None:
        self.remove(article_id)
        row = len(self.ids)
        self.ids.append(article_id)
        self.clusters.append(cluster)
        self.sigs.append(np.asarray(sig, dtype=np.uint32))
        self.rows[article_id] = row
        for key in band_hashes(self.sigs[row][None, :])[0].tolist():
            self._recent.setdefault(key, []).append(row)

    def remove(self, article_id: str) -> None:
        row = self.rows.pop(article_id, None)
        if row is not None:
            self.ids[row] = None

    def find(self, sig: np.ndarray) -> str | None:
        """The cluster of the first article sharing a band with `sig` and similar enough, else None."""
        keys = band_hashes(np.asarray(sig, dtype=np.uint32)[None, :])[0]
        starts = np.searchsorted(self._keys, keys, "left").tolist()
        candidates = []
        for key, start in zip(keys.tolist(), starts):
            rows = []
            while start < len(self._keys) and int(self._keys[start]) == key:
                rows.append(int(self._key_rows[start]))
                start += 1
            candidates.append(sorted(rows + self._recent.get(key, [])))
        for rows in candidates:
            for row in rows:
                if self.ids[row] is not None and similarity(sig, self.sigs[row]) >= SAME_STORY:
                    return self.clusters[row]
        return None

    def fold(self) -> None:
        """Move the rows added since the last fold into the sorted key array."""
        if self._recent:
            keys = np.fromiter((k for k, rows in self._recent.items() for _ in rows), np.uint64)
            rows = np.fromiter((r for rows in self._recent.values() for r in rows), np.int64)
            keys, rows = _sorted_keys(keys, rows)
            # Recent rows come after every folded one, so among equal keys they go last: merged in
            # place of a sort of everything (which took three copies of the arrays at a time).
            at = np.searchsorted(self._keys, keys, "right")
            self._keys, self._key_rows = np.insert(self._keys, at, keys), np.insert(self._key_rows, at, rows)
            self._recent = {}

    def save(self, path, generation: int) -> None:
        """Write atomically (a crash leaves the old table or the new one)."""
        import os

        self.fold()
        live = [row for row, article_id in enumerate(self.ids) if article_id is not None]
        sigs = np.stack([self.sigs[r] for r in live]) if live else np.zeros((0, PERMUTATIONS), np.uint32)
        tmp = f"{path}.tmp"
        with open(tmp, "wb") as handle:
            np.savez(handle, generation=np.int64(generation), sigs=sigs,
                     ids=np.array([self.ids[r] for r in live], dtype=str),
                     clusters=np.array([self.clusters[r] for r in live], dtype=str))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path, generation: int) -> "BandTable | None":
        """The table saved with `generation`, or None when missing, unreadable or from another commit."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["generation"]) != generation:
                    return None
                return cls(data["ids"].tolist(), data["clusters"].tolist(), list(data["sigs"]))
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None


_MIX = np.uint64(0x9E3779B97F4A7C15)


def band_hashes(sigs: np.ndarray) -> np.ndarray:
    """(n, BANDS) 64-bit keys, one per band of each signature (band number mixed in)."""
    rows = sigs.astype(np.uint64).reshape(len(sigs), BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys = np.arange(1, BANDS + 1, dtype=np.uint64)[None, :]
        for r in range(ROWS):
            keys = (keys * _MIX) ^ rows[:, :, r]
        return keys * _MIX


def _sorted_keys(keys: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((rows, keys))
    return keys[order], rows[order]
