"""Words in any script: where they start and end, and the stem the stemmed fields keep.

Text in Latin script (and any text without the characters below) takes the original path in
schema.py unchanged, token for token. The rest is read here:

- Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Burmese) are cut into
  words by ICU's word break iterator (its dictionaries), through `icu4py`, imported on first use.
- Combining marks (Khmer, Burmese, Indic vowel signs, Arabic harakat) belong to the word they sit
  in: Python's `\\w` does not match them, so the original pattern broke such words at every mark.
- A zero-width space (U+200B) separates words; zero-width joiners and non-joiners, the word joiner
  and a byte-order mark inside a word are dropped from its term, at index and query time alike, so
  a word is found however it was typed.
- Stemming by script: Cyrillic words take Snowball's Russian stemmer, Greek words its Greek one,
  words in ASCII letters (Latin words once accents are folded) its English one (PyStemmer, imported
  on first use); everything else goes through Porter as before, which leaves words of other
  scripts as they are. A single character is a word in the unspaced scripts, so the
  one-letter rule of the stemmed fields does not drop it there.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import StopFilter
from whoosh.lang.porter import stem as porter_stem

# Scripts written without spaces between words (whole blocks, their own marks included).
UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"  # Myanmar and its extensions
    "\u1780-\u17ff\u19e0-\u19ff"  # Khmer, Khmer symbols
    "\u3005\u3007\u3021-\u3029\u3038-\u303c"  # ideographic iteration marks and numerals
    "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # Hiragana, Katakana (half-width too)
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # Han
)
ZERO_WIDTH_SPACE = "\u200b"
# Dropped from a word's term: they change how it is drawn, not what it says.
JOINERS = "\u200c\u200d\u2060\ufeff"
_DROP_JOINERS = str.maketrans("", "", JOINERS + ZERO_WIDTH_SPACE)  # a ZWSP inside a word: before a mark
# Characters that never send a text down this module's path (everything else does): Latin, Greek
# and basic Cyrillic with the Latin diacritics (U+0300-036F, which the original path has always
# split words at), and the punctuation and symbols of Latin text. A negated class: a class of the
# scripts themselves takes ~13 ms to compile, paid by every query process.
_PLAIN = re.compile(
    "[^\x00-\u0482\u048a-\u052f\u1e00-\u1fff\u2000-\u200a\u200e-\u205f\u2061-\u20cf"
    "\u2100-\u2bff\u2c60-\u2c7f\u2e00-\u2e7f\ua720-\ua7ff\ufb00-\ufb06\ufffd]"
)
# Sentence ends of scripts that need no space after them.
SCRIPT_SENTENCE_END = re.compile("[。！？｡．।॥။។៕]+[」』）》〉\"”’')\\]]*\\s*")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")

# The blocks that hold combining marks (all of Unicode 14's; scanning them takes ~17 ms where every
# code point takes ~75, paid by a query process on its first text of these scripts).
_MARK_BLOCKS = ((0x300, 0x2000), (0x20D0, 0x2100), (0x2CEF, 0x2E00), (0x302A, 0x3030), (0x3099, 0x309B),
                (0xA66F, 0xAC00), (0xFB1E, 0xFB1F), (0xFE00, 0xFE30), (0x101FD, 0x10400), (0x10A00, 0x12000),
                (0x16AF0, 0x16FF5), (0x1BC9D, 0x1BCA0), (0x1CF00, 0x1D250), (0x1DA00, 0x1DAB0), (0x1E000, 0x1E950))
_word_pattern: re.Pattern | None = None
_cluster_pattern: re.Pattern | None = None
_mark_class = ""
_unspaced_patterns: tuple[re.Pattern, re.Pattern] | None = None
_stemmers: dict = {}
_breaker = None


def needs_analysis(text: str) -> bool:
    """Whether `text` holds characters the original word pattern reads wrongly (see module doc)."""
    return not text.isascii() and _PLAIN.search(text) is not None


def unspaced(word: str) -> bool:
    """Whether a word is (partly) in a script written without spaces."""
    return not word.isascii() and _unspaced()[0].search(word) is not None


def _unspaced() -> tuple[re.Pattern, re.Pattern]:
    """(a character of an unspaced script, a run of them), compiled on first use (~14 ms)."""
    global _unspaced_patterns
    if _unspaced_patterns is None:
        word_pattern()
        _unspaced_patterns = (re.compile(f"[{UNSPACED}]"),
                              re.compile(f"(?:[{UNSPACED}{JOINERS}]|{ZERO_WIDTH_SPACE}(?=[{_mark_class}]))+"))
    return _unspaced_patterns


def word_pattern() -> re.Pattern:
    """The original word pattern with every combining mark and joiner counted as part of a word."""
    global _word_pattern, _mark_class
    if _word_pattern is None:
        marks = "".join(_ranges(c for low, high in _MARK_BLOCKS for c in range(low, high)
                                if unicodedata.category(chr(c)).startswith("M") and not 0xFE00 <= c <= 0xFE0F))
        # A zero-width space before a mark sits inside a word (Khmer text has them between a
        # consonant's vowel signs): a word cannot begin with a mark, so it separates nothing.
        letter = f"(?:[\\w{marks}{JOINERS}]|{ZERO_WIDTH_SPACE}(?=[{marks}]))"
        _word_pattern = re.compile(f"{letter}+(?:\\.?{letter}+)*")
        _mark_class = marks
    return _word_pattern


def _ranges(codes) -> list[str]:
    """A regex character-class body for a sorted run of code points."""
    out, first, last = [], None, None
    for code in codes:
        if last is not None and code == last + 1:
            last = code
            continue
        if first is not None:
            out.append(_class_range(first, last))
        first = last = code
    if first is not None:
        out.append(_class_range(first, last))
    return out


def _class_range(first: int, last: int) -> str:
    return re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"


def words(text: str, start: int = 0, end: int | None = None, clusters: bool = False) -> list[tuple[int, int]]:
    """[start, end) spans of the words of text[start:end]; unspaced runs cut by ICU into words,
    or with `clusters` into characters (a letter with its marks: what the exact fields index)."""
    end = len(text) if end is None else end
    spans = []
    for match in word_pattern().finditer(text, start, end):
        if not unspaced(match.group()):
            if match.group().strip(JOINERS):  # not a lone joiner (of an emoji sequence)
                spans.append(match.span())
            continue
        at = match.start()
        for run in _unspaced()[1].finditer(text, match.start(), match.end()):
            if run.start() > at:  # a spaced piece before the run ("GDP" of "GDP增长")
                spans += [m.span() for m in word_pattern().finditer(text, at, run.start()) if m.group().strip(JOINERS)]
            spans += _clusters(text, run.start(), run.end()) if clusters else _segmented(text, run.start(), run.end())
            at = run.end()
        if at < match.end():
            spans += [m.span() for m in word_pattern().finditer(text, at, match.end()) if m.group().strip(JOINERS)]
    return spans


def _clusters(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The characters of one unspaced run, each with the marks and joiners that follow it."""
    global _cluster_pattern
    if _cluster_pattern is None:
        word_pattern()
        marks, space = _mark_class, ZERO_WIDTH_SPACE
        _cluster_pattern = re.compile(f"[^{marks}{JOINERS}{space}](?:[{marks}{JOINERS}]|{space}(?=[{marks}]))*")
    return [m.span() for m in _cluster_pattern.finditer(text, start, end)]  # each begins with a letter


def _segmented(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ICU's words of one unspaced run (segments with no letter, such as a lone joiner, dropped)."""
    global _breaker
    if _breaker is None:
        from icu4py.breakers import WordBreaker

        _breaker = WordBreaker
    run = text[start:end]
    if ZERO_WIDTH_SPACE in run:  # before a mark, or ignored: ICU cuts the run as if it had none
        kept = [i for i, char in enumerate(run) if char != ZERO_WIDTH_SPACE]
        bare = "".join(run[i] for i in kept)
        kept.append(len(run))
        return [(start + kept[a], start + kept[b - 1] + 1) for a, b in _breaker(bare, "root").segments()
                if bare[a:b].strip(JOINERS)]
    return [(start + a, start + b) for a, b in _breaker(run, "root").segments() if run[a:b].strip(JOINERS)]


def term_text(word: str) -> str:
    """A word as its term is spelled: joiners and byte-order marks dropped."""
    return word.translate(_DROP_JOINERS) if not word.isascii() else word


def ignore_zero_width_spaces(ignore: bool) -> None:
    """Whether a zero-width space inside an unspaced run is ignored (ICU alone cuts the run; it is
    dropped from terms) instead of separating words: for measuring the choice (bench/languages.py)."""
    global JOINERS, _DROP_JOINERS, _word_pattern, _unspaced_patterns, _cluster_pattern
    JOINERS = "\u200c\u200d\u2060\ufeff" + (ZERO_WIDTH_SPACE if ignore else "")
    _DROP_JOINERS = str.maketrans("", "", JOINERS + ZERO_WIDTH_SPACE)
    _word_pattern = _unspaced_patterns = _cluster_pattern = None


def sentence_pieces(text: str, start: int, end: int):
    """[start, end) pieces of one sentence split again at the sentence ends of unspaced scripts
    (。！？, Khmer ។, Burmese ။...), which need no space or capital after them."""
    at = start
    for match in SCRIPT_SENTENCE_END.finditer(text, start, end):
        if match.end() < end:
            yield at, match.end()
            at = match.end()
    if at < end:
        yield at, end


def stem(word: str) -> str:
    """The stemmed-field form of an exact term: Snowball's English stemmer (Porter2) for ASCII
    words, its Russian or Greek one for those scripts, Porter otherwise (Porter leaves words of
    other scripts unchanged).

    English Snowball instead of Whoosh's Porter (issue 17): it conflates fewer unrelated words
    (Porter makes "news" "new", "organization" "organ", "communication" and "communism" both
    "commun"; Porter2 keeps each apart) and raised nDCG@10
    and MAP on all four development collections (CISI +0.4%, MED +1.3%, Cranfield +0.1%, CACM
    +3.1%; bench/results/relevance-rank3.md); it is also a C stemmer, ~20x faster than Porter in
    Python."""
    if word.isascii():
        return _snowball("english").stemWord(word)
    if _CYRILLIC.search(word):
        return _snowball("russian").stemWord(word)
    if _GREEK.search(word):
        return _snowball("greek").stemWord(word)
    return porter_stem(word)


def _snowball(language: str):
    stemmer = _stemmers.get(language)
    if stemmer is None:
        import Stemmer

        stemmer = _stemmers[language] = Stemmer.Stemmer(language)
    return stemmer


class ScriptStopFilter(StopFilter):
    """Whoosh's StopFilter, except that a one-character word of an unspaced script (a Chinese
    word, often) is kept: the minimum length is for Latin initials and letters."""

    def __call__(self, tokens):
        stoplist, minsize, renumber, pos = self.stops, self.min, self.renumber, None
        for t in tokens:
            text = t.text
            if (len(text) >= minsize or unspaced(text)) and text not in stoplist:
                if renumber and t.positions:
                    if pos is None:
                        pos = t.pos
                    else:
                        pos += 1
                        t.pos = pos
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t


# Sentences: a full stop, question or exclamation mark, then space and a capital or digit; a line
# break always ends one. The same splitter cuts snippets (highlight.py) and spaces index positions.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
# A full stop after these (or after an initial) does not end a sentence.
ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep|Rev|St|Jr|Sr|No|Co|Corp|Inc|Ltd|vs"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|E\.U))\.$"
)
# Positions skipped between sentences, so that a proximity window shorter than this never spans
# two sentences: `a w/s b` is "within SENTENCE_GAP - 1 positions" (sentences are far shorter).
SENTENCE_GAP = 100


def sentence_spans(text: str):
    """[start, end) character spans of the sentences of `text` (each line is at least one; the
    sentence ends of unspaced scripts, 。 ។ ။, end one too)."""
    if needs_analysis(text):
        for start, end in _latin_sentence_spans(text):
            yield from sentence_pieces(text, start, end)
    else:
        yield from _latin_sentence_spans(text)


def _latin_sentence_spans(text: str):
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        for boundary in SENTENCE_END.finditer(paragraph.group()):
            if ABBREVIATION.search(paragraph.group(), max(0, boundary.start() - 8), boundary.start()):
                continue
            yield start, paragraph.start() + boundary.start()
            start = paragraph.start() + boundary.end()
        if start < paragraph.end():
            yield start, paragraph.end()


def positioned_words(text: str, start_pos: int = 0, clusters: bool = False) -> list[tuple[int, int, int]]:
    """(position, start, end) of each word of a text in any script, sentences SENTENCE_GAP apart
    (`clusters`: unspaced runs by character, see `words`)."""
    out, next_pos = [], start_pos
    for start, end in sentence_spans(text):
        spans = words(text, start, end, clusters)
        out += [(next_pos + offset, a, b) for offset, (a, b) in enumerate(spans)]
        if spans:
            next_pos += len(spans) - 1 + SENTENCE_GAP
    return out
