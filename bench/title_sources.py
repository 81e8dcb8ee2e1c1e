"""The title sources an HTML page offers (<title>, og:title, twitter:title, JSON-LD headline, its
h1s), and which of them say the reviewed title (wcxb-articles): for choosing the HTML title rule
on fold A (`--fold A`), and counting the patterns of the misses in a dump of bench/extraction.py."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import common

sys.path.insert(0, str(common.REPO))

import extraction  # noqa: E402


def sources(html: bytes) -> dict[str, list[str]]:
    from newsearch.parsing.html_decoding import decode_html
    from newsearch.parsing.html_head import clean, page_tree
    from newsearch.parsing import html_meta, html_title

    tree = page_tree(decode_html(html) or "<html></html>")
    out: dict[str, list[str]] = {}
    if tree is None:
        return out
    t = tree.find(".//title")
    out["title"] = [clean(t.text_content())] if t is not None else []
    for name, xp in (("og", '//meta[@property="og:title" or @name="og:title"]/@content'),
                     ("tw", '//meta[@name="twitter:title" or @property="twitter:title"]/@content'),
                     ("site", '//meta[@property="og:site_name" or @name="og:site_name" or @name="application-name"]/@content')):
        out[name] = [clean(str(v)) for v in tree.xpath(xp)][:2]
    ld = []
    for item in html_meta.ld_objects(tree):
        value = item.get("headline")
        if isinstance(value, str):
            ld.append(clean(value))
    out["ld"] = ld[:3]
    out["h1"] = [clean(e.text_content()) for e in tree.iter("h1")][:6]
    out["h1 glued"] = [str(html_title.glued(e)) for e in tree.iter("h1")][:6]
    out["h2"] = [clean(e.text_content()) for e in tree.iter("h2")][:3]
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dump", type=Path, required=True, help="a --dump of bench/extraction.py --mode html")
    p.add_argument("--fold", default="A", help="the fold whose misses are read (A: where rules are chosen)")
    p.add_argument("--show", action="store_true", help="list each miss with its sources")
    args = p.parse_args()
    dump = json.loads(args.dump.read_text())["html"]
    pages = [pg for pg in extraction.load_pages(["wcxb-articles"]) if pg.fold == args.fold and pg.title]
    counts = Counter()
    for pg in pages:
        found = dump[extraction.key(pg)]["title"]
        if extraction.title_right(pg.title, found):
            continue
        src = sources(pg.html())
        right = sorted({k for k, vs in src.items() if k != "h1 glued" for v in vs if extraction.title_right(pg.title, v)})
        counts[",".join(right) or "-"] += 1
        if args.show:
            print(f"== {pg.id} {pg.domain}\n  TRUTH {pg.title!r}\n  FOUND {found!r}\n  RIGHT {right}")
            for k, vs in src.items():
                for v in vs:
                    print(f"  {k:5} {v[:140]!r}")
    for k, n in counts.most_common():
        print(n, k)


if __name__ == "__main__":
    main()
