"""`path:` as a user types it: paths are stored absolute, results show them relative to the cwd."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsearch.engines.whoosh import indexer, searcher

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def two_folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("paths")
    page = (ROOT / "seeds" / "rfa-myanmar-junta-moscow.txt").read_text(encoding="utf-8")
    for folder, name in (("desk/asia", "junta-moscow.txt"), ("archive/desk", "prisoners.txt")):
        (base / folder).mkdir(parents=True)
        # One article per file: the Cambodian story only in the second.
        text = page.split("Cambodian Political Prisoners")[0] if name.startswith("junta") else page
        (base / folder / name).write_text(text, encoding="utf-8")
    indexer.index_paths([base / "desk", base / "archive"], base / "ix")
    return base


def matched(base: Path, query: str) -> set[str]:
    return {str(Path(hit.path).relative_to(base)) for hit in searcher.search(base / "ix", query, limit=50).hits}


def test_a_path_relative_to_the_folder_shown_matches_the_stored_absolute_path(two_folders):
    assert matched(two_folders, "path:desk/asia/junta-moscow.txt") == {"desk/asia/junta-moscow.txt"}
    assert matched(two_folders, "path:junta-moscow.txt") == {"desk/asia/junta-moscow.txt"}
    assert matched(two_folders, f"path:{two_folders}/archive/desk/prisoners.txt") == {"archive/desk/prisoners.txt"}


def test_a_relative_path_matches_whole_folder_and_file_names_only(two_folders):
    assert matched(two_folders, "path:sk/asia/junta-moscow.txt") == set()
    assert matched(two_folders, "path:moscow.txt") == set()


def test_path_patterns_keep_their_punctuation_and_match_under_a_folder(two_folders):
    assert matched(two_folders, "path:*junta-moscow*") == {"desk/asia/junta-moscow.txt"}
    assert matched(two_folders, "path:desk/*") == {"archive/desk/prisoners.txt", "desk/asia/junta-moscow.txt"}
    assert matched(two_folders, "path:asia/* junta") == {"desk/asia/junta-moscow.txt"}
