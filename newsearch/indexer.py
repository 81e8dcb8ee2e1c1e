"""Writes articles into the index: incremental by file, committed in batches, deduplicated.

Crash safety: Whoosh commits atomically (a new table of contents renamed into place), and the
per-file state is saved after each commit, tagged with its generation. A run killed at any point
leaves the last commit; the next run trusts only state from that same commit, so files of a lost
batch are simply read again. Articles are keyed by content id, so nothing is indexed twice.
"""

from __future__ import annotations

import gc
import json
import os
import stat
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from . import prepare, store
from .codec import IndexCodec, IndexWriter
from .documents import to_document
from .errors import InputError
from .linereader import file_lines
from .linereader import split_lines as _lines  # noqa: F401  (tests compare with it)
from .models import Article, IndexReport
from .parsing import iter_document_paths, parse_file, problem_report
from .schema import index
from .store import FileRecord

Progress = Callable[[int, int], None]
COMMIT_EVERY = 2000  # articles per commit: a crash loses at most this much work
MAX_FILE_BYTES = 64 * 2**20  # whole-document formats are read into memory; JSON Lines streams
STREAMED_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
STDIN_KEY = "<stdin>"


def index_paths(
    paths: Iterable[str | os.PathLike],
    folder: str | os.PathLike,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    wait: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
    stdin: IO[str] | None = None,
    commit_every: int = COMMIT_EVERY,
    optimize: bool = False,
    on_merge: Callable[[int], None] | None = None,
) -> IndexReport:
    """Index files and folders (and JSON Lines from `stdin`) into `folder`.

    Unchanged files are skipped, changed ones re-read, vanished ones removed. Another writer
    holding the index is waited for up to `wait` seconds (`on_wait` is told once). `optimize`:
    fold the index into one segment at the end (queries read one term table per word instead
    of one per segment); `on_merge` is told how many segments, before the merge starts.
    """
    started = time.perf_counter()
    paths, folder = list(paths), Path(folder)
    source = None
    with store.write_lock(folder, wait, on_wait) as lock, _collect_at_commits(), store.writing(folder):
        ix = store.prepare_for_writing(folder, rebuild)
        try:
            state = store.load_state(folder, ix.latest_generation())
            if state is None:
                state = _state_from_index(ix)
            found, failed = _discover(paths)
            changed = [(key, path, sig) for key, (path, sig) in found.items() if _signature(state.get(key)) != sig]
            vanished = [key for key in state if key not in found and _under_any(key, paths)]
            jobs = [(path, _streamed(path), size) for _, path, (_, size) in changed]
            source = prepare.open_source(jobs, _streamed_articles, _read, (lock.fileno(),))
            run = _Run(ix, folder, state, commit_every, source)
            for key in vanished:
                run.replace(key, None)
            for done, (key, path, (mtime_ns, size)) in enumerate(changed, 1):
                if _streamed(path):
                    run.add_file_in_batches(key, path, (mtime_ns, size), failed)
                else:
                    articles = source.whole(path, failed)
                    if articles is not None:
                        run.replace(key, FileRecord(mtime_ns, size, path=str(path)), articles)
                if progress:
                    progress(done, len(changed))
            if stdin is not None:
                run.add_stream(stdin, failed)
            run.finish()
            if optimize:
                run.merge_segments(on_merge)
        finally:
            if source is not None:
                source.close()
            ix.close()
    return IndexReport(
        articles=run.added,
        files=len(changed) - sum(1 for path, _ in failed if _key(path) in found),
        skipped=len(found) - len(changed),
        removed=len(vanished),
        failed=tuple(failed),
        seconds=time.perf_counter() - started,
    )


class _Run:
    """One writing session: batches of changes, each ending in a commit and a state save."""

    def __init__(self, ix, folder: Path, state: dict[str, FileRecord], commit_every: int, source):
        self.ix, self.folder, self.state, self.commit_every = ix, folder, state, commit_every
        self.source = source  # prepare.InProcessSource or WorkerSource: articles, maybe analysed
        # The files holding each article: a key, or a set of them for the few held by several (a
        # set per article took ~20 MB at 100,000 articles).
        self.holders: dict[str, str | set[str]] = {}
        for key, record in state.items():
            for article_id in record.ids:
                self._hold(article_id, key)
        self.pending: dict[str, FileRecord | None] = {}
        self.fresh: dict[str, Article] = {}  # parsed in this batch, by id
        self.touched: set[str] = set()
        self.added = 0
        self.searcher = None
        self.had_articles = ix.doc_count() > 0
        self.table = None  # dedup.BandTable, loaded when something is written
        # Every id the index may hold: those of the state (a superset of the last commit's) and
        # those written by this run's commits.
        self.indexed: set[str] = set(self.holders)
        self.written: set[str] = set()

    def replace(self, key: str, record: FileRecord | None, articles: list[Article] = ()) -> None:
        """Make `key` hold `articles` (None record: the file is gone)."""
        old = self.pending[key] if key in self.pending else self.state.get(key)
        for article_id in old.ids if old else ():
            self._release(article_id, key)
            self.touched.add(article_id)
        if record is not None:
            record.ids = []
        self.extend(key, record, articles)

    def extend(self, key: str, record: FileRecord | None, articles: list[Article] = ()) -> None:
        """Add `articles` to what `key` holds (`record`, already holding its earlier ones)."""
        if record is not None:
            known = set(record.ids)
            for article in articles:
                if article.id not in known:
                    known.add(article.id)
                    record.ids.append(article.id)
                self._hold(article.id, key)
                self.touched.add(article.id)
                self.fresh.setdefault(article.id, article)
        self.pending[key] = record
        if len(self.fresh) >= self.commit_every:
            self.commit()

    def _hold(self, article_id: str, key: str) -> None:
        held = self.holders.get(article_id)
        if held is None or held == key:
            self.holders[article_id] = key
        elif isinstance(held, str):
            self.holders[article_id] = {held, key}
        else:
            held.add(key)

    def _release(self, article_id: str, key: str) -> None:
        held = self.holders[article_id]
        if isinstance(held, str):
            if held == key:
                self.holders[article_id] = set()
        else:
            held.discard(key)

    def _holders_of(self, article_id: str) -> set[str]:
        held = self.holders.get(article_id)
        return {held} if isinstance(held, str) else held or set()

    def add_stream(self, stream: IO[str], failed: list) -> None:
        """Add JSON Lines articles from a stream; they accumulate under one `<stdin>` record."""
        from .parsing import parse_stream

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
        """
        problems: list = []
        try:
            articles = self.source.streamed(path, problems)
        except InputError as error:  # unreadable: left as it was, like any file that cannot be read
            failed.append((str(path), str(error)))
            return
        record = FileRecord(-1, -1, path=str(path))
        batch: list[Article] = []
        self.replace(key, record)
        try:
            for article in articles:
                batch.append(article)
                if len(batch) >= self.commit_every:
                    self.extend(key, record, batch)
                    batch = []
        except (InputError, RecursionError, MemoryError, UnicodeError, ValueError) as error:
            # What was read stays; the record keeps no signature, so the file is read again next run.
            failed.append((str(path), f"{path}: cannot be parsed ({type(error).__name__})"))
            self.extend(key, record, batch)
            return
        finally:
            failed.extend(problem_report(str(path), problems))
        self.extend(key, record, batch)
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
            writer.commit(mergetype=merge_small_segments)
        except BaseException:
            writer.cancel()
            self.table = None  # it may hold this batch's changes: reload the committed one
            raise
        for key, record in self.pending.items():
            if record is None:
                self.state.pop(key, None)
            else:
                self.state[key] = record
        self.indexed |= self.written
        self.written = set()
        gc.collect()  # see _collect_at_commits
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
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            raise
        self._save_state(table)

    def _writer(self):
        try:
            return IndexWriter(self.ix, codec=IndexCodec())
        except index.LockError:
            raise store.lock_error(self.folder) from None

    def _save_state(self, table) -> None:
        """Per-file state and the band table, tagged with the commit they describe."""
        generation = self.ix.latest_generation()
        table.save(self.folder / store.BANDS_NAME, generation)
        store.save_state(self.folder, generation, self.state)

    def _rewrite(self, writer, article_id: str) -> None:
        """Write an article's one document again with its current paths, or drop it."""
        holders = self._holders_of(article_id)
        # An id the index cannot hold is neither looked up nor deleted (each costs a segment reader).
        stored = self._stored(article_id) if article_id in self.indexed else None
        if stored is not None:
            # The run's searcher sees the segments the writer was opened on (the last commit, with
            # the lock held), so its docnums are the writer's; left to itself, the writer would
            # open a reader of every segment for each article it deletes.
            writer.delete_by_term("id", article_id, searcher=self._searcher())
        if not holders:
            self.holders.pop(article_id, None)
            self.table.remove(article_id)
            return
        paths = sorted(self._display_path(key) for key in holders)
        prepared = None
        kept = Article.from_dict(_article_fields(stored)) if stored is not None else None
        fresh = self.fresh.get(article_id)
        if kept is not None and (fresh is None or _content(kept) == _content(fresh)):
            article, cluster, minhash = kept, stored.get("cluster"), stored.get("minhash")
        else:
            # New, or an id a JSON record supplied now naming other content: the new text wins.
            if kept is not None:
                self.table.remove(article_id)
            article = fresh
            prepared = self.source.take(article_id)
            cluster, minhash = self._cluster(article, prepared)
            self.added += 1
        doc = to_document(article, paths, cluster or article.id, minhash)
        writer.add_document(**doc, _analysed=prepared.analysed if prepared else None)
        self.written.add(article_id)

    def _cluster(self, article: Article, prepared) -> tuple[str, str | None]:
        """The near-duplicate cluster a new article joins (its own id if none), and its signature."""
        from . import dedup  # numpy: only when something is written

        sig = prepared.signature if prepared else dedup.signature(article.body or article.title)
        if sig is None:
            return article.id, None
        cluster = self.table.find(sig) or article.id
        self.table.add(article.id, cluster, sig)
        return cluster, dedup.encode(sig)

    def _table(self):
        """The band table as of the last commit (saved with it, else rebuilt from stored articles)."""
        if self.table is None:
            from . import dedup  # numpy: only when something is written

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

    def _display_path(self, key: str) -> str:
        record = self.pending[key] if key in self.pending else self.state.get(key)
        return record.path if record and record.path else key

    def _searcher(self):
        if self.searcher is None:
            self.searcher = self.ix.searcher()
        return self.searcher

    def _close_searcher(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None


@contextmanager
def _collect_at_commits():
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


def merge_small_segments(writer, segments):
    """Whoosh merge policy: fold segments of less than a batch (small incremental runs) together.

    Whoosh's default (MERGE_SMALL) merges every segment once about 20 have accumulated: at Reuters
    ×5 (104,205 stories) that was two merges of ~46,000 articles each, a 600 MB peak, and time
    that grows with the collection. Here no segment of a full batch is ever rewritten.
    """
    from whoosh.reading import SegmentReader

    small = [seg for seg in segments if seg.doc_count_all() < COMMIT_EVERY]
    if len(small) < 2:
        return segments
    for seg in small:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in small]


def _content(article: Article) -> dict:
    """What an article says, wherever it was read."""
    return {k: v for k, v in article.to_dict().items() if k not in ("path", "ordinal")}


def _article_fields(data: dict) -> dict:
    """Stored data minus what the index adds, i.e. what `Article.from_dict` takes."""
    return {k: v for k, v in data.items() if k not in ("paths", "cluster", "minhash", "file")}


def _state_from_index(ix) -> dict[str, FileRecord]:
    """Rebuild per-file state from stored articles (after a crash between commit and state save).

    Signatures are unknown, so every file is read again; ids let vanished files be removed.
    """
    files: dict[str, FileRecord] = {}
    with ix.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            data = json.loads(stored["data"])
            for path in data.get("paths") or [data["path"]]:
                key = path if path == STDIN_KEY else _key(path)
                files.setdefault(key, FileRecord(-1, -1, path=path)).ids.append(data["id"])
    return files


def _streamed_articles(path: Path, problems: list):
    """A JSON Lines file's articles, lazily: decoded as parsing.parse_file decodes it (one encoding
    for the whole file), read a line at a time, so that only a line and the current batch are in
    memory. Raises InputError now for a file that cannot be read or is binary."""
    from .parsing import parse_records

    return parse_records(file_lines(path), str(path), problems)


def _read(path: Path, failed: list) -> list[Article] | None:
    """A file's articles (records that could not be read are reported), or None if unreadable."""
    problems: list = []
    try:
        articles = parse_file(path, problems)
        failed.extend(problem_report(str(path), problems))
        return articles
    except InputError as error:
        failed.append((str(path), str(error)))
    except (RecursionError, MemoryError, UnicodeError, ValueError) as error:
        failed.append((str(path), f"{path}: cannot be parsed ({type(error).__name__})"))
    return None


def _discover(paths) -> tuple[dict[str, tuple[Path, tuple[int, int]]], list[tuple[str, str]]]:
    """Readable regular files under `paths`, by absolute key, with (mtime_ns, size) signatures."""
    found: dict[str, tuple[Path, tuple[int, int]]] = {}
    failed: list[tuple[str, str]] = []
    for root in paths:
        try:
            for path in iter_document_paths([root], failed):
                reason = _unreadable_reason(path)
                if isinstance(reason, str):
                    failed.append((str(path), f"{path}: {reason}"))
                else:
                    found.setdefault(_key(path), (path, reason))
        except InputError as error:
            failed.append((str(root), str(error)))
    return found, failed


def _unreadable_reason(path: Path) -> str | tuple[int, int]:
    """Why a path will not be read, or its signature when it will."""
    try:
        info = path.stat()
    except OSError as error:
        return error.strerror or str(error)
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file, skipped"
    if info.st_size > MAX_FILE_BYTES and not path.name.lower().endswith(STREAMED_SUFFIXES):
        return f"larger than {MAX_FILE_BYTES // 2**20} MB, skipped (split it, or export it as JSON Lines)"
    return (info.st_mtime_ns, info.st_size)


def _streamed(path: Path) -> bool:
    """Whether a file is read a batch at a time (JSON Lines) rather than whole."""
    return path.name.lower().endswith(STREAMED_SUFFIXES)


def _key(path) -> str:
    return os.path.abspath(path)


def _signature(record: FileRecord | None) -> tuple[int, int] | None:
    return (record.mtime_ns, record.size) if record else None


def _under_any(key: str, roots) -> bool:
    for root in roots:
        root_key = _key(root)
        if key == root_key or key.startswith(root_key.rstrip(os.sep) + os.sep):
            return True
    return False
