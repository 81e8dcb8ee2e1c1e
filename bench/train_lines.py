"""Train the line model stacked on the text reader's rules (bench/line_model.py, issue 15).

Result (bench/results/extraction-textbody3.md): it does not beat the rules on fold B, so it is
not in the package; the weights go to bench/data/line_model.json (git-ignored).

Every page of wcxb-articles (and the article-extraction benchmark) is read by the rules as the
bench reads it (`parse_bytes` of the scraped text); for each line the model may judge
(`line_model.candidate`) it records the features `line_model.features` gives and a label: the
share of the line's 4-token shingles (the bench's tokeniser) found in the reviewed text. A line
weighs its token count over the page's size (reviewed tokens plus the rules' wrong tokens), so
each page weighs about the same, as in the score.

Model, features and the two thresholds (drop a body line below, keep a dropped line above) are
chosen by cross-validation inside fold A, grouped by site, on the bench's own page score
(the body as the flips make it). The final model is trained on all of fold A and written to
bench/data/line_model.json; fold B is only scored at the end (`--report`).

    python train_lines.py            # cross-validate on fold A, train, write the weights
    python train_lines.py --report   # also score the written model on fold B (and A) offline
"""

import argparse
import json
import pickle
import statistics
import sys
from collections import Counter

import common
import extraction

sys.path.insert(0, str(common.REPO))

import line_model  # noqa: E402
from newsearch.parsing import page as text_page  # noqa: E402
from newsearch.parsing import parse_bytes  # noqa: E402

WEIGHTS = line_model.WEIGHTS
CACHE = common.DATA / "train-lines.pickle"
TRAIN_CORPORA = ("wcxb-articles", "article-extraction-benchmark")


def _record_page(page: extraction.Page) -> dict:
    """The rules' reading of one page: article 0's lines (text, role) and candidates' features."""
    seen: list = []
    original = text_page.make_article

    def recording(parts, path, ordinal):  # the reader's first article, its lines as the rules left them
        if not seen:
            seen.append(parts)
        return original(parts, path, ordinal)

    text_page.make_article = recording
    try:
        parse_bytes(page.text.encode("utf-8"), f"{page.id}.txt")
    finally:
        text_page.make_article = original
    if not seen or not seen[0].has_prose:
        return {"units": [], "features": {}}
    units = seen[0].units
    return {"units": [(u.text, u.role) for u in units], "features": line_model.features(units)}


def _in_truth(text: str, truth: Counter, truth_joined: str) -> float:
    tokens = extraction._TOKEN.findall(text)
    if not tokens:
        return 0.0
    if len(tokens) < extraction.SHINGLE:
        return float(f" {' '.join(tokens)} " in truth_joined)
    shingles = extraction.grams(text)
    return sum(min(n, truth[g]) for g, n in shingles.items()) / sum(shingles.values())


def collect() -> list[dict]:
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    rows = []
    for page in extraction.load_pages(TRAIN_CORPORA):
        seen = _record_page(page)
        truth = extraction.grams(page.truth)
        joined = f" {' '.join(extraction._TOKEN.findall(page.truth))} "
        lines = []
        for i, (text, role) in enumerate(seen["units"]):
            lines.append({"text": text, "role": role, "label": _in_truth(text, truth, joined),
                          "tokens": len(extraction._TOKEN.findall(text)), "x": seen["features"].get(i)})
        rows.append({"corpus": page.corpus, "id": page.id, "domain": page.domain, "fold": page.fold,
                     "truth": page.truth, "lines": lines})
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(rows))
    return rows


def design(pages: list[dict]):
    """Candidate lines as (X, y, weight, group, (page index, line index))."""
    X, y, w, groups, where = [], [], [], [], []
    for p_index, page in enumerate(pages):
        lines = page["lines"]
        truth_tokens = len(extraction._TOKEN.findall(page["truth"]))
        wrong = sum(ln["tokens"] * (1 - ln["label"]) for ln in lines if ln["role"] == "body")
        size = max(1.0, truth_tokens + wrong)
        for l_index, line in enumerate(lines):
            if line["x"] is None:
                continue
            X.append(line["x"])
            y.append(int(line["label"] >= 0.5))
            w.append(max(1, line["tokens"]) / size)
            groups.append(page["domain"])
            where.append((p_index, l_index))
    return X, y, w, groups, where


def page_scores(pages: list[dict], chances: dict[tuple[int, int], float], drop_below: float, keep_above: float) -> dict:
    """The bench's body score of the pages with the model's flips at these thresholds."""
    by_page: dict[int, dict[int, float]] = {}
    for (p, line), chance in chances.items():
        by_page.setdefault(p, {})[line] = chance
    counts = []
    for p_index, page in enumerate(pages):
        units = [_Line(text, role) for text, role in ((ln["text"], ln["role"]) for ln in page["lines"])]
        turned = line_model.flips(units, by_page.get(p_index, {}), drop_below, keep_above)
        body = [u.text for i, u in enumerate(units) if turned.get(i, u.role == "body")]
        counts.append(_counts(page, "\n\n".join(body)))
    return extraction.score(counts)


def _counts(page: dict, predicted: str) -> tuple[float, float, float]:
    """extraction.page_counts with the page's reviewed shingles counted once."""
    if "_grams" not in page:
        page["_grams"] = extraction.grams(page["truth"])
    want, got = page["_grams"], extraction.grams(predicted)
    tp = sum((want & got).values())
    fp = sum(got.values()) - tp
    fn = sum(want.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


class _Line:
    def __init__(self, text: str, role: str | None):
        self.text, self.role = text, role


def make_model(kind: str, params: dict):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    if kind == "logistic":
        return LogisticRegression(C=params.get("C", 1.0), max_iter=2000)
    return HistGradientBoostingClassifier(
        max_iter=params.get("trees", 150), learning_rate=params.get("rate", 0.1), max_leaf_nodes=params.get("leaves", 15),
        min_samples_leaf=params.get("min_leaf", 40), l2_regularization=1.0, random_state=0,
    )


def out_of_fold(X, y, w, groups, kind: str, params: dict, splits: int = 5):
    import numpy as np
    from sklearn.model_selection import GroupKFold

    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    w = w / w.mean()
    oof = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=splits).split(X, y, groups):
        model = make_model(kind, params)
        model.fit(X[train], y[train], sample_weight=w[train])
        oof[test] = model.predict_proba(X[test])[:, 1]
    return oof


THRESHOLDS_DROP = (0.0, 0.05)  # dropping a rules' body line never paid in cross-validation (0.02..0.3 tried)
THRESHOLDS_KEEP = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
# Tried in cross-validation on fold A (results file): 15 leaves/100 trees, 15/200 at rate 0.05, 31/150.
PARAM_SETS = ({"trees": 200, "leaves": 7, "min_leaf": 400, "rate": 0.05},)
PARAMS = dict(PARAM_SETS[0])


def best_thresholds(pages, chances) -> tuple[float, float, dict]:
    """The thresholds with the best fold-A score among those that lower no training corpus
    by more than noise (0.002) from the rules alone."""
    rules = _per_corpus(pages, {}, 0.0, 1.01)
    best = None
    for drop in THRESHOLDS_DROP:
        for keep in THRESHOLDS_KEEP:
            s = page_scores(pages, chances, drop, keep)
            per = _per_corpus(pages, chances, drop, keep)
            safe = all(per[c] >= rules[c] - 0.002 for c in per)
            print(f"    drop<{drop} keep>{keep}: F1 {s['f1']:.4f} {per}{'' if safe else ' (lowers a corpus)'}")
            if safe and (best is None or s["f1"] > best[2]["f1"]):
                best = (drop, keep, s)
    return best


def stacked(X, where, probs) -> list[list[float]]:
    """Second-stage rows (line_model.with_neighbours), aligned with X."""
    rows: dict[int, dict[int, list[float]]] = {}
    chances: dict[int, dict[int, float]] = {}
    for k, (p, line) in enumerate(where):
        rows.setdefault(p, {})[line] = X[k]
        chances.setdefault(p, {})[line] = float(probs[k])
    second = {p: line_model.with_neighbours(rows[p], chances[p]) for p in rows}
    return [second[p][line] for p, line in where]


def export(model, drop_below: float | None = None, keep_above: float | None = None) -> dict:
    """The trees as nested lists: an inner node [feature, threshold, left, right], a leaf [-1, value]."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = []
        for node in predictor.nodes:
            if node["is_leaf"]:
                nodes.append([-1, round(float(node["value"]), 5)])
            else:
                nodes.append([int(node["feature_idx"]), round(float(node["num_threshold"]), 6), int(node["left"]), int(node["right"])])
        trees.append(nodes)
    out = {"baseline": round(float(model._baseline_prediction.ravel()[0]), 6), "trees": trees}
    if drop_below is not None:
        out.update(drop_below=drop_below, keep_above=keep_above)
    return out


def _fit(X, y, w):
    import numpy as np

    model = make_model("trees", PARAMS)
    w = np.asarray(w)
    model.fit(np.asarray(X), np.asarray(y), sample_weight=w / w.mean())
    return model


def _per_corpus(pages, chances, drop, keep) -> dict:
    out = {}
    for corpus in sorted({p["corpus"] for p in pages}):
        index = [k for k, p in enumerate(pages) if p["corpus"] == corpus]
        renumber = {old: new for new, old in enumerate(index)}
        mine = {(renumber[p], line): v for (p, line), v in chances.items() if p in renumber}
        out[corpus] = round(page_scores([pages[k] for k in index], mine, drop, keep)["f1"], 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", action="store_true", help="score the final model on fold B too")
    parser.add_argument("--second", action="store_true", help="try a second stage on the neighbours' chances (lost in CV)")
    parser.add_argument("--corpora", default="wcxb-articles,article-extraction-benchmark", help="training corpora (fold A)")
    args = parser.parse_args()
    import numpy as np

    rows = collect()
    train_corpora = set(args.corpora.split(","))
    fold_a = [p for p in rows if p["fold"] == "A" and p["corpus"] in train_corpora]
    X, y, w, groups, where = design(fold_a)
    print(f"fold A: {len(fold_a)} pages, {len(y)} candidate lines, {sum(y)} in the reviewed text")
    print(f"  rules alone: {_per_corpus(fold_a, {}, 0.0, 1.01)}")
    tried = []
    for params in PARAM_SETS:
        PARAMS.clear()
        PARAMS.update(params)
        oof1 = out_of_fold(X, y, w, groups, "trees", PARAMS)
        chances = {where[k]: float(oof1[k]) for k in range(len(where))}
        drop1, keep1, s1 = best_thresholds(fold_a, chances)
        print(f"CV stage 1 {params}: drop<{drop1} keep>{keep1} F1 {s1['f1']:.4f} P {s1['precision']:.4f} R {s1['recall']:.4f} {_per_corpus(fold_a, chances, drop1, keep1)}")
        tried.append((s1["f1"], params, oof1, drop1, keep1, s1))
    _, params, oof1, drop1, keep1, s1 = max(tried, key=lambda t: t[0])
    PARAMS.clear()
    PARAMS.update(params)
    print(f"chosen {params}")
    if not args.second:
        s2 = {"f1": 0.0}
    X2 = stacked(X, where, oof1)
    if args.second:
        oof2 = out_of_fold(X2, y, w, groups, "trees", PARAMS)
        chances2 = {where[k]: float(oof2[k]) for k in range(len(where))}
        drop2, keep2, s2 = best_thresholds(fold_a, chances2)
        print(f"CV stage 2: drop<{drop2} keep>{keep2} F1 {s2['f1']:.4f} P {s2['precision']:.4f} R {s2['recall']:.4f} {_per_corpus(fold_a, chances2, drop2, keep2)}")
    two = s2["f1"] > s1["f1"]
    first = _fit(X, y, w)
    if two:
        second = _fit(X2, y, w)
        data = export(first) | {"second": export(second), "drop_below": drop2, "keep_above": keep2}
    else:
        data = export(first, drop1, keep1)
    drop, keep = data["drop_below"], data["keep_above"]
    WEIGHTS.write_text(json.dumps(data, separators=(",", ":")))
    print(f"wrote {WEIGHTS} ({WEIGHTS.stat().st_size // 1024} KB, {'two stages' if two else 'one stage'})")
    if args.report:
        line_model._model.cache_clear()
        for fold in ("A", "B"):
            for corpus in TRAIN_CORPORA:
                subset = [p for p in rows if p["fold"] == fold and p["corpus"] == corpus]
                Xs, _, _, _, where_s = design(subset)
                chances = {}
                if Xs:
                    probs = first.predict_proba(np.asarray(Xs))[:, 1]
                    if two:
                        probs = second.predict_proba(np.asarray(stacked(Xs, where_s, probs)))[:, 1]
                    chances = {where_s[k]: float(probs[k]) for k in range(len(where_s))}
                before = page_scores(subset, {}, 0.0, 1.01)
                after = page_scores(subset, chances, drop, keep)
                print(f"{corpus} fold {fold}: rules {before['f1']:.4f} -> model {after['f1']:.4f} "
                      f"(P {after['precision']:.4f} R {after['recall']:.4f}; pages {len(subset)})")


if __name__ == "__main__":
    main()
