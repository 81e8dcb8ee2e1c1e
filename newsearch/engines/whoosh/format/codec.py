"""Writing segments fast: Whoosh's file format, without Whoosh's per-posting machinery.

Whoosh's SegmentWriter analyses each field through generators and Token objects, feeds every
posting as a tuple through an external-sort pool, sorts them all at the flush and writes them a
posting at a time, four method calls each. Here:

- `analyse` gives each indexed field's postings (term, weight, encoded positions) and length in
  one pass; it needs no writer, so a worker process can run it (see `prepare.py`);
- `IndexWriter` (a SegmentWriter) takes those ready-made postings, keeps them as posting lists by
  field and term in memory (a batch is at most a commit's worth of articles), and at the flush
  hands whole lists to `IndexCodec`'s field writer;
- the field writer writes a term at a time, and keeps short posting lists inside the term table.

Everything is read by Whoosh 2.7.4's own W3 readers, and indexes written before read as they did:
the files are W3Codec's, with choices its writer does not make but its readers follow (short
posting lists inlined in the term table, a CRC32-hashed term table, pickle protocol 4, compression
windows fitted to the block). tests/test_perf_equivalence.py and tests/test_indexing_speed_paths.py
compare the postings, stored articles and hits with those Whoosh's own writer gives.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from .blocks import LENGTH_OF_CODE, MergedSegment, inlined_terminfo_bytes, length_codes, merged_term_lists, write_block
from ..schema import fields  # noqa: F401  (imports Whoosh once, quietly)
from .stored import PerDocReader
from .termtable import QuickOpenTermsReader, TermTable
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.columns import TranslatingColumnReader
from whoosh.reading import SegmentReader
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

# Posting lists of up to this many postings (of fields with positions) live in the term table.
# Whoosh's writer means to inline lists shorter than its `inlinelimit` but, with the default of 1,
# never does (`len < 1`); its reader (W3Codec.postings_reader) serves inlined postings through a
# ListMatcher. Most terms of a batch occur in a few articles: inlined, they cost one pickle in the
# term table instead of a block (header, info, data) in the postings file.
INLINE_LIMIT = 16

Postings = list  # [(docnum, weight, encoded value)], docnums ascending
Analysed = dict  # fieldname -> (length, [(term bytes, weight, encoded value)])


def analyse(schema, doc: dict) -> Analysed:
    """Every indexed field's (length, postings) for a document, as SegmentWriter would index it.

    The length is the field's token count, what Whoosh records for BM25 (0 if not scorable).
    """
    out = {}
    for name, value in doc.items():
        if value is None or name.startswith("_"):
            continue
        field = schema[name]
        if field.indexed:
            out[name] = field_postings(field, value)
    return out


def field_postings(field, value) -> tuple[int, list]:
    """(length, [(term bytes, weight, encoded value)]) of one field value."""
    if hasattr(field, "postings"):  # schema.AnalyzedText: the prose and name fields
        length, postings = field.postings(value)
        return (length if field.scorable else 0), postings
    length, postings = 0, []
    for tbytes, freq, weight, vbytes in field.index(value):
        length += freq
        postings.append((tbytes, weight, vbytes))
    return (length if field.scorable else 0), postings


class IndexWriter(SegmentWriter):
    """A SegmentWriter for newsearch's schema that takes analysed documents (see module doc).

    `add_document(**doc, _analysed=analyse(schema, doc))` writes what Whoosh's `add_document(**doc)`
    writes; without `_analysed` the document is analysed here. Boosts, term vectors and spelling
    fields, which newsearch does not use, are not supported.
    """

    def __init__(self, ix, **kwargs):
        kwargs.setdefault("codec", IndexCodec())
        super().__init__(ix, **kwargs)
        self.pool = TermPool()
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name}: term vectors and spelling are not supported by IndexWriter")

    def add_document(self, **doc):
        self._check_state()
        analysed = doc.pop("_analysed", None)
        schema, perdoc, docnum, add_field = self.schema, self.perdocwriter, self.docnum, self.pool.add_field
        names = sorted(name for name in doc if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        for name in names:
            value = doc[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                done = analysed.get(name) if analysed is not None else None
                length, postings = done if done is not None else field_postings(field, value)
                add_field(name, docnum, postings)
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def write_per_doc(self, fieldnames, reader):
        """Whoosh's: copy a merged segment's stored fields, lengths and columns, giving {old
        docnum: new} where it has deletions. Each length and column is read once per segment,
        where Whoosh's looks for the column file on disk for every article and field."""
        schema, perdoc = self.schema, self.perdocwriter
        names = sorted(fieldnames)
        count = reader.doc_count_all()
        lengths = {name: length_codes(reader, name, count) for name in names if schema[name].scorable}
        columns = {name: _raw_column(reader.column_reader(name, schema[name].column_type))
                   for name in names if schema[name].column_type and reader.has_column(name)}
        docmap = {} if reader.has_deletions() else None
        for docnum, stored in reader.iter_docs():
            if docmap is not None:
                docmap[docnum] = self.docnum
            perdoc.start_doc(self.docnum)
            for name in names:
                code = lengths[name][docnum] if name in lengths else 0
                perdoc.add_field(name, schema[name], stored.get(name), LENGTH_OF_CODE[code])
                if name in columns:
                    perdoc.add_column_value(name, schema[name].column_type, columns[name][docnum])
            perdoc.finish_doc()
            self.docnum += 1
        return docmap

    def add_reader(self, reader):
        """Merge a segment in: its articles' stored fields and lengths are copied now, its posting
        lists block by block at the flush (blocks.MergedSegment), not through the pool."""
        self._check_state()
        base, names = self.docnum, set(self.schema.names())
        docmap = self.write_per_doc(names, reader)
        # A reader of our own: Whoosh's merge policies close theirs straight after add_reader.
        own = SegmentReader(self.storage, self.schema, reader._segment)
        self.pool.segments.append(MergedSegment(own, base, docmap))
        self._added = True

    def _flush_segment(self):
        add_term_lists = getattr(self.fieldwriter, "add_term_lists", None)
        if add_term_lists is None or self.codec.length_stats:
            if self.pool.segments:
                raise ValueError("merging segments needs IndexCodec's field writer")
            return super()._flush_segment()
        self.perdocwriter.close()
        add_term_lists(self.schema, self.pool.term_lists(self.schema))
        self.fieldwriter.close()


def _raw_column(column_reader):
    """The stored values under a column reader that translates them (as Whoosh's merge copies)."""
    return column_reader.raw_column() if isinstance(column_reader, TranslatingColumnReader) else column_reader


class TermPool:
    """Whoosh's posting pool, kept in memory as posting lists by field and term.

    Whoosh's pool holds a tuple per posting, spills to disk past its memory limit and sorts every
    posting at the flush; here a posting is appended to its term's list, and only the field names
    and terms are sorted. A writer holds one batch; segments merged in stay on disk until the
    flush, which reads them term by term alongside the batch.
    """

    def __init__(self):
        self.fields: dict[str, dict[bytes, Postings]] = {}
        self.segments: list[MergedSegment] = []

    def add_field(self, fieldname: str, docnum: int, postings) -> None:
        """One document's postings of one field: (term bytes, weight, encoded value) each."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        for tbytes, weight, vbytes in postings:
            found = terms.get(tbytes)
            if found is None:
                terms[tbytes] = [(docnum, weight, vbytes)]
            else:
                found.append((docnum, weight, vbytes))

    def add(self, item) -> None:
        """One posting, (fieldname, term bytes, docnum, weight, value), as Whoosh's pool takes it."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.fields.setdefault(fieldname, {}).setdefault(tbytes, []).append((docnum, weight, vbytes))

    def term_lists(self, schema):
        """((fieldname, term bytes), parts) in the order Whoosh writes them; parts in docnum order:
        the batch's postings, then each merged segment's (see blocks.merged_term_lists)."""
        for terms in self.fields.values():
            for postings in terms.values():
                if len(postings) > 1 and postings[-1][0] < postings[-2][0]:
                    postings.sort(key=itemgetter(0))  # postings added out of order through add()
        if not self.segments:  # a batch alone: no merging of term streams
            return (((name, tbytes), [terms[tbytes]])
                    for name, terms in sorted(self.fields.items()) for tbytes in sorted(terms))
        names = set(self.fields)
        names.update(name for segment in self.segments for name in segment.fieldmap if name in schema)
        return merged_term_lists(self.fields, self.segments, names)

    def iter_postings(self):
        if self.segments:
            raise ValueError("merged segments are written by add_term_lists only")
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                for docnum, weight, vbytes in sorted(terms[tbytes], key=itemgetter(0)):
                    yield fieldname, tbytes, docnum, weight, vbytes

    def cleanup(self) -> None:
        self.fields = {}
        for segment in self.segments:
            segment.close()
        self.segments = []


class IndexCodec(W3Codec):
    """Whoosh's default codec, without per-block document-length statistics, written faster.

    Whoosh looks up each posting's field length while writing (~12% of indexing time) only to
    store the smallest and largest length per block and term, which serve as bounds for skipping
    blocks that cannot reach the top hits. Without them the bounds are looser (length 0 is
    assumed, so they still hold): the same hits with the same scores. Scores themselves use the
    per-document lengths, which are written as before.
    """

    length_stats = False

    def field_writer(self, storage, segment):
        return _TermAtATimeFieldWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        """W3Codec's per-document reader, reading stored articles one at a time (stored.py)."""
        return PerDocReader(storage, segment)

    def terms_reader(self, storage, segment):
        """W3Codec's terms reader, with a term table that opens in one read (QuickOpenHashReader)."""
        tiname = segment.make_filename(self.TERMS_EXT)
        postfile = segment.open_file(storage, self.POSTS_EXT)
        return QuickOpenTermsReader(self, storage.open_file(tiname), storage.file_length(tiname), postfile)


class _TermAtATimeFieldWriter(W3FieldWriter):
    """W3FieldWriter writing a term's whole posting list at once.

    Writes what Whoosh's W3PostingsWriter writes with its length statistics unset (the blocks,
    their info tuples and the term infos), except that short lists of fields with positions are
    inlined into the term table (INLINE_LIMIT), the term table is hashed with CRC32, and blocks
    are compressed with a window fitted to them: all of which W3's readers read.
    """

    def __init__(self, codec, storage, segment):  # W3FieldWriter's, with a faster term table
        self._codec, self._storage, self._segment = codec, storage, segment
        self._fieldname = self._fieldid = self._btext = self._fieldobj = self._format = None
        self._tindex = TermTable(self._create_file(W3Codec.TERMS_EXT))
        self._fieldmap = self._tindex.extras["fieldmap"] = {}
        self._postfile = self._create_file(W3Codec.POSTS_EXT)
        self._postwriter = None
        self._infield = False
        self.is_closed = False

    def add_term_lists(self, schema, term_lists) -> None:
        """Write ((fieldname, term bytes), parts) in field and term order; parts in docnum order,
        each a list of (docnum, weight, value) or a merged segment's blocks.MergedPostings."""
        fieldname = None
        for (name, btext), parts in term_lists:
            if name != fieldname:
                if fieldname is not None:
                    self.finish_field()
                fieldname = name
                self.start_field(name, schema[name])
                prefix, fixedsize = pack_ushort(self._fieldid), self._format.fixed_value_size()
            parts = _decoded_where_needed(parts, fixedsize)
            if parts:  # else every posting was of a deleted article
                self._tindex.add(prefix + btext, self._write_term(parts, fixedsize))
        if fieldname is not None:
            self.finish_field()

    def add_postings(self, schema, lengths, items):
        """Whoosh's interface: (fieldname, term bytes, docnum, weight, value) tuples, sorted."""
        lists = (((name, btext), [p[2:] for p in postings if p[2] != -1])  # -1: spelling words
                 for (name, btext), postings in groupby(items, key=itemgetter(0, 1)))
        self.add_term_lists(schema, ((key, [postings]) for key, postings in lists if postings))

    def _write_term(self, parts, fixedsize) -> bytes:
        """Write one term's postings (parts as _decoded_where_needed leaves them); its term info,
        as bytes for the term table."""
        if len(parts) == 1 and isinstance(parts[0], list) and len(parts[0]) <= INLINE_LIMIT and fixedsize is None:
            return inlined_terminfo_bytes(parts[0])
        terminfo = W3TermInfo()
        postfile, blocklimit, compression = self._postfile, self._codec._blocklimit, self._codec._compression
        start = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        for number, part in enumerate(parts, 1):
            last = number == len(parts)
            if not isinstance(part, list):
                part.copy_blocks(postfile, terminfo, compression, last)
                continue
            for first in range(0, len(part), blocklimit):
                write_block(postfile, terminfo, part[first:first + blocklimit], fixedsize, compression,
                            last and first + blocklimit >= len(part))
        terminfo.set_extent(start, postfile.tell() - start)
        return terminfo.to_bytes()


def _decoded_where_needed(parts, fixedsize) -> list:
    """Parts with merged postings decoded where they cannot be copied as blocks (inlined, deleted
    articles, or all of a term short enough to be inlined), neighbouring lists joined."""
    if len(parts) == 1 and isinstance(parts[0], list):  # a batch's own postings: as they are
        return parts
    short = fixedsize is None and sum(len(p) if isinstance(p, list) else p.count for p in parts) <= INLINE_LIMIT
    out = []
    for part in parts:
        if not isinstance(part, list) and (short or not part.copyable()):
            part = part.postings(fixedsize)
        if isinstance(part, list) and out and isinstance(out[-1], list):
            out[-1] = out[-1] + part
        elif not isinstance(part, list) or part:
            out.append(part)
    return out
