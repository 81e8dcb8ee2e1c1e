"""The fast indexing paths give what the straightforward ones give, and the worker is safe.

- the parsing/analysis worker (prepare.WorkerSource) and the in-process reader build the same
  index: same postings, stored articles, clusters, failures reported, hits in the same order;
- codec.IndexWriter (analysed postings, in-memory term pool, inlined short lists, CRC32 term
  table) and Whoosh's own SegmentWriter and W3 codec give the same postings and the same hits;
- small runs start no worker; a worker that dies stops the run with an error (the last commit
  stays); a SIGKILLed writer leaves no worker behind and no lock held.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsearch.engines.whoosh.format import codec
from newsearch.engines.whoosh import indexer, prepare, searcher, store
from newsearch import linereader
from newsearch.errors import InputError, NewsearchError
from newsearch.models import Article
from test_perf_equivalence import SEEDS, PAGES, _postings, snapshot, stories, write_jsonl

ROOT = Path(__file__).resolve().parent.parent


def _use_worker(monkeypatch, worker: bool) -> None:
    monkeypatch.setattr(prepare, "WORKER_MIN_BYTES", 0 if worker else 10**15)


def _docs(tmp_path: Path) -> Path:
    """Whole-document files (the seed page, a dated page), a JSON Lines file longer than a batch
    with a broken line and a near-duplicate, a binary `.jsonl`, and a duplicate article."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / "rfa-myanmar-junta-moscow.txt", docs)
    shutil.copy(PAGES / "wire-dated.txt", docs)
    records = stories(9)
    lines = [json.dumps(r) for r in records]
    lines.insert(4, '{"id": "broken", "title": ')
    (docs / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_jsonl(docs / "again.jsonl", records[:2])  # s0 and s1 once more: indexed once
    (docs / "binary.jsonl").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    return docs


def _stored(folder: Path) -> list[dict]:
    ix = store.open_for_reading(folder)
    try:
        with ix.searcher() as s:
            return sorted((dict(d) for d in s.all_stored_fields()), key=lambda d: d["id"])
    finally:
        ix.close()


def _index_with(monkeypatch, worker: bool, paths, folder: Path, **kwargs):
    _use_worker(monkeypatch, worker)
    opened = []
    real = prepare.open_source

    def spy(*args, **kw):
        source = real(*args, **kw)
        opened.append(type(source).__name__)
        return source

    monkeypatch.setattr(prepare, "open_source", spy)
    report = indexer.index_paths(paths, folder, **kwargs)
    monkeypatch.setattr(prepare, "open_source", real)
    assert opened == ["WorkerSource" if worker else "InProcessSource"]
    return report


def test_worker_and_in_process_reading_build_the_same_index(tmp_path, monkeypatch):
    docs = _docs(tmp_path)
    alone = _index_with(monkeypatch, False, [docs], tmp_path / "alone", commit_every=4)
    helped = _index_with(monkeypatch, True, [docs], tmp_path / "helped", commit_every=4)
    assert alone.articles == helped.articles == 13
    assert sorted(alone.failed) == sorted(helped.failed)
    reasons = " ".join(reason for _, reason in helped.failed)
    assert "binary file" in reasons and "wire.jsonl:5: invalid JSON" in reasons
    assert _postings(tmp_path / "helped") == _postings(tmp_path / "alone")
    assert _stored(tmp_path / "helped") == _stored(tmp_path / "alone")
    expected = snapshot(tmp_path / "alone")
    assert expected["said"][0] == 11
    assert snapshot(tmp_path / "helped") == expected
    for query in ("junta", "Min Aung Hlaing", "storm OR Moscow"):
        ranked = [searcher.search(tmp_path / name, query, limit=20) for name in ("alone", "helped")]
        assert [(h.id, h.score) for h in ranked[0].hits] == [(h.id, h.score) for h in ranked[1].hits]


def test_a_worker_run_interrupted_inside_a_file_is_completed_by_the_next(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "wire.jsonl", stories(7))
    real = indexer._streamed_articles

    def stops_after_five(path, problems):  # runs in the worker: the error travels to the writer
        for n, article in enumerate(real(path, problems)):
            if n == 5:
                raise ValueError("cut short")
            yield article

    monkeypatch.setattr(indexer, "_streamed_articles", stops_after_five)
    report = _index_with(monkeypatch, True, [path], tmp_path / "ix", commit_every=2)
    assert report.articles == 5 and "cannot be parsed (ValueError)" in report.failed[0][1]
    monkeypatch.setattr(indexer, "_streamed_articles", real)
    again = _index_with(monkeypatch, True, [path], tmp_path / "ix", commit_every=2)
    assert (again.files, again.skipped) == (1, 0)  # read again: its signature was never saved
    assert searcher.index_stats(tmp_path / "ix").articles == 7


def test_small_runs_read_in_process(tmp_path):
    jobs = [(path, False, path.stat().st_size) for path in SEEDS.iterdir()]
    source = prepare.open_source(jobs, indexer._streamed_articles, indexer._read)
    assert isinstance(source, prepare.InProcessSource) and not isinstance(source, prepare.WorkerSource)


def test_a_worker_that_dies_stops_the_run_and_the_last_commit_stays(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "wire.jsonl", stories(7))
    real = indexer._streamed_articles

    def dies_after_five(path, problems):
        for n, article in enumerate(real(path, problems)):
            if n == 5:
                os._exit(3)  # in the worker process
            yield article

    monkeypatch.setattr(indexer, "_streamed_articles", dies_after_five)
    _use_worker(monkeypatch, True)
    monkeypatch.setattr(prepare, "CHUNK", 1)
    with pytest.raises(NewsearchError, match="stopped unexpectedly.*exit code 3"):
        indexer.index_paths([path], tmp_path / "ix", commit_every=2)
    assert searcher.index_stats(tmp_path / "ix").articles == 4  # two batches committed
    monkeypatch.setattr(indexer, "_streamed_articles", real)
    indexer.index_paths([path], tmp_path / "ix", commit_every=2)
    assert searcher.index_stats(tmp_path / "ix").articles == 7


_STUCK_WRITER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from newsearch.engines.whoosh import indexer, prepare
    prepare.WORKER_MIN_BYTES = 0
    real = indexer._streamed_articles

    def stuck(path, problems):  # in the worker: one article, then it hangs
        for article in real(path, problems):
            yield article
            time.sleep(3600)

    indexer._streamed_articles = stuck
    indexer.index_paths([{path!r}], {folder!r})
""")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def _wait_for(condition, limit: float = 20.0) -> bool:
    """Poll until `condition()` holds (a generous limit: this is not a timing assertion)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_sigkilled_writer_leaves_no_worker_and_no_lock(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", stories(5))
    folder = tmp_path / "ix"
    script = _STUCK_WRITER.format(root=str(ROOT), path=str(path), folder=str(folder))
    writer = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: _children(writer.pid) or writer.poll() is not None)
        workers = _children(writer.pid)
        assert workers, writer.stderr.read().decode() if writer.poll() is not None else "no worker"
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert _wait_for(lambda: all(_gone(pid) for pid in workers))
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    with store.write_lock(folder):  # would raise IndexLockedError if a copy of the lock lived on
        pass


# ---------------------------------------------------------------- the writer against Whoosh's


WORDS = ["junta", "Hlaing", "storm", "May", "élections", "the", "said", "boats", "Moscow", "losses", "U.S.",
         "3.5", "fishermen", "arms", "talks", "resume"]


def _articles(draws) -> list[Article]:
    articles = []
    for n, (title, sentences, source) in enumerate(draws):
        body = "\n".join(" ".join(words) + "." for words in sentences)
        articles.append(Article(id=f"a{n:03d}", path=f"p{n}.txt", ordinal=0, title=" ".join(title), body=body,
                                source=source, published=f"2021-0{1 + n % 9}-1{n % 10}"))
    return articles


def _write(folder: Path, articles: list[Article], fast: bool) -> None:
    ix = store.prepare_for_writing(folder, rebuild=True)
    try:
        writer = codec.IndexWriter(ix, codec=codec.IndexCodec()) if fast else ix.writer()
        for article in articles:
            doc = indexer.to_document(article, [article.path], article.id)
            if fast:
                doc["_analysed"] = prepare.prepare(article).analysed
            writer.add_document(**doc)
        writer.commit()
    finally:
        ix.close()


def _postings_without_length_bounds(folder: Path) -> dict:
    # Whoosh's own writer also records per-term length bounds, which IndexCodec leaves out
    return {key: value[:5] + value[7:] for key, value in _postings(folder).items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
                          st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=4),
                          st.sampled_from(["Wire", "Radio Free Asia", None])),
                min_size=1, max_size=40))
def test_the_fast_writer_writes_what_whooshs_writer_writes(tmp_path_factory, draws):
    base = tmp_path_factory.mktemp("writers")
    articles = _articles(draws)
    _write(base / "fast", articles, fast=True)
    _write(base / "whoosh", articles, fast=False)
    assert _postings_without_length_bounds(base / "fast") == _postings_without_length_bounds(base / "whoosh")
    assert _stored(base / "fast") == _stored(base / "whoosh")
    for query in ("junta", "Hlaing storm", '"the storm"', "source:wire", "élections OR arms"):
        hits = [searcher.search(base / name, query, limit=50, match_all=False) for name in ("fast", "whoosh")]
        assert [(h.id, h.score) for h in hits[0].hits] == [(h.id, h.score) for h in hits[1].hits]


def test_long_posting_lists_are_written_in_blocks_and_short_ones_inlined(tmp_path):
    articles = _articles([(["storm"], [["storm", "word%d" % n]], "Wire") for n in range(codec.INLINE_LIMIT + 150)])
    _write(tmp_path / "ix", articles, fast=True)
    ix = store.open_for_reading(tmp_path / "ix")
    try:
        with ix.reader() as reader:
            assert not reader.term_info("body", "storm").is_inlined()  # 166 postings: two blocks
            assert reader.term_info("body", "word7").is_inlined()
            assert reader.doc_frequency("body", "storm") == len(articles)
    finally:
        ix.close()
    assert searcher.search(tmp_path / "ix", "storm", limit=500).total == len(articles)


# ---------------------------------------------------------------- JSON Lines read a line at a time


def _whole_file_lines(path: Path):
    from newsearch.parsing import decode_bytes
    from newsearch.parsing.reading import read_bytes

    text = decode_bytes(read_bytes(path))
    return None if text is None else list(linereader.split_lines(text))


def _streamed_lines(path: Path):
    try:
        return list(linereader.file_lines(path))
    except InputError:
        return None


PIECES = [b"a", b"{\"id\": 1}", b"\n", b"\r", b"\r\n", b" ", b"\xc3\xa9", b"\xe9", b"\x81", b"\xe2\x82", b"\x00",
          b"\x07", "ü€".encode("utf-8")]
STARTS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x00\x00"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STARTS), st.lists(st.sampled_from(PIECES), max_size=40))
def test_a_jsonl_file_read_a_line_at_a_time_gives_the_lines_of_the_whole_file(start, pieces):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wire.jsonl"
        path.write_bytes(start + b"".join(pieces))
        assert _streamed_lines(path) == _whole_file_lines(path)


def test_a_long_jsonl_file_is_checked_whole_before_its_encoding_is_chosen(tmp_path, monkeypatch):
    monkeypatch.setattr(linereader, "READ_CHUNK", 7)
    path = tmp_path / "wire.jsonl"
    path.write_bytes(("é line\n" * 5000).encode("utf-8") + b"caf\xe9\r\n")  # not UTF-8, at the very end
    lines = _streamed_lines(path)
    assert lines == _whole_file_lines(path)
    assert lines[0] == "Ã© line" and lines[-2] == "café"


# ---------------------------------------------------------------- near-duplicate band table


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), min_size=1, max_size=60), st.integers(1, 7))
def test_folding_the_band_table_in_steps_keeps_one_sorted_order(rows, fold_every):
    """Keys merged a fold at a time sit as a sort of all of them puts them (by key, then row)."""
    import numpy as np

    from newsearch import dedup

    table = dedup.BandTable()
    for n, (a, b) in enumerate(rows):  # few distinct values: many shared band keys
        sig = np.full(dedup.PERMUTATIONS, a, dtype=np.uint32)
        sig[::2] = b
        table.add(f"a{n}", f"a{n}", sig)
        if n % fold_every == 0:
            table.fold()
    table.fold()
    keys = dedup.band_hashes(np.stack(table.sigs))
    expected = dedup._sorted_keys(keys.ravel(), np.repeat(np.arange(len(table.sigs)), dedup.BANDS))
    assert table._keys.tolist() == expected[0].tolist() and table._key_rows.tolist() == expected[1].tolist()


# ---------------------------------------------------------------- dates of records


@settings(max_examples=300, deadline=None)
@given(st.integers(1850, 2150), st.integers(0, 19), st.integers(0, 39), st.sampled_from(["", " ", "\t"]))
def test_plain_iso_dates_read_as_the_date_finder_reads_them(year, month, day, space):
    from newsearch.parsing import dates, record_dates

    text = f"{space}{year:04d}-{month:02d}-{day:02d}{space}"
    slow = dates.find_date(text.strip()) or record_dates.dateutil_date(text.strip())
    assert record_dates.normalise_date(text) == slow


def test_a_writer_stopped_mid_run_stops_its_worker(tmp_path, monkeypatch):
    import multiprocessing
    import threading

    path = write_jsonl(tmp_path / "wire.jsonl", stories(400))
    real = indexer._Run.commit
    calls = []

    def interrupted(self):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(self)

    monkeypatch.setattr(indexer._Run, "commit", interrupted)
    _use_worker(monkeypatch, True)
    monkeypatch.setattr(prepare, "QUEUE_BYTES", 1)  # one message at a time: the worker is blocked on a full queue
    monkeypatch.setattr(prepare, "CHUNK", 5)
    with pytest.raises(KeyboardInterrupt):
        indexer.index_paths([path], tmp_path / "ix", commit_every=20)
    assert multiprocessing.active_children() == []
    assert not [t for t in threading.enumerate() if t.name == "newsearch-receive"]
    assert searcher.index_stats(tmp_path / "ix").articles == 20


def test_quick_open_term_table_reads_and_looks_up_what_whooshs_reader_does(seed_index):
    from whoosh.filedb.filetables import OrderedHashReader

    from newsearch.engines.whoosh.format import codec, termtable
    from newsearch.engines.whoosh import store
    from newsearch.engines.whoosh.schema import FileStorage

    storage = FileStorage(str(seed_index), supports_mmap=False)
    ix = storage.open_index(store.WHOOSH_INDEX_NAME)
    for segment in ix._segments():
        files = segment.open_compound_file(storage) if segment.is_compound() else storage
        name = segment.make_filename(codec.IndexCodec.TERMS_EXT)
        length = files.file_length(name)
        quick = termtable.QuickOpenHashReader(files.open_file(name), length)
        stock = OrderedHashReader(files.open_file(name), length)
        assert quick.tables == stock.tables and quick.extras == stock.extras
        assert list(quick.keys()) == list(stock.keys()) and len(list(quick.keys())) > 100
        keys = list(stock.keys())
        absent = [key + b"~" for key in keys[:300]] + [b"", b"\x00\x00nothing"]
        assert [quick.get(key) for key in keys + absent] == [stock.get(key) for key in keys + absent]
        assert all(quick.get(key) is None for key in absent)


def test_the_parse_ahead_queue_is_bounded_by_bytes_and_always_takes_one_message():
    import threading

    from newsearch.engines.whoosh.prepare import _SizeBoundedQueue

    messages = _SizeBoundedQueue(10)
    messages.put(b"x" * 25)  # larger than the bound, into an empty queue
    second = threading.Thread(target=messages.put, args=(b"yy",))
    second.start()
    second.join(timeout=0.2)
    assert second.is_alive()  # waits while the queue is over its bound
    assert messages.get() == b"x" * 25
    second.join(timeout=5)
    assert not second.is_alive()
    messages.put(b"zzzz")  # 2 + 4 bytes: within the bound, no wait
    messages.put(None)
    assert [messages.get(), messages.get(), messages.get()] == [b"yy", b"zzzz", None]


def test_a_closed_parse_ahead_queue_releases_a_waiting_sender_and_drops_what_follows():
    import threading

    from newsearch.engines.whoosh.prepare import _SizeBoundedQueue

    messages = _SizeBoundedQueue(1)
    messages.put(b"full")
    waiting = threading.Thread(target=messages.put, args=(b"more",))
    waiting.start()
    waiting.join(timeout=0.2)
    assert waiting.is_alive()
    messages.close()
    waiting.join(timeout=5)
    assert not waiting.is_alive()
    messages.put(b"after")
    assert not messages.items
