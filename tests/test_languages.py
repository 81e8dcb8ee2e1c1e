"""News in scripts written without spaces, and in other languages: segmentation, queries typed
without spaces, highlights, sentence ends, zero-width characters, stemming, the language of each
article, and English analysis left exactly as it was."""

from __future__ import annotations

import json

import pytest
import Stemmer
from hypothesis import given, settings
from hypothesis import strategies as st

from newsearch.engines.whoosh import indexer, searcher, store
from newsearch.engines.whoosh.analysis import _latin_sentence_spans
from newsearch.errors import IndexDamagedError
from newsearch.parsing.language import detect_language
from newsearch.engines.whoosh.schema import (
    SENTENCE_GAP,
    STOP_WORDS,
    accent_map,
    analysis,
    exact_analyzer,
    exact_tokens,
    porter_stem,
    sentence_spans,
    stemmed_analyzer,
    stemmed_tokens,
)
from support import SEEDS

ZWSP, ZWNJ = "\u200b", "\u200c"

# Written for these tests in the style of each script's news (not copied from any page).
ARTICLES = {
    "zh": ("省政府公布新能源汽车补贴政策",
           "记者从省发展改革委员会获悉，新能源汽车购置补贴将延续至明年年底。据介绍，今年全省新能源汽车销量同比增长"
           "百分之三十。\n\n有关负责人表示，补贴标准将根据电池续航里程确定！"),
    "ja": ("東京都が新しい防災計画を発表",
           "東京都は新しい防災計画を発表した。計画では、大規模な地震に備えて避難所を増やす。知事は記者会見で協力を呼びかけた。"),
    "km": ("ក្រសួងសុខាភិបាលបើកយុទ្ធនាការវ៉ាក់សាំង",
           f"ក្រសួង{ZWSP}សុខាភិបាល{ZWSP}បាន{ZWSP}បើក{ZWSP}យុទ្ធនាការ{ZWSP}ចាក់{ZWSP}វ៉ាក់សាំង{ZWSP}ថ្មី{ZWSP}នៅ"
           f"{ZWSP}ខេត្ត{ZWSP}សៀមរាប។ មន្ត្រី{ZWSP}បាន{ZWSP}និយាយ{ZWSP}ថា កុមារ{ZWSP}ជាង{ZWSP}មួយ{ZWSP}ម៉ឺន{ZWSP}នាក់"
           f"{ZWSP}នឹង{ZWSP}ទទួល{ZWSP}បាន{ZWSP}វ៉ាក់សាំង។"),
    "my": ("မန္တလေးမြို့တွင်ရေကြီးမှုဖြစ်ပွား",
           "မန္တလေးမြို့တွင်ရေကြီးမှုကြောင့်လူထောင်ချီအိုးအိမ်စွန့်ခွာခဲ့ရသည်။ ကယ်ဆယ်ရေးအဖွဲ့များသည်စားနပ်ရိက္ခာများကို"
           "ဖြန့်ဝေနေသည်။"),
    "th": ("กรุงเทพฯ ประกาศแผนลดฝุ่น",
           "กรุงเทพมหานครประกาศแผนลดฝุ่นละอองในช่วงฤดูหนาว โรงเรียนหลายแห่งปิดชั่วคราวเพื่อความปลอดภัยของนักเรียน"),
    "ru": ("Избирательная комиссия подвела итоги",
           "Центральная избирательная комиссия объявила итоги выборов в областной совет. Явка составила сорок процентов."),
    "fa": ("وزارت بهداشت برنامه تازه‌ای اعلام کرد",
           f"وزارت بهداشت اعلام کرد که می{ZWNJ}خواهد بیمارستان{ZWNJ}های جدیدی در شهرهای کوچک بسازد. این برنامه"
           " تا پایان سال آینده اجرا می‌شود."),
    "en": ("Council approves the budget", "The city council approved the budget on Tuesday. The mayor said the vote was close."),
}
# A phrase of each article as a reader types it: no spaces, no zero-width characters.
TYPED = {"zh": "购置补贴", "ja": "避難所を増やす", "km": "ចាក់វ៉ាក់សាំង", "my": "စားနပ်ရိက္ခာ", "th": "ลดฝุ่นละออง"}


@pytest.fixture(scope="module")
def languages_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("languages")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps({"id": code, "title": title, "body": body}, ensure_ascii=False) + "\n"
                              for code, (title, body) in ARTICLES.items()), encoding="utf-8")
    indexer.index_paths([source], folder / "ix")
    return folder / "ix"


def highlighted(hit) -> list[str]:
    """The highlighted stretches of a hit's snippets, zero-width spaces left out (the stored text
    keeps them: a phrase typed without one covers the word boundary it marks)."""
    return [s.text[a:b].replace(ZWSP, "") for s in hit.snippets for a, b in s.highlights]


@pytest.mark.parametrize("code", sorted(TYPED))
def test_a_phrase_typed_without_spaces_finds_its_article_with_the_phrase_highlighted(languages_index, code):
    result = searcher.search(languages_index, TYPED[code])
    assert [hit.id for hit in result.hits] == [code]
    assert TYPED[code] in highlighted(result.hits[0])


def test_a_chinese_phrase_cut_inside_words_is_found_and_highlighted_exactly(languages_index):
    # "车购置补": the end of 汽车 and the start of 补贴; ICU's words alone would not match it
    hit = searcher.search(languages_index, "车购置补").hits[0]
    assert hit.id == "zh"
    assert highlighted(hit) == ["车购置补"]


def test_snippets_end_at_the_sentence_ends_of_the_script(languages_index):
    hit = searcher.search(languages_index, "续航里程").hits[0]
    assert [s.text for s in hit.snippets if s.field == "body"] == ["有关负责人表示，补贴标准将根据电池续航里程确定！"]
    hit = searcher.search(languages_index, "ទទួលបាន").hits[0]
    body = [s.text for s in hit.snippets if s.field == "body"][0]
    assert body.startswith("មន្ត្រី") and body.endswith("វ៉ាក់សាំង។")


def test_sentences_of_unspaced_scripts_are_apart_in_positions():
    positions = [pos for _, pos in exact_tokens("新闻。发布")]
    assert positions == [0, 1, 1 + SENTENCE_GAP, 2 + SENTENCE_GAP]


def test_each_article_stores_its_language_a_query_field_and_show(languages_index):
    for code in ARTICLES:
        assert searcher.get_article(languages_index, code).language == code
    assert [hit.id for hit in searcher.search(languages_index, "language:km").hits] == ["km"]
    assert [hit.id for hit in searcher.search(languages_index, "language:KM").hits] == ["km"]
    assert searcher.search(languages_index, "language:zh 购置补贴").total == 1
    assert searcher.search(languages_index, "language:ja 购置补贴").total == 0


def test_parse_and_show_print_the_language(cli, tmp_path, languages_index):
    page = tmp_path / "zh.jsonl"
    page.write_text(json.dumps({"title": ARTICLES["zh"][0], "body": ARTICLES["zh"][1]}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert [record["language"] for record in cli.jsonl("parse", page, "--format", "jsonl")] == ["zh"]
    assert cli.jsonl("show", "km", "--index", languages_index, "--format", "jsonl")[0]["language"] == "km"
    shown = cli("show", "my", "--index", languages_index, "--format", "rich")
    assert "language my" in shown.stdout


def test_a_zero_width_space_separates_words_and_queries_need_not_type_it(languages_index):
    assert [term for term, _ in exact_tokens(f"abc{ZWSP}def")] == ["abc", "def"]
    assert searcher.search(languages_index, "សុខាភិបាលបានបើក").hits[0].id == "km"


def test_a_zero_width_non_joiner_inside_a_word_is_the_same_word_typed_with_or_without_it(languages_index):
    assert [hit.id for hit in searcher.search(languages_index, f"بیمارستان{ZWNJ}های").hits] == ["fa"]
    assert [hit.id for hit in searcher.search(languages_index, "بیمارستانهای").hits] == ["fa"]


def test_marks_stay_inside_their_words():
    assert [term for term, _ in stemmed_tokens("ព័ត៌មានថ្មី")] == ["ព័ត៌មាន", "ថ្មី"]
    assert [term for term, _ in exact_tokens("हिन्दी समाचार")] == ["हिन्दी", "समाचार"]


def test_russian_words_take_the_russian_stemmer_and_chinese_single_characters_are_kept():
    assert [term for term, _ in stemmed_tokens("выборов выборы")] == ["выбор", "выбор"]
    assert "说" in [term for term, _ in stemmed_tokens("总统说")]


def test_a_russian_word_finds_its_other_forms(languages_index):
    assert [hit.id for hit in searcher.search(languages_index, "выборы").hits] == ["ru"]


def test_english_still_finds_and_highlights_as_before(languages_index):
    hit = searcher.search(languages_index, "budget").hits[0]
    assert hit.id == "en" and "budget" in highlighted(hit)


def test_an_index_built_by_the_older_analysis_asks_for_a_rebuild(tmp_path):
    folder = tmp_path / "ix"
    indexer.index_paths([SEEDS], folder)
    marker = folder / store.MARKER_NAME
    marker.write_text(json.dumps({"format": store.FORMAT_NAME, "schema_version": 3}), encoding="utf-8")
    with pytest.raises(IndexDamagedError, match=r"schema 3.*segmented.*--rebuild"):
        searcher.search(folder, "Hlaing")


def test_an_index_stemmed_by_porter_asks_for_a_rebuild_and_says_why(tmp_path):
    folder = tmp_path / "ix"
    indexer.index_paths([SEEDS], folder)
    marker = folder / store.MARKER_NAME
    marker.write_text(json.dumps({"format": store.FORMAT_NAME, "schema_version": 4}), encoding="utf-8")
    with pytest.raises(IndexDamagedError, match=r"schema 4.*Snowball.*--rebuild") as raised:
        searcher.search(folder, "Hlaing")
    assert "segmented" not in str(raised.value)  # a change the index already has is not told


@pytest.mark.parametrize("code", sorted(ARTICLES))
def test_the_language_of_each_script(code):
    assert detect_language("\n".join(ARTICLES[code])) == code


def test_no_letters_no_language():
    assert detect_language("2024 — 12:30 … 100%") is None


# ---------------------------------------------------------------- English is analysed exactly as before


def _reference_tokens(text: str, stemmed: bool):
    """The analysis before issue 18, from Whoosh's stock parts: its word pattern per sentence,
    sentences SENTENCE_GAP apart, lower-cased, accent-folded; then, for the stemmed fields, stop
    words and one-letter words dropped (the kept words numbered on from the first one) and the
    stemmer: Snowball's English (Porter2) for ASCII words since schema 5, Porter for the rest."""
    chain = analysis.RegexTokenizer() | analysis.LowercaseFilter() | analysis.CharsetFilter(accent_map)
    out, next_pos = [], 0
    for start, end in _latin_sentence_spans(text):
        last = None
        for token in chain(text[start:end], positions=True, chars=True, start_pos=next_pos, start_char=start):
            out.append((token.text, token.pos, token.startchar, token.endchar))
            last = token.pos
        if last is not None:
            next_pos = last + SENTENCE_GAP
    if not stemmed:
        return out
    kept = [token for token in out if len(token[0]) >= 2 and token[0] not in STOP_WORDS]
    english = Stemmer.Stemmer("english")
    stem = lambda word: english.stemWord(word) if word.isascii() else porter_stem(word)  # noqa: E731
    return [(stem(word), kept[0][1] + i, a, b) for i, (word, _, a, b) in enumerate(kept)]


def _ours(text: str, stemmed: bool):
    chain = stemmed_analyzer() if stemmed else exact_analyzer()
    return [(t.text, t.pos, t.startchar, t.endchar) for t in chain(text, positions=True, chars=True)]


LATIN = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                              " .,;:!?'\"-()\n\t’“”—…éèüñçßøåÆŒ€$%")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(LATIN)
def test_latin_script_text_is_analysed_token_for_token_as_before(text):
    for stemmed in (False, True):
        assert _ours(text, stemmed) == _reference_tokens(text, stemmed)
    assert list(sentence_spans(text)) == list(_latin_sentence_spans(text))
    assert exact_tokens(text) == [(t, p) for t, p, _, _ in _reference_tokens(text, False)]
    assert stemmed_tokens(text) == [(t, p) for t, p, _, _ in _reference_tokens(text, True)]


def test_the_seed_page_is_analysed_token_for_token_as_before():
    text = (SEEDS / "rfa-myanmar-junta-moscow.txt").read_text(encoding="utf-8")
    for stemmed in (False, True):
        assert _ours(text, stemmed) == _reference_tokens(text, stemmed)


def test_language_facet_counts_articles_by_their_language(languages_index):
    from newsearch.engines.whoosh import facets

    counts = {f.value: f.count for f in facets.facets(languages_index, "*", ["language"])}
    assert set(ARTICLES) <= set(counts) and all(counts[code] == 1 for code in ARTICLES)
