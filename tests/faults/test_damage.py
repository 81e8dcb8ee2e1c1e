"""A damaged index folder gives one clear line naming `--rebuild` and exit 2; `--rebuild` recovers."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import assert_one_line_error, run, stored_ids


def _largest_segment(folder):
    return max(folder.glob("*.seg"), key=lambda p: p.stat().st_size)


def _truncate_segment(folder):
    seg = _largest_segment(folder)
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])


def _delete_segment(folder):
    _largest_segment(folder).unlink()


def _delete_toc(folder):
    for toc in folder.glob("_MAIN_*.toc"):
        toc.unlink()


def _garble_marker(folder):
    (folder / "newsearch.json").write_bytes(b"\x00garbage{")


def _old_schema(folder):
    marker = json.loads((folder / "newsearch.json").read_text())
    marker["schema_version"] -= 1
    (folder / "newsearch.json").write_text(json.dumps(marker))


DAMAGE = [
    pytest.param(_truncate_segment, "index is damaged", id="segment-truncated"),
    pytest.param(_delete_segment, "index is damaged", id="segment-deleted"),
    pytest.param(_delete_toc, "index files are missing", id="toc-deleted"),
    pytest.param(_garble_marker, "unreadable index marker", id="marker-garbage"),
    pytest.param(_old_schema, "index written by another newsearch version", id="older-schema-version"),
]


@pytest.fixture
def index_copy(tmp_path, built_index):
    folder = tmp_path / "index"
    shutil.copytree(built_index, folder)
    return folder


@pytest.mark.parametrize("damage, message", DAMAGE)
def test_query_on_a_damaged_index_exits_2_naming_rebuild(index_copy, damage, message):
    damage(index_copy)
    ran = run("query", "story", "--index", index_copy, "--format", "jsonl")
    assert_one_line_error(ran, 2, message, "newsearch index --rebuild")
    assert ran.out == b""


@pytest.mark.parametrize("damage, message", DAMAGE)
def test_stats_on_a_damaged_index_exits_2_naming_rebuild(index_copy, damage, message):
    damage(index_copy)
    assert_one_line_error(run("stats", "--index", index_copy, "--format", "jsonl"), 2, message, "newsearch index --rebuild")


@pytest.mark.parametrize("damage", [_truncate_segment, _delete_segment, _delete_toc, _garble_marker, _old_schema],
                         ids=["segment-truncated", "segment-deleted", "toc-deleted", "marker-garbage", "older-schema"])
def test_rebuild_recovers_a_damaged_index(index_copy, pages, damage):
    damage(index_copy)
    ran = run("index", pages, "--index", index_copy, "--rebuild")
    assert ran.code == 0, ran.err
    assert len(stored_ids(index_copy)) == 60
    assert run("query", "story", "--index", index_copy, "--format", "jsonl").code == 0


@pytest.mark.parametrize("garble", ["delete", '{"generation": 1, "files": [1, 2', '{"generation": 99999, "files": {}}'],
                         ids=["deleted", "garbled", "other-generation"])
def test_lost_or_garbled_file_state_is_rebuilt_from_the_index(index_copy, pages, garble):
    state = index_copy / "files.json"
    if garble == "delete":
        state.unlink()
    else:
        state.write_text(garble)
    ran = run("index", pages, "--index", index_copy)
    assert ran.code == 0, ran.err
    ids = stored_ids(index_copy)
    assert len(ids) == len(set(ids)) == 60
    assert json.loads(state.read_text())["files"]  # written again, whole


def test_missing_index_exits_2_telling_to_index_first(tmp_path):
    assert_one_line_error(run("query", "story", "--index", tmp_path / "nothing"), 2, "no index at", "run `newsearch index` first")
