"""Shared helpers for the benchmark scripts: paths, corpora, timing, child processes, tables.

Every script runs with the interpreter of the environment newsearch is installed in
(`python bench/NAME.py`); the `newsearch` command is looked up beside that interpreter.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DATA = BENCH / "data"  # git-ignored: extracted corpora and scratch indexes live here
PYTHON = sys.executable


# ---------------------------------------------------------------- command line and environment


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the options every script shares."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="few repetitions: a smoke run, not figures to quote")
    return p


def command_line() -> str:
    """How this script was run, to print beside its tables."""
    script = Path(sys.argv[0]).resolve()
    try:
        shown = str(script.relative_to(REPO))
    except ValueError:
        shown = str(script)
    return shlex.join(["python", shown, *sys.argv[1:]])


def machine_line() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
        f"{_dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}, "
        f"load average {os.getloadavg()[0]:.2f} when the tables were printed"
    )


def code_line() -> str:
    """The commit of the repository the numbers were taken on, and whether the tree was dirty."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "newsearch", "pyproject.toml")
    return f"commit {commit}" + (" plus uncommitted changes to newsearch/" if dirty else "")


def publish_tables(tables: str, started: float, results: Path, script: str, write: bool) -> None:
    """Print `tables` under the machine/code/command header; with `write`, replace what follows
    the script's marker in `results` (the text above it is kept)."""
    header = (f"- Machine: {machine_line()}\n- Code: {code_line()}\n"
              f"- Command: `{command_line()}` ({time.time() - started:.0f} s)\n")
    text = header + "\n" + tables + "\n"
    print(text)
    if write:
        body = results.read_text(encoding="utf-8") if results.exists() else ""
        marker = f"<!-- tables: bench/{script} -->"
        if marker in body:
            body = body[: body.index(marker)]
        results.write_text(body + marker + "\n\n" + text, encoding="utf-8")


def print_header(title: str) -> None:
    print(f"## {title}\n")
    print(f"- Machine: {machine_line()}")
    print(f"- Code: {code_line()}")
    print(f"- Command: `{command_line()}`\n")


def require_corpus(*parts: str) -> Path:
    """The path of a shared corpus file; exit 0 with a message when the corpora are absent."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        print(f"skipped: {path} not found (the shared corpora live in ../shared/corpora beside the repo)")
        sys.exit(0)
    return path


def newsearch_command() -> list[str]:
    """The `newsearch` console script installed beside this interpreter (else `python -m newsearch`)."""
    script = Path(PYTHON).parent / "newsearch"
    return [str(script)] if script.exists() else [PYTHON, "-m", "newsearch"]


def package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def package_version_in(python: Path, name: str) -> str:
    """The version of `name` installed for another interpreter (a throwaway venv's)."""
    if not Path(python).exists():
        return "not installed"
    code = f"from importlib import metadata\ntry: print(metadata.version({name!r}))\nexcept Exception: print('not installed')"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return done.stdout.strip() or "not installed"


# ---------------------------------------------------------------- corpora


def extract_tar(archive: Path, dest: Path, check: Callable[[Path], bool]) -> Path:
    """Extract `archive` into `dest` once; `check(dest)` says whether a previous extraction is whole."""
    if dest.is_dir() and check(dest):
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    partial = dest.with_name(dest.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(partial, filter="data")
    partial.rename(dest)
    if not check(dest):
        raise SystemExit(f"{archive}: extracted into {dest}, but the contents are not as expected")
    return dest


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


# ---------------------------------------------------------------- statistics


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def percentile(samples: Sequence[float], pct: float) -> float:
    """Linear-interpolated percentile (the same as numpy's default)."""
    data = sorted(samples)
    if not data:
        return math.nan
    k = (len(data) - 1) * pct / 100
    lo, hi = math.floor(k), math.ceil(k)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def p95(samples: Sequence[float]) -> float:
    return percentile(samples, 95)


# ---------------------------------------------------------------- timing


def time_call(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run_child(argv: Sequence[str], *, env: dict | None = None, cwd: Path | None = None,
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) -> tuple[float, float, int]:
    """Run one child process: (wall seconds, peak RSS in MB of that child, exit code).

    The peak RSS is the child's own (os.wait4), not the maximum over all children so far.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def check_child(argv: Sequence[str], ok_codes: Sequence[int] = (0,), **kwargs) -> tuple[float, float, int]:
    """run_child, but stop with the command and its stderr when the exit code is not expected."""
    with tempfile.TemporaryFile() as err:
        wall, rss, code = run_child(argv, stderr=err, **kwargs)
        if code not in ok_codes:
            err.seek(0)
            message = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"command failed (exit {code}): {shlex.join(argv)}\n{message}")
    return wall, rss, code


def interleaved(commands: dict[str, Sequence[str]], runs: int, warmups: int, *,
                env: dict | None = None, cwd: Path | None = None) -> dict[str, list[float]]:
    """Wall times of several commands, run round-robin so machine noise hits them all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(warmups + runs):
        for name, argv in commands.items():
            wall, _, _ = run_child(argv, env=env, cwd=cwd)
            if round_ >= warmups:
                times[name].append(wall)
    return times


# ---------------------------------------------------------------- output


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> str:
    """A Markdown table; `align` is one character per column: l or r (default: first l, rest r)."""
    align = align or "l" + "r" * (len(headers) - 1)
    cells = [[_cell(v) for v in row] for row in rows]
    lines = ["| " + " | ".join(headers) + " |",
             "| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
    return str(value).replace("|", "\\|")


def ms(seconds: float) -> float:
    return seconds * 1000


def ratio(a: float, b: float) -> str:
    if not b or math.isnan(a) or math.isnan(b):
        return "n/a"
    return f"{a / b:.2f}×"
