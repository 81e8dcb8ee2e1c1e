"""Names as written in queries: words joined by hyphens, apostrophes and dots (Kilroy-Silk, Jay-Z,
G-7, O'Brien, U.S.-Japan) in every field, `-` as NOT only at the start of a word, field names in
any case, malformed boosts, month errors, speaker suggestions, and the lexicon that fuzzy terms,
wildcards and suggestions read."""

from __future__ import annotations

import json

import pytest

from newsearch.engines.whoosh import indexer, searcher
from newsearch.errors import QueryError

# Each name as a user types it, the id of the article about it, and the same parts apart (or
# reversed): an article a query for the name must not find.
NAMES = ["Kilroy-Silk", "Jay-Z", "G-7", "O'Brien", "U.S.-Japan"]
FIELDS = ["title", "body", "speaker", "author"]


def _parts(name: str) -> tuple[str, str]:
    first, _, second = name.replace("'", "-").rpartition("-")
    return first, second


def _records() -> list[dict]:
    records = []
    for number, name in enumerate(NAMES):
        first, second = _parts(name)
        records.append({
            "id": f"{name}-{number}",
            "title": f"{name} in the news",
            "body": f"Officials said {name} would answer on Monday. The talks went on late.",
            "authors": [f"Pat {name}"],
            "quotes": [{"text": "We will answer every question in time", "speaker": f"Lee {name}"}],
            "published": "1987-03-02",
        })
        records.append({
            "id": f"apart-{number}",
            "title": f"{second} and {first} in the news",
            "body": f"Officials said {second} would meet {first} on Monday. The talks went on late.",
            "authors": [f"{second} {first}"],
            "quotes": [{"text": "We will answer nothing at all today", "speaker": f"{second} {first}"}],
            "published": "1987-04-02",
        })
    # Only the first part (and none of the second): "Jay-Z" read as "Jay NOT Z" found these.
    records.append({"id": "only-first", "title": "Jay Leno and Kilroy on air", "body": "Jay Leno met Kilroy.",
                    "authors": ["Jay Kilroy"], "published": "1987-05-02"})
    records.append({"id": "anti", "title": "Anti-terror law passes", "body": "The anti-terror law passed.",
                    "published": "1987-06-02"})
    records.append({"id": "terror", "title": "Terror in the city", "body": "Terror gripped the anti crowd.",
                    "published": "1987-06-03"})
    records.append({"id": "volcker", "title": "Fed chairman speaks", "body": "Rates held.",
                    "quotes": [{"text": "Rates will hold", "speaker": "Paul Volcker"},
                               {"text": "Markets are calm", "speaker": "James Baker"}],
                    "published": "1987-07-01"})
    records.append({"id": "volcker-2", "title": "Fed chairman speaks again", "body": "Rates held again.",
                    "quotes": [{"text": "Rates will hold again", "speaker": "Paul Volcker"}],
                    "published": "1987-07-02"})
    return records


@pytest.fixture(scope="module")
def names_index(tmp_path_factory):
    docs = tmp_path_factory.mktemp("names-docs")
    (docs / "names.jsonl").write_text("\n".join(json.dumps(r) for r in _records()) + "\n", encoding="utf-8")
    folder = tmp_path_factory.mktemp("names-index")
    indexer.index_paths([docs], folder)
    return folder


def ids(folder, text, **options):
    return sorted(hit.id for hit in searcher.search(folder, text, limit=50, **options).hits)


@pytest.mark.parametrize("match_all", [True, False])
@pytest.mark.parametrize("number, name", list(enumerate(NAMES)))
def test_a_joined_name_finds_the_article_naming_it_and_not_its_parts_apart(names_index, number, name, match_all):
    assert ids(names_index, name, match_all=match_all) == [f"{name}-{number}"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("number, name", list(enumerate(NAMES)))
def test_a_joined_name_matches_in_each_field(names_index, field, number, name):
    assert ids(names_index, f"{field}:{name}") == [f"{name}-{number}"]


@pytest.mark.parametrize("number, name", list(enumerate(NAMES)))
def test_an_id_with_a_hyphen_matches_whole_without_quotes(names_index, number, name):
    assert ids(names_index, f"id:{name}-{number}") == [f"{name}-{number}"]
    assert ids(names_index, f"id:apart-{number}") == [f"apart-{number}"]


@pytest.mark.parametrize("name", NAMES)
def test_a_joined_name_is_highlighted_whole_in_title_body_and_quote_speaker(names_index, name):
    hit = searcher.search(names_index, name).hits[0]
    spans = {(s.field, s.text[a:b]) for s in hit.snippets for a, b in s.highlights}
    assert ("title", name) in spans and ("body", name) in spans
    speaker_hit = searcher.search(names_index, f"speaker:{name}").hits[0]
    assert [s.speaker for s in speaker_hit.snippets if s.field == "quote"] == [f"Lee {name}"]


def test_a_quoted_name_and_the_bare_name_find_the_same_articles(names_index):
    for name in NAMES:
        assert ids(names_index, f'"{name}"') == ids(names_index, name)


def test_minus_excludes_only_at_the_start_of_a_word(names_index):
    assert ids(names_index, "anti-terror") == ["anti"]
    assert ids(names_index, "terror -anti") == []
    assert ids(names_index, "law OR (Terror -anti)", match_all=False) == ["anti"]
    assert ids(names_index, "terror NOT law") == ["terror"]
    assert ids(names_index, "Kilroy -Silk") == ["only-first"]
    assert ids(names_index, "G-7 Monday") == ["G-7-2"]


def test_explain_reads_a_hyphenated_name_as_one_phrase_not_a_negation(names_index):
    lines = searcher.explain(names_index, "Jay-Z")
    assert lines == ['joined word "Jay-Z" in the default fields: the phrase "jay z" (its parts as indexed), '
                     "exact forms, 1 article; not stemmed (stemming would leave one word of it)"]
    kilroy = searcher.explain(names_index, "Kilroy-Silk")
    assert kilroy[0].endswith('the phrase "kilroy silk" (its parts as indexed), exact forms, 1 article; stemmed too')
    assert searcher.explain(names_index, "id:Jay-Z-1") == ['"Jay-Z-1" in id: the whole value "Jay-Z-1", 1 article']


def test_suggestion_keeps_the_hyphen_of_a_misspelt_joined_name(names_index):
    assert ids(names_index, "Kilroy-Silc") == []
    assert searcher.suggest(names_index, "Kilroy-Silc") == "Kilroy-Silk"


@pytest.mark.parametrize("query, position", [("Kilroy-S*", 0), ("Jay-Z~", 0), ("x O'Br?en", 2)])
def test_patterns_and_fuzzy_terms_spanning_joined_parts_are_errors(names_index, query, position):
    with pytest.raises(QueryError) as caught:
        searcher.search(names_index, query)
    assert "matches one word" in str(caught.value) and caught.value.position == position


def test_consecutive_question_marks_each_match_one_letter(names_index):
    assert ids(names_index, "speaker:Vo??ker") == ["volcker", "volcker-2"]
    assert ids(names_index, "Off?c??ls Kilroy-Silk") == ["Kilroy-Silk-0"]


# ---------------------------------------------------------------- field names, boosts, months


@pytest.mark.parametrize("query", ["Speaker:Volcker", "SPEAKER:Volcker", "Title:Fed speaker:volcker",
                                   "speaker:Volcker Published:1987-07", "ID:volcker OR Id:volcker-2"])
def test_field_names_are_read_in_any_case(names_index, query):
    assert ids(names_index, query) == ["volcker", "volcker-2"]


def test_a_field_name_in_capitals_is_read_and_an_unknown_one_reported_as_written(names_index):
    assert ids(names_index, "Speaker:Baker") == ["volcker"]
    with pytest.raises(QueryError, match="unknown field 'Colour'") as caught:
        searcher.search(names_index, "Speaker:Baker Colour:red")
    assert caught.value.position == 14


@pytest.mark.parametrize("query, message, position", [
    ("Baker^x", "a boost is a positive number after '^'", 5),
    ("Baker^", "a boost is a positive number after '^'", 5),
    ("Baker^0", "a boost is a positive number after '^'", 5),
    ("Baker^2x Volcker", "a boost is a positive number after '^'", 5),
    ("Baker^2(Volcker)", "a boost is a positive number after '^'", 5),
    ("^2 Baker", "'^' must follow a word", 0),
    ("Baker ^2", "'^' must follow a word", 6),
    ("Baker^^2", "(got '^2')", 5),
    ("Baker published:[1987 TO 1988]^2", "has nothing it can boost", 30),
])
def test_malformed_boosts_are_errors_with_a_caret(names_index, query, message, position):
    with pytest.raises(QueryError) as caught:
        searcher.search(names_index, query)
    assert message in str(caught.value)
    assert caught.value.position == position


def test_well_formed_boosts_weigh_their_clause(names_index):
    assert ids(names_index, "Baker^2 Volcker^0.5") == ["volcker"]
    plain = searcher.search(names_index, "Volcker~1").hits[0].score
    boosted = searcher.search(names_index, "Volcker~1^2").hits[0].score
    assert boosted == pytest.approx(2 * plain)
    assert any("weight ×2" in line for line in searcher.explain(names_index, "Volckr~1^2"))


@pytest.mark.parametrize("value, problem", [("1987-13", "no such month"), ("1987-00-12", "no such month"),
                                            ("0000", "no such year")])
def test_an_impossible_date_says_which_part_does_not_exist(names_index, value, problem):
    with pytest.raises(QueryError, match=problem):
        searcher.search(names_index, "Volcker", since=value)
    with pytest.raises(QueryError, match=problem):
        searcher.search(names_index, f"published:{value}")
    with pytest.raises(QueryError, match=r"'1987-02-30' is not a date: .* \(no such day\)$"):
        searcher.search(names_index, "Volcker", until="1987-02-30")


# ---------------------------------------------------------------- speaker suggestions


@pytest.mark.parametrize("typed, expected", [("Volker", "Volcker"), ("volker", "Volcker"),
                                             ("Paul Volker", "Paul Volcker"), ("Bakr", "Baker"),
                                             ("Kilroy-Silc", "Kilroy-Silk")])
def test_a_misspelt_speaker_gets_the_closest_speaker_name(names_index, typed, expected):
    from newsearch.engines.whoosh.queryexplain import speaker_suggestion

    assert speaker_suggestion(names_index, typed) == expected


@pytest.mark.parametrize("typed", ["Volcker", "Paul Volcker", "Zzyzx Qwerty"])
def test_no_speaker_suggestion_for_a_known_or_unknown_name(names_index, typed):
    from newsearch.engines.whoosh.queryexplain import speaker_suggestion

    assert speaker_suggestion(names_index, typed) is None


# ---------------------------------------------------------------- the lexicon (fuzzy, wildcards)


def _segmented(folder):
    """The names records in seven segments (a commit every three articles, none merged)."""
    docs = folder / "docs"
    docs.mkdir()
    for number, record in enumerate(_records()):
        (docs / f"{number:02}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer, "COMMIT_EVERY", 3)  # segments below it are merged at each commit
        indexer.index_paths([docs], folder / "ix", commit_every=3)
    return folder / "ix"


@pytest.fixture
def segmented_index(tmp_path):
    return _segmented(tmp_path)


@pytest.fixture(scope="module")
def shared_segmented_index(tmp_path_factory):
    return _segmented(tmp_path_factory.mktemp("segmented"))


def _lexicon_files(folder):
    return sorted(p.name for p in folder.glob("lexicon-*"))


@pytest.mark.parametrize("field, text, maxdist, prefix", [
    ("speaker", "volker", 1, 0), ("speaker", "volkcer", 1, 0), ("body_exact", "officails", 2, 0),
    ("title_exact", "nwes", 1, 0), ("author", "pta", 2, 1), ("quote_exact", "answr", 1, 3), ("body_exact", "x", 2, 0)])
def test_fuzzy_words_are_those_whoosh_finds_on_an_index_of_many_segments(shared_segmented_index, field, text, maxdist,
                                                                          prefix):
    from newsearch.engines.whoosh import lexicon, store
    from newsearch.engines.whoosh.schema import query

    with store.open_for_reading(shared_segmented_index).reader() as reader:
        assert len(reader.readers) >= 5
        ours = lexicon.FuzzyWords(field, text, maxdist=maxdist, prefixlength=prefix)._btexts(reader)
        whooshs = query.FuzzyTerm(field, text, maxdist=maxdist, prefixlength=prefix)._btexts(reader)
        assert ours == sorted(whooshs) and ours


@pytest.mark.parametrize("field, pattern", [("speaker", "vol*"), ("body_exact", "*ials"), ("title_exact", "n?ws"),
                                            ("body_exact", "*a*e*"), ("author", "?at"), ("body_exact", "o??icials")])
def test_wildcard_words_are_those_whoosh_finds(shared_segmented_index, field, pattern):
    from newsearch.engines.whoosh import lexicon, store
    from newsearch.engines.whoosh.schema import query

    with store.open_for_reading(shared_segmented_index).reader() as reader:
        ours = lexicon.WildcardWords(field, pattern)._btexts(reader)
        whooshs = [w.decode("utf-8") for w in query.Wildcard(field, pattern)._btexts(reader)]
        assert ours == sorted(whooshs) and ours


def test_fuzzy_counts_a_transposition_as_one_edit_on_a_one_segment_index(seed_index):
    assert [hit.title[:35] for hit in searcher.search(seed_index, "Hlaign~1").hits] == ["Myanmar Junta Chief Visit to Moscow"]


def test_the_lexicon_is_saved_once_per_commit_and_replaced_by_the_next(segmented_index, tmp_path):
    assert _lexicon_files(segmented_index) == []
    assert ids(segmented_index, "speaker:Volkcer~") == ["volcker", "volcker-2"]
    first = _lexicon_files(segmented_index)
    assert len(first) == 1
    more = tmp_path / "more"
    more.mkdir()
    (more / "more.jsonl").write_text(json.dumps({"id": "w", "title": "Wriston speaks", "body": "Walter Wriston spoke.",
                                                 "quotes": [{"text": "Banks lend", "speaker": "Walter Wriston"}]}) + "\n")
    indexer.index_paths([more], segmented_index)
    assert ids(segmented_index, "speaker:Wristen~") == ["w"]
    assert ids(segmented_index, "speaker:Volkcer~") == ["volcker", "volcker-2"]
    second = _lexicon_files(segmented_index)
    assert len(second) == 1 and second != first


def test_refresh_at_commit_leaves_queries_nothing_to_build(segmented_index, monkeypatch):
    from newsearch.engines.whoosh import lexicon

    lexicon.refresh(segmented_index)
    assert len(_lexicon_files(segmented_index)) == 1

    def no_build(*args):
        raise AssertionError("the lexicon was built again")

    monkeypatch.setattr(lexicon, "_build", no_build)
    assert ids(segmented_index, "*ials Jay-Z") == ["Jay-Z-1"]
    assert searcher.suggest(segmented_index, "Volkcer rates") == "Volcker rates"


def test_a_lexicon_left_by_an_index_since_rebuilt_is_not_trusted(segmented_index, tmp_path):
    assert ids(segmented_index, "speaker:Volkcer~") == ["volcker", "volcker-2"]
    (saved,) = segmented_index.glob("lexicon-*")
    stale = saved.read_bytes()
    other = tmp_path / "other"
    other.mkdir()
    records = [dict(r, id=r["id"] + "-new", quotes=[{"text": "A quote", "speaker": "Paul Volcker"}]) for r in _records()
               if r["id"].startswith("apart")]
    (other / "other.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    indexer.index_paths([other], segmented_index, rebuild=True, commit_every=3)
    from newsearch.engines.whoosh import lexicon, store

    generation = store.open_for_reading(segmented_index).latest_generation()
    (segmented_index / f"lexicon-{generation}.json").write_bytes(stale)
    lexicon._LOADED.clear()
    assert ids(segmented_index, "speaker:Volkcer~") == sorted(r["id"] for r in records)
    assert ids(segmented_index, "author:Pat~") == []


def test_an_index_folder_that_cannot_take_the_lexicon_still_answers(segmented_index, monkeypatch):
    from newsearch.engines.whoosh import lexicon

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(lexicon.tempfile, "mkstemp", refuse)
    assert ids(segmented_index, "speaker:Volkcer~ OR *ials", match_all=False) == ids(segmented_index, "Officials OR Volcker",
                                                                                      match_all=False)
    assert _lexicon_files(segmented_index) == []


def test_quotes_by_a_misspelt_speaker_suggest_the_speaker_meant(cli, tmp_path):
    records = tmp_path / "fed.jsonl"
    records.write_text(json.dumps({"id": "v1", "title": "Fed", "body": '"Rates will stay where they are for now," '
                                   "Paul Volcker said on Tuesday."}) + "\n", encoding="utf-8")
    assert cli("index", records, "--index", tmp_path / "ix").exit_code == 0
    missed = cli("quotes", "--speaker", "Volker", "--index", tmp_path / "ix")
    assert missed.exit_code == 1 and missed.stdout == ""
    assert "Did you mean: --speaker Volcker?" in missed.stderr
    found = cli("quotes", "--speaker", "Volcker", "--index", tmp_path / "ix")
    assert found.exit_code == 0 and "Did you mean" not in found.stderr
