"""A two-node Sphinx cluster beside the embedded Whoosh engine, in one run (issue 20's performance part).

The script starts its own cluster: `newsearch cluster ADDRESS --folder DIR` writes the two nodes'
configs in a temporary folder under bench/data/cluster/ (git-ignored), `searchd -c ... --nodetach`
runs each node on loopback ports (default 29306 and 29406; the nodes talk to each other on port + 6),
and the nodes are stopped at the end, on an error too. An index folder for Whoosh sits beside them.

At each scale (Reuters-21578 ×N as JSON Lines, bench/reuters.py's copies: every story N times, ids
changed; ×5 is 104,205 stories, ×20 416,820):

- loading, whole process: `newsearch index FILE --index sphinx://... --rebuild` and the same into the
  index folder: wall s, stories/s, the client's CPU s and peak RSS, the searchd nodes' CPU s during
  the load (read from /proc), and the Sphinx rate ÷ the Whoosh rate;
- whole-process `newsearch query Q --format jsonl --index ...` over QUERIES (words, a phrase, fields,
  boolean, prefix, date ranges), engines alternated per run: median and p95;
- in process, one open engine each (`open_engine(...).search(q)`, 10 hits with snippets), engines
  alternated query by query (the first engine swapped each pass): p50, p95, and the matches found.

    nice -n 5 python bench/cluster.py [--quick | --scales 5,20] [--rounds N] [--passes N] [--ports A,B] [--write]

`--quick`: ×1 only, one round. `--write` puts the tables in bench/results/cluster.md.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common
import copies
import perf
import reuters

BASE = common.DATA / "cluster"
RESULTS = common.BENCH / "results" / "cluster.md"
API_PORT_OFFSET = 6  # each node's own protocol, what the other node's distributed index calls
_PICKED = ("oil", "gold", "Volcker", "crude oil", "trade deficit", '"interest rates"', '"federal reserve"',
           "title:oil", "title:coffee prices", "body:tariffs", "petro*", "export*", "gold OR silver",
           "wheat AND (Soviet OR China)", "oil NOT crude", "bank -merger")
assert all(q in perf.QUERIES for q in _PICKED)
QUERIES = [*_PICKED, "oil published:[1987-03-01 TO 1987-03-31]", "coffee published:>=1987-06-01"]


# ---------------------------------------------------------------- the cluster


class Cluster:
    """Two searchd nodes started from the configs `newsearch cluster --folder` writes."""

    def __init__(self, ports: list[int], folder: Path, argv: list[str], env: dict):
        for port in ports:
            for p in (port, port + API_PORT_OFFSET):
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", p)) == 0:
                        raise SystemExit(f"port {p} is in use: choose others with --ports")
        self.address = "sphinx://" + ",".join(f"127.0.0.1:{p}" for p in ports)
        self.ports, self.folder = ports, folder
        common.check_child([*argv, "cluster", self.address, "--folder", str(folder)], env=env, cwd=common.REPO)
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        for n, port in enumerate(self.ports):
            home = self.folder / f"node-{n}"
            log = open(home / "stdout.log", "ab")
            self.processes.append(subprocess.Popen(["searchd", "-c", str(home / "searchd.conf"), "--nodetach"],
                                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
            deadline = time.monotonic() + 30
            while True:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if self.processes[-1].poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"searchd of node {n} did not start; see {home}/stdout.log")
                time.sleep(0.05)

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of every node so far (all its threads)."""
        total = 0
        for process in self.processes:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> list[float]:
        sizes = []
        for process in self.processes:
            for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def chunks(self) -> str:
        """Each node's `articles_rt` disk chunks (SHOW INDEX ... STATUS), after a flush of its RAM chunk."""
        import pymysql

        found = []
        for port in self.ports:
            connection = pymysql.connect(host="127.0.0.1", port=port, user="", autocommit=True)
            try:
                with connection.cursor() as cursor:
                    cursor.execute("FLUSH RTINDEX articles_rt")
                    cursor.execute("SHOW INDEX articles_rt STATUS")
                    status = dict(cursor.fetchall())
                found.append(status.get("disk_chunks", "?"))
            finally:
                connection.close()
        return "/".join(str(c) for c in found)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()


# ---------------------------------------------------------------- corpora and measurements


def corpus(scale: int) -> Path:
    """Reuters ×`scale` as JSON Lines under bench/data/cluster/ (written once)."""
    path = BASE / f"reuters-x{scale}.jsonl"
    if not path.exists():
        records = list(reuters.stories(common.require_corpus(*reuters.ARCHIVE)))
        partial = path.with_suffix(".partial")
        reuters.write_copies(records, scale, partial)
        partial.rename(path)
    return path


def load(argv: list[str], env: dict, source: Path, index: str, nodes: Cluster) -> dict:
    """`newsearch index SOURCE --index INDEX --rebuild` as a child process, with the nodes' CPU."""
    before = nodes.cpu_seconds()
    with tempfile.TemporaryFile() as err:
        wall, cpu, rss, code = copies.child([*argv, "index", str(source), "--index", index, "--rebuild"], env, err)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    if code != 0:
        raise SystemExit(f"indexing {source} into {index} failed (exit {code}):\n{message[-2000:]}")
    summary = [line for line in message.splitlines() if line.startswith("indexed")]
    return {"wall": wall, "cpu": cpu, "rss": rss, "nodes_cpu": nodes.cpu_seconds() - before,
            "summary": summary[-1] if summary else message.strip()[-200:]}


def whole_process(argv: list[str], env: dict, indexes: dict[str, str], rounds: int) -> dict[str, dict[str, list]]:
    """Wall seconds of `query Q --format jsonl` per engine and query, engines alternated run by run."""
    times: dict[str, dict[str, list]] = {name: {} for name in indexes}
    for query in QUERIES:
        commands = {name: [*argv, "query", query, "--format", "jsonl", "--index", index]
                    for name, index in indexes.items()}
        for argv_ in commands.values():  # the warm-up run, which must succeed (exit 1: no match)
            common.check_child(argv_, ok_codes=(0, 1), env=env, cwd=common.REPO)
        for name, samples in common.interleaved(commands, rounds, 0, env=env, cwd=common.REPO).items():
            times[name][query] = samples
    return times


def in_process(indexes: dict[str, str], passes: int) -> tuple[dict[str, list[float]], dict[str, dict[str, int]]]:
    """Per-query seconds of `engine.search(q)` on engines opened once; the matches each found."""
    sys.path.insert(0, str(common.REPO))
    from newsearch.engines import open_engine

    engines = {name: open_engine(index) for name, index in indexes.items()}
    totals = {name: {q: engine.search(q).total for q in QUERIES} for name, engine in engines.items()}  # warm-up
    samples: dict[str, list[float]] = {name: [] for name in engines}
    order = list(engines)
    for number in range(passes):
        for query in QUERIES:
            for name in (order if number % 2 == 0 else order[::-1]):
                started = time.perf_counter()
                engines[name].search(query)
                samples[name].append(time.perf_counter() - started)
    for engine in engines.values():
        close = getattr(getattr(engine, "cluster", None), "close", None)
        if close:
            close()
    return samples, totals


def measure_scale(scale: int, argv: list[str], env: dict, nodes: Cluster, scratch: Path, rounds: int,
                  passes: int) -> dict:
    source = corpus(scale)
    stories = sum(1 for _ in open(source, encoding="utf-8"))
    folder = scratch / f"whoosh-x{scale}"
    shutil.rmtree(folder, ignore_errors=True)
    indexes = {"Whoosh": str(folder), "Sphinx": nodes.address}
    runs = {}
    for name, index in indexes.items():
        print(f"  ×{scale}: loading {stories:,} stories into {name}…", file=sys.stderr, flush=True)
        runs[name] = load(argv, env, source, index, nodes)
        print(f"    {runs[name]['wall']:.1f} s, {stories / runs[name]['wall']:.0f} stories/s", file=sys.stderr)
    runs["Whoosh"]["size_mb"] = common.dir_size(folder) / 2**20
    chunks = nodes.chunks()
    runs["Sphinx"]["size_mb"] = common.dir_size(nodes.folder) / 2**20
    runs["Sphinx"]["nodes_rss"] = nodes.rss_mb()
    print(f"  ×{scale}: whole-process queries…", file=sys.stderr, flush=True)
    process = whole_process(argv, env, indexes, rounds)
    print(f"  ×{scale}: in-process queries…", file=sys.stderr, flush=True)
    inproc, totals = in_process(indexes, passes)
    shutil.rmtree(folder, ignore_errors=True)  # the next scale loads its own (and the disk is shared)
    return {"stories": stories, "runs": runs, "process": process, "inproc": inproc, "totals": totals, "chunks": chunks}


# ---------------------------------------------------------------- report


def report(results: dict[int, dict], rounds: int, passes: int, ports: list[int]) -> str:
    out = [f"Two Sphinx {searchd_version()} nodes on one machine (loopback ports {ports[0]} and {ports[1]}, "
           f"articles routed by id) against one Whoosh index folder, in the same run; both loaded by "
           f"`newsearch index FILE --index ... --rebuild` (one JSON Lines file of Reuters ×N). {len(QUERIES)} "
           f"queries; whole process: {rounds} run(s) per query and engine after a warm-up run, engines "
           f"alternated; in process: {passes} pass(es) after a warm-up pass, engines alternated query by query. "
           f"The nodes share the 2 cores with the client.\n"]
    rows = []
    for scale, r in results.items():
        w, s = r["runs"]["Whoosh"], r["runs"]["Sphinx"]
        for name, run in (("Whoosh", w), ("Sphinx (2 nodes)", s)):
            rows.append([f"×{scale}", name, r["stories"], run["wall"], r["stories"] / run["wall"], run["cpu"],
                         run["nodes_cpu"] if name.startswith("Sphinx") else "", run["rss"], run["size_mb"],
                         common.ratio(w["wall"], run["wall"])])
    out.append(common.table(["scale", "engine", "stories", "load wall s", "stories/s", "client CPU s",
                             "searchd CPU s", "client peak MB", "on disk MB", "rate ÷ Whoosh's"], rows))
    out.append("")
    rows = []
    for scale, r in results.items():
        for name in ("Whoosh", "Sphinx"):
            every = [t for samples in r["process"][name].values() for t in samples]
            per_query = [common.median(samples) for samples in r["process"][name].values()]
            p50, p95 = common.median(r["inproc"][name]), common.p95(r["inproc"][name])
            rows.append([f"×{scale}", name, common.ms(common.median(every)), common.ms(common.p95(every)),
                         common.ms(max(per_query)), common.ms(p50), common.ms(p95)])
    out.append(common.table(["scale", "engine", "`query --format jsonl` median ms", "p95 ms",
                             "slowest query's median ms", "in-process p50 ms", "p95 ms"], rows))
    out.append("")
    if len(results) > 1:
        small, large = min(results), max(results)
        rows = []
        for name in ("Whoosh", "Sphinx"):
            a, b = results[small], results[large]
            med = [common.median([t for s in x["process"][name].values() for t in s]) for x in (a, b)]
            rows.append([name, common.ratio(b["runs"][name]["wall"], a["runs"][name]["wall"]),
                         common.ratio(med[1], med[0]),
                         common.ratio(common.median(b["inproc"][name]), common.median(a["inproc"][name])),
                         common.ratio(common.p95(b["inproc"][name]), common.p95(a["inproc"][name]))])
        out.append(common.table([f"growth ×{large} ÷ ×{small} ({large // small}× the stories)", "load wall",
                                 "whole-process median", "in-process p50", "in-process p95"], rows))
        out.append("")
    for scale, r in results.items():
        rows = [[f"`{q}`", r["totals"]["Whoosh"][q], r["totals"]["Sphinx"][q],
                 common.ms(common.median(r["process"]["Whoosh"][q])), common.ms(common.median(r["process"]["Sphinx"][q]))]
                for q in QUERIES]
        out.append(f"Per query at ×{scale} (matches from the in-process search; whole-process medians):\n")
        out.append(common.table(["query", "Whoosh matches", "Sphinx matches", "Whoosh ms", "Sphinx ms"], rows))
        out.append("")
    for scale, r in results.items():
        s = r["runs"]["Sphinx"]
        out.append(f"- ×{scale}: Whoosh summary `{r['runs']['Whoosh']['summary']}`; Sphinx summary `{s['summary']}`; "
                   f"searchd RSS after the load {', '.join(f'{m:.0f}' for m in s['nodes_rss'])} MB; "
                   f"`articles_rt` disk chunks per node after a flush {r['chunks']}")
    return "\n".join(out) + "\n"


def searchd_version() -> str:
    done = subprocess.run(["searchd", "--help"], capture_output=True, text=True)
    first = (done.stdout or done.stderr).splitlines()[:1]
    return first[0].split()[1] if first and len(first[0].split()) > 1 else "?"


def main() -> None:
    p = common.parser(__doc__)
    p.add_argument("--scales", default="5,20", help="Reuters copies to load, comma-separated (default 5,20)")
    p.add_argument("--rounds", type=int, help="whole-process runs per query and engine (default 3; --quick 1)")
    p.add_argument("--passes", type=int, help="in-process passes over the queries (default 5; --quick 1)")
    p.add_argument("--ports", default="29306,29406", help="the two nodes' SphinxQL ports (API: port + 6)")
    p.add_argument("--write", action="store_true", help=f"write the tables to {RESULTS.relative_to(common.REPO)}")
    args = p.parse_args()
    scales = [1] if args.quick else [int(s) for s in args.scales.split(",")]
    rounds = args.rounds or (1 if args.quick else 3)
    passes = args.passes or (1 if args.quick else 5)
    ports = [int(s) for s in args.ports.split(",")]
    if len(ports) != 2 or any(p_ in (9306, 9406, 19306, 19406) for p_ in ports):
        raise SystemExit("--ports: two ports, not 9306/9406/19306/19406 (other clusters use them)")
    if not shutil.which("searchd"):
        print("skipped: searchd not found (apt-get install -y sphinxsearch)")
        return
    started = time.time()
    argv, env = copies.newsearch(None)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the nodes on a kill too
    BASE.mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory(dir=BASE, prefix="run-") as scratch:
        nodes = Cluster(ports, Path(scratch) / "nodes", argv, env)
        try:
            nodes.start()
            for scale in scales:
                results[scale] = measure_scale(scale, argv, env, nodes, Path(scratch), rounds, passes)
        finally:
            nodes.stop()
    if args.write and not RESULTS.exists():
        RESULTS.write_text("## A two-node Sphinx cluster beside Whoosh (bench/cluster.py)\n\n", encoding="utf-8")
    common.publish_tables(report(results, rounds, passes, ports), started, RESULTS, "cluster.py", args.write)


if __name__ == "__main__":
    main()
