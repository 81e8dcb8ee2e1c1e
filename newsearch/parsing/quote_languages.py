"""Quotations in other languages and scripts: their marks and the speaker the sentence names.

Marks: 「」 and 『』 (Chinese, Japanese), « » with or without the spaces French sets inside
them, „ “ (German), ‹ › and ‚ ‘ (single guillemets, German single quotes). Speakers: a speech
verb beside the quotation and the name the clause gives, per language. The verbs are each
language's basic verbs of saying (verba dicendi) in the forms news copy reports speech with, as
grammar references list them (e.g. the quotation sections of the TUFS Language Modules): a short
general list, no word of any one article. English is read by `attribution`; this is asked only
when no English cue named a source, and its verbs are words English never writes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import names as N

# Every mark a paragraph may quote with, for a quick test that an article has any.
MARKS = "「」『』‹›‚"
_BRACKETS = {"「": "」", "『": "』"}
_SINGLE_GUILLEMETS = re.compile(r"(?:^|(?<=[\s(—–-]))‹\s*(.+?)\s*›")
_LOW_SINGLE = re.compile(r"(?:^|(?<=[\s(—–-]))‚(.+?)‘(?![\w])")


class Found(NamedTuple):
    start: int
    end: int
    text: str


def bracket_spans(paragraph: str) -> list[Found]:
    """「…」 and 『…』 quotations (the outermost pair; 『』 inside 「」 is a quotation within one)."""
    found, stack = [], []
    for i, ch in enumerate(paragraph):
        if ch in _BRACKETS:
            stack.append((ch, i))
        elif stack and ch == _BRACKETS[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                found.append(Found(start, i + 1, paragraph[start + 1: i].strip()))
    return [f for f in found if f.text]


def single_spans(paragraph: str) -> list[Found]:
    """‹…› and ‚…‘ quotations."""
    found = [Found(m.start(), m.end(), m.group(1).strip()) for m in _SINGLE_GUILLEMETS.finditer(paragraph)]
    found += [Found(m.start(), m.end(), m.group(1).strip()) for m in _LOW_SINGLE.finditer(paragraph)]
    return sorted(f for f in found if f.text)


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def word_count(text: str) -> int:
    """Words of a quotation: spaced words, and in scripts written without spaces one word for
    every two characters (the usual length of a Chinese or Japanese word)."""
    unspaced = len(_UNSPACED.findall(text))
    spaced = len(_UNSPACED.sub(" ", text).split())
    return spaced + unspaced // 2


# ---------------------------------------------------------------- speakers


class Speaker(NamedTuple):
    name: str
    title: str | None


def _verbs(words: str) -> str:
    return "|".join(sorted(map(re.escape, words.split("|")), key=len, reverse=True))


# Speech verbs of languages written with spaces; the name is a capitalised run beside them.
_SPACED_VERBS = _verbs(
    # Russian, Ukrainian
    "сказал|сказала|сказали|заявил|заявила|заявили|отметил|отметила|подчеркнул|подчеркнула|добавил|"
    "добавила|сообщил|сообщила|пояснил|пояснила|говорит|считает|заявляет|сказав|заявив|"
    # German
    "sagte|sagten|sagt|erklärte|erklärt|betonte|betont|meinte|"
    # French
    "a déclaré|a dit|a affirmé|a ajouté|a expliqué|a indiqué|a souligné|a estimé|a assuré|déclare|"
    "affirme|estime|explique|ajoute|selon|"
    # Spanish, Portuguese, Italian
    "dijo|afirmó|declaró|señaló|explicó|añadió|aseguró|indicó|según|disse|afirmou|declarou|explicou|"
    "acrescentou|segundo|ha detto|ha dichiarato|ha affermato|ha spiegato|secondo"
)
_CAP = r"[A-ZÀ-ÞА-ЯЁІЇЄҐ][\w’'\-]*"
_RUN = re.compile(rf"{_CAP}(?:\s+(?:(?:de|da|do|dos|del|la|le|van|von|di)\s+)*{_CAP})*")
_AFTER_SPACED = re.compile(rf"^[\s,.:;]*(?:[—–-]\s*)?(?:{_SPACED_VERBS})\s+(?P<subject>[^.!?;«»„“”\"]{{2,120}})",
                           re.IGNORECASE)
_BEFORE_SPACED = re.compile(rf"(?P<subject>[^.!?;«»„“”\"]{{2,120}}?)\s+(?:{_SPACED_VERBS})\s*[:,]?\s*[—–-]?\s*$",
                            re.IGNORECASE)
_PRONOUNS = frozenset("он она они er sie il elle ils elles él ella ele ela lui lei".split())

# Chinese: the verb follows its subject; titles end the subject's description ("外交部发言人汪文斌").
_ZH_VERBS = "说|表示|指出|称|强调|介绍|透露|认为|告诉|回应"
_ZH_TITLES = ("发言人|部长|外长|主席|总统|总理|大使|主任|书记|司令|局长|市长|省长|院长|教授|记者|官员|首相|议员|委员|"
              "经理|董事长|代表|负责人|总裁|校长|专家|学者|律师|队长|秘书长|所长|厂长|县长|镇长|村长|主持人")
_ZH_BEFORE = re.compile(rf"(?P<subject>[^，。；：、！？\s「」“”]{{2,24}}?)(?:{_ZH_VERBS})[：:，,]?\s*$")
_ZH_AFTER = re.compile(rf"^[，,。]?\s*(?P<subject>[^，。；：、！？\s「」“”]{{2,24}}?)(?:{_ZH_VERBS})")
_ZH_TITLE = re.compile(rf"^(?P<title>.*(?:{_ZH_TITLES}))(?P<name>[^的]{{2,4}})$")

# Japanese: "<subject>は「…」と述べた"; a title follows the name ("岸田文雄首相").
_JA_VERBS = "述べた|語った|話した|強調した|説明した|明らかにした|指摘した|主張した|発表した|述べている|語っている|話している|述べ|語り"
_JA_AFTER = re.compile(rf"^\s*と(?:\s*[^。「」]{{0,20}}?)(?:{_JA_VERBS})")
_JA_SUBJECT = re.compile(r"(?P<subject>[^、。「」\s]{2,20}?)(?:は|が)(?:[^、。「」はが]{0,15}?[でにて])?[、\s]*$")
_JA_TITLES = re.compile(
    r"(?P<title>首相|大統領|外相|長官|報道官|官房長官|大臣|知事|市長|議員|代表|社長|会長|教授|委員長|幹事長|総裁|氏|さん)$")

# Korean: "<name> <title>은 “…”라고 말했다".
_KO_AFTER = re.compile(r"^\s*(?:이)?라고\s*(?:말했다|밝혔다|강조했다|설명했다|덧붙였다|지적했다|전했다)")
_KO_SUBJECT = re.compile(r"(?P<subject>(?:[\uac00-\ud7af]+\s+){0,2}[\uac00-\ud7af]+?)(?:은|는|이|가)\s*,?\s*$")
_KO_TITLES = frozenset("대통령 장관 총리 대변인 의원 위원장 대표 교수 씨 총장 국장 사장 회장 시장 지사 외교부장".split())


def speaker(paragraph: str, start: int, end: int) -> Speaker | None:
    """The speaker a sentence in another language names for the quotation at [start, end)."""
    before = _clause_before(paragraph, start)
    after = _clause_after(paragraph, end)
    if _UNSPACED.search(before + after):
        return _unspaced(before, after)
    m = _AFTER_SPACED.match(after)
    if m:
        return _spaced_name(m.group("subject"), inverted=True)
    m = _BEFORE_SPACED.search(before)
    if m:
        return _spaced_name(m.group("subject"), inverted=False)
    return None


def _clause_before(paragraph: str, start: int) -> str:
    text = paragraph[max(0, start - 200): start]
    cut = max(text.rfind(mark) for mark in ".!?。！？」”»“")
    return text[cut + 1:] if cut >= 0 else text


def _clause_after(paragraph: str, end: int) -> str:
    text = paragraph[end: end + 200]
    cut = min((i for i in (text.find(mark) for mark in "。！？「“«„") if i >= 0), default=len(text))
    return text[:cut]


def _spaced_name(subject: str, inverted: bool) -> Speaker | None:
    words = subject.split()
    if not words or words[0].lower().strip(",") in _PRONOUNS:
        return None
    runs = list(_RUN.finditer(subject))
    if not runs:
        return None
    # The run with a known given name, else the first of two words or more ("le Premier ministre
    # Jean Castex"), else the one beside the verb.
    named = [r for r in runs if any(N.gender_of(t) for t in r.group(0).split())]
    longer = [r for r in runs if len(r.group(0).split()) >= 2]
    run = (named or longer or [runs[0] if inverted else runs[-1]])[0 if inverted or not (named or longer) else -1]
    tokens = run.group(0).split()
    # German capitalises every noun ("Finanzminister Christian Lindner"): the name starts at a
    # known given name, else it is the run's last two words.
    first = next((i for i, t in enumerate(tokens) if N.gender_of(t)), max(0, len(tokens) - 2))
    name, title = tokens[first:], subject[: run.start()].strip() + " " + " ".join(tokens[:first])
    if not name or (len(name) == 1 and inverted and len(runs) > 1 and not title.strip()):
        return None
    title = " ".join(title.split()).strip(" ,") or None
    return Speaker(" ".join(name), title)


def _unspaced(before: str, after: str) -> Speaker | None:
    m = _JA_AFTER.match(after)
    if m:
        subject = _JA_SUBJECT.search(before)
        return _japanese(subject.group("subject")) if subject else None
    m = _KO_AFTER.match(after)
    if m:
        subject = _KO_SUBJECT.search(before)
        return _korean(subject.group("subject")) if subject else None
    m = _ZH_BEFORE.search(before) or _ZH_AFTER.match(after)
    if m:
        return _chinese(m.group("subject"))
    return None


# The commonest Chinese surnames (simplified and traditional forms), which start nearly every
# Chinese name: a subject that starts with none ("作者", "当即表态") is no name.
_ZH_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "习温耿华赖洪施岳柳易常牛庞文欧阳上官司马诸葛"
    "陳楊黃趙吳劉張許馮鄧蕭葉蘇呂盧鍾譚陸範賈韋鄒閻龍賀顧龔萬錢湯習溫賴華歐"
)
_ZH_WHEN = re.compile(r"(?:(?:\d+|[一二三四五六七八九十]+)[月日号]|今天|昨天|今日|昨日|日前|近日|当天|周[一二三四五六日]|星期.)+$")
_ZH_ADDRESSEE = re.compile(r"(?:对|向|跟|告诉|接受).*$")  # "他对记者说": what follows 对 is who was told


def _chinese(subject: str) -> Speaker | None:
    if "据" in subject:
        return None  # "据…报道": a report, not a speaker
    subject = _ZH_WHEN.sub("", _ZH_ADDRESSEE.sub("", subject))
    m = _ZH_TITLE.match(subject)
    if m:
        name, title = m.group("name"), m.group("title")
    elif re.search(_ZH_TITLES, subject):
        return None  # a title with no name after it ("金所长在…": a surname and a title)
    else:
        name, title = subject, None
    if not 2 <= len(name) <= 4 or name[0] not in _ZH_SURNAMES:
        return None
    return Speaker(name, title)


def _japanese(subject: str) -> Speaker | None:
    subject = subject.rsplit("の", 1)[-1]
    m = _JA_TITLES.search(subject)
    if m:
        name = subject[: m.start()]
        return Speaker(name, m.group("title")) if len(name) >= 2 else None
    return Speaker(subject, None) if 2 <= len(subject) <= 6 else None


def _korean(subject: str) -> Speaker | None:
    words = subject.split()
    if len(words) >= 2 and words[-1] in _KO_TITLES:
        return Speaker(" ".join(words[:-1][-1:]), words[-1])
    return Speaker(words[-1], None) if words and 2 <= len(words[-1]) <= 4 else None
