"""The Whoosh document of an article: what is indexed, stored and kept in columns.

`indexed_fields` depends on the article alone (a worker process can analyse it ahead of the
writer, see prepare.py); `to_document` adds what the writer decides: paths, cluster, signature.
"""

from __future__ import annotations

import json

from ...models import Article
from ...parsing.language import with_language
from ...query.fields import field_texts, speakers_of
from .schema import EXACT_SUFFIX, NAME_FIELDS, PROSE_FIELDS


def indexed_fields(article: Article) -> dict:
    """The article's searchable fields: prose twice (stemmed, exact), names once, facets, dates."""
    texts = field_texts(article)
    doc = {}
    for name in PROSE_FIELDS:
        if texts[name]:
            doc[name] = doc[name + EXACT_SUFFIX] = texts[name]
    for name in NAME_FIELDS:
        if texts[name]:
            doc[name] = texts[name]
    speakers = speakers_of(article)
    facets = {
        "speaker_name": speakers,
        "author_name": [a.name for a in article.authors],
        "source_name": [article.source] if article.source else [],
    }
    for name, values in facets.items():
        if values:
            doc[name] = ",".join(value.replace(",", " ") for value in dict.fromkeys(values))
    if article.language:
        doc["language"] = article.language
    if article.published:
        doc["published"] = article.published
        doc["year"], doc["month"] = article.published[:4], article.published[:7]
    return doc


def to_document(article: Article, paths: list[str], cluster: str, minhash: str | None = None) -> dict:
    """The Whoosh document for an article: its indexed fields, plus id, path, cluster and the
    whole article as stored JSON."""
    article = with_language(article)
    doc = indexed_fields(article)
    data = article.to_dict()
    data.update(paths=paths, cluster=cluster, minhash=minhash)
    doc.update(id=article.id, path=article.path, cluster=cluster, data=json.dumps(data, ensure_ascii=False))
    return doc
