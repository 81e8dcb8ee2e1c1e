"""Five exact copies of one collection (mirrors, syndication): what the index costs, and queries.

Corpora (built under bench/data/copies/, git-ignored): Reuters-21578 as one file per story (`title`
line, then the body: 20,841 files, bench/reuters.py), that folder mirrored five times
(`mirrors-x5/mirror1..5/`, hard links: the same 20,841 stories five times, the same article ids),
and, with `--distinct`, Reuters ×5 as JSON Lines (104,205 stories, ids changed: five times the
articles) for the query latency of an index with as many distinct stories.

Measured (child processes): `newsearch index mirrors-x5 --rebuild` (wall and CPU seconds, peak
RSS, the summary line), `stats` of the result (articles, files, size, segments), then whole-process
`newsearch query Q --format jsonl` over QUERIES, round-robin across the indexes: median and p95 wall
time, median CPU time (on a busy machine wall time is mostly waiting for a core).

`--code DIR` runs the newsearch package found in DIR (a checkout, or `git archive COMMIT newsearch |
tar -x -C DIR`) instead of this one, so that an older commit can be measured on the same data;
`--label` names its indexes (default: the short commit, or "code" for --code). `--stories N` takes
the first N stories only. `--query NAME CODE INDEX` (repeatable) only times queries, each index with
its own code, round-robin: before and after on the indexes each built.

    python bench/copies.py [--quick | --stories N] [--distinct | --distinct-index DIR] [--code DIR --label NAME]
                           [--rounds N]
    python bench/copies.py --query before /tmp/old ix-old --query after . ix-new [--rounds N]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common
import reuters

COPIES = common.DATA / "copies"
MIRRORS = 5
QUERIES = ["oil", "crude oil", '"interest rates"', "Volcker", "title:coffee prices", "petro*", "gold OR silver",
           "wheat AND (Soviet OR China)"]
QUICK_STORIES = 2000


def build(stories: int | None) -> dict[str, Path]:
    base = COPIES / (f"first-{stories}" if stories else "full")
    paths = {"files": base / "files-x1", "mirrors": base / f"mirrors-x{MIRRORS}", "distinct": base / "reuters-x5.jsonl"}
    if all(p.exists() for p in paths.values()):
        return paths
    archive = common.require_corpus(*reuters.ARCHIVE)
    records = list(reuters.stories(archive))[:stories]
    base.mkdir(parents=True, exist_ok=True)
    if not paths["files"].exists():
        partial = common.fresh_dir(Path(str(paths["files"]) + ".partial"))
        with tempfile.TemporaryDirectory() as scratch:
            reuters.write_copies(records, 1, Path(scratch) / "x1.jsonl", partial)
        partial.rename(paths["files"])
    if not paths["mirrors"].exists():
        partial = common.fresh_dir(Path(str(paths["mirrors"]) + ".partial"))
        for number in range(1, MIRRORS + 1):
            mirror = partial / f"mirror{number}"
            mirror.mkdir()
            for story in paths["files"].iterdir():
                os.link(story, mirror / story.name)
        partial.rename(paths["mirrors"])
    if not paths["distinct"].exists():
        reuters.write_copies(records, 5, paths["distinct"])
    return paths


def newsearch(code: Path | None) -> tuple[list[str], dict]:
    """How to run the newsearch in `code` (None: this checkout). Children run in that folder:
    `python -m` puts the working folder first on sys.path, so run from the repository it would
    import the repository's package whatever PYTHONPATH says."""
    env = dict(os.environ)
    env.pop("NEWSEARCH_INDEX", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(common.DATA / "pycache"))
    root = code if code is not None else common.REPO
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    return [common.PYTHON, "-m", "newsearch"], env | {"PWD": str(root)}


def child(argv: list[str], env: dict, stderr=subprocess.DEVNULL) -> tuple[float, float, float, int]:
    """One child process: wall seconds, CPU seconds (its own and its workers'), peak RSS MB, exit
    code. CPU time is the figure to compare on a busy machine, where wall time is mostly waiting."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=env["PWD"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=stderr)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def index(argv: list[str], env: dict, source: Path, folder: Path) -> dict:
    with tempfile.TemporaryFile() as err:
        wall, cpu, rss, code = child([*argv, "index", str(source), "--index", str(folder), "--rebuild"], env, err)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    if code not in (0, 1):
        raise SystemExit(f"indexing {source} failed (exit {code}):\n{message[-2000:]}")
    summary = [line for line in message.splitlines() if line.startswith("indexed")]
    done = subprocess.run([*argv, "stats", "--index", str(folder), "--format", "jsonl"], env=env,
                          cwd=env["PWD"], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"stats on {folder} failed: {done.stderr}")
    stats = json.loads(done.stdout)
    return {"wall": wall, "cpu": cpu, "rss": rss, "summary": summary[-1] if summary else "", "articles": stats["articles"],
            "files": stats["files"], "size_mb": stats["size_bytes"] / 2**20, "segments": stats["segments"],
            "summary_articles": int(re.sub(r"\D", "", summary[-1].split(" article")[0]) or 0) if summary else None}


def query_times(runs: dict[str, tuple[list[str], dict, Path]], rounds: int) -> dict[str, dict[str, list]]:
    """Whole-process wall and CPU times of QUERIES for each named (argv, env, index), round-robin."""
    times = {name: {"wall": [], "cpu": []} for name in runs}
    for round_ in range(rounds + 1):  # the first round warms the disk cache and is not counted
        for query in QUERIES:
            for name, (argv, env, folder) in runs.items():
                wall, cpu, _, code = child([*argv, "query", query, "--index", str(folder), "--format", "jsonl"], env)
                if code not in (0, 1):
                    raise SystemExit(f"query {query!r} on {folder} failed (exit {code})")
                if round_:
                    times[name]["wall"].append(wall)
                    times[name]["cpu"].append(cpu)
    return times


def compare_queries(pairs: list[list[str]], rounds: int) -> None:
    """Whole-process query times of several (code, index) pairs, round-robin (machine noise hits all)."""
    runs = {name: (*newsearch(None if code in ("repo", ".") else Path(code).resolve()), Path(index).resolve())
            for name, code, index in pairs}
    times = query_times(runs, rounds)
    common.print_header("Query times, code and index pairs (bench/copies.py --query)")
    print(f"{len(QUERIES)} queries, {rounds} round(s) after a warm-up round, round-robin.\n")
    rows = [[name, code, index, common.ms(common.median(times[name]["wall"])), common.ms(common.p95(times[name]["wall"])),
             common.ms(common.median(times[name]["cpu"]))] for name, code, index in pairs]
    print(common.table(["name", "code", "index", "median ms", "p95 ms", "median CPU ms"], rows))


def paths_shown(argv: list[str], env: dict, folder: Path) -> list[int]:
    """How many paths each hit of the first query lists (the README contract: every file)."""
    done = subprocess.run([*argv, "query", QUERIES[0], "--index", str(folder), "--format", "jsonl", "-n", "5"],
                          env=env, cwd=env["PWD"], capture_output=True, text=True)
    return [len(json.loads(line)["paths"]) for line in done.stdout.splitlines()]


def main() -> None:
    p = common.parser(__doc__)
    p.add_argument("--distinct", action="store_true", help="also index Reuters ×5 with distinct ids, for query latency")
    p.add_argument("--code", type=Path, help="measure the newsearch package in this folder instead of this checkout")
    p.add_argument("--label", help="names this code's indexes (default: the short commit, or 'code' with --code)")
    p.add_argument("--rounds", type=int, default=5, help="query rounds after a warm-up round (default 5)")
    p.add_argument("--stories", type=int, help="the first N Reuters stories only (--quick: 2,000)")
    p.add_argument("--distinct-index", type=Path, help="query this index of the distinct stories instead of building one")
    p.add_argument("--query", nargs=3, action="append", metavar=("NAME", "CODE", "INDEX"),
                   help="only time queries: INDEX with the newsearch in CODE (a folder; '.': this checkout), round-robin "
                        "with the other --query pairs (repeatable; builds and indexes nothing)")
    args = p.parse_args()
    if args.query:
        compare_queries(args.query, 1 if args.quick else args.rounds)
        return
    stories = QUICK_STORIES if args.quick and not args.stories else args.stories
    label = args.label or ("code" if args.code else (common.code_line().split()[1] if "commit" in common.code_line() else "repo"))
    argv, env = newsearch(args.code.resolve() if args.code else None)
    print("building corpora…", file=sys.stderr)
    paths = build(stories)
    base = paths["files"].parent
    print("indexing the mirrors…", file=sys.stderr)
    runs = {"mirrors ×5": index(argv, env, paths["mirrors"], base / f"ix-mirrors-{label}")}
    print(f"  {runs['mirrors ×5']}", file=sys.stderr)
    indexes = {"mirrors ×5": base / f"ix-mirrors-{label}"}
    if args.distinct_index:
        indexes["distinct ×5"] = args.distinct_index
    elif args.distinct:
        print("indexing the distinct ×5 stories…", file=sys.stderr)
        runs["distinct ×5"] = index(argv, env, paths["distinct"], base / f"ix-distinct-{label}")
        print(f"  {runs['distinct ×5']}", file=sys.stderr)
        indexes["distinct ×5"] = base / f"ix-distinct-{label}"
    print("whole-process queries…", file=sys.stderr)
    rounds = 1 if args.quick else args.rounds
    times = query_times({name: (argv, env, folder) for name, folder in indexes.items()}, rounds)
    shown = paths_shown(argv, env, indexes["mirrors ×5"])

    common.print_header("Five copies of one collection (bench/copies.py)")
    print(f"Code measured: {args.code or 'this checkout'} (label {label}). Stories: "
          f"{sum(1 for _ in paths['files'].iterdir()):,} files, mirrored {MIRRORS} times; "
          f"{len(QUERIES)} queries, {rounds} round(s) after a warm-up round, round-robin.\n")
    rows = [[name, r["articles"], r["summary_articles"], r["files"], r["size_mb"], r["segments"], r["wall"], r["cpu"],
             r["rss"]] for name, r in runs.items()]
    print(common.table(["index", "articles (stats)", "articles (summary)", "files", "size MB", "segments",
                        "indexing wall s", "indexing CPU s", "peak MB"], rows))
    print()
    rows = [[name, common.ms(common.median(t["wall"])), common.ms(common.p95(t["wall"])), common.ms(common.median(t["cpu"]))]
            for name, t in times.items()]
    print(common.table(["whole-process `query --format jsonl`", "median ms", "p95 ms", "median CPU ms"], rows))
    print()
    for name, r in runs.items():
        print(f"- {name} summary: `{r['summary']}`")
    print(f"- paths listed by the first 5 hits of `{QUERIES[0]}` on the mirrors: {shown}")


if __name__ == "__main__":
    main()
