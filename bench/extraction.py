"""Article-body extraction quality on the article-extraction benchmark (88 real pages).

Each page's whole visible text (`page-text.json`) is written as a `.txt` file and parsed with
`newsearch.parsing.parse_file`; the body of the first article is scored against the hand-cleaned
body. `--html` does the same on the original HTML (`html/*.html.gz`, written out as `.html`).

Scoring, as the benchmark does it: `\\w+` tokens, 4-token shingles (multiset), per page
tp/fp/fn normalised to sum 1, averaged over pages; precision and recall from the averages,
F1 of the two. Anchor rows: the raw page text (no cleaning) and an empty body.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import common

sys.path.insert(0, str(common.REPO))
from newsearch.parsing import parse_file  # noqa: E402

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter:
    """4-token shingles of `text` (a shorter text is one shingle of all its tokens)."""
    tokens = _TOKEN.findall(text or "")
    grams = (" ".join(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)))
    return Counter(g for g in grams if g)


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) for one page, normalised so they sum to 1 (all zero when both are empty)."""
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_f1(counts: tuple[float, float, float]) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Benchmark metrics over pages: precision/recall of the mean counts, their F1, per-page median F1."""
    tp, fp, fn = (statistics.fmean(column) for column in zip(*counts))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    median = statistics.median(page_f1(c) for c in counts)
    return {"f1": f1, "precision": precision, "recall": recall, "median": median}


def load(corpus: Path) -> tuple[dict[str, str], dict[str, str]]:
    pages = json.loads((corpus / "page-text.json").read_text(encoding="utf-8"))
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    return ({i: pages[i]["articleBody"] for i in ids}, {i: truth[i]["articleBody"] or "" for i in ids})


def write_pages(corpus: Path, pages: dict[str, str], folder: Path, html: bool) -> dict[str, Path]:
    """Write each page into `folder` as the file the parser will read."""
    paths = {}
    for page_id, text in pages.items():
        if html:
            path = folder / f"{page_id}.html"
            path.write_bytes(gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes()))
        else:
            path = folder / f"{page_id}.txt"
            path.write_text(text, encoding="utf-8")
        paths[page_id] = path
    return paths


def first_body(path: Path) -> str:
    articles = parse_file(path)
    return articles[0].body if articles else ""


def run(extract: Callable[[str], str], ids: list[str], truth: dict[str, str]) -> tuple[dict, dict[str, float], float]:
    """Score `extract` on every page; returns (metrics, per-page F1, ms per page)."""
    counts = {}
    started = time.perf_counter()
    bodies = {i: extract(i) for i in ids}
    elapsed = time.perf_counter() - started
    for i in ids:
        counts[i] = page_counts(truth[i], bodies[i])
    return score(list(counts.values())), {i: page_f1(c) for i, c in counts.items()}, 1000 * elapsed / len(ids)


def main() -> None:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--html", action="store_true", help="parse the original HTML pages instead of their text")
    p.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst pages by F1")
    p.add_argument("--repeat", type=int, default=3, help="timing runs (median ms/page)")
    args = p.parse_args()
    corpus = common.require_corpus("article-extraction-benchmark")
    pages, truth = load(corpus)
    ids = list(truth)
    mode = "html" if args.html else "text"
    common.print_header(f"Article extraction: {len(ids)} benchmark pages ({mode})")
    with tempfile.TemporaryDirectory(prefix="newsearch-extraction-") as tmp:
        paths = write_pages(corpus, pages, Path(tmp), args.html)
        rows = [
            ("raw page text (no cleaning)", *run(lambda i: pages[i], ids, truth)),
            ("empty body", *run(lambda i: "", ids, truth)),
        ]
        try:
            timings = []
            for _ in range(1 if args.quick else max(1, args.repeat)):
                metrics, per_page, ms = run(lambda i: first_body(paths[i]), ids, truth)
                timings.append(ms)
            rows.insert(0, (f"newsearch parse_file (.{'html' if args.html else 'txt'})", metrics, per_page, statistics.median(timings)))
        except Exception as exc:  # a reader that is not there yet: say so, keep the anchors
            print(f"newsearch could not parse the {mode} pages: {type(exc).__name__}: {exc}\n")
    print("| extractor | F1 | precision | recall | median page F1 | ms/page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, metrics, _, ms in rows:
        print(
            f"| {name} | {metrics['f1']:.3f} | {metrics['precision']:.3f} | {metrics['recall']:.3f} "
            f"| {metrics['median']:.3f} | {ms:.2f} |"
        )
    if args.worst and rows[0][0].startswith("newsearch"):
        per_page = rows[0][2]
        print(f"\n{args.worst} worst pages (newsearch):\n")
        print("| page | F1 | words in truth |")
        print("| --- | ---: | ---: |")
        for page_id in sorted(per_page, key=per_page.get)[: args.worst]:
            print(f"| {page_id[:16]} | {per_page[page_id]:.3f} | {len(truth[page_id].split())} |")


if __name__ == "__main__":
    main()
