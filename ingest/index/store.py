"""The index directory: the Whoosh index plus a small JSON sidecar.

Layout of an index directory::

    <index>/            Whoosh files (one index: documents and models)
    <index>/tracuu.json roots ingested, last ingest time, learned abbreviations
    <index>/segments.sqlite  segmentation cache (paragraph hash -> words)

Only one process writes (Whoosh's own file lock); readers open the index
read-only and never unpickle the stored schema (``schema=build_schema()``).
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from .schema import build_schema

DEFAULT_INDEX = Path("instance") / "index"
META_FILE = "tracuu.json"
SEGMENT_CACHE = "segments.sqlite"


class IndexError_(Exception):
    """Base class: an index problem a person can act on."""


class IndexNotFound(IndexError_):
    pass


class IndexDamaged(IndexError_):
    pass


class IndexBusy(IndexError_):
    pass


def resolve_index_dir(option: str | None) -> Path:
    """`--index`, else $TRACUU_INDEX, else instance/index in the current dir."""
    if option:
        return Path(option)
    env = os.environ.get("TRACUU_INDEX")
    return Path(env) if env else DEFAULT_INDEX


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    # -- existence -----------------------------------------------------------
    def exists(self) -> bool:
        return self.path.is_dir() and whoosh_index.exists_in(str(self.path))

    def create_if_missing(self) -> None:
        if self.exists():
            return
        self.path.mkdir(parents=True, exist_ok=True)
        whoosh_index.create_in(str(self.path), build_schema())
        self.write_meta({"roots": [], "created": _now()})

    def open(self):
        """The Whoosh index, read-only use; clear errors when absent/damaged."""
        if not self.exists():
            raise IndexNotFound(
                f"no index at {self.path}: create it with `tracuu ingest corpus/ --index {self.path}` "
                "(or run `tracuu serve`, which builds it from corpus/ on first start)"
            )
        try:
            ix = FileStorage(str(self.path)).open_index(schema=build_schema())
            ix.doc_count()  # touches the segment files
            return ix
        except (OSError, EOFError, ValueError, KeyError, whoosh_index.IndexError) as exc:
            raise IndexDamaged(
                f"the index at {self.path} is damaged ({exc.__class__.__name__}: {exc}); "
                f"rebuild it with `tracuu ingest PATH... --rebuild --index {self.path}`"
            ) from exc

    def writer(self, ix, timeout: float = 5.0):
        try:
            return ix.writer(timeout=timeout, limitmb=256)
        except LockError as exc:
            raise IndexBusy(
                f"another ingest is writing to {self.path}; wait for it to finish and run again"
            ) from exc

    # -- sidecar -------------------------------------------------------------
    def read_meta(self) -> dict:
        try:
            return json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"roots": []}

    def write_meta(self, meta: dict) -> None:
        """Atomic replace, so a crash never leaves half a file."""
        self.path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".meta-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(meta, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / META_FILE)

    @property
    def segment_cache_path(self) -> Path:
        return self.path / SEGMENT_CACHE

    # -- what is indexed -----------------------------------------------------
    def indexed_files(self, ix) -> dict[str, tuple[str, str]]:
        """absolute path -> (document id, file hash) of every indexed document."""
        out = {}
        with ix.searcher() as s:
            for fields in s.documents(record="doc"):
                out[fields["abs_path"]] = (fields["id"], fields.get("file_hash", ""))
        return out


def delete_document(writer, doc_id: str) -> None:
    """Remove a document and its models."""
    writer.delete_by_term("id", doc_id)
    writer.delete_by_term("document_id", doc_id)


def now_iso() -> str:
    return _now()


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


__all__ = [
    "DEFAULT_INDEX", "IndexBusy", "IndexDamaged", "IndexError_", "IndexNotFound",
    "Store", "delete_document", "now_iso", "resolve_index_dir",
]
