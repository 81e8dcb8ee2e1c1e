"""Indexing speed: `newsearch index` (all fields) beside plain Whoosh, in the same run.

A slice of Reuters-21578 (the first N stories of bench/data/reuters/reuters.jsonl, built by
bench/reuters.py; `--stories 0`: all 20,841, `--copies 5`: every story five times with new ids)
is indexed from scratch by each contender in a child process, round-robin, `--runs` times:

- newsearch: `python -m newsearch index SLICE.jsonl --index DEST --rebuild` from this checkout;
- `--baseline DIR`: the same command from another copy of the package (e.g. `git archive HEAD
  newsearch | tar -x -C DIR`), for before/after figures taken in one run;
- plain Whoosh: bench/peers.py (StemmingAnalyzer on title and body, one writer, default memory)
  over the same stories as one `title\\nbody` file each.

Peak memory is that of the whole process tree (the child and its descendants, sampled every
50 ms), since newsearch may hand work to a worker process: RSS summed (shared pages counted in
each process) and PSS summed (shared pages counted once).

    python bench/indexing.py [--stories 3000] [--copies 1] [--runs 3] [--baseline DIR] [--one-process] [--no-peer]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import common
import reuters

SOURCE = common.DATA / "reuters" / "reuters.jsonl"
# `newsearch` with the worker that parses and analyses ahead of the writer switched off
ONE_PROCESS = ("import sys; sys.argv[0] = 'newsearch'; from newsearch import prepare; "
               "prepare.WORKER_MIN_BYTES = float('inf'); from newsearch.cli import main; main()")
WORK = common.DATA / "indexing"


def build_slice(stories: int, copies: int) -> tuple[Path, Path, int]:
    """(JSON Lines file, folder of one file per story, story count) for the slice."""
    if not SOURCE.exists():
        common.require_corpus("reuters-21578")  # exits when the corpora are absent
        subprocess.run([common.PYTHON, str(common.BENCH / "reuters.py"), str(SOURCE)], check=True)
    name = f"reuters-{stories or 'all'}-x{copies}"
    jsonl, files = WORK / f"{name}.jsonl", WORK / f"{name}-files"
    if not (jsonl.exists() and files.is_dir()):
        records = []
        with open(SOURCE, encoding="utf-8") as handle:
            for line in handle:
                records.append(json.loads(line))
                if stories and len(records) >= stories:
                    break
        partial = common.fresh_dir(Path(f"{files}.partial"))
        reuters.write_copies(records, copies, Path(f"{jsonl}.partial"), partial)
        os.replace(f"{jsonl}.partial", jsonl)
        if files.exists():
            common.fresh_dir(files).rmdir()
        partial.rename(files)
    count = sum(1 for _ in open(jsonl, encoding="utf-8"))
    return jsonl, files, count


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MB of `pid` and all its descendants (Linux /proc). RSS counts the pages a
    forked worker shares with its parent twice; PSS shares them out, so its sum counts them once."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))  # fields[1]: parent pid
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


def run_measured(argv: list[str], env: dict, cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, peak RSS and peak PSS in MB of the process tree) of one child; stops on failure."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = [0.0, 0.0]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            rss, pss = tree_memory_mb(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"command failed (exit {proc.returncode}): {argv}\n{err.decode('utf-8', 'replace')[-2000:]}")
    return wall, peak[0], peak[1]


def main() -> None:
    p = common.parser(__doc__)
    p.add_argument("--stories", type=int, default=3000, help="first N stories of Reuters (0: all 20,841)")
    p.add_argument("--copies", type=int, default=1, help="every story this many times (ids changed)")
    p.add_argument("--runs", type=int, default=3, help="rounds (default 3; --quick 1)")
    p.add_argument("--baseline", type=Path, help="a folder holding another copy of the newsearch package")
    p.add_argument("--no-peer", action="store_true", help="leave plain Whoosh out (ratios then n/a)")
    p.add_argument("--one-process", action="store_true",
                   help="also newsearch with its parsing worker switched off (prepare.WORKER_MIN_BYTES)")
    args = p.parse_args()
    runs = 1 if args.quick else args.runs
    jsonl, files, count = build_slice(args.stories, args.copies)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(common.DATA / "pycache"))

    # (argv, environment, working folder): `python -m` puts the working folder first on sys.path
    contenders: dict[str, tuple[list[str], dict, Path]] = {}
    if args.baseline:
        contenders["newsearch (baseline)"] = (
            [common.PYTHON, "-m", "newsearch", "index", str(jsonl), "--index", str(WORK / "ix-baseline"), "--rebuild"],
            dict(env, PYTHONPATH=str(args.baseline.resolve())), args.baseline.resolve())
    contenders["newsearch"] = (
        [common.PYTHON, "-m", "newsearch", "index", str(jsonl), "--index", str(WORK / "ix-newsearch"), "--rebuild"],
        dict(env, PYTHONPATH=str(common.REPO)), common.REPO)
    if args.one_process:
        contenders["newsearch, one process"] = (
            [common.PYTHON, "-c", ONE_PROCESS, "index", str(jsonl), "--index", str(WORK / "ix-one"), "--rebuild"],
            dict(env, PYTHONPATH=str(common.REPO)), common.REPO)
    if not args.no_peer:
        contenders["plain Whoosh"] = (
            [common.PYTHON, str(common.BENCH / "peers.py"), "index", "whoosh", str(files), str(WORK / "ix-whoosh")],
            env, common.REPO)

    walls: dict[str, list[float]] = {name: [] for name in contenders}
    peaks: dict[str, list[float]] = {name: [] for name in contenders}
    shared: dict[str, list[float]] = {name: [] for name in contenders}
    for round_ in range(runs):
        for name, (argv, child_env, cwd) in contenders.items():
            if name == "plain Whoosh" and (WORK / "ix-whoosh").exists():
                common.fresh_dir(WORK / "ix-whoosh").rmdir()
            wall, peak, peak_pss = run_measured(argv, child_env, cwd)
            walls[name].append(wall)
            peaks[name].append(peak)
            shared[name].append(peak_pss)
            print(f"  round {round_ + 1} {name}: {wall:.1f} s, {count / wall:.0f} stories/s, "
                  f"{peak:.0f} MB RSS, {peak_pss:.0f} MB PSS", file=sys.stderr)

    common.print_header("Indexing (bench/indexing.py)")
    print(f"{count:,} stories ({args.stories or 'all'} of Reuters-21578, ×{args.copies}), one JSON Lines file; "
          f"{runs} round(s), round-robin; median wall time; peak memory = the largest sum over the process tree "
          f"(sampled every 50 ms) of resident memory (RSS: pages a forked worker shares with the writer "
          f"counted twice) and of proportional memory (PSS: shared pages counted once). "
          f"whoosh {common.package_version('whoosh')}.\n")
    rates = {name: count / common.median(times) for name, times in walls.items()}
    plain = rates.get("plain Whoosh", float("nan"))
    rows = [[name, count, common.median(walls[name]), rates[name], max(peaks[name]), max(shared[name]),
             common.ratio(rates[name], plain)] for name in contenders]
    print(common.table(["indexer", "stories", "wall s", "stories/s", "peak RSS MB", "peak PSS MB",
                        "÷ plain Whoosh rate"], rows))
    print()


if __name__ == "__main__":
    main()
