"""Index files read through a memory map (a Whoosh storage detail, used by `store`).

Whoosh reads a segment through a file handle: every posting block and every term-table probe is a
seek plus one to three read() system calls, about 8,000 of them for a two-word query on the 53
segments of Reuters ×5 (~50 ms). Its own mmap path is no better: it copies each file it opens out
of the map into a BytesIO, postings included, on every open. Here a file is mapped once and each
file inside a compound segment is a window on that map, so a read copies just the bytes asked for.

Segment files are written once and never changed in place (a merge writes new ones), so a map
stays valid while a writer works; a file deleted under a reader stays mapped until it is released.
"""

from __future__ import annotations

import mmap
import os
import pickle
import sys
from array import array

from ..schema import FileStorage, StructFile

_SWAP = sys.byteorder == "little"  # Whoosh stores arrays big-endian


class MappedFile(StructFile):
    """A read-only StructFile over the bytes [start, end) of a memory map."""

    def __init__(self, source: mmap.mmap, start: int, end: int, name=None):
        self._source, self._start, self._end, self._pos = source, start, end, start
        self._name, self.onclose, self.is_real, self.is_closed = name, None, False, False
        self.file = self  # StructFile's helpers (read_pickle, ...) read from `self.file`

    def read(self, size=-1) -> bytes:
        begin = self._pos
        end = self._end if size is None or size < 0 else min(begin + size, self._end)
        self._pos = max(begin, end)
        return self._source[begin:end]

    def peek(self, size: int = 0) -> memoryview:
        # pickle.load looks ahead through peek and then reads only what the object used.
        return memoryview(self._source)[self._pos:min(self._pos + max(size, 1), self._end)]

    def readline(self, size=-1) -> bytes:
        limit = self._end if size is None or size < 0 else min(self._pos + size, self._end)
        newline = self._source.find(b"\n", self._pos, limit)
        return self.read((newline + 1 if newline >= 0 else limit) - self._pos)

    def seek(self, where: int, whence: int = 0) -> int:
        base = {os.SEEK_SET: self._start, os.SEEK_CUR: self._pos, os.SEEK_END: self._end}[whence]
        self._pos = max(self._start, base + where)
        return self._pos - self._start

    def tell(self) -> int:
        return self._pos - self._start

    def get(self, position: int, length: int) -> bytes:
        begin = self._start + position
        return self._source[begin:min(begin + length, self._end)]

    def get_array(self, position: int, typecode: str, length: int) -> array:
        numbers = array(typecode)
        numbers.frombytes(self.get(position, length * numbers.itemsize))
        if _SWAP:
            numbers.byteswap()
        return numbers

    def read_pickle(self):
        return pickle.load(self)

    def subset(self, position: int, length: int, name=None) -> MappedFile:
        begin = self._start + position
        return MappedFile(self._source, begin, min(begin + length, self._end), name or self._name)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        # The map itself is released with its last window (a searcher may still hold one).
        self.is_closed = True


class MappedStorage(FileStorage):
    """A FileStorage whose existing files open as memory maps (new files are written as usual)."""

    def __init__(self, path: str):
        super().__init__(path, supports_mmap=False)  # these maps replace Whoosh's copying ones

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if not size:  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
            source = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return MappedFile(source, 0, size, name)
