"""From paths on disk to bytes and decoded text: file discovery, gzip, byte decoding."""

from __future__ import annotations

import codecs
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsearch.errors import InputError

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

# Control bytes that never occur in text (everything below 0x20 except tab, LF, FF, CR, ESC).
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B})
# Above this share of control bytes in the sample, a file is treated as binary.
_BINARY_CONTROL_RATIO = 0.10
_SNIFF_BYTES = 8192


def iter_document_paths(paths: Iterable[str | Path], problems: list | None = None) -> Iterator[Path]:
    """Yield the documents named by `paths`: files as given, folders walked in sorted order.

    Folder walks keep only supported suffixes and skip hidden names; symlinked folders are
    followed once (a folder already visited, by real path, is not entered again). A path given
    that does not exist raises InputError; inside a walk, an unreadable folder or a symlink loop
    is appended to `problems` as `(path, reason)` (raised when `problems` is None) and skipped.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, set(), problems)
        elif os.path.lexists(path):
            yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def _walk(folder: Path, seen: set[str], problems: list | None) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop or a second link to a folder already walked
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        _problem(problems, folder, exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks; `seen` stops loops
            is_file = not is_dir and entry.is_file()
        except OSError as exc:  # ELOOP: a symlink that points back at itself
            _problem(problems, path, exc)
            continue
        if is_dir:
            yield from _walk(path, seen, problems)
        elif document_suffix(path) in SUPPORTED_SUFFIXES:
            if is_file:
                yield path
            elif problems is not None:  # a FIFO, a device or a dangling link named like a document
                problems.append((str(path), f"{path}: not a regular file, skipped"))


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
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if _looks_binary(data):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined; latin-1 maps them all
        return data.decode("latin-1")


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls / len(sample) > _BINARY_CONTROL_RATIO
