"""Newsroom research over the index: who said what (`quotes`), who's who (`people`), articles like
one another (`similar`) and keyword-in-context lines (`kwic`). Counting views live in `facets.py`.

Every function takes an index folder and returns plain data (models); no Whoosh object leaves.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import highlight, research_paging as paging, searcher, speakers, store
from .highlight import Terms
from ...parsing import same_person
from ...models import Page, QuoteHit, SearchResult
from ...research.paging import PEOPLE_SORTS, QUOTE_SORTS, check, page
from ...research.people import is_person, people_in
from .queryparse import parse_query, positive_leaves
from .schema import EXACT_SUFFIX, PROSE_FIELDS, query, stemmed_form, weighting

# Key terms taken from an article for `similar` (Bo1 weights over the stemmed body), and the weight
# of a key term found in another article's title relative to its body. Chosen on BBC News topic
# agreement (bench/similar.py): 15 terms 65/100 articles with >=8 of 10 same-topic, 25: 72, 40: 74.
SIMILAR_KEY_TERMS = 40
SIMILAR_TITLE_BOOST = 1.0
_PROSE = set(PROSE_FIELDS) | {name + EXACT_SUFFIX for name in PROSE_FIELDS}


# ---------------------------------------------------------------- quotes


@store.guarded
def quotes(
    folder: str | os.PathLike,
    text: str | None = None,
    *,
    speaker: str | None = None,
    about: str | None = None,
    match_all: bool = True,
    since: str | None = None,
    until: str | None = None,
    sort: str = "date",
    collapse: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> Page:
    """Quotations from matching articles; a Page of them (`total`: how many in all).

    `text` is an ordinary query (any field): it selects articles, and of their quotes those that
    contain at least one of its words are listed (every quote when it names no words a quote can
    hold, e.g. `title:Moscow`). `about` is stricter: each quote must satisfy it on its own words
    (all words by default, booleans, phrases, prefixes). `speaker` keeps quotes whose speaker
    means, pooled over the matching articles' speakers: the same person by the rule of
    `parsing.same_person` ("Baker" is "James Baker" when no other Baker is among them), or by
    `speaker_matches`. `since`/`until` keep articles published in that span,
    as `search` does. `sort`: date (newest article first, undated last, ties by id, each article's
    quotes in its order) or relevance (see `research_paging.order_quotes`). `collapse` lists the
    same words from near-duplicate articles (one cluster) once, `duplicates` counting the copies.
    `limit`/`offset` page through the list (all of it without `limit`).
    """
    check(sort, QUOTE_SORTS, limit, offset)
    span = paging.date_filter(since, until)
    ix = store.open_for_reading(Path(folder))
    with ix.searcher(weighting=weighting()) as s:
        reader = s.reader()
        filters, loose, strict = [span] if span is not None else [], None, None
        if text:
            parsed = speakers.widened(parse_query(text, ix.schema, match_all=match_all), reader)
            filters.append(parsed)
            loose = searcher.query_terms(parsed, s).get("quote", Terms())
        if about:
            strict = parse_query(about, ix.schema, match_all=match_all)
            # A quote satisfying `about` holds one of its positive words, though its article may also
            # hold words `about` excludes: pre-select by those positive words only.
            positive = list(positive_leaves(strict))
            if positive:
                filters.append(query.Or(positive))
            about_terms = searcher.query_terms(strict, s)
        given = _name_tokens(speaker) if speaker else []
        if speaker is not None and not given:
            return Page()
        if given:
            # Both ways `speaker_matches` accepts a name need its last token among the speaker's.
            filters.append(query.Term("speaker", given[-1]))
        found, everything = [], s.doc_count_all()
        articles = list(_stored(s, _all_of(filters)))
        meant = _speakers_meant(speaker, articles) if given else set()
        for data in articles:
            for position, quote in enumerate(data.get("quotes", ())):
                if given and quote.get("speaker") not in meant:
                    continue
                if strict is not None and not _quote_satisfies(strict, quote["text"], reader):
                    continue
                spans = highlight.find_spans(quote["text"], loose) if loose else []
                if loose and not spans:
                    continue
                if strict is not None:
                    spans += _prose_spans(quote["text"], about_terms)
                hit = QuoteHit(
                    text=quote["text"],
                    speaker=quote.get("speaker"),
                    id=data["id"],
                    title=data["title"],
                    published=data.get("published"),
                    source=data.get("source"),
                    highlights=tuple(highlight.merge(spans, quote["text"])),
                )
                found.append(paging.Candidate(hit, data.get("cluster") or data["id"], position))
    if sort == "relevance" and found and (text or about):
        ranks = _article_ranks(folder, text or about, everything, match_all=match_all, since=since, until=until)
        found = [c._replace(rank=ranks.get(c.hit.id, c.rank)) for c in found]
    hits, folded = paging.fold(paging.order_quotes(found, sort), collapse)
    return page(hits, limit, offset, folded)


def _article_ranks(folder, text: str, everything: int, **options) -> dict[str, int]:
    """Each matching article's place in `query`'s ranking of `text` (every match ranked)."""
    result = searcher.search(folder, text, limit=everything, snippets=False, **options)
    return {hit.id: hit.rank for hit in result.hits}


def _speakers_meant(typed: str, articles: list[dict]) -> set[str]:
    """The speakers' names of `articles` that `typed` means: the same person by
    `same_person.forms_of` (pooled over these articles' speakers), or a name holding every word
    typed ("Shoigu", "sergei shoigu" -> "Sergei Shoigu"; an organisation's name too). A shorter
    form ("Baker" for "James Baker") is meant only when the pool says it is no one else."""
    pool = {q["speaker"] for data in articles for q in data.get("quotes", ()) if q.get("speaker")}
    people_pool = {q["speaker"] for data in articles for q in data.get("quotes", ()) if is_person(q)}
    wanted = set(_name_tokens(typed))
    return same_person.forms_of(typed, people_pool) | {name for name in pool if wanted <= set(_name_tokens(name))}


def speaker_matches(given: str, speaker: str) -> bool:
    """Whether a name someone typed means this speaker (case- and accent-insensitive, by tokens).

    True when every token of `given` is in the speaker's name ("Shoigu", "sergei shoigu" →
    "Sergei Shoigu"), or when the speaker's name is a shorter form of `given` ending with the same
    surname ("Russia's Defense Minister Sergei Shoigu" → "Sergei Shoigu"; not "Sergei Lavrov").
    """
    wanted, name = _name_tokens(given), _name_tokens(speaker)
    if not wanted or not name:
        return False
    if set(wanted) <= set(name):
        return True
    return set(name) <= set(wanted) and name[-1] == wanted[-1]


def _name_tokens(name: str) -> list[str]:
    # casefold first: "ß" upper-cases to "SS", which the accent map alone would not equate.
    return [form for form, _, _ in highlight.tokens(name.casefold())]


def _quote_satisfies(q, text: str, reader) -> bool:
    """Evaluate a parsed query against one quote's words alone.

    Leaves on prose fields (unfielded words reach the quote through them) look at the quote text,
    stemmed or exact as their field is; leaves on other fields (bylines, source, dates) are about the
    article, not the quote, and match nothing here.
    """
    forms = [form for form, _, _ in highlight.tokens(text)]
    stems = [stem for stem in map(stemmed_form, forms) if stem is not None]
    return _satisfies(q, forms, stems, reader)


def _satisfies(q, forms: list[str], stems: list[str], reader) -> bool:
    if isinstance(q, query.Not):
        return not _satisfies(q.query, forms, stems, reader)
    if isinstance(q, query.AndNot):
        return _satisfies(q.a, forms, stems, reader) and not _satisfies(q.b, forms, stems, reader)
    if isinstance(q, (query.AndMaybe, query.Require)):
        required = [q.a] if isinstance(q, query.AndMaybe) else [q.a, q.b]
        return all(_satisfies(child, forms, stems, reader) for child in required)
    if isinstance(q, query.And):
        return all(_satisfies(child, forms, stems, reader) for child in q.children())
    if isinstance(q, query.Every):
        return True
    if not q.is_leaf():  # Or, DisjunctionMax, boosts and other wrappers
        return any(_satisfies(child, forms, stems, reader) for child in q.children())
    fieldname = q.field()
    if fieldname not in _PROSE:
        return False
    sequence = stems if fieldname in PROSE_FIELDS else forms
    if isinstance(q, query.Phrase):
        words, width = list(q.words), len(q.words)
        return any(sequence[i : i + width] == words for i in range(len(sequence) - width + 1))
    wanted = {_text(term) for _, term in q.expanded_terms(reader, phrases=False)}
    return bool(wanted & set(sequence))


def _prose_spans(text: str, terms: dict[str, Terms]) -> list[tuple[int, int]]:
    spans = []
    for fieldname, bucket in terms.items():
        if fieldname in PROSE_FIELDS:
            spans += highlight.find_spans(text, bucket)
    return spans


# ---------------------------------------------------------------- people


@store.guarded
def people(
    folder: str | os.PathLike,
    text: str | None = None,
    *,
    match_all: bool = True,
    since: str | None = None,
    until: str | None = None,
    sort: str = "count",
    limit: int | None = None,
    offset: int = 0,
) -> Page:
    """Who the matching articles (all articles without `text`) quote or credit; a Page of them.

    `roles` counts articles per role (speaker, then the byline roles); `quotes` counts the
    quotations attributed to the person. Only people count (organisations and anonymous sources
    are not listed), and each person once: forms of a name merge by `parsing.same_person`'s rule,
    pooled over the matching articles, shown as their most frequent full form without a title.
    `since`/`until` keep articles published in that span, as `search` does. `sort`: count (most
    articles first, then most quotes, then by name) or name. `limit`/`offset` page the list.
    """
    check(sort, PEOPLE_SORTS, limit, offset)
    span = paging.date_filter(since, until)
    ix = store.open_for_reading(Path(folder))
    with ix.searcher() as s:
        filters = [speakers.widened(parse_query(text, ix.schema, match_all=match_all), s.reader())] if text else []
        counted = people_in(_stored(s, _all_of(filters + ([span] if span is not None else []))))
    return page(paging.order_people(counted, sort), limit, offset)


# ---------------------------------------------------------------- similar


@store.guarded
def similar(
    folder: str | os.PathLike,
    article_id: str,
    *,
    limit: int = 10,
    include_duplicates: bool = False,
    within: str | None = None,
) -> SearchResult:
    """Articles most like one article (id or unique prefix), by its key terms; best first.

    Key terms are the article's title and body words most informative against the collection
    (Whoosh's Bo1 model over the stemmed body field); they are searched in other articles' bodies
    and, weighted up, their titles. The article and its near-duplicates (same cluster) are left out
    unless `include_duplicates`. `within` restricts the candidates to articles matching a query.
    Unknown id: NotFoundError.
    """
    article = searcher.get_article(folder, article_id)
    ix = store.open_for_reading(Path(folder))
    with ix.searcher(weighting=weighting()) as s:
        docnum = s.document_number(id=article.id)
        stored = s.stored_fields(docnum)
        key_terms = s.key_terms_from_text("body", f"{article.title}\n{article.body}", numterms=SIMILAR_KEY_TERMS)
        if not key_terms:
            return SearchResult(query=f"similar to {article.id}", total=0)
        wanted = query.Or(
            [query.Term("body", word, boost=weight) for word, weight in key_terms]
            + [query.Term("title", word, boost=weight * SIMILAR_TITLE_BOOST) for word, weight in key_terms]
        )
        leave_out = query.Term("id", article.id)
        if not include_duplicates:
            leave_out = query.Or([leave_out, query.Term("cluster", stored.get("cluster") or article.id)])
        restrict = parse_query(within, ix.schema) if within else None
        results = s.search(wanted, limit=max(limit, 1) + 10, mask=leave_out, filter=restrict)
        ranked = sorted(((hit.score, hit) for hit in results), key=lambda item: (-round(item[0], 6), item[1]["id"]))
        stems = {word for word, _ in key_terms}
        terms = {"title": Terms(stems=stems), "body": Terms(stems=stems)}
        hits = tuple(
            searcher.make_hit(rank, score, store.with_paths(s, json.loads(hit["data"])), terms)
            for rank, (score, hit) in enumerate(ranked[:limit], 1)
        )
        return SearchResult(query=f"similar to {article.id}", total=len(results), hits=hits)


# ---------------------------------------------------------------- shared


def _all_of(filters: list):
    if not filters:
        return query.Every()
    return filters[0] if len(filters) == 1 else query.And(filters)


def _stored(s, q):
    """The stored article (decoded) of every document matching `q`, unscored."""
    for docnum in s.docs_for_query(q):
        yield json.loads(s.stored_fields(docnum)["data"])


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)
