"""Shared helpers for the fault, hostile-input and fuzz scripts: child runs, generated pages, checks.

Every `newsearch` run here is a real child process (`python -m newsearch`, or the installed
console script), so faults are real: SIGKILL, a lock held by another process, bytes on disk.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

REPO = common.REPO

# Words the generated pages are made of: enough variety that every page is its own article.
_WORDS = (
    "government minister election market shares company profits football match league season "
    "film award actor music album phone software network users police court judge report "
    "economy growth inflation bank rates budget council hospital school teachers strike union "
    "weather storm flood river city village farmers harvest prices energy oil gas climate "
    "talks treaty border army ceasefire refugees aid charity museum exhibition festival"
).split()
_NAMES = ("Anna Berg", "Tomas Reyes", "Li Wei", "Sara Okafor", "Jonas Keller", "Maria Costa")


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a newsearch child: the repository importable, no colour surprises."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("NEWSEARCH_INDEX", None)
    env.update(extra)
    return env


@dataclass
class Ran:
    """A finished child: exit code, raw stdout bytes, stderr text."""

    argv: list[str]
    code: int
    out: bytes
    err: str
    seconds: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def traceback(self) -> bool:
        return has_traceback(self.err)

    def shown(self) -> str:
        return " ".join(self.argv[2:] if self.argv[1:2] == ["-m"] else self.argv[1:])


def newsearch(*args: str | os.PathLike, stdin: bytes | None = None, timeout: float = 600, env=None) -> Ran:
    """Run `newsearch ARGS` to completion; peak RSS is this child's own (os.wait4)."""
    argv = [*common.newsearch_command(), *map(str, args)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env or child_env(),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = proc.communicate(stdin, timeout=timeout)
    # communicate() has reaped the child; its rusage is read from the children total instead.
    wall = time.perf_counter() - started
    return Ran(argv, proc.returncode, out, err.decode("utf-8", "replace"), wall)


def newsearch_measured(*args: str | os.PathLike, timeout: float = 3600) -> Ran:
    """Like `newsearch`, but stdout/stderr go to files and the child's own peak RSS is kept."""
    import tempfile

    argv = [*common.newsearch_command(), *map(str, args)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, env=child_env(), stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Ran(argv, os.waitstatus_to_exitcode(status), out.read(), err.read().decode("utf-8", "replace"),
                   wall, usage.ru_maxrss / 1024)


def start_newsearch(*args: str | os.PathLike, stderr_path: Path | None = None) -> subprocess.Popen:
    """Start `newsearch ARGS` in the background (stdout discarded; stderr to a file if given)."""
    argv = [*common.newsearch_command(), *map(str, args)]
    err = open(stderr_path, "wb") if stderr_path else subprocess.DEVNULL
    try:
        return subprocess.Popen(argv, env=child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
    finally:
        if stderr_path:
            err.close()


def kill_hard(proc: subprocess.Popen) -> bool:
    """SIGKILL a child if it is still running; True if it was killed (not already finished)."""
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return proc.returncode == -signal.SIGKILL


_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \".*\", line \d+", re.M)


def has_traceback(stderr: str) -> bool:
    return bool(_TRACEBACK.search(stderr))


def one_line_message(stderr: str) -> bool:
    """Exactly one non-empty stderr line, prefixed `newsearch:` (the error contract)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].startswith("newsearch:")


def generate_pages(folder: Path, count: int, *, seed: int = 1, per_folder: int = 500, tag: str = "") -> list[Path]:
    """Write `count` distinct plain-text news pages (title, byline, dated paragraphs, a quote)."""
    rng = random.Random(seed)
    written = []
    for number in range(count):
        sub = folder / f"batch{number // per_folder:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        topic = rng.sample(_WORDS, 4)
        title = f"{topic[0].title()} {topic[1]} story {tag}{number}: {topic[2]} and {topic[3]}"
        paragraphs = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(18, 40))]
            paragraphs.append(" ".join(words).capitalize() + ".")
        speaker = rng.choice(_NAMES)
        paragraphs.insert(1, f'"The {topic[0]} will {rng.choice(_WORDS)} again," said {speaker}.')
        text = (
            f"{title}\n\nBy {rng.choice(_NAMES)}\n\n{2000 + number % 24}-0{1 + number % 9}-1{number % 10}\n\n"
            + "\n\n".join(paragraphs)
            + "\n"
        )
        path = sub / f"page{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def index_ids(folder: Path) -> list[str]:
    """Every article id stored in an index, duplicates kept (read in a child: no state shared)."""
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from newsearch.engines.whoosh import store\n"
        "ix = store.open_for_reading(Path(sys.argv[1]))\n"
        "with ix.searcher() as s:\n"
        "    print(json.dumps([f['id'] for f in s.all_stored_fields()]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(folder)], env=child_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"cannot read ids of {folder}: {done.stderr.strip()[-500:]}")
    import json

    return json.loads(done.stdout)


@dataclass
class Checks:
    """A list of named checks, each held or not, printed as a Markdown table."""

    rows: list[tuple[str, str, str, bool]] = field(default_factory=list)

    def add(self, case: str, expected: str, happened: str, held: bool) -> bool:
        self.rows.append((case, expected, happened, held))
        mark = "ok  " if held else "FAIL"
        print(f"  [{mark}] {case}: {happened}", file=sys.stderr, flush=True)
        return held

    @property
    def failed(self) -> int:
        return sum(1 for *_, held in self.rows if not held)

    def table(self) -> str:
        return common.table(
            ["case", "expected", "what happened", "held"],
            [(c, e, h, "yes" if ok else "**NO**") for c, e, h, ok in self.rows],
            "llll",
        )


def short(text: str, limit: int = 160) -> str:
    """A message shortened for a table cell (one line)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
