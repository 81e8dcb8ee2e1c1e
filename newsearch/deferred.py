"""Modules a library imports at start-up but a command never uses, left unloaded until used.

Whoosh and Typer import modules at start-up for features newsearch does not use (Whoosh:
urllib.request for `urlretrieve`, hashlib for MD5 term tables, its English morphology, html for its
HTML highlighter; Typer: subprocess to open a browser or install shell completion). Each costs a
query process milliseconds. While such a library imports, a stand-in takes each module's place in
sys.modules; the stand-ins are removed straight after, so a later real import anywhere loads the
real module.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager


class StandIn(types.ModuleType):
    """A module's stand-in. A name taken from it while the library imports (`from m import f`) is
    a function that imports the real module when called; a name taken later (`m.f` at call time)
    is the real module's, imported then."""

    def __init__(self, name: str):
        super().__init__(name)
        self.importing = True

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        module = self.__name__
        if not self.importing:
            return getattr(_real(module), name)

        def deferred(*args, **kwargs):
            return getattr(_real(module), name)(*args, **kwargs)

        return deferred


def _real(module: str) -> types.ModuleType:
    real = importlib.import_module(module)
    if isinstance(real, StandIn):
        raise RuntimeError(f"{module} was used while the library that imports it was being imported")
    return real


@contextmanager
def deferred_modules(*names: str) -> Iterator[None]:
    """Stand-ins for the modules `names` (those not imported yet) while the block runs."""
    stand_ins = [StandIn(name) for name in names if name not in sys.modules]
    sys.modules.update((stand_in.__name__, stand_in) for stand_in in stand_ins)
    try:
        yield
    finally:
        for stand_in in stand_ins:
            stand_in.importing = False
            if sys.modules.get(stand_in.__name__) is stand_in:
                del sys.modules[stand_in.__name__]
