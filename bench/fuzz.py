"""Hypothesis fuzzing of the three parsers that take untrusted text (pages, JSON Lines, queries),
and of the whole search path with queries.

Each target gets `--examples` generated inputs (default 100,000): arbitrary Unicode mixed with the
fragments those parsers care about (quotes and "said", "By" bylines, dates, field names, `:`,
brackets, `~`, `*`, `NEAR/`, JSON punctuation). The invariant: no exception escapes, except
`QueryError` from the query parser (a user mistake, reported with exit 2). Prints counts and time;
exits 1 on the first unhandled exception (with the falsifying input Hypothesis shrank).

    python bench/fuzz.py [--examples 100000] [--only page,jsonl,query]
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PAGE_FRAGMENTS = [
    "\n", "\n\n", " ", '"', "“", "”", "‘", "’", "'", "said", " said ", "says", "told", "By ", "By Anna Berg",
    "Reporting by ", "Translated by ", "Edited by ", "Written by", "and", ",", ".", ":", "Min Aung Hlaing",
    "2021-06-23", "June 23, 2021", "23 June 2021", "Updated:", "Published", "Copyright ©", "(Reuters) -",
    "Next Article", "Share this", "Advertisement", "—", "-", "*", "#", "\t", "\r\n", "\x1b[31m", "\u202e",
    "\u0085", "\x00", "\ufeff", "A" * 200, "word " * 50, "ALL CAPS TITLE", "Title Case Heading Here",
]
QUERY_FRAGMENTS = [
    " ", '"', "(", ")", "[", "]", "{", "}", ":", "~", "~2", "*", "?", "^", "^2", "+", "-", "!", "\\", "/",
    "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "NEAR/", "NEAR/3", "NEAR/0", "NEAR/-1", "TO", " TO ",
    "title:", "body:", "speaker:", "author:", "translator:", "published:", "path:", "id:", "source:",
    "nofield:", "published:[", "published:2021", "2021-06-23", "2021-13-45", "[2021-01-01 TO 2021-12-31]",
    "[ TO ]", "{2020 TO}", "junta", "Min", "Aung Hlaing", "said", "*:*", "'", "``", "\x00", "\u202e",
]
JSON_FRAGMENTS = [
    "{", "}", "[", "]", '"', ":", ",", "\n", '"title"', '"body"', '"text"', '"authors"', '"author"',
    '"published"', '"date"', '"quotes"', '"speaker"', '"subheads"', '"ordinal"', '"id"', "null", "true",
    "false", "0", "-1", "1e999", "NaN", "1700000000", "1700000000000", '"2021-06-23"', '"yesterday"',
    '{"name": "A", "role": "translator"}', '"\\u0000"', '"\\ud800"', "\\", "\x1b", "\ufeff",
]


def mixed(fragments: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    """Text built from realistic fragments interleaved with arbitrary Unicode."""
    piece = st.one_of(st.sampled_from(fragments), st.text(max_size=8))
    return st.lists(piece, max_size=max_size).map("".join)


def json_records() -> st.SearchStrategy[str]:
    """Lines that are often valid records with odd values, sometimes broken JSON."""
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), mixed(PAGE_FRAGMENTS, 10))
    value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(mixed(JSON_FRAGMENTS, 3), inner, max_size=4)),
                         max_leaves=12)
    keys = st.sampled_from(["title", "body", "text", "content", "authors", "author", "published", "date", "quotes",
                            "subheads", "source", "ordinal", "id", "url", "path", "subtitle"])
    record = st.dictionaries(keys, value, max_size=8).map(lambda d: json.dumps(d, ensure_ascii=False))
    line = st.one_of(record, mixed(JSON_FRAGMENTS, 20))
    return st.lists(line, max_size=5).map("\n".join)


def run_target(name: str, strategy, check, examples: int) -> tuple[int, float]:
    count = 0

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def target(text):
        nonlocal count
        count += 1
        check(text)

    started = time.perf_counter()
    target()
    return count, time.perf_counter() - started


def page_check(text: str) -> None:
    from newsearch.parsing import parse_text

    for article in parse_text(text, "<fuzz>"):
        assert len(article.id) == 16, article.id
        json.dumps(article.to_dict())


def jsonl_check(text: str) -> None:
    from newsearch import parsing

    problems: list = []
    if hasattr(parsing, "parse_records"):
        for article in parsing.parse_records(text.split("\n"), "<fuzz>", problems):
            json.dumps(article.to_dict())
    if hasattr(parsing, "parse_stream"):
        stream = io.TextIOWrapper(io.BytesIO(text.encode("utf-8", "surrogatepass")), encoding="utf-8")
        for article in parsing.parse_stream(stream, "<stdin>", problems):
            json.dumps(article.to_dict())
    if hasattr(parsing, "parse_json"):
        parsing.parse_json(text, "<fuzz>", problems)


def query_check(text: str) -> None:
    from newsearch.errors import QueryError
    from newsearch.engines.whoosh.queryparse import parse_query
    from newsearch.engines.whoosh.schema import build_schema

    schema = _SCHEMA.get("s") or _SCHEMA.setdefault("s", build_schema())
    for match_all in (True, False):
        try:
            parse_query(text, schema, match_all=match_all)
        except QueryError:
            pass


_SCHEMA: dict = {}


def search_check(text: str) -> None:
    """The whole query path on a real index (the seed page): parsing, array or Whoosh scoring,
    proximity, feedback, snippets."""
    from newsearch.engines.whoosh import searcher
    from newsearch.errors import QueryError

    folder = _seed_index()
    for match_all in (True, False):
        try:
            result = searcher.search(folder, text, match_all=match_all)
        except QueryError:
            continue
        assert result.total >= len(result.hits)


def _seed_index():
    if "index" not in _SCHEMA:
        import tempfile

        from newsearch.engines.whoosh import indexer

        folder = Path(tempfile.mkdtemp(prefix="fuzz-index-"))
        indexer.index_paths([common.REPO / "seeds"], folder)
        _SCHEMA["index"] = folder
    return _SCHEMA["index"]

TARGETS = {
    "page": ("`parsing.parse_text`", mixed(PAGE_FRAGMENTS), page_check),
    "jsonl": ("`parsing.parse_records` / `parse_stream` / `parse_json`", json_records(), jsonl_check),
    "query": ("`queryparse.parse_query` (QueryError allowed)", mixed(QUERY_FRAGMENTS, 25), query_check),
    "search": ("`searcher.search` on the seed page's index (QueryError allowed)", mixed(QUERY_FRAGMENTS, 25),
               search_check),
}


def main() -> int:
    p = common.parser(__doc__.split("\n\n")[0])
    p.add_argument("--examples", type=int, default=100_000, help="generated inputs per target (default 100000)")
    p.add_argument("--only", default=",".join(TARGETS), help="comma-separated targets: " + ", ".join(TARGETS))
    args = p.parse_args()
    if args.quick:
        args.examples = min(args.examples, 2000)
    common.print_header("Fuzzing the parsers (Hypothesis)")
    rows, failed = [], 0
    from newsearch import parsing

    for name in args.only.split(","):
        label, strategy, check = TARGETS[name]
        if name == "jsonl" and not hasattr(parsing, "parse_records"):
            rows.append((label, 0, float("nan"), "skipped: no JSON Lines reader in newsearch.parsing"))
            continue
        try:
            count, seconds = run_target(name, strategy, check, args.examples)
            rows.append((label, count, seconds, "0 unhandled exceptions"))
        except Exception as error:  # Hypothesis re-raises the shrunk failure
            failed += 1
            rows.append((label, args.examples, float("nan"), f"**FAILED**: {type(error).__name__}: {str(error)[:200]}"))
            import traceback

            traceback.print_exc()
        print(f"  {name}: {rows[-1][3]}", file=sys.stderr, flush=True)
    print(common.table(["target", "inputs", "seconds", "result"], rows, "lrrl"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
