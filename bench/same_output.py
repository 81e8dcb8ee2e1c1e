"""Every command's pipe output on the seed, BBC News and Reuters, saved to compare two versions.

A refactor must not change what newsearch prints. This script indexes each collection with the
newsearch on PATH (or `--newsearch CMD`), runs a fixed set of commands in every pipe format, and
writes each command's stdout and exit code under OUT/<collection>/. Run it on the old code and on
the new, then `--compare OLD NEW` lists every output that differs (exit 1 if any).

    python bench/same_output.py OUT [--only seed,bbc,reuters]
    python bench/same_output.py --compare OLD NEW

Indexes are built in fixed folders under bench/data/same-output/ (stored paths are absolute, so
both runs must use the same folders); timings and the index size in `stats` are left out of the
comparison.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import common
import reuters

WORK = common.DATA / "same-output"
FORMATS = ("jsonl", "tsv", "paths")

# (name, argv after the command name); `{id}` is the first article id of the collection's first query.
QUERIES = {
    "seed": ['"Min Aung Hlaing"', "Shoigu Moscow", "speaker:Shoigu", "junta -Russia", "Mosc*", "published:2021",
             '"Shoigu Myanmar"~10', "Hlaing w/s Putin", "title:Moscow OR body:arms"],
    "bbc": ["Blair election", '"prime minister"', "speaker:Blair", "Kilroy-Silk", "mobile phone*", "England -rugby",
            "title:film", "published:[2004 TO 2005]", "economy^2 growth"],
    "reuters": ["oil prices", '"crude oil"', "speaker:Baker", "G-7 Baker", "yen dollar -Japan", "coffee OR cocoa",
                "title:bank", "published:1987-03", "earn*"],
}
RESEARCH = [
    ["quotes", "{q0}", "-n", "50"],
    ["quotes", "{q0}", "--sort", "date", "--duplicates"],
    ["people", "{q0}", "-n", "50"],
    ["people", "{q0}", "--sort", "name"],
    ["timeline", "{q0}", "--by", "month"],
    ["similar", "{id}"],
    ["show", "{id}"],
    ["stats"],
]
QUERY_OPTIONS = [[], ["--any"], ["--sort", "date"], ["--collapse"], ["--facet", "source", "--facet", "year"],
                 ["--kwic"], ["-n", "3", "--offset", "2"], ["--since", "1987-03-01", "--until", "2005-12-31"]]


def collection_paths(name: str) -> list[Path]:
    """The documents of a collection (extracted once into bench/data)."""
    if name == "seed":
        return [Path(__file__).resolve().parent.parent / "seeds"]
    if name == "bbc":
        archive = common.require_corpus("bbc-news", "bbc-fulltext.tar.gz")
        root = common.extract_tar(archive, common.DATA / "bbc-news", lambda d: (d / "bbc" / "tech").is_dir()) / "bbc"
        return [root / topic for topic in ("business", "entertainment", "politics", "sport", "tech")]
    out = common.DATA / "reuters" / "reuters.jsonl"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        reuters.convert(common.require_corpus("reuters-21578", "reuters21578.tar.gz"), out)
    return [out]


def run(ns: list[str], argv: list[str], stdin: str | None = None) -> tuple[str, int]:
    done = subprocess.run([*ns, *argv], capture_output=True, text=True, input=stdin, timeout=600)
    return done.stdout, done.returncode


def snapshot(ns: list[str], out: Path, name: str) -> int:
    """Index one collection and save every command's output; the number of outputs saved."""
    index = WORK / name
    subprocess.run([*ns, "index", *map(str, collection_paths(name)), "--index", str(index), "--rebuild"],
                   check=True, capture_output=True, timeout=1800)
    folder = common.fresh_dir(out / name)
    outputs: dict[str, tuple[str, int]] = {}
    parse_target = collection_paths(name)[0]
    outputs["parse"] = run(ns, ["parse", str(parse_target), "--format", "jsonl"])
    first = QUERIES[name][0]
    hits, _ = run(ns, ["query", first, "--index", str(index), "--format", "jsonl", "-n", "1"])
    first_id = json.loads(hits.splitlines()[0])["id"] if hits.strip() else "none"
    for q in QUERIES[name]:
        for options in QUERY_OPTIONS:
            for fmt in FORMATS if not options else ("jsonl",):
                argv = ["query", q, *options, "--format", fmt, "--index", str(index)]
                outputs[shlex.join(argv[:-2])] = run(ns, argv)
    batch = "".join(f"q{i}\t{q}\n" for i, q in enumerate(QUERIES[name]))
    outputs["query --batch -"] = run(ns, ["query", "--batch", "-", "--format", "jsonl", "--index", str(index)], batch)
    for template in RESEARCH:
        argv = [a.replace("{q0}", first).replace("{id}", first_id) for a in template]
        outputs[shlex.join(argv)] = run(ns, [*argv, "--format", "jsonl", "--index", str(index)])
    for number, (label, (stdout, code)) in enumerate(sorted(outputs.items())):
        if label == "stats":
            stdout = _without_timings(stdout)
        (folder / f"{number:03d}.out").write_text(f"$ {label}\nexit {code}\n{stdout}", encoding="utf-8")
    return len(outputs)


def _without_timings(stats_jsonl: str) -> str:
    rows = [json.loads(line) for line in stats_jsonl.splitlines() if line.strip()]
    for row in rows:
        # Timings, and the index's size in bytes (Whoosh's files vary by a few bytes run to run).
        for key in [k for k in row if k.endswith(("_ms", "_seconds", "_at")) or k == "size_bytes"]:
            del row[key]
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)


def compare(old: Path, new: Path) -> int:
    """Print each output that differs between two snapshots; 1 if any does."""
    differ = 0
    for before in sorted(old.rglob("*.out")):
        after = new / before.relative_to(old)
        if not after.exists() or after.read_bytes() != before.read_bytes():
            differ += 1
            print(f"differs: {before.relative_to(old)} ({before.read_text(encoding='utf-8').splitlines()[0]})")
    total = len(list(old.rglob("*.out")))
    print(f"{total - differ} of {total} outputs byte-identical")
    return 1 if differ else 0


def main() -> int:
    p = common.parser(__doc__)
    p.add_argument("out", nargs="?", type=Path)
    p.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    p.add_argument("--only", default="seed,bbc,reuters")
    p.add_argument("--newsearch", help="command that runs newsearch (default: this checkout's)")
    args = p.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        p.error("OUT is required without --compare")
    ns = shlex.split(args.newsearch) if args.newsearch else common.newsearch_command()
    for name in args.only.split(","):
        print(f"{name}: {snapshot(ns, args.out, name)} outputs saved", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
