"""Who said each quotation (issue 16): the failures seen on unseen outlets, one test each.

The fixtures under fixtures/attribution/ are written in the style of wire, newspaper and
broadcaster copy; none is copied from a corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsearch.models import Article, Quote
from newsearch.parsing import parse_file
from newsearch.parsing.names import read_name, split_run, split_title
from newsearch.parsing.quotes import extract_quotes, quote_spans

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "attribution"


def quotes_of(name: str) -> list[Quote]:
    articles = parse_file(FIXTURES / name)
    assert len(articles) == 1
    return list(articles[0].quotes)


def by_start(quotes: list[Quote], start: str) -> Quote:
    found = [q for q in quotes if q.text.startswith(start)]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


@pytest.fixture(scope="module")
def trade():
    return quotes_of("trade-column.txt")


@pytest.fixture(scope="module")
def markets():
    return quotes_of("markets-wire.txt")


@pytest.fixture(scope="module")
def blair():
    return quotes_of("blair-story.txt")


@pytest.fixture(scope="module")
def flood():
    return quotes_of("continued-quote.txt")


# ---------------------------------------------------------------- the speaker far from the verb


def test_speaker_after_a_long_appositive_before_the_verb(trade):
    quote = by_start(trade, "Nobody wins a tariff war")
    assert (quote.speaker, quote.speaker_kind) == ("Jane Roe", "person")
    assert quote.speaker_title == "a senior fellow at the Some Institute"


def test_said_then_title_then_name(trade):
    quote = by_start(trade, "The ministry will publish")
    assert (quote.speaker, quote.speaker_title) == ("Carla Mendes", "Agency Press Secretary")


def test_comments_name_of_the_lab_and_the_next_quote_keeps_the_speaker(trade):
    assert by_start(trade, "We measured the delays").speaker == "John Doe"
    assert by_start(trade, "The queues are longer").speaker == "John Doe"


def test_according_to_a_titled_name(trade):
    quote = by_start(trade, "The fund for displaced dock workers")
    assert (quote.speaker, quote.speaker_title) == ("Ali bin Hamad", "Finance Minister")


def test_pronoun_resolves_to_the_person_of_its_gender_named_before(flood):
    assert by_start(flood, "We will rebuild every house").speaker == "Ana Ruiz"  # not Tom Hale
    assert by_start(flood, "The first payments").speaker == "Tom Hale"


def test_pronoun_in_the_sentence_after_a_name():
    quotes = extract_quotes([
        "Harbour master Mary E. Smith disagreed with the timetable. “Six weeks is not enough,” she said.",
    ])
    assert [q.speaker for q in quotes] == ["Mary E. Smith"]


def test_quote_continued_into_the_next_paragraph(flood):
    # The paragraph opens a quotation and never closes it: the next one continues it.
    assert by_start(flood, "Every family will be back").speaker == "Ana Ruiz"
    assert by_start(flood, "Nobody is going to be left behind").speaker == "Ana Ruiz"


def test_unclosed_quote_takes_the_speaker_of_the_paragraph_it_runs_into():
    quotes = extract_quotes([
        "“The river rose two metres in an hour and took the footbridge with it.",
        "“We had no warning at all,” said Pedro Alves, who runs the ferry.",
    ])
    assert [q.speaker for q in quotes] == ["Pedro Alves", "Pedro Alves"]


def test_mixed_quote_marks_pair(flood):
    # Opens with a straight mark, closes with a curly one.
    quote = by_start(flood, "I have lived here for forty years")
    assert quote.text == "I have lived here for forty years and never seen water like this"
    assert (quote.speaker, quote.speaker_title) == ("Maria Gomez", "resident")
    spans = quote_spans('“Fine," he said. "Not fine”, she said.')
    assert [s.text for s in spans] == ["Fine", "Not fine"]


# ---------------------------------------------------------------- clean names


def test_names_never_run_across_a_sentence_end(trade):
    assert by_start(trade, "Our members have not been paid").speaker == "Steve Morgan"
    assert split_run("Steve Morgan. Parry") == ["Steve Morgan.", "Parry"]
    assert split_run("Tuesday. Lord Falconer") == ["Tuesday.", "Lord Falconer"]
    assert split_run("Sen. Ted Cruz") == ["Sen. Ted Cruz"]


def test_titles_are_split_off_the_name(trade):
    assert (by_start(trade, "We are not going to let").speaker,
            by_start(trade, "We are not going to let").speaker_title) == ("James Baker", "Treasury Secretary")
    assert read_name("Treasury Secretary James Baker")[:2] == ("James Baker", "Treasury Secretary")
    assert read_name("Chancellor of the Exchequer Nigel Lawson")[:2] == ("Nigel Lawson", "Chancellor of the Exchequer")
    assert read_name("Deputy Team Leader Jane Roe")[:2] == ("Jane Roe", "Deputy Team Leader")
    assert split_title("Rep. Steve King".split()) == (["Rep."], ["Steve", "King"])  # King is his name here


def test_a_name_is_not_cut_at_an_initial(trade):
    assert by_start(trade, "Six weeks is not enough").speaker == "Mary E. Smith"


def test_a_title_word_alone_is_no_person(trade):
    quote = by_start(trade, "It is too early to say")
    assert (quote.speaker, quote.speaker_kind) == (None, None)  # "says Doctor", and no guess instead
    assert read_name("Doctor").kind is None


# ---------------------------------------------------------------- not people


@pytest.mark.parametrize(
    "start, title",
    [
        ("The market is sitting on its hands", "a bill trader"),
        ("There is no appetite", "dealers"),
        ("Volumes are the thinnest", "analysts"),
        ("The bank is expected to hold", "officials"),
        ("The committee was split", "one source at the meeting"),
    ],
)
def test_plural_and_descriptive_sources_are_anonymous_with_their_description(markets, start, title):
    quote = by_start(markets, start)
    assert (quote.speaker, quote.speaker_kind, quote.speaker_title) == (None, "anonymous", title)


def test_a_source_at_a_meeting_is_not_the_person_named_earlier(markets):
    assert by_start(markets, "The committee was split").speaker != "Peter Lang"
    assert by_start(markets, "We expect one more cut").speaker == "Peter Lang"


@pytest.mark.parametrize(
    "start, name", [("We will report first-quarter", "General Motors Corp"), ("Trading volumes rose", "Reuters")]
)
def test_organisations_are_organisations(markets, start, name):
    quote = by_start(markets, start)
    assert (quote.speaker, quote.speaker_kind) == (name, "organisation")


@pytest.mark.parametrize("phrase", ["Reuters", "Motors Corp", "CNN", "Human Rights Watch"])
def test_read_name_knows_organisations(phrase):
    assert read_name(phrase).kind == "organisation"


@pytest.mark.parametrize("phrase", ["Analysts", "Officials", "Dealers", "Another", "Others"])
def test_read_name_refuses_plural_sources_and_quantifiers(phrase):
    assert read_name(phrase).kind in ("anonymous", None)
    assert read_name(phrase).name is None


def test_a_singular_noun_can_still_be_a_surname():
    quotes = extract_quotes([
        "Dan Backer, the fund's lawyer, rejected the label.",
        "“Fundraising is the B-side of every political message,” Backer says.",
    ])
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [("Dan Backer", "person")]


# ---------------------------------------------------------------- the wrong person


def test_a_surname_resolves_to_the_most_recent_person_of_that_name(blair):
    quote = by_start(blair, "We will not water down")
    assert quote.speaker == "Tony Blair"  # not Sir Ian Blair, named first


def test_honorific_gender_picks_between_two_people_of_one_surname():
    quotes = extract_quotes([
        "Hillary Clinton and Bill Clinton arrived together; Bill Clinton spoke first.",
        "“We have work to do,” Mrs. Clinton said.",
    ])
    assert quotes[0].speaker == "Hillary Clinton"


def test_forms_of_a_name_resolve_to_its_fullest_form_in_the_article():
    quotes = extract_quotes([
        "“The deal is done,” Okafor said on Monday.",
        "Trade minister Grace Nneka Okafor signed it in Lagos. “It took two years,” Okafor added.",
    ])
    assert [q.speaker for q in quotes] == ["Grace Nneka Okafor", "Grace Nneka Okafor"]


# ---------------------------------------------------------------- narration is not a quote


def test_narration_after_a_lost_closing_mark_is_not_a_quote(blair):
    texts = [q.text for q in blair]
    assert not any(t.startswith("Earlier this week") for t in texts)
    assert by_start(blair, "It is a rubber stamp").speaker == "Michael Howard"
    assert by_start(blair, "That is not scrutiny").speaker == "Michael Howard"


def test_no_quotation_marks_no_quotes():
    assert extract_quotes(["Earlier this week, Mr Howard said his party would vote against the bill."]) == []


def test_a_sign_is_nobody():
    quotes = extract_quotes(["Protesters carried a banner reading “no contract, no peace at the port.”"])
    assert quotes[0].speaker is None


# ---------------------------------------------------------------- the quote model


def test_quote_dict_has_title_and_kind_and_old_json_still_reads():
    quote = Quote("We will rebuild", "Ana Ruiz", "Mayor", "person")
    assert quote.to_dict() == {"text": "We will rebuild", "speaker": "Ana Ruiz", "speaker_title": "Mayor",
                               "speaker_kind": "person"}
    assert Quote.from_dict(quote.to_dict()) == quote
    assert Quote.from_dict(quote.to_dict()).speaker_title == "Mayor"
    old = Quote.from_dict({"text": "We will rebuild", "speaker": "Ana Ruiz"})
    assert (old.speaker, old.speaker_title, old.speaker_kind) == ("Ana Ruiz", None, "person")
    assert Quote.from_dict({"text": "No one named"}).speaker_kind is None


def test_quote_equality_is_text_and_speaker():
    assert Quote("A quote here", "Ana Ruiz", "Mayor", "person") == Quote("A quote here", "Ana Ruiz")


def test_articles_round_trip_with_new_and_old_quote_keys():
    article = parse_file(FIXTURES / "markets-wire.txt")[0]
    data = json.loads(json.dumps(article.to_dict()))
    assert all(set(q) == {"text", "speaker", "speaker_title", "speaker_kind"} for q in data["quotes"])
    again = Article.from_dict(data)
    assert [(q.speaker, q.speaker_title, q.speaker_kind) for q in again.quotes] == [
        (q.speaker, q.speaker_title, q.speaker_kind) for q in article.quotes]
    for q in data["quotes"]:
        del q["speaker_title"], q["speaker_kind"]
    assert Article.from_dict(data).quotes == article.quotes  # old JSON: text and speaker only


def test_a_runaway_line_of_quotes_stays_fast_enough():
    line = "“We will win,” she said. Smith said the plan would work. " * 2000
    quotes = extract_quotes(["Mayor Jane Smith spoke.", line])
    assert len(quotes) == 2000


# ---------------------------------------------------------------- bench/quotes.py's scoring


@pytest.fixture(scope="module")
def bench_quotes():
    import importlib.util
    import sys

    bench = Path(__file__).resolve().parent.parent / "bench"
    sys.path.insert(0, str(bench))
    try:
        spec = importlib.util.spec_from_file_location("bench_quotes", bench / "quotes.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_quotes"] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(bench))
    return module


@pytest.mark.parametrize(
    "source, kind, surname",
    [
        ("Spokeswoman Haley Morris", "person", "morris"),
        ("Sen. Bernie Sanders (I-Vt.)", "person", "sanders"),
        ("Stacy Baker of Columbia, South Carolina", "person", "baker"),
        ("her senior policy adviser, Jake Sullivan,", "person", "sullivan"),
        ("Secretary of State John F. Kerry", "person", "kerry"),
        ("he", "pronoun", None),
        ("a spokesman for Bernie Sanders", "anonymous", None),
        ("another New Hampshire Republican", "anonymous", None),
        ("officials", "anonymous", None),
        ("the Florida senator", "definite", None),
        ("the Clinton campaign", "organisation", None),
        ("CNN", "organisation", None),
    ],
)
def test_bench_sorts_gold_sources_into_kinds(bench_quotes, source, kind, surname):
    assert bench_quotes.gold_kind(source) == (kind, surname)


def test_bench_reads_quoted_text_inside_a_content_span(bench_quotes):
    text = 'She said the plan was "a very bad idea for the town" and left. “We will fight it,” she added.'
    start = text.index("the plan")
    pieces = bench_quotes.quoted_pieces(text, start, len(text))
    assert [p for _, p in pieces] == ["a very bad idea for the town", "We will fight it,"]
    assert all(text[o: o + len(p)] == p for o, p in pieces)


def test_bench_matches_predictions_by_their_first_words(bench_quotes):
    gold = [bench_quotes.Gold("a", 0, "We will fight it all the way", "Roe", "person", "roe")]
    predicted = [bench_quotes.Predicted("We will fight it all the way to court.", "Jane Roe", "person")]
    assert bench_quotes.match(gold, predicted) == {0: predicted[0]}
    assert bench_quotes.names("Jane Roe", "roe") and not bench_quotes.names("Jane Doe", "roe")


def test_an_office_with_of_the_before_a_name_is_the_title():
    quotes = extract_quotes(["“The pound will stay strong,” Chancellor of the Exchequer Nigel Lawson said."])
    assert [(q.speaker, q.speaker_title) for q in quotes] == [("Nigel Lawson", "Chancellor of the Exchequer")]
    quotes = extract_quotes(["Speaker of the House Rep. Paul Ryan (R-Wis.) said “there is no place for it in a campaign.”"])
    assert quotes[0].speaker == "Paul Ryan"


# ---------------------------------------------------------------- places and companies that speak


def test_a_country_a_capital_and_a_company_that_speak_are_organisations():
    quotes = extract_quotes([
        "TOKYO, March 4 - Eastman Kodak Co said on Wednesday it would cut 2,000 jobs in Asia.",
        "\"We will keep making film for as long as photographers buy it,\" Kodak said in a statement.",
        "\"The tariffs are regrettable and we will answer them,\" Japan said.",
        "\"Talks on the islands will resume next month,\" South Korea said on Thursday.",
        "\"We have no plans to lift the ban,\" Beijing said.",
    ])
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [
        ("Kodak", "organisation"), ("Japan", "organisation"), ("South Korea", "organisation"),
        ("Beijing", "organisation")]


def test_a_person_named_like_a_place_stays_a_person():
    quotes = extract_quotes([
        "Rep. Jim Jordan of Ohio pressed the attorney general on Tuesday.",
        "\"These answers do not add up,\" Jordan said.",
        "Georgia Mills, who runs the bakery, was blunt.",
        "\"Nobody asked us what we wanted,\" Georgia said.",
    ])
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [("Jim Jordan", "person"), ("Georgia Mills", "person")]


def test_a_place_at_the_end_of_an_appositive_does_not_become_he():
    quotes = extract_quotes([
        "Dale Hurst, a rancher from Elk Falls, Montana, said the fence would not stand.",
        "\"They can come and take it down themselves,\" he said.",
    ])
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [("Dale Hurst", "person")]
