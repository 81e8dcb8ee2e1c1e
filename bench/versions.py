"""Two installs of newsearch side by side, alternately: indexing Reuters and whole-process queries.

For a change that must not cost speed (a refactor): the old and the new `newsearch` index the
same JSON Lines file into their own folders and answer perf.py's query mix, taking turns in every
round (the order flips each round) so that the shared machine's noise falls on both alike.

    python bench/versions.py --old OLD/bin/newsearch --new NEW/bin/newsearch [--rounds 3] [--scale 1]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import time

import common
import reuters
from perf import QUERIES

WORK = common.DATA / "versions"
RESULTS = common.BENCH / "results" / "versions.md"


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--old", required=True, help="the old install's newsearch command")
    p.add_argument("--new", required=True, help="the new install's newsearch command")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    started = time.time()
    stories = common.DATA / "reuters" / "reuters.jsonl"
    if not stories.exists():
        reuters.convert(common.require_corpus(*reuters.ARCHIVE), stories)
    versions = {"old": args.old, "new": args.new}
    index_s: dict[str, list[float]] = {name: [] for name in versions}
    query_s: dict[str, list[float]] = {name: [] for name in versions}
    for round_number in range(args.rounds):
        order = list(versions) if round_number % 2 == 0 else list(reversed(versions))
        for name in order:
            folder = WORK / name
            shutil.rmtree(folder, ignore_errors=True)
            index_s[name].append(timed([versions[name], "index", str(stories), "--index", str(folder)]))
        for text in QUERIES:
            for name in order:
                query_s[name].append(timed([versions[name], "query", text, "--format", "jsonl",
                                            "--index", str(WORK / name)]))
    lines = ["| row | old | new | new ÷ old |", "| --- | ---: | ---: | ---: |"]
    for label, measured, scale in (("index Reuters ×1, whole process (s, median of rounds)", index_s, 1),
                                   ("query --format jsonl, whole process (ms, median)", query_s, 1000)):
        old, new = statistics.median(measured["old"]), statistics.median(measured["new"])
        lines.append(f"| {label} | {old * scale:.3g} | {new * scale:.3g} | {new / old:.2f}× |")
    title = f"## Two installs, alternately ({args.rounds} rounds, {len(QUERIES)} queries a round)\n\n"
    common.publish_tables(title + "\n".join(lines) + "\n", started, RESULTS, "versions.py", write=True)


if __name__ == "__main__":
    main()
