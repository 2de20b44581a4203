"""An ingest run: many files into the index, idempotent, batched, crash-safe.

The steps, one module each: :mod:`.files` finds the files, :mod:`.plan`
decides what to read and delete, :mod:`.workers` reads, extracts and
segments in worker processes, this module commits the results in batches
and checks each commit, :mod:`.summary` is what the run reports.

* one ingest per index at a time: the run holds the index's ingest lock
  (:class:`~ingest.index.lock.RunLock`) from start to end; a second one
  stops with :class:`IndexBusy` or, with ``wait=True``, waits; a lock left
  by a killed ingest is free (the kernel drops it) and reported;
* unchanged files (same path, same SHA-256) cost one hash and nothing else;
* changed files are replaced in place (the document and its models);
* the same content under several names is one document: ``path`` is its
  first name and ``paths`` lists them all (the other names are small
  "alias" records in the index, so a re-run knows them);
* ``prune`` removes documents whose files are gone;
* reading, extraction and segmentation run in worker processes (``jobs``,
  at least one, so that a hostile file never takes the run down): a file
  that takes longer than ``TRACUU_FILE_TIMEOUT`` seconds (default 120) or
  makes its worker use more than ``TRACUU_MAX_WORKER_MB`` of memory
  (default 2048) is reported as failed and the worker replaced; a file
  larger than ``TRACUU_MAX_FILE_MB`` (default 200) is not read at all;
* this process alone owns the index writer and commits in batches
  (``TRACUU_BATCH_SIZE``, default 1000): an interrupted run — even by
  SIGKILL — leaves every earlier batch committed and nothing of the
  interrupted one; after each commit the number of records is checked;
* a write error (disk full, read-only disk) stops the run with
  :class:`IndexWriteError`; the index keeps its last commit;
* every paragraph's segmentation is cached by content hash in the index
  directory, so a changed file re-segments only its changed paragraphs.
"""
from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .. import settings
from ..errors import IndexDamaged, IndexWriteError
from ..index.lock import RunLock, stale_lock_message
from ..index.store import Store, now_iso
from ..pipeline import display_path, document_id
from ..settings import batch_size, file_timeout, max_worker_mb  # noqa: F401  (where callers found them)
from ..vietnamese.segment import SegmentCache
from .files import find_files
from .plan import plan
from .summary import Summary
from .workers import results, start_workers_early


# -- the run -------------------------------------------------------------------
def ingest(
    paths: list[str],
    index_dir: str | Path,
    *,
    jobs: int = 1,
    prune: bool = False,
    rebuild: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    wait: bool = False,
    log: Callable[[str], None] | None = None,
    verbose: bool = False,
) -> Summary:
    """Ingest `paths` into the index at `index_dir` (see the module docstring).

    `log` receives notices (a stale lock taken over, a damaged generation
    skipped) and, when `verbose`, one line per commit. Raises IndexBusy,
    IndexDamaged or IndexWriteError (all IndexProblem) for index problems."""
    started = time.perf_counter()
    summary = Summary()
    store = Store(index_dir)
    start_workers_early()

    def notice(msg: str) -> None:
        summary.notices.append(msg)
        if log:
            log(msg)

    def trace(msg: str) -> None:
        if verbose and log:
            log(msg)

    lock = RunLock(store.path)
    try:
        lock.acquire(wait=wait, on_wait=lambda holder: log and log(
            f"waiting for the ingest {('(pid %s) ' % holder['pid']) if holder and holder.get('pid') else ''}"
            f"that is writing to {store.path} to finish…"))
    except PermissionError as exc:
        raise IndexWriteError(f"cannot write to {store.path}: {exc.strerror or exc}") from exc
    try:
        if lock.previous is not None:
            notice(stale_lock_message(store.path, lock.previous))
        return _run(paths, store, summary, jobs=jobs, prune=prune, rebuild=rebuild, progress=progress,
                    notice=notice, trace=trace, started=started)
    except OSError as exc:
        raise _write_error(store, exc) from exc
    except sqlite3.Error as exc:
        raise _write_error(store, exc) from exc
    finally:
        lock.release()


def _write_error(store: Store, exc: BaseException) -> IndexWriteError:
    import errno

    code = getattr(exc, "errno", None)
    reason = getattr(exc, "strerror", None) or str(exc)
    if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in str(exc):
        what, todo = "the disk is full", "free some disk space"
    elif code == errno.EFBIG:
        what, todo = "a file became larger than the system allows", "raise the file size limit (ulimit -f)"
    elif code == errno.EROFS:
        what, todo = "the disk is read-only", "make it writable"
    elif code in (errno.EACCES, errno.EPERM):
        what, todo = "no permission to write there", "run as a user who may write to it"
    else:
        what, todo = "a write error", "fix the disk"
    try:
        kept = f" ({store.doc_count()} documents)"
    except Exception:
        kept = ""
    return IndexWriteError(
        f"could not write the index at {store.path}: {what} ({reason}). The index is intact: it keeps "
        f"what was committed before{kept}. {todo[0].upper() + todo[1:]} and run the same ingest "
        "again: it goes on where it stopped"
    )


def _run(paths, store: Store, summary: Summary, *, jobs, prune, rebuild, progress, notice, trace,
         started) -> Summary:
    if rebuild:
        store.reset()
        trace(f"rebuild: the index at {store.path} starts empty")
    store.create_if_missing()
    store.check()
    if store.fallback:
        bad, used, reason = store.fallback
        notice(f"the newest generation ({bad}) of the index at {store.path} is damaged ({reason}); "
               f"continuing from generation {used}: files of the last commit are read again")
    _add_roots(store, paths)

    files = list(find_files(paths, summary))
    entries = store.indexed_entries()
    groups, alone_deletes = plan(files, entries, summary, prune)
    by_read = {g.read: g for g in groups}
    trace(f"{len(files)} files: {len(groups)} to read, {len(summary.unchanged)} unchanged")

    size = settings.batch_size()
    cache = SegmentCache(store.segment_cache_path)
    learned: dict[str, list[str]] = {}
    writer = None
    batch: list[dict] = []          # what the open writer holds: {"doc": id, "records": n, ...}
    new_segments: dict[str, list[str]] = {}
    cache_error: list[str] = []

    def flush_cache() -> None:
        if new_segments and not cache_error:
            try:
                cache.put_many(new_segments)
            except sqlite3.Error as exc:   # only a cache: the index is what matters
                cache_error.append(str(exc))
                notice(f"the segmentation cache could not be updated ({exc})")
        new_segments.clear()

    def open_writer():
        nonlocal writer, count_before
        if writer is None:
            writer = store.writer()
            count_before = store.record_count()
        return writer

    count_before = 0
    removed = 0

    def delete_ids(ids: list[str]) -> None:
        nonlocal removed
        w = open_writer()
        for doc_id in ids:
            removed += w.delete_document(doc_id)

    def commit() -> None:
        nonlocal writer, removed
        if writer is None:
            return
        added = sum(b["records"] for b in batch)
        expected = count_before - removed + added
        trace(f"committing {sum(1 for b in batch if b['doc'])} documents…")
        writer.commit()
        writer = None
        flush_cache()
        actual = store.record_count()
        if actual != expected:
            raise IndexDamaged(
                f"after a commit the index at {store.path} holds {actual} records instead of {expected}; "
                "stop other programs writing to it and rebuild it with `tracuu ingest PATH... --rebuild`")
        with store.snapshot() as snap:
            _verify_batch(snap, batch)
            docs_now = len(snap.find(record="doc"))
            generation = snap.generation
        trace(f"committed {sum(1 for b in batch if b['doc'])} documents: {docs_now} in the index "
              f"(generation {generation})")
        batch.clear()
        removed = 0

    tasks = [(g.read, g.digest, g.names) for g in groups]
    done = results(tasks, jobs, str(store.segment_cache_path))
    try:
        for i, (path, result, error, segs) in enumerate(done, start=1):
            group = by_read[path]
            shown = group.shown.get(path, path)
            if progress:
                progress(i, len(tasks), shown)
            if segs:
                new_segments.update(segs)
            if error is not None:
                summary.failed.append((shown, error))
                for n in group.names:   # the same content under other names
                    if n != path and n in group.scanned:
                        summary.failed.append((group.shown[n], f"same content as {shown}, which failed: {error}"))
                continue
            doc, records = result
            open_writer()
            delete_ids(group.delete_ids)
            aliases = [_alias_record(doc, n, group.digest) for n in group.names[1:]]
            for rec in records + aliases:
                writer.add(rec)
            batch.append({"doc": doc["id"], "records": len(records) + len(aliases),
                          "models": len(records) - 1, "aliases": [a["id"] for a in aliases]})
            (summary.updated if group.existed else summary.new).append(group.shown[group.names[0]])
            for n in group.new_aliases:
                summary.duplicates.append((group.shown[n], group.shown[group.names[0]]))
            for abbr, expansion in (doc.get("abbreviations") or {}).items():
                learned.setdefault(abbr, [])
                if expansion not in learned[abbr]:
                    learned[abbr].append(expansion)
            if len(batch) >= size:
                commit()
        if alone_deletes:
            open_writer()
            delete_ids(alone_deletes)
            batch.append({"doc": None, "records": 0, "models": 0, "aliases": []})
        commit()
    finally:
        done.close()   # stops the workers
        if writer is not None:
            try:
                writer.cancel()
            except Exception:
                pass
        try:
            flush_cache()
        finally:
            cache.close()

    summary.documents = store.doc_count()
    _update_meta(store, paths, learned, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _alias_record(doc: dict, name: str, digest: str) -> dict:
    return {"id": document_id(name), "record": "alias", "document_id": doc["id"],
            "abs_path": str(Path(name).resolve()), "path": display_path(name), "file_hash": digest}


def _verify_batch(s, batch: list[dict]) -> None:
    """Every document of the batch is there once, with its models and names."""
    for b in batch:
        if not b["doc"]:
            continue
        n = len(s.find(id=b["doc"], record="doc"))
        m = len(s.find(document_id=b["doc"], record="model"))
        a = len(s.find(document_id=b["doc"], record="alias"))
        if n != 1 or m != b["models"] or a != len(b["aliases"]):
            raise IndexDamaged(
                f"after a commit document {b['doc']} is in the index {n} times with {m} models and "
                f"{a} other names (expected 1, {b['models']}, {len(b['aliases'])}); rebuild the index "
                "with `tracuu ingest PATH... --rebuild`")


def _roots_of(paths: list[str]) -> set[str]:
    roots = set()
    for p in paths:
        rp = Path(p).resolve()
        if rp.exists():
            roots.add(str(rp if rp.is_dir() else rp.parent))
    return roots


def _add_roots(store: Store, paths: list[str]) -> None:
    """Record the roots before anything is committed (downloads check them)."""
    meta = store.read_meta()
    roots = set(meta.get("roots") or [])
    new = _roots_of(paths) - roots
    if new:
        meta["roots"] = sorted(roots | new)
        store.write_meta(meta)


def _update_meta(store: Store, paths: list[str], learned: dict, summary: Summary) -> None:
    meta = store.read_meta()
    meta["roots"] = sorted(set(meta.get("roots") or []) | _roots_of(paths))
    abbrs = meta.get("abbreviations") or {}
    for abbr, exps in learned.items():
        abbrs.setdefault(abbr, [])
        abbrs[abbr].extend(e for e in exps if e not in abbrs[abbr])
    meta["abbreviations"] = abbrs
    meta["last_ingest"] = now_iso()
    meta["last_summary"] = summary.as_dict()
    store.write_meta(meta)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use the `tracuu ingest` command")
