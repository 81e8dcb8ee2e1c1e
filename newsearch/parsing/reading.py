"""From paths on disk to bytes and decoded text: file discovery, gzip, byte decoding."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsearch.errors import InputError
from newsearch.parsing.sniffing import (
    MARKDOWN_SUFFIXES,
    SNIFF_BYTES,
    byte_order_mark,
    looks_binary,
    name_suffix,
    not_document_kind,
    sniff,
)

# Document formats by suffix; each needs a parser in `newsearch.parsing._PARSERS`.
FORMAT_SUFFIXES: frozenset[str] = frozenset({".txt", ".html", ".htm", ".jsonl", ".ndjson", ".json"})
GZIP_SUFFIX = ".gz"
# Suffixes a folder walk picks up: each format, plain or gzipped ("page.txt.gz").
SUPPORTED_SUFFIXES: frozenset[str] = FORMAT_SUFFIXES | {s + GZIP_SUFFIX for s in FORMAT_SUFFIXES}
# A gzip member inflating past this is refused (a "zip bomb" must not exhaust memory). Whole
# documents are held in memory and parsed at several times their size, so a page is capped like
# an uncompressed one; record formats go further (their articles are small).
MAX_INFLATED_BYTES = 512 * 1024 * 1024
MAX_INFLATED_PAGE_BYTES = 64 * 1024 * 1024
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
_SNIFF_BYTES = SNIFF_BYTES  # linereader reads this many bytes to ask decode_bytes about a file


def iter_document_paths(
    paths: Iterable[str | Path],
    problems: list | None = None,
    *,
    skip_folder: Callable[[Path], bool] | None = None,
    skipped: list | None = None,
) -> Iterator[Path]:
    """Yield the documents named by `paths`: files as given, folders walked in sorted order.

    Folder walks skip hidden names and follow symlinked folders once (a folder already visited,
    by real path, is not entered again). A folder for which `skip_folder` returns True is not
    entered; one given directly is not read either, and is appended to `skipped`.

    Without `skipped`, a walk keeps only SUPPORTED_SUFFIXES and a file given directly is yielded
    whatever its name. With a `skipped` list, every file is considered: one whose name states a
    format, a Markdown file, or one whose first bytes show HTML or plain text is yielded; any
    other (an image by its name, binary data by its bytes...) is appended to `skipped` as
    `(path, reason)`, the reason a line such as "photo.jpg: not a document (image), skipped".

    A path given that does not exist raises InputError; inside a walk, an unreadable folder or a
    symlink loop is appended to `problems` as `(path, reason)` (raised when `problems` is None)
    and skipped.
    """
    walk = _Walk(problems, skip_folder, skipped)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if walk.excluded(path):
                walk.skip(path, f"{path}: excluded folder, skipped")
            else:
                yield from walk.folder(path, set())  # each path walked whole, as if given alone
        elif os.path.lexists(path):
            reason = skip_reason(path) if skipped is not None and path.is_file() else None
            if reason is None:
                yield path
            else:
                walk.skip(path, reason)
        else:
            raise InputError(f"{path}: no such file or directory")


class _Walk:
    """One call's walks: which folders are left out, and where problems and skipped files go."""

    def __init__(self, problems: list | None, skip_folder: Callable[[Path], bool] | None, skipped: list | None):
        self.problems, self.skip_folder, self.skipped = problems, skip_folder, skipped

    def excluded(self, folder: Path) -> bool:
        return self.skip_folder is not None and bool(self.skip_folder(folder))

    def skip(self, path: Path, reason: str) -> None:
        if self.skipped is not None:
            self.skipped.append((str(path), reason))

    def folder(self, folder: Path, seen: set[str]) -> Iterator[Path]:
        real = os.path.realpath(folder)
        if real in seen:  # a symlink loop or a second link to a folder already walked
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            _problem(self.problems, folder, exc)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks; `seen` stops loops
                is_file = not is_dir and entry.is_file()
            except OSError as exc:  # ELOOP: a symlink that points back at itself
                _problem(self.problems, path, exc)
                continue
            if is_dir:
                if not self.excluded(path):
                    yield from self.folder(path, seen)
            elif document_suffix(path) in SUPPORTED_SUFFIXES:
                if is_file:
                    yield path
                elif self.problems is not None:  # a FIFO, a device or a dangling link named like a document
                    self.problems.append((str(path), f"{path}: not a regular file, skipped"))
            elif self.skipped is not None:
                reason = skip_reason(path) if is_file else f"{path}: not a regular file, skipped"
                if reason is None:
                    yield path
                else:
                    self.skipped.append((str(path), reason))


def skip_reason(path: str | Path) -> str | None:
    """Why a regular file is not read as a document ("photo.jpg: not a document (image), skipped"),
    or None when it is: its name states a format or Markdown, or its first bytes show HTML or
    plain text. A file whose first bytes cannot be read is left to the reader to report."""
    path = Path(path)
    if document_suffix(path) in SUPPORTED_SUFFIXES or name_suffix(path) in FORMAT_SUFFIXES | MARKDOWN_SUFFIXES:
        return None
    kind = not_document_kind(path)
    if kind is not None:
        return f"{path}: not a document ({kind}), skipped"
    head = read_head(path)
    if head is None:
        return None
    found = sniff(head)
    return None if found.parse_as else f"{path}: not a document ({found.what}), skipped"


def read_head(path: str | Path, size: int = SNIFF_BYTES) -> bytes | None:
    """A document's first `size` bytes (inflated when its name ends in ".gz"), or None if they
    cannot be read (an unreadable file, damaged gzip data)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(size if path.suffix.lower() != GZIP_SUFFIX else 64 * size)
    except OSError:
        return None
    if path.suffix.lower() != GZIP_SUFFIX or not data:
        return data
    try:
        return zlib.decompressobj(wbits=31).decompress(data, size)
    except zlib.error:
        return None


def _problem(problems: list | None, path: Path, exc: OSError) -> None:
    reason = f"{path}: {exc.strerror or exc}, skipped"
    if problems is None:
        raise InputError(reason) from exc
    problems.append((str(path), reason))


def document_suffix(path: str | Path) -> str:
    """The lower-cased suffix that names a file's format, ".gz" included: "a.TXT.gz" -> ".txt.gz"."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == GZIP_SUFFIX:
        return suffixes[-2] + GZIP_SUFFIX
    return suffixes[-1] if suffixes else ""


def format_suffix(path: str | Path) -> str:
    """The suffix that decides how a file is parsed, ignoring ".gz": "a.jsonl.gz" -> ".jsonl"."""
    suffix = document_suffix(path)
    return suffix[: -len(GZIP_SUFFIX)] if suffix.endswith(GZIP_SUFFIX) else suffix


def read_bytes(path: str | Path) -> bytes:
    """A document's bytes, gunzipped when its name ends in ".gz".

    Raises InputError for unreadable files and damaged or oversized gzip data.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    if path.suffix.lower() == GZIP_SUFFIX:
        limit = MAX_INFLATED_BYTES if format_suffix(path) in RECORD_SUFFIXES else MAX_INFLATED_PAGE_BYTES
        data = gunzip(data, str(path), limit)
    return data


def gunzip(data: bytes, path: str = "<gzip>", limit: int = MAX_INFLATED_BYTES) -> bytes:
    """Inflate gzip `data` (every member, as `gzip -d` does), refusing more than `limit` bytes.

    Raises InputError for damaged, truncated or oversized data.
    """
    out = bytearray()
    try:
        while data:
            inflater = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
            pending = data
            while pending:
                out += inflater.decompress(pending, limit + 1 - len(out))
                if len(out) > limit:
                    raise InputError(f"{path}: inflates to more than {limit // 2**20} MB, skipped")
                pending = inflater.unconsumed_tail
            if not inflater.eof:
                raise InputError(f"{path}: truncated gzip data")
            # Concatenated members are one stream (`cat a.gz b.gz`); NUL padding may follow.
            data = inflater.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        raise InputError(f"{path}: not valid gzip data ({exc})") from exc
    return bytes(out)


def read_text(path: str | Path) -> str:
    """Read a text file whatever its encoding, with newlines normalised to "\\n".

    Raises InputError for unreadable or binary files.
    """
    path = Path(path)
    text = decode_bytes(read_bytes(path))
    if text is None:
        raise InputError(f"{path}: binary file, skipped")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes) -> str | None:
    """Decode document bytes (BOMs, UTF-8, then cp1252, then latin-1); None if binary."""
    mark = byte_order_mark(data)  # UTF-32 marks are looked for before the UTF-16 ones they start with
    if mark:
        return data[len(mark[0]):].decode(mark[1], errors="replace")
    if looks_binary(data):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined; latin-1 maps them all
        return data.decode("latin-1")
