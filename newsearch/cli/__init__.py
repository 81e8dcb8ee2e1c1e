"""The `newsearch` command line: the app (app.py) and its commands, one module per topic.

Importing a command module registers its commands on `app`; the order here is the order
`newsearch --help` lists them in.
"""

from .app import app, main, run_library
from . import indexing, search, articles, research, cluster  # noqa: F401  (registers the commands)

__all__ = ["app", "main", "run_library"]
