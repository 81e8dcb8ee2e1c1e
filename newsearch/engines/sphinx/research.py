"""The research commands on a cluster: quotations (the `quotes` tables), people, facets, similar
articles, keyword in context. The nodes select, highlight and count the facets of plain values
(GROUP BY); what merges people's names is newsearch's own (`newsearch.research`), the same as on
an index folder."""

from __future__ import annotations

import json
import math
from collections import Counter

from ...models import FoldedQuote, Page, SearchResult
from ...research import facets as facet_counts
from ...research.kwic import paragraph_lines
from ...research.paging import PEOPLE_SORTS, QUOTE_SORTS, check, page
from ...research.people import people_in
from . import snippets
from .rows import copy_key, day_text, hit_of
from .querycompile import Compiled, compile_text, day_bounds, escape, quote_match

SIMILAR_KEY_TERMS = 25
SIMILAR_QUORUM = 3
SIMILAR_SLACK = 20  # rows asked beyond the limit, for the article itself and its copies


def _articles(engine, text: str | None, match_all: bool, since=None, until=None):
    compiled = compile_text(text, match_all=match_all, since=since, until=until) if text else \
        Compiled("", *day_bounds(since, until))
    return (json.loads(row[1]) for row in engine.every_match(compiled, "id, data"))


def quotes(engine, text=None, *, speaker=None, about=None, match_all=True, since=None, until=None, sort="date",
           collapse=False, limit=None, offset=0) -> Page:
    """Quotations of the matching articles that hold a word of `text` (all of them when `text`
    names none a quotation can hold), satisfying `about` on their own words, said by `speaker`."""
    check(sort, QUOTE_SORTS, limit, offset)
    articles = {data["id"]: data for data in _articles(engine, text, match_all, since, until)} if text else None
    loose = quote_match(text, match_all=match_all, loose=True) if text else ""
    strict = quote_match(about, match_all=match_all) if about else ""
    named = " ".join("=" + escape(word) for word in (speaker or "").split())
    if speaker is not None and not named:
        return Page()
    parts = [f"({p})" for p in (loose, strict) if p] + ([f"@speaker {named}"] if named else [])
    first, last = day_bounds(since, until)
    rows = engine.every_match(Compiled(" ".join(parts), first, last), "id, data", table="quotes")
    found = [json.loads(row[1]) for row in rows]
    if articles is not None:
        found = [q for q in found if q["id"] in articles]
    highlight = " | ".join(f"({p})" for p in (loose, strict) if p)
    marked = snippets.marked(engine.cluster, [q["text"] for q in found], highlight, table="quotes_rt")
    hits = [(q, spans) for q, (_, spans) in zip(found, marked)]
    hits.sort(key=lambda item: (item[0]["id"], item[0]["position"]))
    hits.sort(key=lambda item: item[0].get("published") or "", reverse=True)
    if sort == "relevance":
        hits.sort(key=lambda item: -len({item[0]["text"][s:e].casefold() for s, e in item[1]}))
    return _folded(hits, collapse, limit, offset)


def _folded(hits, collapse: bool, limit, offset) -> Page:
    kept: dict = {}
    for n, (quote, spans) in enumerate(hits):
        # The same words in copies of one story (articles with one copy key) are one quotation.
        key = (quote.get("cluster"), " ".join(quote["text"].casefold().split())) if collapse else n
        kept.setdefault(key, [quote, spans, 0])[2] += 1
    listed = [FoldedQuote(text=q["text"], speaker=q.get("speaker"), id=q["id"], title=q.get("title", ""),
                          published=q.get("published"), source=q.get("source"), highlights=tuple(spans),
                          duplicates=copies - 1) for q, spans, copies in kept.values()]
    return page(listed, limit, offset, sum(q.duplicates for q in listed))


def people(engine, text=None, *, match_all=True, since=None, until=None, sort="count", limit=None, offset=0) -> Page:
    """Who the matching articles quote or credit, each person once (see `research.people`)."""
    check(sort, PEOPLE_SORTS, limit, offset)
    found = people_in(_articles(engine, text, match_all, since, until))
    if sort == "name":
        found.sort(key=lambda p: (p.name.casefold(), p.name))
    else:
        found.sort(key=lambda p: (-p.articles, -p.quotes, p.name.casefold(), p.name))
    return page(found, limit, offset)


# Facets the nodes count themselves (GROUP BY an attribute), and how a value reads; the names of
# people are merged across their forms above the engine, so those facets read every match.
GROUPED = {"source": ("source_name", str), "language": ("language_code", str),
           "year": ("year", lambda year: day_text(year, 4)), "month": ("month", lambda month: day_text(month, 6))}


def facets(engine, text, names, *, match_all=True, top=None):
    """For each facet, how many matching articles carry each value (`research.facets`)."""
    names = facet_counts.checked_names(names, text)
    compiled = compile_text(text, match_all=match_all) if text else Compiled("")
    counted: dict[str, dict[str, int]] = {}
    for name in names:
        attribute, reads = GROUPED.get(name, (None, None))
        groups = engine.grouped(compiled, attribute) if attribute else None
        if groups is not None:
            counted[name] = {reads(value): n for value, n in groups}
    scanned = [name for name in names if name not in counted]
    if scanned:
        by_value: dict[str, dict[str, list]] = {name: {} for name in scanned}
        for data in _articles(engine, text, match_all):
            for name in scanned:
                for value in _facet_values(data, name):
                    by_value[name].setdefault(value, []).append(data["id"])
        counted.update(facet_counts.value_counts(by_value, scanned))
    return facet_counts.ordered(counted, names, top)


def _facet_values(data: dict, name: str) -> list[str]:
    published = data.get("published") or ""
    if name == "source":
        return [data["source"]] if data.get("source") else []
    if name == "author":
        return list(dict.fromkeys(a["name"] for a in data.get("authors", ())))
    if name == "speaker":
        return list(dict.fromkeys(q["speaker"] for q in data.get("quotes", ()) if q.get("speaker")))
    if name in ("year", "month"):
        return [published[:4 if name == "year" else 7]] if published else []
    return [data["language"]] if data.get("language") else []


def similar(engine, article_id, *, limit=10, include_duplicates=False, within=None) -> SearchResult:
    """Articles sharing the most informative words of one article's title and body (a quorum of
    them), best first; the article and its copies left out unless `include_duplicates`."""
    article = engine.get_article(article_id)
    words = _key_words(engine, f"{article.title}\n{article.body}")
    if not words:
        return SearchResult(query=article.id, total=0)
    quorum = f'@(title,body) "{" ".join(escape(w) for w in words)}"/{min(SIMILAR_QUORUM, len(words))}'
    compiled = compile_text(within) if within else Compiled("")
    match = f"({compiled.match}) ({quorum})" if compiled.match else quorum
    rows, total = engine.matching(Compiled(match, compiled.first_day, compiled.last_day),
                                  "id, WEIGHT() AS w, data, copy_key", limit=limit + SIMILAR_SLACK)
    own = copy_key(article)
    kept = [row for row in rows if json.loads(row[2])["id"] != article.id and (include_duplicates or row[3] != own)]
    hits = tuple(hit_of(n, row, json.loads(row[2])) for n, row in enumerate(kept[:limit], 1))
    return SearchResult(query=article.id, total=total - (len(rows) - len(kept)), hits=hits)


def _key_words(engine, text: str) -> list[str]:
    """The words of `text` most informative against the collection (tf × idf, by the nodes' own
    tokenizer and document counts)."""
    rows = engine.cluster.any_node("CALL KEYWORDS(%s, 'articles_rt', 1)", [text[:20000]])
    total = max(1, int(engine.cluster.any_node("SELECT COUNT(*) FROM articles_rt")[0][0]))
    frequency = Counter(row[2] for row in rows)
    written = {row[2]: row[1] for row in rows}
    documents = {row[2]: int(row[3]) for row in rows}
    score = {w: n * math.log(1 + total / max(1, documents[w])) for w, n in frequency.items() if len(w) > 2}
    return [written[w] for w in sorted(score, key=lambda w: (-score[w], w))[:SIMILAR_KEY_TERMS]]


def kwic(engine, text, *, width, limit, offset, sort, match_all):
    """Keyword-in-context lines for the articles `search` would show."""
    compiled = compile_text(text, match_all=match_all)
    rows, _ = engine.matching(compiled, "id, WEIGHT() AS w, data", limit=limit, offset=offset, sort=sort)
    lines = []
    for row in rows:
        data = json.loads(row[2])
        paragraphs = (data.get("body") or "").split("\n\n")
        for number, (shown, spans) in enumerate(snippets.marked(engine.cluster, paragraphs, compiled.match), 1):
            lines += paragraph_lines(data["id"], number, shown, spans, width)
    return tuple(lines)
