"""Merging segments by copying posting blocks (codec.IndexWriter.add_reader, newsearch.engines.whoosh.format.blocks)
writes what Whoosh's own merge writes: the same postings, term statistics, stored articles,
field lengths and sort columns; and a merged index answers queries as the unmerged one does."""

from __future__ import annotations

import shutil
import struct

import pytest
from whoosh.writing import SegmentWriter

from newsearch.engines.whoosh import indexer, searcher, store
from newsearch.engines.whoosh.format.codec import IndexWriter
from test_perf_equivalence import SEEDS, _postings, stories, write_jsonl

SORT_COLUMNS = ("published", "id", "cluster", "year", "month")


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """The seed page and 420 short stories in eight segments, 40 of them deleted (a file
    re-indexed with new text): posting lists inlined, one block long, and several blocks long."""
    docs = tmp_path_factory.mktemp("merge-docs")
    folder = tmp_path_factory.mktemp("merge-index") / "ix"
    shutil.copy(SEEDS / "rfa-myanmar-junta-moscow.txt", docs)
    write_jsonl(docs / "a.jsonl", stories(300, prefix="a"))
    write_jsonl(docs / "b.jsonl", stories(120, prefix="b"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer, "COMMIT_EVERY", 60)  # batches of 60 are full ones: not merged
        indexer.index_paths([docs], folder, commit_every=60)
        write_jsonl(docs / "b.jsonl", stories(80, prefix="b")[::-1])  # b80..b119 gone, the rest rewritten
        indexer.index_paths([docs], folder, commit_every=60)
    return docs, folder


def _merged(source, target, writer_class):
    shutil.copytree(source, target)
    ix = store.open_for_reading(target)
    writer_class(ix).commit(optimize=True)
    return target


def _contents(folder):
    """Every posting and term statistic (not the length bounds, which IndexCodec does not keep),
    stored article, field length and sort column value of an index."""
    postings = {term: entry[:5] + entry[7:] for term, entry in _postings(folder).items()}
    ix = store.open_for_reading(folder)
    with ix.reader() as reader:
        names = reader.schema.names()
        documents = [(dict(stored), [reader.doc_field_length(n, name) for name in names])
                     for n, stored in reader.iter_docs()]
        totals = {name: reader.field_length(name) for name in names}
        columns = {name: list(reader.column_reader(name)) for name in SORT_COLUMNS}
    return postings, documents, totals, columns


def test_block_copying_merge_writes_what_whooshs_merge_writes(segmented, tmp_path):
    _, segmented = segmented
    assert len(store.open_for_reading(segmented)._segments()) >= 8
    ours = _contents(_merged(segmented, tmp_path / "ours", IndexWriter))
    whooshs = _contents(_merged(segmented, tmp_path / "whoosh", SegmentWriter))
    assert len(store.open_for_reading(tmp_path / "ours")._segments()) == 1
    postings, documents, totals, columns = ours
    assert postings == whooshs[0]
    assert documents == whooshs[1]
    assert totals == whooshs[2]
    assert columns == whooshs[3]
    longest = max(len(entry[-1]) for entry in postings.values())
    assert longest > 256  # lists of several blocks were copied, not only inlined ones
    assert len(documents) == 2 + 300 + 80  # the seed page holds two; the 40 deleted articles are gone


def test_a_merged_index_answers_as_the_segmented_one(segmented, tmp_path):
    _, segmented = segmented
    merged = _merged(segmented, tmp_path / "merged", IndexWriter)
    for text in ["junta", "Min Aung Hlaing", '"Um Yet"', "storm OR Moscow", "fishermen losses", "said -May"]:
        # Every match, not a top 20: the merge drops deleted articles from the collection
        # statistics, so scores shift a little and near-ties at a cut-off may swap.
        before = searcher.search(segmented, text, limit=1000, snippets=False)
        after = searcher.search(merged, text, limit=1000, snippets=False)
        assert after.total == before.total > 0, text
        assert sorted(h.id for h in after.hits) == sorted(h.id for h in before.hits), text


def test_small_incremental_runs_are_folded_into_the_next_batch(tmp_path):
    docs, folder = tmp_path / "docs", tmp_path / "ix"
    docs.mkdir()
    for run in range(3):
        write_jsonl(docs / f"run{run}.jsonl", stories(5, prefix=f"r{run}-"))
        indexer.index_paths([docs], folder)
    assert len(store.open_for_reading(folder)._segments()) == 1
    assert searcher.search(folder, "Story", limit=20).total == 15


def test_optimize_folds_the_index_into_one_segment_and_keeps_incremental_state(segmented, tmp_path):
    docs, original = segmented
    folder = tmp_path / "ix"
    shutil.copytree(original, folder)
    before = searcher.search(folder, "junta OR Moscow", limit=1000, snippets=False)  # all: near-ties may swap
    report = indexer.index_paths([docs], folder, optimize=True)
    assert report.articles == 0 and report.skipped == 3
    assert len(store.open_for_reading(folder)._segments()) == 1
    after = searcher.search(folder, "junta OR Moscow", limit=1000, snippets=False)
    assert after.total == before.total > 0
    assert {h.id for h in after.hits} == {h.id for h in before.hits}
    # The state was saved with the merged commit: the next run trusts it and skips every file.
    assert indexer.index_paths([docs], folder).skipped == 3


def test_index_optimize_option_on_the_command_line(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "COMMIT_EVERY", 10)  # runs of 30 articles stay separate segments
    docs, folder = tmp_path / "docs", tmp_path / "ix"
    docs.mkdir()
    for run in range(2):
        write_jsonl(docs / f"run{run}.jsonl", stories(30, prefix=f"r{run}-"))
        assert cli("index", docs, "--index", folder).exit_code == 0
    assert len(store.open_for_reading(folder)._segments()) == 2
    result = cli("index", docs, "--index", folder, "--optimize")
    assert result.exit_code == 0, result.output
    assert "merging 2 segments into one" in result.stderr and result.stdout == ""
    assert len(store.open_for_reading(folder)._segments()) == 1
    assert len(cli.jsonl("query", "Story", "--index", str(folder), "--limit", "100", "--format", "jsonl")) == 60


def test_optimize_drops_deleted_articles_from_a_single_segment(tmp_path):
    docs, folder = tmp_path / "docs", tmp_path / "ix"
    docs.mkdir()
    write_jsonl(docs / "a.jsonl", stories(20, prefix="a"))
    write_jsonl(docs / "b.jsonl", stories(10, prefix="b"))
    indexer.index_paths([docs], folder, optimize=True)
    (docs / "b.jsonl").unlink()  # its ten articles are deleted, and stay in the segment
    indexer.index_paths([docs], folder)
    segments = store.open_for_reading(folder)._segments()
    assert len(segments) == 1 and segments[0].has_deletions()
    indexer.index_paths([docs], folder, optimize=True)
    segments = store.open_for_reading(folder)._segments()
    assert len(segments) == 1 and not segments[0].has_deletions()
    assert segments[0].doc_count_all() == 20
    assert searcher.search(folder, "Story", limit=50).total == 20


def test_a_term_entry_pointing_where_no_posting_list_starts_reads_as_index_damage(tmp_path):
    from newsearch.engines.whoosh.format.blocks import stored_blocks
    from newsearch.engines.whoosh.format.mapped import MappedStorage
    from newsearch.engines.whoosh.store import DAMAGE_ERRORS

    (tmp_path / "posts").write_bytes(b"\0" * 64)
    postfile = MappedStorage(str(tmp_path)).open_file("posts")
    with pytest.raises(DAMAGE_ERRORS, match="no posting list at 8"):
        list(stored_blocks(postfile, struct.pack("!qi", 8, 32)))


def test_a_posting_block_whose_deflated_data_is_garbled_reads_as_index_damage(tmp_path):
    import pickle

    from newsearch.engines.whoosh.format.blocks import WHOOSH3_HEADER_MAGIC, list_postings
    from newsearch.engines.whoosh.format.mapped import MappedStorage
    from newsearch.engines.whoosh.store import DAMAGE_ERRORS

    info = pickle.dumps((1, 5, 1.0, 1, 0, 0), 4)  # one posting, compressed (level 1)
    data = b"x\x01" + b"\xff" * 30
    extent = WHOOSH3_HEADER_MAGIC + struct.pack("!i", -(len(info) + len(data))) + info + data
    (tmp_path / "posts").write_bytes(extent)
    postfile = MappedStorage(str(tmp_path)).open_file("posts")
    head = (0, 1.0, 1, 0, 0, 1.0, 5, 5)  # not inlined: the list is in the postings file
    with pytest.raises(DAMAGE_ERRORS):
        list_postings(postfile, head, struct.pack("!qi", 0, len(extent)), None)
