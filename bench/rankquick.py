"""Quick iteration on newsearch's ranking: a few settings on the four IR collections, newsearch only
beside the best peer (no folds, no news). The full report is bench/relevance.py.

    python bench/rankquick.py defaults -exact +bm25f "+bm25f -exact k1=1.5"

Each argument is a setting: `defaults` (the code's own), then `+feature` / `-feature` toggles
(relevance.SHORT names without spaces: qtf exact prox fb gentlefb weights quote bm25f) and `k1=`, `b=`.
`NEWSEARCH_INDEX_TAG` (an environment variable) joins the index cache key, for index-time trials
made through environment variables.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance  # noqa: E402

_index_digest = relevance.index_code_digest
relevance.index_code_digest = lambda: _index_digest() + os.environ.get("NEWSEARCH_INDEX_TAG", "")
NAMES = {short.replace(" ", ""): feature for feature, short in relevance.SHORT.items()}


def setting_of(spec: str, base):
    setting = base
    for part in spec.split():
        if part == "defaults":
            continue
        if "=" in part:
            key, value = part.split("=")
            setting = replace(setting, **{key: float(value)})
        else:
            setting = replace(setting, **{NAMES[part[1:]]: part[0] == "+"})
    return setting


def main() -> None:
    specs = [a for a in sys.argv[1:] if not a.startswith("--only=")] or ["defaults"]
    only = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")]
    names = only or list(relevance.COLLECTIONS)
    relevance.NATIVE_QTF = relevance.native_qtf()
    base = relevance.code_default()
    runs = relevance.Runs(names)
    tag = os.environ.get("NEWSEARCH_INDEX_TAG", "")
    print(f"index tag {tag!r}; defaults: {base.label()}")
    print("| setting | " + " | ".join(f"{n} nDCG / MAP (÷ best)" for n in names) + " | mean gain |")
    print("| --- |" + " ---: |" * (len(names) + 1))
    first = None
    for spec in specs:
        setting = setting_of(spec, base)
        found = {n: runs(n, setting) for n in names}
        first = first or found
        cells = []
        for n in names:
            best = runs.best(n)
            cells.append(f"{found[n][0]:.4f} / {found[n][1]:.4f} ({found[n][0] / best[0]:.3f} / {found[n][1] / best[1]:.3f})")
        mean = sum(relevance.gain(found[n], first[n]) for n in names) / len(names)
        print(f"| {tag + ' ' if tag else ''}{spec} | " + " | ".join(cells) + f" | {mean:+.1%} |", flush=True)


if __name__ == "__main__":
    main()
