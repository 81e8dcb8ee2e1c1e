"""Names as written in a query: words joined by hyphens, apostrophes or other punctuation
(`Kilroy-Silk`, `Jay-Z`, `O'Brien`, `G-7`, `reut-1`), `+` and `-` as operators only at the start
of a word, field names in any case, and boosts that must be numbers.

The index splits `Kilroy-Silk` into the words `kilroy` and `silk` at adjacent positions (a dot
between letters stays inside a word: `U.S.` is the one word `u.s`). A query word is analysed the
same way, field by field: where the field's analyzer gives several words they are matched as the
phrase of those words (so `Kilroy-Silk` finds "Kilroy-Silk" and is highlighted as one span), and
where it gives one (an `id` or `path`, which are indexed whole) as that single term.
"""

from __future__ import annotations

import re

from ...errors import QueryError
from .schema import UNFIELDED_FIELDS, PUBLIC_FIELDS, exact_analyzer, qparser, query

# An operator's position: the query's start, or after whitespace or an opening parenthesis.
WORD_START = r"(?<![^\s(])"
_BOOST_VALUE = re.compile(r"\^(?P<value>[^\s)]*)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_PATTERN_CHARS = re.compile(r"[*?]")

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


def exact_words(node) -> list[str]:
    """The exact-field words of a node's text (as the index would hold them)."""
    text = node.text if isinstance(node, qparser.syntax.TextNode) else getattr(node, "text", "")
    return words_of(text or "")


def words_of(text: str) -> list[str]:
    return [token.text for token in exact_analyzer()(text)]


def unknown_field_message(name: str) -> str:
    return (f"unknown field '{name}'; valid fields: {', '.join(PUBLIC_FIELDS)}"
            " (put text in quotes to search for it as written)")


# ---------------------------------------------------------------- operators and field names


class PlusMinusPlugin(qparser.PlusMinusPlugin):
    """`+word` and `-word`, where the sign starts a word: inside one (`Kilroy-Silk`, `G-7`,
    `C++`) it is part of the word."""

    def __init__(self):
        super().__init__(plusexpr=WORD_START + r"\+", minusexpr=WORD_START + "-")

    def do_plusminus(self, parser, group):
        """Whoosh's, in (brackets) too: it sorted only the top level, and a sign left inside a
        group failed the whole query (`junta (Russia -China)`)."""
        for i, node in enumerate(group):
            if isinstance(node, qparser.syntax.GroupNode):
                group[i] = self.do_plusminus(parser, node)
        if any(isinstance(node, (self.Plus, self.Minus)) for node in group):
            return super().do_plusminus(parser, group)
        return group


class FuzzyTermPlugin(qparser.FuzzyTermPlugin):
    """Whoosh's `word~2`, made into one node before boosts are attached, so `Hlaeng~2^2` boosts
    the fuzzy term (Whoosh's order left the `^2` to be searched as a word)."""

    def filters(self, parser):
        return [(self.do_fuzzyterms, -1)]


class WildcardPlugin(qparser.WildcardPlugin):
    """Whoosh's `*` and `?` patterns, with the pieces of a word joined whole: Whoosh's own joining
    left `Gr??nspan` as the pattern `gr??` and the word `nspan`, and gave a joined pattern the
    position of its first mark."""

    def do_wildcards(self, parser, group):
        joined = group.empty_copy()
        for node in group:
            if isinstance(node, qparser.syntax.GroupNode):
                node = self.do_wildcards(parser, node)
            elif joined and _joinable(joined[-1]) and _joinable(node) and (
                    isinstance(node, self.WildcardNode) or isinstance(joined[-1], self.WildcardNode)):
                previous = joined.pop()
                pattern = self.WildcardNode(previous.text + node.text)
                pattern.startchar, pattern.endchar = previous.startchar, node.endchar
                node = pattern
            joined.append(node)
        return super().do_wildcards(parser, joined)


_JOINABLE = (qparser.syntax.WordNode, qparser.WildcardPlugin.WildcardNode)


def _joinable(node) -> bool:
    return type(node) in _JOINABLE


class FieldsPlugin(qparser.FieldsPlugin):
    """`field:` in any case (`Speaker:Baker`, `TITLE:Moscow`); unknown names are kept as written
    (they are reported, with the valid ones, when the query is expanded)."""

    class FieldnameTagger(qparser.RegexTagger):
        def create(self, parser, match):
            name = match.group("text")
            known = name.lower() if name.lower() in PUBLIC_FIELDS else name
            return qparser.syntax.FieldnameNode(known, match.group(0))

    def __init__(self):
        super().__init__(remove_unknown=False)


def check_boosts(text: str, outside: str) -> None:
    """Raise QueryError at a `^` that does not follow something to boost or is not followed by a
    positive number (`outside`: `text` with quoted phrases blanked, same positions)."""
    for match in re.finditer(r"\^", outside):
        at = match.start()
        before = outside[at - 1] if at else ""
        if not before or before.isspace() or before in "(^":
            raise QueryError("'^' must follow a word, a phrase or a bracket, as in junta^2", text, at)
        value = _BOOST_VALUE.match(outside, at).group("value")
        if not _NUMBER.fullmatch(value) or float(value) == 0:
            raise QueryError(f"a boost is a positive number after '^', as in junta^2 or junta^0.5 (got '{value}')",
                             text, at)


# ---------------------------------------------------------------- joined words


class JoinedWordNode(qparser.PhrasePlugin.PhraseNode):
    """A word the analyzer splits into several (`Kilroy-Silk`, `O'Brien`, `reut-1`): the phrase of
    its parts in analysed fields, the whole word where a field is indexed whole (`id`, `path`)."""

    def __init__(self, word):
        super().__init__(word.text, word.startchar, slop=1)
        self.startchar, self.endchar = word.startchar, word.endchar
        self.fieldname, self.boost = word.fieldname, word.boost

    def r(self):
        return f"Joined {self.text!r}"


class JoinedWordsPlugin(qparser.Plugin):
    """Turns words with punctuation inside into JoinedWordNodes, and refuses patterns and fuzzy
    terms that span several words (`Kilroy-S*` would match no indexed word)."""

    def __init__(self, query_text: str):
        self.query_text = query_text

    def filters(self, parser):
        # After field names are attached (100) and boosts checked (1), before NEAR operands (105).
        return [(self.check_boosted, 1), (self.join, 102)]

    def join(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, qparser.syntax.GroupNode):
                group[i] = self.join(parser, node)
            elif _is_relative_path(node):
                group[i] = _path_suffix(node)
            elif type(node) is qparser.syntax.WordNode and len(exact_words(node)) > 1:
                group[i] = JoinedWordNode(node)
            elif isinstance(node, _ONE_WORD_NODES):
                self._check_one_word(node)
        return group

    def _check_one_word(self, node) -> None:
        if getattr(node, "fieldname", None) in WHOLE_FIELDS:
            return  # one term whatever its punctuation
        text = node.text or ""
        fuzzy = isinstance(node, qparser.FuzzyTermPlugin.FuzzyTermNode)
        parts = words_of(text if fuzzy else _PATTERN_CHARS.sub("x", text))
        if len(parts) > 1:
            kind = "a fuzzy term" if fuzzy else "a pattern (* or ?)"
            raise QueryError(f"{kind} matches one word, and '{text}' is {len(parts)} as indexed "
                             f"({', '.join(parts)}): put the mark on one part, or quote the name",
                             self.query_text, node.startchar or 0)

    def check_boosted(self, parser, group):
        """A `^` Whoosh could not attach (after a date, `NEAR/…` or another `^`) became the word
        `^2`: that boost would be searched for as text."""
        for node in group:
            if isinstance(node, qparser.syntax.GroupNode):
                self.check_boosted(parser, node)
            elif type(node) is qparser.syntax.WordNode and (node.text or "").startswith("^"):
                raise QueryError("this '^' has nothing it can boost: words, phrases and (groups) take one, "
                                 "dates and NEAR do not", self.query_text, node.startchar or 0)
        return group


# Fields indexed whole, one term per value: punctuation inside a value never splits it.
WHOLE_FIELDS = ("id", "path")


def _is_relative_path(node) -> bool:
    return (getattr(node, "fieldname", None) == "path"
            and type(node) in (*_JOINABLE, qparser.PrefixPlugin.PrefixNode)
            and not (node.text or "").startswith(("/", "*")))


def _path_suffix(node):
    """Paths are stored absolute: a relative `path:` value (as results show it, relative to the
    folder newsearch ran in, or a bare file name) matches every stored path ending with it, whole
    folder and file names only."""
    prefix = isinstance(node, qparser.PrefixPlugin.PrefixNode)  # `path:seeds/*`
    pattern = qparser.WildcardPlugin.WildcardNode("*/" + node.text + ("*" if prefix else ""))
    pattern.fieldname, pattern.boost = node.fieldname, node.boost
    pattern.startchar, pattern.endchar = node.startchar, node.endchar
    # Indexes from before paths were stored absolute hold them as given: match those as written.
    as_written = JoinedWordNode(node) if type(node) is qparser.syntax.WordNode and len(exact_words(node)) > 1 else node
    return qparser.syntax.OrGroup([as_written, pattern])


_ONE_WORD_NODES = (qparser.WildcardPlugin.WildcardNode, qparser.PrefixPlugin.PrefixNode,
                   qparser.FuzzyTermPlugin.FuzzyTermNode)


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
    return query.Phrase(fieldname, words, boost=boost)
