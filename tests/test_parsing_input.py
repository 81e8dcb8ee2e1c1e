"""Reading documents from disk: decoding, binary detection, discovery of files."""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsearch.errors import InputError
from newsearch.parsing import SUPPORTED_SUFFIXES, decode_bytes, iter_document_paths, parse_bytes, parse_file, read_text

BBC_TARBALL = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc-news" / "bbc-fulltext.tar.gz"


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_supported_suffixes_are_every_format_plain_and_gzipped():
    formats = {".txt", ".html", ".htm", ".jsonl", ".ndjson", ".json"}
    assert SUPPORTED_SUFFIXES == frozenset(formats | {f + ".gz" for f in formats})


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


def test_latin1_bytes_cp1252_leaves_undefined_are_read_as_latin1(tmp_path):
    # 0x81 and 0x8d have no cp1252 character: the file is Latin-1 (C1 controls are stripped later).
    assert read_text(write(tmp_path / "a.txt", b"Caf\xe9 \xa310 \x81")) == "Café £10 \x81"


def test_utf8_is_preferred_over_cp1252_when_the_bytes_are_valid_utf8(tmp_path):
    assert read_text(write(tmp_path / "a.txt", "Łódź £5 “x”".encode("utf-8"))) == "Łódź £5 “x”"


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")])
def test_every_bom_parses_to_the_same_articles(tmp_path, bom, codec):
    page = "Bridge closed for repairs\n\nPolice said the bridge would stay closed for a week at least.\n"
    (article,) = parse_file(write(tmp_path / "a.txt", bom + page.encode(codec)))
    assert article.title == "Bridge closed for repairs"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root (or no POSIX modes) can read anything")
def test_file_without_read_permission_raises_input_error_with_the_reason(tmp_path):
    path = write(tmp_path / "secret.txt", b"hidden")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match=f"{path}: Permission denied"):
            parse_file(path)
    finally:
        path.chmod(0o600)


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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".md"]))
def test_arbitrary_bytes_parse_or_raise_input_error_only(data, suffix):
    text = decode_bytes(data)
    assert text is None or isinstance(text, str)
    try:
        articles = parse_bytes(data, "doc" + suffix, [])
    except InputError as exc:
        assert "binary file, skipped" in str(exc)
        assert text is None
    else:
        assert all(a.title is not None and "\x00" not in a.body for a in articles)


@settings(max_examples=40, deadline=None)
@given(text=st.text(alphabet='{}[]":,\n 0123456789.eE+-truefalsnbodyitle\\u', max_size=300))
def test_json_like_text_as_records_never_raises(text):
    problems: list = []
    for suffix in (".jsonl", ".json"):
        parse_bytes(text.encode("utf-8", "surrogatepass"), "x" + suffix, problems)


@pytest.fixture(scope="module")
def bbc_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bbc")
    with tarfile.open(BBC_TARBALL) as archive:
        archive.extractall(folder, filter="data")
    return folder


@pytest.mark.skipif(not BBC_TARBALL.exists(), reason="shared BBC corpus not present")
def test_bbc_corpus_every_file_parses_and_duplicates_share_ids(bbc_folder):
    paths = [p for p in iter_document_paths([bbc_folder]) if p.name.lower() != "readme.txt"]
    assert len(paths) == 2225
    ids = set()
    for path in paths:
        articles = parse_file(path)
        assert len(articles) == 1, path
        ids.add(articles[0].id)
    assert len(ids) == 2127  # 98 files are byte-for-byte copies of others


@pytest.mark.skipif(not BBC_TARBALL.exists(), reason="shared BBC corpus not present")
def test_bbc_latin1_pound_sign_is_decoded(bbc_folder):
    (article,) = parse_file(bbc_folder / "bbc" / "sport" / "199.txt")
    assert "£" in article.title + article.body
    assert "\ufffd" not in article.body
