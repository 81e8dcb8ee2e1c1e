"""A new user's first hour: what a folder walk reads, pages saved without a format suffix,
Markdown, UTF-32 (issue 14)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsearch.errors import InputError
from newsearch.parsing import decode_bytes, iter_document_paths, parse_bytes, parse_file

DISCOVERY = Path(__file__).parent / "fixtures" / "discovery"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
PAGE = (
    "Bridge closed for repairs\n\n"
    "Police said the bridge would stay closed for a week at least while divers check the piers.\n"
)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def is_newsearch_index(folder: Path) -> bool:
    """The indexer's predicate, as it will pass it: an index folder holds the marker file."""
    return (folder / "newsearch.json").is_file()


def names(paths, base: Path) -> list[str]:
    return [Path(p).relative_to(base).as_posix() for p in paths]


# 1. An index folder is never read as input.


def test_a_walk_does_not_enter_a_folder_the_predicate_names(tmp_path):
    write(tmp_path / "page.txt", PAGE.encode())
    write(tmp_path / "index" / "newsearch.json", b'{"schema_version": 9}')
    write(tmp_path / "index" / "files.json", b"{}")
    write(tmp_path / "archive" / "old.txt", PAGE.encode())
    found = iter_document_paths([tmp_path], skip_folder=is_newsearch_index)
    assert names(found, tmp_path) == ["archive/old.txt", "page.txt"]


def test_an_excluded_folder_given_directly_is_reported_in_skipped_not_read(tmp_path):
    index = tmp_path / "index"
    write(index / "newsearch.json", b"{}")
    skipped: list = []
    found = list(iter_document_paths([index, tmp_path], skip_folder=is_newsearch_index, skipped=skipped))
    assert found == []
    assert skipped == [(str(index), f"{index}: excluded folder, skipped")]


# 2. Files nobody read: pages saved without a format suffix, Markdown; the rest named in `skipped`.


def test_a_walk_with_skipped_reads_pages_by_content_and_names_every_file_it_leaves(tmp_path):
    html = (DISCOVERY / "ferry-strike").read_bytes()
    text = (DISCOVERY / "river-notes").read_bytes()
    for name, data in [("index.html?id=3", html), ("story", text), ("article.php", html), ("page.shtml", html),
                       ("feature.xhtml", b'<?xml version="1.0"?>\n' + html), ("report.aspx", html),
                       ("notes.md", b"# Notes\n\nSome words."), ("essay.markdown", b"Essay\n\nText."),
                       ("photo.jpg", PNG), ("style.css", b"body { margin: 0 }"), ("logo", PNG),
                       ("blob", bytes(range(256))), ("deck.pdf", b"%PDF-1.7\n"), ("m.tar.gz", b""),
                       ("sitemap", b'<?xml version="1.0"?>\n<urlset></urlset>')]:
        write(tmp_path / "site" / name, data)
    skipped: list = []
    found = list(iter_document_paths([tmp_path], skipped=skipped))
    assert names(found, tmp_path) == ["site/article.php", "site/essay.markdown", "site/feature.xhtml",
                                      "site/index.html?id=3", "site/notes.md", "site/page.shtml",
                                      "site/report.aspx", "site/story"]
    site = tmp_path / "site"
    assert [reason for _, reason in skipped] == [
        f"{site / 'blob'}: not a document (binary data), skipped",
        f"{site / 'deck.pdf'}: not a document (PDF), skipped",
        f"{site / 'logo'}: not a document (image), skipped",
        f"{site / 'm.tar.gz'}: not a document (archive), skipped",
        f"{site / 'photo.jpg'}: not a document (image), skipped",
        f"{site / 'sitemap'}: not a document (XML data), skipped",
        f"{site / 'style.css'}: not a document (style sheet), skipped",
    ]
    assert [path for path, _ in skipped][0] == str(site / "blob")
    titles = {path.name: [a.title for a in parse_file(path)] for path in found}
    assert titles["story"] == ["Flood barrier test closes the river for a day"]
    for name in ("article.php", "page.shtml", "feature.xhtml", "report.aspx", "index.html?id=3"):
        assert titles[name] == ["Ferry crews walk out over night-shift rota"], name
    assert titles["notes.md"] == ["Notes"]


def test_files_named_directly_are_recognised_the_same_way_when_skipped_is_given(tmp_path):
    photo = write(tmp_path / "photo.JPG", PNG)
    story = write(tmp_path / "story", PAGE.encode())
    skipped: list = []
    assert list(iter_document_paths([photo, story], skipped=skipped)) == [story]
    assert skipped == [(str(photo), f"{photo}: not a document (image), skipped")]


def test_hidden_names_stay_unread_and_unreported(tmp_path):
    write(tmp_path / ".cache" / "story", PAGE.encode())
    write(tmp_path / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(tmp_path / "story", PAGE.encode())
    skipped: list = []
    assert names(iter_document_paths([tmp_path], skipped=skipped), tmp_path) == ["story"]
    assert skipped == []


def test_an_html_page_saved_without_a_suffix_is_parsed_as_html():
    (article,) = parse_file(DISCOVERY / "ferry-strike")
    assert article.title == "Ferry crews walk out over night-shift rota"
    assert article.source == "Harbour Gazette"
    assert article.published == "2024-05-07"
    assert [a.name for a in article.authors] == ["Nadia Kerrow"]
    assert article.body.startswith("Crews on the island ferry stopped work on Tuesday morning")
    assert "<p" not in article.body and "Home News Sport" not in article.body
    assert [(q.speaker, q.text[:24]) for q in article.quotes] == [("Ewan Mallory", "Nobody is against runnin")]


def test_a_saved_url_with_a_query_string_is_parsed_by_the_suffix_before_it(tmp_path):
    page = write(tmp_path / "index.html?id=3", (DISCOVERY / "ferry-strike").read_bytes())
    assert [a.title for a in parse_file(page)] == ["Ferry crews walk out over night-shift rota"]


def test_binary_content_under_an_unknown_name_is_not_a_document(tmp_path):
    with pytest.raises(InputError, match=r"logo: not a document \(image\), skipped"):
        parse_file(write(tmp_path / "logo", PNG))


def test_markdown_heading_is_the_title_and_its_syntax_is_gone():
    (article,) = parse_file(DISCOVERY / "council-budget.md")
    assert article.title == "Council votes to keep the night buses running"
    assert [a.name for a in article.authors] == ["Priya Anand"]
    assert article.published == "2024-03-14"
    assert article.subheads == ("Where the money comes from",)
    assert "The full budget report puts the cost at £1.4m a year." in article.body
    assert "31 to 12" in article.body and "more than 2,000 people use" in article.body
    assert "a false economy" in article.body
    for syntax in ("**", "](", "__", "![", "example.org", "# ", "> "):
        assert syntax not in article.body
    assert [q.speaker for q in article.quotes] == ["Marta Oyelaran"]


def test_markdown_removed_lines_are_numbered_as_lines_of_the_file():
    from newsearch.parsing import removed_lines

    path = DISCOVERY / "council-budget.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    removed = {line.line: line.reason for line in removed_lines(path)}
    assert removed[8] == "repeated-headline" and lines[7] == "# Council votes to keep the night buses running"
    assert removed[2] == "byline"  # the front matter's author line


# 3. UTF-32 byte order marks.


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_a_utf32_page_with_a_bom_decodes_to_its_text(codec):
    data = ("\ufeff" + PAGE).encode(codec)
    assert data[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    assert decode_bytes(data) == PAGE
    (article,) = parse_bytes(data, "page.txt")
    assert article.title == "Bridge closed for repairs"


def test_a_big_endian_utf32_html_page_gets_its_real_title():
    data = ("\ufeff" + (DISCOVERY / "ferry-strike").read_text(encoding="utf-8")).encode("utf-32-be")
    (article,) = parse_bytes(data, "ferry.html")
    assert article.title == "Ferry crews walk out over night-shift rota"
