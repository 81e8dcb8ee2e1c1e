"""An HTML page's bytes as text: a byte order mark, else the charset it declares, else a guess.

Browsers read the first bytes for a `<meta charset>`; a page that declares nothing (old Chinese
forum pages often do not) is UTF-8 if it decodes as such, else whatever charset_normalizer
(trafilatura's own detector) recognises when that is a multi-byte or non-Latin encoding, else
cp1252 as before.
"""

from __future__ import annotations

import codecs
import re

from newsearch.parsing.reading import decode_bytes

# `<meta charset="...">` or `<meta http-equiv="Content-Type" content="text/html; charset=...">`,
# and `<?xml ... encoding="..."?>`, looked for in the first bytes as browsers do.
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.I)
_SNIFF_BYTES = 4096
# Labels pages declare that mean something wider in practice (the WHATWG encoding standard).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
                    "us-ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874", "gb2312": "gb18030",
                    "gbk": "gb18030", "x-sjis": "shift_jis"}
_DETECT_BYTES = 256 * 1024  # enough of a page to tell its encoding by
# Guesses that say no more than "some Western single-byte page": read as cp1252, as before.
_WESTERN = ("cp1252", "iso8859_1", "iso8859_15", "ascii", "utf_8", "cp1250", "iso8859_2", "cp1254", "iso8859_9",
            "cp1257", "iso8859_4", "iso8859_13", "iso8859_3", "iso8859_10", "iso8859_14", "iso8859_16", "cp1258",
            "mac_roman", "mac_latin2", "cp437", "cp850", "cp858", "hp_roman8")


# Text encoded as UTF-8, read as cp1252 or Latin-1, and saved again ("Investorâ\x80\x99s",
# "cafÃ©"): a lead byte's character and its continuation bytes' characters (C1 controls, or
# the cp1252 letters of bytes 0x80-0x9f, or 0xa0-0xbf).
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONTINUATION = f"[\x80-\xbf{_CP1252_HIGH}]"
_MOJIBAKE = re.compile(f"[\xc2-\xdf]{_CONTINUATION}|[\xe0-\xef]{_CONTINUATION}{{2}}|[\xf0-\xf4]{_CONTINUATION}{{3}}")


def decode_html(data: bytes) -> str | None:
    """HTML bytes as text: a BOM, else the charset the page declares, else UTF-8 then cp1252;
    text the page itself saved twice encoded is mended (`unmojibake`).

    None if the bytes are binary.
    """
    text = _decode(data)
    return unmojibake(text) if text else text


def unmojibake(text: str) -> str:
    """`text` with each run that is UTF-8 bytes read one byte a character put back as the
    character it encodes; a run that does not decode as UTF-8 is left as it is."""
    return _MOJIBAKE.sub(_mend, text)


def _mend(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        raw = bytes(ord(ch) if ord(ch) < 256 else ch.encode("cp1252")[0] for ch in run)
        return raw.decode("utf-8")
    except (UnicodeError, ValueError):
        return run


def _decode(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _CHARSET.search(head)
    encoding = _known_encoding(match.group(1).decode("ascii").lower()) if match else None
    if encoding is None or decode_bytes(head) is None:  # undeclared, unknown, or binary
        return _undeclared(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:  # a wrong declaration: the bytes know better
        return _undeclared(data)


def _undeclared(data: bytes) -> str | None:
    """Bytes that declare no usable charset: UTF-8 if they are; else the encoding
    charset_normalizer (trafilatura's own detector) finds when it is a multi-byte or
    non-Latin one (GB18030, Big5, Shift JIS, EUC-KR, cp1251...: an old Chinese page that
    says nothing is not cp1252); else cp1252 then latin-1 (`decode_bytes`)."""
    text = decode_bytes(data)
    if text is None or _is_utf8(data):
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:_DETECT_BYTES]).best()
    except ImportError:  # comes with trafilatura; without it, the Western reading
        return text
    name = _known_encoding(best.encoding) if best is not None else None
    if name is None or codecs.lookup(name).name.replace("-", "_") in _WESTERN:
        return text
    return data.decode(name, errors="replace")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _known_encoding(label: str) -> str | None:
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16/32 but had no BOM was read as ASCII to find the meta: it is not.
    return None if name.startswith(("utf-16", "utf-32")) else name
