"""Direct quotations in article paragraphs and the people they are attributed to."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from newsearch.models import Quote
from newsearch.parsing.names import NAME_RE, clean_name, is_person, leading_name, trailing_name

# Shorter quotations are scare quotes ("degraded", "Friday wives"), not speech.
MIN_QUOTE_WORDS = 3

SPEECH_VERBS = (
    "said says say told tells added adds noted notes explained explains asked asks wrote writes "
    "stated warned warns insisted insists argued argues replied replies continued recalled recalls "
    "acknowledged claimed claims declared declares stressed emphasised emphasized observed "
    "commented remarked admitted announced confirmed urged conceded cautioned tweeted posted "
    "responded complained testified called describes described"
).split()
_VERB = re.compile(r"\b(?:according to|pointed out|" + "|".join(SPEECH_VERBS) + r")\b")
# Between a subject and its verb: "X also said", "X later told".
_ADVERBS = re.compile(
    r"(?:\s+(?:also|later|then|previously|recently|further|once|has|had|have|would|will|"
    r"publicly|earlier|separately|again|simply|only|even|has also|had also))+\s*$"
)
_PRONOUN = re.compile(r"(?:^|[\s,;(])(?P<p>he|she|they|He|She|They)\s*$")
# "the analyst said": a definite role word standing for the last person named.
_ROLE_ANAPHOR = re.compile(
    r"(?:^|\s)[Tt]he\s+(?:analyst|spokesperson|spokesman|spokeswoman|official|researcher|expert|"
    r"minister|lawyer|activist|professor|woman|man|mother|father|wife|husband|director|leader|"
    r"official|source|witness|resident|senator|governor|president|economist|scientist)\s*$"
)
_WHO = re.compile(r",?\s*who\s*$")
# An appositive opened after a name: "Tek Sok Lorn, the wife of ...", "Nuth Savana—spokesperson".
_APPOSITIVE = re.compile(rf"({NAME_RE.pattern})\s*(?:,\s+|\s*[—–]\s*|\s+-\s+)(?=[a-z\d])")
# Where one sentence ends and the next starts.
_SENTENCE_END = re.compile(r"[.!?][”\"’')\]]*\s+(?=[A-Z“\"‘(\[])")
_QUOTE_PUNCT = "“”\"‘’"
# How far after a closing quote its attribution may be ("...," Nguon Phalla said).
_AFTER_WINDOW = 60
_AFTER_MAX_WORDS = 6


class _Event(NamedTuple):
    """A speech verb in a paragraph and who it says is speaking (already resolved)."""

    start: int
    end: int
    speaker: str | None


class _Span(NamedTuple):
    start: int  # index of the opening mark
    end: int  # index just past the closing mark (or the paragraph end if unclosed)
    text: str


def extract_quotes(paragraphs: Iterable[str]) -> list[Quote]:
    """Every direct quotation of 3+ words in `paragraphs`, each with its speaker (or None)."""
    quotes: list[Quote] = []
    state = _State()
    for paragraph in paragraphs:
        quotes.extend(_paragraph_quotes(paragraph, state))
    return quotes


class _State:
    """What carries from one paragraph to the next: the people named so far."""

    def __init__(self) -> None:
        self.last_person: str | None = None
        self.previous_speaker: str | None = None  # the last speaker named in the paragraph before
        self.full_names: dict[str, str] = {}  # surname -> full name, to expand "Shoigu"

    def expand(self, name: str) -> str:
        return self.full_names.get(name, name) if " " not in name else name

    def remember(self, name: str) -> None:
        # Later mentions use the surname ("Shoigu") or, in some naming customs, the given name.
        if " " in name and is_person(name):
            words = name.split()
            self.full_names.setdefault(words[-1], name)
            self.full_names.setdefault(words[0], name)


def _paragraph_quotes(paragraph: str, state: _State) -> list[Quote]:
    spans = _quote_spans(paragraph)
    for match in NAME_RE.finditer(paragraph):
        name = clean_name(match.group(0))
        if name:
            state.remember(name)
    events = _speech_events(paragraph, spans, state)
    quotes: list[Quote] = []
    speaker_in_paragraph = None
    previous: str | None = None
    for index, span in enumerate(spans):
        speaker = _after_attribution(paragraph, span, events)
        if speaker is None:
            speaker = _before_attribution(paragraph, span, spans[index - 1] if index else None, events)
        if speaker is None and index:
            speaker = previous  # "“A,” he said. “B.”": B is the same speaker's
        if speaker is None and not paragraph[: span.start].strip():
            speaker = state.previous_speaker  # a quote continued from the paragraph before
        previous = speaker
        if speaker:
            speaker_in_paragraph = speaker
        if len(span.text.split()) >= MIN_QUOTE_WORDS:
            quotes.append(Quote(span.text, speaker))
    named = [e.speaker for e in events if e.speaker]
    state.previous_speaker = speaker_in_paragraph or (named[-1] if named else None)
    return quotes


def _quote_spans(paragraph: str) -> list[_Span]:
    """Quotations in `paragraph`: “curly” pairs, "straight" pairs, else ‘single’ ones."""
    spans: list[_Span] = []
    if "“" in paragraph or "”" in paragraph:
        pairs = _pairs(paragraph, "“", "”")
    elif '"' in paragraph:
        pairs = _pairs(paragraph, '"', '"')
    else:
        pairs = _single_pairs(paragraph)
    for start, end in pairs:
        text = paragraph[start + 1 : end - 1 if end <= len(paragraph) and paragraph[end - 1] in _QUOTE_PUNCT else end]
        text = text.strip().rstrip(",").strip()
        if text:
            spans.append(_Span(start, end, text))
    return spans


def _pairs(paragraph: str, opening: str, closing: str) -> list[tuple[int, int]]:
    pairs = []
    position = 0
    while True:
        start = paragraph.find(opening, position)
        if start < 0:
            return pairs
        end = paragraph.find(closing, start + 1)
        if end < 0:  # unclosed: the quote runs on into the next paragraph
            pairs.append((start, len(paragraph)))
            return pairs
        pairs.append((start, end + 1))
        position = end + 1


_SINGLE = re.compile(r"(?:^|(?<=[\s(—–]))‘(.+?)’(?![\w])")


def _single_pairs(paragraph: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SINGLE.finditer(paragraph)]


# A speech verb's subject and object sit within this many characters of it; looking no further
# keeps a paragraph with thousands of verbs (a runaway line) linear.
_CLAUSE_CHARS = 400


def _speech_events(paragraph: str, spans: list[_Span], state: _State) -> list[_Event]:
    """Every speech verb outside quotations, with its subject resolved to a name or None."""
    events = []
    for match in _VERB.finditer(paragraph):
        if any(s.start < match.start() < s.end for s in spans):
            continue
        start = _clause_start(paragraph, match.start(), spans)
        after = paragraph[match.end() : match.end() + _CLAUSE_CHARS]
        speaker = _subject(paragraph[start : match.start()], after, state, match.group(0))
        if speaker and is_person(speaker):
            state.last_person = speaker
        events.append(_Event(match.start(), match.end(), speaker))
    return events


def _clause_start(paragraph: str, position: int, spans: list[_Span]) -> int:
    start = max(0, position - _CLAUSE_CHARS)
    for span in spans:
        if span.end <= position:
            start = max(start, span.end)
    for match in _SENTENCE_END.finditer(paragraph, start, position):
        start = match.end()
    return start


def _subject(before: str, after: str, state: _State, verb: str) -> str | None:
    """Who the speech verb between `before` and `after` has as its subject."""
    if verb == "according to":
        name = leading_name(after)
        return state.expand(name) if name else None
    before = _ADVERBS.sub("", before)
    if _PRONOUN.search(before) or _ROLE_ANAPHOR.search(before):
        return state.last_person
    stripped = before.rstrip()
    if _WHO.search(stripped):
        name = trailing_name(_WHO.sub("", stripped).rstrip(" ,"))
        return state.expand(name) if name else None
    if stripped.endswith((",", "—", "–")):
        appositives = list(_APPOSITIVE.finditer(stripped))
        if appositives:
            name = clean_name(appositives[-1].group(1))
            if name:
                return state.expand(name)
    elif stripped and not stripped.endswith(tuple(_QUOTE_PUNCT)):
        name = trailing_name(stripped)
        if name:
            return state.expand(name)
        return None
    # Inverted order after a comma or a quote: "..., said Am Sam Ath of Licadho."
    if not stripped or stripped.endswith((",", *_QUOTE_PUNCT)):
        head = re.split(r"[,.;:(]", after, maxsplit=1)[0]
        name = leading_name(head)
        return state.expand(name) if name else None
    return None


def _after_attribution(paragraph: str, span: _Span, events: list[_Event]) -> str | None:
    """The speaker a verb right after the quotation names: “...,” he said / said X."""
    for event in events:
        if event.start < span.end:
            continue
        if event.start - span.end > _AFTER_WINDOW:
            break
        gap = paragraph[span.end : event.start]
        if len(gap.split()) > _AFTER_MAX_WORDS or re.search(r"[.!?“\"]", gap):
            break
        return event.speaker
    return None


def _before_attribution(paragraph: str, span: _Span, previous: _Span | None, events: list[_Event]) -> str | None:
    """The speaker a verb earlier in the same sentence names: X said, adding that “...”."""
    start = _clause_start(paragraph, span.start, [previous] if previous else [])
    for event in reversed(events):
        if start <= event.start < span.start and event.speaker:
            return event.speaker
    return None
