"""Whoosh's index files, made crash-safe: generations, opening, clean-up.

Only one process writes: an ingest holds ``tracuu.lock`` (``ingest/index/lock.py``)
for its whole run, and Whoosh's own ``MAIN_WRITELOCK`` while a writer is
open. Readers open the index read-only and never unpickle the stored
schema (``schema=build_schema()``).

Whoosh is not crash-safe by itself (no fsync, old files deleted at once).
Here each commit (see :class:`.writer.SafeWriter`):

1. writes the new segment files, fsyncs them;
2. writes the table of contents of the new generation (``_MAIN_<gen>.toc``,
   Whoosh writes it to a temporary name and renames it), fsyncs it and the
   directory;
3. deletes only what neither the new nor the previous generation uses, so
   the previous generation stays complete on disk (:func:`clean_files`).

Opening (:class:`SafeIndex`) takes the newest generation whose table of
contents reads and whose segment files are there; if the newest is damaged
it falls back to the previous one (``ix.fallback`` says so) and the next
commit writes a generation above the damaged one. When no generation can be
opened the error is :class:`IndexDamaged`, which names the rebuild command.

Whoosh-Reloaded 2.7.5's ``reader(reuse=...)`` (what ``Searcher.refresh()``
calls) keeps segments that a merge removed — a refreshed searcher then
counts documents twice — and crashes when refreshing an empty index;
:meth:`SafeIndex.reader` reuses an open segment reader only for the very same
segment with the same deletions.
"""
from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path

from ingest.errors import IndexDamaged
from whoosh.index import TOC, EmptyIndexError, FileIndex

from ..store import rebuild_hint

INDEX_NAME = "MAIN"
KEEP_GENERATIONS = 2          # the newest and the one before it stay on disk

TOC_RE = re.compile(r"^_%s_([0-9]+)\.toc$" % INDEX_NAME)
_TOC_TEMP_RE = re.compile(r"^_%s_([0-9]+)\.toc\..+$" % INDEX_NAME)
SEGMENT_RE = re.compile(r"^(%s_[0-9a-z]+)[.][A-Za-z0-9_.]+$" % INDEX_NAME)



def toc_generations(storage) -> list[int]:
    """Generations that have a table of contents, newest first."""
    gens = []
    for name in storage.list():
        m = TOC_RE.match(name)
        if m:
            gens.append(int(m.group(1)))
    return sorted(gens, reverse=True)


def segment_files(names, segment) -> list[str]:
    prefix = segment.segment_id() + "."
    return [n for n in names if n.startswith(prefix)]


def read_checked_toc(storage, gen: int, schema):
    """The TOC of `gen`, if it reads and every segment it names has files."""
    toc = TOC.read(storage, INDEX_NAME, gen=gen, schema=schema)
    names = set(storage.list())
    for seg in toc.segments:
        files = segment_files(names, seg)
        if not files:
            raise FileNotFoundError(errno.ENOENT, f"segment {seg.segment_id()} has no files")
        for f in files:
            if storage.file_length(f) == 0:
                raise EOFError(f"segment file {f} is empty")
    return toc


def describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


class SafeIndex(FileIndex):
    """A Whoosh FileIndex that opens the newest readable generation."""

    def __init__(self, storage, schema, path: Path, roots=lambda: None):
        # FileIndex.__init__ would read the newest TOC and fail on a damaged one
        self.storage = storage
        self._schema = schema
        self.indexname = INDEX_NAME
        self.path = path
        self.roots = roots        # () -> the folders ingested here (for the rebuild command)
        self.fallback: tuple[int, int, str] | None = None  # (damaged gen, used gen, reason)

    def damaged(self, reason: str) -> IndexDamaged:
        return IndexDamaged(f"the index at {self.path} is damaged ({reason}); "
                            + rebuild_hint(self.path, self.roots()))

    def _read_toc(self):
        gens = toc_generations(self.storage)
        if not gens:
            raise EmptyIndexError(f"no index in {self.path}")
        problems = []
        for gen in gens[:KEEP_GENERATIONS]:
            try:
                toc = read_checked_toc(self.storage, gen, self._schema)
            except Exception as exc:  # damaged TOC, missing segment: try the previous one
                problems.append(f"generation {gen}: {describe(exc)}")
                continue
            if gen != gens[0]:
                self.fallback = (gens[0], gen, problems[0])
            else:
                self.fallback = None
            return toc
        raise self.damaged("; ".join(problems))

    def latest_generation(self):
        try:
            return self._read_toc().generation
        except IndexDamaged:
            return -1

    def writer(self, procs=1, **kwargs):
        from .writer import SafeWriter

        return SafeWriter(self, **kwargs)

    def reader(self, reuse=None):
        attempts = 0
        while True:
            gens = toc_generations(self.storage)
            try:
                toc = self._read_toc()
            except IndexDamaged:
                if attempts < 10 and toc_generations(self.storage) != gens:
                    attempts += 1
                    continue
                raise
            try:
                return open_reader(self.storage, toc, reuse)
            except Exception as exc:
                # a writer may have removed files between our reads: try again
                if attempts < 10 and toc_generations(self.storage) != gens:
                    attempts += 1
                    time.sleep(0.05)
                    continue
                if attempts < 3 and isinstance(exc, FileNotFoundError):
                    attempts += 1
                    time.sleep(0.05)
                    continue
                # the segments of this generation cannot be read: the previous one?
                older = [g for g in gens if g < toc.generation][: KEEP_GENERATIONS - 1]
                for gen in older:
                    try:
                        prev = read_checked_toc(self.storage, gen, self._schema)
                        r = open_reader(self.storage, prev, None)
                    except Exception:
                        continue
                    self.fallback = (toc.generation, gen, describe(exc))
                    return r
                raise self.damaged(describe(exc)) from exc


def open_reader(storage, toc, reuse):
    """A reader of `toc`'s segments, reusing the open segment readers of
    `reuse` only for the same segment with the same deletions."""
    from whoosh.reading import EmptyReader, MultiReader, SegmentReader

    reusable = {}
    if reuse is not None:
        try:
            leaves = list(reuse.leaf_readers())
        except Exception:
            leaves = []
        for r, _ in leaves:
            seg = r.segment() if hasattr(r, "segment") else None
            if seg is not None:
                reusable[_segment_key(seg)] = r
    if not toc.segments:
        return EmptyReader(toc.schema)
    readers, opened, used = [], [], set()
    try:
        for seg in toc.segments:
            key = _segment_key(seg)
            if key in reusable and key not in used:
                used.add(key)
                readers.append(reusable[key])
            else:
                r = SegmentReader(storage, toc.schema, seg, generation=toc.generation)
                opened.append(r)
                readers.append(r)
    except BaseException:
        _close_all(opened)   # the old reader keeps its own segment readers
        raise
    # Segment readers of `reuse` that are not reused are left open: a caller
    # may still be searching with the old searcher (they close when collected).
    if len(readers) == 1:
        readers[0]._gen = toc.generation   # a reused reader must report the new generation
        return readers[0]
    return MultiReader(readers, generation=toc.generation)


def _segment_key(seg):
    return (seg.segment_id(), frozenset(seg.deleted_docs()), seg.doc_count_all())


def _close_all(readers) -> None:
    for r in readers:
        try:
            r.close()
        except Exception:
            pass


# Whoosh's estimate of the postings it keeps in memory before it sorts them
# into a temporary file (then read back and merged at the commit): 512 holds
# a batch of 1000 news articles (~1.5 million postings, ~290 MB by that
# estimate, ~350 MB resident); with 256 such a batch went to disk twice,

def clean_files(storage, current_gen: int, schema) -> None:
    """Delete what neither generation `current_gen` nor the newest readable
    generation before it uses (leftovers of killed writers included)."""
    keep_tocs = {current_gen}
    keep_segments = set()
    toc = TOC.read(storage, INDEX_NAME, gen=current_gen, schema=schema)
    keep_segments |= {s.segment_id() for s in toc.segments}
    for gen in toc_generations(storage):
        if gen >= current_gen:
            continue
        try:
            prev = read_checked_toc(storage, gen, schema)
        except Exception:
            continue
        keep_tocs.add(gen)
        keep_segments |= {s.segment_id() for s in prev.segments}
        break
    for name in storage.list():
        m = TOC_RE.match(name)
        if m:
            drop = int(m.group(1)) not in keep_tocs
        elif _TOC_TEMP_RE.match(name):
            drop = True        # a TOC a killed writer never renamed
        else:
            s = SEGMENT_RE.match(name)
            drop = bool(s) and s.group(1) not in keep_segments
        if drop:
            try:
                storage.delete_file(name)
            except OSError:
                pass


def fsync(path: str) -> None:
    """Flush a file or a directory entry to disk (best effort)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
