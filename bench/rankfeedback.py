"""Feedback's constants chosen leave-one-collection-out (issue 17): a grid of RM3 forms × the
highest document share a feedback word may have (feedback.MAX_DOC_SHARE, a middle band of document
frequency) × the document length prior (feedback.DOCUMENT_LENGTH_PRIOR) × the query-overlap gate
(feedback.MIN_QUERY_OVERLAP), each on top of the code's defaults, on the four IR collections; then,
for each held-out collection, the grid point chosen on the other three and its held-out figures.

    python bench/rankfeedback.py                                   # the grid of relevance-rank4.md
    python bench/rankfeedback.py --forms=gentle --shares=1,0.05 --priors=0,100 --overlaps=0
    python bench/rankfeedback.py --model=inb2                      # the grid on InB2 (schema.RANKING_MODEL)

A fold chooses, among the grid points (no feedback included) that do not lower nDCG@10/MAP's mean
gain on any of its three training collections, the one with the highest mean gain over the three.
Per-query figures are kept in bench/data/relevance/feedback-grid-<code digest>.json, so a larger
grid only runs its new points.
"""

from __future__ import annotations

import json
import statistics
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance  # noqa: E402

from newsearch import metrics  # noqa: E402
from newsearch.engines.whoosh import feedback, schema  # noqa: E402

GRID = {"forms": "gentle", "shares": "1,0.2,0.1,0.05,0.02", "priors": "0,30,100,300", "overlaps": "0",
        "model": "bm25"}


def arguments() -> dict[str, list[str]]:
    found = dict(GRID)
    for arg in sys.argv[1:]:
        key, value = arg.lstrip("-").split("=", 1)
        found[key] = value
    return {key: value.split(",") for key, value in found.items()}


def per_query(data, folder, setting) -> dict[str, tuple[float, float]]:
    _, queries, judgements = data
    ranks = relevance.run_newsearch(folder, queries, setting)
    return {q: (metrics.ndcg_at(ranks[q], judgements[q], relevance.CUTOFF), metrics.average_precision(ranks[q], judgements[q]))
            for q, _ in queries}


def mean_figures(points, key, name) -> tuple[float, float]:
    values = points[key][name].values()
    return statistics.mean(v[0] for v in values), statistics.mean(v[1] for v in values)


def main() -> None:
    grid = arguments()
    schema.RANKING_MODEL = grid["model"][0]  # before the first searcher opens
    relevance.NATIVE_QTF = relevance.native_qtf()
    base = relevance.code_default()
    runs = relevance.Runs(relevance.COLLECTIONS)  # the peers' figures (cached)
    names = relevance.COLLECTIONS
    model = "" if schema.RANKING_MODEL == "bm25" else f"-{schema.RANKING_MODEL}"
    path = relevance.CACHE / f"feedback-grid-{relevance.query_code_digest()}{model}.json"
    points = json.loads(path.read_text()) if path.exists() else {}
    data = {name: runs.data[name][:3] for name in names}
    folders = {name: runs.data[name][3] for name in names}
    if "no feedback" not in points:
        points["no feedback"] = {name: per_query(data[name], folders[name], base) for name in names}
    saved = feedback.MAX_DOC_SHARE, feedback.DOCUMENT_LENGTH_PRIOR, feedback.MIN_QUERY_OVERLAP
    wanted = ["no feedback"]
    try:
        for form in grid["forms"]:
            setting = replace(base, gentle=form == "gentle", feedback=form != "gentle")
            for share in map(float, grid["shares"]):
                for prior in map(float, grid["priors"]):
                    for overlap in map(float, grid["overlaps"]):
                        key = f"{form} fb, share ≤ {share:g}, length prior {prior:g}, overlap ≥ {overlap:g}"
                        wanted.append(key)
                        if key not in points:
                            feedback.MAX_DOC_SHARE, feedback.DOCUMENT_LENGTH_PRIOR, feedback.MIN_QUERY_OVERLAP = \
                                share, prior, overlap
                            points[key] = {name: per_query(data[name], folders[name], setting) for name in names}
                            path.write_text(json.dumps(points))
                            print(key, file=sys.stderr, flush=True)
    finally:
        feedback.MAX_DOC_SHARE, feedback.DOCUMENT_LENGTH_PRIOR, feedback.MIN_QUERY_OVERLAP = saved

    def gain(key, name):
        return relevance.gain(mean_figures(points, key, name), mean_figures(points, "no feedback", name))

    print(f"start: {base.label()}\n")
    print("| setting | " + " | ".join(f"{n} nDCG@10 / MAP (gain)" for n in names) + " | least gain |")
    print("| --- |" + " ---: |" * (len(names) + 1))
    for key in wanted:
        cells = [f"{relevance.fmt(mean_figures(points, key, n))} ({gain(key, n):+.1%})" for n in names]
        print(f"| {key} | " + " | ".join(cells) + f" | {min(gain(key, n) for n in names):+.1%} |")
    print("\n| held out | chosen on the other three | training gains | held-out nDCG@10 / MAP | ÷ best | held-out gain |")
    print("| --- | --- | --- | --- | --- | ---: |")
    for held in names:
        train = [n for n in names if n != held]
        allowed = [(statistics.mean(gain(k, n) for n in train), k) for k in wanted if min(gain(k, n) for n in train) >= 0]
        _, key = max(allowed)
        found, best = mean_figures(points, key, held), runs.best(held)
        print(f"| {held} | {key} | {' / '.join(f'{gain(key, n):+.1%}' for n in train)} | {relevance.fmt(found)} | "
              f"{found[0] / best[0]:.3f} / {found[1] / best[1]:.3f} | {gain(key, held):+.1%} |")


if __name__ == "__main__":
    main()
