"""What a file is when its name does not say: names that are never documents, and first bytes.

Pages saved by `wget` or a browser's "Save page" often have no format suffix ("story",
"index.html?id=3", "article.php"), so their first bytes decide: HTML markup, plain text, or
something else (binary data, a PDF, JSON or XML data, program source). Nothing here reads files:
callers pass a name or the first bytes.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath
from typing import NamedTuple

# How many bytes are looked at to tell text from binary and HTML from plain text.
SNIFF_BYTES = 8192

# Byte order marks, longest first: a UTF-32 LE mark starts with the UTF-16 LE one.
BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})

# Suffixes that name something other than a document, by what it is (the reason a walk gives).
_NOT_DOCUMENT_KINDS = {
    "image": ".jpg .jpeg .jpe .png .gif .webp .avif .heic .bmp .tif .tiff .ico .svg .svgz .psd .raw",
    "audio": ".mp3 .wav .ogg .oga .opus .flac .m4a .aac .wma .mid .midi",
    "video": ".mp4 .m4v .webm .mkv .mov .avi .wmv .flv .mpg .mpeg .3gp",
    "font": ".woff .woff2 .ttf .otf .eot",
    "style sheet": ".css .scss .sass .less",
    "script": ".js .mjs .cjs .map .ts .tsx .jsx .py .rb .pl .sh .bat .ps1 .java .c .h .cpp .go .rs",
    "PDF": ".pdf",
    "office document": ".doc .docx .odt .rtf .xls .xlsx .ods .ppt .pptx .odp",
    "e-book": ".epub .mobi .azw .azw3",
    "archive": ".zip .tar .tgz .tbz2 .bz2 .xz .zst .7z .rar .lz .lzma .z .cab .iso .dmg",
    "data": ".csv .tsv .xml .rss .atom .yaml .yml .toml .ini .cfg .sqlite .db .parquet .pkl .npy .npz .bin .dat",
    "program": ".exe .dll .so .dylib .o .a .class .jar .pyc .wasm .apk .deb .rpm .msi",
    "log": ".log",
}
NOT_DOCUMENT_SUFFIXES: dict[str, str] = {
    suffix: kind for kind, suffixes in _NOT_DOCUMENT_KINDS.items() for suffix in suffixes.split()
}

# File signatures of common binary formats, named for the reason given when they are skipped.
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"GIF8", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"RIFF", "audio or video"),
    (b"OggS", "audio or video"),
    (b"ID3", "audio"),
    (b"PK\x03\x04", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!", "archive"),
    (b"\x7fELF", "program"),
    (b"wOFF", "font"),
    (b"wOF2", "font"),
    (b"SQLite format 3\x00", "data"),
)

# Control bytes that never occur in text (everything below 0x20 except tab, LF, FF, CR, ESC).
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}))
# Above this share of control bytes in the sample, a file is treated as binary.
_BINARY_CONTROL_RATIO = 0.10

# Markup that only HTML opens with or holds near its top. Strong markers count anywhere in the
# sniffed text; the others only when the text starts with a tag (a text page may mention "<p>").
_STRONG_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_OPENING_TAG = re.compile(
    r"^(?:\s|<!--.*?-->)*<(?:meta|title|p|div|article|section|main|header|nav|h[1-6]|br|table|ul|ol"
    r"|span|a|link|script|style)[\s>/]",
    re.I | re.S,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b", re.I)
_PHP_SOURCE = re.compile(r"^\s*<\?php\b", re.I)
_JSON_START = re.compile(r"^\s*[\[{]\s*[\"{\[\]}]")


class Sniffed(NamedTuple):
    """What the first bytes show: `parse_as` is "html" or "text", or None when the file is not
    a document, `what` says what it is ("HTML", "plain text", "PDF", "JSON data", ...)."""

    parse_as: str | None
    what: str


def name_suffix(path: str | PurePath) -> str:
    """The lower-cased last suffix of a file name, without a saved URL's query or fragment
    ("index.html?id=3" -> ".html") and looking through ".gz" ("photo.JPG.gz" -> ".jpg")."""
    name = PurePath(path).name.split("?", 1)[0].split("#", 1)[0].lower()
    if name.endswith(".gz") and name.count(".") >= 2:
        name = name[: -len(".gz")]
    suffix = PurePath(name).suffix if name else ""
    return "" if " " in suffix else suffix


def not_document_kind(path: str | PurePath) -> str | None:
    """What a file is when its name says it is not a document ("image", "archive"...), else None."""
    name = PurePath(path).name.lower()
    if name.endswith((".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst")):
        return "archive"
    return NOT_DOCUMENT_SUFFIXES.get(name_suffix(path))


def byte_order_mark(data: bytes) -> tuple[bytes, str] | None:
    """(mark, encoding) when `data` starts with a byte order mark, else None."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return mark, encoding
    return None


def looks_binary(data: bytes) -> bool:
    """Whether the first SNIFF_BYTES hold a NUL or a large share of control bytes (no BOM checked)."""
    sample = data[:SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # translate deletes them
    return controls / len(sample) > _BINARY_CONTROL_RATIO


def sniff(head: bytes) -> Sniffed:
    """What a document whose name does not say is, from its first bytes (SNIFF_BYTES are enough)."""
    head = head[:SNIFF_BYTES]
    mark = byte_order_mark(head)
    if mark:
        sample = head[len(mark[0]):].decode(mark[1], errors="ignore")
    else:
        for signature, kind in _MAGIC:
            if head.startswith(signature):
                return Sniffed(None, kind)
        if looks_binary(head):
            return Sniffed(None, "binary data")
        sample = head.decode("latin-1")  # only ASCII markup is looked for
    if _STRONG_HTML.search(sample) or _OPENING_TAG.match(sample):
        return Sniffed("html", "HTML")
    if _PHP_SOURCE.match(sample):
        return Sniffed(None, "PHP source")
    if _XML_DECLARATION.match(sample):
        return Sniffed(None, "XML data")
    if _JSON_START.match(sample):
        return Sniffed(None, "JSON data: name it .json or .jsonl to read its records")
    return Sniffed("text", "plain text")
