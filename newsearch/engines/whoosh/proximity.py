"""Term proximity: articles where the query's words stand close together rank higher.

The sequential dependence model (Metzler & Croft, 2005) scores each pair of adjacent query words
a second time as an unordered window of 8 positions: "information retrieval systems" favours
articles that speak of "retrieval" near "information" over those that use each word somewhere.
Here each window match adds PAIR_WEIGHT × the pair's BM25 term scores in the body; PAIR_WEIGHT is 0
by default (off, see below). Like feedback it only re-ranks (AndMaybe): which articles match, and
how many, is the user's query alone. Windows never span two sentences (the index puts sentences
SENTENCE_GAP positions apart).
"""

from __future__ import annotations

from .queryparse import UNFIELDED_WEIGHTS, Near, body_stems, plain_words
from .schema import query

WINDOW = 8  # positions; SDM's unordered window
# Off (0) by default. At 0.25 (SDM's weight) it raised nDCG@10 and MAP on MED (+1.2%) and Cranfield
# (+2.3%), left CACM as it was and lowered CISI (-0.5%), and was chosen in two of the four
# leave-one-collection-out folds; a feature is on by default only if it helps on every development
# collection (issue 17, bench/results/relevance-loco.md). A weight above 0 turns it on.
PAIR_WEIGHT = 0.0
PROXIMITY_FIELD = "body"


def pairs(parsed) -> list[tuple[str, str]]:
    """The adjacent stems of a plain word query whose nearness re-ranks it (none for phrases,
    patterns, NEAR or ranges, which say precisely what the user wants)."""
    stems = body_stems(parsed) if PAIR_WEIGHT and plain_words(parsed) else []
    return list(zip(stems, stems[1:]))


def boosted(parsed, ranked):
    """`ranked` (the query to score, `parsed` or its feedback expansion), also rewarding articles
    where adjacent words of `parsed` occur within WINDOW positions of each other."""
    weight = PAIR_WEIGHT * UNFIELDED_WEIGHTS[PROXIMITY_FIELD]
    windows = [
        Near([query.Term(PROXIMITY_FIELD, first, boost=weight), query.Term(PROXIMITY_FIELD, second, boost=weight)],
             slop=WINDOW, ordered=False)
        for first, second in pairs(parsed)
    ]
    if not windows:  # no pairs (or PAIR_WEIGHT 0: proximity off)
        return ranked
    return query.AndMaybe(ranked, query.Or(windows) if len(windows) > 1 else windows[0])
