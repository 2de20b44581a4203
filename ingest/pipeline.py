"""One file from disk to an extracted document and its index records.

read (``ingest.readers``) -> extract (``ingest.extract``) -> index records
(``ingest.index.records``: segment title and body once; the document and
one record per model it describes).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .document import Document
from .extract import extract
from .index.records import index_records
from .readers import ReaderError, read
from .vietnamese.segment import Segmenter


def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def display_path(path: str | Path) -> str:
    """The path relative to the current directory when inside it."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def document_id(path: str | Path) -> str:
    """A stable id: the hash of the absolute path."""
    return hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]


def extract_file(path: str | Path) -> Document:
    """The Document of one file, with its id and display path (no index needed)."""
    raw = read(str(path))
    doc = extract(raw)
    doc.id = document_id(path)
    doc.path = display_path(path)
    return doc


def process_file(path: str, segmenter: Segmenter, *, digest: str | None = None,
                 paths: list[str] | None = None) -> tuple[dict, list[dict], str]:
    """Read, extract and analyze one file: (document JSON, records, file hash).

    The document is returned as ``Document.to_json()``: the dict the index
    stores (its models carry the ``id`` and ``key`` indexing gave them).
    `paths`: every name under which this same content was found, the
    document's own name first (it gives the id, ``path`` and ``abs_path``);
    the document lists them all in ``paths``. Default: just `path`.
    `digest`: the file's SHA-256 when the caller has already computed it.
    """
    digest = digest or file_hash(path)
    names = [str(n) for n in paths] if paths else [str(path)]
    doc = extract_file(path)
    if not doc.body.strip() and not (doc.title or "").strip():
        why = "; ".join(w for w in doc.warnings if w) or "it is empty"
        raise ReaderError(f"{path}: no text could be read from it ({why})")
    primary = names[0]
    doc.id = document_id(primary)
    doc.path = display_path(primary)
    doc.paths = [display_path(n) for n in names]
    doc.file_hash = digest
    doc.abs_path = str(Path(primary).resolve())
    records = index_records(doc, segmenter, digest)
    return doc.to_json(), records, digest
