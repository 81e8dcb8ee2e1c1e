"""Leave-one-collection-out from a given start (the code's defaults unless told): relevance.loco
and relevance.choose with `start` instead of BM25 as published, so a feature already on must keep
earning its place and one off must earn it, on each fold's three training collections.

    python bench/rankloco.py                    # from the code's defaults
    python bench/rankloco.py "-exact +stops"    # from another start (rankquick's notation)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rankquick  # noqa: E402
import relevance  # noqa: E402


def main() -> None:
    relevance.NATIVE_QTF = relevance.native_qtf()
    start = rankquick.setting_of(sys.argv[1] if len(sys.argv) > 1 else "defaults", relevance.code_default())
    runs = relevance.Runs(relevance.COLLECTIONS)
    print(f"start: {start.label()}\n")
    print("| held out | chosen on the other three | held-out nDCG@10 / MAP | ÷ best | start's held-out | gain |")
    print("| --- | --- | --- | --- | --- | ---: |")
    for fold in relevance.loco(runs, start):
        held = fold["held"]
        found, base, best = runs(held, fold["setting"]), runs(held, start), runs.best(held)
        print(f"| {held} | {fold['setting'].label()} | {relevance.fmt(found)} | {found[0] / best[0]:.3f} / "
              f"{found[1] / best[1]:.3f} | {relevance.fmt(base)} | {relevance.gain(found, base):+.1%} |")
    final = relevance.choose(runs, relevance.COLLECTIONS, start)
    print(f"\nchosen on all four: {final.label()}")
    for name in relevance.COLLECTIONS:
        found, best = runs(name, final), runs.best(name)
        print(f"- {name}: {relevance.fmt(found)} ({found[0] / best[0]:.3f} / {found[1] / best[1]:.3f})")


if __name__ == "__main__":
    main()
