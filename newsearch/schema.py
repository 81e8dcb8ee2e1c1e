"""Index fields and analyzers: every word is kept twice, stemmed and exact.

Porter stemming turns "Hlaing" into "hla" and stop lists drop "Yet" (as in Um Yet) and "May", so
each prose field has an `_exact` twin (lower-cased, accent-folded, no stemming, no stop words).
A query searches both; a document matching the exact form scores on both and ranks above one that
only shares the stem. Names (speakers, bylines, outlets) are only ever indexed exactly.
"""

from __future__ import annotations

import math
import pickle
import zlib
from array import array
from itertools import groupby
import re
import sys
import types
import warnings


def _urlretrieve_unavailable(*args, **kwargs):
    raise RuntimeError("urllib.request was stubbed out while Whoosh was imported")


# Whoosh 2.7.4 predates Python 3.12's SyntaxWarning for invalid escapes in its sources: import
# every module we use here, once, with those warnings silenced so none reaches a user.
# whoosh.compat imports urllib.request (and with it http.client, email, ssl: 15-90 ms of every
# query's start-up) only to re-export `urlretrieve`, which nothing here calls. While Whoosh imports,
# a stub stands in for urllib.request; it is removed straight after, so a later real
# `import urllib.request` anywhere loads the real module.
_stub_urllib = "urllib.request" not in sys.modules
if _stub_urllib:
    sys.modules["urllib.request"] = types.ModuleType("urllib.request")
    sys.modules["urllib.request"].urlretrieve = _urlretrieve_unavailable
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        from whoosh import analysis, fields, index, qparser, query, scoring, searching, sorting, writing  # noqa: F401
        from whoosh.lang.porter import stem as porter_stem
        from whoosh.query import spans
        from whoosh.support.charset import accent_map
        from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
        from whoosh.filedb.filestore import FileStorage
        from whoosh.system import pack_uint, pack_ushort
        from whoosh.util.numeric import length_to_byte
        from whoosh.util.numlists import delta_encode
finally:
    if _stub_urllib:
        del sys.modules["urllib.request"]

SCHEMA_VERSION = 3  # 3: no `minhash` field (near-duplicate bands live in dedup's side table)

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
    "title": 1.2,
    "subtitle": 1.1,
    "subhead": 1.05,
    "body": 1.0,
    "quote": 1.2,
    "speaker": 1.5,
    "author": 1.2,
    "source": 0.8,
}
# The exact twin's weight relative to its stemmed field (both match an exact occurrence, so this
# is a bonus for the form as typed: enough to rank "elections" above "election" for that query,
# small enough not to count every word twice). Title 3.0 and exact 1.0 measured 5-20% lower
# nDCG@10/MAP on CISI, MED and Cranfield (bench/results/relevance.md) than these. Each field is
# scored on its own and the scores add up, so a title match already counts on top of the body's:
# a title weight of 1.2 keeps headlines first without letting them swamp the body (1.5 and a
# near-flat title length normalisation measured 3-6% lower there).
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


def _stemmed(term: str) -> str | None:
    stemmed = _stemmed_forms.get(term, _UNKNOWN)
    if stemmed is _UNKNOWN:
        if len(_stemmed_forms) > _CACHE_LIMIT:
            _stemmed_forms.clear()
        stemmed = _stemmed_forms[term] = stemmed_form(term)
    return stemmed


def stemmed_tokens(text: str) -> list[tuple[str, int]]:
    """(term, position) of every token `stemmed_analyzer` keeps of `text`, at index time.

    Whoosh's StopFilter renumbers the words it keeps consecutively from the first one's position
    (so the stemmed fields carry no sentence gaps); this does the same.
    """
    tokens, pos = [], None
    for term, position in exact_tokens(text):
        stemmed = _stemmed(term)
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
        positions: dict[str, list[int]] = {}
        for term, pos in (stemmed_tokens(value) if self.stemmed else exact_tokens(value)):
            positions.setdefault(term, []).append(pos)
        boost = self.format.field_boost
        for term, poslist in positions.items():
            if len(poslist) == 1:  # most postings: their encodings are few and repeat
                encoded = _single_position.get(poslist[0])
                if encoded is None:
                    encoded = _single_position[poslist[0]] = _encode_positions(poslist)
            else:
                encoded = _encode_positions(poslist)
            yield term.encode("utf-8"), len(poslist), len(poslist) * boost, encoded


_single_position: dict[int, bytes] = {}


def _encode_positions(poslist: list[int]) -> bytes:
    """Whoosh's Positions.encode: a count, then the pickled position deltas."""
    deltas, base = [], 0
    for pos in poslist:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


class IndexCodec(W3Codec):
    """Whoosh's default codec, without per-block document-length statistics, written faster.

    Whoosh looks up each posting's field length while writing (~12% of indexing time) only to
    store the smallest and largest length per block and term, which serve as bounds for skipping
    blocks that cannot reach the top hits. Without them the bounds are looser (length 0 is
    assumed, so they still hold): the same hits with the same scores. Scores themselves use the
    per-document lengths, which are written as before.
    """

    length_stats = False

    def field_writer(self, storage, segment):
        return _TermAtATimeFieldWriter(self, storage, segment)


class _TermAtATimeFieldWriter(W3FieldWriter):
    """W3FieldWriter.add_postings a term at a time instead of four method calls per posting.

    Writes the same bytes as Whoosh's W3PostingsWriter with its length statistics unset (the
    blocks, their info tuples and the term infos; tests/test_perf_equivalence.py compares the
    postings read back), about a fifth of indexing time less.
    """

    def add_postings(self, schema, lengths, items):
        blocklimit, compression = self._codec._blocklimit, self._codec._compression
        postfile, add_term = self._postfile, self._tindex.add
        fieldname = prefix = fixedsize = None
        for (name, btext), postings in groupby(items, key=_field_and_term):
            if name != fieldname:
                if fieldname is not None:
                    self.finish_field()
                fieldname = name
                self.start_field(name, schema[name])
                prefix, fixedsize = pack_ushort(self._fieldid), self._format.fixed_value_size()
            postings = [p for p in postings if p[2] != -1]  # docnum -1: spelling words, unused here
            if not postings:
                continue
            terminfo = W3TermInfo()
            start = postfile.tell()
            postfile.write(WHOOSH3_HEADER_MAGIC)
            for first in range(0, len(postings), blocklimit):
                block = postings[first : first + blocklimit]
                _write_block(postfile, terminfo, block, fixedsize, compression, first + blocklimit >= len(postings))
            terminfo.set_extent(start, postfile.tell() - start)
            add_term(prefix + btext, terminfo.to_bytes())
        if fieldname is not None:
            self.finish_field()


MIN_COMPRESSED_BLOCK = 64  # bytes of pickled block data


def _field_and_term(posting):
    return posting[0], posting[1]


def _write_block(postfile, terminfo, block, fixedsize, compression, last) -> None:
    """One block of postings, as W3PostingsWriter._write_block writes it (no length stats)."""
    ids = array("I", [p[2] for p in block])
    weights = array("f", [p[3] for p in block])
    values = [p[4] for p in block if p[4]]
    maxweight = 0
    for posting in block:
        if posting[3] > maxweight:
            maxweight = posting[3]
    terminfo._weight += sum(weights)
    terminfo._df += len(block)
    terminfo._maxweight = max(terminfo._maxweight, maxweight)
    if terminfo._minid is None:
        terminfo._minid = ids[0]
    terminfo._maxid = ids[-1]
    if all(w == 1.0 for w in weights):
        mini_weights = None
    elif all(w == weights[0] for w in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    if fixedsize is None or fixedsize < 0:
        mini_values = tuple(values)
    elif fixedsize == 0:
        mini_values = None
    else:
        mini_values = b"".join(values)
    data = pickle.dumps((tuple(delta_encode(ids)), mini_weights, mini_values), 2)
    # Whoosh means to leave blocks under 20 bytes uncompressed but compresses all (a bug). Most
    # blocks hold one or two postings, which zlib makes no smaller: those are left as they are
    # (readers honour each block's own compression level).
    compression = compression if len(data) >= MIN_COMPRESSED_BLOCK else 0
    if compression:
        data = zlib.compress(data, compression)
    info = pickle.dumps((len(ids), ids[-1], maxweight, compression, length_to_byte(None), length_to_byte(0)), 2)
    size = len(info) + len(data)
    postfile.write_int(-size if last else size)
    postfile.write(info)
    postfile.write(data)


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
    """Per-field BM25 with the literature's K1 1.2 and B 0.75 on every field (titles too: a long
    headline that mentions a word is less about it than a short one)."""
    return _BM25F(B=0.75, K1=1.2)
