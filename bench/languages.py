"""Known-item search in Khmer, Burmese and Chinese news (issue 18), beside SQLite FTS5.

For each article: a short phrase a reader would type (two consecutive reference words of the
script, letters and marks only, or four consecutive Han characters; zero-width spaces left out),
found in the article's text and in at most two articles of its collection. Is the article in
the top 10? Articles are split in two halves by the parity of their position in the collection:
the analysis choices (a typed run as a phrase or an AND of its words; a zero-width space as a word
boundary or ignored) are made on half A and reported on half B. A run typed without spaces is one
query word, which the parser (querynames' joined words, as for "Jay-Z") makes the phrase of its
parts; "AND of ICU words" types the words apart instead. Peers: SQLite FTS5 with its `trigram`
and `unicode61` tokenizers, the same queries as quoted phrases, ranked by FTS5's bm25. Also: index size and indexing rate with and
without segmentation (without = the analysis before issue 18: the original word pattern only),
and English known-item search on BBC News, where both analyses must give the same hits.

Each configuration runs in its own process (`--child`): the analysis caches stay apart.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

HAN = re.compile("[\u4e00-\u9fff]{4}")
ZWSP = "\u200b"
QUERIES_PER_CHINESE_ARTICLE = 6  # 35 pages: several phrases each, for a figure worth reading
MAX_FREQUENCY = 2


def load(language: str) -> list[dict]:
    """[{id, title, body, text, words}] of one collection (text: title and body as published)."""
    if language == "zh":
        truth = json.loads(common.require_corpus("asian-news", "chinese", "ground-truth.json").read_text())
        rows = [{"id": f"zh-{key}", "text": value["articleBody"], "words": None} for key, value in sorted(truth.items())]
    elif language == "en":
        rows = _bbc()
    else:
        name = {"km": "khmer", "my": "burmese"}[language]
        path = common.require_corpus("asian-news", name, "articles.jsonl")
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        title, _, body = row["text"].strip().partition("\n")
        row["title"], row["body"] = title.strip(), body.strip()
    return rows


def _bbc() -> list[dict]:
    folder = common.extract_tar(common.require_corpus("bbc-news", "bbc-fulltext.tar.gz"), common.DATA / "bbc",
                                lambda p: any(p.rglob("*.txt")))
    rows = []
    for path in sorted(folder.rglob("*.txt"))[:1000]:
        text = path.read_bytes().decode("latin-1")
        rows.append({"id": f"bbc-{path.parent.name}-{path.stem}", "text": text, "words": text.split()})
    return rows


def known_items(rows: list[dict], language: str) -> list[tuple[str, str, int]]:
    """(article id, typed phrase, half) for each article that has a rare enough phrase."""
    typed = [row["text"].replace(ZWSP, "") for row in rows]
    items = []
    for number, row in enumerate(rows):
        rng = random.Random(row["id"])
        wanted = QUERIES_PER_CHINESE_ARTICLE if language == "zh" else 1
        seen: set[str] = set()
        for _ in range(60):
            phrase = _candidate(row, language, rng)
            if not phrase or phrase in seen:
                continue
            if phrase in typed[number] and sum(phrase in text for text in typed) <= MAX_FREQUENCY:
                seen.add(phrase)
                items.append((row["id"], phrase, number % 2))
                if len(seen) == wanted:
                    break
    return items


def _candidate(row: dict, language: str, rng: random.Random) -> str | None:
    if language == "zh":
        runs = [m.start() for m in re.finditer("(?=[\u4e00-\u9fff]{4})", row["body"])]
        if not runs:
            return None
        start = rng.choice(runs)
        return row["body"][start : start + 4]
    words = [w.replace(ZWSP, "") for w in row["words"]]
    if len(words) < 2:
        return None
    i = rng.randrange(len(words) - 1)
    pair = words[i : i + 2]
    if language == "en":  # as typed in English: the two words, punctuation dropped
        pair = [re.sub(r"[^\w'-]", "", w) for w in pair]
        return " ".join(pair) if all(len(w) > 2 for w in pair) else None
    # Words of the script only, letters and marks only (the reference words carry some
    # punctuation, digits and Latin words; a reader types those apart, with spaces).
    if not all(w and all(unicodedata.category(ch)[0] in "LM" and not ch.isascii() for ch in w) for w in pair):
        return None
    phrase = "".join(pair)
    return phrase if len(phrase) >= 4 else None


# ---------------------------------------------------------------- one configuration, in a child process


def child(language: str, segmented: bool, ignore_zwsp: bool, joined: str) -> dict:
    from newsearch.engines.whoosh import analysis, indexer, searcher

    if not segmented:  # the analysis before issue 18: the original word pattern for every text
        analysis.needs_analysis = lambda text: False
        analysis.unspaced = lambda word: False
    analysis.ignore_zero_width_spaces(ignore_zwsp)
    rows = load(language)
    items = known_items(rows, language)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{language}.jsonl"
        source.write_text("".join(json.dumps({"id": r["id"], "title": r["title"], "body": r["body"]},
                                             ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        folder = Path(tmp) / "ix"
        started = time.perf_counter()
        indexer.index_paths([source], folder)
        seconds = time.perf_counter() - started
        size = common.dir_size(folder)
        found = []
        queries = [(str(n), _typed(phrase, joined)) for n, (_, phrase, _) in enumerate(items)]
        results = dict(searcher.search_batch(folder, queries, limit=10, snippets=False))
        for n, (article, phrase, half) in enumerate(items):
            result = results[str(n)]
            ids = [] if isinstance(result, Exception) else [hit.id for hit in result.hits]
            found.append((half, article in ids, ids))
    return {"seconds": seconds, "size": size, "articles": len(rows), "found": found}


def _typed(phrase: str, joined: str) -> str:
    """The query for a phrase: as typed (one run: the parser makes it the phrase of its parts, as
    it does for "Jay-Z"), or, for "and", its ICU words apart (each anywhere in the article)."""
    if joined != "and":
        return phrase
    from newsearch.engines.whoosh import analysis

    return " ".join(phrase[a:b] for a, b in analysis.words(phrase))


def fts5(language: str, tokenizer: str) -> list[tuple[int, bool, list[str]]]:
    rows = load(language)
    items = known_items(rows, language)
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, body, tokenize='{tokenizer}')")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(r["id"], r["title"] + "\n" + r["body"]) for r in rows])
    out = []
    for article, phrase, half in items:
        quoted = '"' + phrase.replace('"', '""') + '"'
        try:
            ids = [row[0] for row in db.execute("SELECT id FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10", (quoted,))]
        except sqlite3.OperationalError:
            ids = []
        out.append((half, article in ids, ids))
    return out


def run_child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def rate(found, half: int) -> str:
    picked = [hit for h, hit, *_ in found if h == half]
    return f"{sum(picked) / len(picked):.3f}" if picked else "-"


def reciprocal_rank(found, half: int, articles: list[str]) -> str:
    """Mean reciprocal rank of the known item within the top 10 (0 beyond): ties of the top-10
    rate told apart."""
    ranks = [1 / (ids.index(article) + 1) if article in ids else 0.0
             for (h, _, ids), article in zip(found, articles) if h == half]
    return f"{sum(ranks) / len(ranks):.3f}" if ranks else "-"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        language, segmented, ignore, joined = sys.argv[2:6]
        print(json.dumps(child(language, segmented == "1", ignore == "1", joined)))
        return
    common.parser(__doc__).parse_args()
    configs = {  # name: (segmented, ZWSP ignored, how a typed run is joined)
        "segmented, phrase": ("1", "0", "phrase"),
        "segmented, AND of ICU words": ("1", "0", "and"),
        "segmented, ZWSP ignored, phrase": ("1", "1", "phrase"),
        "not segmented (before)": ("0", "0", "phrase"),
    }
    results: dict = {}
    for language in ("km", "my", "zh"):
        for name, (seg, ignore, joined) in configs.items():
            if ignore == "1" and language != "km":  # only the Khmer texts hold zero-width spaces
                continue
            results[language, name] = run_child(language, seg, ignore, joined)
        results[language, "FTS5 trigram"] = {"found": fts5(language, "trigram")}
        results[language, "FTS5 unicode61"] = {"found": fts5(language, "unicode61")}
    english = {name: run_child("en", seg, "0", "phrase") for name, (seg, _, _) in
               (("segmented", ("1", "0", "")), ("not segmented (before)", ("0", "0", "")))}

    common.print_header("Known-item search in unspaced scripts (bench/languages.py)")
    names = [*configs, "FTS5 trigram", "FTS5 unicode61"]
    rows = []
    for name in names:
        row = [name]
        for language in ("km", "my", "zh"):
            got = results.get((language, name))
            row += [rate(got["found"], 0), rate(got["found"], 1)] if got else ["-", "-"]
        rows.append(row)
    counts = {lang: [sum(1 for h, *_ in results[lang, "FTS5 trigram"]["found"] if h == half) for half in (0, 1)]
              for lang in ("km", "my", "zh")}
    print("Top-10 known-item rate; A = choosing half, B = reported half (queries: "
          + ", ".join(f"{lang} {a}/{b}" for lang, (a, b) in counts.items()) + ").\n")
    print(common.table(["configuration", "Khmer A", "Khmer B", "Burmese A", "Burmese B", "Chinese A", "Chinese B"], rows))
    items = {lang: [article for article, _, _ in known_items(load(lang), lang)] for lang in ("km", "my", "zh")}
    mrr_rows = []
    for name in names:
        row = [name]
        for language in ("km", "my", "zh"):
            got = results.get((language, name))
            row += [reciprocal_rank(got["found"], half, items[language]) for half in (0, 1)] if got else ["-", "-"]
        mrr_rows.append(row)
    print("\nMean reciprocal rank of the known item (top 10; 0 beyond), the same queries:\n")
    print(common.table(["configuration", "Khmer A", "Khmer B", "Burmese A", "Burmese B", "Chinese A", "Chinese B"], mrr_rows))
    print("\nIndex size and indexing rate (all articles of each collection, one process, `index_paths`):\n")
    size_rows = []
    for language in ("km", "my", "zh"):
        for name in ("segmented, phrase", "not segmented (before)"):
            got = results[language, name]
            size_rows.append([language, name, got["articles"], f"{got['size'] / 2**20:.2f} MB",
                              f"{got['articles'] / got['seconds']:.0f} articles/s"])
    print(common.table(["collection", "analysis", "articles", "index size", "indexing rate"], size_rows))
    seg, old = english["segmented"], english["not segmented (before)"]
    same = sum(a[2] == b[2] for a, b in zip(seg["found"], old["found"]))
    print(f"\nEnglish (BBC News, first 1,000 articles, {len(seg['found'])} known items): top-10 "
          f"A {rate(seg['found'], 0)} / B {rate(seg['found'], 1)} with this analysis, "
          f"A {rate(old['found'], 0)} / B {rate(old['found'], 1)} before; identical top-10 lists for "
          f"{same} of {len(seg['found'])} queries; index {seg['size'] / 2**20:.2f} MB vs {old['size'] / 2**20:.2f} MB.")


if __name__ == "__main__":
    main()
