"""A few settings on relevance.py's news known-item queries (PolNeAR, BBC News), newsearch only:
MRR, S@1, S@10 per query set. Settings in rankquick's notation.

    python bench/ranknews.py defaults -stops
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rankquick  # noqa: E402
import relevance  # noqa: E402


def main() -> None:
    relevance.NATIVE_QTF = relevance.native_qtf()
    base = relevance.code_default()
    specs = sys.argv[1:] or ["defaults"]
    print(f"defaults: {base.label()}\n")
    print("| queries | setting | MRR | S@1 | S@10 |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name in relevance.NEWS:
        documents, sets = relevance.news_items(name)
        folder = relevance.newsearch_index(name, documents)
        cache = relevance.ScoreCache(f"{name}-news", folder)
        for label, (queries, targets) in sets.items():
            for spec in specs:
                setting = rankquick.setting_of(spec, base)
                found, _ = cache.get(f"{label} {relevance.NEWS_QUERIES} {relevance.FRAGMENT} {setting!r}",
                                     lambda: relevance.known_item_scores(
                                         relevance.run_newsearch(folder, queries, setting), targets))
                print(f"| {name}: {label} | {spec} | " + " | ".join(f"{v:.4f}" for v in found) + " |", flush=True)


if __name__ == "__main__":
    main()
