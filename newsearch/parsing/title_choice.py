"""A second look at the headline the text reader took, by a small learned chooser.

The rules in `page._Segment._head` and `headlines.against_title` pick one line; the page often
offers better ones: its `<title>` (the first line) without the site's name, the h1 printed
above the byline, a line printed twice. Each short line above the story (and the `<title>`'s
parts) is a candidate, described by a few features (where it sits, whether the rules took it,
how much of the `<title>` it says, whether a byline or date follows it, its case and length);
a logistic model scores them and the best one replaces the rules' pick when it scores clearly
higher. The weights are trained by bench/train_titles.py on fold A of wcxb-articles only and
ship as package data (title_weights.json); without that file the rules' pick stands.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsearch.parsing import headlines

WEIGHTS = Path(__file__).with_name("title_weights.json")
_MAX_WORDS = 30
_AFTER_BODY = 3  # lines past the story's first paragraph that may still be its headline
_MAX_UNITS = 400  # a page's menus rarely run longer above the headline
_CREDIT_KINDS = ("byline", "date")
_SKIPPED_KINDS = ("byline", "date", "source", "copyright")


# Han, kana, Hangul, Thai: scripts the weights never saw (wcxb is written with spaces between words).
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _unspaced(text: str) -> bool:
    """Whether most of `text`'s letters are of a script written without spaces."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(_UNSPACED.findall(text)) * 2 > len(letters)


def _words(text: str) -> list[str]:
    return headlines.tokens(text)


def _share(part: list[str], whole: list[str]) -> float:
    """Share of `part`'s words that `whole` has (each word of `whole` used once)."""
    return headlines.shared_words(part, whole) / len(part) if part else 0.0


def _first_line_parts(first: str, reprinted: bool) -> dict[str, str]:
    """What a `<title>` line may hold as its headline: each part between separators, the
    longest, and all but the last part (a site's name at the end). A line the page prints
    again is split at its bars only: a dash there joins the headline's own halves."""
    split = headlines.TITLE_BARS if reprinted else headlines.TITLE_SEPARATORS
    parts = [p.strip() for p in split.split(first) if p.strip()]
    found: dict[str, str] = {}
    if len(parts) < 2:
        return found
    found.setdefault(max(parts, key=lambda p: len(_words(p))), "core")
    found.setdefault(parts[0], "head")
    cut = first.rfind(parts[-1])
    rest = first[:cut].rstrip(" |•·»:-–—")
    if len(parts) > 2 and rest:
        found.setdefault(rest.strip(), "drop_last")
    for p in parts:
        found.setdefault(p, "part")
    return found


@lru_cache(maxsize=8)
def _first_words(first: str) -> tuple[list[str], list[str], float]:
    """The `<title>` line's words, its headline part's, and whether it has a separator."""
    return _words(first), _words(headlines.title_core(first)), float(bool(headlines.TITLE_SEPARATORS.search(first)))


def _case_shape(text: str) -> tuple[float, float]:
    """(share of words starting with a capital, whether the letters are all capitals)."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if not words:
        return 0.0, 0.0
    capital = sum(w[0].isupper() for w in words) / len(words)
    letters = [c for c in text if c.isalpha()]
    return capital, float(bool(letters) and all(c.isupper() for c in letters))


def _neighbour_kind(units: list[Any], i: int, step: int) -> float:
    """Whether a byline or date line sits next to units[i] (skipping junk), up or down."""
    j = i + step
    for _ in range(3):
        if not 0 <= j < len(units):
            return 0.0
        if units[j].kind in _CREDIT_KINDS:
            return 1.0
        if units[j].kind != "junk":
            return 0.0
        j += step
    return 0.0


def features(text: str, index: int, source: str, units: list[Any], current: str, body_at: int, counts: dict[str, int]) -> dict[str, float]:
    """The candidate's description the model weighs (names match the weights file)."""
    first = units[0].text
    have, (in_first, in_core, first_parted) = _words(text), _first_words(first)
    unit = units[index]
    capital, all_caps = _case_shape(text)
    words = len(text.split())
    distance = body_at - index
    stripped = text.rstrip()
    return {
        "bias": 1.0,
        "is_current": float(text == current),
        "same_words_current": float(sorted(have) == sorted(_words(current))),
        "is_first_line": float(index == 0 and source == "line"),
        "part_core": float(source == "core"),
        "part_head": float(source == "head"),
        "part_drop_last": float(source == "drop_last"),
        "part_other": float(source == "part"),
        "first_has_separator": first_parted,
        # The whole <title> line printed again on the page: the page's headline has its separator.
        "part_of_reprinted_first": float(source != "line" and counts.get(" ".join(in_first), 0) > 1),
        "says_first": _share(have, in_first),
        "first_says": _share(in_first, have),
        "core_says": _share(in_core, have),
        "same_as_core": float(sorted(have) == sorted(in_core)),
        "match_current": headlines.match(text, current) if current else 0.0,
        "printed": math.log1p(counts.get(" ".join(have), 0)),
        "printed_twice": float(counts.get(" ".join(have), 0) > 1),
        "log_words": math.log1p(words),
        "short": float(words <= 3),
        "above_body": float(distance > 0),
        "log_distance": math.copysign(math.log1p(abs(distance)), distance),
        "log_index": math.log1p(index),
        "junk": float(unit.kind == "junk" and source == "line"),
        "role_title": float(unit.role == "title" and source == "line"),
        "role_subtitle": float(unit.role == "subtitle" and source == "line"),
        "role_body": float(unit.role in ("body", "subhead") and source == "line"),
        "credit_below": _neighbour_kind(units, index, 1) if source == "line" else 0.0,
        "credit_above": _neighbour_kind(units, index, -1) if source == "line" else 0.0,
        "ends_stop": float(stripped.endswith(".")),
        "ends_question": float(stripped.endswith(("?", "!"))),
        "has_colon": float(":" in text),
        "has_separator": float(bool(headlines.TITLE_SEPARATORS.search(text))),
        "capital_share": capital,
        "all_caps": all_caps,
        "has_digit": float(any(c.isdigit() for c in text)),
    }


def candidates(units: list[Any], current: str) -> list[tuple[str, dict[str, float]]]:
    """Every line that could be the headline, with its features: the short lines down to a few
    past the story's first paragraph, the `<title>` line's parts, and the rules' pick."""
    if not units:
        return []
    body_at = next((i for i, u in enumerate(units) if u.role == "body"), len(units))
    counts: dict[str, int] = {}
    for u in units:
        key = " ".join(_words(u.text))
        counts[key] = counts.get(key, 0) + 1
    seen: dict[str, tuple[int, str]] = {}
    reprinted = counts.get(" ".join(_words(units[0].text)), 0) > 1
    for text, source in _first_line_parts(units[0].text, reprinted).items():
        seen.setdefault(text, (0, source))
    for i, u in enumerate(units[: min(len(units), body_at + _AFTER_BODY, _MAX_UNITS)]):
        if u.kind in _SKIPPED_KINDS or not _words(u.text) or len(u.text.split()) > _MAX_WORDS:
            continue
        seen.setdefault(u.text, (i, "line"))
    if current and current not in seen:
        at = next((i for i, u in enumerate(units) if u.text == current), 0)
        seen[current] = (at, "line" if units[at].text == current else "part")
    found = [(text, features(text, i, source, units, current, body_at, counts)) for text, (i, source) in seen.items()]
    _compare(found, [i for i, _ in seen.values()], body_at)
    return found


def _compare(found: list[tuple[str, dict[str, float]]], at: list[int], body_at: int) -> None:
    """Features against the page's other candidates: the best match to the `<title>`, the
    nearest line above the story."""
    lines = [(i, f) for (_, f), i in zip(found, at) if not f["part_core"] + f["part_head"] + f["part_drop_last"] + f["part_other"]]
    top_says = max((f["says_first"] for i, f in lines if i > 0), default=0.0)
    above = sorted({i for i, _ in lines if 0 < i < body_at}, reverse=True)
    rank = {i: n for n, i in enumerate(above)}
    for (_, f), i in zip(found, at):
        is_line = not (f["part_core"] + f["part_head"] + f["part_drop_last"] + f["part_other"])
        f["says_first_vs_best"] = f["says_first"] - top_says
        f["best_says_first"] = float(is_line and i > 0 and f["says_first"] >= top_says > 0)
        f["nearest_above_body"] = float(is_line and rank.get(i) == 0)
        f["log_rank_above_body"] = math.log1p(rank[i]) if is_line and i in rank else 3.0


@lru_cache(maxsize=1)
def _model() -> dict[str, Any] | None:
    try:
        return json.loads(WEIGHTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def score(feats: dict[str, float], model: dict[str, Any]) -> float:
    """The model's log-odds that the candidate is the headline (features scaled as trained)."""
    total = model["intercept"]
    for name, weight in model["weights"].items():
        mean, scale = model["scaling"][name]
        total += weight * (feats.get(name, 0.0) - mean) / scale
    return total


def pick(units: list[Any], current: str) -> str:
    """The headline: the best-scored candidate when it beats the rules' pick by the model's
    margin, else the rules' pick; its headline part if it still has a `<title>`'s separator."""
    model = _model()
    if model is None or not units or _unspaced(units[0].text):
        return current
    return choose(candidates(units, current), current, model)


def choose(found: list[tuple[str, dict[str, float]]], current: str, model: dict[str, Any]) -> str:
    """`pick` on candidates already described (bench/train_titles.py scores its folds with it)."""
    scored = [(score(f, model), text) for text, f in found]
    chosen = current
    if scored:
        best, text = max(scored)
        mine = next((s for s, t in scored if t == current), -math.inf)
        chosen = text if best > mine + model["margin"] else current
    if model.get("core_of_parts"):
        # "Headline | Site", "Headline | Tagline": the site's name or tagline is no part of it.
        chosen = headlines.bar_core(chosen)
    return chosen
