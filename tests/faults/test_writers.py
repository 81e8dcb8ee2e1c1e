"""Writers under faults: SIGKILL mid-run, a lock held by another process, `--wait`, stale lock files."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time

from conftest import assert_one_line_error, child_env, newsearch_argv, run, stored_ids, write_pages

HOLD_LOCK = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+")
fcntl.flock(handle, fcntl.LOCK_EX)
handle.seek(0); handle.truncate(); handle.write("pid 4242\\n"); handle.flush()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold_lock(index, seconds: float) -> subprocess.Popen:
    """Another process holding the writer lock (flock on `newsearch.lock`) for `seconds`."""
    index.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index / "newsearch.lock"), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_second_writer_without_wait_exits_2_naming_the_holder_and_wait(tmp_path, pages):
    index = tmp_path / "index"
    holder = hold_lock(index, 30)
    try:
        ran = run("index", pages, "--index", index)
    finally:
        holder.kill()
        holder.wait()
    assert_one_line_error(ran, 2, "another `newsearch index` (pid 4242)", "--wait SECONDS")


def test_writer_with_wait_says_so_once_then_indexes_when_the_lock_is_released(tmp_path, pages):
    index = tmp_path / "index"
    holder = hold_lock(index, 1.5)
    ran = run("index", pages, "--index", index, "--wait", "60")
    holder.wait()
    assert ran.code == 0, ran.err
    assert ran.err.count("waiting for another `newsearch index` (pid 4242)") == 1
    assert len(stored_ids(index)) == 60


def test_wait_that_runs_out_exits_2_with_the_lock_message(tmp_path, pages):
    index = tmp_path / "index"
    holder = hold_lock(index, 30)
    try:
        ran = run("index", pages, "--index", index, "--wait", "0.5")
    finally:
        holder.kill()
        holder.wait()
    lines = ran.err.strip().splitlines()
    assert ran.code == 2
    assert "waiting for another" in lines[0] and "is writing this index" in lines[-1] and len(lines) == 2


def test_lock_files_left_by_a_sigkilled_writer_do_not_block_the_next_run(tmp_path, pages, built_index):
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    (index / "newsearch.lock").write_text("pid 999999\n")  # a dead writer's pid
    (index / "MAIN_WRITELOCK").write_text("")
    more = tmp_path / "more"
    write_pages(more, 3, seed=9, tag="more")
    ran = run("index", pages, more, "--index", index)
    assert ran.code == 0, ran.err
    assert "waiting" not in ran.err
    assert len(stored_ids(index)) == 63


def test_sigkill_mid_run_then_rerun_gives_the_same_ids_as_a_clean_run(tmp_path):
    first, second = tmp_path / "docs" / "first", tmp_path / "docs" / "second"
    write_pages(first, 40, seed=2, tag="a")
    write_pages(second, 200, seed=3, tag="b")
    clean = tmp_path / "clean"
    assert run("index", tmp_path / "docs", "--index", clean).code == 0
    killed = tmp_path / "killed"
    assert run("index", first, "--index", killed).code == 0  # a committed state to fall back on
    # `-` keeps the writer alive (reading a stdin we never close) after the pages, before its commit,
    # so the kill lands mid-run however fast the machine is.
    writer = subprocess.Popen(newsearch_argv("index", tmp_path / "docs", "-", "--index", killed), env=child_env(),
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while f"pid {writer.pid}" not in (killed / "newsearch.lock").read_text():
        assert time.monotonic() < deadline and writer.poll() is None
        time.sleep(0.02)
    time.sleep(0.5)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdin.close()
    assert writer.returncode == -signal.SIGKILL
    after_kill = run("query", "story", "--index", killed, "--format", "jsonl", "--limit", "1000")
    assert after_kill.code == 0 and "Traceback" not in after_kill.err
    assert len(after_kill.out.splitlines()) == 40  # the last commit, nothing half-written
    rerun = run("index", tmp_path / "docs", "--index", killed)
    assert rerun.code == 0, rerun.err
    ids = stored_ids(killed)
    assert len(ids) == len(set(ids)) == 240
    assert set(ids) == set(stored_ids(clean))


def test_rebuild_refuses_a_folder_that_is_not_an_index_and_deletes_nothing(tmp_path, pages):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me\n")
    ran = run("index", pages, "--index", folder, "--rebuild")
    assert_one_line_error(ran, 2, "holds no newsearch index", "choose another --index")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "keep me\n"


def test_index_path_that_is_a_file_exits_2(tmp_path, pages):
    target = tmp_path / "a-file"
    target.write_text("x")
    assert_one_line_error(run("index", pages, "--index", target), 2, "exists and is not a folder")
    assert target.read_text() == "x"

