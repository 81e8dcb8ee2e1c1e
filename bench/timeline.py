"""`timeline` and facets checked against a direct count, and timed, on Reuters-21578.

The stories are converted to JSON Lines (bench/reuters.py) and indexed with `newsearch index`.
The direct count reads the JSON Lines itself: a story matches the word when a token of its title
or body (`\\w+` runs, as the index's tokenizer cuts them, lower-cased) is the word or has the same
Porter stem (the stemmed field's rule: "oils" and "oiled" match "oil"). newsearch also searches
quotes, speakers and the source, but those come from the body or are "Reuters", so the two
definitions agree; any difference is listed.

    python bench/timeline.py [--word oil] [--index DIR] [--quick]
"""

from __future__ import annotations

import json
import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import common
import reuters

sys.path.insert(0, str(common.REPO))  # the checkout's newsearch, installed or not
from newsearch.engines import open_engine  # noqa: E402
from newsearch.engines.whoosh import facets, store  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from whoosh.lang.porter import stem  # noqa: E402

TOKEN = re.compile(r"\w+(?:\.?\w+)*")


def direct_months(jsonl: Path, word: str) -> tuple[Counter, int]:
    """Matching stories per month (YYYY-MM) and undated matches, read straight from the records."""
    months: Counter = Counter()
    undated = 0
    target = stem(word.lower())
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            words = TOKEN.findall(f"{record['title']}\n{record['body']}".lower())
            if any(w == word.lower() or stem(w) == target for w in words):
                if record["published"]:
                    months[record["published"][:7]] += 1
                else:
                    undated += 1
    return months, undated


def main() -> None:
    p = common.parser(__doc__.split("\n\n")[0])
    p.add_argument("--word", default="oil")
    p.add_argument("--index", type=Path, help="an existing index of the converted stories (skips indexing)")
    args = p.parse_args()
    runs = 3 if args.quick else 9
    archive = common.require_corpus(*reuters.ARCHIVE)
    jsonl = common.DATA / "reuters" / "reuters.jsonl"
    conversion = reuters.convert(archive, jsonl)
    folder = args.index or common.DATA / "reuters-index"
    if not store.is_newsearch_index(folder):
        common.check_child(common.newsearch_command() + ["index", str(jsonl), "--index", str(folder)])

    months, undated = direct_months(jsonl, args.word)
    series = open_engine(folder).timeline(args.word, by="month")
    ours = {p.period: p.count for p in series}
    common.print_header(f"timeline \"{args.word}\" --by month against a direct count (Reuters-21578)")
    print(f"Converted: {conversion.written} stories ({conversion.skipped_untitled} without a title skipped, "
          f"{conversion.undated} undated).\n")
    rows = [(period, months.get(period, 0), count, count - months.get(period, 0))
            for period, count in ours.items() if period is not None]
    rows.append(("undated", undated, ours.get(None, 0), ours.get(None, 0) - undated))
    missing = sorted(set(months) - set(ours))
    print(common.table(("month", "direct count", "newsearch timeline", "difference"), rows))
    print(f"\nMonths in the direct count missing from the timeline: {missing or 'none'}.")

    names = list(facets.FACET_FIELDS)
    found = facets.facets(folder, args.word, names)
    total = sum(ours.values())
    by_facet = {name: [f for f in found if f.facet == name] for name in names}
    print("\nFacets over the same query (every match counted, not a page):\n")
    print(common.table(("facet", "values", "sum of counts", "matching articles"),
                       [(name, len(items), sum(f.count for f in items), total) for name, items in by_facet.items()]))
    month_agree = {f.value: f.count for f in by_facet["month"]} == {k: v for k, v in ours.items() if k and v}
    print(f"\nMonth facet equals the timeline's non-zero months: {month_agree}.")

    timings = {
        f"timeline {args.word} --by month": lambda: open_engine(folder).timeline(args.word, by="month"),
        "timeline said --by day": lambda: open_engine(folder).timeline("said", by="day"),
        f"facets {args.word} (all five)": lambda: facets.facets(folder, args.word, names),
        "facets said (all five)": lambda: facets.facets(folder, "said", names),
        "facets, no query (source, month)": lambda: facets.facets(folder, None, ["source", "month"]),
    }
    samples: dict[str, list[float]] = {name: [] for name in timings}
    for _ in range(runs):  # round-robin, so machine noise hits every call alike
        for name, call in timings.items():
            started = time.perf_counter()
            call()
            samples[name].append(time.perf_counter() - started)
    print(f"\nIn-process times ({runs} runs each, round-robin; {total} articles match '{args.word}'):\n")
    print(common.table(("call", "median ms", "p95 ms"),
                       [(name, common.ms(common.median(s)), common.ms(common.p95(s))) for name, s in samples.items()]))


if __name__ == "__main__":
    main()
