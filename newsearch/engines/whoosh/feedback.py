"""Pseudo-relevance feedback (RM3): words common to the best first-pass matches re-rank the rest.

RM3 (Lavrenko & Croft's relevance model, interpolated with the query as in Abdul-Jaleel et al.,
2004, and Anserini's defaults): the top FEEDBACK_DOCS articles of the user's query each vote for
their words in proportion to the word's share of the article (P(w|d)) and the article's share of
the first-pass score (P(d|q)); the FEEDBACK_TERMS words with the most votes form a feedback query
whose weights sum to one. The final query is `ORIGINAL_WEIGHT` × the original query (its words
weighted 1/|q| each) plus `1 - ORIGINAL_WEIGHT` × the feedback query. Feedback only re-ranks
(AndMaybe): which articles match, and how many, is the user's query alone. The query must run
through searcher._scored_search: Whoosh's own optimize=False collector loses AndMaybe's matches.

Off by default (`search(feedback=True)` and `--feedback` ask for it), and gentle: the top 5
articles, 5 feedback words, the original query keeping 0.9 of the weight. Anserini's RM3 (10
articles, 20 words, 0.5) raised nDCG@10 and MAP on CISI, MED and Cranfield (+5% to +10%) and lowered
them on CACM (-10%); this one raises them less there (+3.5% to +4.8%) and costs CACM 1.9%. Neither
helps on every development collection, so neither is on by default (issue 17,
bench/results/relevance-loco.md).
"""

from __future__ import annotations

import json
from collections import Counter

from .queryparse import UNFIELDED_WEIGHTS, body_stems, plain_words
from .schema import query

FEEDBACK_DOCS = 5
FEEDBACK_TERMS = 5
ORIGINAL_WEIGHT = 0.9
# Stemmed fields the feedback words are searched in (the exact twins would count them twice).
FEEDBACK_FIELDS = ("title", "body")
# A feedback word must occur in at least this many articles: a word only one article has says
# nothing about the others.
MIN_DOC_FREQUENCY = 2
# Nor does a word most articles have ("said", "year"): its BM25 weight is small, and its postings
# are the longest to read. 1.0 keeps every word.
MAX_DOC_SHARE = 1.0
MIN_WORD_LENGTH = 3
# Feedback serves descriptive queries: expansion helps verbose requests and hurts short, precise
# ones (a name, two keywords), and it multiplies a query's cost by 4-20 on large indexes
# (bench/results/perf.md). So it runs for queries of at least this many distinct words.
MIN_QUERY_WORDS = 4
# Selective feedback (issue 17, bench/results/relevance-rank4.md): expand only when at least this
# share of the chosen feedback words are words of the query itself, i.e. the best first matches are
# about what was asked. 0.0 always expands (the default: the folds do not choose the gate, because
# feedback helps every query type on three collections and the gate cannot learn CACM's losses).
MIN_QUERY_OVERLAP = 0.0
# P(w|d) = tf / (|d| + DOCUMENT_LENGTH_PRIOR): a title-only article's few words would each carry a
# large share of its vote, so short articles pull the model towards their accidental words. 0.0 is
# RM3's plain maximum-likelihood estimate (the default: the prior halves CACM's loss to full RM3
# but still leaves it below no feedback).
DOCUMENT_LENGTH_PRIOR = 0.0


def applies(parsed) -> bool:
    """Whether feedback re-ranks `parsed`: a plain word query of MIN_QUERY_WORDS distinct stems."""
    return plain_words(parsed) and len(body_stems(parsed)) >= MIN_QUERY_WORDS


def expanded(searcher, parsed, first_pass):
    """`parsed`, re-ranked by RM3 feedback words that it does not require (or `parsed` itself).

    `first_pass(query, limit)` gives the best (score, stored fields) of a query."""
    if not applies(parsed):
        return parsed
    query_stems = body_stems(parsed)
    top = first_pass(parsed, FEEDBACK_DOCS)
    if len(top) < 2:
        return parsed
    model = relevance_model(searcher, top)
    reader = searcher.reader()
    most = MAX_DOC_SHARE * reader.doc_count_all()
    chosen = [(weight, stem) for weight, stem in model
              if MIN_DOC_FREQUENCY <= reader.doc_frequency("body", stem) <= most][:FEEDBACK_TERMS]
    total = sum(weight for weight, _ in chosen)
    if not total or query_overlap(chosen, query_stems) < MIN_QUERY_OVERLAP:
        return parsed
    # Original words weigh ORIGINAL_WEIGHT / |q| each; scale both sides by |q| / ORIGINAL_WEIGHT so
    # the original query keeps its own scores and only the feedback clauses carry a new weight.
    scale = (1 - ORIGINAL_WEIGHT) / ORIGINAL_WEIGHT * len(query_stems) / total
    clauses = [
        query.Term(fieldname, stem, boost=scale * weight * UNFIELDED_WEIGHTS[fieldname])
        for weight, stem in chosen
        for fieldname in FEEDBACK_FIELDS
    ]
    return query.AndMaybe(parsed, query.Or(clauses))


def query_overlap(chosen, query_stems) -> float:
    """The share of the chosen feedback words (weight, stem) that the query itself asks for."""
    asked = set(query_stems)
    return sum(1 for _, stem in chosen if stem in asked) / len(chosen) if chosen else 0.0


def relevance_model(searcher, top) -> list[tuple[float, str]]:
    """(P(w|R), stem) for the words of the `top` (score, stored fields), best first:
    Σ_d P(w|d) · P(d|q)."""
    analyzer = searcher.schema["body"].analyzer
    total_score = sum(max(score, 0.0) for score, _ in top) or 1.0
    weights: Counter = Counter()
    for score, fields in top:
        data = json.loads(fields["data"])
        stems = [token.text for token in analyzer(data.get("title", "") + "\n" + data.get("body", ""))]
        if not stems:
            continue
        share = max(score, 0.0) / total_score / (len(stems) + DOCUMENT_LENGTH_PRIOR)
        for stem, count in Counter(stems).items():
            if len(stem) >= MIN_WORD_LENGTH and stem.isalpha():
                weights[stem] += count * share
    return sorted(((weight, stem) for stem, weight in weights.items()), reverse=True)
