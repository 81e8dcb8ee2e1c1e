"""The seed page: two Radio Free Asia articles scraped into one text file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsearch.models import Author
from newsearch.parsing import parse_file

SEED = Path(__file__).resolve().parent.parent / "seeds" / "rfa-myanmar-junta-moscow.txt"


@pytest.fixture(scope="module")
def articles():
    return parse_file(SEED)


@pytest.fixture(scope="module")
def moscow(articles):
    return articles[0]


@pytest.fixture(scope="module")
def cambodia(articles):
    return articles[1]


def speaker_of(article, start):
    matches = [q for q in article.quotes if q.text.startswith(start)]
    assert len(matches) == 1, [q.text for q in article.quotes]
    return matches[0].speaker


def test_seed_holds_exactly_two_articles_in_page_order(articles):
    assert len(articles) == 2
    assert [a.ordinal for a in articles] == [0, 1]
    assert all(a.path == str(SEED) for a in articles)


def test_titles_and_subtitles(moscow, cambodia):
    assert moscow.title == "Myanmar Junta Chief Visit to Moscow Seen as Shoring of Support Amid Condemnation For Coup"
    assert moscow.subtitle == "Observers say Min Aung Hlaing hoped to obtain recognition and a new channel for securing arms."
    assert cambodia.title == "Cambodian Political Prisoners’ Wives Fear for Husbands’ Health"
    assert cambodia.subtitle == (
        "Prison food lacks nutrition, and authorities should allow prisoners' families to visit, one rights group says."
    )


def test_body_starts_and_ends_with_the_article_paragraphs(moscow, cambodia):
    assert moscow.body.startswith("A visit by Myanmar’s junta chief Senior General Min Aung Hlaing to Russia")
    assert moscow.body.endswith("for comment on the visit went unanswered Wednesday.")
    assert cambodia.body.startswith("The wives of two political prisoners held in Cambodian jails")
    assert cambodia.body.endswith("with some detainees being given priority for release,” he said.")


@pytest.mark.parametrize("junk", ["Reported by", "Source", "What's Your Reaction", "cookies", "Next Article", "More"])
def test_body_has_no_credits_or_page_furniture(articles, junk):
    for article in articles:
        assert not re.search(rf"(?m)^{re.escape(junk)}", article.body)
        assert "cookies" not in article.body


def test_body_has_no_title_dek_or_subheads(articles):
    for article in articles:
        assert article.title not in article.body
        assert article.subtitle not in article.body
        for subhead in article.subheads:
            assert f"\n\n{subhead}\n\n" not in article.body


def test_paragraphs_are_separated_by_blank_lines(moscow):
    paragraphs = moscow.body.split("\n\n")
    assert len(paragraphs) == 21
    assert paragraphs[1].startswith("Min Aung Hlaing arrived in Moscow on June 20")
    assert all(p.strip() == p and p for p in paragraphs)


def test_subheads_per_article(moscow, cambodia):
    assert moscow.subheads == ("In search of support",)
    assert cambodia.subheads == ("Verdicts to be announced", "'We cannot be silent'")


def test_authors_with_roles(moscow, cambodia):
    assert moscow.authors == (
        Author("RFA’s Myanmar Service", "reporter"),
        Author("Khin Maung Nyane", "translator"),
        Author("Joshua Lipes", "writer"),
    )
    assert cambodia.authors == (
        Author("RFA’s Khmer Service", "reporter"),
        Author("Sovannarith Keo", "translator"),
        Author("Richard Finney", "writer"),
    )


def test_source_and_published(articles):
    assert [a.source for a in articles] == ["Radio Free Asia", "Radio Free Asia"]
    # The page states no publication date; "On June 30, the court..." is not one.
    assert [a.published for a in articles] == [None, None]


def test_than_soe_naing_has_exactly_two_quotes(moscow):
    texts = [q.text for q in moscow.quotes if q.speaker == "Than Soe Naing"]
    assert len(texts) == 2
    assert texts[0].startswith("Actually, this is not a meeting for heads of state")
    assert texts[1].startswith("When the chief of the regime attends")


@pytest.mark.parametrize(
    "start, speaker",
    [
        ("At a time when the United Nations", "Sai Kyi Zin Soe"),
        ("He’s not thinking of protocols", "Sai Kyi Zin Soe"),
        ("to restore a path for the flow of arms.", "Sai Kyi Zin Soe"),
        ("Military cooperation with Russia", "Thein Tun Oo"),
        ("Myanmar and Russia are also strategic partners", "Thein Tun Oo"),
        ("build diplomatic relations", "Thein Tun Oo"),
        ("a time-tested strategic partner and a reliable ally", "Sergei Shoigu"),
        ("cooperation in the military and military-technical field.", "Sergei Shoigu"),
    ],
)
def test_moscow_quote_speakers(moscow, start, speaker):
    assert speaker_of(moscow, start) == speaker


@pytest.mark.parametrize(
    "start, speaker",
    [
        ("When I walked into the prison facility", "Tek Sok Lorn"),
        ("As his wife I am really concerned", "Tek Sok Lorn"),
        ("[The court] should release him", "Nguon Phalla"),
        ("He appears to have lost about 10 kilos", "Nguon Phalla"),
        ("I’m asking the court to release him", "Nguon Phalla"),
        ("During a workshop", "Nuth Savana"),
        ("We haven’t made any decisions yet.", "Nuth Savana"),
        ("We cannot be silent.", "Prum Chantha"),
        ("If all these officials were in this position", "Prum Chantha"),
        ("We always look for ways", "Am Sam Ath"),
        ("We have seen the the Ministry of Justice", "Am Sam Ath"),
        ("We call on the courts", "Am Sam Ath"),
    ],
)
def test_cambodia_quote_speakers(cambodia, start, speaker):
    assert speaker_of(cambodia, start) == speaker


def test_quote_text_has_no_marks_or_trailing_comma(articles):
    for article in articles:
        for quote in article.quotes:
            assert not quote.text.endswith(",")
            assert not re.search("[“”]", quote.text)
    assert speaker_of(articles[1], "[The court] should release him") == "Nguon Phalla"
    assert "[The court] should release him" in [q.text for q in articles[1].quotes]


def test_one_and_two_word_scare_quotes_are_skipped(articles):
    texts = {q.text for a in articles for q in a.quotes}
    assert "degraded" not in texts
    assert "Friday wives" not in texts


def test_every_seed_quote_has_a_speaker(articles):
    quotes = [q for a in articles for q in a.quotes]
    attributed = [q for q in quotes if q.speaker]
    assert len(quotes) == 22
    assert len(attributed) / len(quotes) == 1.0


def test_ids_are_stable_sixteen_hex_digits(articles):
    again = parse_file(SEED)
    assert [a.id for a in again] == [a.id for a in articles]
    assert all(re.fullmatch(r"[0-9a-f]{16}", a.id) for a in articles)
    assert articles[0].id != articles[1].id


def test_word_count_counts_body_words(articles):
    for article in articles:
        assert article.word_count > 0
        assert article.word_count == len(article.body.split())
