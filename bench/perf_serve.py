"""`tracuu serve` for bench/perf.py: cold start and memory."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from perf_search import summarize
from perf_system import REPO, _children_map, tracuu_cmd, tree_rss


# -- tracuu serve: cold start and memory ----------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_serve(index: Path, mix: list[dict], log, timeout: float = 300) -> dict:
    """`tracuu serve` on the index: seconds from the command to the first
    answered /api/search; then the whole mix over HTTP; resident memory of
    the server's process tree (gunicorn and its workers) afterwards."""
    port = free_port()
    cmd = tracuu_cmd() + ["serve", "--index", str(index), "--port", str(port)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=str(REPO), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": "nông thôn mới"})
    first = None
    try:
        while time.perf_counter() - started < timeout:
            if proc.poll() is not None:
                raise SystemExit("tracuu serve exited: " + proc.stderr.read().decode()[-2000:])
            try:
                with urllib.request.urlopen(url, timeout=60) as r:
                    if r.status == 200:
                        json.loads(r.read())
                        first = time.perf_counter() - started
                        break
            except OSError:
                time.sleep(0.05)
        rss_first = tree_rss(proc.pid)
        anon_first = tree_rss(proc.pid, anon=True)
        pss_first = tree_rss(proc.pid, pss=True)
        http_times = []
        for item in mix:
            q = urllib.parse.urlencode({"q": item["q"], **item["params"]})
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{q}", timeout=120) as r:
                    r.read()
            except OSError:
                pass
            http_times.append((time.perf_counter() - t) * 1000)
        rss = tree_rss(proc.pid)
        anon = tree_rss(proc.pid, anon=True)
        pss = tree_rss(proc.pid, pss=True)
        n_procs = 1 + sum(len(v) for k, v in _children_map().items() if k == proc.pid)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    out = {"cold_start_s": round(first, 2) if first else None,
           "rss_after_first_mib": round(rss_first / 2**20, 1), "rss_after_mix_mib": round(rss / 2**20, 1),
           "anon_after_first_mib": round(anon_first / 2**20, 1), "anon_after_mix_mib": round(anon / 2**20, 1),
           "pss_after_first_mib": round(pss_first / 2**20, 1), "pss_after_mix_mib": round(pss / 2**20, 1),
           "processes": n_procs,
           "http": summarize(http_times)}
    log(f"    serve: first answer after {out['cold_start_s']} s; PSS {out['pss_after_mix_mib']} MiB "
        f"(RSS sum {out['rss_after_mix_mib']} MiB) after "
        f"the mix (HTTP p50 {out['http']['p50_ms']} ms, p95 {out['http']['p95_ms']} ms)")
    return out
