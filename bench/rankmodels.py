"""Other retrieval models in place of BM25, and fusions with it, on newsearch's own query leaves and
postings (issue 17; bench/results/relevance-rank5.md): every (field, word, boost) leaf of the query
newsearch compiles for each judged query of the four IR collections, scored by each model from the
index's frequencies and quantised field lengths, summed with the leaves' boosts, ranked as termscore
ranks (scores to 6 decimals, ties by docnum). `bm25` reproduces newsearch's figures exactly.
Then leave-one-collection-out: each held-out collection gets the variant chosen on the other three
(among the variants that raise nDCG@10/MAP's mean relative change on each of the three, the one
raising it most; none: BM25 stays), among the published defaults only (`--grid`: every variant).

    python bench/rankmodels.py            # published parameters only
    python bench/rankmodels.py --grid     # parameter grids too (c, mu, delta)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance  # noqa: E402

from newsearch import metrics  # noqa: E402
from newsearch.engines.whoosh import queryparse, searcher as S, speakers  # noqa: E402
from newsearch.engines.whoosh.format.blocks import LENGTH_OF_CODE  # noqa: E402
from newsearch.engines.whoosh.format.postings import Postings  # noqa: E402

L = np.array(LENGTH_OF_CODE, dtype=float)


def extract(name: str) -> dict:
    """The collection's queries as leaves, each leaf's postings (docnums, frequencies, BM25 scores)
    and field lengths, from newsearch's index."""
    documents, queries, judgements = relevance.load(name)
    s = S._open_searcher(relevance.newsearch_index(name, documents) / "index")
    ix = Postings.of(s)
    n = s.doc_count_all()
    qs, terms = [], {}
    for qid, text in queries:
        q = speakers.widened(queryparse.parse_query(" ".join(relevance.words(text)), s.schema, match_all=False),
                             s.reader())
        leaves = [(leaf.fieldname, leaf.text, leaf.boost) for leaf in queryparse.all_leaves(q) if leaf.boost > 0]
        qs.append((qid, leaves))
        for f, t, _ in leaves:
            if (f, t) not in terms:
                ids, scores, _ = ix.term(f, t)
                terms[(f, t)] = (np.array(ids, dtype=np.int64), np.array(ix._weights[(f, t)], dtype=float),
                                 np.array(scores))
    flen = {f: (L[np.frombuffer(ix._length_codes(f), dtype=np.uint8)], s.field_length(f), s.avg_field_length(f))
            for f in {f for f, _ in terms}}
    return dict(N=n, ids=[s.stored_fields(d)["id"] for d in range(n)], queries=qs, terms=terms, flen=flen,
                judgements=judgements, _stats={})


# The models: per-word scores of one posting list (tf its frequencies, dl the field lengths), `st`
# the word's statistics: N articles, df = n articles holding it, cf = F its total frequency, T the
# field's total length, avgdl its mean, idf BM25's (as schema.rsj_idf). Terrier's / Lucene's forms.
LOG2E = math.log2(math.e)


def bm25(tf, dl, st, k1=1.2, b=0.75):
    norm = k1 * ((1 - b) + b * dl / st['avgdl'])
    return st['idf'] * tf * (k1 + 1) / (tf + norm)


def bm25l(tf, dl, st, k1=1.2, b=0.75, delta=0.5):
    c = tf / ((1 - b) + b * dl / st['avgdl']) + delta
    return st['idf'] * (k1 + 1) * c / (k1 + c)


def bm25plus(tf, dl, st, k1=1.2, b=0.75, delta=1.0):
    norm = k1 * ((1 - b) + b * dl / st['avgdl'])
    return st['idf'] * (tf * (k1 + 1) / (tf + norm) + delta)


def lm(tf, dl, st, mu=2000.0, clamp=True):
    if mu == 'mean':
        mu = st['avgdl']
    pc = st['cf'] / st['T']
    s = np.log(1 + tf / (mu * pc)) + np.log(mu / (dl + mu))
    return np.maximum(s, 0) if clamp else s


def lmjm(tf, dl, st, lam=0.1):  # Jelinek-Mercer (Lucene): log(1 + (1-l) tf/dl / (l pc))
    pc = st['cf'] / st['T']
    return np.log(1 + (1 - lam) * tf / np.maximum(dl, 1) / (lam * pc))


def _tfn2(tf, dl, st, c):
    return tf * np.log2(1 + c * st['avgdl'] / np.maximum(dl, 1))


def pl2(tf, dl, st, c=1.0):
    tfn = _tfn2(tf, dl, st, c)
    lam = st['cf'] / st['N']
    s = (tfn * np.log2(tfn / lam) + (lam - tfn) * LOG2E + 0.5 * np.log2(2 * math.pi * tfn)) / (tfn + 1)
    return np.maximum(s, 0)


def inl2(tf, dl, st, c=1.0):
    tfn = _tfn2(tf, dl, st, c)
    return tfn * math.log2((st['N'] + 1) / (st['df'] + 0.5)) / (tfn + 1)


def inb2(tf, dl, st, c=1.0):
    tfn = _tfn2(tf, dl, st, c)
    F, n, N = st['cf'], st['df'], st['N']
    return (F + 1) / (n * (tfn + 1)) * tfn * math.log2((N + 1) / (n + 0.5))


def inexpb2(tf, dl, st, c=1.0):
    tfn = _tfn2(tf, dl, st, c)
    F, n, N = st['cf'], st['df'], st['N']
    ne = N * (1 - (1 - 1 / N) ** F)
    return (F + 1) / (n * (tfn + 1)) * tfn * math.log2((N + 1) / (ne + 0.5))


def dph(tf, dl, st):
    dl = np.maximum(dl, tf)
    f = tf / dl
    norm = (1 - f) ** 2 / (tf + 1)
    with np.errstate(divide='ignore', invalid='ignore'):
        s = norm * (tf * np.log2(tf * st['avgdl'] / dl * st['N'] / st['cf']) + 0.5 * np.log2(2 * math.pi * tf * (1 - f)))
    return np.nan_to_num(np.maximum(s, 0), neginf=0.0)


def f2exp(tf, dl, st, k=0.35, s=0.5):
    return ((st['N'] + 1) / st['df']) ** k * tf / (tf + s + s * dl / st['avgdl'])


def ifb2(tf, dl, st, c=1.0):
    tfn = _tfn2(tf, dl, st, c)
    F, n, N = st['cf'], st['df'], st['N']
    return (F + 1) / (n * (tfn + 1)) * tfn * math.log2((N + 1) / (F + 0.5))


def inexpc2(tf, dl, st, c=1.0):
    tfn = tf * np.log(1 + c * st['avgdl'] / np.maximum(dl, 1))
    F, n, N = st['cf'], st['df'], st['N']
    ne = N * (1 - (1 - 1 / N) ** F)
    return (F + 1) / (n * (tfn + 1)) * tfn * math.log2((N + 1) / (ne + 0.5))


def bm25b(tf, dl, st, k1=1.2, b=0.75):  # BM25 with DFR's B after-effect factor (F+1)/(n) (ablation)
    return bm25(tf, dl, st, k1, b) * (st['cf'] + 1) / st['df']


def per_query_scores(coll, model, **kw):
    """[(qid, score vector over docs, matched mask)]"""
    N = coll['N']
    out = []
    for qid, leaves in coll['queries']:
        total = np.zeros(N)
        matched = np.zeros(N, dtype=bool)
        for f, t, boost in leaves:
            ids, w, sc = coll['terms'][(f, t)]
            if len(ids) == 0:
                continue
            lens, T, avgdl = coll['flen'][f]
            st = coll['_stats'].get((f, t))
            if st is None:
                df = len(ids)
                st = coll['_stats'][(f, t)] = dict(N=N, df=df, cf=float(w.sum()), T=T, avgdl=avgdl or 1,
                                                   idf=math.log(1 + (N - df + 0.5) / (df + 0.5)), sc=sc)
            total[ids] += boost * model(w, lens[ids], st, **kw)
            matched[ids] = True
        out.append((qid, total, matched))
    return out


def ranking(coll, total, matched, depth=100):
    docs = np.nonzero(matched)[0]
    sc = np.round(total[docs], 6)
    order = np.lexsort((docs, -sc))[:depth]
    return [coll['ids'][d] for d in docs[order]]


def evaluate(coll, scored):
    """per query (ndcg@10, AP)"""
    res = {}
    for qid, total, matched in scored:
        r = ranking(coll, total, matched)
        j = coll['judgements'][qid]
        res[qid] = (metrics.ndcg_at(r, j, 10), metrics.average_precision(r, j))
    return res


def means(res):
    v = list(res.values())
    return (sum(x[0] for x in v) / len(v), sum(x[1] for x in v) / len(v))


def gain(on, off):
    return (on[0] / off[0] + on[1] / off[1]) / 2 - 1

# name: (function, parameters, published default?)
VARIANTS = {
    "bm25": (bm25, {}, True),
    "bm25 k1 0.9 b 0.4": (bm25, dict(k1=0.9, b=0.4), True),
    "bm25l d0.5": (bm25l, {}, True), "bm25l d0.25": (bm25l, dict(delta=0.25), False),
    "bm25l d1": (bm25l, dict(delta=1.0), False),
    "bm25+ d1": (bm25plus, {}, True), "bm25+ d0.5": (bm25plus, dict(delta=0.5), False),
    "bm25+ d0.25": (bm25plus, dict(delta=0.25), False),
    "lm mu2000": (lm, {}, True), "lm mu=avgdl": (lm, dict(mu="mean"), True), "lm mu500": (lm, dict(mu=500.0), False),
    "lm mu1000": (lm, dict(mu=1000.0), False), "lm mu2000 unclamped": (lm, dict(clamp=False), False),
    "lmjm 0.1": (lmjm, {}, True), "lmjm 0.7": (lmjm, dict(lam=0.7), True),
    "pl2 c1": (pl2, {}, True), "pl2 c7": (pl2, dict(c=7.0), True),
    "inl2 c1": (inl2, {}, True), "inl2 c7": (inl2, dict(c=7.0), False),
    "inb2 c1": (inb2, {}, True), "inb2 c0.5": (inb2, dict(c=0.5), False), "inb2 c2": (inb2, dict(c=2.0), False),
    "inb2 c7": (inb2, dict(c=7.0), False),
    "inexpb2 c1": (inexpb2, {}, True), "inexpc2 c1": (inexpc2, {}, True), "ifb2 c1": (ifb2, {}, True),
    "dph": (dph, {}, True), "f2exp": (f2exp, {}, True),
    "bm25 × (F+1)/n (ablation)": (bm25b, {}, False),
}
# Fused with BM25 (CombSUM of min-max or max-normalised scores, equal weights; reciprocal rank fusion, k 60).
FUSE = ["inb2 c1", "inexpb2 c1", "pl2 c1", "inl2 c1", "dph", "lm mu2000", "lm mu=avgdl", "f2exp", "bm25l d0.5",
        "bm25+ d1"]


def minmax(total, matched):
    v = total[matched]
    lo, hi = v.min(), v.max()
    out = np.zeros_like(total)
    out[matched] = (v - lo) / (hi - lo) if hi > lo else 1.0
    return out


def bymax(total, matched):
    hi = total[matched].max()
    return total / hi if hi > 0 else total


def rrf_scores(total, matched, k=60):
    docs = np.nonzero(matched)[0]
    order = docs[np.lexsort((docs, -np.round(total[docs], 6)))]
    out = np.zeros_like(total)
    out[order] = 1.0 / (k + np.arange(1, len(order) + 1))
    return out


def fused(a, b, how, w=0.5):
    res = []
    for (q, ta, ma), (_, tb, mb) in zip(a, b):
        m = ma | mb
        if how == 'sum-minmax':
            t = (1 - w) * minmax(ta, m) + w * minmax(tb, m)
        elif how == 'sum-max':
            t = (1 - w) * bymax(ta, m) + w * bymax(tb, m)
        else:
            t = rrf_scores(ta, m) + rrf_scores(tb, m)
        res.append((q, t, m))
    return res


def measured() -> dict[str, dict[str, tuple[float, float]]]:
    """{variant: {collection: (nDCG@10, MAP)}}; fusions' names "bm25 ⊕ X [how]"."""
    table: dict[str, dict] = {}
    for name in relevance.COLLECTIONS:
        coll = extract(name)
        scored = {k: per_query_scores(coll, f, **kw) for k, (f, kw, _) in VARIANTS.items()}
        for k, found in scored.items():
            table.setdefault(k, {})[name] = means(evaluate(coll, found))
        for x in FUSE:
            for how in ("sum-minmax", "sum-max", "rrf"):
                table.setdefault(f"bm25 ⊕ {x} [{how}]", {})[name] = means(evaluate(coll, fused(scored["bm25"], scored[x], how)))
        print(name, file=sys.stderr, flush=True)
    return table


def main() -> None:
    grid = "--grid" in sys.argv[1:]
    names = relevance.COLLECTIONS
    runs = relevance.Runs(names)  # the peers' figures (cached)
    best = {n: runs.best(n) for n in names}
    table = measured()
    base = table["bm25"]
    published = {k for k, (_, _, p) in VARIANTS.items() if p}
    allowed = [k for k in table if k != "bm25" and (grid or k in published or
                                                     k.startswith("bm25 ⊕") and k.split(" ⊕ ")[1].split(" [")[0] in published)]
    print("| model | " + " | ".join(f"{n} nDCG@10 / MAP (÷ best; gain)" for n in names) + " | least gain |")
    print("| --- |" + " ---: |" * (len(names) + 1))
    for k, row in table.items():
        cells = [f"{row[n][0]:.4f} / {row[n][1]:.4f} ({row[n][0] / best[n][0]:.2f} / {row[n][1] / best[n][1]:.2f}; "
                 f"{gain(row[n], base[n]):+.1%})" for n in names]
        print(f"| {k}{'' if k in published or k == 'bm25' or '⊕' in k else ' (tuned)'} | " + " | ".join(cells) +
              f" | {min(gain(row[n], base[n]) for n in names):+.1%} |")
    print(f"\nLeave-one-collection-out among {'every variant' if grid else 'the published defaults'}:\n")
    print("| held out | chosen on the other three | training gains | held-out nDCG@10 / MAP | ÷ best | held-out gain |")
    print("| --- | --- | --- | --- | --- | ---: |")
    for held in names:
        train = [n for n in names if n != held]
        ok = [(sum(gain(table[k][n], base[n]) for n in train) / 3, k) for k in allowed
              if all(gain(table[k][n], base[n]) > 0 for n in train)]
        k = max(ok)[1] if ok else "bm25"
        f = table[k][held]
        print(f"| {held} | {k} | {' / '.join(f'{gain(table[k][n], base[n]):+.1%}' for n in train)} | "
              f"{f[0]:.4f} / {f[1]:.4f} | {f[0] / best[held][0]:.3f} / {f[1] / best[held][1]:.3f} | "
              f"{gain(f, base[held]):+.1%} |")



if __name__ == "__main__":
    main()
