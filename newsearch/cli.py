"""The `newsearch` command: reads options, makes one library call, hands the result to render.

Heavy modules (Whoosh, Rich, the parser) are imported inside the commands, so start-up stays fast.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional, TypeVar

from .deferred import deferred_modules

# Typer imports subprocess (with locale, signal, ...) to open a browser and install shell
# completion, neither of which newsearch does.
with deferred_modules("subprocess"):
    import typer

T = TypeVar("T")

app = typer.Typer(
    name="newsearch",
    help="Full-text search for scraped news articles: index pages, then query them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    auto = "auto"
    rich = "rich"
    jsonl = "jsonl"
    tsv = "tsv"
    paths = "paths"


class ArticleFormat(str, Enum):
    auto = "auto"
    rich = "rich"
    jsonl = "jsonl"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Sort(str, Enum):
    relevance = "relevance"
    date = "date"


IndexDir = Annotated[
    # readable=False: the library says what is wrong with a folder in one line (Click's own check
    # prints a three-line usage error).
    Path, typer.Option("--index", envvar="NEWSEARCH_INDEX", help="Index folder.", show_default=True, readable=False)
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format; auto: rich on a terminal, jsonl in a pipe.")]
ArticleFormatOpt = Annotated[ArticleFormat, typer.Option("--format", "-f", help="Output format; auto: rich on a terminal, jsonl in a pipe.")]
ColorOpt = Annotated[Color, typer.Option("--color", help="Colour on a terminal (NO_COLOR is honoured by auto).")]


@app.command("index")
def index_command(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files and folders to index; - reads JSON Lines from stdin.", show_default="seeds/")] = None,
    index_dir: IndexDir = Path("index"),
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Delete the index and start over.")] = False,
    wait: Annotated[float, typer.Option("--wait", min=0, metavar="SECONDS", help="Wait this long for another indexing run to finish.")] = 0.0,
    optimize: Annotated[bool, typer.Option("--optimize", help="Merge the index into one segment at the end: faster queries, a longer run.")] = False,
) -> None:
    """Read documents, split and clean them into articles, and add them to the index."""
    from . import indexer, render

    paths = paths or ["seeds"]
    stdin = sys.stdin if "-" in paths else None
    files = [Path(p) for p in paths if p != "-"]
    options = dict(rebuild=rebuild, wait=wait, on_wait=_warn, stdin=stdin, optimize=optimize, on_merge=_announce_merge)
    with _progress() as progress:
        report = run_library(lambda: indexer.index_paths(files, index_dir, progress=progress, **options))
    _report_problems(report, files)
    print(render.index_summary(report), file=sys.stderr)
    raise typer.Exit(2 if report.fatal else 1 if report.failed or not report.documents_found else 0)


# Files that are not documents are named up to this many; the summary counts them all.
IGNORED_SHOWN = 10


def _name_ignored(ignored) -> None:
    """Name the first files that are not documents on stderr, then count the rest."""
    for path, reason in ignored[:IGNORED_SHOWN]:
        _warn(reason if reason.startswith(path) else f"{path}: {reason}")
    if len(ignored) > IGNORED_SHOWN:
        _warn(f"… and {len(ignored) - IGNORED_SHOWN} more files that are not documents, skipped")


def _report_problems(report, paths) -> None:
    """One line on stderr for each file that could not be read, and for what was not a document."""
    for path, reason in report.failed:
        _warn(reason if reason.startswith(path) else f"{path}: {reason}")
    _name_ignored(report.ignored)
    for message in report.fatal:
        _warn(message)
    if not report.documents_found and not report.missing:
        _warn(f"no documents found in {', '.join(str(p) for p in paths)}")


class Facet(str, Enum):
    source = "source"
    author = "author"
    speaker = "speaker"
    year = "year"
    month = "month"
    language = "language"


QueryArg = Annotated[Optional[str], typer.Argument(metavar="QUERY", help='Query, e.g. \'"Min Aung Hlaing" speaker:Shoigu\'.')]
AnyOpt = Annotated[bool, typer.Option("--any", help="Rank articles matching any word (default: all).")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=0, help="Results to show.")]


@app.command("query")
def query_command(
    text: QueryArg = None,
    limit: LimitOpt = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Hits to skip first.")] = 0,
    sort: Annotated[Sort, typer.Option("--sort", help="relevance, or date (newest first); ties by id.")] = Sort.relevance,
    any_term: AnyOpt = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Published on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Published on or before (YYYY[-MM[-DD]]).")] = None,
    collapse: Annotated[bool, typer.Option("--collapse", help="One article per near-duplicate cluster.")] = False,
    snippets: Annotated[bool, typer.Option("--snippets/--no-snippets", help="Cut highlighted snippets (off: ranking only, faster).")] = True,
    feedback: Annotated[bool, typer.Option("--feedback/--no-feedback", help="Re-rank with a few words from the top articles (gentle RM3, queries of 4+ words; slower; off by default).")] = False,
    batch: Annotated[Optional[str], typer.Option("--batch", metavar="FILE", help="Run one query per line, 'qid<TAB>query' (- for stdin).")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print how the query was understood (stderr).")] = False,
    facet: Annotated[Optional[list[Facet]], typer.Option("--facet", help="Count matches by this facet (repeatable).")] = None,
    facets_only: Annotated[bool, typer.Option("--facets-only", help="Print only the facet counts.")] = False,
    kwic: Annotated[bool, typer.Option("--kwic", help="Keyword-in-context lines instead of hits.")] = False,
    width: Annotated[Optional[int], typer.Option("--width", min=5, help="Context characters each side with --kwic (default: on a terminal, what its width leaves; in a pipe, 40).")] = None,
    similar_to: Annotated[Optional[str], typer.Option("--similar-to", metavar="ID", help="Articles most like this one (QUERY, if given, filters them).")] = None,
    fmt: FormatOpt = Format.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = Path("index"),
) -> None:
    """Ranked search with highlighted snippets. Exit 0: hits, 1: none, 2: error."""
    options = dict(
        limit=limit, offset=offset, sort=sort.value, match_all=not any_term,
        since=since, until=until, collapse=collapse, snippets=snippets, feedback=feedback,
    )
    out = Output(fmt, color)
    if batch is not None:
        raise typer.Exit(_query_batch(index_dir, batch, options, out))
    if text is None and similar_to is None:
        _usage("missing argument QUERY (or give --batch FILE or --similar-to ID)")
    if explain and text is not None:
        _explain(index_dir, text, options["match_all"], options["feedback"])
    if kwic:
        raise typer.Exit(_query_kwic(index_dir, _require(text, "--kwic"), options, width, out))
    raise typer.Exit(_query_hits(index_dir, text, options, [f.value for f in facet or ()], facets_only, similar_to, out))


class Output:
    """The resolved output format and colour of a command."""

    def __init__(self, fmt: Enum, color: Color):
        self.format, self.color = _resolve_format(fmt), _use_color(color)


def _query_hits(index_dir, text, options, facet_names, facets_only, similar_to, out) -> int:
    from . import render

    if similar_to is not None:
        from . import research

        result = run_library(lambda: research.similar(index_dir, similar_to, limit=options["limit"], within=text))
    else:
        from . import searcher

        result = run_library(lambda: searcher.search(index_dir, text, **options))
    counts = _facet_counts(index_dir, text, facet_names, options["match_all"])
    if result.total == 0:
        _suggest(index_dir, text)
        return 1
    if facet_names and out.format not in ("rich", "jsonl"):
        _warn("facet counts are printed with --format rich or --format jsonl --facets-only")
    if not facets_only:
        _output(lambda stream: render.hits(result, out.format, stream, out.color))
    printed = _print_facets(counts, facet_names, facets_only, out)
    return 1 if facets_only and not printed else 0


def _print_facets(counts, facet_names, facets_only: bool, out) -> bool:
    """Facet counts (after the hits, or alone), and a line on stderr for each facet asked for that
    no matching article has a value for; whether any count was printed."""
    if not facet_names:
        return False
    if not (facets_only or out.format == "rich"):
        if out.format == "jsonl":
            _warn("add --facets-only to print facet counts as JSON Lines")
        return False
    from . import render_research

    if counts:
        facet_format = "rich" if out.format == "rich" else "jsonl"
        _output(lambda stream: render_research.facets(counts, facet_format, stream, out.color))
    for name in counts.empty:
        _warn(render_research.empty_facet(name))
    return bool(counts)


def _facet_counts(index_dir, text, names: list[str], match_all: bool):
    if not names:
        return ()
    from . import facets

    return run_library(lambda: facets.facets(index_dir, text, names, match_all=match_all))


def _query_kwic(index_dir, text, options, width, out) -> int:
    from . import render_research, research

    fmt = _article_format(out.format)
    paging = {k: options[k] for k in ("limit", "offset", "sort", "match_all")}
    # On a terminal the printer fits the context to the console's width: it gets all of it.
    context = (width or research.KWIC_WIDTH) if fmt == "jsonl" else None
    lines = run_library(lambda: research.kwic(index_dir, text, width=context, **paging))
    if not lines:
        _suggest(index_dir, text)
        return 1
    _output(lambda stream: render_research.kwic(lines, fmt, stream, out.color, width=width))
    return 0


def _query_batch(index_dir, batch: str, options, out) -> int:
    """Every query of a batch on one open index; a bad line or query is reported, the rest run."""
    from . import render, searcher

    bad: list[str] = []
    lines = _batch_queries(batch, bad)
    found = False
    results = run_library(lambda: list(searcher.search_batch(index_dir, lines, **options)))
    for qid, result in results:
        if isinstance(result, Exception):
            bad.append(qid)
            _warn(f"query {qid}: {result}")
            continue
        found = found or result.total > 0
        _output(lambda stream: render.hits(result, out.format, stream, out.color, qid=qid))
    return 2 if bad else (0 if found else 1)


def _batch_queries(batch: str, bad: list[str]) -> list[tuple[str, str]]:
    """(qid, query) pairs from `qid<TAB>query` lines; blank lines are skipped."""
    try:
        handle = sys.stdin if batch == "-" else open(batch, encoding="utf-8", errors="replace")
    except OSError as error:
        _warn(f"{batch}: {error.strerror or error}")
        raise typer.Exit(2) from None
    pairs = []
    with handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            qid, tab, query = line.partition("\t")
            if not tab:
                bad.append(str(number))
                _warn(f"{batch}:{number}: expected 'qid<TAB>query'")
                continue
            pairs.append((qid, query))
    return pairs


def _explain(index_dir, text: str, match_all: bool, feedback: bool) -> None:
    from . import searcher
    from .textutil import one_line

    for line in run_library(lambda: searcher.explain(index_dir, text, match_all=match_all, feedback=feedback)):
        print(one_line(line) if not line.startswith(" ") else "  " + one_line(line), file=sys.stderr)


def _suggest(index_dir, text: str | None) -> None:
    """After a query with no hits, a correction built from the index's words (stderr)."""
    from . import searcher

    if not text:
        return
    suggestion = run_library(lambda: searcher.suggest(index_dir, text))
    if suggestion:
        _warn(f"no matches. Did you mean: {suggestion}?")


def finish(found, write: Callable) -> None:
    """Print results and exit 0, or exit 1 with nothing on stdout when there are none."""
    if not found:
        raise typer.Exit(1)
    _output(write)
    raise typer.Exit(0)


def _require(text: str | None, option: str) -> str:
    if text is None:
        _usage(f"{option} needs a QUERY")
    return text


def _usage(message: str) -> None:
    _warn(message)
    raise typer.Exit(2)


def _article_format(fmt: str) -> str:
    return fmt if fmt in ("rich", "jsonl") else "jsonl"


@app.command("parse")
def parse_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to parse.")],
    show_removed: Annotated[bool, typer.Option("--show-removed", help="List the lines left out of the articles, and why.")] = False,
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
) -> None:
    """Print the articles newsearch finds in documents, without indexing them."""
    from . import render

    failures: list = []
    items = _iter_parsed(paths, failures, show_removed)
    printer = render.removed_lines if show_removed else render.articles
    count = _output(lambda out: printer(items, _resolve_format(fmt), out, _use_color(color)))
    raise typer.Exit(2 if failures else (0 if count else 1))


@app.command("show")
def show_command(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id (or a unique prefix).")],
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = Path("index"),
) -> None:
    """Print one whole article."""
    from . import render, searcher

    article = run_library(lambda: searcher.get_article(index_dir, article_id))
    _output(lambda out: render.articles([article], _resolve_format(fmt), out, _use_color(color), full=True))


@app.command("stats")
def stats_command(
    fmt: ArticleFormatOpt = ArticleFormat.auto,
    color: ColorOpt = Color.auto,
    index_dir: IndexDir = Path("index"),
) -> None:
    """What the index holds: articles, files, sources, bylines by role, speakers, size."""
    from . import render, searcher

    info = run_library(lambda: searcher.index_stats(index_dir))
    _output(lambda out: render.stats(info, _resolve_format(fmt), out, _use_color(color)))


def _iter_parsed(paths, failures: list, removed: bool = False):
    """Articles (or, with `removed`, the lines left out) of every readable document.

    Files are found as `index` finds them (index folders are not walked, non-documents are
    named); unreadable documents and records are reported on stderr and skipped.
    """
    from . import parsing
    from .discovery import discover
    from .errors import InputError

    found = discover(paths)
    for _, reason in found.failed:
        failures.append(reason)
        _warn(reason)
    _name_ignored(found.ignored)
    for path, _signature in found.files.values():
        problems: list = []
        try:
            yield from (parsing.removed_lines(path) if removed else parsing.parse_file(path, problems))
        except InputError as error:
            failures.append(error)
            _warn(str(error))
        for _, message in parsing.problem_report(str(path), problems):
            _warn(message)


def run_library(call: Callable[[], T]) -> T:
    """Call the library; a NewsearchError becomes a one-line message and its exit code."""
    from .errors import NewsearchError, QueryError

    _work_begins()
    try:
        return call()
    except KeyboardInterrupt:
        _warn("interrupted; the index keeps its last commit")
        raise typer.Exit(130) from None
    except NewsearchError as error:
        _warn(str(error))
        if isinstance(error, QueryError) and error.query and error.position is not None:
            from .textutil import fold_lines

            # The query may come from a file (--batch): sanitise it, caret measured on the same text.
            shown = fold_lines(error.query[: error.position])
            print(f"  {shown}{fold_lines(error.query[error.position:])}\n  {' ' * len(shown)}^", file=sys.stderr)
        raise typer.Exit(error.exit_code) from None


def _output(write: Callable):
    """Write to stdout; a closed pipe (`| head -1`) ends the command quietly, a failed write (a
    full disk) with one line and exit code 2."""
    _work_begins()
    try:
        result = write(sys.stdout)
        sys.stdout.flush()
        return result
    except OSError as error:
        # What is still buffered goes nowhere, so that the exit does not fail on it again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        if isinstance(error, BrokenPipeError):
            raise typer.Exit(0) from None
        _warn(f"cannot write the output: {error.strerror or error}")
        raise typer.Exit(2) from None


def _announce_merge(segments: int) -> None:
    print(f"newsearch: merging {segments} segment{'s' if segments != 1 else ''} into one…", file=sys.stderr)


def _warn(message: str) -> None:
    from .textutil import one_line

    print(f"newsearch: {one_line(message)}", file=sys.stderr)


def _resolve_format(fmt: Enum) -> str:
    if fmt.value != "auto":
        return fmt.value
    return "rich" if sys.stdout.isatty() else "jsonl"


def _use_color(color: Color) -> bool:
    if color is Color.auto:
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return color is Color.always


class _progress:
    """A Rich progress bar on stderr when it is a terminal; otherwise nothing."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress("indexing", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("files", total=None)
        return lambda done, total: self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if sys.stderr.isatty():
            self.bar.stop()


def _print_version(asked: bool) -> None:
    if asked:
        from . import __version__

        print(f"newsearch {__version__}")
        raise typer.Exit(0)


@app.callback()
def _group(
    version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=_print_version, help="Print the version and exit.")] = False,
) -> None:
    # A callback keeps `app` a group of commands even when main() registers only one of them.
    pass


# Commands that change the index: their process ends the ordinary way (see main).
WRITING_COMMANDS = {"index"}
_collector_held = False


def main(collector_held: bool = False) -> None:
    """Run the command named on the command line.

    Typer builds each registered command's options from its signature on every start, about 8 ms
    for all of them, so only the named command is built. A command that only reads ends its
    process without Python's teardown, once its output is flushed: freeing the objects of a query
    on a large index one by one took 25-30 ms, after the answer was already out.
    `collector_held`: the caller turned the cyclic garbage collector off for the start-up
    (newsearch.__main__); it comes back on when the command's work begins.
    """
    global _collector_held
    _collector_held = collector_held
    name = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    named = [info for info in app.registered_commands if info.name == name]
    if named:
        app.registered_commands = named
    try:
        app()
    except SystemExit as finished:
        if not named or name in WRITING_COMMANDS:
            raise
        _exit_now(finished.code)


def _work_begins() -> None:
    """The command has imported what it needs: the collector, if held for the start-up, runs from
    here, over the objects made from here on (those of the start-up live as long as the process)."""
    global _collector_held
    if _collector_held:
        _collector_held = False
        gc.freeze()
        gc.enable()


def _exit_now(code) -> None:
    """Flush the output and end the process with `code` (SystemExit's meaning), skipping teardown."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # nobody reads any more (as in _output)
            pass
        except OSError:  # output lost (a full disk): the command failed
            code = code or 2
    os._exit(code)


# The research commands register themselves on `app` (kept apart to keep this module small).
from . import cli_research  # noqa: E402,F401
