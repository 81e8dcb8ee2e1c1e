"""Train the text reader's title chooser (newsearch/parsing/title_choice.py) on wcxb-articles fold A.

Every page's plain text is parsed as `extraction.py --mode text` does; the chooser's candidates
and features are recorded as the parser offers them (the rules' pick kept meanwhile). A
candidate is right when it has the reviewed title's `\\w+` words (case aside), the bench's test.
A logistic regression (scikit-learn, standardised features) scores candidates; the page's title
is the best-scored one when it beats the rules' pick by a margin. C and the margin are chosen by
site-grouped cross-validation inside fold A; the model refit on all of fold A is written as
JSON (`--write`) and fold B, never looked at while choosing, is reported.

    python bench/train_titles.py [--write]
"""

import argparse
import json
import pickle
import sys
from pathlib import Path

import common

sys.path.insert(0, str(common.REPO))

import extraction as ex  # noqa: E402

from newsearch.parsing import parse_bytes, title_choice  # noqa: E402

PAIRWISE = True
CORE_OF_PARTS = "--no-core" not in sys.argv  # the chosen title's headline part when it has a separator
CS = (0.03, 0.1, 0.3, 1.0, 3.0)
MARGINS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0)


def record(pages):
    """Per page: (page, [(text, features)], the rules' pick)."""
    rows = []
    seen = []
    real = title_choice.pick

    def spy(units, current):
        seen.append((title_choice.candidates(units, current), current))
        return current

    title_choice.pick = spy
    try:
        for p in pages:
            seen.clear()
            articles = parse_bytes(p.text.encode("utf-8"), f"{p.id}.txt")
            rules = articles[0].title if articles else None
            cands, current = seen[0] if seen else ([], rules)
            rows.append((p, cands, rules))
    finally:
        title_choice.pick = real
    return rows


def matrix(rows, names):
    X, y, groups = [], [], []
    for n, (p, cands, _) in enumerate(rows):
        for text, f in cands:
            X.append([f[k] for k in names])
            y.append(int(ex.title_right(p.title, text)))
            groups.append(n)
    return X, y, groups


def pairs(X, y, groups):
    """Differences right - wrong (label 1) and wrong - right (label 0) within each page: the
    model learns which of a page's candidates is the headline, not how headline-like a line is."""
    by_page = {}
    for row, label, g in zip(X, y, groups):
        by_page.setdefault(g, ([], []))[label].append(row)
    D, t = [], []
    for wrong, good in by_page.values():
        for r in good[:2]:
            for w in wrong:
                d = [a - b for a, b in zip(r, w)]
                D.append(d)
                t.append(1)
                D.append([-v for v in d])
                t.append(0)
    return D, t


def fit(rows, names, c):
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    X, y, groups = matrix(rows, names)
    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    Xs = ((np.array(X) - scaler.mean_) / scale).tolist()
    if PAIRWISE:
        D, t = pairs(Xs, y, groups)
        lr = LogisticRegression(C=c, max_iter=2000, fit_intercept=False).fit(D, t)
    else:
        lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(Xs, y)
    weights = {k: float(w) for k, w in zip(names, lr.coef_[0]) if k != "bias"}
    scaling = {k: [float(m), float(s)] for k, m, s in zip(names, scaler.mean_, scale)}
    return {
        "intercept": float(lr.intercept_[0]) if lr.fit_intercept else 0.0,
        "weights": weights, "scaling": scaling, "margin": 0.0, "core_of_parts": CORE_OF_PARTS,
    }


def right(rows, model, margin):
    """Share of pages whose chosen title is right, and the rules' share."""
    got = base = 0
    model = dict(model, margin=margin)
    for p, cands, rules in rows:
        base += ex.title_right(p.title, rules)
        got += ex.title_right(p.title, title_choice.choose(cands, rules, model) if rules is not None else rules)
    return got / len(rows), base / len(rows)


def cross_validate(rows, names, folds=5):
    """{(C, margin): share right} over site-grouped folds of `rows`."""
    import hashlib

    part = [int(hashlib.sha1(p.domain.encode()).hexdigest()[:8], 16) % folds for p, _, _ in rows]
    results = {}
    for c in CS:
        models = [fit([r for r, k in zip(rows, part) if k != f], names, c) for f in range(folds)]
        for margin in MARGINS:
            hits = 0.0
            for f, model in enumerate(models):
                held = [r for r, k in zip(rows, part) if k == f]
                hits += right(held, model, margin)[0] * len(held)
            results[(c, margin)] = hits / len(rows)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write newsearch/parsing/title_weights.json")
    parser.add_argument("--no-core", action="store_true", help="keep a chosen title's separator parts (to compare)")
    parser.add_argument("--cache", help="keep the recorded candidates in this pickle (to try features faster)")
    args = parser.parse_args()
    pages = [p for p in ex.load_pages(["wcxb-articles"]) if p.title]
    if args.cache and Path(args.cache).exists():
        rows = pickle.loads(Path(args.cache).read_bytes())
    else:
        rows = record(pages)
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps(rows))
    a = [r for r in rows if r[0].fold == "A"]
    b = [r for r in rows if r[0].fold == "B"]
    names = list(rows[0][1][0][1])
    found = sum(any(ex.title_right(p.title, t) for t, _ in cands) for p, cands, _ in a)
    print(f"fold A: {len(a)} pages, right title among the candidates on {found / len(a):.3f}")
    results = cross_validate(a, names)
    for (c, margin), share in sorted(results.items()):
        print(f"C={c} margin={margin}: {share:.3f} (site-grouped 5-fold CV on A)")
    (c, margin), share = max(results.items(), key=lambda kv: (kv[1], -kv[0][1]))
    model = fit(a, names, c)
    model["margin"] = margin
    model["trained"] = f"bench/train_titles.py: wcxb-articles fold A, C={c}, margin={margin}, CV {share:.3f}"
    for name, rs in (("A (trained)", a), ("B (held out)", b), ("all", rows)):
        got, base = right(rs, model, margin)
        print(f"fold {name}: rules {base:.3f} -> chooser {got:.3f} (n={len(rs)})")
    if args.write:
        title_choice.WEIGHTS.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {title_choice.WEIGHTS}")


if __name__ == "__main__":
    main()
