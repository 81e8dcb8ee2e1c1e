"""Whoosh W3 posting blocks: written, decoded, and copied from one segment into another.

A posting list in a W3 postings file is a header tag and then blocks, each an int size (negative
for the last block), a pickled info tuple (count, last id, largest weight, compression level,
length bounds) and the block's data: a pickled (id gaps, weights, values) tuple, usually deflated.

Merging segments the way Whoosh does it decodes every posting into a sorting pool and encodes it
again, a few microseconds a posting, and holds them all in memory. Here a merged segment takes each
term's blocks from the segments it replaces as they are: only the first id gap and the last id of
a block change (the articles land at a new base), so each block is inflated, re-based and deflated
in C; postings are decoded only where a segment has deleted articles or keeps a short list inline.
"""

from __future__ import annotations

import heapq
import pickle
import struct
import zlib
from array import array
from io import BytesIO
from itertools import accumulate, groupby
from operator import itemgetter

from ..schema import fields  # noqa: F401  (imports Whoosh once, quietly)
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield, byte_to_length
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

# Block data, block infos and inlined postings are pickled with protocol 4 where Whoosh uses 2 (its
# readers unpickle whatever protocol they find): protocol 2 stores each bytes value (the encoded
# positions) as a call to codecs.encode on a latin-1 string, 4 stores the bytes; about 4× faster
# to write and to read, and a third smaller. (Positions themselves stay as Whoosh encodes them.)
PICKLE_PROTOCOL = 4
MIN_COMPRESSED_BLOCK = 64  # bytes of pickled block data
_TERMINFO = W3TermInfo._struct
_INT = struct.Struct("!i")  # StructFile.read_int
_EXTENT = struct.Struct("!qi")  # a posting list's offset and length, after a term info's head
_LENGTHS = struct.Struct("!ii")  # a term table entry's key and value lengths
_TABLE_CHUNK = 1 << 18
# The field length each one-byte length code stands for (0: no length), as doc_field_length decodes it.
LENGTH_OF_CODE = [byte_to_length(code) if code else 0 for code in range(256)]


def compress(data: bytes, level: int) -> bytes:
    """zlib data any reader inflates; the window fitted to the data, since setting up zlib's
    default 32 KB window and 64 KB hash dominated the cost of compressing a small block."""
    packer = zlib.compressobj(level, zlib.DEFLATED, max(10, min(15, len(data).bit_length())), 4)
    return packer.compress(data) + packer.flush()


def inlined_terminfo_bytes(postings) -> bytes:
    """W3TermInfo.to_bytes of a short posting list with the postings inside, as W3PostingsWriter
    inlines them: inlined flag, total weight, document frequency, length bounds (0: none kept),
    largest weight, first and last document, then the pickled postings.

    Only for formats with a value per posting (positions): a ListMatcher gives "" for a missing
    value where a block gives None, which a merge (Whoosh's pool wants bytes or None) refuses.
    """
    ids = tuple([p[0] for p in postings])
    weights = tuple([float(p[1]) for p in postings])
    head = _TERMINFO.pack(1, sum(weights), len(ids), 0, 0, max(weights), ids[0], ids[-1])
    return head + pickle.dumps((ids, weights, tuple([p[2] for p in postings])), PICKLE_PROTOCOL)


def write_block(postfile, terminfo, block, fixedsize, compression, last) -> None:
    """One block of (docnum, weight, value) postings, as W3PostingsWriter._write_block writes it
    (no length stats)."""
    ids = array("I", [p[0] for p in block])
    weights = array("f", [p[1] for p in block])
    maxweight = max([p[1] for p in block])
    terminfo._weight += sum(weights)
    terminfo._df += len(block)
    terminfo._maxweight = max(terminfo._maxweight, maxweight)
    if terminfo._minid is None:
        terminfo._minid = ids[0]
    terminfo._maxid = ids[-1]
    if all(w == 1.0 for w in weights):
        mini_weights = None
    elif all(w == weights[0] for w in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    if fixedsize is None or fixedsize < 0:
        mini_values = tuple([p[2] for p in block if p[2]])
    elif fixedsize == 0:
        mini_values = None
    else:
        mini_values = b"".join([p[2] for p in block if p[2]])
    data = pickle.dumps((tuple(delta_encode(ids)), mini_weights, mini_values), PICKLE_PROTOCOL)
    info = (len(ids), ids[-1], maxweight, 0, length_to_byte(None), length_to_byte(0))
    _write_raw_block(postfile, info, data, compression, last)


def _write_raw_block(postfile, info: tuple, data: bytes, compression: int, last: bool) -> None:
    # Whoosh means to leave blocks under 20 bytes uncompressed but compresses all (a bug). Most
    # blocks hold one or two postings, which zlib makes no smaller: those are left as they are
    # (readers honour each block's own compression level).
    compression = compression if len(data) >= MIN_COMPRESSED_BLOCK else 0
    if compression:
        data = compress(data, compression)
    info = pickle.dumps(info[:3] + (compression,) + info[4:], PICKLE_PROTOCOL)
    size = len(info) + len(data)
    postfile.write_int(-size if last else size)
    postfile.write(info)
    postfile.write(data)


def block_postings(count: int, data: tuple, fixedsize, base: int = 0):
    """(docnums, weights, values) of a block from its unpickled (gaps, weights, values) data, the
    docnums counted from `base`."""
    gaps, weights, values = data
    if weights is None or isinstance(weights, float):
        weights = [1.0 if weights is None else weights] * count
    if fixedsize == 0:
        values = (None,) * count
    elif fixedsize is not None and fixedsize > 0:
        values = [values[i:i + fixedsize] for i in range(0, len(values), fixedsize)]
    if not base:
        return list(accumulate(gaps)), weights, values
    ids = list(accumulate(gaps, initial=base))  # the running sum re-bases the ids in C
    del ids[0]
    return ids, weights, values


def length_codes(reader, fieldname: str, count: int, missing: bytes = b"\0") -> bytes:
    """A segment's one-byte length codes of a field (what doc_field_length decodes) for its
    `count` articles, read in one go; `missing` for each article of a field without lengths."""
    perdoc = getattr(reader, "_perdoc", None)  # an empty index's reader has none
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if column is None:
        return missing * count
    stored = min(column._count, count)  # articles past the column's end have no length
    return column._dbfile.get(column._basepos, stored) + bytes(count - stored) if stored else bytes(count)


class MergedSegment:
    """A segment being merged into the one a writer writes: its term table and posting file, and
    where its articles land (from `base` on, or by `docmap` where it has deletions)."""

    def __init__(self, reader, base: int, docmap: dict | None):
        terms = reader._terms
        self.reader, self.base, self.docmap = reader, base, docmap
        self.table, self.postfile, self.fieldmap = terms._tindex, terms._postfile, terms._fieldmap

    def field_terms(self, fieldname: str):
        """(term bytes, MergedPostings) of a field, in term order.

        The table's entries (two lengths, key, value) lie in key order: they are read a chunk at
        a time rather than with three reads each."""
        number = self.fieldmap.get(fieldname)
        pos = self.table.closest_key_pos(pack_ushort(number)) if number is not None else None
        if pos is None:
            return
        prefix, end, get = pack_ushort(number), self.table.endofdata, self.table.dbfile.get
        while pos < end:
            chunk = get(pos, min(_TABLE_CHUNK, end - pos))
            at = 0
            while at + _LENGTHS.size <= len(chunk):
                keylen, valuelen = _LENGTHS.unpack_from(chunk, at)
                stop = at + _LENGTHS.size + keylen + valuelen
                if stop > len(chunk):
                    if at == 0:  # one entry longer than a chunk
                        chunk, at = get(pos, stop), 0
                        continue
                    break
                key = chunk[at + _LENGTHS.size:at + _LENGTHS.size + keylen]
                if key[:2] != prefix:
                    return
                yield key[2:], MergedPostings(self, chunk[stop - valuelen:stop])
                at = stop
            if not at:
                raise EOFError(f"damaged term table at {pos}")
            pos += at

    def close(self) -> None:
        self.reader.close()


class MergedPostings:
    """One term's posting list in a MergedSegment, from its term info bytes (W3TermInfo's
    layout, read here without building the object)."""

    __slots__ = ("segment", "head", "rest")

    def __init__(self, segment: MergedSegment, value: bytes):
        # head: (inlined flag, total weight, document frequency, min length, max length, largest
        # weight, first id, last id); rest: the inlined postings, or where the blocks are
        self.segment = segment
        self.head, self.rest = term_entry(value)

    @property
    def count(self) -> int:
        return self.head[2]

    def copyable(self) -> bool:
        """Whether the blocks can be copied (not inlined, no deleted articles to drop)."""
        return not self.head[0] and self.segment.docmap is None

    def postings(self, fixedsize) -> list[tuple]:
        """(docnum in the new segment, weight, value) of each posting of a live article."""
        ids, weights, values = list_postings(self.segment.postfile, self.head, self.rest, fixedsize)
        docmap, base = self.segment.docmap, self.segment.base
        if docmap is None:
            return [(base + d, w, v) for d, w, v in zip(ids, weights, values)]
        return [(docmap[d], w, v) for d, w, v in zip(ids, weights, values) if d in docmap]

    def copy_blocks(self, postfile, terminfo, compression: int, last: bool) -> None:
        """Write the blocks into `postfile`, re-based, adding them to `terminfo`; `last`: the
        term's final blocks."""
        base = self.segment.base
        _, weight, count, _, _, maxweight, minid, maxid = self.head
        terminfo._weight += weight
        terminfo._df += count
        terminfo._maxweight = max(terminfo._maxweight, maxweight)
        if terminfo._minid is None:
            terminfo._minid = minid + base
        terminfo._maxid = maxid + base
        for block_info, data, final in self._blocks():
            gaps, weights, values = pickle.loads(zlib.decompress(data) if block_info[3] else data)
            data = pickle.dumps(((gaps[0] + base,) + tuple(gaps[1:]), weights, values), PICKLE_PROTOCOL)
            block_info = (block_info[0], block_info[1] + base) + tuple(block_info[2:])
            _write_raw_block(postfile, block_info, data, compression, last and final)

    def _blocks(self):
        return stored_blocks(self.segment.postfile, self.rest)


def prefix_keys(table, prefix: bytes):
    """The keys of a segment's term table (field number + term) that start with `prefix`, in
    order: one binary search for the first, then the entries that follow."""
    pos = table.closest_key_pos(prefix)
    if pos is None:
        return
    get = table.dbfile.get
    for keypos, keylen, _, _ in table._ranges(pos=pos):
        key = get(keypos, keylen)
        if not key.startswith(prefix):
            return
        yield key


def term_entry(value: bytes) -> tuple[tuple, bytes]:
    """A term table entry (W3TermInfo's bytes, read without building the object): its head
    (inlined flag, total weight, document frequency, min length, max length, largest weight, first
    id, last id) and the rest: the inlined postings, or where the blocks are."""
    return _TERMINFO.unpack_from(value), value[_TERMINFO.size:]


def list_postings(postfile, head: tuple, rest: bytes, fixedsize, base: int = 0) -> tuple[list, list, list]:
    """(docnums, weights, values) of a term's whole posting list, from its term_entry; the docnums
    counted from `base` (a segment's first article in a multi-segment index)."""
    if head[0]:
        ids, weights, values = pickle.loads(rest)
        return [d + base for d in ids] if base else list(ids), list(weights), list(values)
    ids, weights, values = [], [], []
    for info, data, _ in stored_blocks(postfile, rest):
        block = block_postings(info[0], pickle.loads(zlib.decompress(data) if info[3] else data), fixedsize, base)
        ids.extend(block[0])
        weights.extend(block[1])
        values.extend(block[2])
    return ids, weights, values


def stored_blocks(postfile, rest: bytes):
    """(info tuple, block data as stored, is last) of each block of a term's list (where `rest`
    of its term_entry points), the list read in one go."""
    offset, length = _EXTENT.unpack_from(rest)
    extent = BytesIO(postfile.get(offset, length))
    if extent.read(4) != WHOOSH3_HEADER_MAGIC:
        raise EOFError(f"no posting list at {offset}")  # one of store.DAMAGE_ERRORS
    last = False
    while not last:
        size = _INT.unpack(extent.read(4))[0]
        last = size < 0
        start = extent.tell()
        info = pickle.load(extent)
        yield info, extent.read(abs(size) - (extent.tell() - start)), last


def merged_term_lists(memory: dict[str, dict[bytes, list]], segments: list[MergedSegment], names):
    """((fieldname, term bytes), parts) of every term of the fields `names`, in field and term
    order; parts in docnum order: the writer's own postings (a list, its articles come first),
    then each merged segment's MergedPostings."""
    for name in sorted(names):
        terms = memory.get(name) or {}
        streams = [((tbytes, terms[tbytes]) for tbytes in sorted(terms))]
        streams += [segment.field_terms(name) for segment in segments]
        # heapq.merge is stable: equal terms come out in the order of the streams.
        for tbytes, parts in groupby(heapq.merge(*streams, key=itemgetter(0)), key=itemgetter(0)):
            yield (name, tbytes), [part for _, part in parts]
