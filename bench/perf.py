"""Performance targets of issue 7, each beside its peers in the same run, with pass/fail.

Corpora (built under bench/data/perf/, git-ignored): Reuters-21578 as JSON Lines (20,841 titled
stories, bench/reuters.py), Reuters ×5 (104,205 stories: every story five times, ids changed) and
both as one-file-per-story folders (`title` line, then the body) for rg/grep and the peers.

- indexing (child processes: wall, stories/s, own peak RSS): newsearch (all fields) on ×1 and
  ×5 JSON Lines and on the ×1 folder of files; plain Whoosh (StemmingAnalyzer on title and body,
  one writer, default memory), SQLite FTS5 (porter) and tantivy (en_stem) on ×1; newsearch re-run
  on the unchanged ×5;
- whole-process queries, warm cache, QUERIES (50, mixed kinds) round-robin: `newsearch query
  --format jsonl` and `--format rich --color always` on ×5, `rg -i -l -F` over the ×5 files (the
  query's words as one phrase; grep -ril if rg is missing), tantivy's whole query process as floor;
- in-process `searcher.search` (10 hits with snippets) on ×1 and ×5: p50, p95, and the growth.

    python bench/perf.py [--quick] [--runs N]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import common
import reuters

PERF = common.DATA / "perf"
BENCH = Path(__file__).resolve().parent
QUERIES = [
    # words and stemmed words
    "oil", "coffee", "gold", "wheat", "dollar", "sugar", "copper", "strike", "exports", "earnings",
    # two or three words (all must match)
    "crude oil", "interest rates", "trade deficit", "central bank", "stock split", "oil prices",
    "money supply", "grain exports", "budget deficit", "share offer", "bank lending rates",
    # phrases
    '"crude oil"', '"interest rates"', '"trade surplus"', '"federal reserve"', '"net loss"', '"money market"',
    # names
    "Volcker", "Baker Treasury", "Yeutter", "Nakasone", "OPEC", "Lawson", "Stoltenberg",
    # fields
    "title:oil", "title:coffee prices", "title:gold", "body:tariffs", "title:dividend",
    # prefix
    "petro*", "export*", "acqui*",
    # boolean
    "oil NOT crude", "gold OR silver", "wheat AND (Soviet OR China)", "bank -merger", "coffee OR cocoa",
    "yen OR mark", "steel AND imports", "tin OR zinc",
]
assert len(QUERIES) == 50, len(QUERIES)
QUICK_STORIES = 2000


def rg_phrase(query: str) -> str:
    """The query's words as one literal phrase (operators, fields, quotes and wildcards dropped)."""
    words = [w for w in re.sub(r"\w+:", "", query).replace('"', " ").replace("(", " ").replace(")", " ").split()
             if w not in ("AND", "OR", "NOT") and not w.startswith("-")]
    return " ".join(w.strip("*+") for w in words)


# ---------------------------------------------------------------- corpora


def build_corpora(quick: bool) -> dict[str, Path]:
    base = PERF
    paths = {"x1": base / "reuters-x1.jsonl", "x5": base / "reuters-x5.jsonl",
             "files-x1": base / "files-x1", "files-x5": base / "files-x5"}
    if all(p.exists() for p in paths.values()):
        return paths
    archive = common.require_corpus(*reuters.ARCHIVE)
    records = list(reuters.stories(archive))
    if quick:
        records = records[:QUICK_STORIES]
    base.mkdir(parents=True, exist_ok=True)
    for copies, name in ((1, "x1"), (5, "x5")):
        folder = common.fresh_dir(Path(str(paths["files-" + name]) + ".partial"))
        reuters.write_copies(records, copies, paths[name], folder)
        folder.rename(paths["files-" + name]) if not paths["files-" + name].exists() else None
    return paths


# ---------------------------------------------------------------- measurements


def index_runs(paths: dict[str, Path], stories: dict[str, int]) -> dict[str, dict]:
    ns, py = common.newsearch_command(), common.PYTHON
    runs = {}
    for name, argv, count in (
        ("newsearch ×1", [*ns, "index", str(paths["x1"]), "--index", str(PERF / "ix-x1"), "--rebuild"], stories["x1"]),
        # The same stories as the plain Whoosh peer reads them, one file each (a folder of pages).
        ("newsearch ×1, as files", [*ns, "index", str(paths["files-x1"]), "--index", str(PERF / "ix-files-x1"),
                                    "--rebuild"], stories["x1"]),
        ("plain Whoosh ×1", [py, str(BENCH / "peers.py"), "index", "whoosh", str(paths["files-x1"]), str(PERF / "whoosh-x1")], stories["x1"]),
        ("SQLite FTS5 ×1", [py, str(BENCH / "peers.py"), "index", "fts5", str(paths["files-x1"]), str(PERF / "fts5-x1.db")], stories["x1"]),
        ("tantivy ×1", [py, str(BENCH / "peers.py"), "index", "tantivy", str(paths["files-x1"]), str(PERF / "tantivy-x1")], stories["x1"]),
        ("newsearch ×5", [*ns, "index", str(paths["x5"]), "--index", str(PERF / "ix-x5"), "--rebuild"], stories["x5"]),
        ("tantivy ×5", [py, str(BENCH / "peers.py"), "index", "tantivy", str(paths["files-x5"]), str(PERF / "tantivy-x5")], stories["x5"]),
    ):
        for stale in ("whoosh-x1", "tantivy-x1", "tantivy-x5", "fts5-x1.db"):
            if stale in argv[-1] and Path(argv[-1]).exists():
                shutil.rmtree(argv[-1]) if Path(argv[-1]).is_dir() else Path(argv[-1]).unlink()
        wall, rss, _ = common.check_child(argv)
        runs[name] = {"wall": wall, "rss": rss, "rate": count / wall, "count": count}
        print(f"  {name}: {wall:.1f} s, {count / wall:.0f} stories/s, {rss:.0f} MB", file=sys.stderr)
    rerun = [common.check_child([*ns, "index", str(paths["x5"]), "--index", str(PERF / "ix-x5")])[0] for _ in range(3)]
    runs["re-run ×5"] = {"wall": common.median(rerun)}
    for scale in ("x1", "x5"):  # `--optimize` on a copy: a re-run that finds nothing new, then the merge
        copy = PERF / f"ix-{scale}-opt"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(PERF / f"ix-{scale}", copy)
        wall, rss, _ = common.check_child([*ns, "index", str(paths[scale]), "--index", str(copy), "--optimize"])
        runs[f"merge ×{scale[1:]} into one segment (`--optimize`)"] = {"wall": wall, "rss": rss}
        print(f"  --optimize {scale}: {wall:.1f} s, {rss:.0f} MB", file=sys.stderr)
    return runs


def process_runs(paths: dict[str, Path], queries: list[str], rounds: int) -> dict[str, list[float]]:
    ns, py = common.newsearch_command(), common.PYTHON
    rg = shutil.which("rg")
    times: dict[str, list[float]] = {"jsonl": [], "rich": [], "jsonl, optimized": [], "rich, optimized": [],
                                     "files": [], "tantivy": [], "python": []}
    for round_ in range(rounds + 1):  # the first round warms the cache and is not counted
        for query in queries:
            commands = {
                "jsonl": [*ns, "query", query, "--index", str(PERF / "ix-x5"), "--format", "jsonl"],
                "rich": [*ns, "query", query, "--index", str(PERF / "ix-x5"), "--format", "rich", "--color", "always"],
                "jsonl, optimized": [*ns, "query", query, "--index", str(PERF / "ix-x5-opt"), "--format", "jsonl"],
                "rich, optimized": [*ns, "query", query, "--index", str(PERF / "ix-x5-opt"), "--format", "rich",
                                    "--color", "always"],
                "files": ([rg, "-i", "-l", "-F", "-e", rg_phrase(query), str(paths["files-x5"])] if rg else
                          ["grep", "-r", "-i", "-l", "-F", "-e", rg_phrase(query), str(paths["files-x5"])]),
                "tantivy": [py, str(BENCH / "peers.py"), "query", "tantivy", str(PERF / "tantivy-x5"), rg_phrase(query)],
                "python": [py, "-c", "pass"],
            }
            for name, argv in commands.items():
                wall, _, code = common.run_child(argv)
                if name.startswith(("jsonl", "rich")) and code not in (0, 1):
                    raise SystemExit(f"query failed (exit {code}): {argv}")
                if round_:
                    times[name].append(wall)
    times["files-tool"] = ["rg" if rg else "grep"]
    return times


def in_process(paths_by_scale: dict[str, Path], queries: list[str], repeats: int, cold: bool) -> dict[str, list[float]]:
    """Per-query seconds of `searcher.search` in one process that keeps the index open. `cold`:
    the posting lists kept from earlier queries are dropped before each query (else a query seen
    in an earlier pass finds its lists already read)."""
    sys.path.insert(0, str(common.REPO))
    from newsearch.engines.whoosh.format import postings
    from newsearch.engines.whoosh import searcher

    kept = postings.POSTINGS_KEPT
    postings.POSTINGS_KEPT = 0 if cold else kept
    samples: dict[str, list[float]] = {}
    try:
        for scale, folder in paths_by_scale.items():
            for query in queries:  # warm-up: opened once, disk cache warm
                searcher.search(folder, query)
            samples[scale] = []
            for _ in range(repeats):
                for query in queries:
                    started = time.perf_counter()
                    searcher.search(folder, query)
                    samples[scale].append(time.perf_counter() - started)
    finally:
        postings.POSTINGS_KEPT = kept
    return samples


# ---------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def query_targets(q: dict, stats: dict, variant: str) -> list[tuple[str, str, bool]]:
    """The query targets on one kind of index: `variant` "" (as built) or "optimized"."""
    def process(fmt: str) -> float:
        return q[f"{fmt}, {variant}" if variant else fmt]

    (p50, p95), p50_x1 = stats[f"×5 {variant}".strip()], stats[f"×1 {variant}".strip()][0]
    return [
        ("query jsonl median ≤ 150 ms (×5)", f"{common.ms(process('jsonl')):.0f} ms", process("jsonl") <= 0.150),
        ("query rich median ≤ 200 ms (×5)", f"{common.ms(process('rich')):.0f} ms", process("rich") <= 0.200),
        ("in-process p50 ≤ 5 ms (×5)", f"{common.ms(p50):.1f} ms", p50 <= 0.005),
        ("in-process p95 ≤ 25 ms (×5)", f"{common.ms(p95):.1f} ms", p95 <= 0.025),
        ("query p50 ×5 ≤ 2× p50 ×1", common.ratio(p50, p50_x1), p50 <= 2 * p50_x1),
    ]


def main() -> None:
    p = common.parser(__doc__)
    p.add_argument("--runs", type=int, help="rounds over the queries for whole-process timing (default 3; --quick 1)")
    p.add_argument("--skip-index", action="store_true", help="reuse the indexes of the last run (query timings only)")
    args = p.parse_args()
    rounds = args.runs or (1 if args.quick else 3)
    # `python -m newsearch` from this checkout even where the package is not installed
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(common.REPO), os.environ.get("PYTHONPATH")]))
    # Bytecode cached as for an installed package (PYTHONDONTWRITEBYTECODE would recompile newsearch's
    # modules in every process, ~40 ms), kept out of the repository.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(common.DATA / "pycache"))
    global PERF
    PERF = PERF / ("quick" if args.quick else "full")
    queries = QUERIES[::5] if args.quick else QUERIES
    print("building corpora…", file=sys.stderr)
    paths = build_corpora(args.quick)
    stories = {name: sum(1 for _ in open(paths[name], encoding="utf-8")) for name in ("x1", "x5")}
    saved = PERF / "index-runs.json"
    if args.skip_index and saved.exists():
        runs = json.loads(saved.read_text())
    else:
        print("indexing…", file=sys.stderr)
        runs = index_runs(paths, stories)
        saved.write_text(json.dumps(runs))
    print("whole-process queries…", file=sys.stderr)
    procs = process_runs(paths, queries, rounds)
    print("in-process queries…", file=sys.stderr)
    scales = {"×1": PERF / "ix-x1", "×5": PERF / "ix-x5",
              "×1 optimized": PERF / "ix-x1-opt", "×5 optimized": PERF / "ix-x5-opt"}
    inproc = in_process(scales, queries, 1 if args.quick else 3, cold=True)
    scales = {name: folder for name, folder in scales.items() if "optimized" not in name}
    warm = in_process(scales, queries, 1 if args.quick else 3, cold=False)

    common.print_header("Performance (bench/perf.py)")
    tool = procs.pop("files-tool")[0]
    print(f"Stories: ×1 {stories['x1']:,}, ×5 {stories['x5']:,}{' (--quick: a slice)' if args.quick else ''}. "
          f"{len(queries)} queries; whole-process: {rounds} round(s) after a warm-up round, round-robin "
          f"with the peers; in-process: {1 if args.quick else 3} pass(es) after a warm-up pass. "
          f"Files peer: `{tool}` over the ×5 stories as files. whoosh {common.package_version('whoosh')}, "
          f"tantivy {common.package_version('tantivy')}; bytecode cached (PYTHONPYCACHEPREFIX).\n")

    rows = [[name, r["count"], r["wall"], r["rate"], r["rss"], common.ratio(r["rate"], runs["plain Whoosh ×1"]["rate"])]
            for name, r in runs.items() if "rate" in r]
    print(common.table(["indexing", "stories", "wall s", "stories/s", "peak MB", "÷ plain Whoosh rate"], rows))
    print()
    rows = [[name, r["wall"], r["rss"]] for name, r in runs.items() if "optimize" in name]
    if rows:
        print(common.table(["after the build", "wall s", "peak MB"], rows))
        print()
    q = {name: common.median(samples) for name, samples in procs.items()}
    rows = [[f"`{name}`", common.ms(q[name]), common.ms(common.p95(procs[name])), common.ratio(q[name], q["files"])]
            for name in ("jsonl", "rich", "jsonl, optimized", "rich, optimized", "files", "tantivy", "python")]
    print(common.table(["whole process (×5)", "median ms", "p95 ms", f"÷ {tool}"], rows))
    print()
    stats = {s: (common.median(v), common.p95(v)) for s, v in inproc.items()}
    rows = [[f"{scale}, each query cold", common.ms(a), common.ms(b)] for scale, (a, b) in stats.items()]
    rows += [[f"{scale}, posting lists kept from earlier passes", common.ms(common.median(v)), common.ms(common.p95(v))]
             for scale, v in warm.items()]
    print(common.table(["in-process `searcher.search`", "p50 ms", "p95 ms"], rows))
    print("The targets below use the cold rows: each query reads its posting lists afresh (the disk "
          "cache is warm either way).\n")

    ns1, ns5, plain = runs["newsearch ×1"], runs["newsearch ×5"], runs["plain Whoosh ×1"]
    peaks = [r["rss"] for name, r in runs.items() if name.startswith("newsearch ×") and "rss" in r]
    targets = query_targets(q, stats, "") + [
        (f"both faster than {tool}", f"{common.ratio(q['jsonl'], q['files'])}, {common.ratio(q['rich'], q['files'])}",
         max(q["jsonl"], q["rich"]) < q["files"]),
        ("indexing ≥ 4× plain Whoosh stories/s (×1)", common.ratio(ns1["rate"], plain["rate"]), ns1["rate"] >= 4 * plain["rate"]),
        ("indexing peak ≤ 400 MB (every newsearch run above)", ", ".join(f"{rss:.0f}" for rss in peaks) + " MB",
         max(peaks) <= 400),
        ("×5 indexes at the ×1 rate (≥ 0.8×)", common.ratio(ns5["rate"], ns1["rate"]), ns5["rate"] >= 0.8 * ns1["rate"]),
        ("re-run on unchanged ×5 ≤ 2 s", f"{runs['re-run ×5']['wall']:.2f} s", runs["re-run ×5"]["wall"] <= 2.0),
    ]
    targets += [(f"{target}, both indexes `--optimize`d", m, ok)
                for target, m, ok in query_targets(q, stats, "optimized")]
    print(common.table(["target", "measured", "verdict"], [[t, m, verdict(ok)] for t, m, ok in targets], "lll"))
    print()


if __name__ == "__main__":
    main()
