"""Stored articles read one at a time (the per-document reader of `codec.IndexCodec`).

Whoosh keeps a segment's stored fields in one column: each article's pickled, deflated fields one
after another, then a table of their lengths and, in segments of more than 32,768 articles, a
table of their offsets. Its reader loads both tables whole on the first lookup, and where there is
no offsets table it sums the lengths one by one in Python: for the ten hits of a query spread over
the ~2,000-article segments of an unmerged index that is ten tables summed, and on a merged
Reuters ×5 a 104,000-entry table read to show ten articles. Here a lookup reads the article's own
length and offset, and a segment without offsets has its lengths summed once, in C.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from itertools import accumulate

from ..schema import fields  # noqa: F401  (imports Whoosh once, quietly)
from whoosh.codec.whoosh3 import W3PerDocReader

STORED_COLUMN = "_stored"
_OFFSETS_MARK = ord("X")  # the column's last byte when it stores an offsets table
_INTEGER_CODES = "bBhHiIlLqQ"  # the array types its tables can have


class PerDocReader(W3PerDocReader):
    """W3's per-document reader, with stored fields read an article at a time."""

    _stored = None

    def stored_fields(self, docnum: int) -> dict:
        if self._stored is None:
            if not self.has_column(STORED_COLUMN):
                return {}
            if STORED_COLUMN not in self._colfiles:
                self._colfiles[STORED_COLUMN] = self._get_column_file(STORED_COLUMN)
            self._stored = StoredColumn(*self._colfiles[STORED_COLUMN], self._doccount)
        return self._stored[docnum]


class StoredColumn:
    """The stored-fields column of one segment: `column[docnum]` is the article's stored dict."""

    def __init__(self, dbfile, basepos: int, length: int, doccount: int):
        self.dbfile, self.basepos, self.doccount = dbfile, basepos, doccount
        last = basepos + length - 1
        if dbfile.get_byte(last) == _OFFSETS_MARK:
            self.lengths_code, self.offsets_code = chr(dbfile.get_byte(last - 2)), chr(dbfile.get_byte(last - 1))
            tables_end = last - 2
        else:
            self.lengths_code, self.offsets_code, tables_end = chr(dbfile.get_byte(last)), None, last
        if not {self.lengths_code, self.offsets_code or "I"} <= set(_INTEGER_CODES):
            raise EOFError(f"damaged stored-fields column at {basepos}")  # one of store.DAMAGE_ERRORS
        # The lengths table, then the offsets table (if any), then the type codes.
        offsets_size = doccount * struct.calcsize(self.offsets_code) if self.offsets_code else 0
        self.offsets_at = tables_end - offsets_size if self.offsets_code else None
        self.lengths_at = tables_end - offsets_size - doccount * struct.calcsize(self.lengths_code)
        self._summed: list[int] | None = None  # offsets from the lengths, where none are stored

    def __getitem__(self, docnum: int) -> dict:
        if not 0 <= docnum < self.doccount:
            raise IndexError(f"no article {docnum} in a segment of {self.doccount}")
        length = self._entry(self.lengths_at, self.lengths_code, docnum)
        if not length:
            return {}
        if self.offsets_code is not None:
            offset = self._entry(self.offsets_at, self.offsets_code, docnum)
        else:
            if self._summed is None:
                lengths = self.dbfile.get_array(self.lengths_at, self.lengths_code, self.doccount)
                self._summed = list(accumulate(lengths, initial=0))
            offset = self._summed[docnum]
        return pickle.loads(zlib.decompress(self.dbfile.get(self.basepos + offset, length)))

    def _entry(self, table_at: int, code: str, docnum: int) -> int:
        return self.dbfile.get_array(table_at + docnum * struct.calcsize(code), code, 1)[0]
