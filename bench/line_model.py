"""A learned second look at the text reader's body lines, stacked on the rules (issue 15) -- NOT SHIPPED.

It did not beat the rules on fold B (bench/results/extraction-textbody3.md), so it lives in
bench/ with its training script; the package is unchanged. To try it in the reader, copy this
module into newsearch/parsing/ with its weights and call `revise(parsed)` in
`page.parse_text_with_removed` just before the articles are made.

The rules (page.py) place every line: body, subhead, title... or dropped with a reason. This
model sees each line the rules kept as body or dropped as text outside the article (and the
short lines the menu rule took), with the rules' own decision, the line's shape, its
neighbours' shapes and decisions and where it stands from the rules' run of body text, and
gives the chance that the line belongs to the article. Only a confident answer flips the
rules' decision, and only between body and dropped: titles, subheads, bylines, dates are the
rules' alone.

Gradient-boosted trees trained by bench/train_lines.py on fold A of wcxb-articles and the
article-extraction benchmark (the weights, bench/data/line_model.json, loaded on first use);
inference walks them in plain Python.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsearch.parsing import boilerplate, text_blocks
from newsearch.parsing import line_shapes as shapes

WEIGHTS = Path(__file__).resolve().parent / "data" / "line_model.json"  # written by train_lines.py
REASON = "line-model"  # why a body line the model took out is reported as dropped
_DROPPED = ("outside-article", "short-line", "related-links", "menu", "repeated-paragraph")
_TERMINAL = re.compile(r"[.!?…。！？][”\"’')\]」』]*$")
_SENTENCE_MARK = re.compile(r"[.!?…。！？](?=[\s”\"’')\]」』]|$)")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LIST_MARK = re.compile(r"^(?:[-•*·▪►–—]|\d{1,2}[.)])\s")
_QUOTE = re.compile(r"[\"“”«»„「」]")
_PAGE_WORDS = 30  # the page's most frequent words: its function words, in any language
_NEIGHBOURS = (-2, -1, 1, 2)
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _topic_share(tokens: list[str], vocabulary: dict[str, int], own: dict[str, int]) -> float:
    """Share of a line's words the rest of the rules' body uses too (a teaser or a call to
    action speaks of something else; a story paragraph of the story)."""
    if not tokens:
        return -1.0
    return sum(1 for t in tokens if vocabulary.get(t, 0) - own.get(t, 0) > 0) / len(tokens)


def candidate(unit: Any) -> bool:
    """Whether the model may judge this line: body text, or text the rules dropped as outside the story."""
    if unit.role == "body":
        return True
    if unit.role is not None:
        return False
    return (unit.kind == "text" and unit.reason in (None, *_DROPPED)) or (unit.kind == "junk" and unit.reason == "menu")


def _shape(unit: Any, common_words: set[str]) -> list[float]:
    """What one line looks like, whatever its language."""
    text = unit.text
    words = max(1, boilerplate.word_count(text))
    split = text.split()
    cased = [w for w in split if w[:1].isalpha() and w[:1].lower() != w[:1].upper()]
    chars = max(1, len(text.replace(" ", "")))
    first = text[:1]
    return [
        math.log1p(words),
        math.log1p(len(text)),
        float(bool(_TERMINAL.search(text))),
        len(_SENTENCE_MARK.findall(text)) / words,
        sum(1 for w in cased if w[0].isupper()) / len(cased) if cased else -1.0,
        float(first.isupper()),
        float(first.islower()),
        sum(c.isdigit() for c in text) / chars,
        sum(not c.isalnum() and not c.isspace() for c in text) / chars,
        sum(1 for w in split if w.lower() in common_words) / max(1, len(split)),
        len(_UNSPACED.findall(text)) / chars,
        float(unit.reading == boilerplate.LineKind.PROSE),
        float(unit.reading == boilerplate.LineKind.LINK),
        float(boilerplate.junk_reason(text) is not None),
        float(boilerplate.is_end_marker(text) or boilerplate.is_comments_marker(text)),
        float(shapes.is_subhead(text)),
        float(text.rstrip().endswith(":")),
        float(any(c in text for c in "|»›")),
        float(bool(_LIST_MARK.match(text))),
        float(bool(_QUOTE.search(text))),
        float(_doubled(split)),
    ]


def _doubled(words: list[str]) -> bool:
    """A line that is one phrase printed twice (a teaser's image text and link text run together)."""
    half = len(words) // 2
    return len(words) >= 4 and len(words) % 2 == 0 and words[:half] == words[half:]


def _decision(unit: Any) -> list[float]:
    """The rules' decision on a line, as numbers."""
    reason = unit.reason or ("outside-article" if unit.role is None else "")
    return [float(unit.role == "body"), float(candidate(unit))] + [float(reason == r) for r in _DROPPED]


def features(units: list[Any]) -> dict[int, list[float]]:
    """Each candidate line's features (by index in `units`, one article's share of the page)."""
    body = [i for i, u in enumerate(units) if u.role == "body"]
    if not body:
        return {}
    start, end = body[0], body[-1]
    counts: dict[str, int] = {}
    tally: dict[str, int] = {}
    for unit in units:
        counts[unit.text] = counts.get(unit.text, 0) + 1
        for w in unit.text.lower().split():
            tally[w] = tally.get(w, 0) + 1
    common_words = set(sorted(tally, key=tally.__getitem__, reverse=True)[:_PAGE_WORDS])
    sizes = [boilerplate.word_count(u.text) for u in units]
    before = [0]
    for size in sizes:
        before.append(before[-1] + size)
    body_words = max(1, sum(sizes[i] for i in body))
    shapes_of = [_shape(u, common_words) for u in units]
    tokens_of = [[t for t in _TOKEN.findall(u.text.lower()) if t not in common_words] for u in units]
    vocabulary: dict[str, int] = {}
    for i in body:
        for t in tokens_of[i]:
            vocabulary[t] = vocabulary.get(t, 0) + 1
    title = {t for i, u in enumerate(units) if u.role in ("title", "subtitle") for t in tokens_of[i]}
    decisions = [_decision(u) for u in units]
    found = {}
    for i, unit in enumerate(units):
        if not candidate(unit):
            continue
        if i < start:
            gap, words_between = start - i, before[start] - before[i + 1]
        elif i > end:
            gap, words_between = i - end, before[i] - before[end + 1]
        else:
            gap, words_between = 0, 0
        own: dict[str, int] = {}
        if unit.role == "body":
            for t in tokens_of[i]:
                own[t] = own.get(t, 0) + 1
        row = shapes_of[i] + decisions[i] + [
            _topic_share(tokens_of[i], vocabulary, own),
            sum(1 for t in tokens_of[i] if t in title) / len(tokens_of[i]) if tokens_of[i] else -1.0,
            float(i < start), float(i > end), math.log1p(gap), math.log1p(words_between),
            math.log1p(body_words), sizes[i] / body_words, i / len(units), math.log1p(len(units)),
            float(min(counts[unit.text] - 1, 3)), float(text_blocks.in_list(units, i)),
            boilerplate.text_weight(unit.text, unit.reading) / 20.0,
            sum(1 for j in range(i - 3, i + 4) if 0 <= j < len(units) and j != i and units[j].role == "body") / 6.0,
        ]
        for offset in _NEIGHBOURS:
            j = i + offset
            if 0 <= j < len(units):
                n = shapes_of[j]
                row += [1.0, float(units[j].role == "body"), n[0], n[2], n[11], float(units[j].kind == "junk")]
            else:
                row += [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        found[i] = row
    return found


@lru_cache(maxsize=1)
def _model() -> dict[str, Any]:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def _raw(trees: list[list[list[float]]], row: list[float]) -> float:
    total = 0.0
    for nodes in trees:
        node = nodes[0]
        while node[0] >= 0:  # [feature, threshold, left, right] or [-1, value]
            node = nodes[int(node[2] if row[int(node[0])] <= node[1] else node[3])]
        total += node[1]
    return total


def _chance(model: dict[str, Any], row: list[float]) -> float:
    return 1.0 / (1.0 + math.exp(-(model["baseline"] + _raw(model["trees"], row))))


def with_neighbours(rows: dict[int, list[float]], chances: dict[int, float]) -> dict[int, list[float]]:
    """The second stage's features: a line's own and its neighbours' first-stage chances (the
    article's text comes in runs)."""
    out = {}
    for i, row in rows.items():
        near = [chances[j] for j in range(i - 3, i + 4) if j != i and j in chances]
        out[i] = row + [chances[i]] + [chances.get(i + o, -1.0) for o in _NEIGHBOURS] + [
            sum(near) / len(near) if near else -1.0, max(near, default=-1.0), min(near, default=-1.0),
        ]
    return out


def probabilities(units: list[Any]) -> dict[int, float]:
    """The model's chance that each candidate line is the article's text."""
    model = _model()
    rows = features(units)
    chances = {i: _chance(model, row) for i, row in rows.items()}
    if "second" in model:
        second = with_neighbours(rows, chances)
        chances = {i: _chance(model["second"], row) for i, row in second.items()}
    return chances


def flips(units: list[Any], chances: dict[int, float], drop_below: float, keep_above: float) -> dict[int, bool]:
    """The lines whose decision the model turns over (index -> now body), none if no body would be left."""
    turned = {}
    for i, chance in chances.items():
        if units[i].role == "body" and chance < drop_below:
            turned[i] = False
        elif units[i].role is None and chance > keep_above:
            turned[i] = True
    kept = sum(1 for u in units if u.role == "body") + sum(1 if now else -1 for now in turned.values())
    return turned if kept > 0 else {}


def revise(segments: list[Any]) -> None:
    """Flip the rules' body/dropped decision where the model is confident; the segments'
    paragraphs follow (in page order)."""
    model = _model()
    for segment in segments:
        if not segment.has_prose:
            continue
        units = segment.units
        turned = flips(units, probabilities(units), model["drop_below"], model["keep_above"])
        for i, now_body in turned.items():
            units[i].role, units[i].reason = ("body", None) if now_body else (None, REASON)
        if turned:
            segment.paragraphs = [u.text for u in units if u.role == "body"]
