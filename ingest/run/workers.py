"""The worker processes of an ingest run: read, extract, segment one file each.

A file that takes longer than ``TRACUU_FILE_TIMEOUT`` or makes its worker
use more than ``TRACUU_MAX_WORKER_MB`` is reported as failed and its worker
replaced; a worker that dies is replaced too. Workers are forked from a
forkserver that has loaded the readers and the segmenter (``ingest/warm.py``).
"""
from __future__ import annotations

import os
import signal
import time
from collections import deque
from multiprocessing import connection as mp_connection

from .. import settings
from ..pipeline import process_file
from ..readers import ReaderError
from ..vietnamese.segment import SegmentCache, Segmenter, warm_up

_worker_segmenter: Segmenter | None = None


def worker_init(cache_path: str | None) -> None:
    global _worker_segmenter
    warm_up()
    cache = SegmentCache(cache_path, readonly=True) if cache_path else None
    _worker_segmenter = Segmenter(cache)


def strip_path(path: str, message: str) -> str:
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
        return path, None, strip_path(path, str(exc)), {}
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
        worker_init(cache_path)
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


def results(tasks: list[tuple[str, str | None, list[str] | None]], jobs: int, cache_path: str | None):
    """(path, result, error, new_segments) for every task, as they finish."""
    if not tasks:
        return
    ctx = _mp_context()
    timeout = settings.file_timeout()
    mem_limit = settings.max_worker_mb()
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
            for w in list(workers):
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
