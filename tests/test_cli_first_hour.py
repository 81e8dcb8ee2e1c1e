"""A new user's first commands: help, version, and what CI runs (issue 14)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import newsearch

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsearch", *args], capture_output=True, text=True, timeout=60)


def test_version_prints_the_package_version_on_stdout():
    for flag in ("--version", "-V"):
        done = _run(flag)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"newsearch {newsearch.__version__}\n"


def test_short_help_flag_works_for_the_app_and_each_command():
    done = _run("-h")
    assert done.returncode == 0 and "Usage:" in done.stdout and "timeline" in done.stdout
    done = _run("query", "-h")
    assert done.returncode == 0 and "--limit" in done.stdout


def _readme_commands() -> list[str]:
    blocks = re.findall(r"^```sh\n(.*?)\n```$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)
    return blocks[:2]


def test_ci_runs_the_readme_commands_and_nothing_that_changes_the_install():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    first, second = _readme_commands()
    assert "pip install . &&" in first and "newsearch index" in first
    assert "pip install '.[test]'" in second and "pytest" in second
    # The commands come out of README itself; nothing else in CI may install or upgrade.
    assert "README.md" in ci
    assert not re.search(r"^\s*[^#\n]*\bpip\b", ci, re.M), "CI must not run pip besides README's commands"


def test_html_extraction_dependencies_are_declared_for_an_old_pip():
    # pip 23 does not match justext's lxml[html_clean] to lxml 6's html-clean extra.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"lxml_html_clean' in pyproject
    import lxml.html.clean  # noqa: F401  (raises ImportError when the extra is missing)


def test_index_names_what_it_skipped_counts_copies_and_says_when_nothing_was_found(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    page = (ROOT / "seeds" / "rfa-myanmar-junta-moscow.txt").read_text(encoding="utf-8")
    (docs / "story.txt").write_text(page, encoding="utf-8")
    (docs / "mirror.txt").write_text(page, encoding="utf-8")
    (docs / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    ran = cli("index", "docs", "--index", "ix")
    assert ran.exit_code == 0, ran.stderr
    assert "photo.png: not a document (image), skipped" in ran.stderr
    assert "1 not documents" in ran.stderr and "copies of indexed articles" in ran.stderr
    indexed = int(re.search(r"indexed (\d+) article", ran.stderr).group(1))
    assert cli.jsonl("stats", "--index", "ix")[0]["articles"] == indexed  # the summary and stats agree
    (tmp_path / "empty").mkdir()
    ran = cli("index", "empty", "--index", "ix2")
    assert ran.exit_code == 1 and "no documents found in empty" in ran.stderr
    assert not (tmp_path / "ix2").exists()


def test_parse_names_files_that_are_not_documents_and_never_reads_an_index_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "story.txt").write_text((ROOT / "seeds" / "rfa-myanmar-junta-moscow.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert cli("index", "docs/story.txt", "--index", "docs/ix").exit_code == 0
    ran = cli("parse", "docs", "--format", "jsonl")
    assert ran.exit_code == 0, ran.stderr
    assert "photo.png: not a document (image), skipped" in ran.stderr
    assert {row["path"] for row in map(json.loads, ran.stdout.splitlines())} == {"docs/story.txt"}
