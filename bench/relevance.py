"""Ranking quality on classic IR test collections (CISI, MED, Cranfield), newsearch beside peers.

For each collection: the documents are written as JSON Lines (`id`, `title`, `body`) and indexed
with `newsearch index`; every judged query runs through `searcher.search_batch` (what `newsearch
query --batch FILE --any --limit 100` runs), and the same queries run on the same documents in
tantivy (default BM25 and tokenizer, its query parser over title and body, OR semantics) and
SQLite FTS5 (`bm25()`, porter tokenizer, OR of the query's words). Scores: nDCG@10, MAP (over the
top 100) and P@10, trec_eval conventions (newsearch/metrics.py).

Queries are natural-language sentences, so each system gets the query's words (lower-cased,
punctuation dropped): no query syntax reaches any parser.

    python bench/relevance.py            # all three collections
    python bench/relevance.py --only med
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

sys.path.insert(0, str(common.REPO))  # the checkout's newsearch, installed or not
from newsearch import metrics, searcher  # noqa: E402

COLLECTIONS = ("cisi", "med", "cranfield")
DEPTH = 100
CUTOFF = 10


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
    if name == "cisi":
        docs, qry, rel = folder / "CISI.ALL", folder / "CISI.QRY", folder / "CISI.REL"
    elif name == "med":
        docs, qry, rel = folder / "MED.ALL", folder / "MED.QRY", folder / "MED.REL"
    else:
        docs, qry, rel = folder / "cran.all.1400", folder / "cran.qry", folder / "cran.qrels"
    documents = [{"id": r["I"], "title": r.get("T", ""), "body": r.get("W", "")} for r in smart_records(docs)]
    documents = [d for d in documents if d["title"] or d["body"]]  # Cranfield has two empty records
    raw_queries = smart_records(qry)
    if name == "cranfield":  # judgements number the queries by position, not by their .I
        queries = [(str(n), (r.get("T", "") + "\n" + r.get("W", "")).strip()) for n, r in enumerate(raw_queries, 1)]
    else:
        queries = [(r["I"], (r.get("T", "") + "\n" + r.get("W", "")).strip()) for r in raw_queries]
    judgements: dict[str, dict[str, float]] = {}
    for line in rel.read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if not parts:
            continue
        if name == "cisi":
            qid, doc, grade = parts[0], parts[1], 1.0
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


# ---------------------------------------------------------------- the systems


def run_newsearch(documents, queries, work: Path):
    source = work / "docs.jsonl"
    with open(source, "w", encoding="utf-8") as handle:
        for doc in documents:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    folder = work / "newsearch-index"
    env = dict(os.environ, PYTHONPATH=str(common.REPO))
    common.check_child([*common.newsearch_command(), "index", str(source), "--index", str(folder), "--rebuild"], env=env)
    batch = [(qid, " ".join(words(text))) for qid, text in queries]
    rankings = {}
    for qid, result in searcher.search_batch(folder, batch, match_all=False, limit=DEPTH):
        if isinstance(result, Exception):
            raise SystemExit(f"query {qid} failed: {result}")
        rankings[qid] = [hit.id for hit in result.hits]
    return rankings, folder, batch


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


def scores(rankings, judgements) -> tuple[float, float, float]:
    ndcg = metrics.mean([metrics.ndcg_at(rankings[q], judgements[q], CUTOFF) for q in rankings])
    ap = metrics.mean([metrics.average_precision(rankings[q], judgements[q]) for q in rankings])
    p10 = metrics.mean([metrics.precision_at(rankings[q], judgements[q], CUTOFF) for q in rankings])
    return ndcg, ap, p10


def latency(folder: Path, batch, rounds: int) -> tuple[float, float]:
    """Median and 95th percentile (ms) of one in-process `search()` call (the searcher stays open)."""
    samples = []
    for _ in range(rounds):
        for _, text in batch:
            samples.append(common.time_call(lambda: searcher.search(folder, text, match_all=False, limit=10)))
    return common.ms(statistics.median(samples)), common.ms(common.p95(samples))


def main() -> None:
    p = common.parser(__doc__)
    p.add_argument("--only", choices=COLLECTIONS, action="append", help="collection(s) to score (default: all)")
    args = p.parse_args()
    common.print_header("Ranking quality on classic IR collections (nDCG@10, MAP@100, P@10)")
    print(f"- newsearch {common.package_version('newsearch')}, whoosh {common.package_version('whoosh')}, "
          f"tantivy {common.package_version('tantivy')}, SQLite {sqlite3.sqlite_version}\n")
    rows, ratio_rows, timing_rows = [], [], []
    for name in args.only or COLLECTIONS:
        documents, queries, judgements = load(name)
        with tempfile.TemporaryDirectory(prefix=f"relevance-{name}-", dir=common.DATA if common.DATA.is_dir() else None) as tmp:
            started = time.perf_counter()
            ours, folder, batch = run_newsearch(documents, queries, Path(tmp))
            ours_seconds = time.perf_counter() - started
            found = {
                "newsearch": scores(ours, judgements),
                "tantivy": scores(run_tantivy(documents, queries), judgements),
                "sqlite-fts5": scores(run_fts5(documents, queries), judgements),
            }
            p50, p95 = latency(folder, batch, 1 if args.quick else 3)
        for system, (ndcg, ap, p10) in found.items():
            rows.append([name, system, ndcg, ap, p10])
        best = {i: max(found[s][i] for s in found if s != "newsearch") for i in range(3)}
        ratio_rows.append([name, len(documents), len(queries)] +
                          [common.ratio(found["newsearch"][i], best[i]) for i in range(3)])
        timing_rows.append([name, len(documents), ours_seconds, p50, p95])
        print(f"{name}: {len(documents)} documents, {len(queries)} judged queries", file=sys.stderr)
    print(common.table(["collection", "system", "nDCG@10", "MAP", "P@10"], [
        [r[0], r[1], f"{r[2]:.4f}", f"{r[3]:.4f}", f"{r[4]:.4f}"] for r in rows], "llrrr"))
    print("\nnewsearch ÷ best peer (per measure, the better of tantivy and FTS5):\n")
    print(common.table(["collection", "docs", "judged queries", "nDCG@10", "MAP", "P@10"], ratio_rows))
    print("\nnewsearch cost: index + all queries (s, one batch), and one in-process `search()` "
          "(the process keeps the index open, top 10, `--any`, with feedback), ms:\n")
    print(common.table(["collection", "docs", "index + batch s", "search p50 ms", "search p95 ms"], timing_rows))


if __name__ == "__main__":
    main()
