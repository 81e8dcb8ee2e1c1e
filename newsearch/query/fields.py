"""What each field of the query language holds for an article: the text every engine indexes
under that field's name (names one per line)."""

from __future__ import annotations

from ..models import ROLES, Article


def speakers_of(article: Article) -> list[str]:
    """The article's speakers, each once, in the order they are first quoted."""
    return list(dict.fromkeys(q.speaker for q in article.quotes if q.speaker))


def field_texts(article: Article) -> dict[str, str]:
    """Field name -> text ('' when the article has none): the prose fields, the speakers, every
    credited name (`author`) and each byline role's names, the source."""
    texts = {
        "title": article.title,
        "subtitle": article.subtitle or "",
        "body": article.body,
        "subhead": "\n".join(article.subheads),
        "quote": "\n".join(q.text for q in article.quotes),
        "speaker": "\n".join(speakers_of(article)),
        "author": "\n".join(a.name for a in article.authors),
        "source": article.source or "",
    }
    for role in ROLES[1:]:
        texts[role] = "\n".join(a.name for a in article.authors if a.role == role)
    return texts
