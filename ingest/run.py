"""An ingest run: many files into the index, idempotent, batched, crash-safe.

* one ingest per index at a time: the run holds the index's ingest lock
  (:class:`~ingest.index.store.RunLock`) from start to end; a second one
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

import fnmatch
import os
import signal
import sqlite3
import stat
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing import connection as mp_connection
from pathlib import Path
from typing import Callable, Iterator

from .index.store import (
    IndexDamaged,
    IndexWriteError,
    RunLock,
    Store,
    delete_document,
    now_iso,
    stale_lock_message,
)
from .pipeline import display_path, document_id, file_hash, process_file
from .readers import SUPPORTED_SUFFIXES, ReaderError
from .readers.base import env_limit
from .readers.txt import max_file_bytes, too_large_message
from .vietnamese.segment import SegmentCache, Segmenter, warm_up

BATCH_SIZE = 1000  # documents per commit: measured 1.8x faster on 2 cores than 100 (bench/README.md)
FILE_TIMEOUT = 120.0          # seconds per file, env TRACUU_FILE_TIMEOUT
MAX_WORKER_MB = 2048          # resident memory of one worker, env TRACUU_MAX_WORKER_MB




def batch_size() -> int:
    return int(env_limit("TRACUU_BATCH_SIZE", BATCH_SIZE))


def file_timeout() -> float:
    return env_limit("TRACUU_FILE_TIMEOUT", FILE_TIMEOUT)


def max_worker_mb() -> float:
    return env_limit("TRACUU_MAX_WORKER_MB", MAX_WORKER_MB)


@dataclass
class Summary:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    pruned: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, the document's path)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0

    def as_dict(self) -> dict:
        return {
            "new": len(self.new), "updated": len(self.updated),
            "unchanged": len(self.unchanged), "failed": [{"file": f, "reason": r} for f, r in self.failed],
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "duplicates": [{"file": f, "same_as": d} for f, d in self.duplicates],
            "pruned": len(self.pruned), "documents": self.documents,
            "notices": list(self.notices),
            "seconds": round(self.seconds, 2),
        }


# -- finding files ---------------------------------------------------------------
def find_files(paths: list[str], summary: Summary) -> Iterator[Path]:
    """Files under `paths` (recursively, sorted), skipping hidden ones.

    Symbolic links to files are followed (a file reached twice is read
    once); links to folders are not. A link that points nowhere or loops, a
    folder that cannot be listed and a special file (pipe, device) are
    reported in the summary.
    """
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if not p.exists():
            if p.is_symlink():
                summary.failed.append((_shown(given), _dangling_reason(p)))
            else:
                summary.failed.append((_shown(given), "no such file or folder"))
            continue
        if p.is_file():
            candidates = [p]
        elif p.is_dir():
            candidates = _walk(p, summary)
        else:
            summary.failed.append((_shown(given), "not a regular file (a pipe, socket or device)"))
            continue
        for q in candidates:
            if not _utf8(str(q)):
                summary.failed.append((_shown(q), "the file name is not valid UTF-8 (an old Windows or "
                                       "zip encoding?); rename the file and ingest it again"))
                continue
            try:
                real = str(q.resolve(strict=True))
            except (OSError, RuntimeError):
                summary.failed.append((_shown(q), _dangling_reason(q)))
                continue
            if real in seen:
                continue
            seen.add(real)
            if q.suffix.lower() not in SUPPORTED_SUFFIXES:
                summary.skipped.append((_shown(q), f"unsupported file type '{q.suffix or '(none)'}'"))
                continue
            yield q


def _walk(root: Path, summary: Summary) -> list[Path]:
    ignored = _ignore_patterns(root)
    out: list[Path] = []

    def onerror(exc: OSError):
        where = exc.filename or str(root)
        summary.failed.append((_shown(where), f"folder cannot be read: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=onerror):
        base = Path(folder)
        rel_base = base.relative_to(root)
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(".") and not _ignored(rel_base / d, ignored, folder=True))
        for name in dirs:
            if (base / name).is_symlink():
                summary.skipped.append((_shown(base / name), "a symbolic link to a folder (not followed)"))
        for name in files:
            rel = rel_base / name
            if _hidden(rel) or _ignored(rel, ignored):
                continue
            q = base / name
            try:
                st = q.stat()
            except OSError:
                if q.is_symlink():
                    summary.failed.append((_shown(q), _dangling_reason(q)))
                else:
                    summary.failed.append((_shown(q), "cannot be read"))
                continue
            if stat.S_ISDIR(st.st_mode):
                summary.skipped.append((_shown(q), "a symbolic link to a folder (not followed)"))
                continue
            if not stat.S_ISREG(st.st_mode):
                summary.skipped.append((_shown(q), "not a regular file (a pipe, socket or device)"))
                continue
            out.append(q)
    return sorted(out)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _shown(p) -> str:
    """A path as text that can always be printed (undecodable bytes as \\xNN)."""
    return os.fsencode(str(p)).decode("utf-8", "backslashreplace")


def _dangling_reason(p: Path) -> str:
    try:
        target = os.readlink(p)
    except OSError:
        return "a symbolic link that cannot be followed"
    try:
        p.resolve(strict=True)
    except RuntimeError:
        return f"a symbolic link that loops (-> {target})"
    except OSError as exc:
        if getattr(exc, "errno", None) == 40:
            return f"a symbolic link that loops (-> {target})"
    return f"a symbolic link to a file that does not exist (-> {target})"


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


IGNORE_FILE = ".tracuuignore"


def _ignore_patterns(folder: Path) -> list[str]:
    """Glob patterns from `<folder>/.tracuuignore` (one per line, # comments),
    matched against paths relative to the folder: "src/", "*.py"."""
    try:
        lines = (folder / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _ignored(rel: Path, patterns: list[str], folder: bool = False) -> bool:
    path = rel.as_posix() + ("/" if folder else "")
    for pat in patterns:
        if pat.endswith("/"):
            if path.startswith(pat) or f"/{pat}" in f"/{path}":
                return True
        elif not folder and (fnmatch.fnmatch(path, pat) or fnmatch.fnmatch(rel.name, pat)):
            return True
    return False


# -- worker side ---------------------------------------------------------------
_worker_segmenter: Segmenter | None = None


def _worker_init(cache_path: str | None) -> None:
    global _worker_segmenter
    warm_up()
    cache = SegmentCache(cache_path, readonly=True) if cache_path else None
    _worker_segmenter = Segmenter(cache)


def _strip_path(path: str, message: str) -> str:
    """A reader's message without the leading "<path>: " (the summary names the file)."""
    for prefix in (f"{path}: ",):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _work(path: str, digest: str | None = None, names: list[str] | None = None):
    seg = _worker_segmenter
    assert seg is not None
    try:
        doc, records, digest = process_file(path, seg, digest=digest, paths=names)
    except ReaderError as exc:
        return path, None, _strip_path(path, str(exc)), {}
    except MemoryError:
        return path, None, "could not be processed: it needs too much memory", {}
    except RecursionError:
        return path, None, "could not be processed: its structure is nested too deeply", {}
    except Exception as exc:  # a bug or a hostile file: report, never stop the run
        return path, None, f"could not be processed ({exc.__class__.__name__}: {exc})", {}
    new = seg.new
    seg.new = {}
    seg.memory = {}
    return path, (doc, records), None, new


def _set_parent_death_signal() -> None:
    """Linux: die with the parent (the forkserver, which ends with the ingest)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _worker_main(conn, cache_path: str | None) -> None:
    import logging

    _set_parent_death_signal()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its warnings are not ours to print
    try:
        _worker_init(cache_path)
        conn.send(("ready", os.getpid()))
        while True:
            task = conn.recv()
            if task is None:
                return
            path, digest, names = task
            try:
                result = _work(path, digest, names)
            except BaseException as exc:  # pragma: no cover - _work catches everything
                result = (path, None, f"could not be processed ({exc.__class__.__name__})", {})
            try:
                conn.send(result)
            except (OSError, EOFError):
                raise
            except Exception as exc:
                conn.send((path, None, f"could not be processed (result not transferable: {exc})", {}))
    except (EOFError, OSError):
        os._exit(0)   # the ingest is gone (killed?): go quietly


class _Worker:
    def __init__(self, ctx, cache_path: str | None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, cache_path), daemon=True,
                                name="tracuu-ingest-worker")
        self.proc.start()
        child.close()
        self.ready = False
        self.task: tuple | None = None
        self.started = 0.0

    def kill(self) -> None:
        try:
            self.proc.kill()
        except Exception:
            pass
        self.proc.join(timeout=5)
        try:
            self.conn.close()
        except Exception:
            pass

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except Exception:
            pass
        self.proc.join(timeout=2)
        if self.proc.is_alive():
            self.kill()
        try:
            self.conn.close()
        except Exception:
            pass

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.proc.pid}/statm") as fh:
                pages = int(fh.read().split()[1])
            return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
        except (OSError, ValueError, IndexError):
            return 0.0


def _mp_context():
    """Workers are forked from a forkserver that has already loaded the
    readers and the segmenter (``ingest.warm``): they start in milliseconds
    and inherit no open file of this process (the ingest lock, the writer)."""
    import multiprocessing as mp

    try:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["ingest.warm"])
        return ctx
    except ValueError:  # pragma: no cover - no forkserver on this platform
        return mp.get_context("spawn")


def start_workers_early() -> None:
    """Start the forkserver now, so that it loads while this process plans."""
    try:
        ctx = _mp_context()
        if ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
    except Exception:
        pass


def _results(tasks: list[tuple[str, str | None, list[str] | None]], jobs: int, cache_path: str | None):
    """(path, result, error, new_segments) for every task, as they finish."""
    if not tasks:
        return
    ctx = _mp_context()
    timeout = file_timeout()
    mem_limit = max_worker_mb()
    pending = deque(tasks)
    workers: list[_Worker] = []
    try:
        for _ in range(max(1, min(jobs, len(tasks)))):
            workers.append(_Worker(ctx, cache_path))
        while pending or any(w.task for w in workers):
            for w in workers:
                if w.ready and w.task is None and pending and w.proc.is_alive():
                    w.task = pending.popleft()
                    w.started = time.monotonic()
                    try:
                        w.conn.send(w.task)
                    except OSError:
                        pass   # the worker died: its sentinel reports it below
            now = time.monotonic()
            deadlines = [w.started + timeout for w in workers if w.task]
            wait = min([0.5] + [max(0.0, d - now) for d in deadlines])
            ready = mp_connection.wait([w.conn for w in workers] + [w.proc.sentinel for w in workers],
                                       timeout=wait)
            for i, w in enumerate(list(workers)):
                failure = None
                if w.conn in ready:
                    try:
                        msg = w.conn.recv()
                    except (EOFError, OSError):
                        msg = None
                    if msg is not None and not w.ready and msg[0] == "ready":
                        w.ready = True
                        continue
                    if msg is not None and w.task is not None:
                        w.task = None
                        yield msg
                        continue
                    failure = _death_reason(w)
                elif w.proc.sentinel in ready or not w.proc.is_alive():
                    failure = _death_reason(w)
                elif w.task is not None and time.monotonic() - w.started > timeout:
                    failure = (f"took longer than {timeout:g} s to read and analyze (TRACUU_FILE_TIMEOUT); "
                               "skipped")
                elif w.task is not None and mem_limit and w.rss_mb() > mem_limit:
                    failure = (f"needed more than {mem_limit:g} MB of memory (TRACUU_MAX_WORKER_MB); "
                               "skipped")
                if failure is None:
                    continue
                task = w.task
                was_ready = w.ready
                w.kill()
                if not was_ready:
                    raise RuntimeError(f"an ingest worker process could not start ({failure})")
                workers[workers.index(w)] = _Worker(ctx, cache_path)
                if task is not None:
                    yield task[0], None, failure, {}
    finally:
        for w in workers:
            if w.task is None and w.ready:
                w.stop()
            else:
                w.kill()


def _death_reason(w: _Worker) -> str:
    w.proc.join(timeout=1)
    code = w.proc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        how = f"killed by {name}"
    else:
        how = f"exit code {code}"
    return f"the worker reading it stopped ({how}); skipped"


# -- the plan: which files to read, under which names ------------------------------
@dataclass
class _Group:
    digest: str | None          # None: the worker hashes the file
    names: list[str]            # absolute paths, the document's own first
    read: str                   # the file the worker reads (one of the scanned names)
    shown: dict[str, str]       # absolute path -> path as given (for the summary)
    delete_ids: list[str]       # documents / aliases to remove before adding
    existed: bool               # the document id was already in the index
    new_aliases: list[str]
    scanned: frozenset = frozenset()   # the names found in this run's folders


def _kind(path: str) -> str:
    """The reader a file goes to: the same bytes named .txt and .pdf are two things."""
    suffix = os.path.splitext(path)[1].lower()
    return {".htm": ".html"}.get(suffix, suffix)


def _plan(files: list[Path], entries: list[dict], summary: Summary, prune: bool):
    """Group the files by content; decide what to (re)index and what to delete.

    Returns (groups to index, ids of documents to delete outright)."""
    docs = {e["id"]: e for e in entries if e["record"] == "doc"}
    names_of: dict[str, list[str]] = {i: [e["abs_path"]] for i, e in docs.items()}
    for e in entries:
        if e["record"] == "alias" and e["document_id"] in names_of:
            names_of[e["document_id"]].append(e["abs_path"])
    doc_by_hash: dict[tuple[str, str], str] = {}
    for i, e in docs.items():
        doc_by_hash.setdefault((e["file_hash"], _kind(e["abs_path"])), i)

    limit = max_file_bytes()
    scanned: dict[str, tuple[str, str]] = {}   # abs path -> (path as given, hash)
    by_hash: dict[tuple[str, str], list[str]] = {}   # (hash, reader) -> abs paths
    for f in files:
        real = str(f.resolve())
        try:
            size = f.stat().st_size
            if size > limit:
                summary.failed.append((str(f), _strip_path(str(f), too_large_message(str(f), size))))
                continue
            digest = file_hash(f)
        except OSError as exc:
            summary.failed.append((str(f), f"cannot be read: {exc.strerror or exc}"))
            continue
        scanned[real] = (str(f), digest)
        by_hash.setdefault((digest, _kind(real)), []).append(real)

    def same_content(path: str, digest: str) -> bool:
        try:
            return os.path.isfile(path) and file_hash(path) == digest
        except OSError:
            return False

    groups: list[_Group] = []
    claimed: set[str] = set(scanned)
    handled: set[str] = set()
    for (digest, kind), members in by_hash.items():
        members = list(members)
        old_id = doc_by_hash.get((digest, kind))
        old_names = names_of.get(old_id, []) if old_id else []
        if old_id:
            handled.add(old_id)
        for n in old_names:   # names of the same content outside this run's folders
            if n not in scanned and n not in members and _kind(n) == kind and same_content(n, digest):
                members.append(n)
                claimed.add(n)
        primary = old_names[0] if old_names and old_names[0] in members else members[0]
        members.remove(primary)
        names = [primary] + members
        doc_id = document_id(primary)
        shown = {n: scanned[n][0] if n in scanned else n for n in names}
        if (old_id == doc_id and docs[old_id]["file_hash"] == digest
                and old_names[0] == primary and set(old_names) == set(names)):
            summary.unchanged.extend(shown[n] for n in names if n in scanned)
            continue
        delete_ids = [document_id(n) for n in names]
        if old_id and old_id not in delete_ids and old_names[0] not in scanned:
            delete_ids.append(old_id)
        groups.append(_Group(
            digest=digest, names=names, read=next(n for n in names if n in scanned), shown=shown,
            delete_ids=delete_ids, existed=doc_id in docs,
            new_aliases=[n for n in names[1:] if n not in old_names],
            scanned=frozenset(n for n in names if n in scanned),
        ))

    # documents not read in this run: some of their names now belong to
    # another document, or (prune) their files are gone
    deletes: list[str] = []
    for doc_id, names in names_of.items():
        if doc_id in handled or names[0] in scanned:
            continue
        lost = [n for n in names if n in claimed]
        if not lost and not prune:
            continue
        keep = [n for n in names if n not in claimed and (not prune or os.path.isfile(n))]
        if keep == names:
            continue
        if prune:
            summary.pruned.extend(n for n in names if n not in keep and n not in claimed)
        if not keep:
            deletes.append(doc_id)
            continue
        groups.append(_Group(
            digest=None, names=keep, read=keep[0], shown={n: n for n in keep},
            delete_ids=list(dict.fromkeys([doc_id] + [document_id(n) for n in keep])),
            existed=document_id(keep[0]) in docs, new_aliases=[],
        ))
    return groups, deletes


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
    IndexDamaged or IndexWriteError (all IndexError_) for index problems."""
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
        kept = f" ({_doc_count(store.open())} documents)"
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
    ix = store.open()
    if ix.fallback:
        bad, used, reason = ix.fallback
        notice(f"the newest generation ({bad}) of the index at {store.path} is damaged ({reason}); "
               f"continuing from generation {used}: files of the last commit are read again")
    _add_roots(store, paths)

    files = list(find_files(paths, summary))
    entries = store.indexed_entries(ix)
    groups, alone_deletes = _plan(files, entries, summary, prune)
    by_read = {g.read: g for g in groups}
    trace(f"{len(files)} files: {len(groups)} to read, {len(summary.unchanged)} unchanged")

    size = batch_size()
    cache = SegmentCache(store.segment_cache_path)
    learned: dict[str, list[str]] = {}
    writer = None
    batch: list[dict] = []          # what the open writer holds: {"ids": [...], "records": n}
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
            writer = store.writer(ix)
            count_before = _record_count(ix)
        return writer

    count_before = 0
    removed: set = set()

    def delete_ids(ids: list[str]) -> None:
        w = open_writer()
        s = w.searcher()
        from whoosh import query as Q

        for doc_id in ids:
            q = Q.Or([Q.Term("id", doc_id), Q.Term("document_id", doc_id)])
            removed.update(s.docs_for_query(q))
            delete_document(w, doc_id)

    def commit() -> None:
        nonlocal writer
        if writer is None:
            return
        added = sum(b["records"] for b in batch)
        expected = count_before - len(removed) + added
        trace(f"committing {sum(1 for b in batch if b['doc'])} documents…")
        writer.commit()
        writer = None
        flush_cache()
        actual = _record_count(ix)
        if actual != expected:
            raise IndexDamaged(
                f"after a commit the index at {store.path} holds {actual} records instead of {expected}; "
                "stop other programs writing to it and rebuild it with `tracuu ingest PATH... --rebuild`")
        _verify_batch(ix, batch)
        docs_now = _doc_count(ix)
        trace(f"committed {sum(1 for b in batch if b['doc'])} documents: {docs_now} in the index "
              f"(generation {ix.latest_generation()})")
        batch.clear()
        removed.clear()

    tasks = [(g.read, g.digest, g.names) for g in groups]
    results = _results(tasks, jobs, str(store.segment_cache_path))
    try:
        for i, (path, result, error, segs) in enumerate(results, start=1):
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
                writer.add_document(**rec)
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
        results.close()   # stops the workers
        if writer is not None:
            try:
                writer.cancel()
            except Exception:
                pass
        try:
            flush_cache()
        finally:
            cache.close()

    summary.documents = _doc_count(ix)
    _update_meta(store, paths, learned, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _alias_record(doc: dict, name: str, digest: str) -> dict:
    return {"id": document_id(name), "record": "alias", "document_id": doc["id"],
            "abs_path": str(Path(name).resolve()), "path": display_path(name), "file_hash": digest}


def _record_count(ix) -> int:
    with ix.reader() as r:
        return r.doc_count()


def _doc_count(ix) -> int:
    with ix.searcher() as s:
        return sum(1 for _ in s.document_numbers(record="doc"))


def _verify_batch(ix, batch: list[dict]) -> None:
    """Every document of the batch is there once, with its models and names."""
    with ix.searcher() as s:
        for b in batch:
            if not b["doc"]:
                continue
            n = sum(1 for _ in s.document_numbers(id=b["doc"], record="doc"))
            m = sum(1 for _ in s.document_numbers(document_id=b["doc"], record="model"))
            a = sum(1 for _ in s.document_numbers(document_id=b["doc"], record="alias"))
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
