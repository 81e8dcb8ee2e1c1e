"""Writes articles into the index: incremental by file, committed in batches, deduplicated.

Crash safety: Whoosh commits atomically (a new table of contents renamed into place), and the
per-file state is saved after each commit, tagged with its generation. A run killed at any point
leaves the last commit; the next run trusts only state from that same commit, so files of a lost
batch are simply read again. Articles are keyed by content id, so nothing is indexed twice. An
article found in one more file (or one fewer) keeps its document: only the paths table changes,
saved before the commit it belongs to (see pathtable.py).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from .format import pathtable
from . import prepare, store
from .batches import STDIN_KEY, Run as _Run, collect_at_commits
from .format.codec import IndexCodec
from ...discovery import MAX_FILE_BYTES, STREAMED_SUFFIXES, discover, key_of, signature, streamed, under_any  # noqa: F401
from .documents import to_document  # noqa: F401  (tests build documents with it)
from ...errors import ComponentMissingError, InputError
from ...holders import Tally
from ...linereader import file_articles as _streamed_articles  # tests replace it
from ...linereader import split_lines as _lines  # noqa: F401  (tests compare with it)
from ...models import Article, IndexReport
from ...parsing import parse_file, problem_report
from .store import FileRecord

Progress = Callable[[int, int], None]
COMMIT_EVERY = 2000  # articles per commit: a crash loses at most this much work


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

    With nothing to read (no path given exists, or no documents where no index is yet), nothing
    is created or changed: the report says so (`documents_found` 0, `missing`). A path given that
    does not exist never removes what was indexed from it.
    """
    started = time.perf_counter()
    paths, folder = list(paths), Path(folder)
    found = discover(paths, folder)
    if not found.files and stdin is None and (not found.roots or not _holds_index(folder)):
        return _report(found, seconds=time.perf_counter() - started)
    failed, fatal = found.failed, {}
    source = run = None
    with store.write_lock(folder, wait, on_wait) as lock, collect_at_commits(), store.writing(folder):
        ix = store.prepare_for_writing(folder, rebuild)
        try:
            generation = ix.latest_generation()
            extra = pathtable.load(folder, generation) or {}
            state = store.load_state(folder, generation)
            if state is None:
                state = _state_from_index(ix, extra)
            changed = [(key, path, sig) for key, (path, sig) in found.files.items() if signature(state.get(key)) != sig]
            vanished = [key for key in state if key not in found.files and under_any(key, found.roots)]
            jobs = [(path, streamed(path), size) for _, path, (_, size) in changed]
            source = prepare.open_source(jobs, _streamed_articles, _read, (lock.fileno(),))
            run = _Run(ix, folder, state, commit_every, source, extra, codec=IndexCodec, merge_policy=merge_small_segments)
            for key in vanished:
                run.replace(key, None)
            for done, (key, path, (mtime_ns, size)) in enumerate(changed, 1):
                if streamed(path):
                    run.add_file_in_batches(key, path, (mtime_ns, size), failed)
                else:
                    try:
                        articles = source.whole(path, failed)
                    except ComponentMissingError as error:  # reported once; the file is read next run
                        fatal.setdefault(str(error), []).append(key)
                        articles = None
                    if articles is not None:
                        run.replace(key, FileRecord(mtime_ns, size, path=key), articles, str(path))
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
    unread = {key_of(path) for path, _ in failed} | {key for keys in fatal.values() for key in keys}
    return _report(found, run.tally, seconds=time.perf_counter() - started,
                   files=len(changed) - len(unread & {key for key, _, _ in changed}),
                   skipped=len(found.files) - len(changed), removed=len(vanished), fatal=tuple(fatal),
                   documents_found=len(found.files) + (stdin is not None))


def _report(found, tally: Tally | None = None, **counts) -> IndexReport:
    tally = tally or Tally()
    return IndexReport(articles=len(tally.new), replaced=len(tally.replaced), dropped=tally.dropped,
                       duplicates=tally.duplicates, failed=tuple(found.failed), missing=tuple(found.missing),
                       ignored=tuple(found.ignored), **counts)


def _holds_index(folder: Path) -> bool:
    try:
        return store.is_newsearch_index(folder)
    except OSError:  # cannot tell: the writer's own checks say why
        return True


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


def _state_from_index(ix, extra: dict[str, tuple[str, ...]]) -> dict[str, FileRecord]:
    """Rebuild per-file state from stored articles and the paths table of the same commit (after a
    crash between commit and state save).

    Signatures are unknown, so every file is read again; ids let vanished files be removed.
    """
    files: dict[str, FileRecord] = {}
    with ix.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            data = json.loads(stored["data"])
            for path in extra.get(data["id"]) or data.get("paths") or [data["path"]]:
                key = path if path == STDIN_KEY else key_of(path)
                files.setdefault(key, FileRecord(-1, -1, path=key)).ids.append(data["id"])
    return files


def _read(path: Path, failed: list) -> list[Article] | None:
    """A file's articles (records that could not be read are reported), or None if unreadable.
    Raises ComponentMissingError when what reads its format cannot be loaded (trafilatura)."""
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
