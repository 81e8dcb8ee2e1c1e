"""Where each article was found, where that is not what its document says: the paths table.

An article's Whoosh document is written once, with the files it was found in then (`paths` in its
stored data). A copy found later, or a copy gone, changes only this table: rewriting the document
instead (delete, then add again) left a dead copy of every posting behind each time, and five
copies of a collection made an index of 52 segments, five times the size of one.

The table holds, for the articles whose files differ from their document's, every file they are
in now; readers take it over the document's list (`with_paths`). It is saved *before* each commit,
as `paths.<generation>` with the generation the commit will have, and the previous one is kept: a
crash before the commit leaves the index at the previous generation, whose table is still there;
a crash after it, the new one, already whole. So the table always matches the commit a reader
opens, and a lost per-file state is rebuilt from documents and table together.

Format (little-endian): MAGIC, generation (i64), entry count n (u64), n + 1 entry offsets (u64,
from the first entry), then the entries sorted by id bytes: id length (u32), id (UTF-8), and the
paths as a JSON list. A reader binary-searches the memory-mapped file for the hits it shows.
"""

from __future__ import annotations

import bisect
import json
import mmap
import os
import struct
from collections.abc import Iterator
from pathlib import Path

from ....errors import IndexDamagedError

MAGIC = b"NSPATHS1"
PREFIX = "paths."
_HEADER = struct.Struct("<8sqQ")
_OFFSET = struct.Struct("<Q")
_ID_LENGTH = struct.Struct("<I")
BULK_AFTER = 256  # lookups on one table before it is decoded whole (a scan of every article)
MAX_OPEN = 4


def table_path(folder: Path, generation: int) -> Path:
    return Path(folder) / f"{PREFIX}{generation}"


def save(folder: Path, generation: int, entries: dict[str, tuple[str, ...]]) -> None:
    """Write the table for `generation` atomically (a crash leaves no file or the whole file)."""
    keyed = sorted((article_id.encode("utf-8", "surrogatepass"), paths) for article_id, paths in entries.items())
    body = bytearray()
    offsets = []
    for key, paths in keyed:
        offsets.append(len(body))
        body += _ID_LENGTH.pack(len(key)) + key + json.dumps(list(paths)).encode("ascii")
    offsets.append(len(body))
    path = table_path(folder, generation)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(_HEADER.pack(MAGIC, generation, len(keyed)))
        handle.write(b"".join(_OFFSET.pack(offset) for offset in offsets))
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def load(folder: Path, generation: int) -> dict[str, tuple[str, ...]] | None:
    """The whole table saved for `generation` (the writer's copy), or None when there is none."""
    table = Table(table_path(folder, generation), generation)
    try:
        return dict(table.items())
    except FileNotFoundError:
        return None
    finally:
        table.close()


def discard(folder: Path, generation: int) -> None:
    """Remove a table written for a commit that did not happen."""
    try:
        table_path(folder, generation).unlink()
    except OSError:
        pass


def remove_older(folder: Path, generation: int) -> None:
    """Remove every table but those of `generation` and the one before (a reader that opened the
    previous commit may not have opened its table yet)."""
    for entry in os.scandir(folder):
        name = entry.name
        if name.startswith(PREFIX) and name[len(PREFIX):].isdigit():
            if int(name[len(PREFIX):]) not in (generation, generation - 1):
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


class Table:
    """One saved table, read lazily: opened and mapped at the first lookup."""

    def __init__(self, path: Path, generation: int):
        self.path, self.generation = path, generation
        self.map = None
        self.count = 0
        self.lookups = 0
        self.whole: dict[str, tuple[str, ...]] | None = None

    def get(self, article_id: str) -> tuple[str, ...] | None:
        """The article's paths if the table holds them (else its document's are current)."""
        if self.whole is not None:
            return self.whole.get(article_id)
        if self.map is None and not self._open():
            self.whole = {}
            return None
        self.lookups += 1
        if self.lookups > BULK_AFTER:
            self.whole = dict(self.items())
            return self.whole.get(article_id)
        key = article_id.encode("utf-8", "surrogatepass")
        at = bisect.bisect_left(range(self.count), key, key=self._key)
        if at < self.count and self._key(at) == key:
            return self._paths(at)
        return None

    def items(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Every entry, in id order (FileNotFoundError when the table was never saved)."""
        if self.map is None and not self._open():
            raise FileNotFoundError(self.path)
        for at in range(self.count):
            yield self._key(at).decode("utf-8", "surrogatepass"), self._paths(at)

    def close(self) -> None:
        if self.map is not None:
            self.map.close()
            self.map = None

    def _open(self) -> bool:
        try:
            with open(self.path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size < _HEADER.size:
                    raise self._damaged("truncated")
                self.map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError:
            return False
        magic, generation, count = _HEADER.unpack_from(self.map, 0)
        self.entries = _HEADER.size + _OFFSET.size * (count + 1)
        if magic != MAGIC or generation != self.generation or self.entries > size:
            self.close()
            raise self._damaged("not a paths table of this commit")
        self.count = count
        if self._offset(count) != size - self.entries:
            self.close()
            raise self._damaged("truncated")
        return True

    def _offset(self, at: int) -> int:
        return _OFFSET.unpack_from(self.map, _HEADER.size + _OFFSET.size * at)[0]

    def _key(self, at: int) -> bytes:
        start = self.entries + self._offset(at)
        length = _ID_LENGTH.unpack_from(self.map, start)[0]
        return self.map[start + _ID_LENGTH.size : start + _ID_LENGTH.size + length]

    def _paths(self, at: int) -> tuple[str, ...]:
        start = self.entries + self._offset(at)
        length = _ID_LENGTH.unpack_from(self.map, start)[0]
        try:
            return tuple(json.loads(self.map[start + _ID_LENGTH.size + length : self.entries + self._offset(at + 1)]))
        except ValueError:
            raise self._damaged("garbled entry") from None

    def _damaged(self, why: str) -> IndexDamagedError:
        return IndexDamagedError(f"{self.path.parent}: index is damaged ({self.path.name}: {why}); "
                                 "run `newsearch index --rebuild`")


_OPEN: dict[tuple[str, int], Table] = {}


def table_of(searcher) -> Table | None:
    """The paths table of the commit `searcher` reads (one per folder and commit, kept open)."""
    try:
        folder = searcher._ix.storage.folder
        generation = searcher.reader().generation()
    except AttributeError:  # not a searcher of a folder index: documents hold every path
        return None
    key = (folder, generation)
    table = _OPEN.get(key)
    if table is None:
        while len(_OPEN) >= MAX_OPEN:
            _OPEN.pop(next(iter(_OPEN))).close()
        table = _OPEN[key] = Table(table_path(Path(folder), generation), generation)
    return table


def with_paths(searcher, data: dict) -> dict:
    """An article's stored data with `paths` brought up to date: every file it is in now."""
    table = table_of(searcher)
    current = table.get(data["id"]) if table is not None else None
    if current is not None:
        data["paths"] = list(current)
    elif not data.get("paths"):
        data["paths"] = [data["path"]]
    return data
