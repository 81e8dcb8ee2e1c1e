"""The first step of parsing: the query string cut into syntax nodes (words, quotes, brackets,
operators, field names, boosts, marks), which parse.py then arranges and turns into the tree.

The order in which the taggers try each position, and what each one matches, is the query
language's grammar: it is kept as newsearch has always read queries (Whoosh's parser did this step
before), so that a query means what it meant.
"""

from __future__ import annotations

import re

# An operator's position: the query's start, or after whitespace or an opening parenthesis.
WORD_START = r"(?<![^\s(])"
QUESTION_MARKS = "?\u055e\u061f\u1367"
NEAR = re.compile(r"(?<!\S)(?:NEAR|w)/(?P<dist>\S*)")
DATE = re.compile(r"(?i:published):(?P<value>[\[{][^\]}]*[\]}]|\"[^\"]*\"|[<>]=?[^\s()]*|[^\s()]*)")


class Node:
    has_fieldname = has_text = has_boost = False
    fieldname = None
    boost = 1.0
    startchar = endchar = None

    def is_ws(self) -> bool:
        return False

    def is_text(self) -> bool:
        return False

    def set_fieldname(self, name, override=False):
        if self.has_fieldname and (self.fieldname is None or override):
            self.fieldname = name

    def set_boost(self, boost):
        if self.has_boost:
            self.boost = boost


class Whitespace(Node):
    def is_ws(self):
        return True


class Marker(Node):
    """A mark that arranges its neighbours and is gone from the tree: brackets, `+`, `-`."""

    def __init__(self, kind: str):
        self.kind = kind


class FieldName(Node):
    def __init__(self, fieldname: str, original: str):
        self.fieldname, self.original = fieldname, original


class Text(Node):
    has_fieldname = has_text = has_boost = True

    def __init__(self, text: str):
        self.text = text

    def is_text(self):
        return True


class WordNode(Text):
    pass


class StrayWord(WordNode):
    """A boost mark that found nothing to attach to once the words were arranged."""


class WildNode(Text):
    pass


class PrefixNode(Text):
    pass


class FuzzyNode(Text):
    def __init__(self, word, maxdist: int, prefixlength: int):
        self.text, self.fieldname, self.boost = word.text, word.fieldname, word.boost
        self.startchar, self.endchar = word.startchar, word.endchar
        self.maxdist, self.prefixlength = maxdist, prefixlength


class PhraseNode(Text):
    def __init__(self, text: str, textstartchar: int, slop: int = 1):
        self.text, self.textstartchar, self.slop = text, textstartchar, slop


class JoinedNode(PhraseNode):
    def __init__(self, word):
        super().__init__(word.text, word.startchar)
        self.startchar, self.endchar = word.startchar, word.endchar
        self.fieldname, self.boost = word.fieldname, word.boost


class RangeNode(Node):
    has_fieldname = True

    def __init__(self, start, end, startexcl: bool, endexcl: bool):
        self.start, self.end, self.startexcl, self.endexcl = start, end, startexcl, endexcl


class Fuzziness(Node):
    def __init__(self, maxdist: int, prefixlength: int, original: str):
        self.maxdist, self.prefixlength, self.original = maxdist, prefixlength, original


class BoostMark(Node):
    def __init__(self, original: str, boost: float):
        self.original, self.boost = original, boost


class Operator(Node):
    def __init__(self, text: str, group: type, prefix: bool = False):
        self.text, self.group, self.prefix = text, group, prefix


class EveryNode(Node):
    pass


class NearMark(Node):
    def __init__(self, dist: str):
        self.dist = dist


class Leaf(Node):
    """A node already read into a tree leaf (dates, NEAR, dropped stop words)."""

    def __init__(self, leaf, startchar=None, endchar=None):
        self.leaf, self.startchar, self.endchar = leaf, startchar, endchar


class Group(Node):
    has_boost = True
    merging = True

    def __init__(self, nodes=None, boost=1.0):
        self.nodes, self.boost = list(nodes or []), boost

    @property
    def startchar(self):
        return self.nodes[0].startchar if self.nodes else None

    @property
    def endchar(self):
        return self.nodes[-1].endchar if self.nodes else None

    def empty_copy(self):
        return type(self)(boost=self.boost)

    def set_fieldname(self, name, override=False):
        for node in self.nodes:
            node.set_fieldname(name, override=override)

    def __iter__(self):
        return iter(self.nodes)

    def __len__(self):
        return len(self.nodes)

    def __getitem__(self, i):
        return self.nodes[i]

    def __setitem__(self, i, v):
        self.nodes[i] = v

    def __delitem__(self, i):
        del self.nodes[i]

    def append(self, v):
        self.nodes.append(v)

    def pop(self, *args):
        return self.nodes.pop(*args)


class AndGroup(Group):
    pass


class OrGroup(Group):
    pass


class Binary(Group):
    merging = False
    has_boost = False


class AndNotGroup(Binary):
    pass


class AndMaybeGroup(Binary):
    pass


class RequireGroup(Binary):
    pass


class NotGroup(Group):
    merging = False


def to_word(node) -> WordNode:
    """The node read as the word it was typed as (a stray boost mark, an operator with nothing to
    apply to)."""
    word = WordNode(node.text if isinstance(node, Operator) else node.original)
    word.startchar, word.endchar = node.startchar, node.endchar
    return word


# ---------------------------------------------------------------- taggers, in the order tried


def _boost(match):
    try:
        return BoostMark(match.group(0), float(match.group("boost")))
    except ValueError:
        return WordNode(match.group(0))


def _fuzziness(match):
    dist, prefix = match.group("maxdist"), match.group("prefix")
    return Fuzziness(int(dist) if dist else 1, int(prefix) if prefix else 0, match.group(0))


def _range(match):
    start, end = match.group("start"), match.group("end")
    if start:
        start = start.rstrip()
        if start.startswith("'") and start.endswith("'"):
            start = start[1:-1]
    if end:
        end = end.lstrip()
        if end.startswith("'") and end.endswith("'"):
            end = end[1:-1]
    return RangeNode(start, end, match.group("open") == "{", match.group("close") == "}")


def _op(group, prefix=False):
    return lambda match: Operator(match.group(0), group, prefix)


_RANGE = (r"(?P<open>\{|\[)(?P<start>('[^']*?'\s+)|([^\]}]+?(?=[Tt][Oo])))?[Tt][Oo]"
          r"(?P<end>(\s+'[^']*?')|([^\]}]+?))?(?P<close>}|])")
# (pattern, node maker, what the text must hold for the pattern to match: any of these characters,
# or the one word in a tuple): a query compiles only the patterns its text can match (each costs
# start-up; most queries need three or four).
TAGGERS = [

    (r"(?<=\s)ANDNOT(?=\s)", _op(AndNotGroup), ("ANDNOT",)),
    (r"(?<=\s)ANDMAYBE(?=\s)", _op(AndMaybeGroup), ("ANDMAYBE",)),
    (r"[*]:[*]", lambda m: EveryNode(), ("*:*",)),
    (DATE.pattern, lambda m: m, ":"),  # read into a date by parse.py (it raises for a malformed one)
    (NEAR.pattern, lambda m: NearMark(m.group("dist")), "/"),
    (r"(^|(?<=\W))'(?P<text>.*?)'(?=\s|\]|[)}]|$)", lambda m: WordNode(m.group("text")), "'"),
    (r'"(?P<text>.*?)"(~(?P<slop>[1-9][0-9]*))?',
     lambda m: PhraseNode(m.group("text"), m.start("text"), int(m.group("slop") or 1)), '"'),
    (r"[(]", lambda m: Marker("("), "("),
    (r"[)]", lambda m: Marker(")"), ")"),
    (r"(^|(?<=(\s|[()])))NOT(?=\s)", _op(NotGroup, prefix=True), ("NOT",)),
    (r"(?<=\s)AND(?=\s)", _op(AndGroup), ("AND",)),
    (r"(?<=\s)OR(?=\s)", _op(OrGroup), ("OR",)),
    (r"(^|(?<=\s))REQUIRE(?=\s)", _op(RequireGroup), ("REQUIRE",)),
    (r"\^(?P<boost>[0-9]*(\.[0-9]+)?)($|(?=[ \t\r\n)]))", _boost, "^"),
    (r"(?P<text>\w+|[*]):", lambda m: FieldName(m.group("text"), m.group(0)), ":"),
    (f"(?P<text>[*{QUESTION_MARKS}])", lambda m: WildNode(m.group("text")), "*" + QUESTION_MARKS),
    (WORD_START + r"\+", lambda m: Marker("+"), "+"),
    (WORD_START + "-", lambda m: Marker("-"), "-"),
    (r"(?<=\S)~(?P<maxdist>[0-9])?(/(?P<prefix>[1-9][0-9]*))?", _fuzziness, "~"),
    (_RANGE, _range, "[{"),
    (r"\s+", lambda m: Whitespace(), None),
]


_compiled: dict[str, re.Pattern] = {}


def _taggers(text: str) -> list:
    """The (compiled pattern, node maker) pairs that can match somewhere in `text`, in order."""
    chosen = []
    for pattern, create, needs in TAGGERS:
        if isinstance(needs, tuple) and needs[0] not in text:
            continue
        if isinstance(needs, str) and not any(char in text for char in needs):
            continue
        compiled = _compiled.get(pattern)
        if compiled is None:
            compiled = _compiled[pattern] = re.compile(pattern)
        chosen.append((compiled, create))
    return chosen


def tag(text: str, read_date) -> list:
    """The nodes of `text` in order; the text between tags becomes words. `read_date(match)`
    turns a `published:` match into a node."""
    nodes, previous, pos = [], 0, 0

    def between(start, end):
        word = WordNode(text[start:end])
        word.startchar, word.endchar = start, end
        return word

    taggers = _taggers(text)
    while pos < len(text):
        for pattern, create in taggers:
            match = pattern.match(text, pos)
            if not match:
                continue
            node = create(match)
            if isinstance(node, re.Match):
                node = read_date(node)
            node.startchar, node.endchar = match.start(), match.end()
            if previous < pos:
                nodes.append(between(previous, pos))
            nodes.append(node)
            previous = pos = node.endchar
            break
        else:
            pos += 1
    if previous < len(text):
        nodes.append(between(previous, len(text)))
    return nodes
