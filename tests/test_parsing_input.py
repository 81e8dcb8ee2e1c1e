"""Reading documents from disk: decoding, binary detection, discovery of files."""

from __future__ import annotations

import os

import pytest

from newsearch.errors import InputError
from newsearch.parsing import SUPPORTED_SUFFIXES, iter_document_paths, parse_file, read_text


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_supported_suffixes_are_text_only_for_now():
    assert SUPPORTED_SUFFIXES == frozenset({".txt"})


def test_utf8_bom_is_dropped(tmp_path):
    assert read_text(write(tmp_path / "a.txt", b"\xef\xbb\xbfCaf\xc3\xa9")) == "Café"


def test_utf16_le_bom(tmp_path):
    data = "\ufeffMyanmar’s junta\r\nline two".encode("utf-16-le")
    assert read_text(write(tmp_path / "a.txt", data)) == "Myanmar’s junta\nline two"


def test_utf16_be_bom(tmp_path):
    data = "\ufeffQuote “here”".encode("utf-16-be")
    assert read_text(write(tmp_path / "a.txt", data)) == "Quote “here”"


def test_cp1252_pound_sign_and_curly_quotes(tmp_path):
    text = read_text(write(tmp_path / "a.txt", b"It cost \xa35 \x93today\x94"))
    assert text == "It cost £5 “today”"


def test_crlf_and_cr_newlines_are_normalised(tmp_path):
    assert read_text(write(tmp_path / "a.txt", b"one\r\ntwo\rthree\n")) == "one\ntwo\nthree\n"


def test_binary_file_with_nul_bytes_raises(tmp_path):
    path = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file, skipped"):
        read_text(path)


def test_mostly_control_bytes_is_binary(tmp_path):
    path = write(tmp_path / "a.txt", bytes([1, 2, 3, 4, 5, 6, 65, 66]) * 20)
    with pytest.raises(InputError, match=f"{path}: binary file, skipped"):
        read_text(path)


def test_unreadable_path_raises_input_error(tmp_path):
    with pytest.raises(InputError, match=str(tmp_path)):
        read_text(tmp_path)  # a directory cannot be read as a file


def test_parse_file_on_empty_file_gives_no_articles(tmp_path):
    assert parse_file(write(tmp_path / "empty.txt", b"")) == []


def test_walk_recurses_sorted_and_skips_hidden_and_unsupported(tmp_path):
    write(tmp_path / "b.txt", b"x")
    write(tmp_path / "a" / "z.txt", b"x")
    write(tmp_path / "a" / "deep" / "y.TXT", b"x")
    write(tmp_path / "a" / "notes.md", b"x")
    write(tmp_path / ".hidden.txt", b"x")
    write(tmp_path / ".git" / "c.txt", b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_document_paths([tmp_path])]
    assert found == ["a/deep/y.TXT", "a/z.txt", "b.txt"]


def test_files_named_directly_are_yielded_whatever_their_suffix(tmp_path):
    md = write(tmp_path / "notes.md", b"x")
    assert list(iter_document_paths([str(md)])) == [md]


def test_missing_path_raises(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(InputError, match=f"{missing}: no such file or directory"):
        list(iter_document_paths([missing]))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop_is_walked_once(tmp_path):
    write(tmp_path / "a" / "one.txt", b"x")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    found = [p.name for p in iter_document_paths([tmp_path])]
    assert found == ["one.txt"]
