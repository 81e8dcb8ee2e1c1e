"""InB2, a divergence-from-randomness model (Amati & van Rijsbergen, 2002), as Terrier computes it:
the ranking newsearch can use in place of BM25 (`schema.RANKING_MODEL`).

Per word in one field, with tf its frequency in the article, F its frequency in the whole field
(every article), n the articles holding it, N the articles, len and avglen the field's lengths:

    tfn   = tf * log2(1 + c * avglen / len)            (normalisation 2, c = 1: Terrier's default)
    score = (F + 1) / (n * (tfn + 1)) * tfn * log2((N + 1) / (n + 0.5))

The idf is In's (inverse document frequency); the first factor (Bernoulli after-effect, "B")
raises a word its articles repeat (F ≫ n) above one each article names once. Chosen leave-one-
collection-out over BM25 and other models at their published parameters (issue 17,
bench/results/relevance-rank5.md). InB2 subclasses Whoosh's BM25F so that what reads K1 and B
(termscore's check, BM25F over combined fields) still finds them; only a single field's word scores
differ. (Imported by schema after Whoosh is loaded: no import of schema here.)
"""

from __future__ import annotations

import math

from whoosh import scoring

C = 1.0  # Terrier's default for normalisation 2


def term_scores(weights, lengths, avgfl: float, doc_count: int, doc_frequency: int, frequency: float,
                c: float = C) -> list[float]:
    """InB2 scores of one word's postings: `weights` its frequencies, `lengths` the field lengths."""
    return [posting_score(tf, length, avgfl, doc_count, doc_frequency, frequency, c)
            for tf, length in zip(weights, lengths)]


def posting_score(tf: float, length: float, avgfl: float, doc_count: int, doc_frequency: int, frequency: float,
                  c: float = C) -> float:
    """The InB2 score of one posting (Whoosh's matcher path)."""
    if not doc_frequency:
        return 0.0
    tfn = tf * _normalisation(length, avgfl, c)
    return _after_effect(frequency, doc_frequency) * tfn * _idf(doc_count, doc_frequency) / (tfn + 1)


def coded_scores(ids, weights, codes: bytes, code_lengths, avgfl: float, doc_count: int, doc_frequency: int,
                 frequency: float, c: float = C) -> list[float]:
    """The scores of a whole posting list whose field lengths are one-byte codes (`codes[docnum]`
    indexes `code_lengths`): the normalisation is worked out once per code, not once per posting
    (the same floats as `posting_score`)."""
    if not doc_frequency:
        return [0.0] * len(weights)
    after, idf = _after_effect(frequency, doc_frequency), _idf(doc_count, doc_frequency)
    norms = [_normalisation(length, avgfl, c) for length in code_lengths]
    return [after * tfn * idf / (tfn + 1) for tfn in (w * norms[codes[d]] for d, w in zip(ids, weights))]


def _normalisation(length: float, avgfl: float, c: float) -> float:
    return math.log2(1 + c * (avgfl or 1) / (length or 1))  # Terrier's normalisation 2


def _after_effect(frequency: float, doc_frequency: int) -> float:
    return (frequency + 1) / doc_frequency  # the B after-effect's (F + 1) / n


def _idf(doc_count: int, doc_frequency: int) -> float:
    return math.log2((doc_count + 1) / (doc_frequency + 0.5))


class InB2(scoring.BM25F):
    """InB2 for a field's words (Whoosh's matcher path; termscore reads `coded_scores` through
    `list_scores`). K1 and B are kept for BM25F over combined fields."""

    def __init__(self, c: float = C, B: float = 0.75, K1: float = 1.2, **kwargs):
        super().__init__(B=B, K1=K1, **kwargs)
        self.c = c

    def list_scores(self, ids, weights, codes, code_lengths, avgfl, doc_count, doc_frequency, frequency) -> list[float]:
        """The scores of a whole posting list (format/postings.py)."""
        return coded_scores(ids, weights, codes, code_lengths, avgfl, doc_count, doc_frequency, frequency, self.c)

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        return InB2Scorer(searcher, fieldname, text, self.c)


class InB2Scorer(scoring.WeightLengthScorer):
    """Whoosh's per-posting InB2 (the same figures as `coded_scores`)."""

    def __init__(self, searcher, fieldname, text, c: float):
        parent = searcher.get_parent()
        self.stats = (parent.avg_field_length(fieldname), parent.doc_count_all(),
                      parent.doc_frequency(fieldname, text), parent.frequency(fieldname, text), c)
        self.setup(searcher, fieldname, text)

    def _score(self, weight, length):
        return posting_score(weight, length, *self.stats)
