"""An article as rows of the cluster's tables: its `articles_rt` row, its quotations' `quotes_rt`
rows, and the stable 64-bit document ids both are written under.

Sphinx 2.2 stores no text fields, so each row also holds what results show as string attributes
(`data`: the article, or the quotation with its article's title, date and source, as JSON).
"""

from __future__ import annotations

import hashlib
import json

from ...models import Article, Author, Hit
from ...query.fields import field_texts
from .provision import ARTICLE_FIELDS, ARTICLE_INTS, ARTICLE_STRINGS, QUOTE_FIELDS, QUOTE_INTS, QUOTE_STRINGS

ARTICLE_COLUMNS = ("id",) + ARTICLE_FIELDS + ARTICLE_STRINGS + ARTICLE_INTS
QUOTE_COLUMNS = ("id",) + QUOTE_FIELDS + QUOTE_STRINGS + QUOTE_INTS
COPY_KEY_WORDS = 20


def document_id(key: str) -> int:
    """A stable id from 1 to 2**63 - 1 for a key (an article id, or article id and quote place):
    the same on every run and every machine, never 0 (Sphinx refuses it)."""
    digest = int.from_bytes(hashlib.sha1(key.encode("utf-8", "surrogatepass")).digest()[:8], "big")
    return (digest & 0x7FFF_FFFF_FFFF_FFFF) or 1


def shard_of(article_id: str, nodes: int) -> int:
    """Which node holds an article: its document id modulo the node count."""
    return document_id(article_id) % nodes


def day_number(published: str | None) -> int:
    """YYYYMMDD as an integer (0 for no date): what date filters and `--sort date` compare."""
    return int(published.replace("-", "")[:8]) if published else 0


def day_text(day: int, digits: int = 8) -> str:
    """A day number (or its first 4 or 6 digits: year YYYY, month YYYYMM) as ISO text: '1987-03-26',
    '1987', '1987-03'; '' for 0 (undated)."""
    if not day:
        return ""
    text = f"{day:0{digits}d}"
    return "-".join(part for part in (text[:4], text[4:6], text[6:8]) if part)


def article_row(article: Article) -> tuple:
    """The `articles_rt` values, in ARTICLE_COLUMNS order."""
    text = {**field_texts(article), "language": article.language or "", "idtext": article.id,
            "pathtext": article.path}
    strings = {
        "article_id": article.id,
        "path": article.path,
        "source_name": article.source or "",
        "language_code": article.language or "",
        "data": json.dumps(article.to_dict(), ensure_ascii=False),
    }
    day = day_number(article.published)
    ints = {"published_day": day, "year": day // 10000, "month": day // 100, "word_count": article.word_count,
            "copy_key": copy_key(article)}
    return (document_id(article.id), *(text[f] for f in ARTICLE_FIELDS), *(strings[s] for s in ARTICLE_STRINGS),
            *(ints[i] for i in ARTICLE_INTS))


def copy_key(article: Article) -> int:
    """One number for the copies of one story: its title and the body's first words (the lead a
    wire story keeps when outlets trim or extend it), case and spacing folded."""
    words = article.title.casefold().split() + article.body.casefold().split()[:COPY_KEY_WORDS]
    return document_id(" ".join(words))


def quote_rows(article: Article) -> list[tuple]:
    """The `quotes_rt` values of each quotation, in QUOTE_COLUMNS order."""
    rows = []
    for position, quote in enumerate(article.quotes):
        data = {**quote.to_dict(), "id": article.id, "title": article.title, "published": article.published,
                "source": article.source, "position": position, "cluster": copy_key(article)}
        values = {"quote": quote.text, "speaker": quote.speaker or "", "article_id": article.id,
                  "speaker_name": quote.speaker or "", "data": json.dumps(data, ensure_ascii=False),
                  "position": position, "published_day": day_number(article.published)}
        rows.append((quote_id(article.id, position), *(values[c] for c in QUOTE_COLUMNS[1:])))
    return rows


def quote_id(article_id: str, position: int) -> int:
    return document_id(f"{article_id}\x1f{position}")


def insert_statement(table: str, columns: tuple[str, ...]) -> str:
    """`REPLACE INTO table (columns) VALUES (%s, ...)`: a row written again replaces itself."""
    return f"REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"


def hit_of(rank: int, row: tuple, data: dict, snippets: tuple = (), duplicates: int = 0) -> Hit:
    """A search hit from a row (`id, WEIGHT(), ...`) and its stored article."""
    return Hit(rank=rank, score=float(row[1]), id=data["id"], path=data["path"], ordinal=data.get("ordinal", 0),
               title=data.get("title", ""), source=data.get("source"),
               authors=tuple(Author(a["name"], a.get("role", "author")) for a in data.get("authors", ())),
               published=data.get("published"), snippets=snippets, cluster=data["id"], paths=(data["path"],),
               duplicates=duplicates)
