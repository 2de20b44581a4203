"""The errors tracuu reports to a person, in one hierarchy.

Every class here is a :class:`TracuuError`: a problem a person can act on,
whose message says what went wrong and what to do about it. Code that
shows errors to people (the command line, the web pages, the API) can catch
``TracuuError`` and print its message as it is; anything else is a bug.

::

    TracuuError
    ├── ReaderError            a file cannot be read
    ├── IndexProblem           the index cannot be used
    │   ├── IndexNotFound
    │   ├── IndexDamaged
    │   ├── IndexBusy
    │   └── IndexWriteError
    ├── QueryError (ValueError)
    │   └── QuerySyntaxError
    └── SettingError (ValueError)   a TRACUU_* environment value is invalid

``ReaderError`` is also importable from :mod:`ingest.readers` and
:mod:`ingest.readers.base`, where it used to live.
"""
from __future__ import annotations

__all__ = [
    "TracuuError",
    "ReaderError",
    "IndexProblem",
    "IndexNotFound",
    "IndexDamaged",
    "IndexBusy",
    "IndexWriteError",
    "QueryError",
    "QuerySyntaxError",
    "SettingError",
]


class TracuuError(Exception):
    """A problem a person can act on; the message says what to do."""


# -- files ----------------------------------------------------------------------
class ReaderError(TracuuError):
    """A file that cannot be read; the message names the file, says why and
    what to do (convert it, save it in another format, raise a limit...)."""


# -- the index --------------------------------------------------------------------
class IndexProblem(TracuuError):
    """Base class of index problems: the index cannot be opened, read or
    written; the message names the index folder and what to do."""


class IndexNotFound(IndexProblem):
    """There is no index at the given place (build it with ``tracuu ingest``)."""


class IndexDamaged(IndexProblem):
    """The index exists but cannot be read (rebuild it with ``--rebuild``)."""


class IndexBusy(IndexProblem):
    """Another run holds the index (wait for it to finish, or remove a stale
    lock as the message says)."""


class IndexWriteError(IndexProblem):
    """Writing the index failed (disk full, read-only disk...); the index
    keeps what was committed before."""


# -- queries ------------------------------------------------------------------------
class QueryError(TracuuError, ValueError):
    """A query that cannot be run; the message tells the user what to change."""


class QuerySyntaxError(QueryError):
    """A query whose syntax cannot be read (e.g. parentheses nested too deep);
    search may retry it as plain words."""


# -- settings -------------------------------------------------------------------------
class SettingError(TracuuError, ValueError):
    """An environment setting (``TRACUU_*``) has a value that is not valid;
    the message names the variable, the value and what it accepts."""
