"""Reuters-21578 (SGML, 22 files) → JSON Lines: one record a story with `id`, `title`, `body`,
`published` (ISO date of the DATE element) and `source` "Reuters".

The SGML is not XML (bare `&` and `<` in bodies, control-character entities), so stories are cut
out with regular expressions and entities decoded leniently. Stories without a TITLE (the
unprocessed ones) are skipped and counted. `stories()` and `convert()` are importable.

    python bench/reuters.py [OUT.jsonl]     (default bench/data/reuters/reuters.jsonl)
    python bench/reuters.py --copies 5 OUT.jsonl   (every story 5 times, ids suffixed -c1..-c4)
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import common

ARCHIVE = ("reuters-21578", "reuters21578.tar.gz")
SOURCE = "Reuters"
_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_MONTHS = {name: number for number, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
_DATE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# The wire's sign-off at the end of most bodies ("... said.\n Reuter\n&#3;").
_SIGN_OFF = re.compile(r"\s*\bReuter\s*$")


@dataclass
class Conversion:
    written: int = 0
    skipped_untitled: int = 0
    undated: int = 0


def _element(name: str, text: str) -> str | None:
    match = re.search(rf"<{name}>(.*?)</{name}>", text, re.S)
    return match.group(1) if match else None


def _clean(raw: str) -> str:
    text = _CONTROL.sub("", html.unescape(raw))
    return text


def _iso_date(raw: str | None) -> str | None:
    match = _DATE.search(raw or "")
    if not match or match.group(2) not in _MONTHS:
        return None
    try:
        return dt.date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1))).isoformat()
    except ValueError:
        return None


def _body(raw: str | None) -> str:
    """Paragraphs (indented lines start them on the wire) separated by blank lines."""
    if not raw:
        return ""
    text = _SIGN_OFF.sub("", _clean(raw))
    paragraphs = re.split(r"\n(?=[ \t]+\S)", text)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def stories(archive: Path, counts: Conversion | None = None) -> Iterator[dict]:
    """The records of every titled story in the archive, in file and NEWID order."""
    counts = counts if counts is not None else Conversion()
    with tarfile.open(archive) as tar:
        members = sorted((m for m in tar.getmembers() if m.name.endswith(".sgm")), key=lambda m: m.name)
        for member in members:
            sgml = tar.extractfile(member).read().decode("latin-1")
            for match in _STORY.finditer(sgml):
                attributes, story = match.groups()
                title = _element("TITLE", story)
                if title is None or not title.strip():
                    counts.skipped_untitled += 1
                    continue
                published = _iso_date(_element("DATE", story))
                counts.undated += published is None
                counts.written += 1
                yield {
                    "id": f"reuters-{_NEWID.search(attributes).group(1)}",
                    "title": " ".join(_clean(title).split()),
                    "body": _body(_element("BODY", story)),
                    "published": published,
                    "source": SOURCE,
                }


def convert(archive: Path, out: Path, copies: int = 1) -> Conversion:
    """Write the archive's titled stories to `out` as JSON Lines (`copies` times, ids changed)."""
    counts = Conversion()
    out.parent.mkdir(parents=True, exist_ok=True)
    records = list(stories(archive, counts))
    write_copies(records, copies, out)
    counts.written *= copies
    return counts


def write_copies(records: list[dict], copies: int, out: Path, files: Path | None = None) -> None:
    """`records` `copies` times as JSON Lines to `out` (and, given `files`, one `title`-then-body
    file per story there), each copy's ids suffixed -c1, -c2…: a collection `copies` times as large."""
    with open(out, "w", encoding="utf-8") as handle:
        for copy in range(copies):
            for record in records:
                if copy:
                    record = dict(record, id=f"{record['id']}-c{copy}")
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                if files is not None:
                    (files / f"{record['id']}.txt").write_text(f"{record['title']}\n{record['body']}\n", encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", type=Path, default=common.DATA / "reuters" / "reuters.jsonl",
                   help="JSON Lines file to write (default: %(default)s)")
    p.add_argument("--copies", type=int, default=1, help="write every story this many times, ids changed")
    args = p.parse_args()
    archive = common.require_corpus(*ARCHIVE)
    counts = convert(archive, args.out, args.copies)
    print(f"{args.out}: {counts.written} stories written, {counts.skipped_untitled} without a title skipped, "
          f"{counts.undated} undated")


if __name__ == "__main__":
    main()
