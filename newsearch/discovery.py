"""Which files an `index` run reads: the documents under the paths given, with their signatures.

Files are keyed by absolute path (`key`): the same file named two ways is read once, and the path
stored in the index does not depend on the folder `index` ran in. A folder holding a newsearch
index (the destination, or any other) is never walked: its `files.json` and `newsearch.json`
are the index's own, not documents.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .index_folder import INDEX_MARKER
from .parsing import iter_document_paths

MAX_FILE_BYTES = 64 * 2**20  # whole-document formats are read into memory; JSON Lines streams
STREAMED_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
Signature = tuple[int, int]  # (mtime_ns, size)


@dataclass
class Found:
    """What a walk of the paths given found."""

    files: dict[str, tuple[Path, Signature]] = field(default_factory=dict)  # key -> (path as given, signature)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): could not be read
    missing: list[str] = field(default_factory=list)  # paths given that do not exist
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): files that are not documents
    roots: list[str] = field(default_factory=list)  # keys of the paths given that exist


def discover(paths: Iterable[str | os.PathLike], index_folder: Path | None = None) -> Found:
    """Readable regular files under `paths`, by key, with their signatures; never a folder that
    holds a newsearch index, nor `index_folder` itself."""
    found = Found()
    skip = _index_folder_test(index_folder)
    for root in paths:
        if not os.path.lexists(root):
            found.missing.append(str(root))
            found.failed.append((str(root), f"{root}: no such file or directory"))
            continue
        found.roots.append(key_of(root))
        try:
            for path in iter_document_paths([root], found.failed, skipped=found.ignored, skip_folder=skip):
                reason = unreadable_reason(path)
                if isinstance(reason, str):
                    found.failed.append((str(path), f"{path}: {reason}"))
                else:
                    found.files.setdefault(key_of(path), (path, reason))
        except InputError as error:
            found.failed.append((str(root), str(error)))
    return found


def _index_folder_test(index_folder: Path | None) -> Callable[[Path], bool]:
    destination = os.path.realpath(index_folder) if index_folder is not None else None

    def is_index(folder: Path) -> bool:
        try:
            return (folder / INDEX_MARKER).is_file() or os.path.realpath(folder) == destination
        except OSError:  # cannot tell: the walk reports the folder if it cannot read it
            return False

    return is_index


def unreadable_reason(path: Path) -> str | Signature:
    """Why a path will not be read, or its signature when it will."""
    try:
        info = path.stat()
    except OSError as error:
        return error.strerror or str(error)
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file, skipped"
    if info.st_size > MAX_FILE_BYTES and not streamed(path):
        return f"larger than {MAX_FILE_BYTES // 2**20} MB, skipped (split it, or export it as JSON Lines)"
    return (info.st_mtime_ns, info.st_size)


def streamed(path: Path) -> bool:
    """Whether a file is read a batch at a time (JSON Lines) rather than whole."""
    return path.name.lower().endswith(STREAMED_SUFFIXES)


def key_of(path) -> str:
    """A file's key, and the path the index stores for it: absolute, symlinks as named."""
    return os.path.abspath(path)


def signature(record) -> Signature | None:
    return (record.mtime_ns, record.size) if record else None


def under_any(key: str, root_keys: Iterable[str]) -> bool:
    for root_key in root_keys:
        if key == root_key or key.startswith(root_key.rstrip(os.sep) + os.sep):
            return True
    return False
