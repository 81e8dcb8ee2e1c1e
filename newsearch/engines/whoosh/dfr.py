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
    if not doc_frequency:
        return [0.0] * len(weights)
    idf = math.log2((doc_count + 1) / (doc_frequency + 0.5))
    after = (frequency + 1) / doc_frequency  # the B after-effect's (F + 1) / n
    ratio = c * (avgfl or 1)
    scores = []
    for tf, length in zip(weights, lengths):
        tfn = tf * math.log2(1 + ratio / (length or 1))
        scores.append(after * tfn * idf / (tfn + 1))
    return scores


class InB2(scoring.BM25F):
    """InB2 for a field's words (Whoosh's matcher path; termscore reads `term_scores` through
    `list_scores`). K1 and B are kept for BM25F over combined fields."""

    def __init__(self, c: float = C, B: float = 0.75, K1: float = 1.2, **kwargs):
        super().__init__(B=B, K1=K1, **kwargs)
        self.c = c

    def list_scores(self, weights, lengths, avgfl, doc_count, doc_frequency, frequency) -> list[float]:
        """The scores of a whole posting list (format/postings.py)."""
        return term_scores(weights, lengths, avgfl, doc_count, doc_frequency, frequency, self.c)

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        return InB2Scorer(searcher, fieldname, text, self.c)


class InB2Scorer(scoring.WeightLengthScorer):
    """Whoosh's per-posting InB2 (the same figures as `term_scores`)."""

    def __init__(self, searcher, fieldname, text, c: float):
        parent = searcher.get_parent()
        self.stats = (parent.avg_field_length(fieldname), parent.doc_count_all(),
                      parent.doc_frequency(fieldname, text), parent.frequency(fieldname, text), c)
        self.setup(searcher, fieldname, text)

    def _score(self, weight, length):
        avgfl, doc_count, doc_frequency, frequency, c = self.stats
        return term_scores([weight], [length], avgfl, doc_count, doc_frequency, frequency, c)[0]
