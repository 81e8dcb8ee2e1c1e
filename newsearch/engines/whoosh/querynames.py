"""Names and fields in Whoosh queries: which fields an unfielded word searches and how much each
counts, a name's words as the index holds them, and when stemming would shrink a phrase.

The index splits `Kilroy-Silk` into the words `kilroy` and `silk` at adjacent positions (a dot
between letters stays inside a word: `U.S.` is the one word `u.s`). A query word is analysed the
same way, field by field: where the field's analyzer gives several words they are matched as the
phrase of those words (so `Kilroy-Silk` finds "Kilroy-Silk" and is highlighted as one span), and
where it gives one (an `id` or `path`, which are indexed whole) as that single term.
"""

from __future__ import annotations

from ...query.checks import unknown_field_message  # noqa: F401
from ...query.tree import WHOLE_FIELDS  # noqa: F401
from .schema import UNFIELDED_FIELDS, exact_analyzer, query

# The fields an unfielded word searches (schema.UNFIELDED_FIELDS) and how much each counts.
# Every field counts the same: each is scored on its own and the scores add up, so a headline word
# already counts on top of the body's; the old weights (title 1.2 ... speaker 1.5, source 0.8)
# lowered nDCG@10 and MAP on three of the four development collections and cost 0.01-0.03 MRR on
# news known-item queries. Quotations count 0: the body already holds every quoted word, so scoring
# the `quote` field as well counted it twice, and the short field scored it near its maximum whether
# or not the article was about it (news headline MRR 0.70 instead of 0.61 on PolNeAR, 0.71 instead
# of 0.60 on BBC News). The field is still searched, so a quotation's words match and its snippet
# shows with its speaker; `quote:` and `speaker:` search it as fields, at full weight (issue 17,
# bench/results/relevance-loco.md).
UNFIELDED_WEIGHTS = {name: 0.0 if name == "quote" else 1.0 for name in UNFIELDED_FIELDS}


def words_of(text: str) -> list[str]:
    """The exact-field words of `text`, as the index holds them (the parser's `words`)."""
    return [token.text for token in exact_analyzer()(text)]


def stems_lose_words(schema, fieldname: str, text: str) -> bool:
    """Whether the stemmed field `fieldname` would shrink a phrase to one word or none (stop words
    and one-letter words are not stemmed: `Jay-Z` would become "jay", `"the storm"` "storm"),
    so that only its exact twin can match it as a phrase."""
    exact = len(words_of(text))
    stemmed = len(list(schema[fieldname].process_text(text, mode="query")))
    return (exact >= 2 and stemmed <= 1) or (exact >= 1 and stemmed == 0)


def field_query(schema, fieldname: str, text: str, boost: float = 1.0):
    """`text` in one field as that field indexes it: a term, or the phrase of its words."""
    words = [token.text for token in schema[fieldname].tokenize(text, mode="query")]
    if not words:
        return query.NullQuery
    if len(words) == 1:
        return query.Term(fieldname, words[0], boost=boost)
    return query.Phrase(fieldname, words, slop=1, boost=boost)
