"""Search engines behind newsearch's one interface (`newsearch.engine.Engine`), a package each,
and `open_engine`, which picks one from an `--index` value."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from ..engine import Engine

CLUSTER_SCHEMES = ("sphinx", "manticore")


def open_engine(location: str | os.PathLike, on_warning: Callable[[str], None] | None = None,
                strict: bool = False) -> Engine:
    """The engine an `--index` value names: a cluster address (`sphinx://host:port,...`) or an
    index folder (the embedded Whoosh engine). A cluster tells `on_warning` of nodes missing from
    an answer, or, `strict`, raises ClusterError."""
    text = os.fspath(location)
    scheme, separator, _ = text.partition("://")
    if separator and scheme.isalpha():
        if scheme.lower() not in CLUSTER_SCHEMES:
            raise UsageError(f"unknown engine address '{scheme}://'; an index is a folder or "
                             f"{' or '.join(s + '://host:port,...' for s in CLUSTER_SCHEMES)}")
        from .sphinx import SphinxEngine

        return SphinxEngine(text, on_warning, strict)
    from .whoosh.engine import WhooshEngine

    return WhooshEngine(Path(text))


def write_cluster_configs(address: str, folder: str | os.PathLike) -> list[str]:
    """Write a Sphinx `searchd` config for each node (and mirror) of a cluster address under
    `folder` (node-N/searchd.conf, data beside it); the configs' paths."""
    from .sphinx.provision import write_configs

    return write_configs(address, os.fspath(folder))


def cluster_ddl(address: str) -> list[str]:
    """For each node of a cluster address, the Manticore statements that create its tables."""
    from .sphinx.address import parse_address
    from .sphinx.provision import manticore_ddl

    parsed = parse_address(address)
    return [manticore_ddl(parsed, node) for node in range(len(parsed.nodes))]
