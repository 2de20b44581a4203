"""An index directory: the backend's files, a JSON sidecar, the ingest lock.

Layout of an index directory::

    <index>/                 the backend's files (documents, models, other names)
    <index>/tracuu.json      roots ingested, last ingest time and summary, learned abbreviations
    <index>/segments.sqlite  segmentation cache (paragraph hash -> words)
    <index>/tracuu.lock      the ingest lock (:mod:`.lock`)

:class:`Store` is what ingest, search and the command line open: it reads
and writes the sidecar and hands out the backend's snapshots and writer
(:mod:`.backend`).
"""
from __future__ import annotations

import errno
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from ingest.errors import IndexBusy, IndexDamaged, IndexNotFound, IndexProblem, IndexWriteError
from ingest.settings import DEFAULT_INDEX, resolve_index_dir

from .backend import Backend, Snapshot, Writer, open_backend
from .tree import Every

META_FILE = "tracuu.json"
SEGMENT_CACHE = "segments.sqlite"


def rebuild_hint(path: Path, roots: list[str] | None = None) -> str:
    where = " ".join(_shell_quote(r) for r in roots) if roots else "PATH..."
    return f"rebuild it with `tracuu ingest {where} --rebuild --index {_shell_quote(str(path))}`"


def _shell_quote(s: str) -> str:
    return s if re.fullmatch(r"[\w@%+=:,./-]+", s) else "'" + s.replace("'", "'\"'\"'") + "'"


class Store:
    """One index directory."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._backend: Backend | None = None

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = open_backend(self.path, roots=lambda: self.read_meta().get("roots"))
        return self._backend

    # -- the backend's files ---------------------------------------------------
    def exists(self) -> bool:
        """An index is there (it may be damaged)."""
        return self.backend.exists()

    def create_if_missing(self) -> None:
        self.backend.create_if_missing()
        if not (self.path / META_FILE).exists():
            self.write_meta({"roots": [], "created": now_iso()})

    def reset(self) -> None:
        """Empty the index (``--rebuild``); crash-safe (see the backend)."""
        self.backend.reset()

    def check(self) -> None:
        """Raise IndexNotFound or IndexDamaged (naming the command that
        fixes it) unless the index opens."""
        self.backend.check()

    @property
    def fallback(self) -> tuple[int, int, str] | None:
        """(damaged generation, generation used instead, reason) when the
        newest generation could not be read."""
        return self.backend.fallback

    def snapshot(self) -> Snapshot:
        """A snapshot of the newest commit."""
        return self.backend.fresh_snapshot()

    def writer(self) -> Writer:
        return self.backend.writer()

    # -- what is indexed -----------------------------------------------------
    def record_count(self) -> int:
        """Live records of every kind (documents, models, other names)."""
        with self.snapshot() as s:
            return int(s.run(Every(), scored=False)[0].sum())

    def doc_count(self) -> int:
        with self.snapshot() as s:
            return len(s.find(record="doc"))

    def indexed_entries(self) -> list[dict]:
        """Every indexed file: documents and second names of a document
        (``record`` "alias"), each {id, record, abs_path, file_hash, document_id}."""
        out = []
        with self.snapshot() as s:
            for record in ("doc", "alias"):
                for docnum in s.find(record=record):
                    fields = s.stored(docnum)
                    out.append({
                        "id": fields.get("id"), "record": record, "abs_path": fields.get("abs_path"),
                        "file_hash": fields.get("file_hash", ""),
                        "document_id": fields.get("document_id") or fields.get("id"),
                    })
        return out

    # -- sidecar -------------------------------------------------------------
    def read_meta(self) -> dict:
        try:
            meta = json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
            return meta if isinstance(meta, dict) else {"roots": []}
        except (OSError, ValueError):
            return {"roots": []}

    def write_meta(self, meta: dict) -> None:
        """Atomic replace, so a crash never leaves half a file."""
        self.path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".meta-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(meta, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path / META_FILE)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    @property
    def segment_cache_path(self) -> Path:
        return self.path / SEGMENT_CACHE


def is_disk_error(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT,
                                                       errno.EROFS, errno.EIO)


def now_iso() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


__all__ = [
    "DEFAULT_INDEX", "IndexBusy", "IndexDamaged", "IndexNotFound", "IndexProblem",
    "IndexWriteError", "Store", "is_disk_error", "now_iso", "rebuild_hint", "resolve_index_dir",
]
