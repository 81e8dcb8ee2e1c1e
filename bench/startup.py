"""Whole-process start-up: how long a command takes from exec to exit, against `python -c pass`.

Every query pays this cost, so it is the floor of `newsearch query` latency. Commands are run
round-robin (so machine noise hits them alike), after warm-up rounds; median and p95 are reported.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import common

TYPER_VERSIONS = ("0.28.0", "0.29.2")
TYPER_APP = '''\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
'''


def main() -> None:
    p = common.parser(__doc__)
    p.add_argument("--runs", type=int, help="timed runs per command (default 21; --quick: 5)")
    p.add_argument("--warmups", type=int, default=2, help="untimed rounds first (default 2)")
    p.add_argument("--typer-compare", action="store_true",
                   help=f"also time a one-command Typer app under typer {' and '.join(TYPER_VERSIONS)} "
                        "(creates throwaway venvs under /tmp; needs the package registry)")
    p.add_argument("--importtime", action="store_true",
                   help="also print the slowest imports of `newsearch query ... --format jsonl` (-X importtime)")
    args = p.parse_args()
    runs = args.runs or (5 if args.quick else 21)
    warmups = 1 if args.quick and args.warmups == 2 else args.warmups

    py, ns = common.PYTHON, common.newsearch_command()
    with tempfile.TemporaryDirectory(prefix="newsearch-startup-") as tmp:
        index_dir = Path(tmp) / "index"
        common.check_child([*ns, "index", str(common.REPO / "seeds"), "--index", str(index_dir), "--rebuild"])
        query = [*ns, "query", "Min Aung Hlaing", "--index", str(index_dir)]
        commands = {
            "`python -c pass`": [py, "-c", "pass"],
            '`python -c "import typer"`': [py, "-c", "import typer"],
            '`python -c "import whoosh.index"`': [py, "-c", "import whoosh.index"],
            "`newsearch --help`": [*ns, "--help"],
            '`newsearch query "Min Aung Hlaing" --format jsonl`': [*query, "--format", "jsonl"],
            '`newsearch query "Min Aung Hlaing" --format rich --color always`':
                [*query, "--format", "rich", "--color", "always"],
        }
        for argv in commands.values():  # fail loudly rather than time an error message
            common.check_child(argv)
        times = common.interleaved(commands, runs, warmups)
        profile = _importtime([*query, "--format", "jsonl"]) if args.importtime else None

    common.print_header("Start-up (bench/startup.py)")
    print(f"typer {common.package_version('typer')}, whoosh {common.package_version('whoosh')}, "
          f"rich {common.package_version('rich')}, click {common.package_version('click')}; "
          f"{runs} runs per command after {warmups} warm-up round(s), round-robin; "
          f"query on an index of `seeds/`.\n")
    base = common.median(times["`python -c pass`"])
    rows = []
    for name, samples in times.items():
        med = common.median(samples)
        rows.append([name, common.ms(med), common.ms(common.p95(samples)), common.ratio(med, base)])
    print(common.table(["command", "median ms", "p95 ms", "÷ python -c pass"], rows))
    print()

    if args.typer_compare:
        _typer_compare(runs, warmups)
    if profile:
        print(profile)


def _typer_compare(runs: int, warmups: int) -> None:
    """A one-command Typer app under each version, each in its own throwaway venv, round-robin."""
    app = Path(tempfile.gettempdir()) / "newsearch-bench-typer-app.py"
    app.write_text(TYPER_APP)
    commands = {}
    for version in TYPER_VERSIONS:
        venv = Path(tempfile.gettempdir()) / f"newsearch-bench-typer-{version}"
        python = venv / "bin" / "python"
        if common.package_version_in(python, "typer") != version:
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", f"typer=={version}"], check=True,
                           stdout=subprocess.DEVNULL)
        commands[f"typer {version}: `app.py --name x`"] = [str(python), str(app), "--name", "x"]
        commands[f"typer {version}: `app.py --help`"] = [str(python), str(app), "--help"]
        commands[f"typer {version}: `python -c \"import typer\"`"] = [str(python), "-c", "import typer"]
    for argv in commands.values():
        common.check_child(argv)
    times = common.interleaved(commands, runs, warmups)
    print("### Typer versions: a one-command app with default Typer settings\n")
    deps = {v: common.package_version_in(
        Path(tempfile.gettempdir()) / f"newsearch-bench-typer-{v}" / "bin" / "python", "pydantic") for v in TYPER_VERSIONS}
    print("Each version in its own fresh venv (`pip install typer==VERSION`); pydantic there: "
          + ", ".join(f"{v}: {deps[v]}" for v in TYPER_VERSIONS) + ".\n")
    rows = [[name, common.ms(common.median(s)), common.ms(common.p95(s))] for name, s in times.items()]
    print(common.table(["command", "median ms", "p95 ms"], rows))
    print()


def _importtime(argv: list[str]) -> str:
    """The slowest top-level imports (cumulative) of one run, from `python -X importtime`."""
    script = Path(argv[0])
    if script.name == "newsearch":
        argv = [common.PYTHON, "-X", "importtime", "-m", "newsearch", *argv[1:]]
    else:
        argv = [argv[0], "-X", "importtime", *argv[1:]]
    err = subprocess.run(argv, capture_output=True, text=True).stderr
    rows = []
    for line in err.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) <= 3:  # top-level packages only (depth 0-1)
            rows.append((int(m.group(2)), int(m.group(1)), m.group(4), (len(m.group(3)) - 1) // 2))
    rows.sort(reverse=True)
    out = ["### Slowest imports of `newsearch query ... --format jsonl` (`-X importtime`, one run)\n"]
    out.append(common.table(["module", "depth", "cumulative ms", "self ms"],
                            [[f"`{name}`", depth, cum / 1000, self_ / 1000] for cum, self_, name, depth in rows[:15]]))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
