"""A query tree told back in words, one line per node, indented by nesting: what an engine
without index counts can show for `--explain` (the Whoosh engine's lines add counts and expansions)."""

from __future__ import annotations

from . import tree

_GROUPS = {tree.And: "all of", tree.Or: "any of", tree.Not: "not", tree.AndNot: "the first, but not the second",
           tree.AndMaybe: "the first, ranked higher with the second",
           tree.Require: "the first, if the second also matches"}


def describe(node, depth: int = 0) -> list[str]:
    """The lines that say what `node` asks for."""
    pad = "  " * depth
    if isinstance(node, tree.GROUPS):
        children = tree.children(node)
        if len(children) == 1 and isinstance(node, (tree.And, tree.Or)):
            return describe(children[0], depth)
        return [pad + _GROUPS[type(node)] + ":"] + [line for child in children for line in describe(child, depth + 1)]
    return [pad + _leaf(node)]


def _leaf(node) -> str:
    field = getattr(node, "field", None)
    where = f"in {field}" if field else "in the default fields"
    boost = getattr(node, "boost", 1.0)
    weight = f" (weight ×{boost:g})" if boost != 1.0 else ""
    if isinstance(node, tree.Word):
        return f'word "{node.text}" {where}{weight}'
    if isinstance(node, tree.Joined):
        return f'joined word "{node.text}" {where}{weight}'
    if isinstance(node, tree.Phrase):
        reach = f", words within {node.slop} positions" if node.slop > 1 else ""
        return f'phrase "{node.text}" {where}{reach}{weight}'
    if isinstance(node, tree.Prefix):
        return f'pattern "{node.text.lower()}*" {where}{weight}'
    if isinstance(node, tree.Wildcard):
        return f'pattern "{node.pattern.lower()}" {where}{weight}'
    if isinstance(node, tree.Fuzzy):
        edits = f"{node.distance} edit" + ("" if node.distance == 1 else "s")
        return f'fuzzy "{node.text}" (up to {edits}) {where}{weight}'
    if isinstance(node, tree.DateRange):
        low = ("after " if node.first_excluded else "from ") + node.first if node.first else "from the earliest"
        high = ("before " if node.last_excluded else "to ") + node.last if node.last else "to the latest"
        return f"published {low} {high}"
    if isinstance(node, tree.Near):
        reach = "in the same sentence" if node.same_sentence else f"within {node.distance} words of each other"
        words = ", ".join('"' + " ".join(w) + '"' for w in node.words)
        return f"{words} {reach}, {where}, any order"
    if isinstance(node, tree.Range):
        return f"range {node.low or '…'} to {node.high or '…'} {where}"
    if isinstance(node, tree.DroppedStopWord):
        return f'stop word "{node.text}": dropped (as one of several alternatives it would match almost every article)'
    if isinstance(node, tree.Stray):
        return f'"{node.text}": nothing to boost, matches nothing'
    return "every article"
