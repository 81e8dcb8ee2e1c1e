"""Fixtures for the fault tests: real `newsearch` child processes over generated pages."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_WORDS = (
    "government minister election market shares company profits football match league season film "
    "award actor music album phone software network police court judge economy growth inflation bank "
    "budget council hospital school strike weather storm flood river city harvest prices energy climate"
).split()


@dataclass
class Ran:
    code: int
    out: bytes
    err: str

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8")


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSEARCH_INDEX", "NO_COLOR")}
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def newsearch_argv(*args) -> list[str]:
    return [sys.executable, "-m", "newsearch", *map(str, args)]


def run(*args, timeout: float = 60, stdin: bytes | None = None) -> Ran:
    """`newsearch ARGS` as a child process, to completion."""
    done = subprocess.run(newsearch_argv(*args), env=child_env(), input=stdin, capture_output=True, timeout=timeout,
                          stdin=None if stdin is not None else subprocess.DEVNULL)
    return Ran(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


def write_pages(folder: Path, count: int, seed: int = 1, tag: str = "") -> None:
    """`count` distinct plain-text news pages, each one article with "story" in its title."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        topic = rng.sample(_WORDS, 3)
        paragraphs = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(15, 30))).capitalize() + "."
                      for _ in range(3)]
        text = f"{topic[0].title()} story {tag}{number} on {topic[1]} and {topic[2]}\n\nBy Anna Berg\n\n" + "\n\n".join(paragraphs)
        (folder / f"page{number:04d}.txt").write_text(text + "\n", encoding="utf-8")


def stored_ids(folder: Path) -> list[str]:
    code = ("import sys\nfrom pathlib import Path\nfrom newsearch.engines.whoosh import store\n"
            "ix = store.open_for_reading(Path(sys.argv[1]))\n"
            "with ix.searcher() as s:\n    print('\\n'.join(f['id'] for f in s.all_stored_fields()))\n")
    done = subprocess.run([sys.executable, "-c", code, str(folder)], env=child_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def assert_one_line_error(ran: Ran, code: int, *needles: str) -> None:
    """The error contract: exit `code`, one stderr line prefixed `newsearch:`, no traceback."""
    lines = [line for line in ran.err.splitlines() if line.strip()]
    assert ran.code == code, ran.err
    assert "Traceback" not in ran.err
    assert len(lines) == 1 and lines[0].startswith("newsearch: "), ran.err
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture(scope="session")
def pages(tmp_path_factory) -> Path:
    """60 generated pages (tests must not write into it)."""
    folder = tmp_path_factory.mktemp("pages")
    write_pages(folder, 60)
    return folder


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, pages) -> Path:
    """An index of `pages`, built once by a child process; copy it before damaging it."""
    folder = tmp_path_factory.mktemp("built") / "index"
    ran = run("index", pages, "--index", folder)
    assert ran.code == 0, ran.err
    return folder
