"""Ranking quality on classic IR test collections (CISI, MED, Cranfield, CACM), newsearch beside
peers, per-feature ablations, and each default chosen leave-one-collection-out.

For each collection the documents are written as JSON Lines (`id`, `title`, `body`) and indexed
with `newsearch index` (cached in bench/data/relevance/, keyed by the documents and the sources that
decide what an index holds; `--rebuild` indexes afresh); every judged query runs through
`searcher.search_batch` (what `newsearch query --batch FILE --any --limit 100` runs). The same
queries run on the same documents in:

- tantivy: default BM25 and tokenizer, its query parser over title and body (OR of the words);
- SQLite FTS5: `bm25()`, porter tokenizer, OR of the query's words;
- plain Whoosh: BM25F (its defaults, K1 1.2, B 0.75) with a `StemmingAnalyzer` on title and body,
  `MultifieldParser(["title", "body"])`, OR of the words;
- bm25s: its default BM25 (Lucene's variant, k1 1.5, b 0.75) over title + body, with PyStemmer's
  English stemmer and its English stop words, as its README shows.

Queries are natural-language sentences, so each system gets the query's words (lower-cased,
punctuation dropped): no query syntax reaches any parser. Top 100. Scores: nDCG@10, MAP (over the
top 100) and P@10, trec_eval conventions (newsearch/metrics.py). Peers' rankings are cached in
bench/data/relevance/peers (keyed by documents, queries, the peer's code and version).

newsearch's ranking features are query-time settings, changed in this process between batches on
the same index (see `Setting`): repeated query words counted (`qtf`), the exact twins
(querycompile.EXACT_BOOST), proximity (proximity.PAIR_WEIGHT), RM3 feedback (`search(feedback=)`),
field weights (queryparse.UNFIELDED_WEIGHTS: the shipped title 1.2 …, or all 1.0), whether the `quote` field scores for
unfielded words, and whether an unfielded word's fields are scored as one text (BM25F,
querycompile.COMBINE_FIELDS) or one by one, and whether English function words are dropped from the
query's alternatives (queryparse.ALTERNATIVE_STOP_WORDS); also BM25's K1 and B. Each feature's default is chosen leave-one-collection-out
(`loco`): on the other three collections, then scored on the held-out one.

`--news`: known-item queries on two news collections with quotations (PolNeAR's 840 articles and
BBC News' 2,225; see `news_items`), where the quotation setting makes a difference.

    python bench/relevance.py --news       # all four collections, ablations, folds, news
    python bench/relevance.py --only med   # one collection (no folds)
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

sys.path.insert(0, str(common.REPO))  # the checkout's newsearch, installed or not
from newsearch import metrics  # noqa: E402
from newsearch.engines.whoosh import feedback, proximity, querycompile, queryparse, schema, searcher  # noqa: E402

COLLECTIONS = ("cisi", "med", "cranfield", "cacm")
DEPTH = 100
CUTOFF = 10
CACHE = common.DATA / "relevance"
REBUILD = False  # --rebuild: index every collection afresh
# The sources whose code decides what an index holds (analysis, the fields of a record, quotation
# extraction): the cache key of the indexes, with the documents. Storage code (codec, store,
# indexer) only decides how it is kept; `--rebuild` builds afresh anyway.
INDEX_SOURCES = ("engines/whoosh/schema.py", "engines/whoosh/analysis.py", "engines/whoosh/documents.py",
                 "models.py", "textutil.py", "parsing/records.py", "parsing/quotes.py", "parsing/language.py")


# ---------------------------------------------------------------- reading the collections


def smart_records(path: Path) -> list[dict[str, str]]:
    """SMART-tagged records (`.I id`, then `.T`, `.W`, … sections) as {tag: text, 'I': id}."""
    records: list[dict[str, str]] = []
    tag = None
    for line in path.read_text(encoding="latin-1").replace("\r\n", "\n").split("\n"):
        found = re.match(r"^\.([A-Z])(?:\s+(\S+))?\s*$", line)
        if found:
            tag = found.group(1)
            if tag == "I":
                records.append({"I": found.group(2)})
                tag = None
            else:
                records[-1].setdefault(tag, "")
            continue
        if records and tag:
            records[-1][tag] += line + "\n"
    return [{k: v.strip() for k, v in r.items()} for r in records]


def load(name: str):
    """(documents [{id, title, body}], queries [(qid, text)], judgements {qid: {docid: grade}})."""
    folder = common.require_corpus("ir-collections", name)
    files = {
        "cisi": ("CISI.ALL", "CISI.QRY", "CISI.REL"),
        "med": ("MED.ALL", "MED.QRY", "MED.REL"),
        "cranfield": ("cran.all.1400", "cran.qry", "cran.qrels"),
        "cacm": ("cacm.all", "query.text", "qrels.text"),
    }[name]
    docs, qry, rel = (folder / f for f in files)
    # Title and abstract only (CACM's .A authors, .B dates, .X citations are not text to rank on).
    documents = [{"id": r["I"], "title": r.get("T", ""), "body": r.get("W", "")} for r in smart_records(docs)]
    documents = [d for d in documents if d["title"] or d["body"]]  # Cranfield has two empty records
    raw_queries = smart_records(qry)
    if name == "cranfield":  # judgements number the queries by position, not by their .I
        queries = [(str(n), (r.get("T", "") + "\n" + r.get("W", "")).strip()) for n, r in enumerate(raw_queries, 1)]
    else:
        queries = [(str(int(r["I"])), (r.get("T", "") + "\n" + r.get("W", "")).strip()) for r in raw_queries]
    judgements: dict[str, dict[str, float]] = {}
    for line in rel.read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if not parts:
            continue
        if name in ("cisi", "cacm"):  # CACM: `qid docid 0 0`, query ids zero-padded ("01")
            qid, doc, grade = str(int(parts[0])), parts[1], 1.0
        elif name == "med":
            qid, doc, grade = parts[0], parts[2], float(parts[3])
        else:  # Cranfield grades: 1 = complete answer … 4 = minimal interest, -1 = not relevant
            qid, doc, grade = parts[0], parts[1], float(parts[2])
            grade = 5 - grade if 1 <= grade <= 4 else 0.0
        if grade > 0:
            judgements.setdefault(qid, {})[doc] = grade
    judged = [(qid, text) for qid, text in queries if qid in judgements]
    return documents, judged, judgements


def words(text: str) -> list[str]:
    """A natural-language query as plain words: no operator, field or quote reaches a parser."""
    return re.findall(r"\w+", text.lower())


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def index_code_digest() -> str:
    """A digest of the newsearch sources that decide what an index holds."""
    package = common.REPO / "newsearch"
    return digest([[name, (package / name).read_text(encoding="utf-8")] for name in INDEX_SOURCES])


# ---------------------------------------------------------------- newsearch and its settings


@dataclass(frozen=True)
class Setting:
    """newsearch's query-time ranking features, each on or off, and BM25's parameters."""

    qtf: bool = True         # a word repeated in the query counts as often as it is repeated
    exact: bool = True       # exact twins weighted EXACT_BOOST of their field
    proximity: bool = True   # sequential-dependence windows in the body
    feedback: bool = True    # RM3 for queries of 4+ words, as shipped (Anserini's: 10 articles, 20 words, 0.5)
    gentle: bool = False     # RM3 with 5 articles, 5 words, the query keeping 0.9 (wins over `feedback`)
    weights: bool = True     # field weights (title 1.2 …); off: every field 1.0
    quotes: bool = True      # the quote field scores for unfielded words (else it matches at weight 0)
    combined: bool = False   # an unfielded word's fields scored as one text (BM25F: querycompile.COMBINE_FIELDS)
    stops: bool = False      # English function words dropped from alternatives (queryparse.ALTERNATIVE_STOP_WORDS)
    inb2: bool = False       # a field's word scored by InB2 (dfr.py, schema.RANKING_MODEL) instead of BM25
    k1: float = 1.2
    b: float = 0.75

    def label(self) -> str:
        text = ", ".join(f"{'+' if getattr(self, f) else '−'}{SHORT[f]}" for f in FEATURES)
        return text + ("" if (self.k1, self.b) == (1.2, 0.75) else f", K1 {self.k1}, B {self.b}")


FEATURES = ("qtf", "exact", "proximity", "feedback", "gentle", "weights", "quotes", "combined", "stops", "inb2")
# The features chosen leave-one-collection-out. Counting a repeated query word is not one of them:
# it is BM25 as published (the query-term frequency of Robertson et al.'s formula; Lucene, tantivy
# and bm25s count every occurrence), which Whoosh's parser departs from by dropping repeats.
CHOSEN = ("exact", "proximity", "feedback", "gentle", "weights", "quotes", "combined", "stops", "inb2")
BM25_VARIANTS = ((1.5, 0.75), (0.9, 0.4))  # bm25s's k1; Anserini's defaults. Published: 1.2, 0.75
SHORT = {"qtf": "qtf", "exact": "exact", "proximity": "prox", "feedback": "fb", "gentle": "gentle fb", "weights": "weights",
         "quotes": "quote", "combined": "bm25f", "stops": "stops", "inb2": "inb2"}
TITLES = {
    "qtf": "repeated query words counted (qtf)",
    "exact": "exact twins",
    "proximity": "proximity",
    "feedback": "feedback (RM3)",
    "gentle": "gentle feedback (RM3: 5 articles, 5 words, 0.9)",
    "weights": "field weights",
    "quotes": "quotations scored for unfielded words",
    "combined": "fields scored as one text (BM25F)",
    "stops": "function words dropped from alternatives",
    "inb2": "InB2 in place of BM25 (DFR, Terrier's c 1)",
}
# What each feature is when on: the values newsearch shipped with before issue 17, so that a
# feature the code now leaves off can still be measured.
ON_VALUES = {"exact": 0.3, "proximity": 0.25, "quote": 1.2}
FEEDBACK_VALUES = {"feedback": (10, 20, 0.5), "gentle": (5, 5, 0.9)}  # articles, words, original weight
WEIGHTED = {"title": 1.2, "subtitle": 1.1, "subhead": 1.05, "body": 1.0, "speaker": 1.5, "author": 1.2,
            "source": 0.8}
SHIPPED = Setting(qtf=False, combined=False)  # before issue 17: every feature then on, repeats counted once
# Where the choice starts: BM25 as published (repeated words counted), every feature off; each
# feature then has to earn its place.
START = Setting(exact=False, proximity=False, feedback=False, gentle=False, weights=False, quotes=False,
                combined=False, stops=False)


def native_qtf() -> bool:
    """Whether queryparse counts a repeated word (as the code stands)."""
    def boosts(text):
        parsed = queryparse.parse_query(text, schema.build_schema(), match_all=False)
        return sorted(leaf.boost for leaf in queryparse.all_leaves(parsed) if leaf.field() == "body")
    return boosts("grain grain") != boosts("grain")


_counted_repeats = queryparse.counted_repeats


@contextlib.contextmanager
def applied(setting: Setting):
    """Module constants set for `setting` (restored afterwards). Every setting runs the code's own
    path (queryparse, termscore, proximity, feedback); only their constants change."""
    weights = queryparse.UNFIELDED_WEIGHTS  # one dict, shared by queryparse, querynear, proximity, feedback
    saved = (querycompile.EXACT_BOOST, schema.EXACT_BOOST, proximity.PAIR_WEIGHT, dict(weights), searcher.weighting,
             (feedback.FEEDBACK_DOCS, feedback.FEEDBACK_TERMS, feedback.ORIGINAL_WEIGHT), querycompile.COMBINE_FIELDS,
             queryparse.ALTERNATIVE_STOP_WORDS, schema.RANKING_MODEL)
    try:
        model = "inb2" if setting.inb2 else "bm25"
        if model != schema.RANKING_MODEL:
            schema.RANKING_MODEL = model
            searcher._OPEN.clear()  # the open searchers hold their weighting
        querycompile.COMBINE_FIELDS = setting.combined
        queryparse.ALTERNATIVE_STOP_WORDS = queryparse.FUNCTION_STOP_WORDS if setting.stops else schema.STOP_WORDS
        if setting.gentle or setting.feedback:  # gentle wins when both are on
            chosen = FEEDBACK_VALUES["gentle" if setting.gentle else "feedback"]
            feedback.FEEDBACK_DOCS, feedback.FEEDBACK_TERMS, feedback.ORIGINAL_WEIGHT = chosen
        querycompile.EXACT_BOOST = schema.EXACT_BOOST = (saved[0] or ON_VALUES["exact"]) if setting.exact else 0.0
        proximity.PAIR_WEIGHT = (saved[2] or ON_VALUES["proximity"]) if setting.proximity else 0.0
        fields = {k: (WEIGHTED.get(k, 1.0) if setting.weights else 1.0) for k in saved[3] if k != "quote"}
        quote = (ON_VALUES["quote"] if setting.weights else 1.0) if setting.quotes else 0.0
        ordered = {}
        for key, value in fields.items():
            ordered[key] = value
            if key == "body":  # quotations come after the body, as they always have
                ordered["quote"] = quote
        weights.clear()
        weights.update(ordered)
        if not setting.qtf:  # as before issue 17: identical clauses kept once, at their own weight
            queryparse.counted_repeats = lambda q: q
        if (setting.k1, setting.b) != (1.2, 0.75):
            searcher.weighting = lambda: (schema.InB2 if setting.inb2 else schema.BM25)(B=setting.b, K1=setting.k1)
            searcher._OPEN.clear()  # the open searchers hold their weighting
        yield
    finally:
        querycompile.EXACT_BOOST, schema.EXACT_BOOST, proximity.PAIR_WEIGHT = saved[:3]
        feedback.FEEDBACK_DOCS, feedback.FEEDBACK_TERMS, feedback.ORIGINAL_WEIGHT = saved[5]
        querycompile.COMBINE_FIELDS = saved[6]
        queryparse.ALTERNATIVE_STOP_WORDS = saved[7]
        if schema.RANKING_MODEL != saved[8]:
            schema.RANKING_MODEL = saved[8]
            searcher._OPEN.clear()
        weights.clear()
        weights.update(saved[3])
        queryparse.counted_repeats = _counted_repeats
        if searcher.weighting is not saved[4]:
            searcher.weighting = saved[4]
            searcher._OPEN.clear()


def query_code_digest() -> str:
    """A digest of everything a ranking depends on besides the index: newsearch's sources and the
    bench's way of running it (the key of the cached scores)."""
    package = common.REPO / "newsearch"
    sources = [[str(p.relative_to(package)), p.read_text(encoding="utf-8")] for p in sorted(package.rglob("*.py"))]
    bench = [inspect.getsource(f) for f in (applied, run_newsearch, words, Setting)]
    return digest(sources, bench, DEPTH)


class ScoreCache:
    """newsearch's scores per setting, kept in bench/data/relevance/scores/ by collection, index and
    code: a rerun of unchanged code measures only what it has not measured before."""

    def __init__(self, name: str, folder: Path):
        self.path = CACHE / "scores" / f"{name}-{folder.name.rsplit('-', 1)[-1]}-{query_code_digest()}.json"
        self.found = json.loads(self.path.read_text()) if self.path.exists() and not REBUILD else {}

    def get(self, key: str, compute):
        if key not in self.found:
            started = time.perf_counter()
            value = compute()
            self.found[key] = [list(value), time.perf_counter() - started]
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.found, indent=0))
        value, seconds = self.found[key]
        return tuple(value), seconds


def code_default() -> Setting:
    """The setting newsearch ranks with as the code stands (`search()` with its own defaults)."""
    boosts = queryparse.UNFIELDED_WEIGHTS
    ranking = schema.weighting()
    on = bool(inspect.signature(searcher.search).parameters["feedback"].default and feedback.FEEDBACK_DOCS)
    values = (feedback.FEEDBACK_DOCS, feedback.FEEDBACK_TERMS, feedback.ORIGINAL_WEIGHT)
    return Setting(
        qtf=NATIVE_QTF,
        exact=querycompile.EXACT_BOOST > 0,
        proximity=proximity.PAIR_WEIGHT > 0,
        feedback=on and values == FEEDBACK_VALUES["feedback"],
        gentle=on and values == FEEDBACK_VALUES["gentle"],
        weights=len({v for k, v in boosts.items() if k != "quote"}) > 1,
        quotes=boosts.get("quote", 0) > 0,
        combined=querycompile.COMBINE_FIELDS,
        stops=queryparse.ALTERNATIVE_STOP_WORDS is queryparse.FUNCTION_STOP_WORDS,
        inb2=schema.RANKING_MODEL == "inb2",
        k1=ranking.K1,
        b=ranking.B,
    )


def newsearch_index(name: str, documents) -> Path:
    """The newsearch index of `documents`, built once per documents and index code
    (bench/data/relevance/NAME-KEY; older ones are removed once a new one is whole)."""
    key = digest(documents, index_code_digest())
    folder = CACHE / f"{name}-{key}"
    if (folder / "index").is_dir() and not REBUILD:
        return folder
    partial = CACHE / f"{name}-{key}.partial"
    common.fresh_dir(partial)
    source = partial / "docs.jsonl"
    with open(source, "w", encoding="utf-8") as handle:
        for doc in documents:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    env = dict(os.environ, PYTHONPATH=str(common.REPO))
    common.check_child([*common.newsearch_command(), "index", str(source), "--index", str(partial / "index"),
                        "--rebuild"], env=env)
    if folder.exists():
        shutil.rmtree(folder)
    partial.rename(folder)
    for old in CACHE.glob(f"{name}-*"):  # indexes of older code or documents
        if old.is_dir() and old != folder:
            shutil.rmtree(old)
    return folder


def run_newsearch(folder: Path, queries, setting: Setting) -> dict[str, list[str]]:
    texts = [words(text) for _, text in queries]
    if not setting.qtf:  # each word once, as the parser kept them before issue 17
        texts = [list(dict.fromkeys(found)) for found in texts]
    batch = [(qid, " ".join(found)) for (qid, _), found in zip(queries, texts)]
    rankings = {}
    with applied(setting):
        found = searcher.search_batch(folder / "index", batch, match_all=False, limit=DEPTH, snippets=False,
                                      feedback=setting.feedback or setting.gentle)
        for qid, result in found:
            if isinstance(result, Exception):
                raise SystemExit(f"query {qid} failed: {result}")
            rankings[qid] = [hit.id for hit in result.hits]
    return rankings


# ---------------------------------------------------------------- the peers


def run_tantivy(documents, queries):
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title")
    builder.add_text_field("body")
    index = tantivy.Index(builder.build())
    writer = index.writer()
    for doc in documents:
        writer.add_document(tantivy.Document(id=doc["id"], title=doc["title"], body=doc["body"]))
    writer.commit()
    index.reload()
    tsearcher = index.searcher()
    rankings = {}
    for qid, text in queries:
        parsed = index.parse_query(" ".join(words(text)), ["title", "body"])
        hits = tsearcher.search(parsed, DEPTH).hits
        rankings[qid] = [tsearcher.doc(address)["id"][0] for _, address in hits]
    return rankings


def run_fts5(documents, queries):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", [(d["id"], d["title"], d["body"]) for d in documents])
    rankings = {}
    for qid, text in queries:
        expression = " OR ".join(f'"{w}"' for w in dict.fromkeys(words(text)))
        rows = db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (expression, DEPTH))
        rankings[qid] = [row[0] for row in rows]
    return rankings


def run_whoosh(documents, queries):
    """Plain Whoosh: BM25F, StemmingAnalyzer on title and body, OR of the words."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from whoosh import analysis, fields, qparser, scoring
        from whoosh.filedb.filestore import RamStorage
    wschema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT(analyzer=analysis.StemmingAnalyzer()),
                            body=fields.TEXT(analyzer=analysis.StemmingAnalyzer()))
    ix = RamStorage().create_index(wschema)
    writer = ix.writer()
    for doc in documents:
        writer.add_document(id=doc["id"], title=doc["title"], body=doc["body"])
    writer.commit()
    parser = qparser.MultifieldParser(["title", "body"], ix.schema, group=qparser.OrGroup)
    rankings = {}
    with ix.searcher(weighting=scoring.BM25F()) as wsearcher:
        for qid, text in queries:
            results = wsearcher.search(parser.parse(" ".join(words(text))), limit=DEPTH)
            rankings[qid] = [hit["id"] for hit in results]
    return rankings


def run_bm25s(documents, queries):
    """bm25s as its README shows: English stop words, PyStemmer's English stemmer, default BM25."""
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    corpus = [doc["title"] + "\n" + doc["body"] for doc in documents]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(corpus, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    texts = [" ".join(words(text)) for _, text in queries]
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)
    found, found_scores = retriever.retrieve(tokens, k=min(DEPTH, len(corpus)), show_progress=False)
    rankings = {}
    for (qid, _), row, row_scores in zip(queries, found, found_scores):
        rankings[qid] = [documents[int(i)]["id"] for i, s in zip(row, row_scores) if s > 0]
    return rankings


PEERS = {"tantivy": run_tantivy, "sqlite-fts5": run_fts5, "whoosh": run_whoosh, "bm25s": run_bm25s}
PEER_PACKAGES = {"tantivy": "tantivy", "whoosh": "whoosh", "bm25s": "bm25s", "sqlite-fts5": None}


def peer_rankings(name: str, peer: str, documents, queries):
    """A peer's rankings (cached in bench/data by documents, queries, code and version)."""
    package = PEER_PACKAGES[peer]
    version = common.package_version(package) if package else sqlite3.sqlite_version
    key = digest(documents, queries, inspect.getsource(PEERS[peer]), inspect.getsource(words), version)
    path = CACHE / "peers" / f"{name}-{peer}-{key}.json"
    if path.exists():
        return json.loads(path.read_text())
    rankings = PEERS[peer](documents, queries)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rankings))
    return rankings


# ---------------------------------------------------------------- news known-item queries


NEWS = ("polnear", "bbc")
FRAGMENT = 8  # words of a passage query
NEWS_QUERIES = 200  # queries drawn (at random, fixed seed) from each set of a news collection


def news_articles(name: str) -> list[tuple[str, str, str]]:
    """(id, headline, body) of each article of a news collection (headline on the first line)."""
    if name == "polnear":
        files = sorted(common.require_corpus("polnear", "train", "text").glob("*.txt"))
    else:
        archive = common.require_corpus("bbc-news", "bbc-fulltext.tar.gz")
        root = common.extract_tar(archive, common.DATA / "bbc-news",
                                  lambda dest: sum(1 for _ in (dest / "bbc").glob("*/*.txt")) == 2225) / "bbc"
        files = sorted(root.glob("*/*.txt"))
    articles = []
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:  # bbc/sport/199.txt has one Latin-1 byte
            text = raw.decode("cp1252", errors="replace")
        title, _, body = text.strip().partition("\n")
        doc_id = path.stem if name == "polnear" else f"{path.parent.name}-{path.stem}"
        articles.append((doc_id, title.strip(), body.strip()))
    return articles


def news_items(name: str, seed: int = 17):
    """A news collection as documents, and known-item query sets built from it.

    - `headline`: each article's headline (its words) as the query, with the headlines left out of
      the index (the body only), so the query must find its article by what the body says;
    - `passage`: FRAGMENT consecutive words of one body sentence drawn at random from each article,
      split by whether the sentence holds a quotation mark (the words may be in a quotation) or not.

    Each query's one relevant document is its article; scored by MRR, success@1 and @10."""
    rng = random.Random(seed)
    documents, headline, inside, outside = [], [], [], []
    for doc_id, title, body in news_articles(name):
        if not title or len(words(body)) < 50:
            continue
        documents.append({"id": doc_id, "title": "", "body": body})
        headline.append((doc_id, title))
        sentences = [body[s:e] for s, e in schema.sentence_spans(body) if len(words(body[s:e])) >= FRAGMENT]
        if sentences:
            sentence = rng.choice(sentences)
            found = words(sentence)
            start = rng.randrange(len(found) - FRAGMENT + 1)
            fragment = " ".join(found[start : start + FRAGMENT])
            (inside if re.search(r'["“”]', sentence) else outside).append((doc_id, fragment))
    sets = {"headline": headline, "passage, quoted sentence": inside, "passage, sentence without quotes": outside}
    sets = {label: sorted(rng.sample(found, min(NEWS_QUERIES, len(found)))) for label, found in sets.items()}
    return documents, {label: ([(f"{label[0]}{len(found)}-{doc}", text) for doc, text in found],
                               {f"{label[0]}{len(found)}-{doc}": doc for doc, _ in found})
                       for label, found in sets.items()}


def known_item_scores(rankings, targets) -> tuple[float, float, float]:
    """(MRR over the top 100, success@1, success@10) of rankings whose one right answer is the target."""
    rr, at1, at10 = [], [], []
    for qid, target in targets.items():
        ranking = rankings.get(qid, [])
        rank = ranking.index(target) + 1 if target in ranking else None
        rr.append(1 / rank if rank else 0.0)
        at1.append(1.0 if rank == 1 else 0.0)
        at10.append(1.0 if rank and rank <= 10 else 0.0)
    return statistics.mean(rr), statistics.mean(at1), statistics.mean(at10)


def news_part(settings: dict[str, Setting]) -> None:
    print("\n### News: known-item queries (quotations)\n")
    print("Headline queries: each article's headline as the query, headlines not indexed (the body must "
          f"find it). Passage queries: {FRAGMENT} consecutive words of one random body sentence per article, "
          "split by whether the sentence holds a quotation mark. MRR over the top 100; S@1, S@10: the "
          "article first, in the top 10. `quote` articles: how many have a quotation newsearch extracts.\n")
    rows = []
    for name in NEWS:
        documents, sets = news_items(name)
        folder = newsearch_index(name, documents)
        cache = ScoreCache(f"{name}-news", folder)
        reader = searcher._open_searcher(folder / "index").reader()
        quoted = sum(1 for d in range(reader.doc_count_all()) if reader.doc_field_length(d, "quote", 0))
        for label, (queries, targets) in sets.items():
            head = f"{name} ({len(documents)} articles, {quoted} quote): {label}"
            for peer in PEERS:
                found = known_item_scores(peer_rankings(f"{name}-{label[:4]}{len(queries)}", peer, documents, queries),
                                          targets)
                rows.append([head, peer, len(queries), *(f"{v:.4f}" for v in found)])
            for system, setting in settings.items():
                found, _ = cache.get(f"{label} {NEWS_QUERIES} {FRAGMENT} {setting!r}",
                                     lambda: known_item_scores(run_newsearch(folder, queries, setting), targets))
                rows.append([head, system, len(queries), *(f"{v:.4f}" for v in found)])
        print(f"{name}: {len(documents)} articles", file=sys.stderr)
    print(common.table(["queries", "system", "n", "MRR", "S@1", "S@10"], rows, "llrrrr"))


# ---------------------------------------------------------------- scores and choices


def scores(rankings, judgements) -> tuple[float, float, float]:
    ndcg = metrics.mean([metrics.ndcg_at(rankings[q], judgements[q], CUTOFF) for q in rankings])
    ap = metrics.mean([metrics.average_precision(rankings[q], judgements[q]) for q in rankings])
    p10 = metrics.mean([metrics.precision_at(rankings[q], judgements[q], CUTOFF) for q in rankings])
    return ndcg, ap, p10


def gain(on: tuple, off: tuple) -> float:
    """How much better `on` ranks than `off`: the mean relative change of nDCG@10 and MAP."""
    return (on[0] / off[0] + on[1] / off[1]) / 2 - 1


class Runs:
    """The collections (documents, judged queries, newsearch index, the peers' scores), and
    newsearch's scores per setting, each measured once when first asked for."""

    def __init__(self, names):
        self.names, self.data, self.peers, self.measured, self.seconds, self.cache = list(names), {}, {}, {}, {}, {}
        for name in self.names:
            documents, queries, judgements = load(name)
            self.peers[name] = {peer: scores(peer_rankings(name, peer, documents, queries), judgements)
                                for peer in PEERS}
            folder = newsearch_index(name, documents)
            quoted = any(True for _ in searcher._open_searcher(folder / "index").reader().lexicon("quote"))
            self.data[name] = (documents, queries, judgements, folder, quoted)
            self.cache[name] = ScoreCache(name, folder)
            print(f"{name}: {len(documents)} documents, {len(queries)} judged queries", file=sys.stderr)

    def __call__(self, name: str, setting: Setting) -> tuple[float, float, float]:
        documents, queries, judgements, folder, quoted = self.data[name]
        if not quoted and setting.quotes:  # no quotation anywhere: the quote setting changes nothing
            setting = replace(setting, quotes=False)
        if (name, setting) not in self.measured:
            found, seconds = self.cache[name].get(
                repr(setting), lambda: scores(run_newsearch(folder, queries, setting), judgements))
            self.measured[name, setting], self.seconds[name, setting] = found, seconds
        return self.measured[name, setting]

    def time(self, name: str, setting: Setting) -> float:
        """Seconds the batch of `setting` took (its first run)."""
        if not self.data[name][4]:
            setting = replace(setting, quotes=False)
        return self.seconds.get((name, setting), float("nan"))

    def best(self, name: str) -> list[float]:
        """The best peer's nDCG@10, MAP and P@10 (each the best of any peer)."""
        return [max(found[i] for found in self.peers[name].values()) for i in range(3)]


def choose(runs: Runs, train, start: Setting) -> Setting:
    """Features added one at a time, best first: of those not yet on whose addition raises nDCG@10
    and MAP (their mean relative change) on every collection of `train`, the one with the largest
    mean gain; then any feature on that no longer raises them on every collection is taken off;
    until nothing changes. Should that come back to a setting already visited (adding B makes A
    useless, and without A, B is), the best visited setting each of whose features raises them on
    every collection of `train` is taken. Then BM25's K1 and B: a variant instead of the published
    1.2 and 0.75 only if it raises them on every collection of `train` (the best such variant)."""
    def helps(setting, feature):
        off = replace(setting, **{feature: False})
        return all(gain(runs(n, setting), runs(n, off)) > 0 for n in train)

    def stable(setting):
        return all(helps(setting, f) for f in CHOSEN if getattr(setting, f))

    def mean_gain(setting):
        return sum(gain(runs(n, setting), runs(n, start)) for n in train) / len(train)

    chosen, visited, starts = start, [start], set()
    for _ in range(4 * len(CHOSEN)):
        if chosen in starts:  # back where an earlier round began: it would go round again
            chosen = max((s for s in visited if stable(s)), key=mean_gain)
            break
        starts.add(chosen)
        before = chosen
        adding = []
        for feature in CHOSEN:
            if not getattr(chosen, feature):
                gains = [gain(runs(n, replace(chosen, **{feature: True})), runs(n, chosen)) for n in train]
                if all(g > 0 for g in gains):
                    adding.append((sum(gains), feature))
        if adding:
            chosen = replace(chosen, **{max(adding)[1]: True})
            visited.append(chosen)
        for feature in CHOSEN:
            if getattr(chosen, feature) and not helps(chosen, feature):
                chosen = replace(chosen, **{feature: False})
                visited.append(chosen)
        if chosen == before:
            break
    helping = []
    for k1, b in BM25_VARIANTS:
        gains = [gain(runs(n, replace(chosen, k1=k1, b=b)), runs(n, chosen)) for n in train]
        if all(g > 0 for g in gains):
            helping.append((sum(gains), k1, b))
    if helping:
        _, k1, b = max(helping)
        chosen = replace(chosen, k1=k1, b=b)
    return chosen


def loco(runs: Runs, start: Setting) -> list[dict]:
    """For each held-out collection: the setting chosen on the other three, its held-out scores,
    and each feature's gain (toggled from that setting) on the training and held-out collections."""
    folds = []
    for held in runs.names:
        train = [n for n in runs.names if n != held]
        chosen = choose(runs, train, start)
        effects = {}
        for feature in FEATURES:
            on, off = replace(chosen, **{feature: True}), replace(chosen, **{feature: False})
            effects[feature] = ([gain(runs(n, on), runs(n, off)) for n in train], gain(runs(held, on), runs(held, off)))
        folds.append({"held": held, "train": train, "setting": chosen, "effects": effects})
    return folds


# ---------------------------------------------------------------- report


def fmt(values) -> str:
    return f"{values[0]:.4f} / {values[1]:.4f}"



def main() -> None:
    global REBUILD, NATIVE_QTF
    p = common.parser(__doc__)
    p.add_argument("--only", choices=COLLECTIONS, action="append", help="collection(s) to score (default: all)")
    p.add_argument("--news", action="store_true", help="also the known-item queries on PolNeAR and BBC (quotations)")
    p.add_argument("--rebuild", action="store_true", help="index afresh (not from bench/data/relevance)")
    args = p.parse_args()
    REBUILD = args.rebuild
    NATIVE_QTF = native_qtf()
    names = args.only or list(COLLECTIONS)
    code = code_default()
    common.print_header("Ranking quality on classic IR collections (nDCG@10, MAP@100, P@10)")
    print(f"- newsearch {common.package_version('newsearch')}, whoosh {common.package_version('whoosh')}, "
          f"tantivy {common.package_version('tantivy')}, bm25s {common.package_version('bm25s')} "
          f"(PyStemmer {common.package_version('PyStemmer')}), SQLite {sqlite3.sqlite_version}")
    print(f"- `search()` as the code stands ranks with: {code.label()} (K1 {code.k1}, B {code.b}); "
          "every setting below runs through the code's own query path (queryparse, termscore)\n")

    runs = Runs(names)
    if len(names) > 1:
        folds = loco(runs, START)
        final = choose(runs, names, START)
    else:
        folds, final = [], code
    rows = {"newsearch as shipped before issue 17": SHIPPED, "newsearch, defaults chosen here": final}
    for feature in FEATURES:
        state = getattr(final, feature)
        rows[("− " if state else "+ ") + TITLES[feature]] = replace(final, **{feature: not state})
    for k1, b in ((1.2, 0.75),) + BM25_VARIANTS:
        if (k1, b) != (final.k1, final.b):
            rows[f"K1 {k1}, B {b}"] = replace(final, k1=k1, b=b)
    if code not in rows.values():
        rows["`search()` as the code stands"] = code

    print("| collection | system | nDCG@10 | MAP | P@10 | ÷ best nDCG@10 | ÷ best MAP |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name in names:
        best = runs.best(name)
        for peer, found in runs.peers[name].items():
            print(f"| {name} | {peer} | " + " | ".join(f"{v:.4f}" for v in found) + " | " +
                  " | ".join(common.ratio(found[i], best[i]) for i in range(2)) + " |")
        for label, setting in rows.items():
            found = runs(name, setting)
            print(f"| {name} | {label} | " + " | ".join(f"{v:.4f}" for v in found) + " | " +
                  " | ".join(common.ratio(found[i], best[i]) for i in range(2)) + " |")
    print("\nRatios are to the best peer on each measure (any of " + ", ".join(PEERS) + "). "
          f"Defaults chosen here: {final.label()}.\n")

    print("What each feature is worth on each collection (the chosen defaults with and without it: mean "
          "relative change of nDCG@10 and MAP):\n")
    worth = []
    for feature in FEATURES:
        on, off = replace(final, **{feature: True}), replace(final, **{feature: False})
        worth.append([TITLES[feature]] + [f"{gain(runs(n, on), runs(n, off)):+.1%}" for n in names])
    for k1, b in ((1.2, 0.75),) + BM25_VARIANTS:
        if (k1, b) != (final.k1, final.b):
            worth.append([f"K1 {k1}, B {b} instead of {final.k1}, {final.b}"] +
                         [f"{gain(runs(n, replace(final, k1=k1, b=b)), runs(n, final)):+.1%}" for n in names])
    print(common.table(["feature", *names], worth))

    if folds:
        print("\n### Leave-one-collection-out\n")
        print("For each held-out collection, the setting is chosen on the other three: starting from BM25 as "
              "published (repeated query words counted, every feature off), features are added one at a time, "
              "best first, each only if it raises nDCG@10 and MAP (their mean relative change) on each of the "
              "three, and taken off again if, with later ones, it no longer does; then K1/B: a variant only if "
              "it raises them on each of the three. Then the held-out scores with that choice, and each "
              "feature's gain toggled from it (on the "
              "three training collections → on the held-out one).\n")
        fold_rows = []
        for fold in folds:
            held, found = fold["held"], runs(fold["held"], fold["setting"])
            best = runs.best(held)
            effects = "; ".join(f"{SHORT[f]} {'/'.join(f'{g:+.1%}' for g in tr)} → {h:+.1%}"
                                for f, (tr, h) in fold["effects"].items())
            fold_rows.append([held, fold["setting"].label(), fmt(found), common.ratio(found[0], best[0]),
                              common.ratio(found[1], best[1]), effects])
        print(common.table(["held out", "chosen on the other three", "held-out nDCG@10 / MAP", "÷ best nDCG@10",
                            "÷ best MAP", "each feature: training gains → held-out gain"], fold_rows, "lllrrl"))
        chosen_in = {f: sum(getattr(fold["setting"], f) for fold in folds) for f in CHOSEN}
        held_gains = {f: [fold["effects"][f][1] for fold in folds] for f in CHOSEN}
        print(f"\nDefaults, chosen the same way on all four collections: {final.label()}, K1 {final.k1}, "
              f"B {final.b}. Per feature, the folds that chose it and its gain on each held-out collection "
              f"(toggled from that fold's choice):\n")
        print(common.table(["feature", "default", "folds choosing it", *(f"held-out {n}" for n in names)], [
            [TITLES[f], "on" if getattr(final, f) else "off", f"{chosen_in[f]} of {len(folds)}",
             *(f"{g:+.1%}" for g in held_gains[f])] for f in CHOSEN]))

    print("\nnewsearch cost: all judged queries of a collection in one batch on the open index (s):\n")
    costed = list(rows)[:2] + [label for label in rows if label.endswith(TITLES["combined"])]
    print(common.table(["collection", "queries", *costed], [
        [n, len(runs.data[n][1]), *(runs.time(n, rows[label]) for label in costed)] for n in names]))
    if args.news:
        news = {"newsearch as shipped before issue 17": SHIPPED, "newsearch, defaults chosen here": final}
        for feature in FEATURES:
            state = getattr(final, feature)
            news[("− " if state else "+ ") + TITLES[feature]] = replace(final, **{feature: not state})
        for k1, b in ((1.2, 0.75),) + BM25_VARIANTS:
            if (k1, b) != (final.k1, final.b):
                news[f"K1 {k1}, B {b}"] = replace(final, k1=k1, b=b)
        news_part(news)


NATIVE_QTF = False


if __name__ == "__main__":
    main()
