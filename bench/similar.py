"""`similar` quality and speed on the BBC News corpus (2,225 articles in 5 topic folders).

For a fixed random sample of articles, how many of the 10 articles `newsearch.engines.whoosh.research.similar`
ranks first come from the same topic folder (business, entertainment, politics, sport, tech),
as a distribution; beside it, plain Whoosh `more_like` with its defaults (5 key terms, body only)
on the same index, as a baseline. Times are per call, in-process, medians.

    python bench/similar.py [--sample N] [--seed S] [--quick]
"""

from __future__ import annotations

import random
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import common

sys.path.insert(0, str(common.REPO))  # the checkout's newsearch, installed or not
from newsearch.engines.whoosh import indexer, research, store  # noqa: E402
from newsearch.parsing import parse_file  # noqa: E402

TOPICS = ("business", "entertainment", "politics", "sport", "tech")
TOP = 10
GOAL = 8  # same-topic articles wanted in the top 10


def _whole(dest: Path) -> bool:
    return all((dest / "bbc" / topic).is_dir() for topic in TOPICS)


def _topic(path: str) -> str:
    return Path(path).parent.name


def _whoosh_more_like(folder: Path, article_id: str) -> list[str]:
    """Baseline: Whoosh's own more_like (defaults) over the stemmed body, given the body text."""
    import json

    ix = store.open_for_reading(folder)
    with warnings.catch_warnings(), ix.searcher() as s:
        warnings.simplefilter("ignore")
        docnum = s.document_number(id=article_id)
        body = json.loads(s.stored_fields(docnum)["data"])["body"]
        return [hit["path"] for hit in s.more_like(docnum, "body", text=body, top=TOP)]


def main() -> None:
    p = common.parser(__doc__.split("\n\n")[0])
    p.add_argument("--sample", type=int, default=100)
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument("--rebuild", action="store_true", help="index the corpus again")
    args = p.parse_args()
    sample_size = 20 if args.quick else args.sample
    archive = common.require_corpus("bbc-news", "bbc-fulltext.tar.gz")
    root = common.extract_tar(archive, common.DATA / "bbc-news", _whole) / "bbc"
    folder = common.DATA / "similar-bbc-index"
    if args.rebuild or not store.is_newsearch_index(folder):
        indexer.index_paths([root], folder, rebuild=True)

    files = sorted(str(path) for topic in TOPICS for path in (root / topic).glob("*.txt"))
    chosen = random.Random(args.seed).sample(files, sample_size)
    engines = {"newsearch similar": lambda ident: [h.path for h in research.similar(folder, ident, limit=TOP).hits],
               "whoosh more_like (defaults)": lambda ident: _whoosh_more_like(folder, ident)}
    same: dict[str, list[int]] = {name: [] for name in engines}
    times: dict[str, list[float]] = {name: [] for name in engines}
    for path in chosen:
        article = parse_file(path)[0]
        for name, run in engines.items():
            started = time.perf_counter()
            paths = run(article.id)
            times[name].append(time.perf_counter() - started)
            same[name].append(sum(_topic(found) == _topic(path) for found in paths[:TOP]))

    common.print_header(f"similar: same-topic articles in the top {TOP} (BBC News)")
    print(f"Sample: {sample_size} of {len(files)} articles, random.Random({args.seed}).sample; "
          f"topic = the article's folder.\n")
    rows = []
    for name in engines:
        counts = same[name]
        rows.append((name, sum(c >= GOAL for c in counts), f"{sum(counts) / len(counts):.2f}", min(counts),
                     common.median(counts), common.ms(common.median(times[name]))))
    print(common.table(("engine", f"articles with ≥{GOAL}/10 same topic", "mean same-topic", "min", "median",
                        "ms per call (median)"), rows))
    print()
    headers = ["same-topic in top 10"] + list(engines)
    distribution = {name: Counter(same[name]) for name in engines}
    print(common.table(headers, [(k, *(distribution[n][k] for n in engines)) for k in range(TOP, -1, -1)]))
    base = common.median(times["whoosh more_like (defaults)"])
    print(f"\nnewsearch similar time / baseline: {common.ratio(common.median(times['newsearch similar']), base)}")
    worst = sorted(zip(same["newsearch similar"], chosen))[:5]
    print("\nLowest newsearch results: " + ", ".join(f"{Path(p).parent.name}/{Path(p).name} ({c}/10)" for c, p in worst))


if __name__ == "__main__":
    main()
