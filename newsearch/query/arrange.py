"""The last steps of parsing: boosts onto what they follow, `+`/`-` sorted, the AND/OR/NOT
operators applied, and the arranged nodes read into the tree."""

from __future__ import annotations

from ..errors import QueryError, UnknownFieldError
from . import syntax as s
from .checks import unknown_field_message
from . import tree


def arranged(group):
    """`group` with whitespace gone, boosts attached, `+`/`-` sorted and the operators applied."""
    return _operators(_plus_minus(_boosts(_without_whitespace(group))))

def _without_whitespace(group):
    out = group.empty_copy()
    for node in group:
        if isinstance(node, s.Group):
            out.append(_without_whitespace(node))
        elif not node.is_ws():
            out.append(node)
    return out


def _boosts(group):
    out = group.empty_copy()
    for node in group:
        if isinstance(node, s.Group):
            node = _boosts(node)
        elif isinstance(node, s.BoostMark):
            if out and out[-1].has_boost:
                out[-1].set_boost(node.boost)
                continue
            node = s.to_word(node)
            node.__class__ = s.StrayWord
        out.append(node)
    return out


def _plus_minus(group):
    """`+word` (required) and `-word` (left out), sorted within each group that holds them."""
    for i, node in enumerate(group):
        if isinstance(node, s.Group):
            group[i] = _plus_minus(node)
    if not any(isinstance(node, s.Marker) for node in group):
        return group
    required, banned = s.AndGroup(), s.OrGroup()
    optional = s.AndGroup() if isinstance(group, s.AndGroup) else s.OrGroup()
    target = optional
    for node in group:
        if isinstance(node, s.Marker):
            target = required if node.kind == "+" else banned
        else:
            target.append(node)
            target = optional
    group = optional
    if required:
        group = s.AndMaybeGroup([required, group])
    if banned:
        group = s.AndNotGroup([group, banned])
    return group


_OPERATOR_ORDER = (s.NotGroup, s.AndGroup, s.OrGroup, s.AndNotGroup, s.AndMaybeGroup, s.RequireGroup)


def _operators(group):
    for kind in _OPERATOR_ORDER:
        i = 0
        while i < len(group):
            node = group[i]
            if isinstance(node, s.Operator) and node.group is kind:
                i = _replace_operator(group, i, node)
            else:
                i += 1
    for i, node in enumerate(group):
        if isinstance(node, s.Group):
            group[i] = _operators(node)
    return group


def _replace_operator(group, at: int, op) -> int:
    kind = op.group
    if op.prefix:
        if at < len(group) - 1 and isinstance(group[at + 1], s.Operator):
            group[at] = s.to_word(op)  # "NOT AND x": a NOT with no word to negate is the word, as at the end
            return at + 1
        length = len(group)
        del group[at]
        if at < length - 1:
            group[at] = kind([group[at]])
        return at
    if 0 < at < len(group) - 1:
        left, right = group[at - 1], group[at + 1]
        if kind.merging and isinstance(left, kind):
            left.append(right)
            del group.nodes[at:at + 2]
        else:
            group.nodes[at - 1:at + 2] = [kind([left, right])]
    else:
        del group[at]
    return at


# -- into the tree

_GROUPS = {s.AndGroup: tree.And, s.OrGroup: tree.Or}
_PAIRS = {s.AndNotGroup: tree.AndNot, s.AndMaybeGroup: tree.AndMaybe, s.RequireGroup: tree.Require}


def to_tree(node, text: str):
    kind = type(node)
    if kind in _GROUPS:
        return _GROUPS[kind](tuple(to_tree(child, text) for child in node), node.boost, node.startchar or 0)
    if kind in _PAIRS:
        return _PAIRS[kind](to_tree(node[0], text), to_tree(node[1], text), 1.0, node.startchar or 0)
    if kind is s.NotGroup:
        return tree.Not(to_tree(node[0], text), node.boost, node.startchar or 0)
    found = leaf(node)
    if found is None:
        raise QueryError("cannot understand the query (NotImplementedError); check operators and brackets", text, 0)
    if isinstance(found, tree.Near) and found.field is not None and found.field not in tree.FIELDS:
        raise UnknownFieldError(unknown_field_message(found.field), text, found.start)
    return found


def leaf(node):
    start = node.startchar or 0
    kind = type(node)
    if kind is s.WordNode:
        return tree.Word(node.text, node.fieldname, node.boost, start)
    if kind is s.JoinedNode:
        return tree.Joined(node.text, node.fieldname, node.boost, start)
    if kind is s.PhraseNode:
        return tree.Phrase(node.text, node.fieldname, node.slop, node.boost, start)
    if kind is s.PrefixNode:
        return tree.Prefix(node.text, node.fieldname, node.boost, start)
    if kind is s.WildNode:
        return tree.Wildcard(node.text, node.fieldname, node.boost, start)
    if kind is s.FuzzyNode:
        return tree.Fuzzy(node.text, node.fieldname, node.maxdist, node.prefixlength, node.boost, start)
    if kind is s.RangeNode:
        return tree.Range(node.fieldname, node.start, node.end, node.startexcl, node.endexcl, node.boost, start)
    if kind is s.StrayWord:
        return tree.Stray(node.text, start)
    if kind is s.EveryNode:
        return tree.Every(start)
    if kind is s.Leaf:
        return node.leaf
    return None
