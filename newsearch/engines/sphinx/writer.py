"""`newsearch index PATHS --index sphinx://...`: the same parser as for Whoosh, the articles and
their quotations written to the nodes, each article to the node its id routes it to.

What a file held last time is kept in `files_rt` on the first node (path, signature, article
ids): an unchanged file is skipped, a changed one replaced (its articles written again, those it
no longer holds deleted), a vanished one's articles deleted. A file's state is written only after
its articles are, with REPLACE on stable ids: a run interrupted anywhere and run again leaves
every article exactly once. A file that fails or is interrupted part-way (Ctrl-C) is recorded with
no signature and the ids it may have written, so they are deleted if it is gone by the next run.
"""

from __future__ import annotations

import json
import time
from contextlib import suppress
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from ...discovery import discover, streamed, under_any
from ...errors import ComponentMissingError, InputError
from ...models import IndexReport
from .nodes import Cluster
from .rows import ARTICLE_COLUMNS, QUOTE_COLUMNS, article_row, document_id, insert_statement, quote_rows, shard_of

FILE_STATE_BATCH = 1000
WRITE_BATCH = 1000  # articles parsed, then written while the next ones are parsed


def index_paths(cluster: Cluster, paths, *, rebuild: bool = False, progress=None, stdin=None, **_options) -> IndexReport:
    """Parse files and folders and write their articles to the cluster (see the module's text)."""
    from ...parsing import problem_report

    started = time.perf_counter()
    found = discover(list(paths))
    if rebuild:
        truncate(cluster)
    state = load_state(cluster)
    changed = [(key, path, sig) for key, (path, sig) in found.files.items()
               if (state.get(key) or {}).get("signature") != list(sig)]
    vanished = [key for key in state if key not in found.files and under_any(key, found.roots)]
    failed, counts = list(found.failed), {"articles": 0, "replaced": 0, "dropped": 0}
    for key in vanished:
        counts["dropped"] += delete_articles(cluster, state[key]["ids"])
        cluster.write(0, "DELETE FROM files_rt WHERE id = %s", (document_id(key),))
    read = 0
    for done, (key, path, sig) in enumerate(changed, 1):
        before = set((state.get(key) or {}).get("ids", ()))
        ids = _write_file(cluster, key, path, before, failed)
        if ids is None:
            continue
        counts["dropped"] += delete_articles(cluster, sorted(before - set(ids)))
        counts["replaced"] += len(before & set(ids))
        counts["articles"] += len(set(ids) - before)
        save_state(cluster, key, sig, ids)
        read += 1
        if progress:
            progress(done, len(changed))
    if stdin is not None:
        from ...parsing import parse_stream
        from ...parsing.language import with_language

        counts["articles"] += len(_write_batches(cluster, map(with_language, parse_stream(stdin, "<stdin>")), [],
                                                 overlapped=True))
    return IndexReport(files=read, skipped=len(found.files) - len(changed), removed=len(vanished),
                       failed=tuple(failed), missing=tuple(found.missing), ignored=tuple(found.ignored),
                       seconds=time.perf_counter() - started,
                       documents_found=len(found.files) + (stdin is not None), **counts)


def _write_file(cluster: Cluster, key: str, path, before: set, failed: list) -> list[str] | None:
    """Parse one file and write its articles; their ids, or None when the file failed (reported
    in `failed`). A file that fails or is interrupted part-way keeps a record with no signature
    and every id it may have written, so the next run reads it again or, if it is gone, deletes
    them (a run killed outright records nothing: rerun on the same files, it replaces them)."""
    from ...linereader import file_articles
    from ...parsing import parse_file, problem_report

    problems: list = []
    written: list[str] = []
    try:
        articles = file_articles(path, problems) if streamed(path) else parse_file(path, problems)
        return _write_batches(cluster, articles, written, before, overlapped=streamed(path))
    except (InputError, ComponentMissingError) as error:
        failed.append((str(path), str(error)))
    except (RecursionError, MemoryError, UnicodeError, ValueError) as error:
        failed.append((str(path), f"{path}: cannot be parsed ({type(error).__name__})"))
    except BaseException:  # Ctrl-C, a node gone: record what may be written, then stop the run
        with suppress(Exception):  # the first node may be what is gone; the error below says so
            _keep_partial(cluster, key, before, written)
        raise
    finally:
        failed.extend(problem_report(str(path), problems))
    _keep_partial(cluster, key, before, written)
    return None


def _keep_partial(cluster: Cluster, key: str, before: set, written: list[str]) -> None:
    if written:
        save_state(cluster, key, (-1, -1), sorted(before | set(written)))


def _write_batches(cluster: Cluster, articles, written: list[str], before=frozenset(), *,
                   overlapped: bool) -> list[str]:
    """Write articles WRITE_BATCH at a time, appending each batch's ids to `written` as it is
    sent; `overlapped`: each batch on a thread while the next is parsed (a JSON Lines file or
    stream read a line at a time: memory holds two batches, not the input)."""
    articles = iter(articles)
    if not overlapped:
        while batch := list(islice(articles, WRITE_BATCH)):
            written += [article.id for article in batch]
            write_articles(cluster, batch, before)
        return written
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsearch-writer") as pool:
        pending = None
        try:
            while batch := list(islice(articles, WRITE_BATCH)):
                if pending is not None:
                    pending.result()  # a failed write stops the file here
                written += [article.id for article in batch]
                pending = pool.submit(write_articles, cluster, batch, before)
        finally:
            if pending is not None:
                pending.result()
    return written


def write_articles(cluster: Cluster, articles, written_before=frozenset()) -> None:
    """Each article (and its quotations) to its node, in one statement per node and table.
    Of an article `written_before`, quotations past its new count are deleted (the others are
    replaced: a quotation's id is its article's and its place)."""
    nodes = len(cluster.address.nodes)
    by_shard: dict[int, list] = {}
    for article in articles:
        by_shard.setdefault(shard_of(article.id, nodes), []).append(article)
    for shard, group in by_shard.items():
        cluster.write_many(shard, insert_statement("articles_rt", ARTICLE_COLUMNS), [article_row(a) for a in group])
        quotes = [row for a in group for row in quote_rows(a)]
        if quotes:
            cluster.write_many(shard, insert_statement("quotes_rt", QUOTE_COLUMNS), quotes)
        for article in group:
            if article.id in written_before:
                _delete_quotes(cluster, shard, article.id, len(article.quotes))


def _delete_quotes(cluster: Cluster, shard: int, article_id: str, keep: int = 0) -> None:
    """Delete an article's quotations from place `keep` on."""
    rows = cluster.execute(cluster.address.nodes[shard][0], "SELECT id FROM quotes_rt WHERE article_id = %s "
                           "AND position >= %s LIMIT 100000 OPTION max_matches=100000", (article_id, keep))
    _delete_ids(cluster, shard, "quotes_rt", [row[0] for row in rows])


def _delete_ids(cluster: Cluster, shard: int, table: str, ids: list[int]) -> None:
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        cluster.write(shard, f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def delete_articles(cluster: Cluster, article_ids) -> int:
    """Delete articles (and their quotations) by article id; how many were asked for."""
    article_ids = list(article_ids)
    nodes = len(cluster.address.nodes)
    for article_id in article_ids:
        shard = shard_of(article_id, nodes)
        _delete_ids(cluster, shard, "articles_rt", [document_id(article_id)])
        _delete_quotes(cluster, shard, article_id)
    return len(article_ids)


def load_state(cluster: Cluster) -> dict[str, dict]:
    """What each file held at the last run: key -> {signature, ids}."""
    first = cluster.address.nodes[0][0]
    state: dict[str, dict] = {}
    last = 0
    while True:
        rows = cluster.execute(first, "SELECT id, file_key, mtime_ns, size, article_ids FROM files_rt "
                               f"WHERE id > %s ORDER BY id ASC LIMIT {FILE_STATE_BATCH} "
                               f"OPTION max_matches={FILE_STATE_BATCH}", (last,))
        for row_id, key, mtime_ns, size, ids in rows:
            state[key] = {"signature": [mtime_ns, size], "ids": json.loads(ids or "[]")}
            last = row_id
        if len(rows) < FILE_STATE_BATCH:
            return state


def save_state(cluster: Cluster, key: str, signature, ids: list[str]) -> None:
    cluster.write(0, "REPLACE INTO files_rt (id, pathtext, file_key, article_ids, mtime_ns, size) "
                  "VALUES (%s, %s, %s, %s, %s, %s)",
                  (document_id(key), key, key, json.dumps(ids), signature[0], signature[1]))


def truncate(cluster: Cluster) -> None:
    """Empty every table on every node (`--rebuild`)."""
    for shard, mirrors in enumerate(cluster.address.nodes):
        tables = ("articles_rt", "quotes_rt") + (("files_rt",) if shard == 0 else ())
        for endpoint in mirrors:
            for table in tables:
                cluster.execute(endpoint, f"TRUNCATE RTINDEX {table}")

