"""JSON Lines files read a line at a time, decoded as the whole-file readers decode them.

`file_lines(path)` gives the lines `split_lines(decode_bytes(read_bytes(path)))` would, without
holding the file: at Reuters ×5 (93 MB) that text, and the bytes beside it while decoding, were
the largest things a run held.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError
from .parsing import decode_bytes, parse_records
from .parsing.language import with_language
from .parsing.reading import _SNIFF_BYTES, read_bytes

READ_CHUNK = 2**20  # bytes read at a time when checking a file's encoding


def file_lines(path: Path):
    """The lines of `split_lines(decode_bytes(read_bytes(path)))`, read from the file one at a time.

    The encoding is decode_bytes's choice for the whole file (a UTF-8 BOM; else binary or not by
    the same first bytes; else UTF-8 if all of it decodes, else cp1252, else latin-1), found by a
    first pass that keeps nothing. In those encodings a newline byte is always a newline, so
    decoding line by line gives the same text. Gzip and UTF-16 files are decoded whole.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(max(_SNIFF_BYTES, len(codecs.BOM_UTF8)))
            if path.suffix.lower() == ".gz" or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
                encoding = None
            elif head.startswith(codecs.BOM_UTF8):
                encoding = ("utf-8", "replace", len(codecs.BOM_UTF8))
            elif decode_bytes(head) is None:  # decode_bytes sniffs only the first bytes for binary
                raise InputError(f"{path}: binary file, skipped")
            else:
                handle.seek(0)
                encoding = (_whole_file_encoding(handle), "strict", 0)
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from error
    if encoding is None:
        text = decode_bytes(read_bytes(path))  # the bytes are freed as soon as this returns
        if text is None:
            raise InputError(f"{path}: binary file, skipped")
        return split_lines(text)
    return _decoded_lines(path, *encoding)


def file_articles(path: Path, problems: list):
    """A JSON Lines file's articles, lazily: decoded as parsing.parse_file decodes it (one encoding
    for the whole file), read a line at a time, so that only a line and what the caller keeps are
    in memory. Raises InputError now for a file that cannot be read or is binary."""
    return map(with_language, parse_records(file_lines(path), str(path), problems))


def _whole_file_encoding(handle) -> str:
    """"utf-8" if all of the file decodes as UTF-8, else "cp1252" if it decodes as that, else
    "latin-1" (decode_bytes's order), a megabyte at a time."""
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        handle.seek(0)
        try:
            for chunk in iter(lambda: handle.read(READ_CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _decoded_lines(path: Path, encoding: str, errors: str, skip: int):
    try:
        with open(path, "rb") as handle:
            handle.seek(skip)
            ended = True  # an empty file is one empty line
            for raw in handle:
                ended = raw.endswith(b"\n")
                yield from _split_returns(raw[:-1].decode(encoding, errors) if ended else raw.decode(encoding, errors),
                                          ended)
    except OSError as error:  # removed, unmounted or unreadable part-way: the file fails, not the run
        raise InputError(f"{path}: {error.strerror or error}") from error
    if ended:
        yield ""


def split_lines(text: str):
    """text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), one line at a time."""
    start = 0
    while True:
        end = text.find("\n", start)
        yield from _split_returns(text[start:] if end < 0 else text[start:end], end >= 0)
        if end < 0:
            return
        start = end + 1


def _split_returns(segment: str, newline_follows: bool):
    """The lines of a newline-free segment: a \r before the newline ends nothing more, any other
    \r ends a line."""
    if "\r" not in segment:
        yield segment
        return
    if newline_follows and segment.endswith("\r"):
        segment = segment[:-1]  # the \r of a \r\n
    yield from segment.split("\r")
