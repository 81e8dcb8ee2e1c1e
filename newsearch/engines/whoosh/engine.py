"""The embedded engine behind `newsearch.engine.Engine`: a Whoosh index in one folder."""

from __future__ import annotations

from pathlib import Path

from ...engine import KWIC_WIDTH, Engine


class WhooshEngine(Engine):
    """An index folder (created by the first `index_paths`).

    Each method imports what it runs: a query must not pay for loading the parser and the
    indexer (the command line answers most queries in ~0.1 s, start-up included)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.location = str(self.folder)

    def index_paths(self, paths, **options):
        from . import indexer

        return indexer.index_paths(paths, self.folder, **options)

    def search(self, text, **options):
        from . import searcher

        return searcher.search(self.folder, text, **options)

    def search_batch(self, queries, **options):
        from . import searcher

        return searcher.search_batch(self.folder, queries, **options)

    def explain(self, text, *, match_all=True, feedback=False):
        from . import searcher

        return searcher.explain(self.folder, text, match_all=match_all, feedback=feedback)

    def suggest(self, text):
        from . import searcher

        return searcher.suggest(self.folder, text)

    def get_article(self, article_id):
        from . import searcher

        return searcher.get_article(self.folder, article_id)

    def stats(self, top=10):
        from . import searcher

        return searcher.index_stats(self.folder, top)

    def quotes(self, text=None, **options):
        from . import research

        return research.quotes(self.folder, text, **options)

    def speaker_suggestion(self, name):
        from . import queryexplain

        return queryexplain.speaker_suggestion(self.folder, name)

    def people(self, text=None, **options):
        from . import research

        return research.people(self.folder, text, **options)

    def similar(self, article_id, *, limit=10, include_duplicates=False, within=None):
        from . import research

        return research.similar(self.folder, article_id, limit=limit, include_duplicates=include_duplicates,
                                within=within)

    def kwic(self, text, *, width=KWIC_WIDTH, limit=10, offset=0, sort="relevance", match_all=True):
        from . import kwic

        return kwic.kwic(self.folder, text, width=width, limit=limit, offset=offset, sort=sort,
                         match_all=match_all)

    def facets(self, text, names, *, match_all=True, top=None):
        from . import facets

        return facets.facets(self.folder, text, names, match_all=match_all, top=top)

    def published_days(self, text, *, match_all=True):
        from . import facets

        return facets.published_days(self.folder, text, match_all=match_all)
