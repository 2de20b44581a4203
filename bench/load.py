"""Load test of `tracuu serve`: N concurrent clients on loopback, a mixed
query load, bounded in time and in requests; optionally while an ingest
writes to the same index.

    python bench/load.py [--index DIR] [--clients 50] [--duration 60]
                         [--max-requests 200000] [--with-ingest] [--out FILE]

Without --index, an index of the demo corpus (corpus/) is built in a
temporary folder. The server is started with the real command
(``python -m search_app.cli serve --workers 2``) on 127.0.0.1 and a free
port, and stopped at the end. Each client keeps one HTTP/1.1 connection
and sends requests back to back (searches with and without diacritics,
phrases, filters and facets, the models table and its CSV, document pages,
suggestions, the overview, result pages in HTML). A request counts as an
error when it fails to connect or read, times out (30 s) or answers 5xx.

Prints requests, rate, p50/p95/p99/max latency, errors and 5xx for each
phase ("load", and "load+ingest" with --with-ingest) and writes them to
bench/results/load.json (or --out). Traffic goes to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

QUERIES = ["mô hình", "mo hinh", "nông thôn mới", "\"nông thôn mới\"", "dân vận khéo", "ĐHTT",
           "điển hình tiên tiến", "cá lồng", "Kim Bôi", "hoa binh", "162/KH-UBND", "OCOP 3 sao",
           "người tốt việc tốt", "du lịch cộng đồng", "giảm nghèo", "NOT du lịch", "(cá OR gà) AND lồng",
           "district:\"Kim Bôi\" mô hình", "year:2015-2019 ntm", "type:quyet-dinh", "xyzzy không có"]
FILTERS = [{}, {"district": "Kim Bôi"}, {"field": "ntm"}, {"year": "2015-2019"}, {"type": "tin-bai"},
           {"sort": "newest"}, {"page": "2", "per_page": "10"}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def cli_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def start_server(index: Path, port: int, workers: int = 2) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_app.cli", "serve", "--index", str(index), "--host", HOST,
         "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=cli_env(), cwd=str(ROOT))
    return proc


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped: {proc.stderr.read()[-2000:]}")
        try:
            c = http.client.HTTPConnection(HOST, port, timeout=5)
            c.request("GET", "/api/search?q=m%C3%B4+h%C3%ACnh")
            if c.getresponse().status == 200:
                c.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def doc_ids(port: int) -> list[str]:
    c = http.client.HTTPConnection(HOST, port, timeout=30)
    c.request("GET", "/api/search?per_page=50")
    body = json.loads(c.getresponse().read())
    c.close()
    return [r["id"] for r in body.get("results", [])]


def request_mix(rng: random.Random, ids: list[str]) -> str:
    r = rng.random()
    q = rng.choice(QUERIES)
    if r < 0.45:
        params = {"q": q, **rng.choice(FILTERS)}
        return "/api/search?" + urlencode(params)
    if r < 0.55:
        return "/search?" + urlencode({"q": q, **rng.choice(FILTERS)})
    if r < 0.62:
        return "/api/facets?" + urlencode({"q": q})
    if r < 0.70:
        return "/api/models?" + urlencode({"q": rng.choice(["", "mô hình", "dân vận"]), **rng.choice(FILTERS[:4])})
    if r < 0.73:
        return "/api/models?format=csv&" + urlencode({"q": rng.choice(["", "mô hình"])})
    if r < 0.83 and ids:
        doc = quote(rng.choice(ids))
        return rng.choice([f"/api/documents/{doc}", f"/documents/{doc}?q=" + quote(q)])
    if r < 0.90:
        return "/api/suggest?" + urlencode({"q": rng.choice(["mo hin", "nong thon", "dan van", "ca long"])})
    if r < 0.95:
        return "/api/overview"
    return "/"


def run_load(port: int, clients: int = 50, duration: float = 60.0, max_requests: int = 200_000,
             seed: int = 1) -> dict:
    """`clients` threads, each with one keep-alive connection, for `duration`
    seconds or `max_requests` requests in all, whichever comes first."""
    ids = doc_ids(port)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()
    count = [0]
    deadline = time.monotonic() + duration

    def client(n: int):
        rng = random.Random(seed * 1000 + n)
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if count[0] >= max_requests:
                    break
                count[0] += 1
            path = request_mix(rng, ids)
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(ms)
                    statuses[resp.status] = statuses.get(resp.status, 0) + 1
                    if resp.status >= 500:
                        errors.append(f"{resp.status} {path}")
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=30)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{exc.__class__.__name__}: {exc} {path}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 60)
    took = time.monotonic() - started
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else 0.0

    return {
        "clients": clients, "seconds": round(took, 1), "requests": len(lat) + sum(
            1 for e in errors if not e[:3].isdigit()),
        "rate_per_s": round(len(lat) / took, 1) if took else 0.0,
        "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": round(lat[-1], 1) if lat else 0.0,
        "errors": len(errors), "status_5xx": sum(v for k, v in statuses.items() if k >= 500),
        "statuses": {str(k): v for k, v in sorted(statuses.items())}, "error_samples": errors[:10],
    }


def make_corpus(folder: Path, n: int, start: int = 0) -> None:
    rng = random.Random(start)
    words = ("xã huyện nông thôn mới mô hình điển hình tiên tiến Hòa Bình Kim Bôi Lạc Thủy cá lồng "
             "hợp tác xã dân vận khéo phong trào thi đua khen thưởng").split()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        body = " ".join(rng.choice(words) for _ in range(60))
        (folder / f"tai-{i:05d}.txt").write_text(f"Bài {i}: mô hình ở xã Thạch Yên\n\n{body}.\n\nPV\n",
                                                 encoding="utf-8")


def start_ingest(folder: Path, index: Path, batch: int = 20) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "search_app.cli", "ingest", str(folder), "--index", str(index), "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=cli_env({"TRACUU_BATCH_SIZE": str(batch)}))


def overview_documents(port: int) -> int:
    c = http.client.HTTPConnection(HOST, port, timeout=30)
    c.request("GET", "/api/overview")
    n = json.loads(c.getresponse().read())["documents"]
    c.close()
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", help="index to serve (default: build one of corpus/ in a temporary folder)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds per phase")
    ap.add_argument("--max-requests", type=int, default=200_000, help="requests per phase at most")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--with-ingest", action="store_true",
                    help="a second phase while an ingest of generated files writes to the index")
    ap.add_argument("--ingest-files", type=int, default=600)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "load.json"))
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="tracuu-load-") as tmp:
        tmp = Path(tmp)
        if args.index:
            index = Path(args.index)
        else:
            index = tmp / "ix"
            print("building an index of corpus/ …", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "search_app.cli", "ingest", str(ROOT / "corpus"), "--index",
                            str(index)], check=True, env=cli_env(), stdout=subprocess.DEVNULL)
        port = free_port()
        server = start_server(index, port, workers=args.workers)
        results = {"host": HOST, "workers": args.workers, "when": time.strftime("%Y-%m-%dT%H:%M:%S")}
        try:
            wait_ready(port, server)
            res = run_load(port, args.clients, args.duration, args.max_requests)
            results["load"] = res
            _print("load", res)
            if args.with_ingest:
                make_corpus(tmp / "more", args.ingest_files)
                before = overview_documents(port)
                ing = start_ingest(tmp / "more", index)
                res = run_load(port, args.clients, args.duration, args.max_requests, seed=2)
                after_load = overview_documents(port)
                out, err = ing.communicate(timeout=600)
                res["ingest_exit_code"] = ing.returncode
                res["documents_before"] = before
                res["documents_seen_during_or_after_load"] = after_load
                results["load+ingest"] = res
                _print("load+ingest", res)
        finally:
            stop_server(server)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"written {args.out}")
    bad = sum(r.get("errors", 0) for k, r in results.items() if isinstance(r, dict))
    return 1 if bad else 0


def _print(name: str, r: dict) -> None:
    print(f"{name:>12}: {r['requests']} requests in {r['seconds']} s ({r['rate_per_s']}/s), "
          f"{r['clients']} clients; p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms, "
          f"max {r['max_ms']} ms; errors {r['errors']}, 5xx {r['status_5xx']}")


if __name__ == "__main__":
    sys.exit(main())
