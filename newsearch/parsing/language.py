"""The language of an article, as an ISO 639-1 code ("en", "zh", "km"), or None for no text.

Most articles are settled without a model: a script that one language writes (Khmer, Burmese,
Thai, Lao, Hangul, kana, Georgian, Armenian, Greek...) names it, Han without kana is Chinese, and
Latin text in which "the", "and", "of" and their like are common is English (no other language
writes them that often). The rest (other Latin-script languages, Cyrillic, Arabic script,
Devanagari...) goes to py3langid, a small n-gram model of 97 languages, loaded on first use (about
1.7 s here; numpy, a dependency already): `parse` and `index` of English news never load it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsearch.models import Article

SAMPLE_CHARS = 1000  # of title and body: the model agrees with its verdict on 2,000 in 1,313 of 1,314 pages
# Scripts that name one language; the share of letters a script needs to decide.
_SCRIPTS = (
    ("km", "\u1780-\u17ff\u19e0-\u19ff"),
    ("my", "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"),
    ("th", "\u0e00-\u0e7f"),
    ("lo", "\u0e80-\u0eff"),
    ("bo", "\u0f00-\u0fff"),
    ("ko", "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"),
    ("ka", "\u10a0-\u10ff"),
    ("hy", "\u0530-\u058f"),
    ("el", "\u0370-\u03ff\u1f00-\u1fff"),
    ("he", "\u0590-\u05ff"),
    ("si", "\u0d80-\u0dff"),
    ("am", "\u1200-\u139f"),
)
_SCRIPT_PATTERNS = tuple((code, re.compile(f"[{chars}]")) for code, chars in _SCRIPTS)
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
# Words English writes far more often than any other language does (articles, conjunctions,
# prepositions, auxiliaries); "a", "in", "on", "to" are left out: Italian, Portuguese, Spanish,
# Dutch and German write them too.
_ENGLISH = frozenset("the and of is was that for with are have has from this by said were which".split())
# Of a sample's words. On the wcxb and article-extraction-benchmark pages (halves by position):
# English pages 0.163 median (0.06 lowest; the 4 below 0.08 go to the model, which says English),
# the 9 in other languages 0.00; the verdicts equal py3langid's on 2,000 characters on all 879.
ENGLISH_SHARE = 0.08
SCRIPT_SHARE = 0.5
KANA_SHARE = 0.05  # Japanese writes Han and kana; Chinese writes no kana

_model = None


def with_language(article: Article) -> Article:
    """The article with its language set (unchanged if it has one)."""
    if article.language:
        return article
    language = detect_language(f"{article.title}\n{article.body}")
    return replace(article, language=language) if language else article


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is written in, or None when it has no letters."""
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():  # most English news: every letter Latin, no script to count
        words = _WORD.findall(sample.lower())
        if not words:
            return None
        return "en" if _english(words) else _classify(sample)
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    by_script = script_language(sample, letters)
    if by_script:
        return by_script
    words = _WORD.findall(sample.lower())
    if words and len(_LATIN.findall(sample)) >= SCRIPT_SHARE * letters and _english(words):
        return "en"
    return _classify(sample)


def _english(words: list[str]) -> bool:
    return sum(word in _ENGLISH for word in words) >= ENGLISH_SHARE * len(words)


def script_language(sample: str, letters: int) -> str | None:
    """The language a script names, when most of the sample's letters are in it."""
    han, kana = len(_HAN.findall(sample)), len(_KANA.findall(sample))
    if han + kana >= SCRIPT_SHARE * letters:
        return "ja" if kana >= KANA_SHARE * (han + kana) else "zh"
    for code, pattern in _SCRIPT_PATTERNS:
        if len(pattern.findall(sample)) >= SCRIPT_SHARE * letters:
            return code
    return None


def _classify(sample: str) -> str | None:
    global _model
    if _model is None:
        import py3langid

        _model = py3langid
    code, _ = _model.classify(sample)
    return code or None
