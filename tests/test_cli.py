"""Every command through Typer's runner, the pipe formats decoded, exit codes, one real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import PAGES, ROOT, SEEDS

HIT_KEYS = {
    "rank", "score", "id", "path", "ordinal", "title", "source", "authors", "published", "cluster", "paths", "duplicates", "snippets",
}
SNIPPET_KEYS = {"field", "text", "highlights", "speaker"}
ARTICLE_KEYS = {
    "id", "path", "ordinal", "title", "subtitle", "body", "subheads",
    "authors", "source", "published", "quotes", "word_count", "language",
}


def test_index_writes_nothing_to_stdout_and_summarises_on_stderr(cli, tmp_path):
    result = cli("index", SEEDS, "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "indexed 2 articles from 1 file " in result.stderr


def test_index_reads_the_index_folder_from_the_environment(cli, tmp_path):
    result = cli("index", SEEDS, env={"NEWSEARCH_INDEX": str(tmp_path / "envix")})
    assert result.exit_code == 0
    assert (tmp_path / "envix" / "newsearch.json").is_file()


def test_index_with_a_missing_path_reports_it_and_exits_1(cli, tmp_path):
    result = cli("index", SEEDS, tmp_path / "nope.txt", "--index", tmp_path / "ix")
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr and "1 failed" in result.stderr


def test_query_jsonl_contract(cli, seed_index):
    hits = cli.jsonl("query", "Min Aung Hlaing", "--index", seed_index, "--format", "jsonl")
    assert len(hits) == 1
    hit = hits[0]
    assert set(hit) == HIT_KEYS
    assert hit["rank"] == 1 and hit["ordinal"] == 0 and hit["source"] == "Radio Free Asia"
    assert hit["title"].startswith("Myanmar Junta Chief Visit to Moscow")
    assert {"name": "Khin Maung Nyane", "role": "translator"} in hit["authors"]
    for snippet in hit["snippets"]:
        assert set(snippet) == SNIPPET_KEYS
        for start, end in snippet["highlights"]:
            assert snippet["text"][start:end] == "Min Aung Hlaing"


def test_query_in_a_pipe_defaults_to_jsonl(cli, seed_index):
    result = cli("query", "prison", "--index", seed_index)
    assert result.exit_code == 0
    assert [json.loads(line)["rank"] for line in result.stdout.splitlines()] == [1]


def test_query_tsv_has_rank_score_id_path_title_published_source(cli, seed_index):
    result = cli("query", "junta", "--index", seed_index, "--format", "tsv")
    columns = result.stdout.splitlines()[0].split("\t")
    assert len(columns) == 7
    assert columns[0] == "1" and float(columns[1]) > 0 and len(columns[2]) == 16
    assert columns[3].endswith("rfa-myanmar-junta-moscow.txt")
    assert columns[4].startswith("Myanmar Junta Chief")
    assert columns[5:] == ["", "Radio Free Asia"]


def test_query_paths_lists_each_file_once_relative_to_the_current_folder(cli, seed_index, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("query", "said", "--index", seed_index, "--format", "paths")
    assert result.stdout.splitlines() == ["seeds/rfa-myanmar-junta-moscow.txt"]


def test_query_rich_output_shows_title_byline_and_speaker(cli, seed_index):
    result = cli("query", 'speaker:"Than Soe Naing"', "--index", seed_index, "--format", "rich", "--color", "never")
    assert result.exit_code == 0
    assert "Myanmar Junta Chief Visit" in result.stdout
    assert "— Than Soe Naing" in result.stdout
    assert "\x1b" not in result.stdout


def test_query_rich_colour_is_on_with_always_and_off_with_never(cli, seed_index):
    args = ("query", "Hlaing", "--index", seed_index, "--format", "rich")
    assert "\x1b[" in cli(*args, "--color", "always").stdout
    assert "\x1b[" not in cli(*args, "--color", "never").stdout


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("query", "nosuchwordanywhere"), 1, ""),
        (("query", "colour:red"), 2, "unknown field 'colour'"),
        (("query", '"Min Aung'), 2, "unbalanced quote"),
        (("show", "ffffffffffffffff"), 1, "no article with id"),
    ],
)
def test_exit_codes_and_messages(cli, seed_index, args, code, message):
    result = cli(*args, "--index", seed_index)
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_query_without_an_index_says_to_run_index(cli, tmp_path):
    result = cli("query", "junta", "--index", tmp_path / "none")
    assert result.exit_code == 2
    assert "run `newsearch index` first" in result.stderr


def test_error_message_points_at_the_problem(cli, seed_index):
    result = cli("query", 'junta "Min Aung', "--index", seed_index)
    lines = result.stderr.splitlines()
    assert lines[-1].index("^") - 2 == 'junta "Min Aung'.index('"')


def test_parse_jsonl_has_exactly_the_article_keys(cli):
    articles = cli.jsonl("parse", SEEDS / "rfa-myanmar-junta-moscow.txt", "--format", "jsonl")
    assert len(articles) == 2
    assert all(set(a) == ARTICLE_KEYS for a in articles)
    assert [a["ordinal"] for a in articles] == [0, 1]


def test_parse_rich_lists_quotes_with_speakers(cli):
    result = cli("parse", SEEDS, "--format", "rich", "--color", "never")
    assert result.exit_code == 0
    assert "— Nguon Phalla" in result.stdout


def test_parse_missing_file_exits_2(cli, tmp_path):
    result = cli("parse", tmp_path / "missing.txt")
    assert result.exit_code == 2
    assert "missing.txt" in result.stderr


def test_show_prints_the_whole_article_as_json(cli, seed_index):
    hit = cli.jsonl("query", "Licadho", "--index", seed_index)[0]
    shown = cli.jsonl("show", hit["id"], "--index", seed_index, "--format", "jsonl")
    assert len(shown) == 1 and set(shown[0]) == ARTICLE_KEYS
    assert shown[0]["body"].endswith("with some detainees being given priority for release,” he said.")


def test_stats_reports_counts_as_json(cli, seed_index):
    stats = cli.jsonl("stats", "--index", seed_index, "--format", "jsonl")[0]
    assert stats["articles"] == 2 and stats["files"] == 1 and stats["segments"] == 1
    assert stats["sources"] == {"Radio Free Asia": 2}
    assert stats["authors_by_role"]["writer"] == {"Joshua Lipes": 1, "Richard Finney": 1}


def test_hostile_document_never_reaches_the_terminal_as_control_codes_or_markup(cli, tmp_path):
    folder = tmp_path / "ix"
    assert cli("index", PAGES / "hostile.txt", "--index", folder).exit_code == 0
    for fmt in ("rich", "jsonl", "tsv", "paths"):
        out = cli("query", "harbour", "--index", folder, "--format", fmt, "--color", "always").stdout
        document_text = out.replace("\x1b[", "")  # Rich's own styling is allowed, nothing else
        assert "\x1b" not in document_text and "\x07" not in document_text and "\u202e" not in out
    rich = cli("query", "harbour", "--index", folder, "--format", "rich", "--color", "never").stdout
    assert "[bold red]news[/bold red]" in rich


def test_runs_as_a_real_process_and_exits_quietly_on_a_closed_pipe(seed_index):
    env = {**os.environ, "NEWSEARCH_INDEX": str(seed_index)}
    proc = subprocess.run(
        f"{sys.executable} -m newsearch query said --any | head -c 1",
        shell=True, capture_output=True, text=True, env=env, cwd=ROOT,
    )
    assert proc.stdout == "{"
    assert proc.stderr == ""
    direct = subprocess.run(
        [sys.executable, "-m", "newsearch", "query", '"Um Yet"'], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert direct.returncode == 0
    assert json.loads(direct.stdout.splitlines()[0])["title"].startswith("Cambodian Political Prisoners")


def test_a_real_process_flushes_every_line_and_keeps_its_exit_code(seed_index):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "newsearch", *args], capture_output=True, text=True, cwd=ROOT)

    found = run("query", "said", "--any", "--index", str(seed_index), "--format", "jsonl", "--limit", "50")
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert found.returncode == 0 and [hit["rank"] for hit in hits] == list(range(1, len(hits) + 1)) and hits
    assert run("query", "zzyzx", "--index", str(seed_index)).returncode == 1
    unbalanced = run("query", "(said", "--index", str(seed_index))
    assert unbalanced.returncode == 2 and "newsearch:" in unbalanced.stderr
    assert all(name in run("--help").stdout for name in ("index", "query", "timeline", "similar"))


def test_the_command_starts_with_the_collector_held_and_does_its_work_with_it_running(seed_index):
    script = (
        "import gc, sys\n"
        "import newsearch.__main__ as entry, newsearch.engines.whoosh.searcher as searcher\n"
        "real = searcher.search\n"
        "def search(*args, **kwargs):\n"
        "    print('collecting', gc.isenabled(), 'frozen', gc.get_freeze_count() > 1000, file=sys.stderr)\n"
        "    return real(*args, **kwargs)\n"
        "searcher.search = search\n"
        f"sys.argv = ['newsearch', 'query', 'Hlaing', '--index', {str(seed_index)!r}]\n"
        "gc.enable()\n"
        "entry.run()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == "collecting True frozen True\n"
    assert json.loads(result.stdout.splitlines()[0])["rank"] == 1


@pytest.mark.parametrize("fmt", ["jsonl", "rich"])
def test_a_reader_that_stops_reading_ends_the_query_with_exit_0_and_nothing_on_stderr(seed_index, fmt):
    argv = [sys.executable, "-m", "newsearch", "query", "said", "--any", "--index", str(seed_index), "--format", fmt]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()  # before the process has started writing: its first write finds no reader
    stderr = proc.communicate(timeout=60)[1]
    assert (proc.returncode, stderr) == (0, b"")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a device that is always full)")
@pytest.mark.parametrize("fmt", ["jsonl", "rich"])
def test_output_that_cannot_be_written_ends_with_one_line_and_exit_2(seed_index, fmt):
    argv = [sys.executable, "-m", "newsearch", "query", "said", "--any", "--index", str(seed_index), "--format", fmt]
    with open("/dev/full", "w") as full:
        proc = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr == "newsearch: cannot write the output: No space left on device\n"


def test_parse_show_removed_lists_dropped_lines_with_reasons(cli):
    removed = cli.jsonl("parse", SEEDS, "--show-removed", "--format", "jsonl")
    reasons = {item["text"]: item["reason"] for item in removed}
    assert reasons["What's Your Reaction?"] == "reactions"
    assert reasons["Next Article"] == "separator"
    assert any(text.startswith("This site uses cookies") for text in reasons)
    assert all(set(item) == {"path", "line", "text", "reason"} and item["line"] >= 1 for item in removed)


def test_parse_jsonl_output_round_trips_through_index_from_stdin(cli, tmp_path):
    exported = cli("parse", SEEDS, "--format", "jsonl").stdout
    result = cli("index", "-", "--index", tmp_path / "ix", input=exported)
    assert result.exit_code == 0, result.stderr
    assert "indexed 2 articles" in result.stderr
    original = {a["id"]: a for a in map(json.loads, exported.splitlines())}
    for article_id, article in original.items():
        shown = cli.jsonl("show", article_id, "--index", tmp_path / "ix", "--format", "jsonl")[0]
        assert shown == article | {"path": shown["path"]}
        assert shown["quotes"] == article["quotes"] and shown["authors"] == article["authors"]


def test_broken_json_lines_are_reported_and_the_rest_indexed(cli, tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text('{"id": "a1", "title": "Floods in the delta", "body": "Water rose."}\nnot json\n'
                      '{"id": "a2", "title": "Storm season", "body": "Boats stayed ashore."}\n')
    result = cli("index", export, "--index", tmp_path / "ix")
    assert result.exit_code == 1
    assert f"{export}:2:" in result.stderr
    assert "indexed 2 articles" in result.stderr
    assert [h["id"] for h in cli.jsonl("query", "Storm", "--index", tmp_path / "ix")] == ["a2"]


def test_a_file_of_many_bad_records_reports_twenty_then_a_count(cli, tmp_path):
    export = tmp_path / "bad.json"
    export.write_text(json.dumps(list(range(1000))))
    result = cli("index", export, "--index", tmp_path / "ix")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if str(export) in line]
    assert len(lines) == 21
    assert lines[-1].endswith("… and 980 more records skipped")


def test_a_query_process_leaves_unused_imports_of_whoosh_and_typer_deferred_and_they_still_work():
    import hashlib

    expected = int(hashlib.md5(b"abc").hexdigest(), 16) & 0xffffffff
    script = (
        "import sys, newsearch.cli, newsearch.engines.whoosh.searcher\n"
        "deferred = ('hashlib', 'urllib.request', 'whoosh.lang.morph_en', 'html', 'subprocess')\n"
        "print(sorted(m for m in deferred if m in sys.modules))\n"
        "from whoosh.filedb import filetables\n"
        "from whoosh.query import terms\n"
        "from whoosh import compat\n"
        "import urllib.request, subprocess, typer.main\n"
        "print(filetables.md5_hash(b'abc'), 'renders' in terms.variations('render'), callable(urllib.request.urlopen))\n"
        "print(compat.htmlescape('<b>'), typer.main.subprocess.DEVNULL == subprocess.DEVNULL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", f"{expected} True True", "&lt;b&gt; True"]
