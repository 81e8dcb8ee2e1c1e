"""In-process query latency: `searcher.search()` (what `newsearch query` calls), top 10 with snippets.

Takes already-built index folders (e.g. Reuters ×1 and ×5, built with `newsearch index`); each is
searched with a fixed list of news queries (one to four words, AND by default, as typed at a
terminal), first once to open the index (not timed: the process keeps its searcher), then
`--rounds` times each. Reported: median and 95th percentile per index, with and without
pseudo-relevance feedback, and the ratio of each index's median to the first one's.

    python bench/latency.py /tmp/lat/r1 /tmp/lat/r5 --label x1 --label x5
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

sys.path.insert(0, str(common.REPO))
from newsearch.engines.whoosh import searcher  # noqa: E402

QUERIES = (
    "oil prices", "Saudi Arabia oil output", "interest rates", "bank of england", "coffee",
    "dollar yen", "wheat exports soviet union", "takeover bid", "trade deficit japan", "opec",
    "federal reserve", "crude oil", "gold", "merger talks", "west german economy", "sugar quota",
)


def measure(folder: Path, rounds: int, feedback: bool) -> tuple[float, float, int]:
    searcher.search(folder, "oil", feedback=feedback)  # opens the index once for this process
    samples, totals = [], 0
    for _ in range(rounds):
        for text in QUERIES:
            samples.append(common.time_call(lambda: searcher.search(folder, text, feedback=feedback)))
    totals = sum(searcher.search(folder, text, feedback=feedback).total for text in QUERIES)
    return common.ms(statistics.median(samples)), common.ms(common.p95(samples)), totals


def main() -> None:
    p = common.parser(__doc__)
    p.add_argument("folders", nargs="+", type=Path, help="index folders to search")
    p.add_argument("--label", action="append", help="a name per folder (default: the folder name)")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    labels = args.label or [f.name for f in args.folders]
    common.print_header("In-process query latency: searcher.search(), top 10 with snippets")
    rows = []
    for feedback in (True, False):
        first = None
        for label, folder in zip(labels, args.folders):
            p50, p95, totals = measure(folder, args.rounds, feedback)
            first = first or p50
            rows.append([label, "on" if feedback else "off", len(QUERIES), totals, p50, p95, common.ratio(p50, first)])
    print(common.table(["index", "feedback", "queries", "sum of totals", "p50 ms", "p95 ms", "p50 ÷ first"], rows))


if __name__ == "__main__":
    main()
