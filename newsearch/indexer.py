"""Writes articles into the index: incremental by file, committed in batches, deduplicated.

Crash safety: Whoosh commits atomically (a new table of contents renamed into place), and the
per-file state is saved after each commit, tagged with its generation. A run killed at any point
leaves the last commit; the next run trusts only state from that same commit, so files of a lost
batch are simply read again. Articles are keyed by content id, so nothing is indexed twice.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from . import store
from .errors import InputError
from .models import Article, IndexReport
from .parsing import iter_document_paths, parse_file
from .schema import EXACT_SUFFIX, PROSE_FIELDS, ROLES_INDEXED, index, query
from .store import FileRecord

Progress = Callable[[int, int], None]
WRITER_MEMORY_MB = 256
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
) -> IndexReport:
    """Index files and folders (and JSON Lines from `stdin`) into `folder`.

    Unchanged files are skipped, changed ones re-read, vanished ones removed. Another writer
    holding the index is waited for up to `wait` seconds (`on_wait` is told once).
    """
    started = time.perf_counter()
    paths, folder = list(paths), Path(folder)
    with store.write_lock(folder, wait, on_wait):
        ix = store.prepare_for_writing(folder, rebuild)
        try:
            state = store.load_state(folder, ix.latest_generation())
            if state is None:
                state = _state_from_index(ix)
            found, failed = _discover(paths)
            changed = [(key, path, sig) for key, (path, sig) in found.items() if _signature(state.get(key)) != sig]
            vanished = [key for key in state if key not in found and _under_any(key, paths)]
            run = _Run(ix, folder, state, commit_every)
            for key in vanished:
                run.replace(key, None)
            for done, (key, path, (mtime_ns, size)) in enumerate(changed, 1):
                articles = _read(path, failed)
                if articles is not None:
                    run.replace(key, FileRecord(mtime_ns, size, path=str(path)), articles)
                if progress:
                    progress(done, len(changed))
            if stdin is not None:
                run.add_stream(stdin, failed)
            run.finish()
        finally:
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

    def __init__(self, ix, folder: Path, state: dict[str, FileRecord], commit_every: int):
        self.ix, self.folder, self.state, self.commit_every = ix, folder, state, commit_every
        self.holders: dict[str, set[str]] = {}
        for key, record in state.items():
            for article_id in record.ids:
                self.holders.setdefault(article_id, set()).add(key)
        self.pending: dict[str, FileRecord | None] = {}
        self.fresh: dict[str, Article] = {}  # parsed in this batch, by id
        self.touched: set[str] = set()
        self.bands: dict[str, str] = {}  # LSH band key → cluster, for articles added in this run
        self.added = 0
        self.searcher = None
        # Articles committed before this run are looked up in the index; this run's, in `bands`.
        self.had_articles = ix.doc_count() > 0

    def replace(self, key: str, record: FileRecord | None, articles: list[Article] = ()) -> None:
        """Make `key` hold `articles` (None record: the file is gone)."""
        old = self.pending[key] if key in self.pending else self.state.get(key)
        for article_id in old.ids if old else ():
            self.holders[article_id].discard(key)
            self.touched.add(article_id)
        if record is not None:
            for article in articles:
                if article.id not in record.ids:
                    record.ids.append(article.id)
                self.holders.setdefault(article.id, set()).add(key)
                self.touched.add(article.id)
                self.fresh.setdefault(article.id, article)
        self.pending[key] = record
        if len(self.fresh) >= self.commit_every:
            self.commit()

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
                self.replace(STDIN_KEY, record, batch)
                batch = []
        self.replace(STDIN_KEY, record, batch)
        failed.extend((f"{STDIN_KEY}:{line}", reason) for line, reason in problems)

    def commit(self) -> None:
        if not self.pending:
            return
        try:
            writer = self.ix.writer(limitmb=WRITER_MEMORY_MB)
        except index.LockError:
            raise store.lock_error(self.folder) from None
        try:
            for article_id in sorted(self.touched):
                self._rewrite(writer, article_id)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        for key, record in self.pending.items():
            if record is None:
                self.state.pop(key, None)
            else:
                self.state[key] = record
        store.save_state(self.folder, self.ix.latest_generation(), self.state)
        self.pending, self.fresh, self.touched = {}, {}, set()
        self._close_searcher()

    def finish(self) -> None:
        self.commit()
        self._close_searcher()

    def _rewrite(self, writer, article_id: str) -> None:
        """Write an article's one document again with its current paths, or drop it."""
        holders = self.holders.get(article_id)
        stored = self._stored(article_id)
        writer.delete_by_term("id", article_id)
        if not holders:
            self.holders.pop(article_id, None)
            return
        paths = sorted(self._display_path(key) for key in holders)
        if stored is not None:
            article, cluster, minhash = Article.from_dict(_article_fields(stored)), stored.get("cluster"), stored.get("minhash")
        else:
            article = self.fresh[article_id]
            cluster, minhash = self._cluster(article)
            self.added += 1
        writer.add_document(**to_document(article, paths, cluster or article.id, minhash))

    def _cluster(self, article: Article) -> tuple[str, str | None]:
        """The near-duplicate cluster a new article joins (its own id if none), and its signature."""
        from . import dedup  # numpy: only when something is written

        sig = dedup.signature(article.body or article.title)
        if sig is None:
            return article.id, None
        keys = dedup.band_keys(sig)
        cluster = next((self.bands[k] for k in keys if k in self.bands), None)
        if cluster is None:
            cluster = self._committed_cluster(keys, sig)
        cluster = cluster or article.id
        for k in keys:
            self.bands.setdefault(k, cluster)
        return cluster, dedup.encode(sig)

    def _committed_cluster(self, keys: list[str], sig) -> str | None:
        from . import dedup

        if not self.had_articles:
            return None
        searcher = self._searcher()
        for k in keys:
            for docnum in searcher.docs_for_query(query.Term("minhash", k)):
                data = json.loads(searcher.stored_fields(docnum)["data"])
                if data.get("minhash") and dedup.similarity(sig, dedup.decode(data["minhash"])) >= dedup.SAME_STORY:
                    return data.get("cluster") or data["id"]
        return None

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


def to_document(article: Article, paths: list[str], cluster: str, minhash: str | None = None) -> dict:
    """The Whoosh document for an article: prose fields twice (stemmed, exact), names once."""
    prose = {
        "title": article.title,
        "subtitle": article.subtitle or "",
        "body": article.body,
        "subhead": "\n".join(article.subheads),
        "quote": "\n".join(q.text for q in article.quotes),
    }
    doc = {}
    for name in PROSE_FIELDS:
        if prose[name]:
            doc[name] = doc[name + EXACT_SUFFIX] = prose[name]
    speakers = list(dict.fromkeys(q.speaker for q in article.quotes if q.speaker))
    if speakers:
        doc["speaker"] = "\n".join(speakers)
    if article.authors:
        doc["author"] = "\n".join(a.name for a in article.authors)
    for role in ROLES_INDEXED:
        names = [a.name for a in article.authors if a.role == role]
        if names:
            doc[role] = "\n".join(names)
    if article.source:
        doc["source"] = article.source
    facets = {
        "speaker_name": speakers,
        "author_name": [a.name for a in article.authors],
        "source_name": [article.source] if article.source else [],
    }
    for name, values in facets.items():
        if values:
            doc[name] = ",".join(value.replace(",", " ") for value in dict.fromkeys(values))
    if article.published:
        doc["published"] = article.published
        doc["year"], doc["month"] = article.published[:4], article.published[:7]
    if minhash:
        from . import dedup

        doc["minhash"] = " ".join(dedup.band_keys(dedup.decode(minhash)))
    data = article.to_dict()
    data.update(paths=paths, cluster=cluster, minhash=minhash)
    doc.update(id=article.id, path=article.path, cluster=cluster, data=json.dumps(data, ensure_ascii=False))
    return doc


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


def _read(path: Path, failed: list) -> list[Article] | None:
    """A file's articles (records that could not be read are reported), or None if unreadable."""
    problems: list = []
    try:
        articles = parse_file(path, problems)
        failed.extend((f"{path}:{line}", f"{path}:{line}: {reason}") for line, reason in problems)
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
