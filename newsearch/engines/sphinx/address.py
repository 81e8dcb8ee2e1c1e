"""Cluster addresses: `sphinx://host:port,host:port`, each node optionally mirrored as
`host:port|host:port` (the same shard held twice; a query tries the mirrors in turn)."""

from __future__ import annotations

from ...errors import UsageError

SCHEMES = ("sphinx", "manticore")
FORM = "sphinx://host:port,host:port (mirrors of one node as host:port|host:port)"


class Endpoint(tuple):
    """One searchd's SphinxQL listener, `(host, port)`."""

    __slots__ = ()

    def __new__(cls, host: str, port: int):
        return super().__new__(cls, (host, port))

    host = property(lambda self: self[0])
    port = property(lambda self: self[1])

    def __str__(self):
        return f"{self.host}:{self.port}"


class Address:
    """A parsed cluster address: the scheme and, per node, its endpoints (the first, then mirrors)."""

    def __init__(self, scheme: str, nodes: tuple[tuple[Endpoint, ...], ...], text: str):
        self.scheme = scheme
        self.nodes = nodes
        self.text = text

    @property
    def endpoints(self) -> tuple[Endpoint, ...]:
        """Every node's first endpoint (the node the data of that shard is written to)."""
        return tuple(mirrors[0] for mirrors in self.nodes)

    def __str__(self):
        return self.text


def parse_address(text: str) -> Address:
    """The cluster `text` names; UsageError saying what is wrong and the form expected."""
    scheme, separator, rest = text.partition("://")
    if not separator or scheme.lower() not in SCHEMES:
        raise UsageError(f"'{text}' is not a cluster address; expected {FORM}")
    if not rest.strip():
        raise UsageError(f"'{text}' names no node; expected {FORM}")
    nodes = []
    for node_text in rest.rstrip("/").split(","):
        mirrors = tuple(_endpoint(part.strip(), text) for part in node_text.split("|"))
        nodes.append(mirrors)
    seen = [endpoint for mirrors in nodes for endpoint in mirrors]
    repeated = sorted({str(e) for e in seen if seen.count(e) > 1})
    if repeated:
        raise UsageError(f"'{text}' names {', '.join(repeated)} more than once")
    return Address(scheme.lower(), tuple(nodes), text)


def _endpoint(part: str, text: str) -> Endpoint:
    host, colon, port_text = part.rpartition(":")
    if not part:
        raise UsageError(f"'{text}' has an empty node (two commas or a stray '|'); expected {FORM}")
    if not colon or not host:
        raise UsageError(f"node '{part}' in '{text}' needs host:port")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise UsageError(f"node '{part}' in '{text}': port '{port_text}' is not a number from 1 to 65535")
    return Endpoint(host.strip("[]"), int(port_text))
