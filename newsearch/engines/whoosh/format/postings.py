"""Posting lists read for term-at-a-time scoring (termscore): each word's docnums, scores (the ranking
model's: InB2 or BM25) and raw values (encoded positions) from every segment of an open searcher, kept with it for the rest
of the query (and a long batch's next ones), with the positions decoded on demand.

Lists are read straight from each segment's term table and blocks (blocks.list_postings), not
through Whoosh's matchers; the scores are the model's scorer's (InB2Scorer's or BM25FScorer's:
same statistics, quantised field length), computed for a whole list at once.
"""

from __future__ import annotations

import pickle
from itertools import accumulate

from .blocks import LENGTH_OF_CODE, length_codes, list_postings, prefix_keys, term_entry
from ..schema import BM25, rsj_idf
from whoosh import formats
from whoosh.system import pack_ushort

# Postings kept between the queries of one process (a long batch): ~150 bytes each with positions.
POSTINGS_KEPT = 1_000_000
_POSITIONS_KEPT = 100_000  # decoded position lists remembered by their encoding
_POSITIONS_SEEN: dict[bytes, list[int]] = {}
_CODE_OF_LENGTH_ONE = bytes([LENGTH_OF_CODE.index(1)])  # doc_field_length's default in scoring


class Postings:
    """One open searcher's posting lists (docnums, BM25 scores, raw values), field lengths and
    deleted articles, read once and kept with it."""

    @classmethod
    def of(cls, searcher) -> Postings:
        """The postings of `searcher`, made on first use and kept with it (a long batch of queries
        keeps at most POSTINGS_KEPT postings from one query to the next)."""
        postings = getattr(searcher, "_newsearch_postings", None)
        if postings is None:
            postings = searcher._newsearch_postings = cls(searcher)
        elif postings._size > POSTINGS_KEPT:
            postings._terms.clear()
            postings._values.clear()
            postings._prefixes.clear()
            postings._held.clear()
            postings._weights.clear()
            postings._norms.clear()
            postings._size = 0
            _POSITIONS_SEEN.clear()
        return postings

    def __init__(self, searcher):
        self.searcher = searcher
        self.segments = [(searcher, 0)] if searcher.is_atomic() else list(searcher.subsearchers)
        self.deleted = set()
        for sub, offset in self.segments:
            reader = sub.reader()
            if reader.has_deletions():
                self.deleted.update(offset + d for d in range(reader.doc_count_all()) if reader.is_deleted(d))
        self._terms: dict[tuple[str, str], tuple] = {}
        self._weights: dict[tuple[str, str], list[float]] = {}  # a term's raw weights (frequencies)
        self._norms: dict[tuple[str, str], list[float]] = {}  # and its length-normalised ones
        self._size = 0  # postings held in _terms
        self._values: dict[tuple[str, str], dict[int, bytes]] = {}  # docnum -> a posting's value
        self._codes: dict[str, bytes] = {}
        self._field_tables: dict[str, list[tuple]] = {}
        self._prefixes: dict[tuple[str, str], list[str]] = {}  # (field, prefix) -> its words
        self._held: dict[tuple[str, str], list[int]] = {}  # (field, word) -> the segments holding it

    def prefix_words(self, fieldname: str, prefix: str) -> list[str]:
        key = (fieldname, prefix)
        if key not in self._prefixes:
            holders: dict[str, list[int]] = {}
            schema = self.searcher.schema
            pbytes = schema[fieldname].to_bytes(prefix) if fieldname in schema else None
            for index, table, keyprefix, _, _ in self._tables(fieldname) if pbytes is not None else ():
                for tbytes in prefix_keys(table, keyprefix + pbytes):
                    holders.setdefault(tbytes[2:].decode("utf-8"), []).append(index)
            for word, segments in holders.items():
                self._held[(fieldname, word)] = segments
            self._prefixes[key] = sorted(holders)
        return self._prefixes[key]

    def everything(self) -> dict[int, float]:
        return dict.fromkeys(range(self.searcher.doc_count_all()), 1.0)

    def term(self, fieldname: str, text: str) -> tuple[list[int], list[float], list]:
        """(docnums ascending, BM25 scores, raw posting values) of a term."""
        key = (fieldname, text)
        if key not in self._terms:
            *found, self._weights[key] = self._read_term(fieldname, text)
            self._terms[key] = tuple(found)
            self._size += len(found[0])
        return self._terms[key]

    def normalised(self, fieldname: str, text: str) -> tuple[list[int], list[float]]:
        """(docnums ascending, frequencies divided by BM25's length normaliser) of a term: what
        BM25F sums over fields before saturating (combined.py), the per-posting expression's floats:
        weight / ((1 - b) + b * length / avgfl)."""
        key = (fieldname, text)
        ids = self.term(fieldname, text)[0]
        if key not in self._norms:
            weights = self._weights[key]
            if not ids or not self.searcher.schema[fieldname].scorable:
                self._norms[key] = [float(w) for w in weights]
            else:
                weighting = self.searcher.weighting
                b = weighting._field_B.get(fieldname, weighting.B)
                avgfl = self.searcher.avg_field_length(fieldname) or 1
                normaliser = [(1 - b) + b * length / avgfl for length in LENGTH_OF_CODE]
                codes = self._length_codes(fieldname)
                self._norms[key] = [w / normaliser[codes[d]] for d, w in zip(ids, weights)]
        return ids, self._norms[key]

    def positions(self, fieldname: str, text: str, docnums: list[int]) -> list[list[int]]:
        """The word's positions in each of `docnums` (ascending; [] where it does not occur)."""
        key = (fieldname, text)
        value_of = self._values.get(key)
        if value_of is None:
            ids, _, values = self.term(fieldname, text)
            value_of = self._values[key] = dict(zip(ids, values))
        found = list(map(value_of.get, docnums))  # None where the word is absent
        field_format = self.searcher.schema[fieldname].format
        if type(field_format) is not formats.Positions:
            decode = field_format.decode_positions
            return [decode(value) if value is not None else [] for value in found]
        # Most values were decoded before (see _decoded_positions): look them all up in C first.
        known = map(_POSITIONS_SEEN.get, found)
        return [places if places is not None else _decoded_positions(value) if value is not None else []
                for places, value in zip(known, found)]

    def _read_term(self, fieldname: str, text: str):
        schema = self.searcher.schema
        if fieldname not in schema:
            return [], [], [], []
        try:
            term = schema[fieldname].to_bytes(text)
        except ValueError:
            return [], [], [], []
        ids, weights, values = [], [], []
        doc_frequency, frequency = 0, 0.0  # articles holding the term, its total weight (all of them)
        fixedsize = schema[fieldname].format.fixed_value_size()
        held = self._held.get((fieldname, text))
        for index, table, prefix, postfile, offset in self._tables(fieldname):
            if held is not None and index not in held:
                continue
            # One lookup in the segment's term table serves the match, the count and the postings
            # (reader.__contains__, doc_frequency and matcher would each look the term up again),
            # and the list is decoded straight from the entry and the blocks (Whoosh's term info
            # objects and matchers cost more than the decoding on an index of many segments).
            entry = table.get(prefix + term)
            if entry is None:
                continue
            head, rest = term_entry(entry)
            doc_frequency += head[2]
            frequency += head[1]
            list_ids, list_weights, list_values = list_postings(postfile, head, rest, fixedsize, offset)
            ids.extend(list_ids)
            weights.extend(list_weights)
            values.extend(list_values)
        if not ids:
            return [], [], [], []
        if not schema[fieldname].scorable:  # Whoosh scores such a field (ids, dates) by the weight
            return ids, [float(w) for w in weights], values, weights
        weighting = self.searcher.weighting
        if hasattr(weighting, "list_scores"):  # another model than BM25 (dfr.InB2), the same statistics
            scores = weighting.list_scores(ids, weights, self._length_codes(fieldname), LENGTH_OF_CODE,
                                           self.searcher.avg_field_length(fieldname),
                                           self.searcher.doc_count_all(), doc_frequency, frequency)
            return ids, scores, values, weights
        # BM25FScorer's figures: idf and average length from the whole index, the field's B.
        idf = (rsj_idf(doc_frequency, self.searcher.doc_count_all()) if type(weighting) is BM25
               else self.searcher.idf(fieldname, term))
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        b, k1 = weighting._field_B.get(fieldname, weighting.B), weighting.K1
        codes, k1_plus_1 = self._length_codes(fieldname), k1 + 1
        # BM25's length normaliser for each of the 256 length codes, computed as the per-posting
        # expression computes it (the same floats): k1 * ((1 - b) + b * length / avgfl).
        normaliser = [k1 * ((1 - b) + b * length / avgfl) for length in LENGTH_OF_CODE]
        scores = [idf * ((w * k1_plus_1) / (w + normaliser[codes[d]])) for d, w in zip(ids, weights)]
        return ids, scores, values, weights

    def _tables(self, fieldname: str) -> list[tuple]:
        """(segment index, term table, the field's key prefix, postings file, first docnum) of
        each segment holding terms of the field: worked out once per field, as a word is looked up
        in every segment (~450 times a word on an index of 53 segments)."""
        if fieldname not in self._field_tables:
            scorable, tables = self.searcher.schema[fieldname].scorable, []
            for index, (sub, offset) in enumerate(self.segments):
                reader = sub.reader()
                terms = getattr(reader, "_terms", None)  # an empty index's reader has none
                number = terms._fieldmap.get(fieldname) if terms is not None else None
                # A scored field without text in the segment (most articles fill few of the
                # searched fields); unscored fields keep no lengths to tell.
                if number is None or (scorable and not reader.field_length(fieldname)):
                    continue
                tables.append((index, terms._tindex, pack_ushort(number), terms._postfile, offset))
            self._field_tables[fieldname] = tables
        return self._field_tables[fieldname]

    def _length_codes(self, fieldname: str) -> bytes:
        """The one-byte length code of every article's field (what doc_field_length decodes)."""
        if fieldname not in self._codes:
            self._codes[fieldname] = b"".join(
                length_codes(sub.reader(), fieldname, sub.reader().doc_count_all(), _CODE_OF_LENGTH_ONE)
                for sub, _ in self.segments)
        return self._codes[fieldname]


def _decoded_positions(value: bytes) -> list[int]:
    """Whoosh's Positions.decode_positions (a count, then the pickled gaps), summed in C, and
    remembered: most postings hold one or two positions, whose encodings repeat across articles.
    (Callers only read the lists.)"""
    found = _POSITIONS_SEEN.get(value)
    if found is None:
        if len(_POSITIONS_SEEN) >= _POSITIONS_KEPT:
            _POSITIONS_SEEN.clear()
        gaps = pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")
        found = _POSITIONS_SEEN[value] = list(accumulate(gaps))
    return found
