"""Hostile input: escape sequences, control characters, markup, bidi marks, huge and odd files.

Generates a hostile corpus in a temp folder (never in the repository), indexes it as one
`newsearch index` child (peak RSS measured), checks that every case was either indexed or skipped
with a one-line reason on stderr, then runs `query` in every format, `parse`, `show` and `stats`,
and checks the BYTES they write: no ESC except Rich's own SGR colour sequences when colour is on,
no other C0 control, no C1 control, no bidi control; Rich markup printed literally.

When run as root, the index run drops CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (`setpriv`), so a file
without read permission really cannot be read.

    python bench/hostile.py [--big-mb 200] [--long-line-mb 10] [--keep]
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from common_faults import Checks, child_env, has_traceback, newsearch, short  # noqa: E402

MARK = "hostilemarker"
ESC = "\x1b"
OSC8 = f"{ESC}]8;;file:///etc/passwd{ESC}\\click me{ESC}]8;;{ESC}\\"
OSC52 = f"{ESC}]52;c;cm0gLXJmIH4vKg=={chr(7)}"
CSI = f"{ESC}[31m{ESC}[2J{ESC}[H{ESC}[6n{ESC}[?1049h{ESC}[1;1H"
C1 = "\u009b31m\u009d0;pwned\u009c\u0085\u0090dcs\u009c\u008d"
C0 = "\x07\x08\x0b\x0e\x0f\x7fx"
BIDI = "\u202eevil\u202c \u2066iso\u2069 \u202aemb\u202c \u200f"
MARKUP = "[bold]bold?[/bold] [link=file:///etc/passwd]click[/link] [red on white]x[/] :smile:"

# What a terminal could act on. Rich's own colour (SGR: ESC [ digits ; m) is allowed when colour is on.
SGR = re.compile(rb"\x1b\[[0-9;]*m")
C0_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
C1_CHARS = re.compile("[\u0080-\u009f]")
BIDI_CHARS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def page(title: str, body: str) -> str:
    paragraphs = [
        f"{body} {MARK} said the report on Monday, adding more words so the paragraph reads as prose.",
        f'"We {body} will not stop," said Anna Berg, the {MARK} spokeswoman.',
        "The council met again on Tuesday and the talks went on late into the evening.",
    ]
    return f"{MARK} {title}\n\nBy Tomas {body} Reyes\n\n" + "\n\n".join(paragraphs) + "\n"


def build_corpus(root: Path, big_mb: int, long_line_mb: int) -> dict[str, str]:
    """Write the hostile corpus; returns file name → expected outcome (indexed / skipped / empty)."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    cases: dict[str, str] = {}

    def text(name: str, content: str, expect: str = "indexed") -> None:
        (docs / name).write_text(content, encoding="utf-8")
        cases[name] = expect

    text("ansi-csi.txt", page(f"CSI {CSI} title", f"csi {CSI} body"))
    text("osc-hyperlink.txt", page(f"OSC8 {OSC8} title", f"osc8 {OSC8} body"))
    text("osc52-clipboard.txt", page(f"OSC52 {OSC52} title", f"osc52 {OSC52} body {ESC}]0;window title{chr(7)}"))
    text("c1-controls.txt", page(f"C1 {C1} title", f"c1 {C1} body"))
    text("c0-controls.txt", page(f"C0 {C0} title", f"c0 {C0} body"))
    text("rich-markup.txt", page(f"Markup {MARKUP} title", f"markup {MARKUP} body"))
    text("bidi.txt", page(f"Bidi {BIDI} title", f"bidi {BIDI} body"))
    text(f"name-{ESC}]52;c;ZXZpbA=={chr(7)}-{ESC}[31mred\u202e.txt", page("Hostile file name", "filename"))
    text("name-with\nnewline.txt", page("Newline in file name", "newline"))
    text("empty.txt", "", "empty")
    text("blank.txt", "\n \n\t\n", "empty")
    text("empty.json", "", "empty")
    text("empty.jsonl", "", "empty")
    records = [
        {"title": f"{MARK} record {CSI}{OSC52}{C1}{BIDI}", "body": f"record body {MARKUP} {OSC8} {MARK}"},
        "{broken json",
        {"title": f"{MARK} second record"},
        '{"title": "truncated',
        "[1, 2, 3]",
        "[" * 100_000 + "]" * 100_000,
        {"body": f"third record body {MARK} with enough words"},
    ]
    lines = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"
    text("broken-lines.jsonl", lines, "indexed+reasons")
    text("nested.json", "[" * 100_000 + "]" * 100_000, "skipped")
    text("nested-object.json", '{"a":' * 100_000 + "1" + "}" * 100_000, "skipped")
    # A huge JSON array (under the 64 MB whole-document limit, so it is parsed), of non-records.
    with open(docs / "huge-array.json", "w") as handle:
        handle.write("[" + ",".join(["1"] * (20 * 2**20)) + "]")
    cases["huge-array.json"] = "skipped"
    with open(docs / "long-line.txt", "w") as handle:
        handle.write(f"{MARK} long line title\n\n")
        chunk = "word " * 200 + "she said. "
        handle.write(chunk * (long_line_mb * 2**20 // len(chunk)))
        handle.write("\n")
    cases["long-line.txt"] = "indexed"
    with open(docs / "big.txt", "w") as handle:
        block = f"{MARK} a line of a very big text file that goes on and on.\n" * 20_000
        for _ in range(big_mb * 2**20 // len(block) + 1):
            handle.write(block)
    cases["big.txt"] = "skipped"
    (docs / "binary.txt").write_bytes(os.urandom(65536))
    cases["binary.txt"] = "skipped"
    with gzip.open(docs / "bomb.txt.gz", "wb", compresslevel=9) as handle:
        zeros = b"\0" * 2**24
        for _ in range(40):  # 640 MB inflated
            handle.write(zeros)
    cases["bomb.txt.gz"] = "skipped"
    text("unreadable.txt", page("Unreadable", "unreadable"), "skipped")
    os.chmod(docs / "unreadable.txt", 0)
    text("zzz-deleted-mid-run.txt", page("Deleted mid run", "deleted"), "skipped")
    (docs / "sub").mkdir()
    (docs / "sub" / "inside.txt").write_text(page("Inside a looped folder", "inside"))
    cases["inside.txt"] = "indexed"
    os.symlink("..", docs / "sub" / "back-up")
    os.mkfifo(docs / "fifo.txt")
    cases["fifo.txt"] = "skipped"
    os.symlink("/dev/zero", docs / "dev-zero.txt")
    cases["dev-zero.txt"] = "skipped"
    # A file symlink loop lives in its own folder: it is indexed in a second run, so that if it
    # stops a run, the other cases are still tested.
    loops = root / "loops"
    loops.mkdir()
    os.symlink("loop-b.txt", loops / "loop-a.txt")
    os.symlink("loop-a.txt", loops / "loop-b.txt")
    (loops / "fine.txt").write_text(page("Beside a symlink loop", "beside"), encoding="utf-8")
    return cases


def capability_drop() -> list[str]:
    """A `setpriv` prefix that makes root obey file permissions (empty when not root or missing)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return []
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def run_index(docs: Path, folder: Path, deleted: Path | None = None) -> tuple[int, str, float, float]:
    """Index `docs` in one child (root's DAC capabilities dropped); delete `deleted` mid-run."""
    argv = [*capability_drop(), *common.newsearch_command(), "index", str(docs), "--index", str(folder)]
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, env=child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(2.0, lambda: deleted and deleted.unlink(missing_ok=True))
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - started
        err.seek(0)
        return os.waitstatus_to_exitcode(status), err.read().decode("utf-8", "replace"), wall, usage.ru_maxrss / 1024


def stored_paths(folder: Path) -> list[str]:
    code = (
        "import sys, json\nfrom pathlib import Path\nfrom newsearch.engines.whoosh import store\n"
        "ix = store.open_for_reading(Path(sys.argv[1]))\n"
        "with ix.searcher() as s:\n"
        "    print(json.dumps([p for f in s.all_stored_fields() for p in json.loads(f['data']).get('paths', [])]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(folder)], env=child_env(), capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else []


def leaks(out: bytes, colour: bool) -> list[str]:
    """What in `out` could act on a terminal (empty list: nothing)."""
    found = []
    data = SGR.sub(b"", out) if colour else out
    if b"\x1b" in data:
        at = data.index(b"\x1b")
        found.append(f"ESC at byte {at}: {data[at:at + 12]!r}")
    if C0_BYTES.search(data):
        m = C0_BYTES.search(data)
        found.append(f"C0 byte {m.group()!r} at {m.start()}")
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as error:
        found.append(f"not UTF-8 ({error})")
        text = out.decode("utf-8", "replace")
    if C1_CHARS.search(text):
        found.append(f"C1 U+{ord(C1_CHARS.search(text).group()):04X}")
    if BIDI_CHARS.search(text):
        found.append(f"bidi U+{ord(BIDI_CHARS.search(text).group()):04X}")
    return found


def main() -> int:
    p = common.parser(__doc__.split("\n\n")[0])
    p.add_argument("--big-mb", type=int, default=200, help="size of the oversized text file (default 200)")
    p.add_argument("--long-line-mb", type=int, default=10, help="length of the one-line file (default 10)")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    if args.quick:
        args.big_mb, args.long_line_mb = 70, 1
    work = Path(tempfile.mkdtemp(prefix="newsearch-hostile-"))
    started = time.perf_counter()
    common.print_header("Hostile input")
    checks = Checks()
    try:
        cases = build_corpus(work, args.big_mb, args.long_line_mb)
        docs, folder = work / "docs", work / "index"
        print(f"corpus written in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        code, err, wall, rss = run_index(docs, folder, docs / "zzz-deleted-mid-run.txt")
        print(f"- Index run: exit {code}, {wall:.1f} s, peak RSS {rss:.0f} MB"
              f"{' (as root without DAC capabilities)' if capability_drop() else ''}\n")
        print("stderr of the index run:\n\n```\n" + err.strip() + "\n```\n")
        checks.add("index run finishes", "exit 1 (some files failed), no traceback", f"exit {code} in {wall:.1f} s",
                   code == 1 and not has_traceback(err))
        checks.add("peak RSS of the index run", "stated bound (below 1 GB)", f"{rss:.0f} MB", rss < 1024)
        checks.add("stderr lines are one-line, safe", "no control characters on stderr",
                   "; ".join(leaks(err.encode(), False)) or "clean", not leaks(err.encode(), False))
        paths = stored_paths(folder)
        for name, expect in cases.items():
            key = name.split("\n")[0][:6] if not name.isascii() or "\x1b" in name else name
            indexed = any(Path(p).name == name or (key != name and key in p) for p in paths)
            visible = re.sub(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", "", name)
            reason = next((line for line in err.splitlines() if visible[:12] in line or name in line), "")
            if expect == "indexed":
                held, what = indexed, "indexed" if indexed else f"NOT indexed; stderr: {short(reason) or 'nothing'}"
            elif expect == "indexed+reasons":
                held = indexed and bool(reason)
                what = f"indexed: {indexed}; reason for broken lines: {short(reason) or 'none on stderr'}"
            elif expect == "empty":
                held, what = not indexed, f"nothing indexed; stderr: {short(reason) or 'nothing'}"
            else:
                held = bool(reason) and not indexed
                what = f"indexed: {indexed}; stderr: {short(reason) or 'NOTHING (silently dropped)'}"
            checks.add(f"`{visible}`", expect, what, held)
        code, err, wall, _ = run_index(work / "loops", work / "loops-index")
        checks.add("folder holding a file symlink loop (a.txt → b.txt → a.txt) and one page",
                   "the page indexed, the loop skipped with a reason; exit 1; no traceback",
                   f"exit {code}: {short(err.strip().splitlines()[-1] if err.strip() else '', 200)}"
                   + (" (TRACEBACK)" if has_traceback(err) else ""),
                   code == 1 and not has_traceback(err) and "loop-a.txt" in err)
        explicit = newsearch("index", docs / "fifo.txt", docs / "dev-zero.txt", work / "loops" / "loop-a.txt",
                             "--index", work / "explicit", timeout=60)
        checks.add("FIFO, /dev/zero link and link loop named on the command line",
                   "each skipped with a reason; exit 1; no hang",
                   f"exit {explicit.code}: {short(explicit.err, 300)}",
                   explicit.code == 1 and explicit.err.count("newsearch:") >= 3 and not explicit.traceback)
        stream = "\n".join([json.dumps({"title": f"{MARK} stdin {CSI}{C1}", "body": f"stdin body {MARKUP} {MARK}"}),
                            "{not json", "[" * 50_000]) + "\n"
        piped = newsearch("index", "-", "--index", folder, stdin=stream.encode())
        checks.add("JSON Lines on stdin with broken lines", "record indexed; each broken line a reason; exit 1",
                   f"exit {piped.code}: {short(piped.err, 300)}",
                   piped.code == 1 and piped.err.count("<stdin>") >= 2 and not piped.traceback)
        leaked = output_checks(checks, folder, docs)
        print(f"\ncontrol bytes leaked: {leaked}\n")
    finally:
        if args.keep:
            print(f"scratch kept in {work}")
        else:
            subprocess.run(["chmod", "-R", "u+rwX", str(work)], check=False)
            shutil.rmtree(work, ignore_errors=True)
    print(checks.table())
    print(f"\n**{'all promises held' if not checks.failed else f'{checks.failed} check(s) FAILED'}**")
    return 1 if checks.failed else 0


def output_checks(checks: Checks, folder: Path, docs: Path) -> int:
    """Run every printing command over the hostile index; count outputs that leak."""
    runs = []
    for fmt, colour in (("rich", "always"), ("rich", "never"), ("jsonl", "never"), ("tsv", "never"), ("paths", "never")):
        runs.append(("query", fmt, colour, newsearch("query", MARK, "--index", folder, "--limit", "100",
                                                     "--format", fmt, "--color", colour)))
    ids = [json.loads(line)["id"] for line in runs[2][3].out.splitlines()]
    for article_id in ids:
        for fmt, colour in (("rich", "always"), ("jsonl", "never")):
            runs.append((f"show {article_id}", fmt, colour, newsearch("show", article_id, "--index", folder,
                                                                        "--format", fmt, "--color", colour)))
    small = [p for p in docs.iterdir() if p.is_file() and p.suffix == ".txt" and p.stat().st_size < 2**20
             and os.access(p, os.R_OK)] + [docs / "broken-lines.jsonl"]
    for fmt, colour in (("rich", "always"), ("jsonl", "never")):
        runs.append(("parse", fmt, colour, newsearch("parse", *small, "--format", fmt, "--color", colour)))
        runs.append(("stats", fmt, colour, newsearch("stats", "--index", folder, "--format", fmt, "--color", colour)))
    leaked = 0
    markup_literal = False
    for command, fmt, colour, ran in runs:
        found = leaks(ran.out, colour == "always")
        leaked += bool(found)
        if fmt == "rich" and b"[link=file:///etc/passwd]" in ran.out:
            markup_literal = True
        # parse exits 2 when some named file could not be read (the binary one): that is its contract.
        if found or ran.traceback or ran.code not in ((0, 1, 2) if command == "parse" else (0, 1)):
            checks.add(f"{command} --format {fmt} --color {colour}", "exit 0, no terminal-active bytes",
                       f"exit {ran.code}; {'; '.join(found) or 'clean'}; {short(ran.err)}", False)
    checks.add("outputs checked (query ×5 formats, show ×2 per hit, parse ×2, stats ×2)",
               "no ESC but SGR, no C0/C1/bidi, no OSC", f"{len(runs)} outputs, {leaked} leaking", leaked == 0)
    checks.add("Rich markup in documents", "printed literally by the Rich printer",
               "literal `[link=file:///etc/passwd]` in Rich output" if markup_literal else "not found literally",
               markup_literal)
    hits = len(ids)
    checks.add("hostile articles answer a query", "≥ 10 hits for the marker word", f"{hits} hits", hits >= 10)
    return leaked


if __name__ == "__main__":
    sys.exit(main())
