"""What every reader shares: :class:`RawDocument` (defined in
:mod:`ingest.document`, re-exported here), ReaderError and its helpers."""
from __future__ import annotations

import functools
import os

from ingest.document import RawDocument  # noqa: F401  (defined with the document contract)

from ..errors import ReaderError  # defined in ingest.errors; importable from here too


def wrap_unexpected(path: str, exc: BaseException) -> ReaderError:
    """Turn an unexpected library exception into a ReaderError naming the file."""
    reason = str(exc).strip() or type(exc).__name__
    return ReaderError(f"{path}: could not be read: {reason}")


def guarded(read_fn):
    """A reader's `read(path)`: only ReaderError ever leaves it."""

    @functools.wraps(read_fn)
    def read(path) -> RawDocument:
        path = os.fspath(path)
        try:
            return read_fn(path)
        except ReaderError:
            raise
        except Exception as exc:
            raise wrap_unexpected(path, exc) from exc

    return read


