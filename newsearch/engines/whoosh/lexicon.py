"""The index's words, for the lookups that would otherwise read every word of every segment:
fuzzy terms (`Greenspan~2`), wildcards (`*span`, `H?aing`), "Did you mean" and speaker names.

Whoosh answers a fuzzy term on an index of several segments by computing, in Python, an edit
distance for every word of every segment (about 165,000 on Reuters: 3-4 s a query), and a
wildcard by matching each of them against a regular expression. Here the distinct words of the
exact-form fields (the prose fields' `_exact` twins and the name fields) are read once per index
generation into buckets by length, each word with the fields holding it, and saved beside the
index as `lexicon-<generation>.json` (0.65 MB for Reuters, ×1 or ×5); a query loads it in ~15 ms.

A fuzzy term looks at the buckets within its distance of its length, through one regular
expression each (run in C) that keeps the words with at most `maxdist` letters the term lacks;
of those, only words whose letters stand near their places in the term are given the distance
(Damerau-Levenshtein, an adjacent transposition one edit: what Whoosh's multi-segment expansion
computes, and the same words; its one-segment automaton counted a transposition as two). A
wildcard is one regular expression per bucket, or, after a leading `*`, a search for its longest
run of letters. Lookups are remembered, so a query's fields and its snippets share them.

`refresh(folder)` writes the file (the indexer's hook, at the end of a run); failing that, the
first query that needs it does. A newer generation extends the previous file with the segments it
does not cover (after a merge, all are read again). Writing is atomic (a temporary file renamed),
a file left by an index since rebuilt is recognised by its segments, and a folder that cannot be
written only costs each process the reading.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from .format.blocks import prefix_keys
from . import store
from ...errors import NewsearchError
from .schema import NAME_FIELDS, PROSE_FIELDS, exact_twin, query
from whoosh.system import pack_ushort

FIELDS = tuple(exact_twin(name) for name in PROSE_FIELDS) + NAME_FIELDS
FILE_PREFIX, FILE_SUFFIX = "lexicon-", ".json"
FORMAT = 2
# A word's fields, as one private-use character after it (the tokenizer never puts one in a word).
_MASK_BASE = 0xE000
_MASK = "[\ue000-\uefff]"
_LETTER = "[^\n\ue000-\uefff]"
_LOADED: dict[tuple, "Lexicon"] = {}  # (folder, generation) -> lexicon, for this process
_KEPT = 4


class Lexicon:
    """The distinct words of FIELDS in one index generation, by length: each bucket one string of
    lines, a line a word and its field mask character, in word order."""

    def __init__(self, fields: tuple[str, ...], buckets: dict[int, str], segments: list[str]):
        self.fields, self.segments = fields, segments
        self.bit = {name: 1 << number for number, name in enumerate(fields)}
        self._buckets = buckets
        self._near: dict[tuple[str, int, int], list[tuple[str, int]]] = {}  # fuzzy lookups made
        self._matched: dict[str, list[str]] = {}  # wildcard lookups made (lines: word + mask)

    def mask(self, fieldnames) -> int:
        return sum(self.bit.get(name, 0) for name in set(fieldnames))

    def words(self) -> dict[str, int]:
        """Every word with its field mask."""
        return {line[:-1]: ord(line[-1]) - _MASK_BASE
                for joined in self._buckets.values() if joined for line in joined.split("\n")}

    def fields_of(self, word: str) -> int:
        """The mask of the fields holding `word` (0: none)."""
        found = re.search("^" + re.escape(word) + _MASK + "$", self._buckets.get(len(word), ""), re.M)
        return ord(found.group()[-1]) - _MASK_BASE if found else 0

    def within(self, text: str, maxdist: int, prefix: int = 0, fieldnames=None) -> list[str]:
        """The words within `maxdist` edits of `text` whose first `prefix` letters are its own, in
        any of `fieldnames` (default: any field), sorted."""
        key = (text, maxdist, prefix)
        near = self._near.get(key)
        if near is None:
            near = self._near[key] = self._within(text, maxdist, prefix)
        wanted = self.mask(fieldnames) if fieldnames is not None else -1
        return [word for word, mask in near if mask & wanted]

    def _within(self, text: str, maxdist: int, prefix: int) -> list[tuple[str, int]]:
        # Three necessary conditions first, cheapest first. An edit brings at most one letter in:
        # a word within `maxdist` edits holds at most `maxdist` letters `text` lacks (one regular
        # expression per length, run in C). Its other letters stand within `maxdist` places of
        # where they stand in `text` (each insertion or deletion shifts the rest by one). And an
        # edit takes at most one letter away: it lacks at most `maxdist` of `text`'s letters.
        letters = set(text)
        escaped = "".join(re.escape(c) for c in sorted(letters))
        known, other = f"[{escaped}]*+", f"[^\n{escaped}\ue000-\uefff]"
        regex = re.compile(f"^{re.escape(text[:prefix])}{known}(?:{other}{known}){{0,{maxdist}}}+{_MASK}$", re.M)
        near = [frozenset(text[max(0, i - maxdist) : i + maxdist + 1]) for i in range(len(text) + maxdist)]
        repeated = [(c, text.count(c)) for c in letters if text.count(c) > 1]
        found = []
        for length in range(max(1, len(text) - maxdist), len(text) + maxdist + 1):
            for line in regex.findall(self._buckets.get(length, "")):
                word = line[:-1]
                if sum(c not in near[i] for i, c in enumerate(word)) > maxdist or len(letters - set(word)) > maxdist:
                    continue
                if repeated and sum(max(0, times - word.count(c)) for c, times in repeated) > maxdist:
                    continue
                if distance(text, word, maxdist) <= maxdist:
                    found.append((word, ord(line[-1]) - _MASK_BASE))
        found.sort()
        return found

    def matching(self, pattern: str, fieldnames=None) -> list[str]:
        """The words matching a wildcard pattern (`*` any letters, `?` one), sorted."""
        lines = self._matched.get(pattern)
        if lines is None:
            lines = self._matched[pattern] = sorted(self._matching(pattern), key=lambda line: line[:-1])
        wanted = self.mask(fieldnames) if fieldnames is not None else -1
        return [line[:-1] for line in lines if (ord(line[-1]) - _MASK_BASE) & wanted]

    def _matching(self, pattern: str):
        fixed = len(pattern.replace("*", ""))
        body = "".join(_LETTER + "*" if c == "*" else _LETTER if c == "?" else re.escape(c) for c in pattern) + _MASK
        lengths = [n for n in self._buckets if n >= fixed] if "*" in pattern else [fixed]
        literal = max(re.split(r"[*?]", pattern), key=len)
        if not pattern.startswith("*") or not literal:
            regex = re.compile("^" + body + "$", re.M)  # anchored at each line's start: fails fast
            for length in lengths:
                yield from regex.findall(self._buckets.get(length, ""))
            return
        # A leading `*` would try every line at every letter: find the pattern's longest run of
        # letters instead (str.find, in C), and check only the lines holding it.
        whole = re.compile(body)
        for length in lengths:
            joined = self._buckets.get(length, "")
            at = joined.find(literal)
            while at >= 0:
                start, end = joined.rfind("\n", 0, at) + 1, joined.find("\n", at)
                end = len(joined) if end < 0 else end
                if whole.fullmatch(joined, start, end):
                    yield joined[start:end]
                at = joined.find(literal, end)


def distance(a: str, b: str, limit: int) -> int:
    """The Damerau-Levenshtein distance (adjacent transpositions count one, each letter edited
    once) of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. Only the cells within
    `limit` of the diagonal are computed."""
    la, lb = len(a), len(b)
    big = limit + 1
    if abs(la - lb) > limit:
        return big
    if a == b:
        return 0
    before = None
    row = [j if j <= limit else big for j in range(lb + 1)]
    for i in range(1, la + 1):
        ca = a[i - 1]
        current = [big] * (lb + 1)
        if i <= limit:
            current[0] = i
        best = current[0]
        for j in range(max(1, i - limit), min(lb, i + limit) + 1):
            cb = b[j - 1]
            value = row[j - 1] + (ca != cb)
            if row[j] + 1 < value:
                value = row[j] + 1
            if current[j - 1] + 1 < value:
                value = current[j - 1] + 1
            if ca != cb and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and before[j - 2] + 1 < value:
                value = before[j - 2] + 1
            current[j] = value
            if value < best:
                best = value
        if best > limit:
            return big
        before, row = row, current
    return min(row[lb], big)


# ---------------------------------------------------------------- the query terms


class FuzzyWords(query.FuzzyTerm):
    """Whoosh's FuzzyTerm, its words found in the lexicon (the same words, in milliseconds)."""

    def _btexts(self, ixreader):
        lexicon = of_reader(ixreader)
        if lexicon is None or self.fieldname not in lexicon.bit:
            return super()._btexts(ixreader)
        words = lexicon.within(self.text, self.maxdist, self.prefixlength, (self.fieldname,))
        return _present(ixreader, lexicon, self.fieldname, words)


class WildcardWords(query.Wildcard):
    """Whoosh's Wildcard (`*span`, `H?aing`), its words found in the lexicon."""

    def _btexts(self, ixreader):
        lexicon = of_reader(ixreader)
        if lexicon is None or self.fieldname not in lexicon.bit or _OTHER_MARKS.search(self.text):
            return super()._btexts(ixreader)
        return _present(ixreader, lexicon, self.fieldname, lexicon.matching(self.text, (self.fieldname,)))


# Whoosh's other question marks (Armenian, Arabic, Ethiopic): left to Whoosh.
_OTHER_MARKS = re.compile("[\u055e\u061f\u1367]")


def _present(reader, lexicon: Lexicon, fieldname: str, words: list[str]) -> list[str]:
    """`words` that `reader` holds: all of them when it reads the lexicon's whole index, else
    (one segment of it, as Whoosh's matchers read) those in its own term table."""
    leaves = _segment_readers(reader) or []
    if len(leaves) >= len(lexicon.segments):
        return words
    return [word for word in words if (fieldname, word) in reader]


# ---------------------------------------------------------------- reading and saving


def of_reader(reader) -> Lexicon | None:
    """The lexicon of the index generation `reader` reads (a whole-index reader, or one of its
    segments' as Whoosh's matchers use), loaded from its file or built and saved; None for a
    reader newsearch cannot place (its words are then Whoosh's to find)."""
    leaves = _segment_readers(reader)
    if not leaves:
        return None
    folder, generation = _folder_of(leaves[0]), reader.generation()
    ids = {leaf.segment().segment_id() for leaf in leaves}
    found = _LOADED.get((folder, generation))
    if folder is not None and (found is None or not ids <= set(found.segments)):
        found = _load(folder, generation)
        # A file left by an index that was rebuilt since holds other segments: build afresh.
        if found is None or not ids <= set(found.segments):
            found = _build_whole(reader, leaves, folder, generation)
        if found is not None:
            if len(_LOADED) >= _KEPT:
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[(folder, generation)] = found
    if found is None or not ids <= set(found.segments):
        return _build(leaves, None)  # a reader of no known folder: its own words, not kept
    return found


def _build_whole(reader, leaves, folder: Path, generation: int) -> Lexicon | None:
    """Build and save the lexicon of the whole index at `generation` (from `reader` where it reads
    every segment, else from a reader of the index opened anew, if still at that generation)."""
    opened = None if _whole_index(reader, generation) else _open_whole(folder)
    try:
        whole = leaves if opened is None else _segment_readers(opened)
        if not whole or (opened is not None and opened.generation() != generation):
            return None
        built = _build(whole, _load_latest(folder))
        _save(folder, generation, built)
        return built
    finally:
        if opened is not None:
            opened.close()


def refresh(folder: str | os.PathLike) -> None:
    """Save the lexicon of the folder's current generation (the indexer calls this at the end of a
    run, so that queries find it ready). Reads only the segments the previous lexicon does not
    cover; never raises (the first query that needs the file builds it instead)."""
    folder = Path(folder)
    try:
        ix = store.open_for_reading(folder, mapped=False)
        with ix.reader() as reader:
            leaves = _segment_readers(reader)
            ready = _load(folder, reader.generation())
            if leaves and (ready is None or set(ready.segments) != {leaf.segment().segment_id() for leaf in leaves}):
                _save(folder, reader.generation(), _build(leaves, _load_latest(folder)))
    except (OSError, NewsearchError):  # a cache: the first query that needs it builds it instead
        pass


def _whole_index(reader, generation: int) -> bool:
    """Whether `reader` reads every segment of its generation (a one-segment index is read by a
    segment reader too)."""
    if hasattr(reader, "readers"):
        return True
    from whoosh.index import TOC

    try:
        return len(TOC.read(reader.storage(), store.WHOOSH_INDEX_NAME, generation).segments) == 1
    except Exception:  # noqa: BLE001 - an unreadable table of contents: treat it as a part
        return False


def _open_whole(folder: Path):
    """A reader of the whole index as it is now (the caller checks it is still `generation`)."""
    try:
        return store.open_for_reading(folder).reader()
    except Exception:  # noqa: BLE001 - the folder changed or went away: no lexicon to save
        return None


def _segment_readers(reader) -> list | None:
    """The segment readers under `reader` (None if any is not a segment of a newsearch index)."""
    leaves = list(reader.readers) if hasattr(reader, "readers") else [reader]
    if not all(hasattr(leaf, "_terms") and hasattr(leaf, "segment") for leaf in leaves):
        return None
    return leaves


def _folder_of(reader) -> Path | None:
    storage = reader.storage()
    while storage is not None and not hasattr(storage, "folder"):
        storage = getattr(storage, "b", None)  # OverlayStorage (a compound segment) over the folder
    return Path(storage.folder) if storage is not None else None


def _path(folder: Path, generation: int) -> Path:
    return folder / f"{FILE_PREFIX}{generation}{FILE_SUFFIX}"


def _load(folder: Path, generation: int) -> Lexicon | None:
    try:
        data = json.loads(_path(folder, generation).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return _from_data(data)


def _load_latest(folder: Path) -> Lexicon | None:
    """The newest readable lexicon file in `folder` (any generation), as a base to extend."""
    for generation in sorted(_generations(folder), reverse=True):
        found = _load(folder, generation)
        if found is not None:
            return found
    return None


def _generations(folder: Path) -> dict[int, str]:
    """The generation of each lexicon file in `folder` (by generation: its path)."""
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return {}
    return {int(name[len(FILE_PREFIX):-len(FILE_SUFFIX)]): str(folder / name) for name in names
            if name.startswith(FILE_PREFIX) and name.endswith(FILE_SUFFIX)
            and name[len(FILE_PREFIX):-len(FILE_SUFFIX)].isdecimal()}


def _from_data(data) -> Lexicon | None:
    if not isinstance(data, dict) or data.get("format") != FORMAT or tuple(data.get("fields", ())) != FIELDS:
        return None
    try:
        buckets = {int(length): str(joined) for length, joined in data["lengths"].items()}
        return Lexicon(FIELDS, buckets, list(data["segments"]))
    except (KeyError, TypeError, ValueError):
        return None


def _build(leaves, base: Lexicon | None) -> Lexicon:
    """The lexicon of these segment readers; `base`'s words are kept where every segment it
    covers is still among them (the newer segments are then the only ones read)."""
    ids = [r.segment().segment_id() for r in leaves]
    masks: dict[str, int] = {}
    todo = leaves
    if base is not None and set(base.segments) <= set(ids):
        masks = base.words()
        todo = [r for r in leaves if r.segment().segment_id() not in set(base.segments)]
    for reader in todo:
        terms = reader._terms
        for bit, fieldname in enumerate(FIELDS):
            number = terms._fieldmap.get(fieldname)
            if number is None:
                continue
            for key in prefix_keys(terms._tindex, pack_ushort(number)):
                word = key[2:].decode("utf-8")
                masks[word] = masks.get(word, 0) | 1 << bit
    grouped: dict[int, list[str]] = {}
    for word in sorted(masks):
        grouped.setdefault(len(word), []).append(word + chr(_MASK_BASE + masks[word]))
    buckets = {length: "\n".join(lines) for length, lines in grouped.items()}
    return Lexicon(FIELDS, buckets, ids)


def _save(folder: Path, generation: int, lexicon: Lexicon) -> None:
    """Write the file atomically, then delete older generations' (and temporaries a killed
    process left an hour ago or more)."""
    data = {"format": FORMAT, "generation": generation, "fields": list(FIELDS), "segments": lexicon.segments,
            "lengths": {str(length): joined for length, joined in sorted(lexicon._buckets.items())}}
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=FILE_PREFIX, suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, ensure_ascii=False))
        # Readable by whoever can read the index (mkstemp makes it private to its writer).
        os.chmod(temporary, stat.S_IMODE(os.stat(folder / store.MARKER_NAME).st_mode))
        os.replace(temporary, _path(folder, generation))
        stale = [path for number, path in _generations(folder).items() if number < generation]
        stale += [str(p) for p in folder.glob(FILE_PREFIX + "*.tmp") if time.time() - p.stat().st_mtime > 3600]
        for path in stale:
            os.unlink(path)
    except OSError:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
