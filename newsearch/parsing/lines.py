"""A learned reading of a scraped page's lines: how likely each one is article text.

The rules in `boilerplate` judge a line on its own words (length, final punctuation, English
function words). This judges it with what surrounds it too, from features that hold in any
language and script: its length in characters and words, how it ends, its punctuation, digits
and capitals, how many of its words are the page's own most frequent words (the function words
of whatever language the page is in, found on the page itself, not from an English list), its
place on the page, whether it repeats, what the rules make of it, and the same for its
neighbours. A logistic regression over these, trained in `bench/train_lines.py` on pages from
one half of the development sites and measured on the other, gives each line a probability;
only its weights ship (`data/line_model.json`), read here with plain Python.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from newsearch.parsing import boilerplate

MODEL_FILE = "line_model.json"
_SENTENCE_END = re.compile(r"[.!?…。！？][”\"’')\]»」』]*$")
_OTHER_END = re.compile(r"[:;,][”\"’')\]»]*$")
_PUNCT = re.compile(r"[^\w\s]")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\w+")
_SEPARATORS = re.compile(r"\s[|•·»/]\s|\s[-–—]\s")
_PAGE_WORDS = 40  # the page's most frequent words, its function words in any language
_PAGE_WORDS_MIN_LINE = 8  # ...counted over lines at least this long
_WINDOW = 3


def _base(line: str, kind: str, common: frozenset[str], repeats: int, reading: str, role: str | None) -> list[float]:
    words = line.split()
    tokens = [t.casefold() for t in _TOKEN.findall(line)]
    n_words, n_chars = len(words), len(line)
    cased = [w for w in words if w[:1].isalpha() and w[:1].lower() != w[:1].upper()]
    return [
        math.log1p(n_chars),
        math.log1p(n_words),
        n_words / max(1, n_chars) * 5,  # ~1 for spaced scripts, ~0 for Chinese or Japanese
        1.0 if _SENTENCE_END.search(line) else 0.0,
        1.0 if _OTHER_END.search(line) else 0.0,
        len(_PUNCT.findall(line)) / max(1, n_chars) * 10,
        len(_DIGIT.findall(line)) / max(1, n_chars) * 10,
        sum(1 for w in cased if w[0].isupper()) / len(cased) if cased else 0.5,
        1.0 if cased else 0.0,
        sum(1 for t in tokens if t in common) / len(tokens) if tokens else 0.0,
        1.0 if kind != "text" else 0.0,  # furniture, credit or date line by the rules
        1.0 if kind == "junk" else 0.0,
        1.0 if repeats > 1 else 0.0,
        1.0 if _SEPARATORS.search(line) else 0.0,
        1.0 if reading == boilerplate.LineKind.PROSE else 0.0,
        1.0 if reading == boilerplate.LineKind.LINK else 0.0,
        1.0 if role == "body" else 0.0,
        1.0 if role in ("title", "subtitle") else 0.0,
        1.0 if role == "subhead" else 0.0,
    ]


BASE_NAMES = [
    "log_chars", "log_words", "spacing", "sentence_end", "other_end", "punct", "digits", "capitals",
    "cased", "page_words", "not_text", "junk", "repeated", "separator", "rule_prose", "rule_link",
    "rule_body", "rule_head", "rule_subhead",
]
_NEIGHBOUR = [0, 1, 3, 5, 9, 10, 14, 16]  # the base features read off the neighbours too


def feature_names() -> list[str]:
    names = list(BASE_NAMES)
    for side in ("prev", "next"):
        names += [f"{side}_{BASE_NAMES[j]}" for j in _NEIGHBOUR]
    names += [f"window_{BASE_NAMES[j]}" for j in _NEIGHBOUR]
    names += ["position", "char_position", "in_rule_run", "after_headline", "before_run", "after_run",
              "run_share", "page_log_lines"]
    return names


def page_words(lines: list[str]) -> frozenset[str]:
    """The page's most frequent words over its longer lines (its function words, any language)."""
    counts: Counter = Counter()
    for line in lines:
        tokens = _TOKEN.findall(line)
        if len(tokens) >= _PAGE_WORDS_MIN_LINE:
            counts.update({t.casefold() for t in tokens})
    return frozenset(w for w, _ in counts.most_common(_PAGE_WORDS))


def features(lines: list[str], kinds: list[str], roles: list[str | None], headline: int | None = None) -> list[list[float]]:
    """One feature row per line. `kinds` is the rules' kind of each line ("text", "junk",
    "byline", "date"...), `roles` where the rules put it ("body", "title", "subhead"... or None);
    `headline` the index of the headline printed on the page, if known."""
    n = len(lines)
    if not n:
        return []
    common = page_words(lines)
    repeats = Counter(" ".join(line.casefold().split()) for line in lines)
    texts = [i for i in range(n) if kinds[i] == "text"]
    readings = [boilerplate.LineKind.SHORT] * n
    for i, reading in zip(texts, boilerplate.text_kinds([lines[i] for i in texts])):
        readings[i] = reading
    base = [_base(lines[i], kinds[i], common, repeats[" ".join(lines[i].casefold().split())], readings[i], roles[i]) for i in range(n)]
    scores = [boilerplate.text_weight(lines[i], readings[i]) if kinds[i] == "text" else (-boilerplate.JUNK_COST if kinds[i] == "junk" else 0.0) for i in range(n)]
    start, end = boilerplate.densest_run(scores)
    chars = [len(line) for line in lines]
    total = sum(chars) or 1
    cumulative = 0
    run_chars = sum(chars[start:end + 1])
    rows = []
    empty = [0.0] * len(_NEIGHBOUR)
    for i in range(n):
        row = list(base[i])
        row += [base[i - 1][j] for j in _NEIGHBOUR] if i else empty
        row += [base[i + 1][j] for j in _NEIGHBOUR] if i + 1 < n else empty
        lo, hi = max(0, i - _WINDOW), min(n, i + _WINDOW + 1)
        row += [sum(base[k][j] for k in range(lo, hi)) / (hi - lo) for j in _NEIGHBOUR]
        row += [
            i / n,
            cumulative / total,
            1.0 if start <= i <= end else 0.0,
            1.0 if headline is not None and i > headline else 0.0,
            1.0 if i < start else 0.0,
            1.0 if i > end else 0.0,
            run_chars / total,
            math.log1p(n),
        ]
        cumulative += chars[i]
        rows.append(row)
    return rows


@lru_cache(maxsize=1)
def model() -> dict | None:
    """The shipped weights, or None when the package has none (the rules alone then)."""
    try:
        text = resources.files("newsearch.parsing").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, ModuleNotFoundError):
        return None
    return json.loads(text)


def probabilities(rows: list[list[float]], weights: dict | None = None) -> list[float]:
    """P(article text) for each feature row under the logistic model `weights` (default: shipped)."""
    weights = weights or model()
    if weights is None:
        return [0.5] * len(rows)
    if weights["kind"] == "trees":
        return [_sigmoid(weights["bias"] + sum(_leaf(tree, row) for tree in weights["trees"])) for row in rows]
    mean, scale, coef, bias = weights["mean"], weights["scale"], weights["coef"], weights["bias"]
    out = []
    for row in rows:
        out.append(_sigmoid(bias + sum(c * (x - m) / s for c, x, m, s in zip(coef, row, mean, scale))))
    return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _leaf(tree: list[list], row: list[float]) -> float:
    """The value of the leaf `row` falls in: a node is [feature, threshold, left, right, missing-left] or [value]."""
    node = tree[0]
    while len(node) > 1:
        x = row[node[0]]
        node = tree[node[2] if (x <= node[1] if x == x else node[4]) else node[3]]
    return node[0]
