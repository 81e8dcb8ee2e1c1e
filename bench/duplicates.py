"""Near-duplicate clustering measured on the real corpora: how many clusters, how right, how complete.

newsearch gives each new article a cluster by MinHash LSH (newsearch.dedup): 64 permutations over
word 3-shingles, 16 bands of 4 rows; an article sharing a band with an indexed one joins its
cluster when their estimated Jaccard similarity reaches dedup.SAME_STORY. Here the indexer's own
band table runs over BBC News and
Reuters-21578, and is checked against exact shingle sets:
- precision: of the pairs (member, the cluster's first article) it joined, the share whose true
  Jaccard similarity is at least TRUE_NEAR_DUPLICATE;
- recall: of all pairs with true Jaccard at least TRUE_NEAR_DUPLICATE (found exhaustively through an
  inverted index of shingles), the share that ended up in one cluster.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import reuters  # noqa: E402

from newsearch import dedup  # noqa: E402
from newsearch.parsing import iter_document_paths, parse_file  # noqa: E402

TRUE_NEAR_DUPLICATE = 0.5
# Shingles held by more documents than this are boilerplate ("said in a statement"): they make no
# candidate pairs for the exhaustive check (a near-duplicate pair shares many rarer shingles too).
COMMON_SHINGLE = 50
EXAMPLES = 3


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def assign_clusters(texts: dict[str, str]) -> dict[str, str]:
    """The indexer's assignment (its own BandTable), articles added in the same order."""
    table = dedup.BandTable()
    cluster_of: dict[str, str] = {}
    for article_id, text in texts.items():
        sig = dedup.signature(text)
        cluster = (table.find(sig) if sig is not None else None) or article_id
        if sig is not None:
            table.add(article_id, cluster, sig)
        cluster_of[article_id] = cluster
    return cluster_of


def true_pairs(sets: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Every pair with true Jaccard >= TRUE_NEAR_DUPLICATE, via the documents sharing rare shingles."""
    holders: dict[str, list[str]] = defaultdict(list)
    for article_id, found in sets.items():
        for shingle in found:
            holders[shingle].append(article_id)
    shared: Counter = Counter()
    for ids in holders.values():
        if 1 < len(ids) <= COMMON_SHINGLE:
            shared.update(combinations(sorted(ids), 2))
    pairs = set()
    for (a, b), count in shared.items():
        smaller = min(len(sets[a]), len(sets[b]))
        # Jaccard >= t needs |A & B| >= t * |A | B| >= t * max(|A|, |B|): skip pairs that cannot reach it.
        if count >= TRUE_NEAR_DUPLICATE * smaller and jaccard(sets[a], sets[b]) >= TRUE_NEAR_DUPLICATE:
            pairs.add((a, b))
    return pairs


def measure(name: str, texts: dict[str, str], titles: dict[str, str], exact_copies: int) -> list[object]:
    started = time.perf_counter()
    cluster_of = assign_clusters(texts)
    seconds = time.perf_counter() - started
    sets = {article_id: dedup.shingles(text) for article_id, text in texts.items()}
    members = defaultdict(list)
    for article_id, cluster in cluster_of.items():
        members[cluster].append(article_id)
    joined = [(article_id, cluster) for article_id, cluster in cluster_of.items() if article_id != cluster]
    correct = sum(jaccard(sets[a], sets[c]) >= TRUE_NEAR_DUPLICATE for a, c in joined)
    truth = true_pairs(sets)
    found = sum(cluster_of[a] == cluster_of[b] for a, b in truth)
    for a, c in random.Random(7).sample(joined, min(EXAMPLES, len(joined))):
        print(f"- {name}: “{titles[a][:60]}” joined “{titles[c][:60]}” (true Jaccard {jaccard(sets[a], sets[c]):.2f})")
    grouped = [ids for ids in members.values() if len(ids) > 1]
    return [
        name,
        len(texts),
        exact_copies,
        len(grouped),
        sum(len(ids) for ids in grouped),
        f"{correct}/{len(joined)}" + (f" ({correct / len(joined):.0%})" if joined else ""),
        f"{found}/{len(truth)}" + (f" ({found / len(truth):.0%})" if truth else ""),
        f"{1000 * seconds / max(len(texts), 1):.2f}",
    ]


def bbc_articles() -> tuple[dict[str, str], dict[str, str], int]:
    archive = common.require_corpus("bbc-news", "bbc-fulltext.tar.gz")
    folder = common.extract_tar(archive, common.DATA / "bbc-news", lambda d: any(d.rglob("*.txt")))
    texts, titles, files = {}, {}, 0
    for path in iter_document_paths([folder]):
        if path.name.lower() == "readme.txt":
            continue
        files += 1
        for article in parse_file(path):
            texts.setdefault(article.id, article.body)
            titles.setdefault(article.id, article.title)
    return texts, titles, files - len(texts)


def reuters_articles() -> tuple[dict[str, str], dict[str, str], int]:
    archive = common.require_corpus("reuters-21578", "reuters21578.tar.gz")
    texts, titles = {}, {}
    for record in reuters.stories(archive):
        texts[record["id"]] = record["body"] or record["title"]
        titles[record["id"]] = record["title"]
    return texts, titles, 0


def main() -> None:
    common.parser(__doc__.splitlines()[0]).parse_args()
    common.print_header("Near-duplicate clusters (MinHash LSH) on the corpora")
    rows = [measure("BBC News", *bbc_articles()), measure("Reuters-21578", *reuters_articles())]
    print()
    print(common.table(
        ["corpus", "distinct articles", "exact copies (same id)", "clusters of 2+", "articles in them",
         f"joined pairs truly ≥ {TRUE_NEAR_DUPLICATE} Jaccard (precision)",
         f"true pairs ≥ {TRUE_NEAR_DUPLICATE} clustered (recall)", "ms/article"],
        rows,
    ))
    print(f"\nSettings: {dedup.PERMUTATIONS} permutations, {dedup.BANDS} bands × {dedup.ROWS} rows, "
          f"{dedup.SHINGLE_WORDS}-word shingles, join at estimated Jaccard ≥ {dedup.SAME_STORY}.")


if __name__ == "__main__":
    main()
