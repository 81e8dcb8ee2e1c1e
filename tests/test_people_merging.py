"""One person, one name across the index: `people`, the speaker facet and `quotes --speaker`
treat the forms of one person's name as one person, and never merge two people of one surname."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from newsearch.engines.whoosh import facets, indexer, research, store
from newsearch.models import Article, Quote
from newsearch.parsing.same_person import forms_of, merge, name_key


def person(text: str, speaker: str, title: str | None = None) -> Quote:
    return Quote(text, speaker, title, "person")


# Wire stories of one season: a treasury secretary quoted under three forms of his name (and a
# misspelt title from an older record), a different Baker in a sports story, a central banker
# once by surname alone, and an organisation that speaks.
STORIES = (
    Article("bbbb000000000001", "wire/dollar-1.txt", 0, "Baker says dollar fall has gone far enough",
            body="The dollar steadied on Monday.", published="1987-03-02",
            quotes=(person("The dollar has fallen far enough", "James Baker", "Treasury Secretary"),
                    person("We see no need for further declines", "James Baker", "Treasury Secretary"))),
    Article("bbbb000000000002", "wire/dollar-2.txt", 0, "Treasury chief hints at stability pact",
            body="Markets waited for the Treasury.", published="1987-03-03",
            quotes=(person("Talks with our partners continue", "Baker"),)),
    Article("bbbb000000000003", "wire/dollar-3.txt", 0, "Dollar talks in Paris",
            body="Finance ministers met in Paris.", published="1987-03-04",
            quotes=(Quote("The accord holds for now", "Treasury Secertary James Baker"),
                    person("Rates are a matter for the Fed", "Paul Volcker", "Fed Chairman"))),
    Article("bbbb000000000004", "wire/rates.txt", 0, "Fed holds rates steady",
            body="The Federal Reserve left rates unchanged.", published="1987-03-05",
            quotes=(person("Inflation is under control", "Volcker"),
                    Quote("Output will grow this quarter", "Kodak", None, "organisation"))),
)
SPORTS = Article("bbbb000000000005", "wire/baseball.txt", 0, "Pitcher signs for two seasons",
                 body="The pitcher signed on Friday.", published="1987-03-06",
                 quotes=(person("I am happy to stay in this city", "Dusty Baker"),))


def write(folder: Path, articles) -> Path:
    ix = store.prepare_for_writing(folder, rebuild=False)
    writer = ix.writer()
    for article in articles:
        writer.add_document(**indexer.to_document(article, [article.path], article.id))
    writer.commit()
    return folder


@pytest.fixture(scope="module")
def finance(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("finance"), STORIES)


@pytest.fixture(scope="module")
def two_bakers(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("two-bakers"), STORIES + (SPORTS,))


def test_people_lists_one_baker_under_his_full_name_without_a_title(finance):
    found = {p.name: (p.articles, p.quotes) for p in research.people(finance)}
    assert found == {"James Baker": (3, 4), "Paul Volcker": (2, 2)}  # Kodak is no person


def test_people_keeps_two_bakers_of_different_stories_apart(two_bakers):
    found = {p.name: p.articles for p in research.people(two_bakers)}
    # "Baker" alone could be either: it is listed as written, neither Baker's.
    assert found == {"James Baker": 2, "Dusty Baker": 1, "Baker": 1, "Paul Volcker": 2}


def test_speaker_facet_counts_each_person_once(finance):
    counts = {f.value: f.count for f in facets.facets(finance, None, ["speaker"])}
    assert counts == {"James Baker": 3, "Paul Volcker": 2, "Kodak": 1}


def test_quotes_by_full_name_find_the_quotes_under_the_surname_alone(finance):
    full = research.quotes(finance, speaker="Paul Volcker")
    bare = research.quotes(finance, speaker="Volcker")
    assert [q.text for q in full] == [q.text for q in bare] == [
        "Inflation is under control", "Rates are a matter for the Fed"]


def test_quotes_by_one_baker_leave_out_the_other(two_bakers):
    james = research.quotes(two_bakers, speaker="James Baker")
    assert {q.speaker for q in james} == {"James Baker", "Treasury Secertary James Baker"}
    assert {q.speaker for q in research.quotes(two_bakers, speaker="Baker")} == {
        "James Baker", "Treasury Secertary James Baker", "Baker", "Dusty Baker"}


def test_merge_follows_a_unique_fuller_form_and_stops_at_a_fork():
    shown = merge({"Bush": 2, "George Bush": 1, "George W. Bush": 5, "J. Smith": 1, "Jane Smith": 3,
                   "Clinton": 4, "Hillary Clinton": 6, "Bill Clinton": 2})
    assert shown["Bush"] == shown["George Bush"] == "George W. Bush"
    assert shown["J. Smith"] == "Jane Smith"
    assert shown["Clinton"] == "Clinton"  # Hillary or Bill: not said
    assert shown["Bill Clinton"] == "Bill Clinton" != shown["Hillary Clinton"]


def test_two_middle_initials_are_two_people():
    shown = merge({"George W. Bush": 3, "George H. W. Bush": 2, "George Bush": 1})
    assert shown["George W. Bush"] != shown["George H. W. Bush"]
    assert shown["George Bush"] == "George Bush"


def test_the_name_shown_is_the_most_frequent_full_form():
    shown = merge({"Kerry": 9, "John Kerry": 4, "John F. Kerry": 2, "Secretary of State John Kerry": 3})
    assert set(shown.values()) == {"John Kerry"}


def test_keys_ignore_titles_case_and_accents():
    assert name_key("Sen. José Ramírez") == name_key("JOSE RAMIREZ") == name_key("Jose Ramirez")
    assert name_key("Mr Blair") == name_key("Blair")


def test_forms_of_a_surname_are_every_person_of_that_surname():
    pool = {"Ian Blair", "Tony Blair", "Blair"}
    assert forms_of("Blair", pool) == pool
    assert forms_of("Tony Blair", pool) == {"Tony Blair"}


@given(st.dictionaries(st.sampled_from(["Baker", "James Baker", "J. Baker", "Dusty Baker", "James A. Baker",
                                        "Volcker", "Paul Volcker", "Paul A. Volcker"]),
                       st.integers(1, 20), min_size=1))
def test_merging_never_joins_two_given_names(counts):
    shown = merge(counts)
    for a in counts:
        for b in counts:
            ka, kb = name_key(a), name_key(b)
            if ka.given and kb.given and ka.given != kb.given:
                assert shown[a] != shown[b]
            assert (shown[a] == shown[b]) <= (ka.surname == kb.surname)


def test_a_speaker_phrase_also_finds_the_surname_alone_when_no_other_holds_it(finance, two_bakers):
    from newsearch.engines.whoosh import speakers
    from newsearch.engines.whoosh.queryparse import parse_query

    def found(folder, text):
        ix = store.open_for_reading(folder)
        with ix.searcher() as s:
            q = speakers.widened(parse_query(text, ix.schema), s.reader())
            return {s.stored_fields(n)["id"] for n in s.docs_for_query(q)}

    assert found(finance, 'speaker:"Paul Volcker"') == {"bbbb000000000003", "bbbb000000000004"}
    assert found(finance, 'speaker:"James Baker"') == {"bbbb000000000001", "bbbb000000000002", "bbbb000000000003"}
    # With a second Baker in the index, "Baker" alone is neither's.
    assert found(two_bakers, 'speaker:"James Baker"') == {"bbbb000000000001", "bbbb000000000003"}


def test_people_and_facets_of_a_speaker_phrase_count_the_surname_alone(finance):
    assert {p.name: p.articles for p in research.people(finance, 'speaker:"Paul Volcker"')} == {
        "Paul Volcker": 2, "James Baker": 1}
    assert {f.value: f.count for f in facets.facets(finance, 'speaker:"Paul Volcker"', ["speaker"])} == {
        "Paul Volcker": 2, "James Baker": 1, "Kodak": 1}


def test_query_by_a_speaker_phrase_finds_the_articles_that_give_the_surname_alone(finance):
    from newsearch.engines.whoosh import searcher

    ids = {hit.id for hit in searcher.search(finance, 'speaker:"Paul Volcker"', limit=20).hits}
    assert ids == {"bbbb000000000003", "bbbb000000000004"}
