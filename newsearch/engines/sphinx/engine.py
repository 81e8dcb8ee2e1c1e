"""The SphinxQL cluster behind `newsearch.engine.Engine`: Sphinx 2.2 `searchd` nodes (or
Manticore) named by an address such as `sphinx://127.0.0.1:9306,127.0.0.1:9406`.

Queries go to the distributed `articles` index of the first node that answers; articles are
written to the node their id routes them to. The query language is newsearch's own, compiled by
`querycompile`; what Sphinx cannot run is an error naming the construct.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ...engine import KWIC_WIDTH, SEARCH_SORTS, Engine
from ...errors import NotFoundError, QueryError, UnsupportedQueryError
from ...models import Article, IndexStats, SearchResult, Snippet
from ...query.describe import describe
from ...query.parse import parse
from ...research.holdings import count_holdings
from . import research, snippets
from .address import parse_address
from .nodes import Cluster
from .rows import day_text, hit_of
from .querycompile import Compiled, compile_text, where_dates

# Field weights of the ranking (BM25 with phrase proximity, Sphinx's default ranker): a title
# word counts twice; every other field once.
FIELD_WEIGHTS = "title=2, subtitle=1, subhead=1, body=1, speaker=1, author=1, source=1"
RANKING = f"ranker=proximity_bm25, field_weights=({FIELD_WEIGHTS})"
MIN_ID_PREFIX = 4
# Rows per statement when every match is read (author and speaker facets, people, stats, quotes),
# and the groups a GROUP BY asks for first.
PAGE = 1000
# Groups one GROUP BY statement may return (sources, days): counted on the nodes below it, read
# row by row above it.
MAX_GROUPS = 100_000


class SphinxEngine(Engine):
    """A cluster of searchd nodes; `on_warning` hears of nodes that do not answer (`strict`: an error)."""

    def __init__(self, location: str, on_warning=None, strict: bool = False):
        self.address = parse_address(location)
        self.location = str(self.address)
        self.cluster = Cluster(self.address, on_warning, strict)

    # ------------------------------------------------------------ writing

    def index_paths(self, paths, **options):
        from .writer import index_paths

        return index_paths(self.cluster, paths, **options)

    # ------------------------------------------------------------ searching

    def search(self, text, *, limit=10, offset=0, sort="relevance", match_all=True, since=None, until=None,
               collapse=False, snippets=True, feedback=False):
        if sort not in SEARCH_SORTS:
            raise QueryError(f"unknown sort '{sort}'; choose one of: {', '.join(SEARCH_SORTS)}")
        if limit < 0 or offset < 0:
            raise QueryError("--limit and --offset must not be negative")
        if feedback:
            raise UnsupportedQueryError("--feedback (re-ranking with the top articles' words) cannot run on a "
                                        "Sphinx cluster; use an index folder for it")
        compiled = compile_text(text, match_all=match_all, since=since, until=until)
        rows, total = self.matching(compiled, "id, WEIGHT() AS w, data" + (", COUNT(*) AS copies" if collapse else ""),
                                    limit=limit, offset=offset, sort=sort, collapse=collapse)
        if sort == "date":  # not ranked: no score, as on an index folder
            rows = [(row[0], 0.0, *row[2:]) for row in rows]
        articles = [json.loads(row[2]) for row in rows]
        cut = self._snippets(articles, compiled.match) if snippets else [()] * len(articles)
        hits = tuple(hit_of(offset + n, row, data, found, row[3] - 1 if collapse else 0)
                     for n, (row, data, found) in enumerate(zip(rows, articles, cut), 1))
        return SearchResult(query=text, total=total, hits=hits)

    def matching(self, compiled: Compiled, columns: str, *, limit: int, offset: int = 0, sort: str = "relevance",
                 collapse: bool = False, table: str = "articles"):
        """One page of matching rows (the columns asked for) and the total of matches."""
        where, args = self._where(compiled)
        # By date, ties by article id, as on an index folder.
        order = "published_day DESC, article_id ASC" if sort == "date" else "w DESC, id ASC"
        group = " GROUP BY copy_key WITHIN GROUP ORDER BY w DESC" if collapse else ""
        sql = (f"SELECT {columns} FROM {table}{where}{group} ORDER BY {order} LIMIT %s, %s "
               f"OPTION max_matches={max(PAGE, offset + limit)}, {RANKING}")
        rows, meta = self.cluster.read(sql, [*args, offset, max(limit, 1)], meta=True)
        return (rows if limit else []), int(meta.get("total_found", 0))

    def every_match(self, compiled: Compiled, columns: str, table: str = "articles") -> Iterator[tuple]:
        """Every matching row, a page at a time in id order (`id` first among the columns)."""
        where, args = self._where(compiled, "id > %s")
        last = 0
        while True:
            rows = self.cluster.read(f"SELECT {columns} FROM {table}{where} ORDER BY id ASC LIMIT {PAGE} "
                                     f"OPTION max_matches={PAGE}", [*args, last])
            yield from rows
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    def grouped(self, compiled: Compiled, attribute: str) -> list[tuple] | None:
        """(value, matching articles) for each value of an attribute, counted on the nodes; None
        when there are too many values for one statement (MAX_GROUPS)."""
        where, args = self._where(compiled)
        for groups in (PAGE, MAX_GROUPS):  # a large max_matches costs every statement: ask small first
            rows = self.cluster.read(f"SELECT {attribute}, COUNT(*) AS n FROM articles{where} GROUP BY {attribute} "
                                     f"LIMIT 0, {groups} OPTION max_matches={groups}", args)
            if len(rows) < groups:
                return [(value, int(n)) for value, n in rows]
        return None

    @staticmethod
    def _where(compiled: Compiled, *extra: str):
        conditions, args = where_dates(compiled)
        if compiled.match:
            conditions.insert(0, "MATCH(%s)")
            args.insert(0, compiled.match)
        conditions += extra
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), args

    def _snippets(self, articles: list[dict], match: str) -> list[tuple[Snippet, ...]]:
        bodies = [data.get("body") or data.get("title") or "" for data in articles]
        cut = snippets.marked(self.cluster, bodies, match, limit=snippets.SNIPPET_CHARS)
        return [(Snippet("body", text, tuple(spans)),) if text else () for text, spans in cut]

    def explain(self, text, *, match_all=True, feedback=False):
        compiled = compile_text(text, match_all=match_all)
        lines = describe(parse(text, match_all=match_all))
        lines.append(f"runs on {self.location} as MATCH('{compiled.match}')" if compiled.match
                     else f"runs on {self.location} over every article")
        lines.append("ranked by BM25 with phrase proximity (Sphinx's proximity_bm25), title words twice")
        return lines

    def suggest(self, text):
        return None  # Sphinx 2.2 has no lexicon to suggest from (Manticore's CALL SUGGEST is not used)

    def get_article(self, article_id):
        rows = self.cluster.read("SELECT id, data FROM articles WHERE article_id = %s LIMIT 1", [article_id])
        if not rows and len(article_id) >= MIN_ID_PREFIX and article_id.isalnum():
            rows = [row for row in self.cluster.read("SELECT id, data FROM articles WHERE MATCH(%s) LIMIT 3",
                                                     [f"@idtext ^{article_id}*"])
                    if json.loads(row[1])["id"].startswith(article_id)]
            if len(rows) > 1:
                raise QueryError(f"id prefix '{article_id}' matches {len(rows)} articles; give more characters")
        if not rows:
            raise NotFoundError(f"no article with id '{article_id}' in {self.location}")
        return Article.from_dict(json.loads(rows[0][1]))

    def stats(self, top=10):
        datas = (json.loads(row[1]) for row in self.every_match(Compiled(""), "id, data"))
        held = count_holdings(datas, top)
        return IndexStats(**held._asdict(), path=self.location)

    # ------------------------------------------------------------ research

    def quotes(self, text=None, **options):
        return research.quotes(self, text, **options)

    def speaker_suggestion(self, name):
        return None

    def people(self, text=None, **options):
        return research.people(self, text, **options)

    def similar(self, article_id, *, limit=10, include_duplicates=False, within=None):
        return research.similar(self, article_id, limit=limit, include_duplicates=include_duplicates, within=within)

    def kwic(self, text, *, width=KWIC_WIDTH, limit=10, offset=0, sort="relevance", match_all=True):
        return research.kwic(self, text, width=width, limit=limit, offset=offset, sort=sort, match_all=match_all)

    def facets(self, text, names, *, match_all=True, top=None):
        return research.facets(self, text, names, match_all=match_all, top=top)

    def published_days(self, text, *, match_all=True):
        compiled = compile_text(text, match_all=match_all)
        counted = self.grouped(compiled, "published_day")
        if counted is None:
            counted = ((day, 1) for _, day in self.every_match(compiled, "id, published_day"))
        for day, articles in counted:
            yield from [day_text(day)] * articles
