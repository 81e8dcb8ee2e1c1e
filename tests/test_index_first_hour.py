"""A new user's first `index` runs (issue 14): folders they may not use, nothing to read, counts
that agree with `stats`, copies that cost no space, absolute paths, a component that is missing.

Permission tests run `newsearch` in a child process that meets permissions as an ordinary user
does: as root (which ignores them) the child drops to nobody, or, where nobody cannot run this
interpreter, gives up the capabilities that let root read and write everything.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from newsearch.engines.whoosh.format import codec
from newsearch.engines.whoosh import indexer, prepare, searcher, store
from newsearch.errors import IndexAccessError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAGES = Path(__file__).resolve().parent / "pages"
NOBODY = 65534
_CAPS_THAT_IGNORE_PERMISSIONS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
_PR_CAPBSET_DROP = 24


# ---------------------------------------------------------------- helpers


def _child_env(extra_path: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSEARCH_INDEX", "NO_COLOR")}
    parts = [str(extra_path)] if extra_path else []
    parts += [str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env["PYTHONPATH"] = os.pathsep.join(parts)
    return env


def _as_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def _without_root_powers() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _CAPS_THAT_IGNORE_PERMISSIONS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            os._exit(97)


def _unprivileged_preexec():
    """A preexec_fn under which the child's permission checks are real (None: they already are)."""
    if os.geteuid() != 0:
        return None
    try:
        done = subprocess.run([sys.executable, "-c", "import newsearch"], preexec_fn=_as_nobody, env=_child_env(),
                              cwd="/", capture_output=True, timeout=60)
        if done.returncode == 0:
            return _as_nobody
    except OSError:  # nobody may not even execute this interpreter (it lives under /root)
        pass
    return _without_root_powers


def _run(*args, preexec=None, extra_path: Path | None = None, cwd: str = "/") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsearch", *map(str, args)], preexec_fn=preexec,
                          env=_child_env(extra_path), cwd=cwd, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def _one_line_error(done: subprocess.CompletedProcess, *needles: str) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(lines) == 1 and lines[0].startswith("newsearch: "), done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def shared_tmp():
    """A temporary folder every user may enter (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="newsearch-perm-"))
    folder.chmod(0o755)
    yield folder
    for parent, dirs, _ in os.walk(folder):  # top down: each folder opened up before it is listed
        for name in dirs:
            os.chmod(os.path.join(parent, name), 0o755)
    shutil.rmtree(folder)


@pytest.fixture
def docs(shared_tmp) -> Path:
    folder = shared_tmp / "docs"
    folder.mkdir()
    shutil.copy(SEEDS / "rfa-myanmar-junta-moscow.txt", folder)
    shutil.copy(PAGES / "wire-dated.txt", folder)
    for path in [folder, *folder.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


def _pages(folder: Path, count: int, start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    words = (SEEDS / "rfa-myanmar-junta-moscow.txt").read_text(encoding="utf-8").split()
    for n in range(start, start + count):
        body = " ".join(words[(n * 37) % 600 : (n * 37) % 600 + 60])
        (folder / f"story{n:03d}.txt").write_text(f"Story number {n} on the junta\n\n{body}.\n", encoding="utf-8")


def _feed(path: Path, numbers, version: str = "Old") -> None:
    path.write_text("".join(json.dumps({"id": f"s{i}", "title": f"{version} title {i}",
                                        "body": f"{version} body number {i} about the harbour."}) + "\n"
                            for i in numbers), encoding="utf-8")


def _mirrors(base: Path, copies: int, stories: int) -> Path:
    """`copies` folders holding the same `stories` pages (the same articles)."""
    _pages(base / "one", stories)
    for number in range(copies):
        shutil.copytree(base / "one", base / "mirrors" / f"m{number}")
    shutil.rmtree(base / "one")
    return base / "mirrors"


def _stored_paths(folder: Path) -> dict[str, list[str]]:
    """Every article's paths as a reader sees them (document, then the paths table)."""
    from newsearch.engines.whoosh.format import pathtable

    ix = store.open_for_reading(folder)
    try:
        with ix.searcher() as s:
            return {d["id"]: sorted(pathtable.with_paths(s, d)["paths"])
                    for d in (json.loads(f["data"]) for f in s.all_stored_fields())}
    finally:
        ix.close()


def _segments(folder: Path) -> tuple[int, int]:
    ix = store.open_for_reading(folder)
    try:
        return len(ix._segments()), ix.doc_count_all()
    finally:
        ix.close()


# ---------------------------------------------------------------- 1. folders one may not use


def test_index_into_another_users_read_only_index_exits_2_naming_the_folder(docs, shared_tmp):
    index = shared_tmp / "theirs"
    assert _run("index", docs, "--index", index).returncode == 0
    for path in [index, *index.iterdir()]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = sorted(p.name for p in index.iterdir())
    done = _run("index", docs, "--index", index, "--rebuild", preexec=_unprivileged_preexec())
    _one_line_error(done, str(index), "cannot write to the index folder", "Permission denied")
    assert sorted(p.name for p in index.iterdir()) == before


def test_index_where_the_index_folder_cannot_be_created_exits_2_naming_it(docs, shared_tmp):
    parent = shared_tmp / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    done = _run("index", docs, "--index", parent / "ix", preexec=_unprivileged_preexec())
    _one_line_error(done, str(parent / "ix"), "cannot create the index folder", "Permission denied")
    assert list(parent.iterdir()) == []


LIBRARY_CALLS = {
    "query": "searcher.search(folder, 'junta')",
    "stats": "searcher.index_stats(folder)",
    "show": "searcher.get_article(folder, 'a3afec7b74a321fd')",
}


@pytest.mark.parametrize("call", sorted(LIBRARY_CALLS))
def test_reading_an_index_one_may_not_read_is_one_line_naming_it_not_damage(docs, shared_tmp, call):
    index = shared_tmp / "private"
    assert _run("index", docs, "--index", index).returncode == 0
    code = ("import sys\nfrom pathlib import Path\nimport typer\nfrom newsearch.engines.whoosh import searcher\n"
            "from newsearch.cli import run_library\nfolder = Path(sys.argv[1])\n"
            f"try:\n    run_library(lambda: {LIBRARY_CALLS[call]})\nexcept typer.Exit as end:\n    sys.exit(end.exit_code)\n")
    for mode in (0o311, 0o000):  # may enter but not list; may not enter
        index.chmod(mode)
        done = subprocess.run([sys.executable, "-c", code, str(index)], preexec_fn=_unprivileged_preexec(),
                              env=_child_env(), cwd="/", capture_output=True, text=True, timeout=120)
        line = _one_line_error(done, str(index), "cannot read the index folder", "Permission denied")
        assert "damaged" not in line and done.stdout == ""


@pytest.mark.parametrize("command", [["query", "junta", "--format", "jsonl"], ["stats", "--format", "jsonl"]])
def test_query_and_stats_on_an_index_one_may_not_read_exit_2_with_one_line(docs, shared_tmp, command):
    # Needs cli.py's --index option to leave readability to the library (typer.Option(readable=False)):
    # Click's own check prints a three-line usage error without the reason.
    index = shared_tmp / "private"
    assert _run("index", docs, "--index", index).returncode == 0
    index.chmod(0o000)
    done = _run(*command, "--index", index, preexec=_unprivileged_preexec())
    _one_line_error(done, str(index), "cannot read the index folder", "Permission denied")
    assert done.stdout == ""


def test_a_permission_error_from_an_index_file_is_an_access_error_not_damage(tmp_path):
    with pytest.raises(IndexAccessError, match="cannot read the index folder"):
        with store.guard(tmp_path):
            raise PermissionError(13, "Permission denied", str(tmp_path / "MAIN_x.seg"))


# ---------------------------------------------------------------- 2. nothing to read


def test_indexing_a_path_that_does_not_exist_creates_no_index_folder(tmp_path):
    report = indexer.index_paths([tmp_path / "gone"], tmp_path / "ix")
    assert not (tmp_path / "ix").exists()
    assert report.missing == (str(tmp_path / "gone"),)
    assert report.documents_found == 0 and report.articles == 0
    assert [path for path, _ in report.failed] == [str(tmp_path / "gone")]


def test_an_empty_folder_of_documents_reports_none_found_and_creates_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    report = indexer.index_paths([tmp_path / "empty"], tmp_path / "ix")
    assert not (tmp_path / "ix").exists()
    assert (report.documents_found, report.missing, report.failed) == (0, (), ())


def test_a_path_gone_missing_leaves_what_was_indexed_from_it(corpus, tmp_path):
    indexer.index_paths([corpus], tmp_path / "ix")
    moved = shutil.move(corpus, tmp_path / "unmounted")
    report = indexer.index_paths([corpus], tmp_path / "ix")
    assert (report.missing, report.removed) == ((str(corpus),), 0)
    assert searcher.index_stats(tmp_path / "ix").articles == 4
    assert Path(moved).is_dir()


def test_the_index_folder_and_other_indexes_inside_a_folder_are_not_read_as_documents(tmp_path):
    _pages(tmp_path / "work" / "docs", 3)
    indexer.index_paths([tmp_path / "work" / "docs"], tmp_path / "work" / "other-index")
    report = indexer.index_paths([tmp_path / "work"], tmp_path / "work" / "index")
    assert report.articles == 3 and report.failed == ()
    again = indexer.index_paths([tmp_path / "work"], tmp_path / "work" / "index")
    assert (again.documents_found, again.skipped, again.articles) == (3, 3, 0)


# ---------------------------------------------------------------- 3. counts that agree with stats


def test_copies_read_in_later_batches_are_counted_as_duplicates_not_articles(tmp_path):
    report = indexer.index_paths([_mirrors(tmp_path, 3, 25)], tmp_path / "ix", commit_every=10)
    assert (report.articles, report.duplicates, report.files) == (25, 50, 75)
    assert searcher.index_stats(tmp_path / "ix").articles == report.articles


def test_a_record_that_keeps_its_id_with_new_text_is_counted_replaced_and_the_rest_dropped(tmp_path):
    feed = tmp_path / "docs" / "feed.jsonl"
    feed.parent.mkdir()
    _feed(feed, range(30), "Old")
    first = indexer.index_paths([feed.parent], tmp_path / "ix", commit_every=10)
    _feed(feed, range(5), "New")
    second = indexer.index_paths([feed.parent], tmp_path / "ix", commit_every=10)
    assert (first.articles, first.replaced, first.dropped) == (30, 0, 0)
    assert (second.articles, second.replaced, second.dropped) == (0, 5, 25)
    assert searcher.index_stats(tmp_path / "ix").articles == first.articles + second.articles - second.dropped


def test_an_id_read_again_with_other_text_in_a_later_batch_is_one_article_not_two(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, version in (("a.jsonl", "First"), ("b.jsonl", "Second")):
        (docs / name).write_text("".join(json.dumps({"id": f"s{i}", "title": f"{version} title {i}",
                                                     "body": f"{version} text of story {i}."}) + "\n"
                                         for i in range(10)), encoding="utf-8")
    report = indexer.index_paths([docs], tmp_path / "ix", commit_every=10)
    assert (report.articles, report.replaced, report.duplicates) == (10, 0, 10)
    assert searcher.index_stats(tmp_path / "ix").articles == report.articles
    assert searcher.get_article(tmp_path / "ix", "s3").title == "Second title 3"  # the later text wins


def test_a_long_feed_read_again_keeps_the_records_it_still_holds_unwritten(tmp_path, monkeypatch):
    feed = tmp_path / "docs" / "feed.jsonl"
    feed.parent.mkdir()
    _feed(feed, range(30))
    indexer.index_paths([feed.parent], tmp_path / "ix", commit_every=10)
    _feed(feed, reversed(range(20)))  # the last ten records gone, the rest in another order
    written = []
    real = codec.IndexWriter.add_document
    monkeypatch.setattr(codec.IndexWriter, "add_document",
                        lambda self, **doc: written.append(doc["id"]) or real(self, **doc))
    report = indexer.index_paths([feed.parent], tmp_path / "ix", commit_every=10)
    assert (report.articles, report.replaced, report.dropped, written) == (0, 0, 10, [])
    assert searcher.index_stats(tmp_path / "ix").articles == 20


# ---------------------------------------------------------------- 4. copies cost no space


def test_a_copy_found_later_adds_its_path_without_writing_the_article_again(tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "COMMIT_EVERY", 10)  # batches of 10 stay separate segments
    written = []
    real = codec.IndexWriter.add_document

    def counting(self, **doc):
        written.append(doc["id"])
        return real(self, **doc)

    monkeypatch.setattr(codec.IndexWriter, "add_document", counting)
    mirrors = _mirrors(tmp_path, 4, 30)
    indexer.index_paths([mirrors], tmp_path / "ix", commit_every=10)
    assert len(written) == len(set(written)) == 30
    assert _segments(tmp_path / "ix") == (3, 30)  # three batches of articles, no dead copies
    paths = _stored_paths(tmp_path / "ix")
    assert len(paths) == 30
    assert all([str(Path(p).parent) for p in found] == [str(mirrors / f"m{n}") for n in range(4)]
               and len({Path(p).name for p in found}) == 1 for found in paths.values())


def test_a_copy_removed_later_takes_its_path_out_without_writing_the_article_again(tmp_path, monkeypatch):
    mirrors = _mirrors(tmp_path, 3, 12)
    indexer.index_paths([mirrors], tmp_path / "ix", commit_every=5)
    shutil.rmtree(mirrors / "m1")
    written = []
    monkeypatch.setattr(codec.IndexWriter, "add_document", lambda self, **doc: written.append(doc["id"]))
    report = indexer.index_paths([mirrors], tmp_path / "ix", commit_every=5)
    assert (report.removed, report.articles, report.dropped, written) == (12, 0, 0, [])
    assert all(not any("/m1/" in p for p in found) and len(found) == 2
               for found in _stored_paths(tmp_path / "ix").values())


def test_query_hits_and_stats_list_every_file_an_article_is_in(tmp_path):
    # Needs searcher.py to read `paths` through store.with_paths (see pathtable.py).
    mirrors = _mirrors(tmp_path, 3, 12)
    indexer.index_paths([mirrors], tmp_path / "ix", commit_every=5)
    hits = searcher.search(tmp_path / "ix", "junta", limit=50).hits
    assert len(hits) == 12
    assert all([str(Path(p).parent) for p in hit.paths] == [str(mirrors / f"m{n}") for n in range(3)] for hit in hits)
    assert searcher.index_stats(tmp_path / "ix").files == 36


def test_paths_survive_a_crash_between_the_commit_and_the_state_save(tmp_path, monkeypatch):
    mirrors = _mirrors(tmp_path, 3, 12)
    real = store.save_state
    saves = []

    def crash_on_the_second_save(folder, generation, files):
        saves.append(generation)
        if len(saves) == 2:
            raise KeyboardInterrupt  # the process dies here: the commit is in, files.json is not
        real(folder, generation, files)

    monkeypatch.setattr(store, "save_state", crash_on_the_second_save)
    with pytest.raises(KeyboardInterrupt):
        indexer.index_paths([mirrors / "m0", mirrors / "m1"], tmp_path / "ix", commit_every=12)
    monkeypatch.setattr(store, "save_state", real)
    assert all(len(found) == 2 for found in _stored_paths(tmp_path / "ix").values())
    # The next run indexes another root only: what the lost state knew must come from the index.
    indexer.index_paths([mirrors / "m2"], tmp_path / "ix", commit_every=12)
    assert all([p.split("/")[-2] for p in found] == ["m0", "m1", "m2"]
               for found in _stored_paths(tmp_path / "ix").values())


def test_a_paths_table_written_for_a_commit_that_failed_is_never_read(tmp_path, monkeypatch):
    mirrors = _mirrors(tmp_path, 2, 6)
    indexer.index_paths([mirrors / "m0"], tmp_path / "ix")

    def failing_commit(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(codec.IndexWriter, "commit", failing_commit)
    with pytest.raises(IndexAccessError, match="No space left on device"):
        indexer.index_paths([mirrors / "m1"], tmp_path / "ix")
    monkeypatch.undo()
    assert sorted(p.name for p in (tmp_path / "ix").glob("paths.*")) == ["paths.1"]
    assert all(len(found) == 1 for found in _stored_paths(tmp_path / "ix").values())


# ---------------------------------------------------------------- 5. absolute paths


def test_files_named_relative_to_the_working_folder_are_stored_absolute(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    indexer.index_paths([corpus.name], tmp_path / "ix")
    hits = searcher.search(tmp_path / "ix", "said", match_all=False).hits
    assert sorted({h.path for h in hits}) == sorted(str(p) for p in corpus.iterdir())
    state = json.loads((tmp_path / "ix" / "files.json").read_text())["files"]
    assert sorted(record["path"] for record in state.values()) == sorted(str(p) for p in corpus.iterdir())


# ---------------------------------------------------------------- 6. a component that cannot be loaded


def _html_and_text(folder: Path) -> Path:
    folder.mkdir()
    (folder / "page.html").write_text("<html><head><title>Harbour news</title></head><body><article><p>"
                                      + "The harbour reopened on Monday after the storm. " * 20
                                      + "</p></article></body></html>", encoding="utf-8")
    shutil.copy(PAGES / "wire-dated.txt", folder)
    return folder


@pytest.mark.parametrize("worker", [False, True], ids=["in-process", "worker"])
def test_a_missing_html_component_is_reported_once_and_the_other_files_indexed(tmp_path, monkeypatch, worker):
    docs = _html_and_text(tmp_path / "docs")
    shutil.copy(docs / "page.html", docs / "second.html")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` now fails
    monkeypatch.setattr(prepare, "WORKER_MIN_BYTES", 0 if worker else 10**15)
    report = indexer.index_paths([docs], tmp_path / "ix")
    assert len(report.fatal) == 1 and "trafilatura" in report.fatal[0]
    assert (report.articles, report.files, report.failed) == (2, 1, ())
    assert searcher.search(tmp_path / "ix", "Fishermen").total == 1
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    again = indexer.index_paths([docs], tmp_path / "ix")  # the HTML files were not recorded: tried again
    assert (again.skipped, len(again.fatal)) == (1, 1)


def test_a_broken_trafilatura_install_still_indexes_the_text_files(tmp_path):
    stub = tmp_path / "stub" / "trafilatura"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text('raise ImportError("cannot import name \'Cleaner\' from \'lxml.html.clean\'")\n')
    docs = _html_and_text(tmp_path / "docs")
    code = ("import json, sys\nfrom newsearch.engines.whoosh import indexer, searcher\n"
            "r = indexer.index_paths([sys.argv[1]], sys.argv[2])\n"
            "print(json.dumps({'fatal': r.fatal, 'articles': r.articles, "
            "'hits': searcher.search(sys.argv[2], 'Fishermen').total}))\n")
    done = subprocess.run([sys.executable, "-c", code, str(docs), str(tmp_path / "ix")], env=_child_env(tmp_path / "stub"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["articles"], result["hits"], len(result["fatal"])) == (2, 1, 1)
    assert "trafilatura" in result["fatal"][0]
