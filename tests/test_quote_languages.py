"""Quotations in other scripts and languages (issue 18): their marks give quotations, and the
sentence's speech verb gives their speaker. Fixtures are written in each language's news style."""

from __future__ import annotations

import pytest

from newsearch.parsing.quote_languages import word_count
from newsearch.parsing.quotes import extract_quotes


def said(paragraphs: list[str]) -> list[tuple[str, str | None, str | None]]:
    return [(q.text, q.speaker, q.speaker_title) for q in extract_quotes(paragraphs)]


def test_chinese_corner_brackets_with_the_spokesman_who_said_them():
    assert said(["商务部新闻发言人王文涛2日表示：「我们将继续扩大高水平对外开放。」"]) == [
        ("我们将继续扩大高水平对外开放。", "王文涛", "商务部新闻发言人")]


def test_chinese_told_reporters_is_not_a_name():
    assert said(["他对记者说：「这个项目明年春天一定能够完工。」"]) == [("这个项目明年春天一定能够完工。", None, None)]


def test_japanese_quotation_and_to_nobeta():
    assert said(["林芳正官房長官は記者会見で「緊張感を持って対応していく」と述べた。"]) == [
        ("緊張感を持って対応していく", "林芳正", "官房長官")]


def test_japanese_white_corner_brackets_quote_too():
    assert said(["山田太郎氏は『地域の声を国に届けたい』と語った。"]) == [("地域の声を国に届けたい", "山田太郎", "氏")]


def test_russian_guillemets_after_a_dash_and_before_a_colon():
    assert said([
        "«Мы продолжим работу над соглашением в ближайшие недели», — заявил заместитель министра Андрей Руденко.",
        "Глава ведомства Ирина Волкова сказала: «Решение будет принято до конца года».",
    ]) == [
        ("Мы продолжим работу над соглашением в ближайшие недели", "Андрей Руденко", "заместитель министра"),
        ("Решение будет принято до конца года", "Ирина Волкова", "Глава ведомства"),
    ]


def test_german_low_high_quotes_and_a_capitalised_title():
    assert said(["„Die Verhandlungen sind noch lange nicht abgeschlossen“, sagte Verkehrsministerin "
                 "Petra Hoffmann am Dienstag in Berlin."]) == [
        ("Die Verhandlungen sind noch lange nicht abgeschlossen", "Petra Hoffmann", "Verkehrsministerin")]


def test_french_guillemets_with_inner_spaces_pair_once():
    assert said(["« Nous ne reviendrons pas sur cette réforme », a déclaré la ministre Claire Martin "
                 "lors d’un déplacement à Lille."]) == [
        ("Nous ne reviendrons pas sur cette réforme", "Claire Martin", "la ministre")]


@pytest.mark.parametrize("paragraph, expected", [
    ("‚Wir bleiben hier bis zum Schluss‘, sagte Jonas Keller.", ("Wir bleiben hier bis zum Schluss", "Jonas Keller")),
    ("‹ Nous verrons bien demain matin ›, a dit Louise Bernard.", ("Nous verrons bien demain matin", "Louise Bernard")),
])
def test_single_guillemets_and_low_single_quotes(paragraph, expected):
    assert [found[:2] for found in said([paragraph])] == [expected]


def test_a_german_pronoun_names_no_one():
    assert said(["„Das war ein harter Winter für uns alle“, sagte sie."]) == [
        ("Das war ein harter Winter für uns alle", None, None)]


def test_korean_quotation_with_name_and_title():
    assert said(["김민수 장관은 “물가 안정에 총력을 다하겠다”라고 말했다."]) == [("물가 안정에 총력을 다하겠다", "김민수", "장관")]


def test_words_of_unspaced_scripts_count_two_characters_each():
    assert word_count("中方坚决反对") == 3
    assert word_count("we will see") == 3
    assert extract_quotes(["他说：「好」"]) == []  # one character is a scare quote, not speech
