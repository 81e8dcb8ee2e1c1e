"""Talking to the cluster's searchd nodes over SphinxQL (the MySQL wire protocol, via pymysql).

Reads go to one node's distributed index, which asks every other node (its agents) and merges
the answers; when a node cannot be reached, the next is asked. Writes go to the node (and each
mirror of it) that holds the article's shard. What the nodes report about missing agents is
passed to `on_warning` (one line naming the node), or raised with `strict`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ...errors import ClusterError, QueryError
from .address import Address, Endpoint

CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 60.0
# "agent 127.0.0.1:9412: connect() failed: ..." in SHOW META's warning: the agent's API port.
_AGENT = re.compile(r"agent ([^\s:]+):(\d+)[^;]*")


class Cluster:
    """Connections to every node of an address, opened when first used."""

    def __init__(self, address: Address, on_warning: Callable[[str], None] | None = None, strict: bool = False):
        self.address, self.on_warning, self.strict = address, on_warning, strict
        self._connections: dict[Endpoint, object] = {}

    # ------------------------------------------------------------ connections

    def _connect(self, endpoint: Endpoint):
        connection = self._connections.get(endpoint)
        if connection is not None:
            return connection
        import pymysql

        try:
            connection = pymysql.connect(host=endpoint.host, port=endpoint.port, user="", autocommit=True,
                                         connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT,
                                         write_timeout=READ_TIMEOUT, charset="utf8mb4",
                                         # GROUP BY and ORDER BY on strings compare bytes (the
                                         # default, libc_ci, folds case: "Reuters" and "REUTERS"
                                         # were one source), as an index folder does
                                         init_command="SET collation_connection = binary")
        except pymysql.err.MySQLError as error:
            raise ClusterError(f"node {endpoint} of {self.address} cannot be reached: {_reason(error)}") from None
        self._connections[endpoint] = connection
        return connection

    def close(self) -> None:
        for connection in self._connections.values():
            try:
                connection.close()
            except Exception:  # a node already gone: nothing to close
                pass
        self._connections.clear()

    # ------------------------------------------------------------ statements

    def execute(self, endpoint: Endpoint, sql: str, args: Sequence | None = None) -> list[tuple]:
        """Rows of one statement on one node; ClusterError when the node fails, QueryError when it
        refuses the statement."""
        import pymysql

        connection = self._connect(endpoint)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, args)
                return list(cursor.fetchall())
        except pymysql.err.ProgrammingError as error:
            raise QueryError(f"the cluster refused the query: {_reason(error)}") from None
        except pymysql.err.MySQLError as error:
            self._connections.pop(endpoint, None)
            if _refused(error):
                raise QueryError(f"the cluster refused the query: {_reason(error)}") from None
            raise ClusterError(f"node {endpoint} of {self.address} failed: {_reason(error)}") from None

    def read(self, sql: str, args: Sequence | None = None, *, meta: bool = False):
        """Rows of a SELECT on the whole cluster (and SHOW META as a dict with `meta`): the first
        node that answers is asked; its distributed index asks the others."""
        failures = []
        for mirrors in self.address.nodes:
            for endpoint in mirrors:
                try:
                    rows = self.execute(endpoint, sql, args)
                    info = dict(self.execute(endpoint, "SHOW META"))  # its warning names missing agents
                except ClusterError:
                    failures.append(str(endpoint))
                    continue
                self._report_missing(info.get("warning", ""), failures)
                return (rows, info) if meta else rows
        raise ClusterError(f"no node of the cluster {self.address} answers ({', '.join(failures)})")

    def any_node(self, sql: str, args: Sequence | None = None) -> list[tuple]:
        """Rows of a statement any node can answer alone (CALL SNIPPETS, CALL KEYWORDS)."""
        for mirrors in self.address.nodes:
            for endpoint in mirrors:
                try:
                    return self.execute(endpoint, sql, args)
                except ClusterError:
                    continue
        raise ClusterError(f"no node of the cluster {self.address} answers")

    def write(self, shard: int, sql: str, args: Sequence | None = None) -> None:
        """One statement on every copy (the node and its mirrors) of shard `shard`."""
        for endpoint in self.address.nodes[shard]:
            self.execute(endpoint, sql, args)

    def write_many(self, shard: int, sql: str, rows: list[Sequence]) -> None:
        """`executemany` of one statement on every copy of shard `shard`."""
        import pymysql

        for endpoint in self.address.nodes[shard]:
            connection = self._connect(endpoint)
            try:
                with connection.cursor() as cursor:
                    cursor.executemany(sql, rows)
            except pymysql.err.MySQLError as error:
                self._connections.pop(endpoint, None)
                raise ClusterError(f"node {endpoint} of {self.address} refused a write: {_reason(error)}") from None

    def _report_missing(self, warning: str, unreachable: list[str]) -> None:
        """Tell (or, strict, raise) which nodes' results are missing from an answer."""
        missing = list(unreachable)
        for host, port in _AGENT.findall(warning or ""):
            missing.append(self._node_of(host, int(port)))
        if not missing:
            return
        message = f"results lack node {', '.join(dict.fromkeys(missing))} of {self.address}: it does not answer"
        if self.strict:
            raise ClusterError(message)
        if self.on_warning is not None:
            self.on_warning(message)

    def _node_of(self, host: str, port: int) -> str:
        from .provision import API_PORT_OFFSET

        for mirrors in self.address.nodes:
            for endpoint in mirrors:
                if endpoint.host == host and endpoint.port + API_PORT_OFFSET == port:
                    return str(endpoint)
        return f"{host}:{port}"


def _reason(error) -> str:
    args = getattr(error, "args", ())
    text = args[1] if len(args) > 1 else str(error)
    return " ".join(str(text).split()) or type(error).__name__


def _refused(error) -> bool:
    """A statement the node understood and refused (a syntax error in MATCH), not a broken link."""
    args = getattr(error, "args", ())
    return len(args) > 1 and isinstance(args[0], int) and args[0] == 1064

