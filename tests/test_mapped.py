"""Index files read through memory maps (newsearch.mapped) read what Whoosh's file handles read."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.structfile import StructFile

from newsearch import searcher
from newsearch.mapped import MappedFile, MappedStorage

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

