"""Faults, for real: SIGKILLed writers, concurrent writers, damaged index folders.

Prints Markdown tables of what held and exits 1 if any promise failed. Every newsearch run is a
child process; nothing is mocked.

- kills: a generated corpus (default 3,000 pages: one batch commit mid-run at 2,000 articles, the
  real `COMMIT_EVERY`) is indexed and SIGKILLed at a random moment, uniform over the measured
  clean run time, `--kills` times (a run that finishes first is followed by a `--rebuild` run, so
  every cycle has work to interrupt). After each kill: `query` answers (0/1; 2 only with the "no
  index" message when killed before the first commit), `stats --format jsonl` decodes, no id is
  stored twice. Finally a clean completion, compared with a clean run on a fresh index: same count,
  same ids.
- concurrent: a second writer without `--wait` (exit 2 and the lock message), one with `--wait`
  (waits, then succeeds), queries and stats looping while the first writer runs.
- damage: truncated/deleted segment, deleted TOC, garbage marker, old schema version, deleted or
  garbled `files.json`, locks left by a SIGKILLed writer, `--rebuild` on a folder that is not an
  index.

    python bench/faults.py [--kills 50] [--pages 3000] [--only kills,concurrent,damage] [--optimize] [--quick]
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from common_faults import (  # noqa: E402
    Checks,
    Ran,
    generate_pages,
    index_ids,
    kill_hard,
    newsearch,
    one_line_message,
    short,
    start_newsearch,
)

QUERY = "story"  # every generated page has it in its title


def main() -> int:
    p = common.parser(__doc__.split("\n\n")[0])
    p.add_argument("--kills", type=int, default=50, help="SIGKILLs in the kill loop (default 50)")
    p.add_argument("--pages", type=int, default=3000, help="generated pages for the kill loop (default 3000)")
    p.add_argument("--only", default="damage,concurrent,kills", help="comma-separated parts to run")
    p.add_argument("--optimize", action="store_true", help="kill loop: index with --optimize (kills land in merges too)")
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--keep", action="store_true", help="keep the scratch folder (printed)")
    args = p.parse_args()
    if args.quick:
        args.kills, args.pages = min(args.kills, 5), min(args.pages, 600)
    parts = set(args.only.split(","))
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="newsearch-faults-"))
    common.print_header("Faults: killed writers, concurrent writers, damaged indexes")
    failed = 0
    try:
        if "damage" in parts:
            failed += damage_cases(work / "damage")
        if "concurrent" in parts:
            failed += concurrent_writers(work / "concurrent", max(args.pages, 2500) if not args.quick else 600)
        if "kills" in parts:
            failed += kill_loop(work / "kills", args.pages, args.kills, rng, ("--optimize",) if args.optimize else ())
    finally:
        if args.keep:
            print(f"\nscratch kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n**{'all promises held' if not failed else f'{failed} check(s) FAILED'}**")
    return 1 if failed else 0


# ---------------------------------------------------------------- kill loop


def kill_loop(work: Path, pages: int, kills: int, rng: random.Random, options: tuple[str, ...] = ()) -> int:
    corpus = work / "corpus"
    generate_pages(corpus, pages, seed=7)
    reference = work / "reference"
    clean = newsearch("index", corpus, "--index", reference, *options, timeout=3600)
    if clean.code != 0:
        print(f"reference run failed ({clean.code}): {clean.err}")
        return 1
    expected = index_ids(reference)
    run_time = clean.seconds
    target = work / "killed"
    killed = completed = tracebacks = bad_queries = bad_stats = dup_seen = 0
    counts: dict[int, int] = {}
    notes: list[str] = []
    cycle = 0
    rebuild = False
    started = time.perf_counter()
    while killed < kills:
        cycle += 1
        delay = rng.uniform(0, run_time)
        stderr_path = work / f"cycle{cycle}.err"
        proc = start_newsearch("index", corpus, "--index", target, *options, *(["--rebuild"] if rebuild else []),
                               stderr_path=stderr_path)
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        if kill_hard(proc):
            killed += 1
            rebuild = False
        else:
            completed += 1
            rebuild = True  # nothing left to do incrementally: start over so the next kill interrupts work
            if proc.returncode != 0:
                notes.append(f"cycle {cycle}: index exited {proc.returncode}: {short(stderr_path.read_text())}")
        err = stderr_path.read_text(encoding="utf-8", errors="replace")
        if "Traceback" in err:
            tracebacks += 1
            notes.append(f"cycle {cycle}: traceback from index: {short(err[-400:])}")
        q = newsearch("query", QUERY, "--index", target, "--format", "jsonl", "--limit", "1")
        before_first_commit = q.code == 2 and "no index at" in q.err
        if q.traceback:
            tracebacks += 1
        if q.code not in (0, 1) and not before_first_commit:
            bad_queries += 1
            notes.append(f"cycle {cycle} (after {delay:.1f} s): query exit {q.code}: {short(q.err)}")
        s = newsearch("stats", "--index", target, "--format", "jsonl")
        if s.traceback:
            tracebacks += 1
        if s.code == 0:
            try:
                count = json.loads(s.out)["articles"]
                counts[count] = counts.get(count, 0) + 1
            except (ValueError, KeyError) as error:
                bad_stats += 1
                notes.append(f"cycle {cycle}: stats output does not decode ({error})")
        elif not before_first_commit:
            bad_stats += 1
            notes.append(f"cycle {cycle}: stats exit {s.code}: {short(s.err)}")
        if s.code == 0:
            ids = index_ids(target)
            dup_seen += len(ids) - len(set(ids))
        print(f"  cycle {cycle}: {'killed' if proc.returncode == -9 else 'finished'} after {delay:.1f} s; "
              f"query {q.code}, stats {s.code}", file=sys.stderr, flush=True)
    final = newsearch("index", corpus, "--index", target, *options, timeout=3600)
    got = index_ids(target)
    lost = len(set(expected) - set(got))
    extra = len(set(got) - set(expected))
    duplicates = len(got) - len(set(got))
    elapsed = time.perf_counter() - started
    checks = Checks()
    checks.add("kills survived", f"{kills} SIGKILLs, each followed by a working query and stats",
               f"{killed} kills ({completed} runs finished before their kill) in {elapsed / 60:.1f} min",
               killed >= kills and bad_queries == 0 and bad_stats == 0)
    checks.add("query after each kill", "exit 0/1 (2 only as 'no index' before the first commit)",
               f"{bad_queries} bad", bad_queries == 0)
    checks.add("stats --format jsonl after each kill", "exit 0 and one JSON object", f"{bad_stats} bad", bad_stats == 0)
    checks.add("article counts seen after kills", "only committed states (multiples of COMMIT_EVERY, or all)",
               ", ".join(f"{n} articles ×{c}" for n, c in sorted(counts.items())), True)
    checks.add("duplicates seen after kills", "0", str(dup_seen), dup_seen == 0)
    checks.add("final clean completion", "exit 0", f"exit {final.code}: {short(final.err)}", final.code == 0)
    checks.add("documents lost vs clean run", "0", f"{lost} (clean run: {len(set(expected))} ids)", lost == 0)
    checks.add("documents not in clean run", "0", str(extra), extra == 0)
    checks.add("duplicated documents", "0", str(duplicates), duplicates == 0)
    checks.add("tracebacks", "0", str(tracebacks), tracebacks == 0)
    print(f"\n### Kill loop: {pages} generated pages{', index ' + ' '.join(options) if options else ''}, "
          f"clean run {run_time:.1f} s, kills uniform over [0, {run_time:.1f} s]\n")
    print(checks.table())
    for note in notes[:20]:
        print(f"- {note}")
    return checks.failed


# ---------------------------------------------------------------- concurrent writers


def concurrent_writers(work: Path, pages: int) -> int:
    first, second = work / "first", work / "second"
    generate_pages(first, pages, seed=11, tag="a")
    generate_pages(second, 50, seed=12, tag="b")
    target = work / "index"
    checks = Checks()
    writer = start_newsearch("index", first, "--index", target, stderr_path=work / "writer.err")
    toc_seen = _wait_for(lambda: any(target.glob("_MAIN_*.toc")), 120)
    lock_text = (target / "newsearch.lock").read_text() if (target / "newsearch.lock").exists() else ""
    checks.add("lock file names the writer", f"pid {writer.pid}", short(lock_text) or "(empty)",
               f"pid {writer.pid}" in lock_text)
    refused = newsearch("index", second, "--index", target)
    checks.add("second writer, no --wait", "exit 2, one line naming the other writer and --wait, no traceback",
               f"exit {refused.code}: {short(refused.err)}",
               refused.code == 2 and "--wait" in refused.err and one_line_message(refused.err) and not refused.traceback)
    waiting_err = work / "waiting.err"
    waiter = start_newsearch("index", second, "--index", target, "--wait", "3600", stderr_path=waiting_err)
    codes: dict[int, int] = {}
    counts: set[int] = set()
    loops = tracebacks = bad = 0
    while writer.poll() is None and toc_seen:
        loops += 1
        q = newsearch("query", QUERY, "--index", target, "--format", "jsonl", "--limit", "3")
        s = newsearch("stats", "--index", target, "--format", "jsonl")
        codes[q.code] = codes.get(q.code, 0) + 1
        tracebacks += q.traceback + s.traceback
        if q.code not in (0, 1):
            bad += 1
            print(f"  query during writing: exit {q.code}: {short(q.err)}", file=sys.stderr)
        if s.code == 0:
            counts.add(json.loads(s.out)["articles"])
        else:
            bad += 1
            print(f"  stats during writing: exit {s.code}: {short(s.err)}", file=sys.stderr)
    writer.wait()
    waiter.wait(timeout=3600)
    waited = waiting_err.read_text()
    checks.add("first writer", "exit 0", f"exit {writer.returncode}", writer.returncode == 0)
    checks.add("second writer with --wait", "says it waits (once), then exit 0",
               f"exit {waiter.returncode}; stderr: {short(waited, 200)}",
               waiter.returncode == 0 and waited.count("waiting for another") == 1 and "Traceback" not in waited)
    checks.add("queries while writing", "every query exit 0/1 and stats exit 0, no traceback",
               f"{loops} query+stats rounds; query exits {dict(sorted(codes.items()))}; {bad} bad; {tracebacks} tracebacks",
               bad == 0 and tracebacks == 0 and loops > 0)
    checks.add("article counts seen while writing", "committed states only",
               ", ".join(map(str, sorted(counts))), True)
    ids = index_ids(target)
    checks.add("both writers' articles, once each", f"{pages + 50} ids, no duplicates",
               f"{len(set(ids))} ids, {len(ids) - len(set(ids))} duplicates", len(set(ids)) == pages + 50 and len(ids) == len(set(ids)))
    print(f"\n### Concurrent writers ({pages} pages being written, a second writer of 50 pages)\n")
    print(checks.table())
    return checks.failed


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


# ---------------------------------------------------------------- damaged index folders


def damage_cases(work: Path) -> int:
    corpus = work / "corpus"
    pages = 300
    generate_pages(corpus, pages, seed=3)
    base = work / "base"
    built = newsearch("index", corpus, "--index", base)
    assert built.code == 0, built.err
    checks = Checks()

    def segments(folder: Path) -> list[Path]:
        return sorted(folder.glob("*.seg"), key=lambda p: p.stat().st_size, reverse=True)

    def truncate_segment(folder: Path) -> None:
        seg = segments(folder)[0]
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])

    def zero_tail_segment(folder: Path) -> None:
        seg = segments(folder)[0]
        data = bytearray(seg.read_bytes())
        data[len(data) // 3:] = bytes(len(data) - len(data) // 3)
        seg.write_bytes(bytes(data))

    def old_schema(folder: Path) -> None:
        marker = json.loads((folder / "newsearch.json").read_text())
        marker["schema_version"] -= 1
        (folder / "newsearch.json").write_text(json.dumps(marker))

    cases = [
        ("segment truncated to half", truncate_segment, "damaged"),
        ("segment tail overwritten with zeros", zero_tail_segment, "damaged"),
        ("segment deleted", lambda f: segments(f)[0].unlink(), "damaged"),
        ("TOC deleted", lambda f: [t.unlink() for t in f.glob("_MAIN_*.toc")], "damaged"),
        ("garbage in newsearch.json", lambda f: (f / "newsearch.json").write_bytes(b"\x00garbage{"), "damaged"),
        ("newsearch.json of an older schema_version", old_schema, "damaged"),
        ("files.json deleted", lambda f: (f / "files.json").unlink(), "recovers"),
        ("files.json garbled", lambda f: (f / "files.json").write_text('{"generation": 1, "files": [1, 2'), "recovers"),
        ("files.json from another generation", lambda f: _shift_generation(f), "recovers"),
        ("stale newsearch.lock and MAIN_WRITELOCK (dead pid)", _stale_locks, "recovers"),
    ]
    for name, damage, kind in cases:
        folder = work / f"case-{len(checks.rows)}"
        shutil.copytree(base, folder)
        damage(folder)
        q = newsearch("query", QUERY, "--index", folder, "--format", "jsonl", "--limit", "500")
        s = newsearch("stats", "--index", folder, "--format", "jsonl")
        again = newsearch("index", corpus, "--index", folder)
        if kind == "damaged":
            good = all(r.code == 2 and "--rebuild" in r.err and one_line_message(r.err) and not r.traceback for r in (q, s))
            expected = "query, stats: exit 2, one line naming `--rebuild`; no traceback"
        else:
            good = q.code == 0 and s.code == 0 and again.code == 0 and not (q.traceback or s.traceback or again.traceback)
            good = good and len(q.out.splitlines()) == min(pages, 500) and json.loads(s.out)["articles"] == pages
            expected = f"query, stats, index: exit 0; still {pages} articles"
        rebuilt = newsearch("index", corpus, "--index", folder, "--rebuild")
        after = newsearch("stats", "--index", folder, "--format", "jsonl")
        recovered = rebuilt.code == 0 and after.code == 0 and json.loads(after.out)["articles"] == pages
        happened = (f"query {q.code}, stats {s.code}, index {again.code}: {short(_first_error(q, s, again), 150)}"
                    f"; --rebuild {rebuilt.code} → {'recovered' if recovered else 'NOT recovered: ' + short(rebuilt.err)}")
        checks.add(name, expected + "; `--rebuild` recovers", happened, good and recovered)
    checks.add(*_killed_writer_locks(work, corpus, pages))
    checks.add(*_rebuild_refuses(work, corpus))
    print(f"\n### Damaged index folders (an index of {pages} generated pages, damaged, then queried, re-indexed, rebuilt)\n")
    print(checks.table())
    return checks.failed


def _first_error(*runs: Ran) -> str:
    for run in runs:
        if run.traceback:
            return "TRACEBACK: " + run.err.strip().splitlines()[-1]
        if run.code not in (0,):
            return run.err.strip() or f"exit {run.code}, nothing on stderr"
    return "no error"


def _shift_generation(folder: Path) -> None:
    state = json.loads((folder / "files.json").read_text())
    state["generation"] += 5
    (folder / "files.json").write_text(json.dumps(state))


def _stale_locks(folder: Path) -> None:
    (folder / "newsearch.lock").write_text("pid 999999\n")
    (folder / "MAIN_WRITELOCK").write_text("")


def _killed_writer_locks(work: Path, corpus: Path, pages: int) -> tuple[str, str, str, bool]:
    """A writer SIGKILLed while it holds both locks: the next run must start at once and finish."""
    folder = work / "killed-writer"
    proc = start_newsearch("index", corpus, "--index", folder)
    _wait_for(lambda: (folder / "newsearch.lock").exists() and "pid" in (folder / "newsearch.lock").read_text(), 60)
    # The pid is written once the lock is held, and the lock is held to the end of the run: kill
    # at once (a few hundred pages now index in well under a second).
    was_killed = kill_hard(proc)
    leftovers = sorted(p.name for p in folder.iterdir() if "LOCK" in p.name.upper())
    started = time.perf_counter()
    rerun = newsearch("index", corpus, "--index", folder)
    took = time.perf_counter() - started
    s = newsearch("stats", "--index", folder, "--format", "jsonl")
    count = json.loads(s.out)["articles"] if s.code == 0 else None
    return ("locks left by a SIGKILLed writer", f"next `index` exits 0 without waiting; {pages} articles",
            f"killed: {was_killed}; left: {', '.join(leftovers)}; rerun exit {rerun.code} in {took:.1f} s; {count} articles",
            was_killed and rerun.code == 0 and count == pages and "waiting" not in rerun.err)


def _rebuild_refuses(work: Path, corpus: Path) -> tuple[str, str, str, bool]:
    folder = work / "not-an-index"
    folder.mkdir()
    keep = {"notes.txt": b"my notes\n", "sub/data.bin": b"\x00\x01"}
    for name, data in keep.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    r = newsearch("index", corpus, "--index", folder, "--rebuild")
    intact = all((folder / n).exists() and (folder / n).read_bytes() == d for n, d in keep.items())
    extra = sorted(p.name for p in folder.iterdir() if p.name not in ("notes.txt", "sub"))
    return ("`--rebuild` on a folder that is not an index", "exit 2, one line; nothing deleted or added",
            f"exit {r.code}: {short(r.err)}; files intact: {intact}; added: {extra or 'nothing'}",
            r.code == 2 and intact and one_line_message(r.err) and not r.traceback)


if __name__ == "__main__":
    sys.exit(main())
