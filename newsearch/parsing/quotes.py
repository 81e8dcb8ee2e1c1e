"""Direct quotations in article paragraphs and who said them.

A quotation is text between quotation marks (“curly”, "straight", mixed, or ‘single’ where a
paragraph has no double marks) of 3+ words; a paragraph that opens a quotation and never closes it
runs on into the next. Narration without quotation marks is never a quotation.

Each quotation gets a source (see `attribution`): a speech cue in its sentence ("…,” Jane Roe
said", "said Agency Press Secretary Jane Roe", "according to", "Smith told reporters: “…”"), or,
without one, the cue of the sentence right after it ("“…” Smith said."), the speaker of the
quotation before it in the paragraph, the quotation it continues from the paragraph before, or the
speaker the paragraph before ends on. A source is a person (`speaker` is their name in its fullest
form in the article, `speaker_title` their title or role), an organisation, or an anonymous source
(`speaker` None, `speaker_title` the description: "a bill trader", "officials").

Marks are paired in `quote_marks`, the narration around a quotation is read by `narration`, and
quotations in other languages get their speaker from `quote_languages`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsearch.models import Quote
from newsearch.parsing import attribution as A
from newsearch.parsing import names as N
from newsearch.parsing import quote_languages as L
from newsearch.parsing.narration import (
    _BACK_SENTENCES, _BEFORE_COLON, _COORDINATED, _GAP_CLAUSE, _INVERTED_HEAD, _LOOSE_AFTER,
    _LOOSE_INVERTED, _LOWER_WORD, _NAME_COLON, _NAMING, _PASSIVE_CUE, _PROGRESSIVE, _SAY,
    _SAY_INVERTED, _WITH_NP, _opening_position, _organisation_words, _sentence_subject,
)
from newsearch.parsing.quote_marks import _ANY_MARK, _Span, _mask, quote_spans, sentence_spans  # noqa: F401

# Shorter quotations are scare quotes ("degraded", "Friday wives"), not speech.
MIN_QUOTE_WORDS = 3


@dataclass
class _Item:
    paragraph: int
    sentence: int
    span: _Span
    source: A.Source = A.NOBODY
    via: str = ""


def extract_quotes(paragraphs: Iterable[str]) -> list[Quote]:
    """Every direct quotation of 3+ words in `paragraphs`, each with its source (or none)."""
    return [quote for quote, _ in explain_quotes(paragraphs)]


def explain_quotes(paragraphs: Iterable[str]) -> list[tuple[Quote, str]]:
    """`extract_quotes` with how each source was found: "after" / "before" / "after-inverted" /
    "after-loose" / "colon" (a cue in the quotation's sentence), "next-sentence",
    "sentence-subject", "paragraph", "continued", "runs-on", "previous-paragraph" (carried from
    around it), "unresolved" (a cue names a source no one can name) or "" (nothing found)."""
    paragraphs = list(paragraphs)
    marked = [i for i, p in enumerate(paragraphs) if _ANY_MARK.search(p)]
    if not marked:
        return []  # no quotation marks, no quotations (most wire copy): nothing to attribute
    # Paragraphs after the last quotation only name people; one more keeps a runaway quotation's
    # continuation and a trailing attribution ("…" ¶ That was Smith.).
    article = _Article(paragraphs[: marked[-1] + 2])
    quotes = article.quotes()
    items = [item for item in article.items if L.word_count(item.span.text) >= MIN_QUOTE_WORDS]
    return [(quote, item.via) for quote, item in zip(quotes, items)]


class _Article:
    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self.people = A.People(frozenset(_LOWER_WORD.findall("\n".join(paragraphs))), _organisation_words(paragraphs))
        self.items: list[_Item] = []
        self.base = 0  # offset of the current paragraph in the article
        self.last_group: str | None = None
        self.previous_last: A.Source = A.NOBODY  # the source the paragraph before ended on
        self.previous_colon = False
        self.previous_unclosed: _Item | None = None

    def quotes(self) -> list[Quote]:
        for index, paragraph in enumerate(self.paragraphs):
            self._paragraph(index, paragraph)
            self.base += len(paragraph) + 2
        self._continuations()
        self._fullest_forms()
        out = []
        for item in self.items:
            if L.word_count(item.span.text) < MIN_QUOTE_WORDS:
                continue
            source = item.source
            speaker = source.person.name if source.person is not None else source.name
            title = source.title
            out.append(Quote(item.span.text, speaker, title, source.kind))
        return out

    # ------------------------------------------------------------ one paragraph

    def _paragraph(self, index: int, paragraph: str) -> None:
        self._current = index
        spans = quote_spans(paragraph)
        masked = _mask(paragraph, spans)
        sentences = sentence_spans(paragraph, masked, spans)
        items: list[_Item] = []
        events: list[tuple[int, A.Source]] = []  # (position, source) of every resolved cue
        sentence_cues: list[list[A.Cue]] = []
        for number, (s, e) in enumerate(sentences):
            cues = self._sentence(masked, s, e)
            sentence_cues.append(cues)
            for cue in cues:
                if cue.source.kind:
                    events.append((cue.start, cue.source))
            in_sentence = [sp for sp in spans if s <= sp.start < e]
            for j, span in enumerate(in_sentence):
                item = _Item(index, number, span)
                previous_end = in_sentence[j - 1].end if j else s
                next_start = in_sentence[j + 1].start if j + 1 < len(in_sentence) else e
                item.source, item.via = self._attribute(masked, span, previous_end, next_start, s, cues)
                if not item.source.kind and item.via != "unresolved":
                    named = L.speaker(masked, span.start, span.end)
                    if named is not None:
                        item.source, item.via = A.Source(named.name, named.title, "person"), "other-language"
                items.append(item)
        # Quotations no cue of their own sentence names.
        for k, item in enumerate(items):
            if item.source.kind or item.via == "unresolved":
                continue
            source, via = self._fallback(k, items, sentences, sentence_cues, masked, paragraph)
            item.source, item.via = source, via
        self.items.extend(items)
        last = A.NOBODY
        for position, source in sorted([(it.span.start, it.source) for it in items] + events, key=lambda x: x[0]):
            if source.kind:
                last = source
        self.previous_last = last
        narration = masked.rstrip()
        self.previous_colon = narration.endswith(":")
        self.previous_unclosed = items[-1] if items and not items[-1].span.closed else None

    def _sentence(self, masked: str, s: int, e: int) -> list[A.Cue]:
        """The cues of one sentence, subjects resolved, with its name mentions registered in order."""
        found = []
        for start, end, participle in A.cues(masked, s, e):
            if participle and _PROGRESSIVE.search(masked[s:start]):
                participle = False  # "Clinton is telling customers that “…”"
            if participle:
                found.append((start, end, None, True, False))
                continue
            word = masked[start:end]
            if word == "according to":
                subject = A.subject_after(masked, end, e)
                found.append((start, end, subject, False, True))
                continue
            window = max(s, start - A.CLAUSE_CHARS)
            before = masked[window:start]
            # Inverted: nothing but punctuation between a quotation (or the sentence start) and
            # the verb ("“…,” said Jane Roe").
            gap = before[before.rindex(A.MASK) + 1:] if A.MASK in before else None
            if gap is not None and not re.search(r"[\w]", gap):
                subject = A.subject_after(masked, end, e)
                found.append((start, end, subject, False, True))
                continue
            clause_start = window
            if A.MASK in before:
                clause_start = window + before.rindex(A.MASK) + 1
            subject = A.subject_before(masked, clause_start, start)
            # "Prison food lacks nutrition, said Am Sam Ath of Licadho": a paraphrase, then the
            # inverted cue after its comma (when no subject opens the clause before it).
            if (subject is None or subject.kind == "description") and before.rstrip().endswith(",") and (
                    word in _SAY_INVERTED and _INVERTED_HEAD.match(masked, end)):
                inverted = A.subject_after(masked, end, e)
                if inverted is not None and inverted.kind in ("name", "description"):
                    found.append((start, end, inverted, False, True))
                    continue
            if subject is None and _COORDINATED.search(masked[clause_start:start]):
                # "Carson took the stage and called the system “…”": the sentence's subject.
                subject = _sentence_subject(masked, s, start)
                if subject is not None and not self._plausible(subject):
                    subject = None
            found.append((start, end, subject, False, False))
        # Register mentions and resolve subjects in text order.
        mentions = []
        for match in N.NAME_RE.finditer(masked, s, e):
            offset = match.start()
            for part in N.split_run(match.group(0)):
                mentions.append((offset, part))
                offset += len(part) + 1
        events = [(m[0], "mention", m[1]) for m in mentions] + [(c[0], "cue", c) for c in found]
        events.sort(key=lambda x: (x[0], x[1] == "cue"))
        cues: list[A.Cue] = []
        sentence_subject: A.Source = A.NOBODY
        opening = _opening_position(masked, s, e)
        for position, kind, payload in events:
            if kind == "mention":
                self._mention(payload, self.base + position, subject=position == opening)
                continue
            start, end, subject, participle, inverted = payload
            if participle:
                source = sentence_subject
                absolute = _WITH_NP.search(masked[max(s, start - 80): start])
                if absolute:  # "with one of her ads asking, “…”": the participle's own subject
                    subject = A.read_subject(absolute.group(1))
                    source = A.resolve(subject, self.base + start, self.people, self.last_group) if subject else A.NOBODY
                elif not source.kind:
                    subject = _sentence_subject(masked, s, start)
                    source = (A.resolve(subject, self.base + s, self.people, self.last_group)
                              if subject is not None and self._plausible(subject) else A.NOBODY)
                cues.append(A.Cue(start, end, None, source, False, True))
                continue
            source = A.resolve(subject, self.base + start, self.people, self.last_group)
            if source.kind == "anonymous" and source.title and source.title.split()[-1].endswith("s"):
                self.last_group = source.title
            if source.kind and not sentence_subject.kind:
                sentence_subject = source
            cues.append(A.Cue(start, end, subject, source, inverted, False))
        return cues

    def _mention(self, run: str, position: int, subject: bool = False) -> None:
        parts = N.read_name(run)
        if parts.kind != "person" or not parts.name:
            return
        tokens = parts.name.split()
        known_given = len(tokens) >= 2 and N.gender_of(tokens[0]) is not None
        create = known_given or bool(parts.title) or N._bare(run.split()[0]) in N.HONORIFICS
        self.people.mention(tokens, position, parts.gender, parts.title, A._role_words(parts.title), subject=subject,
                            create=create)

    def _attribute(self, masked: str, span: _Span, previous_end: int, next_start: int, s: int,
                   cues: list[A.Cue]) -> tuple[A.Source, str]:
        """The source a cue in the quotation's own sentence names."""
        # After the quotation: "…,” Jane Roe said" / "…,” said Jane Roe" / "…,” according to X".
        after = [c for c in cues if span.end <= c.start < next_start]
        if after:
            cue = after[0]
            gap = masked[span.end: cue.start]
            if cue.participle:
                pass  # "…,” adding that": the subject is the sentence's, found below
            elif cue.inverted and (not re.search(r"\w", gap) or (
                    gap.rstrip().endswith(",") and len(gap.split()) <= 25 and A.MASK not in gap)):
                # "“…,” said Jane Roe" / "“…” about the plan, said Jane Roe"
                if cue.source.kind:
                    return cue.source, "after-inverted"
            elif not cue.inverted and len(gap.split()) <= 40 and cue.subject is not None and not _GAP_CLAUSE.search(gap):
                if cue.source.kind or cue.subject.kind in ("pronoun", "description", "group"):
                    return cue.source, "after"
            if not cue.participle and cue.subject is not None and not cue.source.kind and not re.search(r"\w", gap):
                return A.NOBODY, "unresolved"  # "“…,” says Doctor": a source is named, but no one we can name
            elif masked[cue.start:cue.end] == "according to" and not re.search(r"\w", gap):
                return cue.source, "after-according"
        # A verb we do not list, right after a quotation that ends in a comma, ? or !: "“…,” Toomey
        # fumed", "“…!” beamed Donald Hartley".
        if span.closed and self._ends_open(span):
            loose = self._loose_after(masked, span.end, next_start)
            if loose is not None:
                return loose, "after-loose"
        # Before it, in the same stretch of narration: "Jane Roe said: “…”", "X said the plan was “…”".
        before = [c for c in cues if previous_end <= c.start < span.start]
        if before:
            cue = before[-1]
            if cue.source.kind or (cue.subject is not None and cue.subject.kind in ("pronoun", "description", "group")):
                return cue.source, "before"
        # "He then listed the qualities: “…”": the subject of a sentence that ends in a colon.
        narration = masked[previous_end: span.start].rstrip()
        if narration.endswith(":") and previous_end == s:
            # "with Trump reportedly yelling: “…”": a name or pronoun right before the colon's verb.
            named = _NAME_COLON.search(narration)
            match = named or _BEFORE_COLON.search(narration)
            subject = A.read_subject(match.group(1)) if match and not match.group(1).isupper() else None
            if subject is None or subject.kind not in ("name", "pronoun"):
                subject = _sentence_subject(masked, s, span.start, strict=True)
            if subject is not None:
                return A.resolve(subject, self.base + s, self.people, self.last_group), "colon"
        return A.NOBODY, ""

    def _ends_open(self, span: _Span) -> bool:
        paragraph = self.paragraphs[self._current]
        inner = paragraph[span.start + 1: span.end - 1].rstrip()
        return inner.endswith((",", "?", "!", "—"))

    def _loose_after(self, masked: str, start: int, end: int) -> A.Source | None:
        text = masked[start: min(end, start + 120)]
        match = _LOOSE_AFTER.match(text) or _LOOSE_INVERTED.match(text)
        if match is None:
            return None
        subject = A.read_subject(match.group("subject"))
        if subject is None or subject.kind not in ("name", "pronoun") or not self._plausible(subject):
            return None
        source = A.resolve(subject, self.base + start, self.people, self.last_group)
        return source if source.kind == "person" else None

    def _plausible(self, subject: A.Subject) -> bool:
        """Whether a subject found without a cue is a person: a pronoun, a name of two words or
        more, or one word the article already uses for a person."""
        if subject.kind == "pronoun":
            return True
        tokens = N.person_name(subject.text.split())
        if len(tokens) >= 2 or subject.title:
            return True
        return bool(tokens) and self.people.find(tokens) is not None

    def _fallback(self, k: int, items: list[_Item], sentences: list[tuple[int, int]],
                  sentence_cues: list[list[A.Cue]], masked: str, paragraph: str) -> tuple[A.Source, str]:
        item = items[k]
        s, e = sentences[item.sentence]
        near = max(s, item.span.start - 80)  # the words right before the quotation
        last_in_sentence = k + 1 == len(items) or items[k + 1].sentence != item.sentence
        # "“…” Smith said." - the sentence after is only its attribution.
        if last_in_sentence and item.sentence + 1 < len(sentences):
            ns, ne = sentences[item.sentence + 1]
            head = masked[ns:ne]
            first = next(iter(sentence_cues[item.sentence + 1]), None)
            if first is not None and A.MASK not in head[: first.start - ns] and not first.participle and (
                    len(head[: first.start - ns].split()) <= 8) and first.source.kind and (
                    masked[first.start: first.end] in _SAY) and len(masked[first.end: ne].split()) <= 6:
                return first.source, "next-sentence"
        # A quotation inside a sentence of narration with no cue: "Huckabee is labeling Obama’s
        # actions “a blatant abuse of power.”" - the person the sentence is about.
        if masked[s: item.span.start].strip(" ,") and A.MASK not in masked[s: item.span.start]:
            subject = _sentence_subject(masked, s, item.span.start, strict=True)
            if subject is not None and self._plausible(subject) and not _NAMING.search(masked[near: item.span.start]) and (
                    not _PASSIVE_CUE.search(masked[s: item.span.start])):
                source = A.resolve(subject, self.base + s, self.people, self.last_group)
                if source.kind == "person":
                    return source, "sentence-subject"
        if _NAMING.search(masked[near: item.span.start]):
            return A.NOBODY, ""
        # The quotation before it in the paragraph, or a person's cue between them.
        previous = next((it for it in reversed(items[:k]) if it.source.kind), None)
        cue = None
        for n in range(item.sentence, max(-1, item.sentence - _BACK_SENTENCES), -1):
            cue = next((c for c in reversed(sentence_cues[n]) if c.source.kind == "person" and c.start < item.span.start), None)
            if cue is not None:
                break
        candidates = ([(previous.span.start, previous.source)] if previous else []) + ([(cue.start, cue.source)] if cue else [])
        if candidates:
            return max(candidates, key=lambda x: x[0])[1], "paragraph"
        # At a paragraph's start: the quotation it continues, or the speaker the paragraph before
        # ended on (a colon, or its last speaker).
        if not masked[: item.span.start].strip():
            if self.previous_unclosed is not None and self.previous_unclosed.source.kind:
                return self.previous_unclosed.source, "continued"
            if self.previous_last.kind:
                return self.previous_last, "previous-paragraph"
        return A.NOBODY, ""

    def _fullest_forms(self) -> None:
        """A person known only by one word ("Wenger") takes the fullest form the article writes
        that word in ("Arsenal manager Arsene Wenger" -> "Arsene Wenger"), when there is one only."""
        single = {p.surname: p for p in self.people.persons if len(p.tokens) == 1}
        if not single:
            return
        forms: dict[str, set[str]] = {}
        for paragraph in self.paragraphs:
            for match in N.NAME_RE.finditer(paragraph):
                for part in N.split_run(match.group(0)):
                    parts = N.read_name(part)
                    if parts.kind != "person" or not parts.name:
                        continue
                    tokens = parts.name.split()
                    if 2 <= len(tokens) <= 4 and N._bare(tokens[-1]) in single:
                        forms.setdefault(N._bare(tokens[-1]), set()).add(parts.name)
        for surname, names in forms.items():
            given = {N._bare(n.split()[0]) for n in names if not N._INITIAL.match(n.split()[0])}
            if len(given) == 1:  # one person of that surname: "Arsene Wenger", "Arsene L. Wenger"
                person = single[surname]
                if not any(p is not person and p.surname == surname for p in self.people.persons):
                    person.rename(max(names, key=len).split())

    def _continuations(self) -> None:
        """An unclosed quotation no cue names takes the source of the quotation it runs on into."""
        by_paragraph: dict[int, list[_Item]] = {}
        for item in self.items:
            by_paragraph.setdefault(item.paragraph, []).append(item)
        for item in self.items:
            if item.source.kind or item.span.closed:
                continue
            following = by_paragraph.get(item.paragraph + 1)
            if following and following[0].span.start == 0 and following[0].source.kind:
                item.source, item.via = following[0].source, "runs-on"

