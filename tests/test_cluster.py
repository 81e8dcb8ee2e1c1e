"""The same commands on a real two-node Sphinx cluster as on an index folder (issue 20).

Parity tests use the cluster `.ci/run` starts (NEWSEARCH_TEST_CLUSTER); the tests that write,
kill and restart nodes start their own. Skipped only where NEWSEARCH_TEST_CLUSTER is not set.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from cluster_support import CLUSTER, needs_cluster, start_nodes
from newsearch.engines import open_engine
from newsearch.engines.sphinx.querycompile import Compiled
from newsearch.errors import UnsupportedQueryError
from support import PAGES, SEEDS

pytestmark = needs_cluster

PATHS = [SEEDS, PAGES / "wire-dated.txt"]
QUERIES = ["Min Aung Hlaing", '"Min Aung Hlaing"', "Shoigu Moscow", "speaker:Shoigu", "junta -Russia", "Mosc*",
           "title:Moscow OR body:arms", '"Shoigu Myanmar"~10', "rice floods", "author:Doe", "Hlaing w/s Putin",
           "prices NEAR/5 delta", "published:2023 rice", "fishermen OR junta", "prisoners ANDMAYBE wives",
           "id:a3afec7b74a321fd"]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsearch", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """The CI cluster and an index folder, holding the same documents."""
    cluster = open_engine(CLUSTER)
    cluster.index_paths(PATHS, rebuild=True)
    folder = open_engine(tmp_path_factory.mktemp("folder-index"))
    folder.index_paths(PATHS)
    return cluster, folder


def ids(engine, text: str, match_all: bool = True) -> set[str]:
    return {hit.id for hit in engine.search(text, limit=100, match_all=match_all, snippets=False).hits}


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("match_all", [True, False])
def test_a_cluster_matches_the_articles_an_index_folder_matches(engines, text, match_all):
    cluster, folder = engines
    if "published:" in text and not match_all:  # "2023 or rice": a date that is not a filter
        with pytest.raises(UnsupportedQueryError, match="date range"):
            cluster.search(text, match_all=match_all)
        return
    assert ids(cluster, text, match_all) == ids(folder, text, match_all)


def test_the_seed_queries_rank_the_same_article_first_with_the_exact_total(engines):
    cluster, folder = engines
    for text in ("Min Aung Hlaing", "Shoigu Moscow", "political prisoners", "rice"):
        ours, theirs = cluster.search(text), folder.search(text)
        assert ours.hits[0].id == theirs.hits[0].id, text
        assert ours.total == theirs.total, text


def test_snippet_highlights_point_at_the_query_words_in_the_snippet(engines):
    cluster, _ = engines
    snippet = cluster.search("Min Aung Hlaing").hits[0].snippets[0]
    assert snippet.highlights
    assert {snippet.text[start:end] for start, end in snippet.highlights} == {"Min Aung Hlaing"}


def test_query_json_lines_from_a_cluster_have_the_keys_of_an_index_folder(engines, tmp_path):
    folder = tmp_path / "index"
    assert run("index", *map(str, PATHS), "--index", str(folder)).returncode == 0
    for args in (["query", "junta"], ["quotes", "junta"], ["people"], ["timeline", "junta"], ["stats"],
                 ["query", "junta", "--kwic"], ["query", "junta", "--facet", "speaker", "--facets-only"]):
        ours = run(*args, "-f", "jsonl", "--index", CLUSTER)
        theirs = run(*args, "-f", "jsonl", "--index", str(folder))
        assert ours.returncode == theirs.returncode == 0, (args, ours.stderr)
        mine, reference = json.loads(ours.stdout.splitlines()[0]), json.loads(theirs.stdout.splitlines()[0])
        assert mine.keys() == reference.keys(), args
        if "snippets" in mine:
            assert mine["snippets"][0].keys() == reference["snippets"][0].keys()


@pytest.mark.parametrize("command", [["people"], ["quotes", "--speaker", "Shoigu"], ["quotes", "junta"],
                                     ["quotes", "--about", "arms"], ["timeline", "junta"],
                                     ["query", "junta", "--kwic"], ["query", "junta OR rice", "--facet", "speaker",
                                                                    "--facet", "year", "--facets-only"]])
def test_a_research_command_answers_on_a_cluster_as_on_an_index_folder(engines, command):
    cluster, folder = engines
    name, *rest = command
    call = {
        "people": lambda e: list(e.people()),
        "quotes": lambda e: list(e.quotes(rest[0], collapse=True) if rest[0] != "--speaker" and rest[0] != "--about"
                                 else e.quotes(**{rest[0][2:]: rest[1]}, collapse=True)),
        "timeline": lambda e: e.timeline(rest[0]),
        "query": lambda e: e.kwic(rest[0]) if rest[1] == "--kwic" else list(e.facets(rest[0], ["speaker", "year"])),
    }[name]
    assert call(cluster) == call(folder)


@pytest.mark.parametrize("text", [None, "said", "junta OR rice"])
def test_facets_and_timelines_the_nodes_count_equal_the_folders(engines, text):
    cluster, folder = engines
    names = ["source", "language", "year", "month", "author"]
    ours = cluster.facets(text, names)
    assert ours == folder.facets(text, names)
    assert {f.facet for f in ours} >= {"source", "year", "month"}
    if text:
        assert cluster.timeline(text, by="day") == folder.timeline(text, by="day")


def test_facets_past_the_group_limit_are_counted_from_every_match_alike(engines, monkeypatch):
    from newsearch.engines.sphinx import engine as sphinx_engine

    cluster, folder = engines
    grouped = cluster.facets("said", ["source", "month"])
    monkeypatch.setattr(sphinx_engine, "MAX_GROUPS", 2)
    monkeypatch.setattr(sphinx_engine, "PAGE", 2)  # also reads every match two rows at a time
    assert cluster.grouped(Compiled(""), "month") is None
    assert cluster.facets("said", ["source", "month"]) == grouped == folder.facets("said", ["source", "month"])
    assert cluster.timeline("said", by="month") == folder.timeline("said", by="month")


def test_stats_on_a_cluster_count_what_the_folder_counts(engines):
    cluster, folder = engines
    ours, theirs = cluster.stats(), folder.stats()
    assert (ours.articles, ours.files, ours.sources, ours.top_speakers) == \
        (theirs.articles, theirs.files, theirs.sources, theirs.top_speakers)


def test_show_reads_an_article_back_whole_by_id_or_prefix(engines):
    cluster, folder = engines
    article = folder.search("junta").hits[0]
    assert cluster.get_article(article.id) == folder.get_article(article.id)
    assert cluster.get_article(article.id[:6]).id == article.id


def test_dates_and_sorting_by_date_on_a_cluster(engines):
    cluster, folder = engines
    for options in ({"since": "2023"}, {"until": "2022-12"}, {"sort": "date"}):
        ours = [h.id for h in cluster.search("said", limit=50, **options).hits]
        theirs = [h.id for h in folder.search("said", limit=50, **options).hits]
        assert (ours == theirs) if "sort" in options else (set(ours) == set(theirs)), options


@pytest.mark.parametrize("text, construct", [("Greenspan~", "fuzzy"), ("*span", "wildcard"),
                                             ("economy^2 growth", "boost"), ("NOT junta", "excluded words only"),
                                             ("junta OR published:2021", "date range")])
def test_a_construct_sphinx_cannot_run_exits_2_naming_it(text, construct):
    result = run("query", text, "--index", CLUSTER)
    assert result.returncode == 2
    assert construct in result.stderr and "Sphinx" in result.stderr
    assert result.stdout == ""


def test_the_whole_cluster_down_is_exit_2_naming_its_address():
    address = "sphinx://127.0.0.1:1,127.0.0.1:2"
    result = run("query", "junta", "--index", address)
    assert result.returncode == 2
    assert address in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- nodes the tests start and kill


@pytest.fixture
def nodes(tmp_path):
    started = start_nodes(tmp_path, count=2)
    yield started
    started.stop()


@pytest.fixture
def mirrored(tmp_path):
    started = start_nodes(tmp_path, count=2, mirrors_of_last=2)
    yield started
    started.stop()


def test_a_node_down_gives_the_other_nodes_results_and_a_warning_naming_it(nodes):
    assert run("index", str(SEEDS), str(PAGES / "wire-dated.txt"), "--index", nodes.address).returncode == 0
    everything = ids(open_engine(nodes.address), "said OR junta")
    down = nodes.address.split(",")[1]
    nodes.kill(1)
    result = run("query", "said OR junta", "-f", "paths", "--index", nodes.address)
    assert result.returncode == 0
    assert down in result.stderr and len(result.stderr.splitlines()) == 1
    assert 0 < len(ids(open_engine(nodes.address), "said OR junta")) < len(everything)
    strict = run("--strict", "query", "said OR junta", "--index", nodes.address)
    assert strict.returncode == 2 and down in strict.stderr and strict.stdout == ""


def test_with_a_mirror_a_node_down_still_gives_every_result(mirrored):
    assert run("index", str(SEEDS), str(PAGES / "wire-dated.txt"), "--index", mirrored.address).returncode == 0
    everything = ids(open_engine(mirrored.address), "said OR junta")
    mirrored.kill(1)  # the first copy of the mirrored node
    assert ids(open_engine(mirrored.address, strict=True), "said OR junta") == everything


def test_a_node_restarted_keeps_its_articles(nodes):
    assert run("index", str(SEEDS), str(PAGES / "wire-dated.txt"), "--index", nodes.address).returncode == 0
    before = ids(open_engine(nodes.address), "said OR junta")
    nodes.kill(1, signal.SIGKILL)
    nodes.start(1)
    assert ids(open_engine(nodes.address, strict=True), "said OR junta") == before


def test_reindexing_skips_an_unchanged_file_and_replaces_a_changed_one(nodes, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    page = docs / "story.txt"
    page.write_text("Storm closes harbour\n\nThe harbour closed as the storm came in, officials said on Monday.\n")
    engine = open_engine(nodes.address)
    assert engine.index_paths([docs]).articles == 1
    assert engine.index_paths([docs]).skipped == 1
    page.write_text("Flood closes bridge\n\nThe bridge closed as the river rose, officials said on Tuesday.\n")
    os.utime(page, (time.time() + 5, time.time() + 5))
    report = engine.index_paths([docs])
    assert (report.files, report.articles, report.dropped) == (1, 1, 1)
    assert ids(engine, "harbour") == set() and len(ids(engine, "bridge")) == 1


def _many_stories(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"story-{n:04d}.txt").write_text(
            f"Council votes on budget number {n}\n\nThe council of district {n} voted on its budget on Monday, "
            f"members said, after a debate about roads, schools and the harbour of town {n}.\n")
    return folder


def _article_count(address: str) -> int:
    return open_engine(address).search("council", limit=0).total


@pytest.mark.parametrize("fault", ["interrupted", "node killed"])
def test_an_index_run_cut_short_and_run_again_leaves_every_article_once(nodes, tmp_path, fault):
    docs = _many_stories(tmp_path / "docs", 300)
    writer = subprocess.Popen([sys.executable, "-m", "newsearch", "index", str(docs), "--index", nodes.address],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _article_count(nodes.address) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    if fault == "interrupted":
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    else:
        nodes.kill(1)
        _, stderr = writer.communicate(timeout=60)
        assert writer.returncode == 2 and nodes.address.split(",")[1] in stderr
        nodes.start(1)
    assert 0 < _article_count(nodes.address) < 300
    assert run("index", str(docs), "--index", nodes.address).returncode == 0
    assert _article_count(nodes.address) == 300
    assert ids(open_engine(nodes.address), '"district 17"') == ids(open_engine(nodes.address), "district 17 council")


def test_collapse_lists_the_copies_of_one_story_once(nodes, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    lead = ("Storm closes harbour in the north\n\nThe harbour closed as the storm came in, officials said on "
            "Monday. Boats stayed in port and the ferry did not run for the whole of the day.\n\n")
    (docs / "first.txt").write_text(lead + "More rain is expected on Tuesday.\n")
    (docs / "second.txt").write_text(lead + "The ferry company apologised to its travellers.\n")
    engine = open_engine(nodes.address)
    engine.index_paths([docs])
    assert engine.search("harbour").total == 2
    collapsed = engine.search("harbour", collapse=True)
    assert (collapsed.total, len(collapsed.hits), collapsed.hits[0].duplicates) == (1, 1, 1)


QUERIES_IN_BATCH = 2000


def test_a_node_killed_during_a_batch_of_queries_leaves_the_rest_answered_by_the_other(nodes, tmp_path):
    assert run("index", str(SEEDS), str(PAGES / "wire-dated.txt"), "--index", nodes.address).returncode == 0
    whole = len(ids(open_engine(nodes.address), "said OR junta"))
    batch = tmp_path / "queries.tsv"
    batch.write_text("".join(f"q{n}\tsaid OR junta\n" for n in range(QUERIES_IN_BATCH)))
    reader = subprocess.Popen([sys.executable, "-m", "newsearch", "query", "--batch", str(batch), "-f", "tsv",
                               "-n", "50", "--no-snippets", "--index", nodes.address],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The batch is under way once node 0 has logged some of its queries (output comes at the end).
    log = Path(nodes.configs[0]).parent / "query.log"
    deadline = time.monotonic() + 60
    while (not log.exists() or log.read_text().count("said") < 100) and time.monotonic() < deadline:
        time.sleep(0.02)
    nodes.kill(1)
    output, stderr = reader.communicate(timeout=120)
    assert reader.returncode == 0
    hits_per_query = Counter(line.split("\t")[0] for line in output.splitlines())
    assert len(hits_per_query) == QUERIES_IN_BATCH
    assert hits_per_query["q0"] == whole
    after = hits_per_query[f"q{QUERIES_IN_BATCH - 1}"]  # answered with node 1 down: node 0's articles only
    assert 0 < after < whole
    assert set(hits_per_query.values()) <= {whole, after}
    assert nodes.address.split(",")[1] in stderr


def _records(path: Path, sources: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": f"wire-{n}", "title": f"Grain report {n}",
                                        "text": f"Grain shipments from port {n} rose this week, traders said.",
                                        "source": source, "published": f"2024-03-{n % 28 + 1:02d}"}) + "\n"
                            for n, source in enumerate(sources)))
    return path


def test_sources_that_differ_in_letter_case_are_counted_apart_as_on_a_folder(nodes, tmp_path):
    records = _records(tmp_path / "wire.jsonl", ["Reuters", "REUTERS", "Reuters", "Le Monde", "le monde", "Café"])
    folder = tmp_path / "index"
    assert run("index", str(records), "--index", str(folder)).returncode == 0
    assert run("index", str(records), "--index", nodes.address).returncode == 0
    ours = open_engine(nodes.address).facets("grain", ["source"])
    assert ours == open_engine(str(folder)).facets("grain", ["source"])
    assert [(f.value, f.count) for f in ours] == [("Reuters", 2), ("Café", 1), ("Le Monde", 1), ("REUTERS", 1),
                                                  ("le monde", 1)]


def test_a_records_file_that_fails_part_way_leaves_nothing_behind_once_it_is_gone(nodes, tmp_path, monkeypatch):
    from newsearch.engines.sphinx import writer

    monkeypatch.setattr(writer, "WRITE_BATCH", 10)
    docs = tmp_path / "docs"
    docs.mkdir()
    records = _records(docs / "wire.jsonl", ["Wire"] * 35)
    real, calls = writer.write_articles, []

    def fails_on_the_third_batch(cluster, batch, before=frozenset()):
        calls.append(len(batch))
        if len(calls) == 3:
            raise ValueError("a record the parser cannot take")
        real(cluster, batch, before)

    monkeypatch.setattr(writer, "write_articles", fails_on_the_third_batch)
    engine = open_engine(nodes.address)
    report = engine.index_paths([docs])
    assert [path for path, _ in report.failed] == [str(records)]
    assert engine.search("grain", limit=0).total == 20  # two batches were written before the failure
    monkeypatch.setattr(writer, "write_articles", real)
    records.unlink()
    report = engine.index_paths([docs])
    assert report.removed == 1 and engine.search("grain", limit=0).total == 0


def test_a_records_file_that_failed_part_way_is_read_again_whole(nodes, tmp_path, monkeypatch):
    from newsearch.engines.sphinx import writer

    monkeypatch.setattr(writer, "WRITE_BATCH", 10)
    docs = tmp_path / "docs"
    docs.mkdir()
    _records(docs / "wire.jsonl", ["Wire"] * 35)
    real = writer.write_articles
    monkeypatch.setattr(writer, "write_articles", lambda *args: (_ for _ in ()).throw(ValueError("cannot")))
    engine = open_engine(nodes.address)
    assert engine.index_paths([docs]).failed
    monkeypatch.setattr(writer, "write_articles", real)
    report = engine.index_paths([docs])
    assert (report.files, report.skipped, engine.search("grain", limit=0).total) == (1, 0, 35)
    assert engine.index_paths([docs]).skipped == 1


def test_articles_from_standard_input_are_written_in_batches(nodes, tmp_path, monkeypatch):
    from newsearch.engines.sphinx import writer

    monkeypatch.setattr(writer, "WRITE_BATCH", 4)
    records = _records(tmp_path / "wire.jsonl", ["Wire"] * 11)
    with records.open() as stream:
        report = open_engine(nodes.address).index_paths([], stdin=stream)
    assert report.articles == 11
    assert open_engine(nodes.address).search("grain", limit=0).total == 11
