"""One `index` run's writing session: batches of changes, each ending in a commit and a state save.

What a batch does to each article it touched (`Run._rewrite`): a new article, or one whose text
changed, is written (its document deleted and added again); one no file holds any more is deleted;
one found in more files or fewer keeps its document, and only the paths table records where it is
now (pathtable.py). Its counts go to a Tally for the run's report.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO

from .format import pathtable
from . import store
from .format.codec import IndexCodec, IndexWriter
from .documents import to_document
from ...errors import InputError
from ...holders import Holders, Tally
from ...models import Article
from ...parsing import problem_report
from .schema import index
from .store import FileRecord

STDIN_KEY = "<stdin>"


class Run:
    """One writing session: batches of changes, each ending in a commit and a state save."""

    def __init__(self, ix, folder: Path, state: dict[str, FileRecord], commit_every: int, source,
                 extra: dict[str, tuple[str, ...]] | None = None, *, codec: Callable = IndexCodec,
                 merge_policy: Callable | None = None):
        self.ix, self.folder, self.state, self.commit_every = ix, folder, state, commit_every
        self.codec, self.merge_policy = codec, merge_policy  # indexer's (tests replace them there)
        self.source = source  # prepare.InProcessSource or WorkerSource: articles, maybe analysed
        self.holders = Holders(state)
        # The paths table (pathtable.py): every file an article is in, where its document says otherwise.
        self.extra: dict[str, tuple[str, ...]] = extra if extra is not None else {}
        self.pending: dict[str, FileRecord | None] = {}
        self.fresh: dict[str, Article] = {}  # parsed in this batch, by id
        self.touched: set[str] = set()
        self.tally = Tally()
        self.searcher = None
        self.had_articles = ix.doc_count() > 0
        self.table = None  # dedup.BandTable, loaded when something is written
        # Every id the index may hold: those of the state (a superset of the last commit's) and
        # those written by this run's commits.
        self.indexed: set[str] = self.holders.ids()
        self.written: set[str] = set()

    @property
    def added(self) -> int:
        """Articles new to the index so far in this run."""
        return len(self.tally.new)

    def replace(self, key: str, record: FileRecord | None, articles: list[Article] = (), read_as: str | None = None) -> None:
        """Make `key` hold `articles` (None record: the file is gone)."""
        old = self.pending[key] if key in self.pending else self.state.get(key)
        for article_id in old.ids if old else ():
            self.holders.release(article_id, key)
            self.touched.add(article_id)
        if record is not None:
            record.ids = []
        self.extend(key, record, articles, read_as)

    def extend(self, key: str, record: FileRecord | None, articles: list[Article] = (), read_as: str | None = None) -> None:
        """Add `articles` to what `key` holds (`record`, already holding its earlier ones). An
        article whose path is `read_as` (the file's path as given) is stored under `key` instead."""
        if record is not None:
            known = set(record.ids)
            for article in articles:
                if article.id not in known:
                    known.add(article.id)
                    record.ids.append(article.id)
                    self.tally.duplicates += self.holders.elsewhere(article.id, key)
                self.holders.hold(article.id, key)
                self.touched.add(article.id)
                if article.id not in self.fresh:
                    self.fresh[article.id] = replace(article, path=key) if article.path == read_as else article
        self.pending[key] = record
        if len(self.fresh) >= self.commit_every:
            self.commit()

    def add_stream(self, stream: IO[str], failed: list) -> None:
        """Add JSON Lines articles from a stream; they accumulate under one `<stdin>` record."""
        from ...parsing import parse_stream

        record = self.pending.get(STDIN_KEY) or self.state.get(STDIN_KEY) or FileRecord(-1, -1, path=STDIN_KEY)
        record = FileRecord(-1, -1, list(record.ids), STDIN_KEY)
        problems: list = []
        batch: list[Article] = []
        for article in parse_stream(stream, STDIN_KEY, problems=problems):
            batch.append(article)
            if len(batch) >= self.commit_every:
                self.extend(STDIN_KEY, record, batch)
                batch = []
        self.extend(STDIN_KEY, record, batch)
        failed.extend(problem_report(STDIN_KEY, problems))

    def add_file_in_batches(self, key: str, path: Path, signature: tuple[int, int], failed: list) -> None:
        """Read a JSON Lines file a batch at a time (memory stays bounded, a kill loses one batch).

        Until its last batch is in, the file's record carries no signature, so a run killed
        half-way through the file reads it again next time (its committed articles are kept).
        The articles the file held before stay held until it is read through: one read again in
        a later batch is neither deleted nor written again at the commits in between, and only
        those the file no longer holds go, with its last batch.
        """
        problems: list = []
        try:
            articles = self.source.streamed(path, problems)
        except InputError as error:  # unreadable: left as it was, like any file that cannot be read
            failed.append((str(path), str(error)))
            return
        old = self.pending[key] if key in self.pending else self.state.get(key)
        record = FileRecord(-1, -1, list(old.ids) if old else [], path=key)
        earlier, read = set(record.ids), set()
        batch: list[Article] = []
        self.pending[key] = record
        try:
            for article in articles:
                batch.append(article)
                if earlier:
                    read.add(article.id)
                if len(batch) >= self.commit_every:
                    self.extend(key, record, batch, str(path))
                    batch = []
        except (InputError, RecursionError, MemoryError, UnicodeError, ValueError) as error:
            # What was read stays, and what was not yet reached; the record keeps no signature, so
            # the file is read again next run.
            failed.append((str(path), f"{path}: cannot be parsed ({type(error).__name__})"))
            self.extend(key, record, batch, str(path))
            return
        finally:
            failed.extend(problem_report(str(path), problems))
        self.extend(key, record, batch, str(path))
        gone = earlier - read
        if gone:
            for article_id in gone:
                self.holders.release(article_id, key)
                self.touched.add(article_id)
            record.ids = [article_id for article_id in record.ids if article_id not in gone]
        record.mtime_ns, record.size = signature
        self.pending[key] = record  # the whole file is in: its signature goes out with the next commit

    def commit(self) -> None:
        if not self.pending:
            return
        writer = self._writer()
        try:
            table = self._table()
            for article_id in sorted(self.touched):
                self._rewrite(writer, article_id)
            # Before the commit, under the generation it will have: see pathtable.py.
            pathtable.save(self.folder, writer.generation, self.extra)
            writer.commit(mergetype=self.merge_policy)
        except BaseException:
            writer.cancel()
            pathtable.discard(self.folder, writer.generation)
            self.table = None  # it may hold this batch's changes: reload the committed one
            raise
        for key, record in self.pending.items():
            if record is None:
                self.state.pop(key, None)
            else:
                self.state[key] = record
        self.indexed |= self.written
        self.written = set()
        gc.collect()  # see collect_at_commits
        _return_freed_memory()
        self._save_state(table)
        self.pending, self.fresh, self.touched = {}, {}, set()
        self.source.forget()
        self._close_searcher()

    def finish(self) -> None:
        self.commit()
        self._close_searcher()

    def merge_segments(self, on_merge: Callable[[int], None] | None = None) -> None:
        """Fold every segment into one, without deleted articles (after `finish`), saving the state
        with the new commit."""
        found = self.ix._segments()
        segments = len(found)
        if segments < 2 and not any(segment.has_deletions() for segment in found):
            return
        if on_merge:
            on_merge(segments)
        table = self._table()
        writer = self._writer()
        try:
            pathtable.save(self.folder, writer.generation, self.extra)
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            pathtable.discard(self.folder, writer.generation)
            raise
        self._save_state(table)

    def _writer(self):
        try:
            return IndexWriter(self.ix, codec=self.codec())
        except index.LockError:
            raise store.lock_error(self.folder) from None

    def _save_state(self, table) -> None:
        """Per-file state and the band table, tagged with the commit they describe."""
        generation = self.ix.latest_generation()
        table.save(self.folder / store.BANDS_NAME, generation)
        store.save_state(self.folder, generation, self.state)
        pathtable.remove_older(self.folder, generation)

    def _rewrite(self, writer, article_id: str) -> None:
        """Bring an article's document up to date: written if new or its text changed, dropped
        when no file holds it; when only the files holding it changed, the paths table is."""
        holders = self.holders.of(article_id)
        fresh = self.fresh.get(article_id)
        # An id the index cannot hold is neither looked up nor deleted (each costs a segment reader).
        stored = self._stored(article_id) if article_id in self.indexed else None
        if stored is not None and holders and (fresh is None or _same_content(stored, fresh)):
            paths = tuple(sorted(holders))  # keys: absolute paths, or <stdin>
            if paths == tuple(stored.get("paths") or [stored["path"]]):
                self.extra.pop(article_id, None)
            else:
                self.extra[article_id] = paths
            return
        if stored is not None:
            # The run's searcher sees the segments the writer was opened on (the last commit, with
            # the lock held), so its docnums are the writer's; left to itself, the writer would
            # open a reader of every segment for each article it deletes.
            writer.delete_by_term("id", article_id, searcher=self._searcher())
            self.table.remove(article_id)
        self.extra.pop(article_id, None)
        if not holders:
            self.holders.forget(article_id)
            if stored is not None:
                self.tally.deleted(article_id)
            return
        if fresh is None:  # held, yet neither read now nor indexed: nothing to write
            return
        # New, or an id a JSON record supplied now naming other content: the new text wins.
        prepared = self.source.take(article_id)
        cluster, minhash = self._cluster(fresh, prepared)
        doc = to_document(fresh, sorted(holders), cluster or fresh.id, minhash)
        writer.add_document(**doc, _analysed=prepared.analysed if prepared else None)
        self.written.add(article_id)
        self.tally.written(article_id, stored is not None)

    def _cluster(self, article: Article, prepared) -> tuple[str, str | None]:
        """The near-duplicate cluster a new article joins (its own id if none), and its signature."""
        from ... import dedup  # numpy: only when something is written

        sig = prepared.signature if prepared else dedup.signature(article.body or article.title)
        if sig is None:
            return article.id, None
        cluster = self.table.find(sig) or article.id
        self.table.add(article.id, cluster, sig)
        return cluster, dedup.encode(sig)

    def _table(self):
        """The band table as of the last commit (saved with it, else rebuilt from stored articles)."""
        if self.table is None:
            from ... import dedup  # numpy: only when something is written

            generation = self.ix.latest_generation()
            self.table = dedup.BandTable.load(self.folder / store.BANDS_NAME, generation)
            if self.table is None:
                self.table = dedup.BandTable()
                if self.had_articles:
                    with self.ix.searcher() as searcher:
                        for stored in searcher.all_stored_fields():
                            data = json.loads(stored["data"])
                            if data.get("minhash"):
                                self.table.add(data["id"], data.get("cluster") or data["id"], dedup.decode(data["minhash"]))
        return self.table

    def _stored(self, article_id: str) -> dict | None:
        searcher = self._searcher()
        stored = searcher.document(id=article_id)
        return json.loads(stored["data"]) if stored else None

    def _searcher(self):
        if self.searcher is None:
            self.searcher = self.ix.searcher()
        return self.searcher

    def _close_searcher(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None


@contextmanager
def collect_at_commits():
    """Python's cyclic garbage collector off while writing, run once per commit instead.

    A batch is a few hundred thousand small objects (postings) that live until its commit; the
    automatic collector kept rescanning them and the band table (~5% of indexing time). What
    little cyclic garbage indexing makes is collected at each commit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _return_freed_memory() -> None:
    """Hand the heap memory a batch freed back to the system (glibc's malloc_trim), so that the
    next batch's peak does not stack on the last one's leftovers (at Reuters ×5 the writer held
    ~80 MB less between commits by the end)."""
    global _malloc_trim
    if _malloc_trim is None:
        import ctypes

        try:
            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc: nothing to do
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim = None


def _same_content(stored: dict, article: Article) -> bool:
    """Whether a stored article says what `article` says, wherever each was read: compared as
    stored (JSON), so that nothing lost or normalised on the way back into an Article (an older
    field, a tuple) makes a copy look like new text."""
    fresh = json.loads(json.dumps(article.to_dict(), ensure_ascii=False))
    if fresh.get("language") is None:  # not detected yet: it follows from the text compared here
        fresh.pop("language", None)
    return all(stored.get(key) == value for key, value in fresh.items() if key not in _WHERE) and \
        all(key in fresh for key in stored if key not in _WHERE and key not in _ADDED)


_WHERE = ("path", "ordinal")  # where an article was read, not what it says
_ADDED = ("paths", "cluster", "minhash", "file", "language")  # what the index adds to an article's stored data
