"""End-to-end benchmark on the BBC News corpus (2,225 plain-text articles, 5 MB).

Indexing (each engine as a child process, fresh folder, round-robin): wall time, files/s,
articles/s, peak RSS, index size; newsearch's incremental no-change re-run.
Queries: a fixed set of mixed kinds (below), in-process (`newsearch.engines.whoosh.searcher.search` against
plain Whoosh and SQLite FTS5, see peers.py) and whole-process (`newsearch query --format jsonl`
against the peers' command lines and `grep -rilzP`, and `rg` when installed).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import common
import peers

TOPICS = ("business", "entertainment", "politics", "sport", "tech")
FILES = 2225


@dataclass(frozen=True)
class Q:
    """One query, said to each engine in its own syntax. `grep` is a PCRE over the whole file
    (`grep -z`: the file is one record, its first line the title), case-insensitive."""

    kind: str
    text: str  # newsearch syntax (also plain Whoosh's: the same query parser family)
    fts5: str
    grep: str
    any: bool = False  # --any: match any word


def _and(*words: str) -> str:
    return "(?s)^" + "".join(rf"(?=.*\b{w}\b)" for w in words)


# Chosen from the corpus's topics (business, entertainment, politics, sport, tech); fixed so runs compare.
QUERIES = (
    Q("word", "economy", "economy", r"\beconomy\b"),
    Q("word", "broadband", "broadband", r"\bbroadband\b"),
    Q("word", "piracy", "piracy", r"\bpiracy\b"),
    Q("word", "Yukos", "Yukos", r"\byukos\b"),
    Q("word", "Oscar", "Oscar", r"\boscar\b"),
    Q("word", "immigration", "immigration", r"\bimmigration\b"),
    Q("word (stemmed)", "elections", "elections", r"\belections?\b"),
    Q("word (stemmed)", "striking", "striking", r"\bstrik(e|es|ing)\b"),
    Q("name phrase", '"Tony Blair"', '"Tony Blair"', r"\btony\s+blair\b"),
    Q("name phrase", '"Gordon Brown"', '"Gordon Brown"', r"\bgordon\s+brown\b"),
    Q("name phrase", '"Michael Howard"', '"Michael Howard"', r"\bmichael\s+howard\b"),
    Q("name phrase", '"Arsene Wenger"', '"Arsene Wenger"', r"\barsene\s+wenger\b"),
    Q("name phrase", '"Jose Mourinho"', '"Jose Mourinho"', r"\bjose\s+mourinho\b"),
    Q("name phrase", '"Bill Gates"', '"Bill Gates"', r"\bbill\s+gates\b"),
    Q("two-word AND", "interest rates", "interest rates", _and("interest", "rates")),
    Q("two-word AND", "mobile phones", "mobile phones", _and("mobile", "phones")),
    Q("two-word AND", "box office", "box office", _and("box", "office")),
    Q("two-word AND", "Chelsea Mourinho", "Chelsea Mourinho", _and("chelsea", "mourinho")),
    Q("two-word AND", "Iraq war", "Iraq war", _and("iraq", "war")),
    Q("two-word AND", "rugby Ireland", "rugby Ireland", _and("rugby", "ireland")),
    Q("OR (--any)", "Oscar Bafta", "Oscar Bafta", r"\b(oscar|bafta)\b", any=True),
    Q("OR (--any)", "iPod iTunes", "iPod iTunes", r"\b(ipod|itunes)\b", any=True),
    Q("OR (--any)", "Microsoft Google", "Microsoft Google", r"\b(microsoft|google)\b", any=True),
    Q("OR (--any)", "tsunami earthquake", "tsunami earthquake", r"\b(tsunami|earthquake)\b", any=True),
    Q("field", "title:economy", "title:economy", r"^[^\n]*\beconomy\b"),
    Q("field", "title:Blair", "title:Blair", r"^[^\n]*\bblair\b"),
    Q("field phrase", 'title:"Six Nations"', 'title:"Six Nations"', r"^[^\n]*\bsix\s+nations\b"),
    Q("two fields", "title:music body:download", "title:music AND body:download",
      r"(?s)^(?=[^\n]*\bmusic\b)(?=.*\bdownload\b)"),
    Q("prefix", "champion*", "champion*", r"\bchampion"),
    Q("prefix", "broadcast*", "broadcast*", r"\bbroadcast"),
    Q("prefix", "terror*", "terror*", r"\bterror"),
    Q("boolean NOT", "election NOT Blair", "election NOT Blair", r"(?s)^(?=.*\belections?\b)(?!.*\bblair\b)"),
)
QUICK_QUERIES = QUERIES[::4]


def main() -> None:
    p = common.parser(__doc__)
    p.add_argument("--index-runs", type=int, help="indexing runs per engine (default 3; --quick: 1)")
    p.add_argument("--reps", type=int, help="in-process repetitions of the query set (default 7; --quick: 2)")
    p.add_argument("--process-reps", type=int, help="whole-process repetitions of the query set (default 3; --quick: 1)")
    p.add_argument("--per-query", action="store_true", help="also print a table per query")
    args = p.parse_args()
    index_runs = args.index_runs or (1 if args.quick else 3)
    reps = args.reps or (2 if args.quick else 7)
    process_reps = args.process_reps or (1 if args.quick else 3)
    queries = QUICK_QUERIES if args.quick else QUERIES

    archive = common.require_corpus("bbc-news", "bbc-fulltext.tar.gz")
    root = common.extract_tar(archive, common.DATA / "bbc-news", _whole) / "bbc"
    topics = [root / t for t in TOPICS]  # not bbc/README.TXT

    with tempfile.TemporaryDirectory(prefix="newsearch-bbc-", dir=common.DATA) as tmp:
        work = Path(tmp)
        ns_dir, wh_dir, db = work / "newsearch", work / "whoosh", work / "fts5.sqlite"
        indexing = _index_all(topics, root, ns_dir, wh_dir, db, index_runs)
        incremental = _incremental(topics, ns_dir, 2 if args.quick else 5)
        articles = _article_count(ns_dir)
        in_process, totals = _in_process(queries, ns_dir, wh_dir, db, reps)
        grep_counts = _grep_counts(queries, root)
        whole = _whole_process(queries, root, ns_dir, wh_dir, db, process_reps)

    common.print_header("BBC News end to end (bench/bbc.py)")
    print(f"Corpus: {FILES} files, 5.0 MB of text ({articles} distinct articles: newsearch indexes each "
          f"duplicate text once; the peers index every file). newsearch {common.package_version('newsearch')}, "
          f"whoosh {common.package_version('whoosh')}, SQLite {peers.sqlite3.sqlite_version}, "
          f"{len(queries)} queries.\n")

    print(f"### Indexing (child process, fresh folder; median of {index_runs} round-robin run(s))\n")
    rows = []
    ns = indexing["newsearch"]
    for name, r in indexing.items():
        docs = articles if name == "newsearch" else FILES
        rows.append([name, r["wall"], FILES / r["wall"], docs / r["wall"], r["rss"], r["size"] / 2**20,
                     "1.00×" if name == "newsearch" else common.ratio(ns["wall"], r["wall"])])
    print(common.table(["engine", "wall s", "files/s", "articles/s", "peak RSS MB", "index MB",
                        "newsearch wall ÷ this"], rows))
    print(f"\nnewsearch incremental re-run, nothing changed (`newsearch index` again, same paths): "
          f"median {common.ms(common.median(incremental)):.0f} ms, p95 {common.ms(common.p95(incremental)):.0f} ms "
          f"over {len(incremental)} runs.\n")

    print(f"### Query latency in process (each call opens the index; {reps} repetitions of the set "
          f"after a warm-up, round-robin per query)\n")
    print(_latency_table(in_process))
    print()
    print(f"### Query latency, whole process (`--format jsonl`, output to /dev/null; {process_reps} "
          f"repetition(s) of the set after a warm-up, round-robin per query)\n")
    print(_latency_table(whole))
    print("\n`newsearch`: `newsearch query Q --format jsonl --index DIR [--any]`; `whoosh`/`fts5`: "
          "`python bench/peers.py query ENGINE DIR Q [--any]`; `grep`: `grep -rilzP PCRE DIR` (no ranking, "
          "no stemming, no snippets: a scan floor)" + ("; `rg`: `rg -lUi --pcre2 PCRE DIR`." if shutil.which("rg")
                                                      else "; `rg` is not installed here (not measured)."))
    print()
    if args.per_query:
        print("### Per query: matches and in-process median ms\n")
        rows = []
        for q in queries:
            key = _label(q)
            rows.append([f"`{key}`", q.kind, totals["newsearch"][key], totals["whoosh"][key], totals["fts5"][key],
                         grep_counts[key]] + [common.ms(common.median(in_process[e][key])) for e in in_process])
        print(common.table(["query", "kind", "hits ns", "hits whoosh", "hits fts5", "files grep",
                            "ns ms", "whoosh ms", "fts5 ms"], rows, "llrrrrrrr"))
        print()


def _whole(dest: Path) -> bool:
    return sum(1 for _ in (dest / "bbc").glob("*/*.txt")) == FILES


def _label(q: Q) -> str:
    return q.text + (" --any" if q.any else "")


# ---------------------------------------------------------------- indexing


def _index_all(topics, root, ns_dir, wh_dir, db, runs) -> dict[str, dict]:
    ns = common.newsearch_command()
    peers_py = [common.PYTHON, str(common.BENCH / "peers.py"), "index"]
    commands = {
        "newsearch": ([*ns, "index", *map(str, topics), "--index", str(ns_dir), "--rebuild"], ns_dir),
        "plain Whoosh": ([*peers_py, "whoosh", str(root), str(wh_dir)], wh_dir),
        "SQLite FTS5": ([*peers_py, "fts5", str(root), str(db)], db),
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, dest) in commands.items():
            if name != "newsearch" and dest.exists():  # newsearch clears its own with --rebuild
                shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
            wall, rss, _ = common.check_child(argv)
            samples[name].append((wall, rss))
    return {name: {"wall": common.median([w for w, _ in s]), "rss": common.median([r for _, r in s]),
                   "size": common.dir_size(commands[name][1])} for name, s in samples.items()}


def _incremental(topics, ns_dir, runs) -> list[float]:
    argv = [*common.newsearch_command(), "index", *map(str, topics), "--index", str(ns_dir)]
    common.check_child(argv)  # warm-up
    return [common.check_child(argv)[0] for _ in range(runs)]


def _article_count(ns_dir: Path) -> int:
    from newsearch.engines.whoosh import searcher

    return searcher.index_stats(ns_dir).articles


# ---------------------------------------------------------------- queries


def _in_process(queries, ns_dir, wh_dir, db, reps):
    from newsearch.engines.whoosh import searcher

    engines = {
        "newsearch": lambda q: searcher.search(ns_dir, q.text, match_all=not q.any).total,
        "whoosh": lambda q: peers.whoosh_search(wh_dir, q.text, not q.any)[0],
        "fts5": lambda q: peers.fts5_search(db, q.fts5, not q.any)[0],
    }
    totals = {name: {_label(q): fn(q) for q in queries} for name, fn in engines.items()}  # warm-up
    times: dict[str, dict[str, list[float]]] = {name: {_label(q): [] for q in queries} for name in engines}
    for _ in range(reps):
        for q in queries:
            for name, fn in engines.items():
                times[name][_label(q)].append(common.time_call(lambda: fn(q)))
    return times, totals


def _grep_counts(queries, root: Path) -> dict[str, int]:
    counts = {}
    for q in queries:
        out = subprocess.run(["grep", "-rilzP", q.grep, str(root)], capture_output=True, text=True).stdout
        counts[_label(q)] = len([line for line in out.splitlines() if line.endswith(".txt")])
    return counts


def _whole_process(queries, root, ns_dir, wh_dir, db, reps):
    ns = common.newsearch_command()
    peers_py = [common.PYTHON, str(common.BENCH / "peers.py"), "query"]
    rg = shutil.which("rg")

    def commands(q: Q) -> dict[str, list[str]]:
        extra = ["--any"] if q.any else []
        found = {
            "newsearch": [*ns, "query", q.text, "--format", "jsonl", "--index", str(ns_dir), *extra],
            "whoosh": [*peers_py, "whoosh", str(wh_dir), q.text, *extra],
            "fts5": [*peers_py, "fts5", str(db), q.fts5, *extra],
            "grep": ["grep", "-rilzP", q.grep, str(root)],
        }
        if rg:
            found["rg"] = [rg, "-lUi", "--pcre2", q.grep, str(root)]
        return found

    times: dict[str, dict[str, list[float]]] = {}
    for round_ in range(reps + 1):
        for q in queries:
            for name, argv in commands(q).items():
                wall, _, code = common.run_child(argv)
                if code not in (0, 1):
                    raise SystemExit(f"{name} failed (exit {code}) on {_label(q)}")
                if round_:
                    times.setdefault(name, {}).setdefault(_label(q), []).append(wall)
    return times


def _latency_table(times: dict[str, dict[str, list[float]]]) -> str:
    """Per engine: median and p95 over every (query, repetition) sample; ratio newsearch ÷ engine."""
    flat = {name: [s for samples in per_query.values() for s in samples] for name, per_query in times.items()}
    ns = flat["newsearch"]
    ns_median = common.median(ns)
    rows = []
    for name, samples in flat.items():
        per_query_medians = [common.median(s) for s in times[name].values()]
        rows.append([name, common.ms(common.median(samples)), common.ms(common.p95(samples)),
                     common.ms(max(per_query_medians)), common.ms(statistics.fmean(samples) * len(times[name])),
                     "1.00×" if name == "newsearch" else common.ratio(ns_median, common.median(samples))])
    return common.table(["engine", "median ms", "p95 ms", "slowest query (median) ms", "whole set ms",
                         "newsearch median ÷ this"], rows)


if __name__ == "__main__":
    main()
