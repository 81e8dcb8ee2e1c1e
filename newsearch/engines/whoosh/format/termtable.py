"""The term table (Whoosh's ordered hash file of term infos), read and written faster: opened in
one read of its directory, probed in one loop, written a key and value in one call. The files are
Whoosh 2.7.4's own, hashed with TERM_TABLE_HASH."""

from __future__ import annotations

from ..schema import fields  # noqa: F401  (imports Whoosh once, quietly)
from whoosh.codec.whoosh3 import W3TermsReader
from whoosh.filedb.filetables import (
    FileFormatError,
    HashWriter,
    OrderedHashReader,
    OrderedHashWriter,
    _dir_entry,
    _directory_size,
    _hash_functions,
    _lengths,
    _pointer,
)
from whoosh.system import _INT_SIZE
from whoosh.util.numlists import GrowableArray

# Term table hash: CRC32 (Whoosh's HashWriter supports it and its reader takes the hash type from
# the file) instead of the default MD5, a C call instead of a hex digest turned into an int.
TERM_TABLE_HASH = 1


class QuickOpenTermsReader(W3TermsReader):
    def __init__(self, codec, dbfile, length, postfile):  # W3TermsReader's, with the quick table
        self._codec, self._dbfile, self._postfile = codec, dbfile, postfile
        self._tindex = QuickOpenHashReader(dbfile, length)
        self._fieldmap = self._tindex.extras["fieldmap"]
        self._fieldunmap = [None] * len(self._fieldmap)
        for fieldname, number in self._fieldmap.items():
            self._fieldunmap[number] = fieldname


class QuickOpenHashReader(OrderedHashReader):
    """Whoosh's term table reader, opened with one read of its 256-entry directory instead of 256.

    Every query process opens every segment's term table: on an index of 50 segments the entry
    by entry reads cost ~30 ms. The directory is the 256 (position, slots) pairs just before the
    extras; the rest is the base reader's.
    """

    def __init__(self, dbfile, length=None, magic=b"HSH3", startoffset=0):
        self.dbfile, self.startoffset, self.is_closed = dbfile, startoffset, False
        if length is None:
            dbfile.seek(0, 2)
            length = dbfile.tell() - startoffset
        dbfile.seek(startoffset)
        if dbfile.read(4) != magic:
            raise FileFormatError("Unknown file header")
        self.hashtype = dbfile.read_byte()
        self.hashfn = _hash_functions[self.hashtype]
        dbfile.read_int()  # two ints reserved for future use
        dbfile.read_int()
        self.startofdata = dbfile.tell()
        extras_end = startoffset + length - _INT_SIZE
        extras_start = extras_end - dbfile.get_int(extras_end)
        dbfile.seek(extras_start)
        self._read_extras()
        directory = dbfile.get(extras_start - _directory_size, _directory_size)
        self.tables = list(_dir_entry.iter_unpack(directory))
        self.endofdata = self.tables[0][0]

    def get(self, key: bytes, default=None):
        """The value stored under `key` (HashReader.get's probe, in one loop: a query looks a word
        up in every field of every segment, ~500 probes a word on an index of 50 segments)."""
        keyhash = self.hashfn(key)
        start, slots = self.tables[keyhash & 255]
        if not slots:
            return default
        get, size = self.dbfile.get, _pointer.size
        slot = (keyhash >> 8) % slots
        for _ in range(slots):
            slothash, itempos = _pointer.unpack(get(start + slot * size, size))
            if not itempos:
                return default
            if slothash == keyhash:
                head = get(itempos, _lengths.size + len(key))
                keylen, datalen = _lengths.unpack_from(head)
                if keylen == len(key) and head[_lengths.size:] == key:
                    return get(itempos + len(head), datalen)
            slot = slot + 1 if slot + 1 < slots else 0
        return default


class TermTable(OrderedHashWriter):
    """Whoosh's ordered hash file of term infos, hashed with TERM_TABLE_HASH, each key and value
    written in one call."""

    def __init__(self, dbfile):
        HashWriter.__init__(self, dbfile, hashtype=TERM_TABLE_HASH)
        self.index = GrowableArray("H")
        self.lastkey = b""

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        dbfile = self.dbfile
        pos = dbfile.tell()
        self.index.append(pos)
        dbfile.write(_lengths.pack(len(key), len(value)) + key + value)
        hashed = self.hashfn(key)
        self.buckets[hashed & 255].append((hashed, pos))
        self.lastkey = key
