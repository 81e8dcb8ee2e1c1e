"""Printers: Rich for a terminal, JSON Lines / TSV / paths for pipes. Each takes its stream.

hit_list: search results; article_view: articles and removed lines; index_info: `stats` and the
`index` summary; research: quotes, people, facets, kwic, timeline; common: what they share.
The names below are loaded on first use, so a command imports only the printers it prints with.
"""

from importlib import import_module

_HOMES = {
    "hits": "hit_list",
    "articles": "article_view",
    "removed_lines": "article_view",
    "stats": "index_info",
    "index_summary": "index_info",
    "json_line": "common",
    "write_jsonl": "common",
    "display_path": "common",
    "current_folder": "common",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
