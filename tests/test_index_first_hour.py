"""A new user's first `index` runs (issue 14): folders they may not use.

Permission tests run `newsearch` in a child process that meets permissions as an ordinary user
does: as root (which ignores them) the child drops to nobody, or, where nobody cannot run this
interpreter, gives up the capabilities that let root read and write everything.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from newsearch import store
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
    code = ("import sys\nfrom pathlib import Path\nimport typer\nfrom newsearch import searcher\n"
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
