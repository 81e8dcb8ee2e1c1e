"""Index fields and analyzers: every word is kept twice, stemmed and exact.

Stemming turns "Hlaing" into "hla" and stop lists drop "Yet" (as in Um Yet) and "May", so
each prose field has an `_exact` twin (lower-cased, accent-folded, no stemming, no stop words).
A query searches both; a document matching the exact form scores on both and ranks above one that
only shares the stem. Names (speakers, bylines, outlets) are only ever indexed exactly.
"""

from __future__ import annotations

import math
import pickle
import re
import warnings

from ...deferred import deferred_modules

# Whoosh imports modules at start-up for functions a query never calls: urllib.request (with
# http.client, email, ssl: 15-90 ms) to re-export `urlretrieve`, hashlib (OpenSSL, ~3 ms) for the
# MD5 of term tables newsearch hashes with CRC32, its English morphology (~5 ms of regular
# expressions) for Variations queries, and html (~1 ms) for its HTML highlighter.
with deferred_modules("urllib.request", "hashlib", "whoosh.lang.morph_en", "html"):
    # Whoosh 2.7.4 predates Python 3.12's SyntaxWarning for invalid escapes in its sources: import
    # every module we use here, once, with those warnings silenced so none reaches a user.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        from whoosh import analysis, fields, index, qparser, query, scoring, searching, sorting, writing  # noqa: F401
        from whoosh.codec import whoosh3  # noqa: F401  (the segment format, read by every query)
        from whoosh.lang.porter import stem as porter_stem
        from whoosh.query import spans
        from whoosh.support.charset import accent_map
        from whoosh.filedb.filestore import FileStorage
        from whoosh.filedb.structfile import StructFile
        from whoosh.system import pack_uint

from . import analysis as scripts  # noqa: E402  (after Whoosh: it uses Whoosh's Porter stemmer for some scripts)
from .analysis import ABBREVIATION, SENTENCE_END, SENTENCE_GAP, positioned_words, sentence_spans  # noqa: E402,F401
from .dfr import InB2  # noqa: E402  (after Whoosh, whose scoring it extends)

SCHEMA_VERSION = 5  # 5: English words stemmed by Snowball (Porter2), not Porter; 4: words of unspaced scripts segmented, marks kept in words, `language`; 3: no `minhash`
# What a rebuild brings, told when an older index is opened (its words would silently not match).
SCHEMA_CHANGES = {4: "words of scripts written without spaces are now segmented and each article has a language",
                  5: "English words are now stemmed with Snowball's English stemmer (Porter2) instead of Porter"}

# Prose fields (stemmed + exact twin), name fields (exact only), and everything else.
PROSE_FIELDS = ("title", "subtitle", "body", "subhead", "quote")
ROLES_INDEXED = ("reporter", "translator", "writer", "editor")
NAME_FIELDS = ("speaker", "author") + ROLES_INDEXED + ("source",)
OTHER_FIELDS = ("published", "path", "id", "language")
PUBLIC_FIELDS = PROSE_FIELDS + NAME_FIELDS + OTHER_FIELDS
FACET_FIELDS = ("speaker_name", "author_name", "source_name")
EXACT_SUFFIX = "_exact"

# The fields an unfielded query term searches; the weight of each is querynames.UNFIELDED_WEIGHTS
# (every field 1.0, quotations 0: chosen leave-one-collection-out in issue 17).
UNFIELDED_FIELDS = ("title", "subtitle", "subhead", "body", "quote", "speaker", "author", "source")
# The exact twin's weight relative to its stemmed field (both match an exact occurrence, so this
# is a bonus for the form as typed: enough to rank "elections" above "election" for that query,
# small enough not to count every word twice). Title 3.0 and exact 1.0 measured 5-20% lower
# nDCG@10/MAP on CISI, MED and Cranfield (bench/results/relevance.md) than these.
EXACT_BOOST = 0.3
STOP_WORDS = analysis.STOP_WORDS
MIN_STEMMED_LENGTH = 2


class SentenceGapTokenizer(analysis.RegexTokenizer):
    """Whoosh's word tokenizer, numbering positions so that sentences sit SENTENCE_GAP apart.

    Runs of unspaced scripts come out character by character (`clusters`: the exact fields, where
    a typed phrase is then found wherever it occurs, cut at any character) or as ICU's words (the
    stemmed fields, which score by words: WordTokenizer).
    """

    clusters = True

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if tokenize and scripts.needs_analysis(value):
            yield from self._script_tokens(value, positions, chars, keeporiginal, removestops, start_pos,
                                           start_char, mode, **kwargs)
            return
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

    def _script_tokens(self, value, positions, chars, keeporiginal, removestops, start_pos, start_char, mode,
                       **kwargs):
        """Tokens of a text in any script (analysis.words), sentences SENTENCE_GAP apart."""
        token = analysis.Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, start, end in positioned_words(value, start_pos, self.clusters):
            token.text = scripts.term_text(value[start:end])
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class WordTokenizer(SentenceGapTokenizer):
    """SentenceGapTokenizer with unspaced runs cut into ICU's words."""

    clusters = False


def exact_analyzer() -> analysis.Analyzer:
    """Tokens lower-cased and accent-folded, nothing dropped: names and phrases match as written."""
    return SentenceGapTokenizer() | analysis.LowercaseFilter() | analysis.CharsetFilter(accent_map)


def stemmed_analyzer() -> analysis.Analyzer:
    """Exact tokens, minus stop words, stemmed (analysis.stem): ordinary words match their variants."""
    return (
        WordTokenizer()
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
        | scripts.ScriptStopFilter(stoplist=STOP_WORDS, minsize=MIN_STEMMED_LENGTH)
        | analysis.StemFilter(stemfn=scripts.stem, cachesize=100_000)
    )


def exact_form(word: str) -> str:
    """The exact-field term of one token as written (lower-cased, accent-folded), remembered."""
    term = _exact_forms.get(word)
    if term is None:
        if len(_exact_forms) > _CACHE_LIMIT:
            _exact_forms.clear()
        term = _exact_forms[word] = scripts.term_text(word).lower().translate(accent_map)
    return term


def stemmed_form(token: str) -> str | None:
    """The stemmed-field term for one exact token, or None where the stemmed field drops it
    (remembered: the indexer and the snippet highlighter ask for the same words again and again)."""
    stemmed = _stemmed_forms.get(token, _UNKNOWN)
    if stemmed is _UNKNOWN:
        if len(_stemmed_forms) > _CACHE_LIMIT:
            _stemmed_forms.clear()
        dropped = (len(token) < MIN_STEMMED_LENGTH and not scripts.unspaced(token)) or token in STOP_WORDS
        stemmed = _stemmed_forms[token] = None if dropped else scripts.stem(token)
    return stemmed


def exact_twin(fieldname: str) -> str | None:
    """The exact twin of a prose field, or None for fields that have none."""
    return fieldname + EXACT_SUFFIX if fieldname in PROSE_FIELDS else None


# The tokenizer's word pattern (Whoosh's default, without its capturing group).
_WORD = re.compile(r"\w+(?:\.?\w+)*")
_CACHE_LIMIT = 200_000  # distinct raw tokens / exact terms remembered (a few tens of MB at most)
_exact_forms: dict[str, str] = {}
_stemmed_forms: dict[str, str | None] = {}
_last_tokens: tuple[str | None, list] = (None, [])
_UNKNOWN = object()


def exact_tokens(text: str) -> list[tuple[str, int]]:
    """(term, position) of every token `exact_analyzer` makes of `text`, in order, at index time.

    The same terms and positions as the analyzer chain (tests/test_perf_equivalence.py checks it)
    without a generator and a Token object per filter per word. A prose field and its exact twin
    hold the same string object, so the second of them reuses the first's tokens.
    """
    global _last_tokens
    if _last_tokens[0] is text:
        return _last_tokens[1]
    if len(_exact_forms) > _CACHE_LIMIT:
        _exact_forms.clear()
    forms, tokens, pos = _exact_forms, [], 0
    if scripts.needs_analysis(text):
        tokens = [(exact_form(text[a:b]), p) for p, a, b in positioned_words(text, clusters=True)]
        _last_tokens = (text, tokens)
        return tokens
    for start, end in sentence_spans(text):
        words = _WORD.findall(text, start, end)
        for offset, word in enumerate(words):
            term = forms.get(word)
            if term is None:
                term = forms[word] = word.lower().translate(accent_map)
            tokens.append((term, pos + offset))
        if words:
            pos += len(words) - 1 + SENTENCE_GAP
    _last_tokens = (text, tokens)
    return tokens


def stemmed_tokens(text: str) -> list[tuple[str, int]]:
    """(term, position) of every token `stemmed_analyzer` keeps of `text`, at index time.

    Whoosh's StopFilter renumbers the words it keeps consecutively from the first one's position
    (so the stemmed fields carry no sentence gaps); this does the same.
    """
    tokens, pos, known = [], None, _stemmed_forms
    if scripts.needs_analysis(text):
        pairs = [(exact_form(text[a:b]), p) for p, a, b in positioned_words(text)]
    else:
        pairs = exact_tokens(text)
    for term, position in pairs:
        stemmed = known.get(term, _UNKNOWN)
        if stemmed is _UNKNOWN:
            stemmed = stemmed_form(term)
        if stemmed is None:
            continue
        pos = position if pos is None else pos + 1
        tokens.append((stemmed, pos))
    return tokens


class AnalyzedText(fields.TEXT):
    """A TEXT field (positions kept) that indexes through exact_tokens/stemmed_tokens.

    Queries, highlights and `tokenize` still go through `analyzer`; only indexing takes the
    one-pass route, which yields exactly what TEXT.index would (same terms, counts, positions).
    """

    def __init__(self, analyzer, stemmed: bool):
        super().__init__(analyzer=analyzer, phrase=True)
        self.stemmed = stemmed

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost, known = self.format.field_boost, _term_bytes
        for term, poslist in self._positions(value).items():
            tbytes = known.get(term) or _term_bytes_of(term)
            yield tbytes, len(poslist), len(poslist) * boost, _encoded_positions(poslist)

    def postings(self, value) -> tuple[int, list[tuple[bytes, float, bytes]]]:
        """(length, [(term bytes, weight, encoded positions)]): what `index` yields, as the
        writer takes it (codec.field_postings), without a generator."""
        if not isinstance(value, str):
            length, postings = 0, []
            for tbytes, freq, weight, vbytes in super().index(value):
                length += freq
                postings.append((tbytes, weight, vbytes))
            return length, postings
        boost, length, postings = self.format.field_boost, 0, []
        known, single = _term_bytes, _single_position
        for term, poslist in self._positions(value).items():
            tbytes = known.get(term) or _term_bytes_of(term)
            count = len(poslist)
            length += count
            encoded = single.get(poslist[0]) if count == 1 else None
            postings.append((tbytes, count * boost, encoded or _encoded_positions(poslist)))
        return length, postings

    def _positions(self, value: str) -> dict[str, list[int]]:
        """Each term of a text with its positions, in order of first occurrence."""
        positions: dict[str, list[int]] = {}
        for term, pos in (stemmed_tokens(value) if self.stemmed else exact_tokens(value)):
            found = positions.get(term)
            if found is None:
                positions[term] = [pos]
            else:
                found.append(pos)
        return positions


_term_bytes: dict[str, bytes] = {}


def _term_bytes_of(term: str) -> bytes:
    if len(_term_bytes) > _CACHE_LIMIT:
        _term_bytes.clear()
    tbytes = _term_bytes[term] = term.encode("utf-8")
    return tbytes


def _encoded_positions(poslist: list[int]) -> bytes:
    if len(poslist) == 1:  # most postings: their encodings are few and repeat
        encoded = _single_position.get(poslist[0])
        if encoded is None:
            encoded = _single_position[poslist[0]] = _encode_positions(poslist)
        return encoded
    return _encode_positions(poslist)


_single_position: dict[int, bytes] = {}


def _encode_positions(poslist: list[int]) -> bytes:
    """Whoosh's Positions.encode: a count, then the pickled position deltas."""
    deltas, base = [], 0
    for pos in poslist:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


def build_schema() -> fields.Schema:
    """The newsearch schema (bump SCHEMA_VERSION whenever it changes)."""
    stemmed, exact = stemmed_analyzer(), exact_analyzer()
    spec: dict[str, fields.FieldType] = {}
    for name in PROSE_FIELDS:
        spec[name] = AnalyzedText(stemmed, stemmed=True)
        spec[name + EXACT_SUFFIX] = AnalyzedText(exact, stemmed=False)
    for name in NAME_FIELDS:
        spec[name] = AnalyzedText(exact, stemmed=False)
    # Whole values for facets, counts and grouping (names as written, one per comma-free value).
    for name in FACET_FIELDS:
        spec[name] = fields.KEYWORD(commas=True, lowercase=False, scorable=False)
    spec["year"] = fields.ID(sortable=True)
    spec["month"] = fields.ID(sortable=True)
    # Near-duplicate cluster: articles sharing one are copies of each other (see indexer).
    spec["cluster"] = fields.ID(stored=True, sortable=True)
    spec["published"] = fields.ID(stored=True, sortable=True)
    # ISO 639-1 code of the article's language (parsing.language): a query field and a facet.
    spec["language"] = fields.ID(sortable=True, analyzer=analysis.IDTokenizer() | analysis.LowercaseFilter())
    spec["path"] = fields.ID(stored=True)
    spec["id"] = fields.ID(stored=True, unique=True, sortable=True)
    # The whole article as JSON: results and `show` read this one value, not a dozen fields.
    spec["data"] = fields.STORED()
    return fields.Schema(**spec)


class BM25(scoring.BM25F):
    """Whoosh's per-field BM25 with the usual BM25 IDF, log(1 + (N - n + 0.5) / (n + 0.5)).

    Whoosh's own IDF, log(N / (n + 1)) + 1, never falls below 1: a word in every article ("the",
    "what", kept by the exact twins) then weighs about a third of a rare one, and long queries
    drown in them. The standard form (Robertson-Sparck Jones, as in Lucene) takes such words to ~0.
    """

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        return rsj_idf(parent.doc_frequency(fieldname, text), parent.doc_count_all())


def rsj_idf(doc_frequency: int, doc_count: int) -> float:
    """The BM25 (Robertson-Sparck Jones) idf of a word in `doc_frequency` of `doc_count` articles."""
    return math.log(1 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


# How a word in one field scores: "inb2" (dfr.InB2, Terrier's c = 1) or "bm25" (K1 1.2, B 0.75).
RANKING_MODEL = "bm25"


def weighting() -> scoring.WeightingModel:
    """RANKING_MODEL: InB2, or per-field BM25 with the literature's K1 1.2 and B 0.75 on every field
    (titles too: a long headline that mentions a word is less about it than a short one)."""
    return InB2() if RANKING_MODEL == "inb2" else BM25(B=0.75, K1=1.2)
