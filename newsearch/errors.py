"""One exception tree; the CLI maps each class to an exit code and a one-line message."""


class NewsearchError(Exception):
    """Base of every error newsearch reports to a user."""

    exit_code = 2


class InputError(NewsearchError):
    """A document or path that cannot be read."""


class IndexMissingError(NewsearchError):
    """No index where one was expected."""


class IndexLockedError(NewsearchError):
    """Another process is writing the index."""


class IndexAccessError(NewsearchError):
    """The index folder cannot be created, read or written (permissions, a file in the way)."""


class ComponentMissingError(NewsearchError):
    """A library newsearch needs for some documents cannot be loaded; the message names the fix."""


class IndexDamagedError(NewsearchError):
    """The index exists but cannot be opened as a newsearch index."""


class QueryError(NewsearchError):
    """A query that cannot be understood; `position` points into the query text."""

    def __init__(self, message: str, query: str = "", position: int | None = None):
        super().__init__(message)
        self.query = query
        self.position = position


class UnknownFieldError(QueryError):
    """A `field:` prefix naming no searchable field."""


class UnsupportedQueryError(QueryError):
    """A construct of the query language that the engine in use cannot run (named in the message)."""


class UsageError(NewsearchError):
    """An option or address that newsearch cannot use as given."""


class NotFoundError(NewsearchError):
    """An article id that the index does not hold (like a query with no hits)."""

    exit_code = 1


class ClusterError(NewsearchError):
    """A search cluster, or a node of it, cannot answer (down, refused, timed out); the message
    names the node."""
