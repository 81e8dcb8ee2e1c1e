"""The `newsearch` Typer app: its shared options, the call into the library, output and exit codes.

The commands live beside it, by topic (indexing, search, articles, research), and register on `app`
by importing this module. Heavy modules (Whoosh, Rich, the parser) are imported inside the
commands, so start-up stays fast.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Optional, TypeVar

from ..deferred import deferred_modules

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
    str, typer.Option("--index", envvar="NEWSEARCH_INDEX", show_default=True,
                      help="Index folder, or a cluster address: sphinx://host:port,host:port")
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format; auto: rich on a terminal, jsonl in a pipe.")]
ArticleFormatOpt = Annotated[ArticleFormat, typer.Option("--format", "-f", help="Output format; auto: rich on a terminal, jsonl in a pipe.")]
ColorOpt = Annotated[Color, typer.Option("--color", help="Colour on a terminal (NO_COLOR is honoured by auto).")]
QueryArg = Annotated[Optional[str], typer.Argument(metavar="QUERY", help='Query, e.g. \'"Min Aung Hlaing" speaker:Shoigu\'.')]
AnyOpt = Annotated[bool, typer.Option("--any", help="Rank articles matching any word (default: all).")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=0, help="Results to show.")]


class Output:
    """The resolved output format and colour of a command."""

    def __init__(self, fmt: Enum, color: Color):
        self.format, self.color = resolve_format(fmt), use_color(color)


def run_library(call: Callable[[], T]) -> T:
    """Call the library; a NewsearchError becomes a one-line message and its exit code."""
    from ..errors import NewsearchError, QueryError

    _work_begins()
    try:
        return call()
    except KeyboardInterrupt:
        warn("interrupted; the index keeps its last commit")
        raise typer.Exit(130) from None
    except NewsearchError as error:
        warn(str(error))
        if isinstance(error, QueryError) and error.query and error.position is not None:
            from ..textutil import fold_lines

            # The query may come from a file (--batch): sanitise it, caret measured on the same text.
            shown = fold_lines(error.query[: error.position])
            print(f"  {shown}{fold_lines(error.query[error.position:])}\n  {' ' * len(shown)}^", file=sys.stderr)
        raise typer.Exit(error.exit_code) from None


def print_output(write: Callable):
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
        warn(f"cannot write the output: {error.strerror or error}")
        raise typer.Exit(2) from None


def finish(found, write: Callable) -> None:
    """Print results and exit 0, or exit 1 with nothing on stdout when there are none."""
    if not found:
        raise typer.Exit(1)
    print_output(write)
    raise typer.Exit(0)


def require(text: str | None, option: str) -> str:
    if text is None:
        usage(f"{option} needs a QUERY")
    return text


def usage(message: str) -> None:
    warn(message)
    raise typer.Exit(2)


def article_format(fmt: str) -> str:
    return fmt if fmt in ("rich", "jsonl") else "jsonl"


def warn(message: str) -> None:
    from ..textutil import one_line

    print(f"newsearch: {one_line(message)}", file=sys.stderr)


def resolve_format(fmt: Enum) -> str:
    if fmt.value != "auto":
        return fmt.value
    return "rich" if sys.stdout.isatty() else "jsonl"


def use_color(color: Color) -> bool:
    if color is Color.auto:
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return color is Color.always


# Files that are not documents are named up to this many; the summary counts them all.
IGNORED_SHOWN = 10


def name_ignored(ignored) -> None:
    """Name the first files that are not documents on stderr, then count the rest."""
    for path, reason in ignored[:IGNORED_SHOWN]:
        warn(reason if reason.startswith(path) else f"{path}: {reason}")
    if len(ignored) > IGNORED_SHOWN:
        warn(f"… and {len(ignored) - IGNORED_SHOWN} more files that are not documents, skipped")


def _print_version(asked: bool) -> None:
    if asked:
        from .. import __version__

        print(f"newsearch {__version__}")
        raise typer.Exit(0)


_strict = False  # --strict: a cluster node that does not answer is an error, not a warning


@app.callback()
def _group(
    version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=_print_version, help="Print the version and exit.")] = False,
    strict: Annotated[bool, typer.Option("--strict", envvar="NEWSEARCH_STRICT", help="On a cluster, exit 2 when a node does not answer (default: the other nodes' results and a warning).")] = False,
) -> None:
    # A callback keeps `app` a group of commands even when main() registers only one of them.
    global _strict
    _strict = strict


def open_index(location: str):
    """The engine `--index` names, telling stderr of cluster nodes that do not answer."""
    from ..engines import open_engine

    return open_engine(location, on_warning=warn, strict=_strict)


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
        except (BrokenPipeError, ValueError):  # nobody reads any more (as in print_output)
            pass
        except OSError:  # output lost (a full disk): the command failed
            code = code or 2
    os._exit(code)
