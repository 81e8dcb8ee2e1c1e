"""Each node's configuration for a cluster address: a Sphinx 2.2 `searchd` config file, or the
equivalent Manticore DDL. Standard library only (CI writes the configs before any install).

Every node holds two real-time indexes, its share of the articles (`articles_rt`) and of their
quotations (`quotes_rt`), plus a distributed index over both kinds (`articles`, `quotes`): the
local RT index and every other node as an agent (its mirrors as `host:port|host:port`), so a query
sent to any node answers for the whole cluster. Sphinx 2.2 stores no text fields, so everything a
result shows is also a string attribute (`*_text`). File states live on the first node only
(`files_rt`): it is where a re-index reads what it saw last time.
"""

from __future__ import annotations

import os

from .address import Address, Endpoint, parse_address

# Full-text fields (the query language's field names; `idtext`/`pathtext` hold id and path whole,
# searched as `^...$`) and attributes: `data` is the article (or quote) as JSON, what results show.
ARTICLE_FIELDS = ("title", "subtitle", "body", "subhead", "quote", "speaker", "author", "reporter",
                  "translator", "writer", "editor", "source", "language", "idtext", "pathtext")
ARTICLE_STRINGS = ("article_id", "path", "source_name", "language_code", "data")
# published_day: YYYYMMDD (0 undated), year YYYY, month YYYYMM; copy_key: the same for copies of
# one story (title and opening words), what `--collapse` groups by.
ARTICLE_INTS = ("published_day", "year", "month", "word_count", "copy_key")
QUOTE_FIELDS = ("quote", "speaker")
QUOTE_STRINGS = ("article_id", "speaker_name", "data")
QUOTE_INTS = ("position", "published_day")
FILE_FIELDS = ("pathtext",)
FILE_STRINGS = ("file_key", "article_ids")
FILE_INTS = ("mtime_ns", "size")
TABLES = {
    "articles": (ARTICLE_FIELDS, ARTICLE_STRINGS, ARTICLE_INTS),
    "quotes": (QUOTE_FIELDS, QUOTE_STRINGS, QUOTE_INTS),
    "files": (FILE_FIELDS, FILE_STRINGS, FILE_INTS),
}
DISTRIBUTED = ("articles", "quotes")
# Nodes query each other over Sphinx's own protocol, on the SphinxQL port + 6 (9306 -> 9312, the
# two ports Sphinx listens on by default); the address names the SphinxQL ports only.
API_PORT_OFFSET = 6  # `files` lives on the first node only
AGENT_OPTIONS = {"agent_connect_timeout": "300", "agent_query_timeout": "3000"}
# Letters of the scripts news is written in, folded to lower case (Sphinx 2.2 has no `non_cjk`
# alias): Latin with its accents and extensions, Greek, Cyrillic, Armenian, Hebrew, Arabic,
# Devanagari, Bengali, Thai, Myanmar, Khmer, Hangul; Chinese and Japanese as one-character n-grams.
CHARSET = ", ".join((
    "0..9", "A..Z->a..z", "_", "a..z", "U+C0..U+D6->U+E0..U+F6", "U+D8..U+DE->U+F8..U+FE", "U+DF..U+F6",
    "U+F8..U+FF", "U+100..U+17F/2", "U+180..U+24F", "U+386->U+3AC", "U+388..U+38A->U+3AD..U+3AF",
    "U+391..U+3A1->U+3B1..U+3C1", "U+3A3..U+3AB->U+3C3..U+3CB", "U+3AC..U+3CE", "U+400..U+40F->U+450..U+45F",
    "U+410..U+42F->U+430..U+44F", "U+430..U+45F", "U+460..U+4FF/2", "U+531..U+556->U+561..U+586",
    "U+561..U+587", "U+5D0..U+5EA", "U+620..U+64A", "U+660..U+669", "U+671..U+6D3", "U+900..U+963",
    "U+966..U+96F", "U+980..U+9E3", "U+E01..U+E3A", "U+E40..U+E4E", "U+1000..U+109F", "U+1780..U+17DD",
    "U+AC00..U+D7A3", "U+1100..U+11FF",
))
NGRAM_CHARS = "U+3040..U+30FF, U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF"
TOKENIZING = {"dict": "keywords", "morphology": "stem_en", "index_exact_words": "1", "min_prefix_len": "2",
              "index_sp": "1", "charset_table": CHARSET, "ngram_len": "1", "ngram_chars": NGRAM_CHARS}


def _local_index(name: str, folder: str) -> list[str]:
    fields, strings, ints = TABLES[name]
    lines = [f"index {name}_rt", "{", "    type = rt", f"    path = {folder}/{name}_rt"]
    lines += [f"    rt_field = {field}" for field in fields]
    lines += [f"    rt_attr_string = {attr}" for attr in strings]
    lines += [f"    rt_attr_bigint = {attr}" for attr in ints]
    lines += [f"    {option} = {value}" for option, value in TOKENIZING.items()]
    return lines + ["}", ""]


def _distributed_index(name: str, address: Address, node: int) -> list[str]:
    lines = [f"index {name}", "{", "    type = distributed", f"    local = {name}_rt"]
    for other, mirrors in enumerate(address.nodes):
        if other != node:
            agents = "|".join(f"{e.host}:{e.port + API_PORT_OFFSET}" for e in mirrors)
            lines.append(f"    agent = {agents}:{name}_rt")
    lines += [f"    {option} = {value}" for option, value in AGENT_OPTIONS.items()]
    if any(len(mirrors) > 1 for mirrors in address.nodes):
        lines.append("    ha_strategy = roundrobin")
    return lines + ["}", ""]


def sphinx_config(address: Address | str, node: int, folder: str, mirror: int = 0) -> str:
    """The searchd config of node `node` (mirror `mirror` of it), its data under `folder`."""
    address = parse_address(address) if isinstance(address, str) else address
    endpoint: Endpoint = address.nodes[node][mirror]
    lines = []
    for name in DISTRIBUTED:
        lines += _local_index(name, folder) + _distributed_index(name, address, node)
    if node == 0:
        lines += _local_index("files", folder)
    lines += ["searchd", "{", f"    listen = {endpoint.host}:{endpoint.port}:mysql41",
              f"    listen = {endpoint.host}:{endpoint.port + API_PORT_OFFSET}",
              f"    log = {folder}/searchd.log", f"    query_log = {folder}/query.log",
              f"    pid_file = {folder}/searchd.pid", f"    binlog_path = {folder}",
              "    workers = threads", "    read_timeout = 5",
              "    agent_retry_count = 2", "    max_packet_size = 32M",
              "    rt_flush_period = 60", "}", ""]
    return "\n".join(lines)


def manticore_ddl(address: Address | str, node: int) -> str:
    """The Manticore statements that create node `node`'s tables (the same names, columns and
    tokenizing as the Sphinx config)."""
    address = parse_address(address) if isinstance(address, str) else address
    settings = " ".join(f"{option}='{value}'" for option, value in TOKENIZING.items())
    statements = []
    for name, (fields, strings, ints) in TABLES.items():
        if name not in DISTRIBUTED and node != 0:
            continue
        columns = [f"{f} text indexed" for f in fields] + [f"{s} string" for s in strings]
        columns += [f"{i} bigint" for i in ints]
        statements.append(f"CREATE TABLE IF NOT EXISTS {name}_rt ({', '.join(columns)}) {settings};")
    for name in DISTRIBUTED:
        parts = [f"local='{name}_rt'"]
        for other, mirrors in enumerate(address.nodes):
            if other != node:
                agents = "|".join(f"{e.host}:{e.port + API_PORT_OFFSET}" for e in mirrors)
                parts.append(f"agent='{agents}:{name}_rt'")
        parts += [f"{option}='{value}'" for option, value in AGENT_OPTIONS.items()]
        statements.append(f"CREATE TABLE IF NOT EXISTS {name} type='distributed' {' '.join(parts)};")
    return "\n".join(statements) + "\n"


def node_folders(address: Address | str, folder: str) -> list[tuple[int, int, str]]:
    """`(node, mirror, data folder)` of every searchd of the cluster, under `folder`."""
    address = parse_address(address) if isinstance(address, str) else address
    return [(node, mirror, os.path.join(os.path.abspath(folder), f"node-{node}" + (f"-{mirror}" if mirror else "")))
            for node, mirrors in enumerate(address.nodes) for mirror in range(len(mirrors))]


def write_configs(address: Address | str, folder: str) -> list[str]:
    """Each searchd's config, written to FOLDER/node-N[-M]/searchd.conf; the files' paths."""
    written = []
    for node, mirror, home in node_folders(address, folder):
        os.makedirs(home, exist_ok=True)
        path = os.path.join(home, "searchd.conf")
        with open(path, "w", encoding="utf-8") as out:
            out.write(sphinx_config(address, node, home, mirror))
        written.append(path)
    return written
