"""Index files read through memory maps (newsearch.engines.whoosh.format.mapped) read what Whoosh's file handles read."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.structfile import StructFile

from newsearch.engines.whoosh import searcher
from newsearch.engines.whoosh.format.mapped import MappedFile, MappedStorage

CONTENT = b"head\n" + pickle.dumps({"fieldmap": {"title": 0}}, 4) + b"\nline two\nend" + bytes(range(64))


def _both(tmp_path, name="data.bin", content=CONTENT):
    (tmp_path / name).write_bytes(content)
    mapped = MappedStorage(str(tmp_path)).open_file(name)
    plain = StructFile(open(tmp_path / name, "rb"))
    return mapped, plain


def test_mapped_reads_seeks_and_lines_match_a_file_handle(tmp_path):
    mapped, plain = _both(tmp_path)
    assert isinstance(mapped, MappedFile)
    for f in (mapped, plain):
        f.seek(0)
    assert mapped.readline() == plain.readline() == b"head\n"
    assert mapped.read_pickle() == plain.read_pickle() == {"fieldmap": {"title": 0}}
    assert mapped.tell() == plain.tell()
    assert mapped.readline() == plain.readline()
    mapped.seek(-10, 2), plain.seek(-10, 2)
    assert mapped.read() == plain.read() and mapped.read(5) == b""
    assert mapped.get(5, 3) == plain.get(5, 3)
    assert list(mapped.get_array(len(CONTENT) - 16, "H", 4)) == list(plain.get_array(len(CONTENT) - 16, "H", 4))
    assert mapped.get_int(len(CONTENT) - 8) == plain.get_int(len(CONTENT) - 8)


@settings(max_examples=200, deadline=None)
@given(start=st.integers(0, len(CONTENT)), length=st.integers(0, len(CONTENT)),
       steps=st.lists(st.tuples(st.integers(-5, 90), st.integers(-1, 30)), max_size=8))
def test_a_window_reads_as_its_bytes_would(start, length, steps):
    window = MappedFile(CONTENT, 0, len(CONTENT)).subset(start, length)  # bytes slice as a map does
    expected = CONTENT[start:start + length]
    assert window.get(0, len(expected) + 5) == expected
    position = 0
    for where, size in steps:
        window.seek(max(0, where))
        position = max(0, where)
        got = window.read(size)
        assert got == (expected[position:] if size < 0 else expected[position:position + size])


def test_searches_read_through_maps_and_find_the_seed_articles(seed_index):
    result = searcher.search(seed_index, "Min Aung Hlaing", limit=5)
    assert result.total >= 1
    assert "Moscow" in result.hits[0].title



def _stored_column(tmp_path, values: list, offsets_table: bool):
    """A stored-fields column as Whoosh's writer writes it, with or without its offsets table
    (Whoosh writes one above 32,768 articles)."""
    from whoosh.codec.whoosh3 import STORED_COLUMN

    with open(tmp_path / "stored", "wb") as handle:
        out = StructFile(handle)
        writer = STORED_COLUMN.writer(out)
        writer._child.cutoff = 0 if offsets_table else 2**15
        for docnum, value in enumerate(values):
            if value:
                writer.add(docnum, value)
        writer.finish(len(values))
        out.flush()
    length = (tmp_path / "stored").stat().st_size
    return MappedStorage(str(tmp_path)).open_file("stored"), length, STORED_COLUMN


@given(st.lists(st.dictionaries(st.sampled_from(["title", "body", "id"]), st.text(max_size=30), max_size=3),
                min_size=1, max_size=40),
       st.booleans())
@settings(max_examples=100, deadline=None)
def test_stored_articles_read_one_at_a_time_equal_whooshs_column_reader(tmp_path_factory, values, offsets_table):
    from newsearch.engines.whoosh.format.stored import StoredColumn

    # Every stored article has fields; a segment ending in articles without any can trip Whoosh's
    # own writer (its offsets table misses them when the total size outgrows the table's type).
    values = values + [{"id": "last"}]
    dbfile, length, column = _stored_column(tmp_path_factory.mktemp("col"), values, offsets_table)
    whooshs = column.reader(dbfile, 0, length, len(values))
    ours = StoredColumn(dbfile, 0, length, len(values))
    assert (ours.offsets_code is not None) == offsets_table
    assert [ours[d] for d in range(len(values))] == [whooshs[d] or {} for d in range(len(values))] == values
