"""The user's query string → the tree of newsearch/query/tree.py, checked on the way.

`parse` raises QueryError (UnknownFieldError for a field that does not exist) with the position
of the mistake. The steps run in a fixed order, each arranging the nodes the step before left:
marks joined to their words, brackets into groups, field names onto what follows them, names
with punctuation into joined words, NEAR's operands together, stop words out of alternatives,
then boosts, `+`/`-`, and the AND/OR/NOT operators.

How the index cuts text into words is the engine's: `words` (text → its words as indexed) is
given by the caller; the default splits at anything but letters, digits and inner dots.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import QueryError, UnknownFieldError
from . import tree
from . import syntax as s
from .arrange import arranged, leaf as _leaf, to_tree
from .checks import RANGE, check_syntax, date_span, near_distance, unknown_field_message  # noqa: F401  (re-exported)

STOP_WORDS = frozenset(("a an and are as at be by can for from have if in is it may not of on or tbd that the "
                        "this to us we when will with yet you your").split())
_WORD = re.compile(r"\w+(?:\.?\w+)*")
_PATTERN_CHARS = re.compile(r"[*?]")


def default_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def parse(text: str, *, match_all: bool = True, words: Callable[[str], list[str]] | None = None,
          stop_words=STOP_WORDS):
    """The tree of `text`: its words side by side are all required (`match_all`) or alternatives."""
    check_syntax(text)
    return _Parser(text, match_all, words or default_words, stop_words).run()


class _Parser:
    def __init__(self, text, match_all, words, stop_words):
        self.text, self.words, self.stop_words = text, words, stop_words
        self.group = s.AndGroup if match_all else s.OrGroup

    def run(self):
        group = self.group(s.tag(self.text, self._date))
        group = self._fuzzy(group)
        group = self._groups(group)
        group = self._clean_boosts(group)
        for step in (self._check_boosted, self._wildcards, self._fieldnames, self._join, self._near,
                     self._drop_stop_words, self._check_fields, arranged):
            group = step(group)
        return to_tree(group, self.text)

    def _date(self, match):
        value, at = match.group("value"), match.start("value")
        if value[:1] and value[0] in "[{":
            found = RANGE.match(value[1:-1])
            if not found:
                raise QueryError("a range is written [FROM TO UNTIL] (either end may be left out)", self.text, at)
            return self._date_leaf(value, found.group("start"), found.group("end"), value[0] == "{",
                                   value[-1] == "}", at)
        value = value.strip('"')
        comparison = re.match(r"[<>]=?", value)
        if comparison:
            op, date = comparison.group(), value[comparison.end():]
            at += comparison.end()
            if op.startswith(">"):
                return self._date_leaf(value, date, None, op == ">", False, at)
            return self._date_leaf(value, None, date, False, op == "<", at)
        if not value:
            raise QueryError("published: needs a date, as in published:2021-06", self.text, at)
        return self._date_leaf(value, value, value, False, False, at)

    def _date_leaf(self, value, start, end, start_excl, end_excl, at):
        first, last = date_span(start, end, start_excl=start_excl, end_excl=end_excl, text=self.text, at=at)
        return s.Leaf(tree.DateRange(value, first, last, bool(start and start_excl), bool(end and end_excl), at))

    # -- marks onto words, brackets into groups

    def _fuzzy(self, group):
        out, i = group.empty_copy(), 0
        while i < len(group):
            node = group[i]
            if i < len(group) - 1 and isinstance(node, s.WordNode) and isinstance(group[i + 1], s.Fuzziness):
                node = s.FuzzyNode(node, group[i + 1].maxdist, group[i + 1].prefixlength)
                i += 1
            if isinstance(node, s.Fuzziness):
                node = s.to_word(node)
            out.append(node)
            i += 1
        return out

    def _groups(self, group):
        stack = [self.group()]
        for node in group:
            if isinstance(node, s.Marker) and node.kind == "(":
                stack.append(self.group())
            elif isinstance(node, s.Marker) and node.kind == ")":
                if len(stack) > 1:
                    last = stack.pop()
                    stack[-1].append(last)
            else:
                stack[-1].append(node)
        top = stack[0]
        for level in stack[1:]:
            top.nodes.extend(level)
        if len(top) == 1 and isinstance(top[0], s.Group):
            boost, top = top.boost, top[0]
            top.boost = boost
        return top

    def _clean_boosts(self, group):
        for i, node in enumerate(group):
            if isinstance(node, s.BoostMark) and (not i or not group[i - 1].has_boost):
                group[i] = s.to_word(node)
        return group

    def _check_boosted(self, group):
        """A `^` that could not be attached (after a date, `NEAR/…` or another `^`) became the
        word `^2`: that boost would be searched for as text."""
        for node in group:
            if isinstance(node, s.Group):
                self._check_boosted(node)
            elif type(node) is s.WordNode and (node.text or "").startswith("^"):
                raise QueryError("this '^' has nothing it can boost: words, phrases and (groups) take one, "
                                 "dates and NEAR do not", self.text, node.startchar or 0)
        return group

    def _wildcards(self, group):
        """`*` and `?` joined with the pieces of their word (`Gr??nspan` is one pattern)."""
        joined = group.empty_copy()
        for node in group:
            if isinstance(node, s.Group):
                node = self._wildcards(node)
            elif joined and _joinable(joined[-1]) and _joinable(node) and (
                    isinstance(node, s.WildNode) or isinstance(joined[-1], s.WildNode)):
                previous = joined.pop()
                pattern = s.WildNode(previous.text + node.text)
                pattern.startchar, pattern.endchar = previous.startchar, node.endchar
                node = pattern
            joined.append(node)
        return _merge_patterns(joined)

    def _fieldnames(self, group):
        """`field:` onto the node after it (names in any case; unknown ones kept as written)."""
        out, i = group.empty_copy(), len(group)
        while i > 0:
            i -= 1
            node = group[i]
            if isinstance(node, s.FieldName):
                node = s.to_word(node)
            elif isinstance(node, s.Group):
                node = self._fieldnames(node)
            if i > 0 and not node.is_ws() and isinstance(group[i - 1], s.FieldName):
                name = group[i - 1].fieldname
                node.set_fieldname(tree.field_name(name) or name)
                i -= 1
            out.append(node)
        out.nodes.reverse()
        return out

    # -- names, NEAR, stop words

    def _join(self, group):
        for i, node in enumerate(group):
            if isinstance(node, s.Group):
                group[i] = self._join(node)
            elif _is_relative_path(node):
                group[i] = self._path_suffix(node)
            elif type(node) is s.WordNode and len(self.words(node.text or "")) > 1:
                group[i] = s.JoinedNode(node)
            elif isinstance(node, (s.WildNode, s.PrefixNode, s.FuzzyNode)):
                self._check_one_word(node)
        return group

    def _check_one_word(self, node) -> None:
        if node.fieldname in tree.WHOLE_FIELDS:
            return  # one term whatever its punctuation
        text = node.text or ""
        fuzzy = isinstance(node, s.FuzzyNode)
        parts = self.words(text if fuzzy else _PATTERN_CHARS.sub("x", text))
        if len(parts) > 1:
            kind = "a fuzzy term" if fuzzy else "a pattern (* or ?)"
            raise QueryError(f"{kind} matches one word, and '{text}' is {len(parts)} as indexed "
                             f"({', '.join(parts)}): put the mark on one part, or quote the name",
                             self.text, node.startchar or 0)

    def _path_suffix(self, node):
        """Paths are stored absolute: a relative `path:` value matches every stored path ending
        with it (whole folder and file names), and, for indexes from before, the value as written."""
        prefix = isinstance(node, s.PrefixNode)
        pattern = s.WildNode("*/" + node.text + ("*" if prefix else ""))
        pattern.fieldname, pattern.boost = node.fieldname, node.boost
        pattern.startchar, pattern.endchar = node.startchar, node.endchar
        joined = type(node) is s.WordNode and len(self.words(node.text or "")) > 1
        return s.OrGroup([s.JoinedNode(node) if joined else node, pattern])

    def _near(self, group):
        nodes = [n for n in group if not n.is_ws()]
        if not any(isinstance(n, s.NearMark) for n in nodes):
            for i, node in enumerate(group):
                if isinstance(node, s.Group):
                    group[i] = self._near(node)
            return group
        out, i = group.empty_copy(), 0
        while i < len(nodes):
            node = nodes[i]
            if isinstance(node, s.Group):
                node = self._near(node)
            if i + 1 < len(nodes) and isinstance(nodes[i + 1], s.NearMark):
                operands, marker = [node], nodes[i + 1]
                while i + 1 < len(nodes) and isinstance(nodes[i + 1], s.NearMark):
                    if i + 2 >= len(nodes) or not _near_operand(nodes[i + 2]):
                        raise QueryError("NEAR needs a word or a quoted phrase on each side", self.text,
                                         nodes[i + 1].startchar or 0)
                    operands.append(nodes[i + 2])
                    i += 2
                if not _near_operand(node):
                    raise QueryError("NEAR needs a word or a quoted phrase on each side", self.text,
                                     marker.startchar or 0)
                node = self._near_leaf(operands, marker)
            elif isinstance(node, s.NearMark):
                raise QueryError("NEAR needs a word or a quoted phrase on each side", self.text, node.startchar or 0)
            out.append(node)
            i += 1
        return out

    def _near_leaf(self, operands, marker):
        named = {node.fieldname for node in operands if node.fieldname}
        if len(named) > 1:
            raise QueryError("both sides of NEAR must search the same field", self.text, operands[0].startchar)
        words = tuple(tuple(self.words(node.text or "")) for node in operands)
        if not all(words):
            raise QueryError("NEAR needs words on both sides", self.text, operands[0].startchar)
        label = marker.dist.lower()
        leaf = tree.Near(tuple(_leaf(node) for node in operands), words,
                         near_distance(marker.dist, self.text, marker.startchar), label == "s",
                         named.pop() if named else None, label, operands[0].startchar)
        return s.Leaf(leaf, operands[0].startchar, operands[-1].endchar)

    def _drop_stop_words(self, group):
        """Stop words out of a list of alternatives that holds other words: as one of several, a
        stop word matches nearly every article. Where all words are required they stay (their exact
        form can tell "The Who" from "who"), and so do stop words in capitals ("US", "IT")."""
        for i, node in enumerate(group):
            if isinstance(node, s.Group):
                group[i] = self._drop_stop_words(node)
        if isinstance(group, s.OrGroup) and any(self._content(node) for node in group):
            for i, node in enumerate(group):
                if self._stop_word(node):
                    group[i] = s.Leaf(tree.DroppedStopWord(node.text, node.startchar), node.startchar, node.endchar)
        return group

    def _stop_word(self, node) -> bool:
        text = getattr(node, "text", "")
        return (type(node) is s.WordNode and node.fieldname is None and text.lower() in self.stop_words
                and not (len(text) > 1 and text.isupper()))

    def _content(self, node) -> bool:
        if node.is_ws() or isinstance(node, s.Operator) or self._stop_word(node) or (
                isinstance(node, s.Leaf) and isinstance(node.leaf, tree.DroppedStopWord)):
            return False
        return bool(self.words(node.text or "")) if isinstance(node, s.Text) else True

    def _check_fields(self, group):
        for node in group:
            if isinstance(node, s.Group):
                self._check_fields(node)
            elif node.has_fieldname and node.fieldname is not None and node.fieldname not in tree.FIELDS:
                end = node.startchar
                found = self.text.rfind(node.fieldname + ":", 0, None if end is None else end + 1)
                raise UnknownFieldError(unknown_field_message(node.fieldname), self.text,
                                        found if found >= 0 else end)
        return group


def _joinable(node) -> bool:
    return type(node) in (s.WordNode, s.WildNode)


def _merge_patterns(group):
    """A pattern takes in the text beside it; a lone trailing `*` makes it a prefix."""
    i = 0
    while i < len(group):
        node = group[i]
        if isinstance(node, s.WildNode):
            if i < len(group) - 1 and group[i + 1].is_text():
                node.text += group.pop(i + 1).text
            if i > 0 and group[i - 1].is_text():
                node.text = group.pop(i - 1).text + node.text
            else:
                i += 1
        else:
            i += 1
    for i, node in enumerate(group):
        if isinstance(node, s.WildNode):
            text = node.text
            if len(text) > 1 and not any(q in text for q in s.QUESTION_MARKS) and text.find("*") == len(text) - 1:
                prefix = s.PrefixNode(text[:-1])
                prefix.startchar, prefix.endchar = node.startchar, node.endchar
                group[i] = prefix
    return group


def _is_relative_path(node) -> bool:
    return (node.fieldname == "path" and type(node) in (s.WordNode, s.WildNode, s.PrefixNode)
            and not (node.text or "").startswith(("/", "*")))


def _near_operand(node) -> bool:
    return type(node) in (s.WordNode, s.PhraseNode, s.JoinedNode)
