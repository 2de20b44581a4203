"""What every reader shares: :class:`RawDocument` (defined in
:mod:`ingest.document`, re-exported here), ReaderError and its helpers."""
from __future__ import annotations

import functools
import os

from ingest.document import RawDocument  # noqa: F401  (defined with the document contract)


class ReaderError(Exception):
    """A file that cannot be read; the message says why and what to do."""


def wrap_unexpected(path: str, exc: BaseException) -> ReaderError:
    """Turn an unexpected library exception into a ReaderError naming the file."""
    reason = str(exc).strip() or type(exc).__name__
    return ReaderError(f"{path}: could not be read: {reason}")


def guarded(read_fn):
    """A reader's `read(path)`: only ReaderError ever leaves it."""

    @functools.wraps(read_fn)
    def read(path) -> "RawDocument":
        path = os.fspath(path)
        try:
            return read_fn(path)
        except ReaderError:
            raise
        except Exception as exc:
            raise wrap_unexpected(path, exc) from exc

    return read


def env_limit(name: str, default: float) -> float:
    """A positive number from the environment variable `name`, else `default`."""
    value = os.environ.get(name)
    if value:
        try:
            n = float(value)
            if n > 0:
                return n
        except ValueError:
            pass
    return default
