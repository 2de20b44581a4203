"""One reader per file format; :func:`read` picks it by the file suffix.

Every reader returns :class:`~ingest.readers.base.RawDocument` and raises
only :class:`~ingest.readers.base.ReaderError` (with a message naming the
file and what to do) for content it cannot read.

Reader modules are imported on first use, so importing this package does
not load pdfplumber, python-docx, openpyxl or trafilatura.
"""
from __future__ import annotations

import importlib
import os

from .base import RawDocument, ReaderError, wrap_unexpected

__all__ = ["RawDocument", "ReaderError", "UnsupportedFormat", "SUPPORTED_SUFFIXES", "read", "reader_for"]


class UnsupportedFormat(ReaderError):
    """The file's type (suffix) has no reader."""


# suffix -> module in this package with a `read(path) -> RawDocument`.
# Add a format with one line here (e.g. ".doc": "doc", ".rtf": "rtf").
_READERS: dict[str, str] = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "office",
    ".rtf": "office",
    ".xlsx": "xlsx",
    ".xls": "xlsx",
}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def reader_for(path):
    """The `read` function for `path`'s suffix; raises UnsupportedFormat."""
    path = os.fspath(path)
    suffix = _suffix(path)
    module_name = _READERS.get(suffix)
    if module_name is None:
        shown = f"'{suffix}'" if suffix else "(no suffix)"
        raise UnsupportedFormat(
            f"{path}: unsupported file type {shown} "
            f"(tracuu reads {', '.join(SUPPORTED_SUFFIXES)})"
        )
    return importlib.import_module(f"{__name__}.{module_name}").read


def read(path) -> RawDocument:
    """Read one file into a RawDocument. `path` is kept as given (as str)."""
    path = os.fspath(path)
    reader = reader_for(path)
    try:
        return reader(path)
    except ReaderError:
        raise
    except Exception as exc:  # a reader bug must not escape as another type
        raise wrap_unexpected(path, exc) from exc
