"""From paths on disk to decoded text: file discovery and byte decoding."""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsearch.errors import InputError

# Suffixes a folder walk picks up. Each one needs a parser in `newsearch.parsing._PARSERS`.
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt"})

# Control bytes that never occur in text (everything below 0x20 except tab, LF, FF, CR, ESC).
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B})
# Above this share of control bytes in the sample, a file is treated as binary.
_BINARY_CONTROL_RATIO = 0.10
_SNIFF_BYTES = 8192


def iter_document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the documents named by `paths`: files as given, folders walked in sorted order.

    Folder walks keep only supported suffixes and skip hidden names; symlinked folders are
    followed once (a folder already visited, by real path, is not entered again).
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, set())
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def _walk(folder: Path, seen: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop or a second link to a folder already walked
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"{folder}: {exc.strerror or exc}") from exc
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():  # follows symlinks; `seen` stops loops
            yield from _walk(path, seen)
        elif entry.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path


def read_text(path: Path) -> str:
    """Read a text file whatever its encoding, with newlines normalised to "\\n".

    Raises InputError for unreadable or binary files.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    text = decode_bytes(data)
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
