"""The Whoosh backend: every line of tracuu that touches Whoosh is in this folder.

Whoosh-Reloaded 2.7.5 (pinned; no longer maintained, so treated as frozen
code). What each module does:

* :mod:`.schema`: the Whoosh fields of a record (built-in analyzers only,
  so the pickled schema holds no tracuu classes);
* :mod:`.codec`: W3 with posting blocks stored as packed arrays;
* :mod:`.postings`: whole posting lists and columns as numpy arrays;
* :mod:`.engine`: query trees evaluated over whole posting lists;
* :mod:`.storage`: crash-safe generations, opening with fallback, clean-up;
* :mod:`.writer`: the segment writer (durable commits, bulk postings);
* :mod:`.snapshot`: one searcher and its generation's engine.

:class:`WhooshBackend` implements :class:`ingest.index.backend.Backend`.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from ingest.errors import IndexBusy, IndexDamaged, IndexNotFound
from whoosh import query as Q
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError

from ..store import rebuild_hint
from .engine import Engine
from .schema import build_schema, codec
from .snapshot import WhooshSnapshot
from .storage import INDEX_NAME, SEGMENT_RE, SafeIndex, describe, fsync, toc_generations
from .writer import WRITER_POOL_MB

REFRESH_SECONDS = 1.0      # a thread's snapshot looks for a newer commit at most this often


class WhooshBackend:
    def __init__(self, path: Path, roots=lambda: None):
        self.path = Path(path)
        self.roots = roots
        self._ix: SafeIndex | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._engine: Engine | None = None

    # -- files -----------------------------------------------------------------
    def exists(self) -> bool:
        """A table of contents is there (the index may still be damaged)."""
        return self.path.is_dir() and bool(toc_generations(FileStorage(str(self.path))))

    def _orphan_segments(self) -> bool:
        if not self.path.is_dir():
            return False
        return any(SEGMENT_RE.match(p.name) for p in self.path.iterdir())

    def _missing_toc(self) -> IndexDamaged:
        return IndexDamaged(f"the index at {self.path} is damaged (its table of contents _MAIN_<n>.toc is "
                            "missing); " + rebuild_hint(self.path, self.roots()))

    def create_if_missing(self) -> None:
        if self.exists():
            return
        if self._orphan_segments():
            raise self._missing_toc()
        self.path.mkdir(parents=True, exist_ok=True)
        TOC(build_schema(), [], 0).write(FileStorage(str(self.path)), INDEX_NAME)
        fsync(str(self.path))

    def reset(self) -> None:
        """A new, empty generation above every one on disk, written without
        reading the old ones; their files go at the next commit."""
        self.path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(self.path))
        gens = toc_generations(storage)
        TOC(build_schema(), [], (gens[0] + 1) if gens else 0).write(storage, INDEX_NAME)
        fsync(str(self.path))
        self._ix = None

    def _index(self) -> SafeIndex:
        """The index, opened once (not memory-mapped: Whoosh wraps each mapped
        part of a compound segment in a BytesIO, which copies it into every
        searcher)."""
        if self._ix is None:
            if not self.exists():
                if self._orphan_segments():
                    raise self._missing_toc()
                raise IndexNotFound(
                    f"no index at {self.path}: create it with `tracuu ingest corpus/ --index {self.path}` "
                    "(or run `tracuu serve`, which builds it from corpus/ on first start)")
            self._ix = SafeIndex(FileStorage(str(self.path), supports_mmap=False), build_schema(), self.path,
                                 roots=self.roots)
        return self._ix

    def check(self) -> None:
        ix = self._index()
        try:
            ix.reader().close()  # reads the TOC and opens every segment
        except IndexDamaged:
            raise
        except Exception as exc:
            raise ix.damaged(describe(exc)) from exc

    @property
    def fallback(self):
        return self._ix.fallback if self._ix is not None else None

    def latest_generation(self) -> int:
        return self._index().latest_generation()

    # -- reading -----------------------------------------------------------------
    def _engine_for(self, searcher) -> Engine:
        gen = searcher.reader().generation()
        engine = self._engine
        if engine is None or engine.generation != gen:
            engine = Engine(searcher)
            with self._lock:
                if self._engine is None or self._engine.generation != gen:
                    self._engine = engine
                engine = self._engine if self._engine.generation == gen else engine
        return engine

    def snapshot(self) -> WhooshSnapshot:
        local = self._local
        s = getattr(local, "searcher", None)
        now = time.monotonic()
        if s is None:
            s = local.searcher = self._index().searcher()
            local.checked = now
        elif now - getattr(local, "checked", 0) > REFRESH_SECONDS:
            local.checked = now
            if not s.up_to_date():
                s = local.searcher = s.refresh()
        snap = getattr(local, "snapshot", None)
        if snap is None or snap.searcher is not s:
            snap = local.snapshot = WhooshSnapshot(s, self._engine_for(s))
        return snap

    def fresh_snapshot(self) -> WhooshSnapshot:
        s = self._index().searcher()
        return WhooshSnapshot(s, Engine(s), owned=True)

    # -- writing -----------------------------------------------------------------
    def writer(self) -> WhooshWriter:
        from .writer import SafeWriter

        try:
            return WhooshWriter(SafeWriter(self._index(), timeout=5.0, limitmb=WRITER_POOL_MB, codec=codec()))
        except LockError as exc:
            raise IndexBusy(f"another program is writing to {self.path}; wait for it to finish and run again") \
                from exc

    def bulk_writer(self, procs: int) -> WhooshWriter:
        """A writer for one large build: Whoosh's MpWriter, `procs` sub-writers
        that each write one new segment (bench/fastbuild.py). Its commit is
        Whoosh's own, without the durable commit of :meth:`writer`."""
        from whoosh.multiproc import MpWriter

        try:
            return WhooshWriter(MpWriter(self._index(), procs=procs, multisegment=True, limitmb=256, batchsize=200,
                                         codec=codec()))
        except LockError as exc:
            raise IndexBusy(f"another program is writing to {self.path}; wait for it to finish and run again") \
                from exc


class WhooshWriter:
    """:class:`ingest.index.backend.Writer` over Whoosh's segment writer."""

    def __init__(self, writer):
        self._w = writer
        self._deleted: set[int] = set()

    def add(self, record: dict) -> None:
        self._w.add_document(**record)

    def delete_document(self, doc_id: str) -> int:
        s = self._w.searcher()
        found = set(s.docs_for_query(Q.Or([Q.Term("id", doc_id), Q.Term("document_id", doc_id)])))
        new = found - self._deleted
        self._deleted |= new
        self._w.delete_by_term("id", doc_id)
        self._w.delete_by_term("document_id", doc_id)
        return len(new)

    def commit(self) -> None:
        self._w.commit()

    def cancel(self) -> None:
        self._w.cancel()


__all__ = ["WhooshBackend", "WhooshWriter"]
