"""The index folder: its marker, its per-file state, and opening it safely.

A newsearch index folder holds Whoosh's files plus `newsearch.json` (the marker: format and schema
version) and `files.json` (what each indexed file looked like, for incremental runs). Only a folder
with the marker is ever cleared by `--rebuild`.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import inspect
import json
import os
import pickle
import shutil
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import IndexAccessError, IndexDamagedError, IndexLockedError, IndexMissingError, NewsearchError
from ...index_folder import INDEX_MARKER
from .format.mapped import MappedStorage
from .format.pathtable import with_paths  # noqa: F401  (readers bring an article's paths up to date with it)
from .schema import SCHEMA_CHANGES, SCHEMA_VERSION, FileStorage, build_schema, index

MARKER_NAME = INDEX_MARKER
STATE_NAME = "files.json"
BANDS_NAME = "minhash.npz"  # near-duplicate band table (newsearch.dedup.BandTable)
FORMAT_NAME = "newsearch-index"
WHOOSH_INDEX_NAME = "MAIN"
LOCK_NAME = "newsearch.lock"
KEEP_ON_REBUILD = {".gitkeep", ".gitignore", LOCK_NAME}
LOCK_POLL_SECONDS = 0.2


@dataclass
class FileRecord:
    """What an indexed file looked like when it was last read, and the articles it gave."""

    mtime_ns: int
    size: int
    ids: list[str] = field(default_factory=list)
    path: str = ""


@contextmanager
def write_lock(folder: Path, wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> Iterator:
    """Hold the index's writer lock (yields the open lock file); wait up to `wait` seconds for
    another writer to finish.

    An flock dies with its process, so a writer killed with SIGKILL leaves no stale lock behind
    (a forked helper must close its copy of the lock file: the lock lives while any copy is open).
    """
    try:
        check_writable(folder)
    except OSError as error:
        raise access_error(folder, error, "read") from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise access_error(folder, error, "create") from None
    try:
        handle = open(folder / LOCK_NAME, "a+", encoding="utf-8")
    except OSError as error:
        raise access_error(folder, error, "write") from None
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise lock_error(folder, _holder(handle)) from None
                if on_wait and not told:
                    on_wait(f"waiting for another `newsearch index` ({_holder(handle)}) to finish writing {folder}")
                    told = True
                time.sleep(LOCK_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield handle
    finally:
        handle.close()


def access_error(folder: Path, error: OSError, action: str) -> IndexAccessError:
    """One line for an index folder the user may not read, create or write (or a full disk)."""
    what = {"read": "cannot read the index folder", "create": "cannot create the index folder",
            "write": "cannot write to the index folder"}[action]
    refused = error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)  # not a full disk, say
    hint = "; choose another with --index" if action != "read" and refused else ""
    return IndexAccessError(f"{folder}: {what} ({error.strerror or error}){hint}")


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Turn an OSError met while writing the index (permissions, a full disk) into IndexAccessError.

    Only errors about the index's own files, or about no file (a failed write): an input file
    that cannot be read is reported by the reader, never here.
    """
    try:
        yield
    except NewsearchError:
        raise
    except OSError as error:
        if error.filename is not None and not _inside(str(error.filename), folder):
            raise
        raise access_error(folder, error, "write") from None


def _inside(path: str, folder: Path) -> bool:
    parent = os.path.abspath(folder)
    return os.path.abspath(path) == parent or os.path.abspath(path).startswith(parent.rstrip(os.sep) + os.sep)


def _holder(handle) -> str:
    handle.seek(0)
    return handle.read().strip() or "unknown process"


def check_writable(folder: Path) -> None:
    """Refuse a path that is not a folder, or a folder holding something other than an index."""
    if folder.exists() and not folder.is_dir():
        raise NewsearchError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and not is_newsearch_index(folder):
        if any(p.name not in KEEP_ON_REBUILD for p in folder.iterdir()):
            raise NewsearchError(f"{folder}: folder is not empty and holds no newsearch index; choose another --index")


def write_json_atomically(path: Path, data: dict) -> None:
    """Write JSON so that a reader (or a crash) sees the old file or the new one, never half."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        # dumps, not dump: json.dump encodes in Python, ~4x slower (files.json holds a record per
        # indexed file and is written at every commit: 20,841 records took 133 ms against 31).
        handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def is_newsearch_index(folder: Path) -> bool:
    return (folder / MARKER_NAME).is_file()


def read_marker(folder: Path) -> dict:
    try:
        marker = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    except PermissionError as error:
        raise access_error(folder, error, "read") from None
    except (OSError, ValueError) as error:
        raise IndexDamagedError(f"{folder}: unreadable index marker ({error}); run `newsearch index --rebuild`")
    if marker.get("format") != FORMAT_NAME:
        raise IndexDamagedError(f"{folder}: not a newsearch index")
    return marker


# What Whoosh raises when its files are truncated, missing or garbled.
DAMAGE_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)


@contextmanager
def guard(folder: Path) -> Iterator[None]:
    """Turn errors from a damaged index, wherever Whoosh meets them, into IndexDamagedError."""
    try:
        yield
    except NewsearchError:
        raise
    except PermissionError as error:  # another user's index: not damaged, not ours to read
        raise access_error(folder, error, "read") from None
    except DAMAGE_ERRORS as error:
        raise IndexDamagedError(
            f"{folder}: index is damaged ({type(error).__name__}: {error}); run `newsearch index --rebuild`"
        ) from None


def guarded(function):
    """Decorate a library call whose first argument is an index folder with `guard`."""
    if inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def generator(folder, *args, **kwargs):
            with guard(Path(folder)):
                yield from function(folder, *args, **kwargs)

        return generator

    @functools.wraps(function)
    def call(folder, *args, **kwargs):
        with guard(Path(folder)):
            return function(folder, *args, **kwargs)

    return call


def open_for_reading(folder: Path, mapped: bool = True):
    """Open an existing index (a Whoosh index object: keep it inside indexer/searcher). `mapped`:
    read its files through memory maps (see newsearch.engines.whoosh.format.mapped); a writer reads through file
    handles, so that the pages it reads are not counted in its own memory. Whoosh's own mmap path
    stays off either way: it copies each file it opens into memory."""
    try:
        present = folder.is_dir() and is_newsearch_index(folder)
    except PermissionError as error:
        raise access_error(folder, error, "read") from None
    if not present:
        raise IndexMissingError(f"no index at {folder}: run `newsearch index` first")
    marker = read_marker(folder)
    if marker.get("schema_version") != SCHEMA_VERSION:
        found = marker.get("schema_version")
        older = isinstance(found, int) and found < SCHEMA_VERSION
        # Every change since the version found (an index two versions old misses both).
        changes = [SCHEMA_CHANGES[v] for v in range(found + 1, SCHEMA_VERSION + 1) if v in SCHEMA_CHANGES] if older else []
        why = f": {'; '.join(changes)}" if changes else ""
        raise IndexDamagedError(
            f"{folder}: index written by another newsearch version (schema {found}, "
            f"this one reads {SCHEMA_VERSION}{why}); run `newsearch index --rebuild`"
        )
    try:
        storage = MappedStorage(str(folder)) if mapped else FileStorage(str(folder), supports_mmap=False)
        return storage.open_index(WHOOSH_INDEX_NAME)
    except index.EmptyIndexError:
        try:
            os.listdir(folder)  # Whoosh lists the folder as empty when it may not list it at all
        except PermissionError as error:
            raise access_error(folder, error, "read") from None
        raise IndexDamagedError(f"{folder}: index files are missing; run `newsearch index --rebuild`")
    except PermissionError as error:
        raise access_error(folder, error, "read") from None
    except (OSError, ValueError, EOFError) as error:
        raise IndexDamagedError(f"{folder}: index is damaged ({error}); run `newsearch index --rebuild`")


def prepare_for_writing(folder: Path, rebuild: bool):
    """Open the index for an `index` run (holding write_lock), creating or clearing it first."""
    check_writable(folder)
    if rebuild:
        clear(folder)
    if is_newsearch_index(folder) and index.exists_in(str(folder), indexname=WHOOSH_INDEX_NAME):
        return open_for_reading(folder, mapped=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Marker first: a crash before the first commit leaves a folder newsearch recognises.
        write_json_atomically(folder / MARKER_NAME, {"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION})
        # File handles, as open_for_reading gives a writer: Whoosh's default mmap path copies every
        # segment file each reader opens into memory.
        storage = FileStorage(str(folder), supports_mmap=False)
        return storage.create_index(build_schema(), indexname=WHOOSH_INDEX_NAME)
    except OSError as error:
        raise access_error(folder, error, "write") from None


def clear(folder: Path) -> None:
    """Delete a newsearch index's contents (the caller has checked it is one).

    The marker goes last, so a crash mid-way leaves a folder that `--rebuild` still recognises.
    """
    if not is_newsearch_index(folder):
        return
    for entry in folder.iterdir():
        if entry.name in KEEP_ON_REBUILD or entry.name == MARKER_NAME:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    (folder / MARKER_NAME).unlink()


def load_state(folder: Path, generation: int) -> dict[str, FileRecord] | None:
    """The per-file state written with `generation`, or None if missing or from another commit."""
    try:
        data = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("generation") != generation:
        return None
    return {path: FileRecord(**record) for path, record in data.get("files", {}).items()}


def save_state(folder: Path, generation: int, files: dict[str, FileRecord]) -> None:
    records = {key: {"mtime_ns": r.mtime_ns, "size": r.size, "ids": r.ids, "path": r.path} for key, r in files.items()}
    write_json_atomically(folder / STATE_NAME, {"generation": generation, "files": records})


def lock_error(folder: Path, holder: str = "another process") -> IndexLockedError:
    return IndexLockedError(
        f"{folder}: another `newsearch index` ({holder}) is writing this index; "
        "try again when it ends, or wait for it with --wait SECONDS"
    )


def size_on_disk(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
