"""The SphinxQL cluster engine (Sphinx 2.2 `searchd` nodes, or Manticore): `address` parses
`sphinx://host:port,...`, `provision` writes each node's config, `nodes` talks to the nodes,
`engine.SphinxEngine` implements newsearch's interface. pymysql is imported only by `nodes`,
so `provision` runs with the standard library alone."""


def __getattr__(name):
    if name == "SphinxEngine":
        from .engine import SphinxEngine

        return SphinxEngine
    raise AttributeError(name)
