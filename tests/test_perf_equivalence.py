"""The fast indexing paths give what the straightforward ones give.

- one-pass analysis (schema.AnalyzedText) = Whoosh's analyzer chain, term for term, position for
  position;
- batched commits = one commit: same hits, same order, same stored articles, same clusters;
- a JSON Lines file read in batches (and a stream longer than a batch) = everything indexed once;
- the near-duplicate band table saved beside the index = the table rebuilt from stored articles;
- a run interrupted half-way through a JSON Lines file is finished by the next run.
"""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsearch.engines.whoosh import indexer, schema, searcher, store
from newsearch.engines.whoosh.format import codec
from newsearch.engines.whoosh.schema import fields

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PAGES = Path(__file__).resolve().parent / "pages"
QUERIES = ["junta", "Min Aung Hlaing", '"Um Yet"', "storm OR Moscow", "said", "fishermen losses",
           "title:Moscow", "May", "elections"]

SENTENCES = [
    "Mr. Hlaing said on Monday the talks would resume.",
    "Fishermen count losses after the storm season, the U.S. agency said.",
    "\u201cWe will not leave,\u201d said Ms. Um Yet. \u00c9lections in May?",
    "Prices rose 3.5 pct to 1,234.56 dlrs a tonne in 1987.",
    "It was the third such attack this year! Police gave no details.",
]


def stories(count: int, prefix: str = "s") -> list[dict]:
    """Small JSON Lines records cut from the seed page; every third is a light edit of the one
    before it (a near-duplicate), the others are different stretches of text."""
    words = (SEEDS / "rfa-myanmar-junta-moscow.txt").read_text(encoding="utf-8").split()
    records = []
    for n in range(count):
        start = (n * 70) % (len(words) - 80)
        body = " ".join(SENTENCES[n % len(SENTENCES)].split() + words[start : start + 70])
        if n % 3 == 2:
            body = records[-1]["body"] + " Updated."
        records.append({"id": f"{prefix}{n}", "title": f"Story {n} about {SENTENCES[n % 5].split()[1]}",
                        "body": body, "published": f"2021-0{1 + n % 9}-1{n % 10}", "source": "Wire"})
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict:
    """What searches show: the hits (in date order, and as a set by relevance) with their stored
    articles, clusters and paths.

    Relevance scores are not compared: when Whoosh merges small segments it re-adds field lengths
    from their one-byte encodings, so average lengths (and BM25 scores) shift slightly, and
    pseudo-relevance feedback can turn such a shift into another expansion.
    """
    result = {}
    for text in QUERIES:
        dated = searcher.search(folder, text, limit=50, match_all=False, sort="date")
        ranked = searcher.search(folder, text, limit=50, match_all=False)
        result[text] = (dated.total, [(h.id, h.cluster, h.paths) for h in dated.hits],
                        ranked.total, sorted(h.id for h in ranked.hits))
    ids = sorted({hit[0] for _, hits, _, _ in result.values() for hit in hits})
    result["articles"] = [searcher.get_article(folder, article_id).to_dict() for article_id in ids]
    return result


def assert_same(actual: dict, expected: dict) -> None:
    assert actual["articles"] == expected["articles"]
    for text in QUERIES:
        assert (text, actual[text]) == (text, expected[text])


# ---------------------------------------------------------------- analysis


@pytest.mark.parametrize("fieldname", ["body", "body_exact", "title", "speaker"])
def test_one_pass_analysis_matches_the_analyzer_chain_on_the_seed_page(fieldname):
    field = schema.build_schema()[fieldname]
    text = (SEEDS / "rfa-myanmar-junta-moscow.txt").read_text(encoding="utf-8")
    fast = list(field.index(text))
    assert len(fast) > 100
    assert fast == list(fields.TEXT.index(field, text))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=40)), max_size=6).map(" \n".join))
def test_one_pass_analysis_matches_the_analyzer_chain_on_any_text(text):
    built = schema.build_schema()
    for fieldname in ("body", "body_exact"):
        field = built[fieldname]
        assert list(field.index(text)) == list(fields.TEXT.index(field, text))


def test_stemmed_field_positions_run_on_across_sentences_as_whoosh_numbers_them():
    tokens = schema.stemmed_tokens("The storm hit. Boats sank.")
    exact = schema.exact_tokens("The storm hit. Boats sank.")
    assert exact == [("the", 0), ("storm", 1), ("hit", 2), ("boats", 2 + schema.SENTENCE_GAP), ("sank", 3 + schema.SENTENCE_GAP)]
    assert tokens == [("storm", 1), ("hit", 2), ("boat", 3), ("sank", 4)]


# ---------------------------------------------------------------- commits and batches


def test_batched_commits_give_the_same_index_as_one_commit(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / "rfa-myanmar-junta-moscow.txt", docs)
    shutil.copy(PAGES / "wire-dated.txt", docs)
    write_jsonl(docs / "wire.jsonl", stories(9))
    one = indexer.index_paths([docs], tmp_path / "one", commit_every=10**6)
    many = indexer.index_paths([docs], tmp_path / "many", commit_every=2)
    assert one.articles == many.articles == 13
    expected = snapshot(tmp_path / "one")
    assert expected["junta"][0] > 0 and len({hit[1] for hit in expected["said"][1]}) < expected["said"][0]
    assert expected["said"][2] == expected["said"][0] == 11
    assert_same(snapshot(tmp_path / "many"), expected)


def test_a_jsonl_file_longer_than_a_batch_is_indexed_whole_and_skipped_next_time(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", stories(7))
    first = indexer.index_paths([path], tmp_path / "ix", commit_every=2)
    again = indexer.index_paths([path], tmp_path / "ix", commit_every=2)
    assert (first.articles, again.articles, again.skipped) == (7, 0, 1)
    assert searcher.index_stats(tmp_path / "ix").articles == 7
    state = store.load_state(tmp_path / "ix", _generation(tmp_path / "ix"))
    assert sorted(state[str(path)].ids) == sorted(f"s{n}" for n in range(7))


def test_a_stream_longer_than_a_batch_keeps_every_article(tmp_path):
    stream = StringIO("".join(json.dumps(r) + "\n" for r in stories(5)))
    report = indexer.index_paths([], tmp_path / "ix", stdin=stream, commit_every=2)
    assert report.articles == 5
    assert searcher.index_stats(tmp_path / "ix").articles == 5


def test_a_run_interrupted_inside_a_jsonl_file_is_completed_by_the_next(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "wire.jsonl", stories(7))
    real = indexer._streamed_articles

    def dies_after_five(path, problems):
        for n, article in enumerate(real(path, problems)):
            if n == 5:
                raise KeyboardInterrupt
            yield article

    monkeypatch.setattr(indexer, "_streamed_articles", dies_after_five)
    with pytest.raises(KeyboardInterrupt):
        indexer.index_paths([path], tmp_path / "ix", commit_every=2)
    assert searcher.index_stats(tmp_path / "ix").articles == 4  # two batches committed
    monkeypatch.setattr(indexer, "_streamed_articles", real)
    report = indexer.index_paths([path], tmp_path / "ix", commit_every=2)
    assert (report.files, report.skipped) == (1, 0)  # read again: its signature was never saved
    assert searcher.index_stats(tmp_path / "ix").articles == 7
    assert_same(snapshot(tmp_path / "ix"), _fresh_snapshot(path, tmp_path / "fresh"))


# ---------------------------------------------------------------- near-duplicate band table


@pytest.mark.parametrize("table", ["kept", "deleted", "garbled"])
def test_clusters_are_the_same_whether_the_band_table_is_kept_or_rebuilt(tmp_path, table):
    records = stories(6)
    first = write_jsonl(tmp_path / "a.jsonl", records[:2])
    second = write_jsonl(tmp_path / "b.jsonl", records[2:])  # s2 is a light edit of s1
    folder = tmp_path / "ix"
    indexer.index_paths([first], folder)
    if table == "deleted":
        (folder / store.BANDS_NAME).unlink()
    elif table == "garbled":
        (folder / store.BANDS_NAME).write_bytes(b"not a table")
    indexer.index_paths([second], folder)
    clusters = {a: searcher.get_article(folder, a) for a in ("s1", "s2", "s3")}
    stored = {a: json.loads(_stored_data(folder, a))["cluster"] for a in clusters}
    assert stored["s2"] == stored["s1"] and stored["s3"] != stored["s1"]
    assert _clusters(folder) == _clusters(_fresh_index([first, second], tmp_path / "fresh"))


def test_removed_articles_leave_the_band_table(tmp_path):
    records = stories(3)
    first = write_jsonl(tmp_path / "a.jsonl", records[:2])
    folder = tmp_path / "ix"
    indexer.index_paths([first], folder)
    first.unlink()
    indexer.index_paths([tmp_path], folder)
    from newsearch import dedup

    table = dedup.BandTable.load(folder / store.BANDS_NAME, _generation(folder))
    assert table is not None and [i for i in table.ids if i] == []
    write_jsonl(tmp_path / "b.jsonl", records[2:])  # s2 was a copy of s1, which is gone
    indexer.index_paths([tmp_path], folder)
    assert json.loads(_stored_data(folder, "s2"))["cluster"] == "s2"


# ---------------------------------------------------------------- helpers


def _generation(folder: Path) -> int:
    ix = store.open_for_reading(folder)
    try:
        return ix.latest_generation()
    finally:
        ix.close()


def _stored_data(folder: Path, article_id: str) -> str:
    ix = store.open_for_reading(folder)
    try:
        with ix.searcher() as s:
            return s.document(id=article_id)["data"]
    finally:
        ix.close()


def _clusters(folder: Path) -> dict[str, str]:
    ix = store.open_for_reading(folder)
    try:
        with ix.searcher() as s:
            return {d["id"]: d["cluster"] for d in s.all_stored_fields()}
    finally:
        ix.close()


def _fresh_index(paths, folder: Path) -> Path:
    indexer.index_paths(paths, folder, commit_every=10**6)
    return folder


def _fresh_snapshot(path: Path, folder: Path) -> dict:
    return snapshot(_fresh_index([path], folder))


# ---------------------------------------------------------------- postings writer


class _WhooshWrittenCodec(codec.IndexCodec):
    """The same codec with Whoosh's own posting-at-a-time writer."""

    def field_writer(self, storage, segment):
        return codec.W3FieldWriter(self, storage, segment)


def _postings(folder: Path) -> dict:
    ix = store.open_for_reading(folder)
    try:
        with ix.reader() as reader:
            out = {}
            for fieldname, btext in reader.all_terms():
                info = reader.term_info(fieldname, btext)
                matcher = reader.postings(fieldname, btext)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                out[fieldname, btext] = (info.weight(), info.doc_frequency(), info.max_weight(), info.min_id(),
                                         info.max_id(), info.min_length(), info.max_length(), postings)
            return out
    finally:
        ix.close()


def test_term_at_a_time_writer_writes_what_whoosh_writes(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / "rfa-myanmar-junta-moscow.txt", docs)
    # 150 stories: common words get posting lists longer than one 128-posting block
    write_jsonl(docs / "wire.jsonl", stories(150))
    indexer.index_paths([docs], tmp_path / "fast")
    monkeypatch.setattr(indexer, "IndexCodec", _WhooshWrittenCodec)
    indexer.index_paths([docs], tmp_path / "whoosh")
    fast, slow = _postings(tmp_path / "fast"), _postings(tmp_path / "whoosh")
    assert max(len(v[-1]) for v in slow.values()) > 128
    assert fast == slow


@given(st.text(alphabet="ab\r\n", max_size=30))
def test_lines_split_as_the_whole_file_reader_splits(text):
    assert list(indexer._lines(text)) == text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
