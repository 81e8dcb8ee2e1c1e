"""Search engines behind newsearch's one interface (`newsearch.engine.Engine`), a package each,
and `open_engine`, which picks one from an `--index` value."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from ..engine import Engine

CLUSTER_SCHEMES = ("sphinx", "manticore")


def open_engine(location: str | os.PathLike) -> Engine:
    """The engine an `--index` value names: a cluster address (`sphinx://host:port,...`) or an
    index folder (the embedded Whoosh engine)."""
    text = os.fspath(location)
    scheme, separator, _ = text.partition("://")
    if separator and scheme.isalpha():
        if scheme.lower() not in CLUSTER_SCHEMES:
            raise UsageError(f"unknown engine address '{scheme}://'; an index is a folder or "
                             f"{' or '.join(s + '://host:port,...' for s in CLUSTER_SCHEMES)}")
        from .sphinx import SphinxEngine

        return SphinxEngine(text)
    from .whoosh.engine import WhooshEngine

    return WhooshEngine(Path(text))
