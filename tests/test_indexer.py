"""Incremental indexing: unchanged files skipped, changed re-read, vanished removed, safe rebuilds."""

from __future__ import annotations

import json
import os

import pytest

from newsearch.engines.whoosh import indexer, searcher
from newsearch.errors import NewsearchError


def count(folder, query="said"):
    return searcher.search(folder, query, match_all=False).total


def test_second_run_skips_unchanged_files(corpus, tmp_path):
    first = indexer.index_paths([corpus], tmp_path / "ix")
    again = indexer.index_paths([corpus], tmp_path / "ix")
    assert (first.articles, first.files, first.skipped) == (4, 2, 0)
    assert (again.articles, again.files, again.skipped) == (0, 0, 2)


def test_changed_file_is_reindexed_and_its_old_articles_dropped(corpus, tmp_path):
    indexer.index_paths([corpus], tmp_path / "ix")
    page = corpus / "wire-dated.txt"
    page.write_text(page.read_text().replace("Fishermen count losses", "Fishermen count heavy losses"))
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    report = indexer.index_paths([corpus], tmp_path / "ix")
    assert (report.files, report.skipped) == (1, 1)
    assert [h.title for h in searcher.search(tmp_path / "ix", "title:Fishermen").hits] == [
        "Fishermen count heavy losses after storm season"
    ]
    assert searcher.index_stats(tmp_path / "ix").articles == 4


def test_changed_records_that_keep_their_ids_are_replaced_not_kept(tmp_path):
    # JSON records bring their own ids, so one id can name new text (a corrected story).
    feed = tmp_path / "docs" / "feed.jsonl"
    feed.parent.mkdir()

    def write(version: str, count: int) -> None:
        feed.write_text("".join(json.dumps({"id": f"s{i}", "title": f"{version} title {i}",
                                            "body": f"{version} body number {i} about the harbour."}) + "\n"
                                for i in range(count)), encoding="utf-8")

    write("Old", 30)
    indexer.index_paths([feed.parent], tmp_path / "ix", commit_every=10)
    write("New", 5)
    indexer.index_paths([feed.parent], tmp_path / "ix", commit_every=10)
    assert searcher.get_article(tmp_path / "ix", "s1").title == "New title 1"
    assert searcher.search(tmp_path / "ix", "old").total == 0
    assert searcher.search(tmp_path / "ix", "new", limit=50).total == 5
    assert searcher.search(tmp_path / "ix", "harbour", limit=50).total == 5


def test_vanished_file_is_removed_from_the_index(corpus, tmp_path):
    indexer.index_paths([corpus], tmp_path / "ix")
    (corpus / "wire-dated.txt").unlink()
    report = indexer.index_paths([corpus], tmp_path / "ix")
    assert report.removed == 1
    assert searcher.search(tmp_path / "ix", "Fishermen").total == 0
    assert searcher.index_stats(tmp_path / "ix").articles == 2


def test_same_article_in_two_files_is_indexed_once_and_survives_one_copy_going(corpus, tmp_path):
    (corpus / "copy.txt").write_bytes((corpus / "wire-dated.txt").read_bytes())
    indexer.index_paths([corpus], tmp_path / "ix")
    assert searcher.search(tmp_path / "ix", "Fishermen").total == 1
    (corpus / "copy.txt").unlink()
    indexer.index_paths([corpus], tmp_path / "ix")
    assert searcher.search(tmp_path / "ix", "Fishermen").total == 1


def test_rebuild_starts_over(corpus, tmp_path):
    indexer.index_paths([corpus], tmp_path / "ix")
    report = indexer.index_paths([corpus], tmp_path / "ix", rebuild=True)
    assert (report.articles, report.skipped) == (4, 0)


def test_refuses_to_write_into_a_folder_that_is_not_an_index(tmp_path, corpus):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    for rebuild in (False, True):
        with pytest.raises(NewsearchError, match="not"):
            indexer.index_paths([corpus], precious, rebuild=rebuild)
    assert (precious / "thesis.docx").read_text() == "years of work"


def test_missing_path_is_reported_and_the_rest_indexed(corpus, tmp_path):
    report = indexer.index_paths([corpus, tmp_path / "gone"], tmp_path / "ix")
    assert report.articles == 4
    assert [path for path, _ in report.failed] == [str(tmp_path / "gone")]


def test_ids_are_stable_across_rebuilds(corpus, tmp_path):
    indexer.index_paths([corpus], tmp_path / "a")
    indexer.index_paths([corpus], tmp_path / "b")
    ids = [sorted(h.id for h in searcher.search(f, "said", match_all=False).hits) for f in (tmp_path / "a", tmp_path / "b")]
    assert ids[0] == ids[1] and len(ids[0]) == 4
