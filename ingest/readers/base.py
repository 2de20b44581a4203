"""What every reader returns: one intermediate structure for all formats."""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field

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


@dataclass
class RawDocument:
    """A file's content before extraction.

    `blocks` are the text blocks in reading order (paragraphs, headings,
    list items, lines of a PDF page), as the reader found them; readers
    keep the raw text, the pipeline normalizes it. `related` holds teaser
    titles a reader recognised in markup as "other stories" (HTML); for
    plain text, extraction finds that block itself.
    """

    path: str
    format: str                      # html, txt, pdf, docx, ...
    blocks: list[str] = field(default_factory=list)
    title: str | None = None
    meta: dict = field(default_factory=dict)     # date, author, description, site, fonts...
    tables: list[list[list[str]]] = field(default_factory=list)  # table -> rows -> cells
    related: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None         # PDFs: page count
    ocr_pages: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b for b in self.blocks if b and b.strip())
