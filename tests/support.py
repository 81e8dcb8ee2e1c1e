"""Shared fixtures for the index, search and CLI tests (imported by conftest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsearch.engines.whoosh import indexer
from newsearch.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAGES = Path(__file__).resolve().parent / "pages"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the project's seed page (built once; tests must not write to it)."""
    folder = tmp_path_factory.mktemp("seed-index")
    indexer.index_paths([SEEDS], folder)
    return folder


@pytest.fixture(scope="session")
def mixed_index(tmp_path_factory) -> Path:
    """An index of the seed page plus the small dated pages written for the tests."""
    folder = tmp_path_factory.mktemp("mixed-index")
    indexer.index_paths([SEEDS, PAGES / "wire-dated.txt"], folder)
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the seed page and the dated pages, for incremental-indexing tests."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEEDS / "rfa-myanmar-junta-moscow.txt", folder)
    shutil.copy(PAGES / "wire-dated.txt", folder)
    return folder


class Cli:
    """Runs the Typer app in-process, as a user would type it."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict | None = None, input: str | None = None):
        return self.runner.invoke(app, [str(a) for a in args], env=env, input=input)

    def jsonl(self, *args: str) -> list[dict]:
        result = self(*args)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def cli() -> Cli:
    return Cli()


def parsed_text_page(path: Path):
    """(articles, removed lines) of a text-page fixture, as `parse_text_with_removed` gives them."""
    from newsearch.parsing.page import parse_text_with_removed

    return parse_text_with_removed(path.read_text(encoding="utf-8"), path.name)


def story_page(head: list[str], sentence: str, foot: list[str] = ()) -> str:
    """A scraped page as text: the `head` blocks, a story of two paragraphs of `sentence` (its
    `{n}` a number, so no two sentences are the same), then the `foot` blocks."""
    paragraphs = [" ".join(sentence.format(n=n) for n in numbers) for numbers in (range(3, 8), range(8, 13))]
    return "\n\n".join([*head, *paragraphs, *foot])
