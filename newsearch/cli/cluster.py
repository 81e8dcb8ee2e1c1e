"""`newsearch cluster`: each node's configuration for a SphinxQL cluster address."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app, print_output, run_library, usage


@app.command("cluster")
def cluster_command(
    address: Annotated[str, typer.Argument(metavar="ADDRESS", help="sphinx://host:port,host:port (mirrors: host:port|host:port).")],
    folder: Annotated[Optional[Path], typer.Option("--folder", metavar="DIR", help="Write each node's Sphinx config (and its data) under DIR/node-N/.")] = None,
    ddl: Annotated[bool, typer.Option("--ddl", help="Print each node's Manticore CREATE TABLE statements instead.")] = False,
) -> None:
    """Write a Sphinx config per node (--folder DIR), or print Manticore DDL (--ddl)."""
    from .. import engines

    if ddl == (folder is not None):
        usage("give either --folder DIR (Sphinx configs) or --ddl (Manticore statements)")
    if ddl:
        statements = run_library(lambda: engines.cluster_ddl(address))
        text = "".join(f"-- node {n}: {address}\n{s}" for n, s in enumerate(statements))
    else:
        text = "".join(f"{path}\n" for path in run_library(lambda: engines.write_cluster_configs(address, folder)))
    print_output(lambda stream: stream.write(text))
