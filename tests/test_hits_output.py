"""What a hit shows: a few best snippets, paths that work from where the user stands, TSV columns,
and Rich snippets whose every wrapped line keeps the gutter."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from newsearch.engines.whoosh import highlight, indexer, searcher
from newsearch import render
from newsearch.models import Article, Author, Hit, SearchResult, Snippet

CAP = 3  # highlight.MAX_SNIPPETS


def index_records(tmp_path: Path, records: list[dict]) -> Path:
    source = tmp_path / "export.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    folder = tmp_path / "ix"
    indexer.index_paths([source], folder)
    return folder


def test_ten_matching_captions_do_not_crowd_out_the_matching_body_passage(tmp_path):
    captions = [f"The MacBook Air on a desk, photo {n}" for n in range(10)]
    body = "Apple sells laptops. The new MacBook is thinner than last year's model. Prices start high."
    folder = index_records(tmp_path, [{"id": "mac", "title": "Laptop review", "body": body, "subheads": captions}])
    snippets = searcher.search(folder, "MacBook").hits[0].snippets
    assert 1 <= len(snippets) <= CAP == highlight.MAX_SNIPPETS
    assert snippets[0].field == "body"
    assert snippets[0].text == "The new MacBook is thinner than last year's model."
    assert [snippets[0].text[a:b] for a, b in snippets[0].highlights] == ["MacBook"]
    assert [s.field for s in snippets[1:]] == ["subhead", "subhead"]


def test_a_hit_with_hundreds_of_matching_paragraphs_and_captions_gives_at_most_the_cap(tmp_path):
    body = "\n\n".join(f"Paragraph {n} mentions the harbour again." for n in range(400))
    captions = [f"The harbour at dawn, picture {n}" for n in range(300)]
    quotes = [{"text": f"The harbour is busy {n}", "speaker": "Ann Lee"} for n in range(50)]
    folder = index_records(tmp_path, [{"id": "big", "title": "Port news", "body": body, "subheads": captions,
                                       "quotes": quotes}])
    snippets = searcher.search(folder, "harbour").hits[0].snippets
    assert len(snippets) == CAP
    assert snippets[0].field == "body" and snippets[0].text == "Paragraph 0 mentions the harbour again."


def test_the_body_comes_before_a_title_that_matched_fewer_words_and_after_one_that_matched_more(tmp_path):
    body = "Ministers met on Monday. The budget vote was delayed again."
    folder = index_records(tmp_path, [{"id": "b", "title": "Budget talks", "body": body},
                                      {"id": "c", "title": "Budget vote delayed", "body": body.replace("vote ", "")}])
    by_id = {hit.id: hit.snippets for hit in searcher.search(folder, "budget vote delayed", match_all=False).hits}
    assert [(s.field, s.text) for s in by_id["b"]] == [("body", "The budget vote was delayed again."), ("title", "Budget talks")]
    assert [(s.field, s.text) for s in by_id["c"]] == [("title", "Budget vote delayed"), ("body", "The budget was delayed again.")]


def test_when_nothing_in_the_body_matched_its_first_sentence_is_kept_unhighlighted(tmp_path):
    captions = [f"Storm clouds, picture {n}" for n in range(8)]
    folder = index_records(tmp_path, [{"id": "s", "title": "Weather", "body": "Rain fell all day. Roads closed.",
                                       "subheads": captions}])
    snippets = searcher.search(folder, "subhead:storm").hits[0].snippets
    assert len(snippets) <= CAP
    assert ("body", "Rain fell all day.", ()) in [(s.field, s.text, s.highlights) for s in snippets]


# ---------------------------------------------------------------- paths from the user's folder


def hit_at(path: str, *paths: str, rank: int = 1, **fields) -> Hit:
    values = dict(source=None, authors=(), published=None, snippets=(Snippet("body", "Text."),)) | fields
    return Hit(rank, 1.0, f"{rank:016x}", path, 0, "Title", values["source"], values["authors"], values["published"],
               values["snippets"], paths=tuple(paths) or (path,))


def printed_paths(result: SearchResult) -> dict[str, list[str]]:
    """Every path each format prints for `result`, decoded from its output."""
    shown = {}
    for fmt in ("jsonl", "tsv", "paths", "rich"):
        out = io.StringIO()
        render.hits(result, fmt, out)
        lines = out.getvalue().splitlines()
        if fmt == "jsonl":
            shown[fmt] = [p for line in lines for record in [json.loads(line)] for p in [record["path"], *record["paths"]]]
        elif fmt == "tsv":
            shown[fmt] = [line.split("\t")[3] for line in lines]
        elif fmt == "paths":
            shown[fmt] = lines
        else:
            shown[fmt] = [line.split()[0] for line in lines if " #0  id " in line]
    return shown


def test_paths_indexed_from_one_folder_open_from_another(tmp_path, monkeypatch):
    a, b = tmp_path / "A", tmp_path / "B"
    for file in (a / "docs" / "one.txt", b / "local" / "two.txt"):
        file.parent.mkdir(parents=True)
        file.write_text("x")
    one, two = str(a / "docs" / "one.txt"), str(b / "local" / "two.txt")
    old = "local/two.txt"  # an index from before paths were stored absolute: shown as stored
    result = SearchResult("q", 3, (hit_at(one, one, two), hit_at(two, rank=2), hit_at(old, rank=3)))
    monkeypatch.chdir(b)
    monkeypatch.setenv("COLUMNS", "400")  # Rich: each path on one line
    shown = printed_paths(result)
    assert shown == {"jsonl": [one, one, "local/two.txt", "local/two.txt", "local/two.txt", old, old],
                     "tsv": [one, "local/two.txt", old], "paths": [one, "local/two.txt"],
                     "rich": [one, "local/two.txt", old]}
    assert all(os.path.exists(os.path.join(b, path)) for paths in shown.values() for path in paths)


def test_display_path_is_relative_only_under_the_folder():
    assert render.display_path("/home/u/news/a.txt", "/home/u") == "news/a.txt"
    assert render.display_path("/home/u/news/a.txt", "/home/u/") == "news/a.txt"
    assert render.display_path("/home/u/../u/news/a.txt", "/home/u") == "news/a.txt"
    assert render.display_path("/home/user2/a.txt", "/home/u") == "/home/user2/a.txt"
    assert render.display_path("/srv/a.txt", "/home/u") == "/srv/a.txt"
    assert render.display_path("/srv/a.txt", "/") == "srv/a.txt"
    assert render.display_path("docs/a.txt", "/home/u") == "docs/a.txt"
    assert render.display_path("/srv/a.txt", None) == "/srv/a.txt"


def test_shown_and_parsed_articles_give_their_path_from_the_current_folder(tmp_path, monkeypatch):
    article = Article("0123456789abcdef", str(tmp_path / "news" / "a.txt"), 0, "Title", body="Body.")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    render.articles([article], "jsonl", out)
    assert json.loads(out.getvalue())["path"] == "news/a.txt"
    out = io.StringIO()
    render.articles([article], "rich", out)
    assert "news/a.txt #0  id 0123456789abcdef" in out.getvalue() and str(tmp_path) not in out.getvalue()


# ---------------------------------------------------------------- TSV columns


def test_tsv_appends_published_and_source_after_the_title():
    dated = hit_at("/srv/a.txt", published="2021-06-23", source="Radio\tFree\nAsia")
    undated = hit_at("/srv/b.txt", rank=2)
    out = io.StringIO()
    render.hits(SearchResult("q", 2, (dated, undated)), "tsv", out)
    assert [line.split("\t") for line in out.getvalue().splitlines()] == [
        ["1", "1.0000", "0000000000000001", "/srv/a.txt", "Title", "2021-06-23", "Radio Free Asia"],
        ["2", "1.0000", "0000000000000002", "/srv/b.txt", "Title", "", ""],
    ]
    out = io.StringIO()
    render.hits(SearchResult("q", 1, (dated,)), "tsv", out, qid="q7")
    assert out.getvalue().split("\t")[0] == "q7" and out.getvalue().rstrip("\n").split("\t")[6:] == ["2021-06-23", "Radio Free Asia"]


# ---------------------------------------------------------------- Rich gutter


def test_every_wrapped_line_of_a_rich_snippet_keeps_the_gutter(monkeypatch):
    text = " ".join(["The junta chief flew to Moscow for talks on arms and recognition."] * 4)
    start = text.index("Moscow")
    snippet = Snippet("quote", text, ((start, start + 6),), "Than Soe Naing")
    body = Snippet("body", "Short body sentence.")
    monkeypatch.setenv("COLUMNS", "60")
    out = io.StringIO()
    render.hits(SearchResult("q", 1, (hit_at("/srv/a.txt", snippets=(snippet, body)),)), "rich", out)
    lines = out.getvalue().splitlines()
    block = lines[lines.index(next(line for line in lines if " #0  id " in line)) + 1 : lines.index("")]
    assert len(block) > 5 and all(len(line) <= 60 for line in block)
    assert all(line.startswith("    │ ") for line in block), block
    assert " ".join(line[6:] for line in block) == f"{text}  — Than Soe Naing Short body sentence."


# ---------------------------------------------------------------- collapsed clusters


def test_a_collapsed_hit_lists_every_file_of_every_copy_and_counts_the_other_copies(tmp_path):
    body = " ".join(f"Item {n}: harbour trade grew strongly in the quarter, officials said." for n in range(30))
    records = [{"id": "a1", "title": "Harbour trade", "body": body, "published": "2021-01-01"},
               {"id": "a2", "title": "Harbour trade grows", "body": body + " More.", "published": "2022-01-01"}]
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    second.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
    indexer.index_paths([first, second], tmp_path / "ix")
    [hit] = searcher.search(tmp_path / "ix", "harbour", collapse=True).hits
    assert (hit.id, hit.duplicates) == ("a1", 1)
    assert sorted(hit.paths) == sorted({str(first), str(second)})
    [later] = searcher.search(tmp_path / "ix", "harbour", collapse=True, since="2022").hits
    assert (later.id, later.duplicates, later.paths) == ("a2", 0, (str(first),))
