"""Issue 14: `quotes` and `people` page, sort and filter by date as `query` does (and fold the same
quote from near-duplicate articles); `query --kwic` fits a terminal without cutting the keyword;
a facet no matching article has a value for is said so, not silently missing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsearch.engines.whoosh import facets, indexer, kwic, research
from newsearch.render import research as render_research
from newsearch.errors import QueryError

# Two copies of one wire story (the second a little longer): one near-duplicate cluster.
WAR = ("The prime minister Tony Blair defended the decision to go to war in Iraq before a committee of "
       "lawmakers on Tuesday, saying the intelligence he had seen at the time left him no other choice. "
       "Critics in his own party said the evidence had been exaggerated and called for a full inquiry into "
       "how the dossier was prepared, who had approved it and why the warnings of officials were ignored.")
VOLCANO = ("Scientists on the island watched the slopes all week as the ground shook and the sea turned warm. "
           "On Friday morning the Volcano erupted with a roar heard across the bay, sending ash high over the "
           "fishing villages and forcing thousands of people to leave their homes before the roads were closed.")
COUNCIL_DAYS = ("2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04", "2020-01-05", None)


def council(n: int, published: str | None) -> dict:
    """A harbour story with five quotes by three councillors: even ones name the harbour budget,
    odd ones the harbour."""
    body = f"The harbour budget was debated. " + " ".join(f"story{n}word{i}" for i in range(60))
    quotes = [{"text": f"The harbour budget needs {n}-{i}" if i % 2 == 0 else f"The harbour is ours {n}-{i}",
               "speaker": f"Councillor {chr(65 + n)}{('ee', 'ee', 'oo', 'oo', 'aa')[i]}"} for i in range(5)]
    return {"id": f"c00000000000000{n}", "title": f"Harbour meeting {n}", "body": body, "source": "Gazette",
            "published": published, "authors": [f"Reporter {chr(65 + n)}"], "quotes": quotes}


RECORDS = [council(n, day) for n, day in enumerate(COUNCIL_DAYS)] + [
    {"id": "b000000000000001", "title": "Blair defends Iraq decision", "body": WAR, "source": "Wire A",
     "published": "2003-07-01", "quotes": [{"text": "I had no other choice", "speaker": "Tony Blair"},
                                           {"text": "Nobody was misled", "speaker": "Tony Blair"}]},
    {"id": "b000000000000002", "title": "Blair defends Iraq decision (update)", "body": WAR + " He spoke for two hours.",
     "source": "Wire B", "published": "2003-07-02",
     "quotes": [{"text": "I had no other choice.", "speaker": "Blair"}]},
    {"id": "e000000000000001", "title": "Eruption", "body": VOLCANO, "source": "Island News"},
]


def write_index(folder: Path, records: list[dict]) -> Path:
    docs = folder / "docs"
    docs.mkdir()
    (docs / "stories.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = indexer.index_paths([docs], folder / "index")
    assert report.articles == len(records) and not report.failed
    return folder / "index"


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    return write_index(tmp_path_factory.mktemp("options"), RECORDS)


@pytest.fixture(scope="module")
def undated(tmp_path_factory) -> Path:
    stories = [{"id": f"d00000000000000{n}", "title": f"Blair speech {n}", "body": f"Tony Blair spoke in town {n}.",
                "source": "Wire A"} for n in range(3)]
    return write_index(tmp_path_factory.mktemp("undated"), stories)


def decode(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


# ---------------------------------------------------------------- quotes: paging


def test_quotes_print_20_by_default_in_a_pipe_and_the_terminal_footer_says_how_many_there_are(cli, news):
    piped = cli("quotes", "--index", news)
    assert piped.exit_code == 0
    assert len(decode(piped.stdout)) == 20
    shown = cli("quotes", "--index", news, "--format", "rich", "--color", "never", env={"COLUMNS": "200"})
    lines = shown.stdout.splitlines()
    assert len(lines) == 21  # 20 quotes and the footer
    # 30 harbour quotes, 2 Blair quotes once his copy's repeat is folded away.
    assert lines[-1] == "20 of 32 quotes; 1 copy from near-duplicate articles folded (--duplicates lists them)"


def test_quotes_limit_and_offset_page_through_one_order(cli, news):
    everything = decode(cli("quotes", "-n", "100", "--index", news).stdout)
    page = decode(cli("quotes", "--limit", "3", "--offset", "4", "--index", news).stdout)
    assert len(everything) == 32
    assert page == everything[4:7]
    beyond = cli("quotes", "--offset", "500", "--index", news)
    assert (beyond.exit_code, beyond.stdout) == (0, "")  # there are quotes, just not that many


def test_quotes_library_pages_carry_the_total(news):
    found = research.quotes(news, "harbour", limit=2, offset=1)
    assert len(found) == 2 and found.total == 30
    assert [q.text for q in found] == ["The harbour is ours 4-1", "The harbour budget needs 4-2"]


# ---------------------------------------------------------------- quotes: dates and sorting


def test_quotes_since_and_until_keep_articles_published_in_the_span(cli, news):
    found = decode(cli("quotes", "--since", "2020-01-03", "--until", "2020-01-04", "-n", "50", "--index", news).stdout)
    assert {q["published"] for q in found} == {"2020-01-03", "2020-01-04"} and len(found) == 10
    years = decode(cli("quotes", "--until", "2003", "--index", news).stdout)
    assert [(q["id"], q["text"]) for q in years] == [
        ("b000000000000002", "I had no other choice."), ("b000000000000001", "Nobody was misled")]


@pytest.mark.parametrize("command", ["quotes", "people"])
@pytest.mark.parametrize("option, value", [("--since", "2021-13-01"), ("--until", "May 2021")])
def test_a_bad_date_exits_2_with_query_s_message(cli, news, command, option, value):
    result = cli(command, option, value, "--index", news)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"newsearch: --since/--until: '{value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD" in result.stderr


def test_quotes_sort_date_lists_newest_articles_first_and_undated_last(cli, news):
    found = decode(cli("quotes", "-n", "100", "--sort", "date", "--index", news).stdout)
    dates = [q["published"] for q in found]
    assert dates[:5] == ["2020-01-05"] * 5 and dates[-5:] == [None] * 5
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates.index(None) == len(dated)
    assert [q["text"] for q in found[:2]] == ["The harbour budget needs 4-0", "The harbour is ours 4-1"]


def test_quotes_sort_relevance_puts_quotes_holding_more_query_words_first(cli, news):
    found = decode(cli("quotes", "harbour budget", "--sort", "relevance", "-n", "100", "--index", news).stdout)
    both = [q for q in found if "budget" in q["text"]]
    assert len(both) == 18 and found[:18] == both
    top = found[0]
    assert [top["text"][a:b] for a, b in top["highlights"]] == ["harbour budget"]


def test_an_unknown_sort_or_negative_paging_is_a_query_error(news):
    with pytest.raises(QueryError, match="unknown sort 'name'"):
        research.quotes(news, sort="name")
    with pytest.raises(QueryError, match="must not be negative"):
        research.people(news, offset=-1)


# ---------------------------------------------------------------- quotes: near-duplicates


def test_the_same_quote_from_near_duplicate_articles_is_listed_once_with_its_copies_counted(cli, news):
    folded = decode(cli("quotes", "choice", "--index", news).stdout)
    assert [(q["id"], q["text"], q["duplicates"]) for q in folded] == [("b000000000000002", "I had no other choice.", 1)]
    every = decode(cli("quotes", "choice", "--duplicates", "--index", news).stdout)
    assert [(q["id"], q["duplicates"]) for q in every] == [("b000000000000002", 0), ("b000000000000001", 0)]
    shown = cli("quotes", "choice", "--format", "rich", "--color", "never", "--index", news, env={"COLUMNS": "200"})
    assert shown.stdout.splitlines()[0].endswith("· b000000000000002  +1 copy")


def test_quotes_of_different_clusters_are_not_folded(news):
    found = research.quotes(news, "harbour", collapse=True)
    assert found.total == 30 and found.folded == 0 and all(q.duplicates == 0 for q in found)


# ---------------------------------------------------------------- people


def test_people_print_20_by_default_and_page_sort_and_filter_like_quotes(cli, news):
    everyone = decode(cli("people", "-n", "100", "--index", news).stdout)
    # "Tony Blair" and "Blair" are one person; a name is listed without its title ("Councillor").
    assert len(everyone) == 25 and len(decode(cli("people", "--index", news).stdout)) == 20
    # Most articles first, then most quotes, then by name.
    assert [(p["name"], p["articles"], p["quotes"]) for p in everyone[:3]] == [
        ("Tony Blair", 2, 3), ("Aee", 1, 2), ("Aoo", 1, 2)]
    assert everyone == sorted(everyone, key=lambda p: (-p["articles"], -p["quotes"], p["name"]))
    by_name = decode(cli("people", "--sort", "name", "-n", "3", "--offset", "1", "--index", news).stdout)
    assert [p["name"] for p in by_name] == ["Aee", "Aoo", "Baa"]
    dated = decode(cli("people", "--since", "2020-01-05", "--index", news).stdout)
    assert {p["name"] for p in dated} == {"Eaa", "Eee", "Eoo", "Reporter E"}
    shown = cli("people", "-n", "2", "--format", "rich", "--color", "never", "--index", news)
    assert shown.stdout.splitlines()[-1] == "2 of 25 people"


# ---------------------------------------------------------------- query --kwic on a terminal


def kwic_rows(lines, columns: int, monkeypatch, **kwargs) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    render_research.kwic(lines, "rich", out, **kwargs)
    return out.getvalue().splitlines()


def sides(row: str, keyword: str) -> tuple[str, str]:
    left, found, right = row[len("e000000000000001 ¶1  "):].partition(keyword)
    assert found, row
    return left, right


@pytest.mark.parametrize("columns", [60, 100])
def test_kwic_fits_the_terminal_with_the_whole_keyword_and_both_sides_balanced(news, monkeypatch, columns):
    lines = kwic.kwic(news, "Volcano")  # 40 characters a side, as query --kwic asks today
    [row] = kwic_rows(lines, columns, monkeypatch, width=40)
    left, right = sides(row, "Volcano")
    assert len(row) <= columns and "…" not in row
    assert left.strip() and right.strip() and abs(len(left) - len(right)) <= 1
    assert left == lines[0].left[-len(left):] and right == lines[0].right[: len(right)]


def test_kwic_on_a_wide_terminal_shares_its_whole_width(news, monkeypatch):
    lines = kwic.kwic(news, "Volcano", width=None)  # the whole paragraph each side
    assert lines[0].left.endswith("On Friday morning the ") and lines[0].right.endswith("the roads were closed.")
    [row] = kwic_rows(lines, 160, monkeypatch, width=None)
    left, right = sides(row, "Volcano")
    assert len(left) == 66 and len(right) == 66 and row == row.rstrip()
    assert len(row) == 160


def test_query_kwic_on_a_narrow_terminal_keeps_the_keyword(cli, news):
    result = cli("query", "Volcano", "--kwic", "--format", "rich", "--color", "never", "--index", news,
                 env={"COLUMNS": "60"})
    [row] = result.stdout.splitlines()
    left, right = sides(row, "Volcano")
    assert left.strip() and right.strip() and len(row) <= 60


# ---------------------------------------------------------------- facets with no values


def test_facets_name_the_facet_no_matching_article_has_a_value_for(undated):
    counts = facets.facets(undated, "Blair", ["year", "source"])
    assert counts.empty == ("year",) and counts.of("year") == ()
    assert [(c.facet, c.value, c.count) for c in counts.of("source")] == [("source", "Wire A", 3)]
    assert render_research.empty_facet("year") == "no matching article is dated: no year facet"


def test_facets_only_over_undated_matches_says_why_and_exits_1(cli, undated):
    result = cli("query", "Blair", "--facet", "year", "--facets-only", "--index", undated)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "newsearch: no matching article is dated: no year facet\n"
