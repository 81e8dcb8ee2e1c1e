"""Index fields and analyzers: every word is kept twice, stemmed and exact.

Porter stemming turns "Hlaing" into "hla" and stop lists drop "Yet" (as in Um Yet) and "May", so
each prose field has an `_exact` twin (lower-cased, accent-folded, no stemming, no stop words).
A query searches both; a document matching the exact form scores on both and ranks above one that
only shares the stem. Names (speakers, bylines, outlets) are only ever indexed exactly.
"""

from __future__ import annotations

import math
import re
import warnings

# Whoosh 2.7.4 predates Python 3.12's SyntaxWarning for invalid escapes in its sources: import
# every module we use here, once, with those warnings silenced so none reaches a user.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh import analysis, fields, index, qparser, query, scoring, searching, sorting, writing  # noqa: F401
    from whoosh.lang.porter import stem as porter_stem
    from whoosh.query import spans
    from whoosh.support.charset import accent_map

SCHEMA_VERSION = 2

# Prose fields (stemmed + exact twin), name fields (exact only), and everything else.
PROSE_FIELDS = ("title", "subtitle", "body", "subhead", "quote")
ROLES_INDEXED = ("reporter", "translator", "writer", "editor")
NAME_FIELDS = ("speaker", "author") + ROLES_INDEXED + ("source",)
OTHER_FIELDS = ("published", "path", "id")
PUBLIC_FIELDS = PROSE_FIELDS + NAME_FIELDS + OTHER_FIELDS
FACET_FIELDS = ("speaker_name", "author_name", "source_name")
EXACT_SUFFIX = "_exact"

# Fields an unfielded query term searches, with their weights: headline words say more about an
# article than body words; who is quoted and who wrote it count too.
DEFAULT_FIELD_BOOSTS = {
    "title": 1.5,
    "subtitle": 1.25,
    "subhead": 1.1,
    "body": 1.0,
    "quote": 1.2,
    "speaker": 1.5,
    "author": 1.2,
    "source": 0.8,
}
# The exact twin's weight relative to its stemmed field (both match an exact occurrence, so this
# is a bonus for the form as typed: enough to rank "elections" above "election" for that query,
# small enough not to count every word twice). Title 3.0 and exact 1.0 measured 5-20% lower
# nDCG@10/MAP on CISI, MED and Cranfield (bench/results/relevance.md) than these.
EXACT_BOOST = 0.3
STOP_WORDS = analysis.STOP_WORDS
MIN_STEMMED_LENGTH = 2


# Sentences: a full stop, question or exclamation mark, then space and a capital or digit; a line
# break always ends one. The same splitter cuts snippets (highlight.py) and spaces index positions.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
# A full stop after these (or after an initial) does not end a sentence.
ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep|Rev|St|Jr|Sr|No|Co|Corp|Inc|Ltd|vs"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|E\.U))\.$"
)
# Positions skipped between sentences, so that a proximity window shorter than this never spans
# two sentences: `a w/s b` is "within SENTENCE_GAP - 1 positions" (sentences are far shorter).
SENTENCE_GAP = 100


def sentence_spans(text: str):
    """[start, end) character spans of the sentences of `text` (each line is at least one)."""
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        for boundary in SENTENCE_END.finditer(paragraph.group()):
            if ABBREVIATION.search(paragraph.group(), max(0, boundary.start() - 8), boundary.start()):
                continue
            yield start, paragraph.start() + boundary.start()
            start = paragraph.start() + boundary.end()
        if start < paragraph.end():
            yield start, paragraph.end()


class SentenceGapTokenizer(analysis.RegexTokenizer):
    """Whoosh's word tokenizer, numbering positions so that sentences sit SENTENCE_GAP apart."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if not (positions and tokenize):
            yield from super().__call__(value, positions, chars, keeporiginal, removestops, start_pos,
                                        start_char, tokenize, mode, **kwargs)
            return
        next_pos = start_pos
        for start, end in sentence_spans(value):
            last = None
            for token in super().__call__(value[start:end], positions, chars, keeporiginal, removestops,
                                          next_pos, start_char + start, True, mode, **kwargs):
                last = token.pos
                yield token
            if last is not None:
                next_pos = last + SENTENCE_GAP


def exact_analyzer() -> analysis.Analyzer:
    """Tokens lower-cased and accent-folded, nothing dropped: names and phrases match as written."""
    return SentenceGapTokenizer() | analysis.LowercaseFilter() | analysis.CharsetFilter(accent_map)


def stemmed_analyzer() -> analysis.Analyzer:
    """Exact tokens, minus stop words, Porter-stemmed: ordinary words match their variants."""
    return (
        exact_analyzer()
        | analysis.StopFilter(stoplist=STOP_WORDS, minsize=MIN_STEMMED_LENGTH)
        | analysis.StemFilter(stemfn=porter_stem, cachesize=100_000)
    )


def stemmed_form(token: str) -> str | None:
    """The stemmed-field term for one exact token, or None where the stemmed field drops it."""
    if len(token) < MIN_STEMMED_LENGTH or token in STOP_WORDS:
        return None
    return porter_stem(token)


def exact_twin(fieldname: str) -> str | None:
    """The exact twin of a prose field, or None for fields that have none."""
    return fieldname + EXACT_SUFFIX if fieldname in PROSE_FIELDS else None


def build_schema() -> fields.Schema:
    """The newsearch schema (bump SCHEMA_VERSION whenever it changes)."""
    stemmed, exact = stemmed_analyzer(), exact_analyzer()
    spec: dict[str, fields.FieldType] = {}
    for name in PROSE_FIELDS:
        spec[name] = fields.TEXT(analyzer=stemmed, phrase=True)
        spec[name + EXACT_SUFFIX] = fields.TEXT(analyzer=exact, phrase=True)
    for name in NAME_FIELDS:
        spec[name] = fields.TEXT(analyzer=exact, phrase=True)
    # Whole values for facets, counts and grouping (names as written, one per comma-free value).
    for name in FACET_FIELDS:
        spec[name] = fields.KEYWORD(commas=True, lowercase=False, scorable=False)
    spec["year"] = fields.ID(sortable=True)
    spec["month"] = fields.ID(sortable=True)
    # Near-duplicate cluster: articles sharing one are copies of each other (see indexer).
    spec["cluster"] = fields.ID(stored=True, sortable=True)
    # MinHash LSH band keys (newsearch.dedup): how a new article finds its near-duplicates.
    spec["minhash"] = fields.KEYWORD(scorable=False)
    spec["published"] = fields.ID(stored=True, sortable=True)
    spec["path"] = fields.ID(stored=True)
    spec["id"] = fields.ID(stored=True, unique=True, sortable=True)
    # The whole article as JSON: results and `show` read this one value, not a dozen fields.
    spec["data"] = fields.STORED()
    return fields.Schema(**spec)


class _BM25F(scoring.BM25F):
    """Whoosh's per-field BM25 with the usual BM25 IDF, log(1 + (N - n + 0.5) / (n + 0.5)).

    Whoosh's own IDF, log(N / (n + 1)) + 1, never falls below 1: a word in every article ("the",
    "what", kept by the exact twins) then weighs about a third of a rare one, and long queries
    drown in them. The standard form (Robertson-Sparck Jones, as in Lucene) takes such words to ~0.
    """

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))


def weighting() -> scoring.WeightingModel:
    """BM25F; titles are short and should not be penalised for length much."""
    return _BM25F(B=0.75, K1=1.2, title_B=0.3, title_exact_B=0.3, subhead_B=0.3, subhead_exact_B=0.3)
