"""Peer search engines for the benchmarks, on the same plain-text articles newsearch indexes.

- whoosh: plain Whoosh, `StemmingAnalyzer` on title and body (both stored, for highlights),
  one writer with default settings; queries through `MultifieldParser(["title", "body"])`,
  top 10 with a body highlight each and the total count.
- fts5: SQLite FTS5 from the stdlib (`porter unicode61` tokenizer), one transaction;
  queries rank by `bm25(docs, 3.0, 1.0)` (title weighted), top 10 with a body snippet each,
  plus `count(*)`.

- tantivy: the Rust engine's Python binding, `en_stem` tokenizer on title and body, one writer;
  queries through `parse_query(text, ["title", "body"])`, top 10 plus the count.

Each search call opens the index (connection) and closes it, as `newsearch.engines.whoosh.searcher.search` does.

Also a command line, so peers can be timed as whole processes like `newsearch`:
    python bench/peers.py index whoosh|fts5|tantivy SOURCE_DIR DEST
    python bench/peers.py query whoosh|fts5|tantivy DEST QUERY [--any]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import warnings
from pathlib import Path

ENGINES = ("whoosh", "fts5", "tantivy")
LIMIT = 10


def load_documents(root: Path) -> list[tuple[str, str, str]]:
    """(path, title, body) for every `*.txt` under `root` (first line title, then the body)."""
    docs = []
    for path in sorted(root.rglob("*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:  # bbc/sport/199.txt has one Latin-1 byte
            text = raw.decode("cp1252", errors="replace")
        title, _, body = text.partition("\n")
        docs.append((str(path), title.strip(), body.strip()))
    return docs


# ---------------------------------------------------------------- plain Whoosh


def _whoosh():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from whoosh import analysis, fields, index, qparser
    return analysis, fields, index, qparser


def whoosh_index(docs, folder: Path) -> int:
    analysis, fields, index, _ = _whoosh()
    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), stored=True),
    )
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema)
    writer = ix.writer()
    for path, title, body in docs:
        writer.add_document(path=path, title=title, body=body)
    writer.commit()
    return len(docs)


def whoosh_search(folder: Path, text: str, match_all: bool = True) -> tuple[int, list[dict]]:
    _, _, index, qparser = _whoosh()
    ix = index.open_dir(str(folder))
    group = qparser.AndGroup if match_all else qparser.OrGroup
    parser = qparser.MultifieldParser(["title", "body"], ix.schema, group=group)
    with ix.searcher() as searcher:
        results = searcher.search(parser.parse(text), limit=LIMIT)
        hits = [{"rank": n, "score": hit.score, "path": hit["path"], "title": hit["title"],
                 "snippet": hit.highlights("body")} for n, hit in enumerate(results, 1)]
        total = len(results)
    ix.close()
    return total, hits


# ---------------------------------------------------------------- SQLite FTS5


def fts5_index(docs, db: Path) -> int:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    with con:
        con.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, path UNINDEXED, tokenize='porter unicode61')")
        con.executemany("INSERT INTO docs(title, body, path) VALUES (?, ?, ?)",
                        ((title, body, path) for path, title, body in docs))
    con.close()
    return len(docs)


def fts5_search(db: Path, text: str, match_all: bool = True) -> tuple[int, list[dict]]:
    """`text` is FTS5 syntax already (implicit AND); match_all=False joins bare words with OR."""
    if not match_all:
        text = " OR ".join(text.split())
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT path, title, snippet(docs, 1, '[', ']', '…', 16), bm25(docs, 3.0, 1.0) AS score "
            "FROM docs WHERE docs MATCH ? ORDER BY score LIMIT ?", (text, LIMIT)).fetchall()
        total = con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (text,)).fetchone()[0]
    finally:
        con.close()
    hits = [{"rank": n, "score": -score, "path": path, "title": title, "snippet": snippet}
            for n, (path, title, snippet, score) in enumerate(rows, 1)]
    return total, hits


# ---------------------------------------------------------------- tantivy


def tantivy_index(docs, folder: Path) -> int:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("path", stored=True)
    folder.mkdir(parents=True, exist_ok=True)
    writer = tantivy.Index(builder.build(), path=str(folder)).writer()
    for path, title, body in docs:
        writer.add_document(tantivy.Document(title=title, body=body, path=path))
    writer.commit()
    writer.wait_merging_threads()
    return len(docs)


def tantivy_search(folder: Path, text: str, match_all: bool = True) -> tuple[int, list[dict]]:
    import tantivy

    index = tantivy.Index.open(str(folder))
    searcher = index.searcher()
    if match_all:  # tantivy's parser joins words with OR unless told otherwise
        text = " ".join(f"+{w}" if w.isalnum() else w for w in text.split())
    found = searcher.search(index.parse_query(text, ["title", "body"]), LIMIT, count=True)
    hits = []
    for n, (score, address) in enumerate(found.hits, 1):
        doc = searcher.doc(address)
        hits.append({"rank": n, "score": score, "path": doc["path"][0], "title": doc["title"][0]})
    return found.count, hits


INDEXERS = {"whoosh": whoosh_index, "fts5": fts5_index, "tantivy": tantivy_index}
SEARCHERS = {"whoosh": whoosh_search, "fts5": fts5_search, "tantivy": tantivy_search}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="action", required=True)
    ix = sub.add_parser("index", help="index SOURCE_DIR's *.txt into DEST")
    ix.add_argument("engine", choices=ENGINES)
    ix.add_argument("source", type=Path)
    ix.add_argument("dest", type=Path)
    q = sub.add_parser("query", help="query DEST; hits as JSON lines on stdout (exit 1: no hits)")
    q.add_argument("engine", choices=ENGINES)
    q.add_argument("dest", type=Path)
    q.add_argument("text")
    q.add_argument("--any", action="store_true", help="match any word instead of all")
    args = p.parse_args()
    if args.action == "index":
        count = INDEXERS[args.engine](load_documents(args.source), args.dest)
        print(f"indexed {count} documents", file=sys.stderr)
        return
    total, hits = SEARCHERS[args.engine](args.dest, args.text, not args.any)
    for hit in hits:
        print(json.dumps(hit, ensure_ascii=False))
    sys.exit(0 if total else 1)


if __name__ == "__main__":
    main()
