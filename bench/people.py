"""One person, one name: how `people` merges the forms of a name, scored on PolNeAR by outlet fold.

Each fold (as in bench/quotes.py) is taken as one index. newsearch's quotes of every article are
extracted; `research.people.count_people` lists the people as `newsearch people` would (speakers only:
PolNeAR has no bylines in its texts). Gold: a found quotation whose annotated Source names a
person is one mention of that person in that article; who the person is across articles is the
gold Source's given name and surname, the given name taken from the article where the Source is
a surname alone (the one given name the article writes before that surname: "Clinton" in an
article that names only Hillary Clinton is Hillary Clinton; an article naming two Clintons, or
none with a given name, leaves the mention out). Same given name and surname = same person.

Units are (article, speaker as newsearch wrote it) pairs with a gold person; a pair of units is
merged when `people` shows them under one name. Pair precision: of merged pairs, the share that
are one gold person; recall: of pairs that are one gold person, the share merged. Rows: the names
as written (no merging) and the merging rule (`newsearch/parsing/same_person.py`). The rule has no
threshold fitted to data; both folds are reported as held-out alike.

Run: `python bench/people.py` (`--write` puts the tables into bench/results/people.md,
`--examples` prints merges and misses).
"""

from __future__ import annotations

import collections
import re
import sys
import time
import unicodedata

import common
import quotes as Q

sys.path.insert(0, str(common.REPO))
from newsearch.parsing import names as N  # noqa: E402
from newsearch.parsing.quotes import extract_quotes  # noqa: E402
from newsearch.parsing.same_person import merge  # noqa: E402
from newsearch.research.people import count_people  # noqa: E402

RESULTS = common.BENCH / "results" / "people.md"


def _fold(word: str) -> str:
    word = N._bare(word).replace(".", "")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_NOT_GIVEN = Q._TITLES | Q._TITLE_EXTRA | N.TITLE_WORDS | N._NAME_STOP


def _given_word(token: str, lower: set[str], surnames: set[str]) -> str | None:
    """`token` as a given name: capitalised letters, no abbreviation, no title or description word,
    not a word the article also writes in lower case ("Democratic", "Retired"), not a surname."""
    word = _fold(token)
    if re.search(r"[’']s?$", token):
        return None  # "Breitbart’s Joel Pollak": an owner
    if (not token[:1].isupper() or token.endswith(".") or len(word) < 2 or not word.replace("-", "").isalpha()
            or token.isupper() or word in _NOT_GIVEN or word in lower or word in surnames):
        return None
    return word


def gold_person(article: Q.Article, gold: Q.Gold, lower: set[str], surnames: set[str]) -> tuple[str, str] | None:
    """Who a gold person Source is: (given, surname), the given name from the Source or else the
    one given name the article writes before that surname; None when it cannot be told."""
    surname = _fold(gold.surname)
    tokens = re.findall(r"[\w’'.-]+", gold.source)
    at = [i for i, t in enumerate(tokens) if _fold(t) == surname]
    if at and at[-1] > 0 and _given_word(tokens[at[-1] - 1], lower, surnames):
        first = at[-1] - 1  # the first of the name's words before the surname ("Hillary Rodham Clinton")
        while first > 0 and _given_word(tokens[first - 1], lower, surnames):
            first -= 1
        return _given_word(tokens[first], lower, surnames), surname
    words = re.findall(r"[\w’'.-]+", article.text)
    givens = set()
    for i in range(1, len(words)):
        if _fold(words[i]) == surname and _given_word(words[i - 1], lower, surnames):
            first = i - 1
            while first > 0 and _given_word(words[first - 1], lower, surnames):
                first -= 1
            givens.add(_given_word(words[first], lower, surnames))
    return (givens.pop(), surname) if len(givens) == 1 else None


def fold_units(articles: list[Q.Article]):
    """Units (article, speaker) -> gold person; every article's (speaker, role) set and quote counts."""
    units: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    mentions, quoted = [], collections.Counter()
    gold_people = set()
    for article in articles:
        lower = set(re.findall(r"(?<![\w’'-])[a-z][a-z-]+", article.text))
        surnames = {_fold(g.surname) for g in article.gold if g.kind == "person"}
        predicted = [Q.Predicted(q.text, q.speaker, q.speaker_kind) for q in extract_quotes(article.paragraphs)]
        here = set()
        for p in predicted:
            if p.speaker and p.kind == "person":
                quoted[p.speaker] += 1
                here.add((p.speaker, "speaker"))
        mentions.append(here)
        found = Q.match(article.gold, predicted)
        for i, g in enumerate(article.gold):
            if g.kind != "person":
                continue
            who = gold_person(article, g, lower, surnames)
            if who is None:
                continue
            gold_people.add(who)
            p = found.get(i)
            if p is not None and p.speaker and p.kind == "person" and Q.names(p.speaker, g.surname):
                units[(article.name, p.speaker)][who] += 1
    gold = {unit: votes.most_common(1)[0][0] for unit, votes in units.items()}
    return gold, mentions, quoted, gold_people


def pair_scores(gold: dict, shown: dict) -> dict:
    """Pair precision and recall of `shown` (speaker -> name listed) against `gold` (unit -> person)."""
    by_shown, by_gold, both = collections.Counter(), collections.Counter(), collections.Counter()
    for (article, speaker), who in gold.items():
        by_shown[shown[speaker]] += 1
        by_gold[who] += 1
        both[(shown[speaker], who)] += 1
    pairs = lambda n: n * (n - 1) // 2  # noqa: E731
    merged = sum(map(pairs, by_shown.values()))
    same = sum(map(pairs, by_gold.values()))
    right = sum(map(pairs, both.values()))
    return {"units": len(gold), "merged pairs": merged, "precision": right / merged if merged else float("nan"),
            "recall": right / same if same else float("nan")}


def evaluate(articles: list[Q.Article]) -> tuple[dict[str, dict], list]:
    gold, mentions, quoted, gold_people = fold_units(articles)
    names = {name for here in mentions for name, _ in here}
    rows = {}
    as_written = {name: name for name in names}
    used = collections.Counter(quoted)
    for here in mentions:
        used.update(name for name, _ in here)
    merged = merge(used)
    for label, shown in (("names as written", as_written), ("merging rule", merged)):
        figures = pair_scores(gold, shown)
        figures["people listed"] = len(set(shown.values()))
        figures["gold people"] = len(gold_people)
        figures["gold people found"] = len(set(gold.values()))
        figures["listed for them"] = len({shown[s] for (_, s) in gold})
        rows[label] = figures
    listed = count_people(mentions, quoted)
    assert len(listed) == rows["merging rule"]["people listed"], "count_people and merge disagree"
    examples = []
    for (article, speaker), who in gold.items():
        examples.append((who, speaker, merged[speaker]))
    return rows, examples


COLUMNS = ("people listed", "gold people", "gold people found", "listed for them", "units", "merged pairs",
           "precision", "recall")


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def report(show_examples: bool = False) -> str:
    lines = ["| fold | names | " + " | ".join(COLUMNS) + " |", "| --- | --- |" + " ---: |" * len(COLUMNS)]
    means: dict[str, dict[str, list]] = collections.defaultdict(lambda: collections.defaultdict(list))
    notes = []
    for fold, outlets in Q.FOLDS.items():
        rows, examples = evaluate(Q.load(outlets))
        for label, figures in rows.items():
            lines.append(f"| {fold} | {label} | " + " | ".join(_fmt(figures[c]) for c in COLUMNS) + " |")
            for c in COLUMNS:
                means[label][c].append(figures[c])
        notes.append((fold, examples))
    for label, columns in means.items():
        lines.append(f"| mean | {label} | " + " | ".join(
            _fmt(sum(v) / len(v)) if isinstance(v[0], float) else _fmt(round(sum(v) / len(v))) for v in columns.values()) + " |")
    text = "\n".join(lines)
    if show_examples:
        for fold, examples in notes:
            by_person = collections.defaultdict(set)
            for who, speaker, shown in examples:
                by_person[who].add((speaker, shown))
            print(f"\n## {fold}")
            for who, forms in sorted(by_person.items()):
                shown = {s for _, s in forms}
                if len(forms) > 1 or len(shown) > 1:
                    flag = "SPLIT" if len(shown) > 1 else "one"
                    print(f"{flag:5} {' '.join(who)}: " + "; ".join(f"{a} -> {b}" for a, b in sorted(forms)))
            shown_people = collections.defaultdict(set)
            for who, speaker, shown in examples:
                shown_people[shown].add(who)
            for shown, whos in shown_people.items():
                if len(whos) > 1:
                    print(f"FALSE MERGE {shown}: {sorted(whos)}")
    return text


def main() -> None:
    p = common.parser(__doc__.split("\n\n")[0])
    p.add_argument("--write", action="store_true", help=f"write the tables into {RESULTS.relative_to(common.REPO)}")
    p.add_argument("--examples", action="store_true", help="print each gold person's forms and the names listed")
    args = p.parse_args()
    started = time.time()
    common.publish_tables(report(args.examples), started, RESULTS, "people.py", args.write)


if __name__ == "__main__":
    main()
