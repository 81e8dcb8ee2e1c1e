"""Article extraction on pages from sites the rules were not written on: body, title, author, date.

Two corpora (`../shared/corpora`): `article-extraction-benchmark` (88 pages, 2019-2020) and
`wcxb-articles` (791 article pages, 2025-2026, from about 700 sites). Each page is read twice by
newsearch, as the scraped plain text (`page-text.json` written as a `.txt` file) and as its HTML
(`.html`), through `newsearch.parsing.parse_bytes`, the reader `newsearch index` uses.

Honest figures: pages are split by site (registered domain of the page's URL) into two folds,
A and B, by a hash of the domain, so no site has pages in both. Every rule, threshold and weight
is chosen on one fold and reported on the other; each fold's figure is printed separately.

Body score, as the article-extraction benchmark defines it: `\\w+` tokens, 4-token shingles
(multisets), per page tp/fp/fn normalised to sum 1, averaged over pages; precision and recall
from the averages, F1 of the two ("F1"). "word F1" is the same with single tokens (bag of
words). A page that gives no article scores 0 and is counted ("no article"). newsearch keeps
subheads out of the body (they are their own field); "F1 with subheads" scores body and subheads
together, as the reviewed texts include headings.

Anchors on the same pages: the whole page text (no cleaning), trafilatura on its own (HTML,
`trafilatura.extract` with its defaults) and the ten-line heuristic (`ten_line_heuristic`: lines
of 10+ words or 5+ words ending a sentence).

Metadata (wcxb only: the other corpus has no reviewed title, author or date), over the pages
whose reviewed field is set: title (the same `\\w+` words, case aside, as the reviewed title),
first author (the reviewed first author's surname is a word of one of the authors found),
day (the publication date found is the reviewed day). trafilatura's own metadata is the anchor.
"""

# No `from __future__ import annotations`: tests load this file without registering it as a module,
# and dataclasses with string annotations look their module up.

import gzip
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import common

sys.path.insert(0, str(common.REPO))

SHINGLE = 4
CORPORA = ("article-extraction-benchmark", "wcxb-articles", "asian-news/chinese")
# Corpora with the page's plain text as scraped.
TEXT_CORPORA = CORPORA[:2]
# Han characters and kana are words of their own to the score (`\w+` would make a clause one token).
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_UNSPACED}]|[^\\W{_UNSPACED}]+")
FOLDS = ("A", "B")


# ---------------------------------------------------------------- pages and folds


@dataclass
class Page:
    corpus: str
    id: str
    url: str
    domain: str
    fold: str
    text: str  # the whole page as plain text
    truth: str  # the reviewed clean body
    html_path: Path
    title: str | None = None
    author: str | None = None
    published: str | None = None

    def html(self) -> bytes:
        data = self.html_path.read_bytes()
        return gzip.decompress(data) if self.html_path.suffix == ".gz" else data


def registered_domain(url: str) -> str:
    """The registered domain of `url` ("www.bbc.co.uk/news/x" -> "bbc.co.uk")."""
    try:
        from tld import get_fld

        found = get_fld(url, fail_silently=True)
        if found:
            return found.lower()
    except ImportError:  # tld comes with trafilatura (courlan); a plain fallback all the same
        pass
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
    parts = host.split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def fold_of(domain: str) -> str:
    """A or B, fixed by the domain alone (sha1), so one site's pages are all in one fold."""
    return FOLDS[int(hashlib.sha1(domain.encode()).hexdigest(), 16) % 2]


_PAGE_URL = re.compile(rb"""(?:rel=["']canonical["'][^>]*href|property=["']og:url["'][^>]*content|<base[^>]*href)=["']([^"']+)""", re.I)


def shown_text(html: bytes) -> str:
    """A page's text as a browser's copy would give it (script and style left out), for
    pages that come without a scraped text."""
    from lxml import html as lxml_html

    from newsearch.parsing.html import decode_html

    tree = lxml_html.fromstring(decode_html(html) or "<html></html>")
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    return "\n".join(line for line in (" ".join(t.split()) for t in tree.itertext()) if line)


def load_chinese(corpus: Path) -> list[Page]:
    """asian-news/chinese: HTML and a hand-copied body, author and date; no URL for most pages,
    so a page's site is its canonical/og:url/base URL when it states one, else the page itself."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        row, path = truth[page_id], corpus / "html" / f"{page_id}.html"
        html = path.read_bytes()
        found = _PAGE_URL.search(html)
        url = found.group(1).decode("ascii", "replace") if found else ""
        domain = registered_domain(url) if url else page_id
        day = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", row.get("date") or "")
        pages.append(Page(
            corpus=corpus.relative_to(common.CORPORA).as_posix(), id=page_id, url=url, domain=domain,
            fold=fold_of(domain), text=shown_text(html), truth=row.get("articleBody") or "", html_path=path,
            author=None if (row.get("author") or "UNKNOWN") == "UNKNOWN" else row["author"],  # "UNKNOWN": the page names no one
            published=f"{day[1]}-{int(day[2]):02d}-{int(day[3]):02d}" if day else None,
        ))
    return pages


def load_pages(corpora: Iterable[str] = CORPORA) -> list[Page]:
    pages = []
    for name in corpora:
        corpus = common.CORPORA / name
        if not corpus.exists():
            continue
        if name == "asian-news/chinese":
            pages += load_chinese(corpus)
            continue
        text = json.loads((corpus / "page-text.json").read_text(encoding="utf-8"))
        truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id in sorted(truth):
            row = truth[page_id]
            domain = registered_domain(row.get("url") or page_id)
            pages.append(Page(
                corpus=name, id=page_id, url=row.get("url") or "", domain=domain, fold=fold_of(domain),
                text=text[page_id]["articleBody"], truth=row.get("articleBody") or "",
                html_path=corpus / "html" / f"{page_id}.html.gz",
                title=row.get("title"), author=row.get("author"), published=row.get("published"),
            ))
    return pages


# ---------------------------------------------------------------- body scores


def grams(text: str, n: int = SHINGLE) -> Counter:
    """n-token shingles of `text` (a shorter text is one shingle of all its tokens)."""
    tokens = _TOKEN.findall(text or "")
    if n == 1:
        return Counter(tokens)
    joined = (" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in joined if g)


def page_counts(truth: str, predicted: str, n: int = SHINGLE) -> tuple[float, float, float]:
    """(tp, fp, fn) for one page, normalised so they sum to 1 (all zero when both are empty)."""
    want, got = grams(truth, n), grams(predicted, n)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_f1(counts: tuple[float, float, float]) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Benchmark metrics over pages: precision/recall of the mean counts and their F1."""
    if not counts:
        return {"f1": float("nan"), "precision": float("nan"), "recall": float("nan")}
    tp, fp, fn = (statistics.fmean(column) for column in zip(*counts))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def body_f1(pages: list[Page], bodies: dict[str, str | None], n: int = SHINGLE) -> float:
    return score([page_counts(p.truth, bodies.get(key(p)) or "", n) for p in pages])["f1"]


def key(page: Page) -> str:
    return f"{page.corpus}/{page.id}"


# ---------------------------------------------------------------- metadata scores


_FIRST_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;|&/]|\band\b|\bund\b|\by\b|\be\b|\bet\b)\s*", re.I)


def words(text: str | None) -> list[str]:
    return sorted(t.casefold() for t in _TOKEN.findall(text or ""))


def title_right(truth: str, found: str | None) -> bool:
    return words(truth) == words(found)


def surname(author: str) -> str | None:
    """The reviewed first author's surname: the last word of the first name in the field."""
    first = next((part for part in _FIRST_AUTHOR_SPLIT.split(re.sub(r"(?i)^\s*by\s+", "", author)) if part.strip()), "")
    tokens = [t for t in _TOKEN.findall(first) if any(c.isalpha() for c in t)]
    return tokens[-1].casefold() if tokens else None


def author_right(truth: str, found: Iterable[str]) -> bool:
    if re.search(f"[{_UNSPACED}]", truth):  # a Chinese or Japanese name is written whole, no spaces
        name = truth.split()[0]  # the first of the names the reviewed credit lists ("王建宏 张文攀")
        return any(name in "".join(a.split()) for a in found)
    name = surname(truth)
    return bool(name) and any(name in {t.casefold() for t in _TOKEN.findall(a)} for a in found)


def day_right(truth: str, found: str | None) -> bool:
    return bool(found) and found[:10] == truth[:10]


@dataclass
class Found:
    """What an extractor found on one page."""

    body: str | None  # None: no article
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    source: str | None = None
    articles: int = 1
    subheads: tuple[str, ...] = ()

    def text(self) -> str | None:
        """Body and subheads: the article's text as the reviewed text counts it (headings included)."""
        return None if self.body is None else "\n\n".join([self.body, *self.subheads])


def metadata_rates(pages: list[Page], found: dict[str, Found]) -> dict[str, tuple[float, int]]:
    """(share right, pages with the reviewed field) for title, author and day."""
    rates = {}
    for name, field_of, right in (
        ("title", lambda p: p.title, lambda p, f: title_right(p.title, f.title)),
        ("author", lambda p: p.author, lambda p, f: author_right(p.author, f.authors)),
        ("day", lambda p: p.published, lambda p, f: day_right(p.published, f.published)),
    ):
        judged = [p for p in pages if field_of(p) and (name != "author" or surname(p.author))]
        hits = sum(1 for p in judged if key(p) in found and right(p, found[key(p)]))
        rates[name] = (hits / len(judged) if judged else float("nan"), len(judged))
    return rates


# ---------------------------------------------------------------- extractors


def ten_line_heuristic(text: str) -> str:
    """The anchor every cleaner must beat: keep lines that read as sentences, by length and punctuation."""
    kept = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        n = len(line.split())
        if n >= 10 or (n >= 5 and line[-1:] in ".!?\"”’)…"):
            kept.append(line)
    return "\n\n".join(kept)


def newsearch_found(data: bytes, path: str) -> Found:
    from newsearch.parsing import parse_bytes

    try:
        articles = parse_bytes(data, path)
    except Exception as exc:  # noqa: BLE001 - a crash is a page with no article, and is reported
        print(f"<!-- {path}: {type(exc).__name__}: {exc} -->", file=sys.stderr)
        articles = []
    if not articles or not articles[0].body.strip():
        first = articles[0] if articles else None
        return Found(None, first.title if first else None, articles=len(articles))
    a = articles[0]
    return Found(a.body, a.title, tuple(x.name for x in a.authors), a.published, a.source, len(articles), tuple(a.subheads))


def trafilatura_found(html: bytes) -> Found:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True)
    except Exception:  # noqa: BLE001
        doc = None
    if doc is None:
        return Found(None)
    body = getattr(doc, "text", None)
    authors = tuple(a.strip() for a in re.split(r";", getattr(doc, "author", None) or "") if a.strip())
    return Found(body or None, getattr(doc, "title", None), authors, (getattr(doc, "date", None) or None), getattr(doc, "sitename", None))


def trafilatura_cached(pages: list[Page]) -> dict[str, Found]:
    """trafilatura on its own (its default `extract` text and its metadata), cached in bench/data."""
    import trafilatura

    cache = common.DATA / f"extraction-trafilatura-{trafilatura.__version__}.json"
    stored = json.loads(cache.read_text()) if cache.exists() else {}
    changed = False
    for p in pages:
        if key(p) not in stored:
            html = p.html()
            body = trafilatura.extract(html)  # its defaults, text output
            meta = trafilatura_found(html)
            stored[key(p)] = {"body": body, "title": meta.title, "authors": list(meta.authors), "published": meta.published}
            changed = True
    if changed:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(stored))
    return {k: Found(v["body"] or None, v["title"], tuple(v["authors"]), v["published"]) for k, v in stored.items()}


def run_newsearch(pages: list[Page], mode: str) -> tuple[dict[str, Found], float]:
    """newsearch on every page, as a `.txt` (mode "text") or `.html` file; (found, ms per page)."""
    found = {}
    started = time.perf_counter()
    for p in pages:
        if mode == "text":
            found[key(p)] = newsearch_found(p.text.encode("utf-8"), f"{p.id}.txt")
        else:
            found[key(p)] = newsearch_found(p.html(), f"{p.id}.html")
    return found, 1000 * (time.perf_counter() - started) / max(1, len(pages))


# ---------------------------------------------------------------- report


@dataclass
class Row:
    name: str
    found: dict[str, Found]
    ms: float | None = None
    cells: dict = field(default_factory=dict)


def fmt(x: float) -> str:
    return "n/a" if x != x else f"{x:.3f}"


def body_table(pages: list[Page], rows: list[Row]) -> str:
    """Per corpus and fold: F1 (P/R), word F1, pages with no article, for each extractor."""
    headers = ["corpus", "fold", "pages", "extractor", "F1", "precision", "recall", "word F1", "F1 with subheads", "no article"]
    out = []
    for corpus in CORPORA:
        for fold in (*FOLDS, "all"):
            subset = [p for p in pages if p.corpus == corpus and (fold == "all" or p.fold == fold)]
            if not subset:
                continue
            for row in rows:
                counts = [page_counts(p.truth, (row.found.get(key(p)) or Found(None)).body or "") for p in subset]
                s = score(counts)
                words_f1 = body_f1(subset, {key(p): (row.found.get(key(p)) or Found(None)).body for p in subset}, 1)
                empty = sum(1 for p in subset if (row.found.get(key(p)) or Found(None)).body is None)
                with_subheads = body_f1(subset, {key(p): (row.found.get(key(p)) or Found(None)).text() for p in subset}) if row.name.startswith("newsearch") else float("nan")
                out.append([corpus, fold, len(subset), row.name, fmt(s["f1"]), fmt(s["precision"]), fmt(s["recall"]), fmt(words_f1), fmt(with_subheads), empty])
    return common.table(headers, out, "llrlrrrrrr")


def fold_mean_table(pages: list[Page], rows: list[Row]) -> str:
    """Body F1 per fold and the mean of the two folds, per corpus (the figure to quote)."""
    headers = ["corpus", "extractor", "F1 fold A", "F1 fold B", "mean of folds"]
    out = []
    for corpus in CORPORA:
        for row in rows:
            f = [body_f1([p for p in pages if p.corpus == corpus and p.fold == fold], {k: v.body for k, v in row.found.items()}) for fold in FOLDS]
            if all(x != x for x in f):
                continue
            out.append([corpus, row.name, fmt(f[0]), fmt(f[1]), fmt(statistics.fmean(f))])
    return common.table(headers, out, "llrrr")


def metadata_table(pages: list[Page], rows: list[Row]) -> str:
    headers = ["fold", "extractor", "title", "first author", "day"]
    out = []
    for corpus in ("wcxb-articles", "asian-news/chinese"):
        reviewed = [p for p in pages if p.corpus == corpus]
        for fold in (*FOLDS, "all"):
            subset = [p for p in reviewed if fold == "all" or p.fold == fold]
            if not subset:
                continue
            for row in rows:
                r = metadata_rates(subset, row.found)
                out.append([corpus, fold, row.name, *(f"{fmt(r[k][0])} (n={r[k][1]})" if r[k][1] else "n/a" for k in ("title", "author", "day"))])
    return common.table(["corpus", *headers], out, "lllrrr")


def worst(pages: list[Page], found: dict[str, Found], n: int) -> str:
    scored = sorted(pages, key=lambda p: page_f1(page_counts(p.truth, (found[key(p)].body or ""))))
    rows = [[p.corpus[:4], p.id[:12], p.fold, p.domain, fmt(page_f1(page_counts(p.truth, found[key(p)].body or ""))), len(p.truth.split())] for p in scored[:n]]
    return common.table(["corpus", "page", "fold", "site", "F1", "words in truth"], rows, "lllllr")


def main() -> None:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--mode", choices=("text", "html", "both"), default="both", help="which reader to measure (default both)")
    p.add_argument("--corpus", choices=CORPORA, action="append", help="only this corpus (repeatable; default both)")
    p.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst pages by F1 per reader")
    p.add_argument("--dump", type=Path, metavar="FILE", help="write what newsearch found on every page as JSON")
    args = p.parse_args()
    pages = load_pages(args.corpus or CORPORA)
    if not pages:
        common.require_corpus("wcxb-articles")
    if args.quick:  # a few pages of each corpus and fold
        pages = [pg for c in CORPORA for f in FOLDS for pg in [x for x in pages if x.corpus == c and x.fold == f][:15]]
    modes = ("text", "html") if args.mode == "both" else (args.mode,)
    sites = {c: len({pg.domain for pg in pages if pg.corpus == c}) for c in CORPORA}
    folds = {f: (sum(1 for pg in pages if pg.fold == f), len({pg.domain for pg in pages if pg.fold == f})) for f in FOLDS}
    common.print_header(f"Article extraction by site fold: {len(pages)} pages, " + ", ".join(f"{c} {sum(1 for pg in pages if pg.corpus == c)} pages from {sites[c]} sites" for c in CORPORA))
    print("Folds (by sha1 of the registered domain): " + ", ".join(f"{f}: {n} pages, {s} sites" for f, (n, s) in folds.items()) + "\n")
    whole = Row("whole page text", {key(pg): Found(pg.text) for pg in pages})
    heuristic = Row("ten-line heuristic", {key(pg): Found(ten_line_heuristic(pg.text)) for pg in pages})
    dump = {}
    for mode in modes:
        found, ms = run_newsearch(pages, mode)
        dump[mode] = {k: vars(v) for k, v in found.items()}
        ours = Row(f"newsearch ({'.txt' if mode == 'text' else '.html'})", found, ms)
        rows = [ours, whole, heuristic] if mode == "text" else [ours, Row("trafilatura alone", trafilatura_cached(pages)), whole]
        print(f"### Body from {'plain text (page-text.json as .txt)' if mode == 'text' else 'HTML'} ({ms:.1f} ms/page for newsearch)\n")
        print(fold_mean_table(pages, rows) + "\n")
        print(body_table(pages, rows) + "\n")
        meta_rows = [ours] if mode == "text" else [ours, rows[1]]
        print(f"### Metadata from {'text' if mode == 'text' else 'HTML'} (wcxb-articles; asian-news/chinese has author and date)\n")
        print(metadata_table(pages, meta_rows) + "\n")
        if args.worst:
            print(f"### {args.worst} worst pages ({mode})\n")
            print(worst(pages, found, args.worst) + "\n")
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=0))


if __name__ == "__main__":
    main()
