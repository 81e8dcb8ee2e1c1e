"""Finds the query's words in stored text and cuts snippets with [start, end) highlight spans.

It reads text the way the index does (same tokens, same exact and stemmed forms; words of
unspaced scripts cut by ICU as schema.py cuts them), so what is highlighted is what matched; a
phrase is one span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import analysis as scripts
from ...models import Snippet
from .schema import exact_form, sentence_spans, stemmed_form

TOKEN = re.compile(r"\w+(?:\.?\w+)*")
MAX_SNIPPET_CHARS = 280
MAX_SNIPPETS = 3  # per hit, all fields together
BODY_SNIPPETS = 2
QUOTE_SNIPPETS = 2
SUBHEAD_SNIPPETS = 2
# Among snippets that match equally well: the body first, then the fields a reader meets first.
FIELD_ORDER = {"body": 0, "title": 1, "subtitle": 2, "quote": 3, "subhead": 4}


@dataclass
class Terms:
    """The query's words for one displayed field: exact forms, stems, and exact phrases."""

    exact: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    # Whether each token seen so far, as written, is a matched word (the hits of a query share
    # most of their words).
    seen: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.exact or self.stems or self.phrases)

    def matches(self, form: str) -> bool:
        """Whether one exact form is a matched word (as typed, or by its stem)."""
        return form in self.exact or bool(self.stems and stemmed_form(form) in self.stems)

    def matching(self, words: set[str]) -> set[str]:
        """The tokens among `words` (as written) that are matched words."""
        seen = self.seen
        for word in words - seen.keys():
            seen[word] = self.matches(exact_form(word))
        return {word for word in words if seen[word]}


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """[start, end) of each token of text[start:end], as the exact analyzer cuts them."""
    end = len(text) if end is None else end
    if scripts.needs_analysis(text):
        return scripts.words(text, start, end, clusters=True)
    return [m.span() for m in TOKEN.finditer(text, start, end)]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(exact form, start, end) for each token, as the exact analyzer sees them."""
    if scripts.needs_analysis(text):
        return [(exact_form(text[a:b]), a, b) for a, b in scripts.words(text, clusters=True)]
    return [(exact_form(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


def matching_words(text: str, terms: Terms) -> tuple[set[str], set[str]]:
    """The distinct tokens of `text`, as written, that match `terms`' words, and those that begin
    one of its phrases: a stretch of `text` without any of either has nothing to highlight."""
    distinct = {text[a:b] for a, b in word_spans(text)}
    firsts = {phrase[0] for phrase in terms.phrases}
    starts = {word for word in distinct if exact_form(word) in firsts} if firsts else set()
    return terms.matching(distinct), starts


def find_spans(text: str, terms: Terms, words: set[str] | None = None) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) spans of matched words and phrases in `text`; `words`: the
    matching words of a text that holds `text` (matching_words), when already known."""
    if not terms or not text:
        return []
    if words is None:
        words = matching_words(text, terms)[0]
    # A token matches by its form as written: each distinct form was checked once.
    spans = [(a, b) for a, b in word_spans(text) if text[a:b] in words] if words else []
    if terms.phrases:
        toks = tokens(text)
        forms = [t[0] for t in toks]
        for phrase in terms.phrases:
            width = len(phrase)
            for i in range(len(forms) - width + 1):
                if tuple(forms[i : i + width]) == phrase:
                    spans.append((toks[i][1], toks[i + width - 1][2]))
    return merge(spans, text)


def merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sort spans and join those that overlap or are separated only by spaces.

    Adjacent matched words read as one match ("Min Aung Hlaing" for an unquoted name query).
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def hit_snippets(data: dict, terms: dict[str, Terms], cap: int = MAX_SNIPPETS) -> list[Snippet]:
    """At most `cap` snippets of one stored article, the best first.

    Candidates: the title and subtitle if they matched, the first SUBHEAD_SNIPPETS matching
    subheads and QUOTE_SNIPPETS matching quotes (or quotes whose speaker matched), and the
    BODY_SNIPPETS best body sentences. One body snippet is always kept: the best matching sentence,
    or, when nothing in the body matched, its first sentence unhighlighted. The rest are the
    candidates with the most distinct matched words. They are ordered by that count, ties going to
    the body, then title, subtitle, quotes, subheads, then reading order.
    """
    empty = Terms()
    found: list[tuple[int, Snippet]] = []
    for name in ("title", "subtitle"):
        _keep(found, whole_field(name, data.get(name) or "", terms.get(name, empty)))
    subhead_terms = terms.get("subhead", empty)
    if subhead_terms:  # pages with hundreds of captions: stop at the first few that match
        taken = 0
        for text in data.get("subheads", ()):
            taken += _keep(found, whole_field("subhead", text, subhead_terms))
            if taken == SUBHEAD_SNIPPETS:
                break
    quotes = _quote_snippets(data.get("quotes", ()), terms.get("quote", empty), terms.get("speaker", empty))
    found += quotes
    shown = [q.text.strip("…")[:60] for _, q in quotes]
    body = data.get("body", "")
    passages = best_passages("body", body, terms.get("body", empty), skip=shown)
    for passage in passages:
        _keep(found, passage)
    if not passages:
        _keep(found, lead("body", body))
    order = sorted(range(len(found)), key=lambda i: (-found[i][0], FIELD_ORDER[found[i][1].field], i))
    first_body = next((i for i in order if found[i][1].field == "body"), None)
    chosen = set(order[:cap]) if first_body is None else {first_body, *[i for i in order if i != first_body][: cap - 1]}
    return [found[i][1] for i in order if i in chosen]


def _keep(found: list[tuple[int, Snippet]], snippet: Snippet | None) -> int:
    """Add a snippet, with its count of distinct highlighted words, to `found`; 1 if there was one."""
    if snippet is None:
        return 0
    found.append((_distinct(snippet.text, snippet.highlights), snippet))
    return 1


def _distinct(text: str, spans) -> int:
    """How many distinct words the spans cover (adjacent matched words are merged into one span)."""
    return len({text[c:d].lower() for a, b in spans for c, d in word_spans(text, a, b)})


def _quote_snippets(quotes, quote_terms: Terms, speaker_terms: Terms) -> list[tuple[int, Snippet]]:
    """Quotes whose words matched, or whose speaker matched, each with its speaker (and how many
    distinct words matched, in the quote or else in the speaker's name)."""
    chosen = []
    if not (quote_terms or speaker_terms):
        return chosen
    for quote in quotes:
        speaker = quote.get("speaker")
        snippet = whole_field("quote", quote["text"], quote_terms, speaker)
        if snippet is not None:
            chosen.append((_distinct(snippet.text, snippet.highlights), snippet))
        elif speaker and (spans := find_spans(speaker, speaker_terms)):
            chosen.append((_distinct(speaker, spans), plain("quote", quote["text"], speaker)))
        if len(chosen) == QUOTE_SNIPPETS:
            break
    return chosen


def whole_field(fieldname: str, text: str, terms: Terms, speaker: str | None = None) -> Snippet | None:
    """The field's whole text (windowed if long) when it matches, else None."""
    spans = find_spans(text, terms)
    if not spans:
        return None
    return _window(fieldname, text, spans, speaker)


def best_passages(
    fieldname: str, text: str, terms: Terms, count: int = BODY_SNIPPETS, skip: list[str] = ()
) -> list[Snippet]:
    """The `count` sentences with the most distinct matched words, in reading order.

    Sentences containing any of `skip` (text already shown, such as a matched quote) are passed over.
    """
    words, starts = matching_words(text, terms) if terms else (set(), set())
    candidates = words | starts
    if not candidates:
        return []
    scored = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if not any(word in sentence for word in candidates) or any(shown in sentence for shown in skip):
            continue
        spans = find_spans(sentence, terms, words)
        if spans:
            distinct = len({sentence[a:b].lower() for a, b in spans})
            scored.append((-distinct, -len(spans), start, sentence, spans))
    best = sorted(sorted(scored)[:count], key=lambda item: item[2])
    return [_window(fieldname, sentence, spans) for _, _, _, sentence, spans in best]


def lead(fieldname: str, text: str) -> Snippet | None:
    """The opening sentence of a text, unhighlighted: shown when nothing in it matched."""
    for start, end in sentence_spans(text):
        return plain(fieldname, text[start:end])
    return None


def plain(fieldname: str, text: str, speaker: str | None = None) -> Snippet:
    """A text as a snippet with nothing highlighted (trimmed if long)."""
    return _window(fieldname, text, [], speaker)


def _window(fieldname: str, text: str, spans, speaker: str | None = None) -> Snippet:
    """Trim long text to MAX_SNIPPET_CHARS around the first highlight, on word boundaries."""
    if len(text) > MAX_SNIPPET_CHARS:
        first = spans[0][0] if spans else 0
        start = max(0, first - MAX_SNIPPET_CHARS // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + MAX_SNIPPET_CHARS)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        prefix = "…" if start else ""
        suffix = "…" if end < len(text) else ""
        shift = len(prefix) - start
        spans = [(max(a, start) + shift, min(b, end) + shift) for a, b in spans if a < end and b > start]
        text = prefix + text[start:end] + suffix
    return Snippet(field=fieldname, text=text, highlights=tuple(spans), speaker=speaker)
