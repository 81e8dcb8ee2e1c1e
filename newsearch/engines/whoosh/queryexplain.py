"""What a query means, told back to the user: `--explain`'s clause-by-clause reading, and the
"Did you mean" correction built from the index's own words when a query finds nothing (and the
speaker a misspelt `--speaker` name means)."""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from pathlib import Path

from . import feedback, lexicon, proximity, store
from ...errors import QueryError
from ...query import tree as qtree
from .querydates import date_query
from .querynames import field_query, stems_lose_words, words_of
from .querynear import near_query
from .queryparse import compile_tree, parse_tree, positive_leaves
from .schema import UNFIELDED_FIELDS, exact_analyzer, exact_form, exact_twin, query

_QUOTE_FIELDS = ("quote", "quote_exact")

_GROUP_LABELS = {
    qtree.And: "all of",
    qtree.Or: "any of",
    qtree.Not: "not",
    qtree.AndNot: "the first, but not the second",
    qtree.AndMaybe: "the first, ranked higher with the second",
    qtree.Require: "the first, if the second also matches",
}
_TYPED_WORDS = (qtree.Word, qtree.Stray)  # a stray `^2` is read back as the word it stays in the query as


def explain_lines(text: str, schema, searcher, *, match_all: bool = True, feedback: bool = False) -> list[str]:
    """The query as newsearch understood it, one line per clause, indented by nesting."""
    tree = parse_tree(text, match_all=match_all)  # raises for anything malformed
    parsed = compile_tree(tree, schema, text, match_all=match_all)
    lines: list[str] = []
    _explain_node(tree, schema, searcher, 0, lines)
    return lines + _weighting_lines(tree, parsed) + _ranking_lines(parsed, feedback)


def _weighting_lines(tree, parsed) -> list[str]:
    """How the clauses weigh against each other: repeated words, and quotations."""
    lines = []
    typed = Counter(exact_form(node.text) for node in _scored_words(tree))
    repeated = [f"{word} ×{count}" for word, count in typed.items() if count > 1]
    if repeated:
        lines.append(f"counted as often as typed: {', '.join(repeated)}")
    leaves = list(positive_leaves(parsed))
    if any(leaf.field() in _QUOTE_FIELDS and leaf.boost == 0 for leaf in leaves) and any(
            leaf.field() == "body" for leaf in leaves):
        lines.append("quotations: matched and shown, but scored through the body only "
                     "(it holds their words already; quote:word scores them)")
    return lines


def _scored_words(node):
    """The plain words of a query tree that add to scores (not those under NOT)."""
    return (leaf for leaf in qtree.positive_leaves(node) if isinstance(leaf, _TYPED_WORDS))


def _ranking_lines(parsed, with_feedback: bool) -> list[str]:
    """What re-ranks the matches of a plain word query (neither changes which articles match)."""
    lines = []
    pairs = proximity.pairs(parsed)
    if pairs:
        listed = ", ".join(f"{a}+{b}" for a, b in pairs)
        lines.append(f"ranked higher: neighbouring words within {proximity.WINDOW} positions in the body ({listed})")
    if with_feedback and feedback.applies(parsed):
        lines.append(f"ranked higher: articles sharing words with the top {feedback.FEEDBACK_DOCS} "
                     f"({feedback.FEEDBACK_TERMS} words, {1 - feedback.ORIGINAL_WEIGHT:.0%} of the weight: "
                     "pseudo-relevance feedback, asked for with --feedback)")
    return lines


def _explain_node(node, schema, searcher, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, qtree.GROUPS):
        children = qtree.children(node)
        if len(children) == 1 and isinstance(node, (qtree.And, qtree.Or)):
            _explain_node(children[0], schema, searcher, depth, lines)
            return
        lines.append(pad + _GROUP_LABELS[type(node)] + ":")
        for child in children:
            _explain_node(child, schema, searcher, depth + 1, lines)
        return
    boost = f" (weight ×{node.boost:g})" if getattr(node, "boost", 1.0) not in (1.0, None) else ""
    field = getattr(node, "field", None)
    where = f"in {field}" if field else "in the default fields"
    if isinstance(node, qtree.DateRange):
        low = ("after " if node.first_excluded else "from ") + node.first if node.first else "from the earliest"
        high = ("before " if node.last_excluded else "to ") + node.last if node.last else "to the latest"
        lines.append(f"{pad}published {low} {high} ({_plural(_count(searcher, date_query(node)), 'article')})")
    elif isinstance(node, qtree.Near):
        reach = "in the same sentence" if node.label == "s" else f"within {node.distance} words of each other"
        words = ", ".join('"' + " ".join(w) + '"' for w in node.words)
        found = _plural(_count(searcher, near_query(node, schema)), "article")
        lines.append(f"{pad}{words} {reach}, {where}, exact forms, any order ({found})")
    elif isinstance(node, qtree.Fuzzy):
        form = words_of(node.text)
        found = _expansions(searcher, schema, node, node.text, lexicon.FuzzyWords, maxdist=node.distance,
                            prefixlength=node.prefix_length)
        lines.append(f'{pad}fuzzy "{" ".join(form)}" (up to {_plural(node.distance, "edit")}) {where}, exact forms{boost}: {found}')
    elif isinstance(node, (qtree.Wildcard, qtree.Prefix)):
        prefix = isinstance(node, qtree.Prefix)
        written = node.text if prefix else node.pattern
        found = _expansions(searcher, schema, node, written, query.Prefix if prefix else lexicon.WildcardWords)
        lines.append(f'{pad}pattern "{written.lower() + ("*" if prefix else "")}" {where}, exact forms{boost}: {found}')
    elif isinstance(node, qtree.Joined):
        lines.append(pad + _explain_joined(node, schema, searcher, where, boost))
    elif isinstance(node, qtree.Phrase):
        words = words_of(node.text)
        reach = f", words within {node.slop} positions" if node.slop > 1 else ""
        fields = _exact_targets(schema, node.field)
        q = query.Or([query.Phrase(f, words, slop=node.slop) if len(words) > 1 else query.Term(f, words[0])
                      for f in fields]) if words else query.NullQuery
        lines.append(f'{pad}phrase "{" ".join(words)}" {where}{reach}{boost}: exact forms, '
                     f'{_plural(_count(searcher, q), "article")}{_stemmed_note(schema, fields, node.text)}')
    elif isinstance(node, qtree.DroppedStopWord):
        lines.append(f'{pad}stop word "{node.text}": dropped (as one of several alternatives it would match almost every article)')
    elif isinstance(node, qtree.Range):
        lines.append(f"{pad}range {node.low or '…'} to {node.high or '…'} {where}")
    elif isinstance(node, _TYPED_WORDS):
        lines.extend(pad + line for line in _explain_word(node, schema, searcher, where, boost))
    else:
        lines.append(f"{pad}ignored: <*:*>")


def _explain_word(node, schema, searcher, where: str, boost: str) -> list[str]:
    words = words_of(node.text)
    if not words:
        return [f'"{node.text}": no searchable characters, dropped']
    fields = _exact_targets(schema, getattr(node, "field", None))
    stemmed_fields = [f.removesuffix("_exact") for f in fields if f.endswith("_exact")]
    described = []
    for word in words:
        exact_count = _count(searcher, query.Or([query.Term(f, word) for f in fields]))
        part = f'exact "{word}" ({_plural(exact_count, "article")})' if exact_count else f'exact "{word}": in no article'
        if stemmed_fields:
            stems = [t.text for t in schema[stemmed_fields[0]].analyzer(word)]
            part += f', stemmed "{stems[0]}"' if stems else ", stop word: dropped from the stemmed fields"
        described.append(part)
    joined = " + ".join(described)
    label = "word" if len(words) == 1 else "words (as a phrase)"
    return [f'{label} "{node.text}" {where}{boost}: {joined}']


def _explain_joined(node, schema, searcher, where: str, boost: str) -> str:
    """A word with punctuation inside: the phrase of its parts, or a whole value (id, path)."""
    fields = _exact_targets(schema, node.field)
    found = _plural(_count(searcher, query.Or([field_query(schema, f, node.text) for f in fields])), "article")
    words = [t.text for t in schema[fields[0]].tokenize(node.text, mode="query")] if fields else []
    if len(words) == 1:
        return f'"{node.text}" {where}{boost}: the whole value "{words[0]}", {found}'
    return (f'joined word "{node.text}" {where}{boost}: the phrase "{" ".join(words)}" (its parts as indexed), '
            f"exact forms, {found}{_stemmed_note(schema, fields, node.text)}")


def _stemmed_note(schema, fields: list[str], text: str) -> str:
    stemmed = [f.removesuffix("_exact") for f in fields if f.endswith("_exact")]
    if not stemmed:
        return ""
    if stems_lose_words(schema, stemmed[0], text):
        return "; not stemmed (stemming would leave one word of it)"
    return "; stemmed too"


def _exact_targets(schema, fieldname: str | None) -> list[str]:
    names = [fieldname] if fieldname else list(UNFIELDED_FIELDS)
    return [exact_twin(n) or n for n in names if (exact_twin(n) or n) in schema]


def _expansions(searcher, schema, node, written: str, qclass, **extra) -> str:
    reader = searcher.reader()
    seen = {}
    text = " ".join(words_of(written)) if qclass is lexicon.FuzzyWords else written.lower()
    for fieldname in _exact_targets(schema, node.field):
        for _, term in qclass(fieldname, text, **extra).expanded_terms(reader):
            word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            seen[word] = seen.get(word, 0) + reader.doc_frequency(fieldname, term)
    if not seen:
        return "matches no word in the index"
    best = sorted(seen, key=lambda w: -seen[w])
    more = f" and {len(best) - 8} more" if len(best) > 8 else ""
    return "matches " + ", ".join(best[:8]) + more


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _count(searcher, q) -> int:
    return sum(1 for _ in searcher.docs_for_query(q)) if q is not query.NullQuery else 0


def suggestion(text: str, schema, searcher) -> str | None:
    """`text` with each word that no article holds replaced by the closest indexed word, or None.

    Candidates come from the exact forms (words as written, not stems), within one edit (two for
    words of six letters or more), the most frequent winning; the user's capitalisation is kept.
    """
    try:
        tree = parse_tree(text)
    except QueryError:
        return None
    replacements: list[tuple[int, int, str]] = []
    for node in _positive_text_nodes(tree):
        fields = _exact_targets(schema, getattr(node, "field", None))
        offset = node.start + (1 if isinstance(node, qtree.Phrase) else 0)  # a phrase's words start after its quote
        for token in exact_analyzer()(node.text, chars=True):
            word, start, end = token.text, offset + token.startchar, offset + token.endchar
            if word.isdigit() or _held(searcher.reader(), fields, word):
                continue
            better = _closest(searcher.reader(), fields, word)
            if better:
                replacements.append((start, end, _same_case(text[start:end], better)))
    if not replacements:
        return None
    for start, end, word in sorted(replacements, reverse=True):
        text = text[:start] + word + text[end:]
    return text


def _held(reader, fields: list[str], word: str) -> bool:
    """Whether a live article holds `word` in one of `fields` (the lexicon, or the term tables,
    tell, without counting every article as a query would: "Baker" is in thousands)."""
    words = lexicon.of_reader(reader)
    mask = words.fields_of(word) if words is not None else -1
    for fieldname in fields:
        if words is not None and fieldname in words.bit and not mask & words.bit[fieldname]:
            continue
        if reader.doc_frequency(fieldname, word):
            if not reader.has_deletions():
                return True
            if any(not reader.is_deleted(d) for d in reader.postings(fieldname, word).all_ids()):
                return True
    return False


def _positive_text_nodes(node):
    if isinstance(node, (qtree.Not, qtree.AndNot)):
        if isinstance(node, qtree.AndNot):
            yield from _positive_text_nodes(node.positive)
        return
    if isinstance(node, qtree.GROUPS):
        for child in qtree.children(node):
            yield from _positive_text_nodes(child)
    elif isinstance(node, (qtree.Word, qtree.Stray, qtree.Phrase, qtree.Joined)):
        yield node


def _closest(reader, fields: list[str], word: str) -> str | None:
    for distance in (1, 2) if len(word) >= 6 else (1,):
        counts: dict[str, int] = {}
        for fieldname in fields:
            for candidate in _near_words(reader, fieldname, word, distance):
                counts[candidate] = counts.get(candidate, 0) + reader.doc_frequency(fieldname, candidate)
        if counts:
            return min(counts, key=lambda c: (-counts[c], c))
    return None


def _near_words(reader, fieldname: str, word: str, distance: int) -> list[str]:
    """The field's words within `distance` edits of `word` (from the lexicon; Whoosh's scan where
    there is none)."""
    words = lexicon.FuzzyWords(fieldname, word, maxdist=distance)._btexts(reader)
    return [w.decode("utf-8") if isinstance(w, bytes) else str(w) for w in words]


def _same_case(pattern: str, word: str) -> str:
    """`word` capitalised like `pattern` (HLAENG → HLAING, Hlaeng → Hlaing, hlaeng → hlaing)."""
    if len(pattern) > 1 and pattern.isupper():
        return word.upper()
    if pattern[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# ---------------------------------------------------------------- speakers


@store.guarded
def speaker_suggestion(folder: str | os.PathLike, name: str) -> str | None:
    """The speaker the index knows that a misspelt name means ("Volcker" for `--speaker Volker`),
    or None when every word of it is a speaker's (or nothing is close).

    Each word of `name` that no speaker's name holds is replaced by the closest word of the
    speakers' names (one edit, or two from six letters; the most quoted first) that a speaker's
    name holds together with the name's other words; the words come back as that name writes them,
    what lies between them as typed ("Kilroy-Silk" for "Kilroy-Silc").
    """
    ix = store.open_for_reading(Path(folder))
    with ix.searcher() as searcher:
        return _speaker_suggestion(searcher, name)


SPEAKER_CHOICES = 5  # closest words tried per misspelt word


def _speaker_suggestion(searcher, name: str) -> str | None:
    reader = searcher.reader()
    tokens = [(t.text, t.startchar, t.endchar) for t in exact_analyzer()(name, chars=True)]
    if not tokens or "speaker" not in searcher.schema:
        return None
    choices = []
    for word, _, _ in tokens:
        if reader.doc_frequency("speaker", word):
            choices.append([word])
            continue
        near = []
        for distance in (1, 2) if len(word) >= 6 else (1,):
            near = _near_words(reader, "speaker", word, distance)
            if near:
                break
        if not near:
            return None
        near.sort(key=lambda w: (-reader.doc_frequency("speaker", w), w))
        choices.append(near[:SPEAKER_CHOICES])
    if all(choice == [word] for choice, (word, _, _) in zip(choices, tokens)):
        return None
    for words in itertools.product(*choices):
        together = query.And([query.Term("speaker", w) for w in dict.fromkeys(words)])
        for docnum in itertools.islice(searcher.docs_for_query(together), 20):
            written = _written_forms(searcher.stored_fields(docnum), set(words))
            if written:
                out, last = [], 0
                for (word, start, end), chosen in zip(tokens, words):
                    out += [name[last:start], written[chosen]]
                    last = end
                return "".join(out) + name[last:]
    return None


def _written_forms(stored: dict, words: set[str]) -> dict[str, str] | None:
    """How a speaker of the article whose name holds all of `words` writes each of them."""
    for quote in json.loads(stored["data"]).get("quotes", ()):
        speaker = quote.get("speaker") or ""
        forms = {t.text: speaker[t.startchar:t.endchar] for t in exact_analyzer()(speaker, chars=True)}
        if words <= forms.keys():
            return forms
    return None

