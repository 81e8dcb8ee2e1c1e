"""Gzipped documents: decompressed transparently, the inner suffix choosing the format."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsearch.errors import InputError
from newsearch.parsing import iter_document_paths, parse_file
from newsearch.parsing.reading import MAX_INFLATED_BYTES, gunzip

SEED = Path(__file__).parent.parent / "seeds" / "rfa-myanmar-junta-moscow.txt"
HTML = Path(__file__).parent / "fixtures" / "formats" / "wire-story.html"


def gz(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data))
    return path


def without_path(articles):
    return [{k: v for k, v in a.to_dict().items() if k != "path"} for a in articles]


def test_gzipped_text_page_parses_like_the_plain_one(tmp_path):
    articles = parse_file(gz(tmp_path / "page.txt.gz", SEED.read_bytes()))
    assert articles and without_path(articles) == without_path(parse_file(SEED))
    assert articles[0].path == str(tmp_path / "page.txt.gz")


def test_gzipped_json_lines_and_json_array(tmp_path):
    records = [{"title": "one", "body": "x"}, {"title": "two", "body": "y"}]
    lines = "\n".join(json.dumps(r) for r in records).encode("utf-8")
    assert [a.title for a in parse_file(gz(tmp_path / "export.jsonl.gz", lines))] == ["one", "two"]
    assert [a.title for a in parse_file(gz(tmp_path / "export.ndjson.gz", lines))] == ["one", "two"]
    assert [a.title for a in parse_file(gz(tmp_path / "export.json.gz", json.dumps(records).encode()))] == ["one", "two"]


def test_gzipped_html(tmp_path):
    (article,) = parse_file(gz(tmp_path / "page.html.gz", HTML.read_bytes()))
    assert article.title == "Fishermen count losses as dam cuts river flow"


def test_concatenated_members_are_one_document():
    assert gunzip(gzip.compress(b"one ") + gzip.compress(b"two")) == b"one two"


@pytest.mark.parametrize("data, reason", [
    (b"this is not gzip", "not valid gzip data"),
    (gzip.compress(b"x" * 1000)[:-12], "truncated gzip data"),
])
def test_damaged_gzip_is_an_input_error(tmp_path, data, reason):
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(data)
    with pytest.raises(InputError, match=f"{path}: {reason}"):
        parse_file(path)


def test_gzip_bomb_is_refused():
    with pytest.raises(InputError, match="bomb.gz: inflates to more than 1 MB"):
        gunzip(gzip.compress(b"\x00" * (2 * 2**20)), "bomb.gz", limit=2**20)
    assert MAX_INFLATED_BYTES >= 100 * 1024 * 1024


def test_a_gzipped_page_is_capped_like_a_plain_one_but_an_export_is_not(tmp_path):
    page = tmp_path / "bomb.txt.gz"
    page.write_bytes(gzip.compress(b"a " * (33 * 2**20)))  # 66 MB of text
    with pytest.raises(InputError, match="inflates to more than 64 MB"):
        parse_file(page)


def test_millions_of_bad_records_keep_a_count_not_a_list(tmp_path):
    from newsearch.parsing import problem_report

    export = tmp_path / "numbers.json"
    export.write_text(str(list(range(5000))))
    problems: list = []
    assert parse_file(export, problems) == []
    assert len(problems) <= 1001
    report = problem_report(str(export), problems)
    assert len(report) == 21 and report[-1][1].endswith("… and 4980 more records skipped")


def test_binary_inside_gzip_is_skipped(tmp_path):
    with pytest.raises(InputError, match="binary file, skipped"):
        parse_file(gz(tmp_path / "image.txt.gz", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_folder_walk_picks_up_every_format_plain_and_gzipped(tmp_path):
    names = ["a.txt", "b.html", "c.htm", "d.jsonl", "e.ndjson", "f.json", "g.txt.gz", "h.HTML.GZ", "i.jsonl.gz",
             "j.json.gz", "k.gz", "l.md", "m.tar.gz", "n.csv"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    found = [p.name for p in iter_document_paths([tmp_path])]
    assert found == ["a.txt", "b.html", "c.htm", "d.jsonl", "e.ndjson", "f.json", "g.txt.gz", "h.HTML.GZ",
                     "i.jsonl.gz", "j.json.gz"]


def test_empty_gz_file_is_an_empty_document(tmp_path):
    path = tmp_path / "empty.txt.gz"
    path.write_bytes(b"")
    assert parse_file(path) == []
