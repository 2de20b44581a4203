"""The ingest lock: one ingest writes to an index at a time.

``<index>/tracuu.lock`` is held with an exclusive ``flock`` for a whole
ingest run; the kernel drops it when the process ends, however it ends
(SIGKILL included), so a killed ingest never blocks the next one.
"""
from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from .store import IndexBusy, IndexWriteError, now_iso

try:  # POSIX; the ingest lock needs flock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "tracuu.lock"



class RunLock:
    """One ingest per index at a time.

    An exclusive ``flock`` on ``<index>/tracuu.lock`` for the whole run. The
    kernel releases it when the process ends (also on SIGKILL), so a killed
    ingest never blocks the next one; the holder's pid, host and start time
    are written in the file and cleared on a clean exit, so the next ingest
    can tell that the previous one was killed (:attr:`previous`).
    """

    def __init__(self, index_dir: str | Path):
        self.dir = Path(index_dir)
        self.path = self.dir / LOCK_FILE
        self.fd: int | None = None
        self.previous: dict | None = None   # holder info left by an ingest that did not finish

    def acquire(self, wait: bool = False, on_wait=None) -> RunLock:
        if fcntl is None:  # pragma: no cover
            return self
        self.dir.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                if not wait:
                    os.close(fd)
                    raise IndexBusy(
                        f"another ingest {_holder_text(holder)}is writing to {self.dir}; "
                        "never two at once: wait for it to finish and run again, or add --wait"
                    ) from None
                if on_wait:
                    on_wait(holder)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
            except OSError as exc:
                os.close(fd)
                raise IndexWriteError(f"cannot lock {self.path}: {exc.strerror or exc}") from exc
            try:  # the file we locked must still be the lock file
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd
        self.previous = _read_holder(fd)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": now_iso()}
        data = json.dumps(info).encode()
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        except OSError:
            pass  # a full disk: the lock itself still holds
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
        except OSError:
            pass
        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)
            self.fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()

    @staticmethod
    def holder(index_dir: str | Path) -> dict | None:
        """Who holds the lock now (None when free)."""
        path = Path(index_dir) / LOCK_FILE
        if fcntl is None or not path.exists():
            return None
        fd = os.open(path, os.O_RDONLY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _read_holder(fd) or {}
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)


def _read_holder(fd: int) -> dict | None:
    try:
        raw = os.pread(fd, 4096, 0)
    except OSError:
        return None
    if not raw.strip():
        return None
    try:
        info = json.loads(raw.decode("utf-8", "replace"))
        return info if isinstance(info, dict) else {}
    except ValueError:
        return {}


def _holder_text(holder: dict | None) -> str:
    if not holder:
        return ""
    parts = []
    if holder.get("pid"):
        parts.append(f"pid {holder['pid']}")
    if holder.get("host"):
        parts.append(f"on {holder['host']}")
    if holder.get("started"):
        parts.append(f"started {holder['started']}")
    return f"({', '.join(parts)}) " if parts else ""


def stale_lock_message(index_dir, holder: dict) -> str:
    return (f"a previous ingest {_holder_text(holder)}did not finish (it was killed or crashed); "
            f"its lock on {index_dir} was free and is taken over. What it committed is kept; "
            "the rest is ingested now")
