"""Writes articles into the index; incremental by file (size and modification time)."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from . import store
from .errors import IndexLockedError, InputError
from .models import Article, IndexReport
from .parsing import iter_document_paths, parse_file
from .schema import EXACT_SUFFIX, PROSE_FIELDS, ROLES_INDEXED, index
from .store import FileRecord

Progress = Callable[[int, int], None]
WRITER_MEMORY_MB = 256


def index_paths(
    paths: Iterable[str | os.PathLike],
    folder: str | os.PathLike,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IndexReport:
    """Index files and folders into `folder`; unchanged files are skipped, vanished ones removed."""
    started = time.perf_counter()
    folder = Path(folder)
    ix = store.prepare_for_writing(folder, rebuild)
    state = store.load_state(folder, ix.latest_generation())
    if state is None:
        state = _state_from_index(ix)
    found, failed = _discover(paths)
    changed = [(key, path, sig) for key, (path, sig) in found.items() if _signature(state.get(key)) != sig]
    vanished = [key for key in state if key not in found and _under_any(key, paths)]
    added = 0
    if changed or vanished:
        added = _write(ix, state, changed, vanished, failed, progress)
        store.save_state(folder, ix.latest_generation(), state)
    elif progress:
        progress(len(found), len(found))
    ix.close()
    return IndexReport(
        articles=added,
        files=len(changed) - sum(1 for path, _ in failed if _key(path) in found),
        skipped=len(found) - len(changed),
        removed=len(vanished),
        failed=tuple(failed),
        seconds=time.perf_counter() - started,
    )


def _write(ix, state, changed, vanished, failed, progress) -> int:
    references = Counter(article_id for record in state.values() for article_id in record.ids)
    try:
        writer = ix.writer(limitmb=WRITER_MEMORY_MB)
    except index.LockError:
        raise store.lock_error(Path(ix.storage.folder)) from None
    added = 0
    try:
        for key in vanished:
            _forget(writer, references, state.pop(key).ids)
        for done, (key, path, (mtime_ns, size)) in enumerate(changed, 1):
            try:
                articles = parse_file(path)
            except InputError as error:
                failed.append((str(path), str(error)))
                articles = None
            if key in state:
                _forget(writer, references, state.pop(key).ids)
            if articles is not None:
                ids = []
                for article in articles:
                    if references[article.id] == 0:
                        writer.add_document(**to_document(article, key))
                        added += 1
                    references[article.id] += 1
                    ids.append(article.id)
                state[key] = FileRecord(mtime_ns=mtime_ns, size=size, ids=ids)
            if progress:
                progress(done, len(changed))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return added


def _forget(writer, references: Counter, ids: list[str]) -> None:
    """Drop a file's articles, except those another indexed file also holds."""
    for article_id in ids:
        references[article_id] -= 1
        if references[article_id] <= 0:
            del references[article_id]
            writer.delete_by_term("id", article_id)


def to_document(article: Article, file_key: str) -> dict:
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
    speakers = dict.fromkeys(q.speaker for q in article.quotes if q.speaker)
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
        "speaker_name": list(speakers),
        "author_name": [a.name for a in article.authors],
        "source_name": [article.source] if article.source else [],
    }
    for name, values in facets.items():
        if values:
            doc[name] = ",".join(value.replace(",", " ") for value in dict.fromkeys(values))
    if article.published:
        doc["published"] = article.published
        doc["year"], doc["month"] = article.published[:4], article.published[:7]
    data = article.to_dict()
    data["file"] = file_key
    doc.update(id=article.id, path=article.path, cluster=article.id, data=json.dumps(data, ensure_ascii=False))
    return doc


def _state_from_index(ix) -> dict[str, FileRecord]:
    """Rebuild per-file state from stored articles (after a crash between commit and state write).

    Signatures are unknown, so every file is read again; ids let vanished files be removed.
    """
    files: dict[str, FileRecord] = {}
    with ix.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            key = json.loads(stored["data"]).get("file", stored["path"])
            files.setdefault(key, FileRecord(mtime_ns=-1, size=-1)).ids.append(stored["id"])
    return files


def _discover(paths) -> tuple[dict[str, tuple[Path, tuple[int, int]]], list[tuple[str, str]]]:
    found: dict[str, tuple[Path, tuple[int, int]]] = {}
    failed: list[tuple[str, str]] = []
    for root in paths:
        try:
            for path in iter_document_paths([root]):
                try:
                    info = path.stat()
                except OSError as error:
                    failed.append((str(path), error.strerror or str(error)))
                    continue
                found.setdefault(_key(path), (path, (info.st_mtime_ns, info.st_size)))
        except InputError as error:
            failed.append((str(root), str(error)))
    return found, failed


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
