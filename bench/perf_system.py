"""What bench/perf.py measures with: the memory of a process tree, one pinned
CPU, sizes on disk, the `tracuu` command, and the machine it runs on."""
from __future__ import annotations

import os
import platform
import sqlite3
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# -- process-tree memory -----------------------------------------------------------
def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                stat = fh.read().decode("latin-1")
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def tree_rss(pid: int, anon: bool = False, pss: bool = False) -> int:
    """Resident bytes of a process and all its descendants (`anon`: only
    anonymous memory, i.e. without the index files Whoosh maps in; `pss`:
    proportional set size, which counts pages shared by forked processes
    once in the sum)."""
    kids = _children_map()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, []))
        try:
            if pss:
                with open(f"/proc/{p}/smaps_rollup") as fh:
                    for line in fh:
                        if line.startswith("Pss:"):
                            total += int(line.split()[1]) * 1024
                            break
            elif anon:
                with open(f"/proc/{p}/status") as fh:
                    for line in fh:
                        if line.startswith("RssAnon:"):
                            total += int(line.split()[1]) * 1024
                            break
            else:
                with open(f"/proc/{p}/statm") as fh:
                    total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            pass
    return total


class PeakRSS:
    """Samples the resident memory of a process tree every 0.2 s."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.peak_anon, self._stop = pid, 0, 0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.peak_anon = max(self.peak_anon, tree_rss(self.pid, anon=True))
            self._stop.wait(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


def du(path: Path, exclude: tuple[str, ...] = ()) -> int:
    total = 0
    for p in Path(path).rglob("*"):
        if p.is_file() and p.name not in exclude:
            total += p.stat().st_size
    return total


def tracuu_cmd() -> list[str]:
    return [sys.executable, "-c", "import sys; from search_app.cli import main; sys.exit(main())"]


# -- one core, honestly ----------------------------------------------------------------
def one_cpu() -> set[int]:
    """The CPU the one-core measurements are pinned to: the first one this
    process may run on."""
    return {min(os.sched_getaffinity(0))}


class pinned:
    """``with pinned(cpus):`` this process runs on `cpus` only (restored after)."""

    def __init__(self, cpus: set[int] | None):
        self.cpus, self.before = cpus, None

    def __enter__(self):
        if self.cpus:
            self.before = os.sched_getaffinity(0)
            os.sched_setaffinity(0, self.cpus)
        return self

    def __exit__(self, *exc):
        if self.before is not None:
            os.sched_setaffinity(0, self.before)


def machine() -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(open("/proc/meminfo").readline().split()[1]) * 1024
    except (OSError, ValueError):
        mem = 0
    import importlib.metadata

    import underthesea

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "underthesea": underthesea.__version__, "whoosh": importlib.metadata.version("Whoosh-Reloaded"),
            "sqlite": sqlite3.sqlite_version, "load_at_start": os.getloadavg()}
