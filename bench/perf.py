"""tracuu performance benchmark: ingest, search, serving, on real text.

    python bench/perf.py                       # real corpus + 10k + 100k (long: see bench/README.md)
    python bench/perf.py --sizes 10000         # real corpus + 10k only
    python bench/perf.py --smoke               # 1k synthetic documents, ~2 minutes (used by the tests)

What it measures, in one run (see bench/README.md for the definitions):

1. ingest of the 2,653 real Dân trí articles (``bench/generate.py real``)
   with ``tracuu ingest --jobs 1`` and ``--jobs <all cores>`` into fresh
   indexes; the segmenter limit (underthesea ``word_tokenize`` alone on the
   same sentences, 1 process and all cores) and the ratios; an unchanged
   re-ingest; peak memory of the ingest process tree; index size;
2. the synthetic corpus (``bench/generate.py synthetic``) ingested to each
   size in ``--sizes`` (the larger grows from the smaller: the same first
   documents, so its ingest re-uses the segment cache of repeated
   paragraphs), and at each size: a fixed mix of >= 200 queries through
   ``/api/search`` of the Flask app (in process, facets included), the same
   mix on a SQLite FTS5 table of the same documents, and (at the largest
   size) an unchanged re-ingest and the cold start of ``tracuu serve`` to
   the first answered request, with the resident memory of the served app.

Results: a JSON file (``--out``, default ``bench/results/perf-<time>.json``)
and a table on stdout.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import generate  # noqa: E402  (bench/generate.py)

CHUNK = 1000  # synthetic documents per folder


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


def run_ingest(paths: list[str], index: Path, jobs: int, log, cpus: set[int] | None = None) -> dict:
    """`tracuu ingest PATHS --index INDEX --jobs N --json` in a subprocess:
    the summary, wall time (process start to exit) and peak memory.

    `cpus`: the CPUs the ingest may use (``os.sched_setaffinity`` before it
    starts; its worker processes inherit it). ``tracuu ingest --jobs 1``
    runs a worker process (read, extract, segment) besides the process that
    writes the index, so unpinned it would use two cores."""
    cmd = tracuu_cmd() + ["ingest", *paths, "--index", str(index), "--jobs", str(jobs), "--json"]
    started = time.perf_counter()
    preexec = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO),
                            preexec_fn=preexec)
    mem = PeakRSS(proc.pid)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    peak = mem.stop()
    summary = {}
    m = re.search(r"\{.*\}", out, re.S)
    if m:
        try:
            summary = json.loads(m.group(0))
        except ValueError:
            summary = {}
    if proc.returncode not in (0, 1) or not summary:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    n_failed = len(summary.get("failed") or []) if isinstance(summary.get("failed"), list) else summary.get("failed")
    log(f"    ingest --jobs {jobs}{f' pinned to CPU {sorted(cpus)}' if cpus else ''}: {wall:.1f} s wall, "
        f"summary {summary.get('seconds')} s, "
        f"new {summary.get('new')}, unchanged {summary.get('unchanged')}, failed {n_failed}, "
        f"peak {peak / 2**20:.0f} MiB ({mem.peak_anon / 2**20:.0f} MiB anonymous)")
    return {"wall_s": round(wall, 3), "seconds": summary.get("seconds"), "summary": _small(summary),
            "peak_rss_mib": round(peak / 2**20, 1), "peak_anon_mib": round(mem.peak_anon / 2**20, 1),
            "cpus": sorted(cpus) if cpus else "all"}


def _small(summary: dict) -> dict:
    out = {}
    for k, v in summary.items():
        out[k] = len(v) if isinstance(v, list) else v
    return out


# -- the text that ingest segments, and the segmenter limit ---------------------------
def corpus_text(paths: list[Path], limit: int | None = None) -> tuple[list[str], int, int]:
    """(sentences, documents, syllables) of the title and body of every
    file, exactly as ingest segments them (extraction, then paragraphs,
    then underthesea's sentence splitter)."""
    from underthesea import sent_tokenize

    from ingest.index.records import syllable_tokens
    from ingest.pipeline import extract_file

    files = sorted(p for d in paths for p in Path(d).rglob("*") if p.is_file())
    if limit:
        files = files[:limit]
    sentences, syllables = [], 0
    for f in files:
        doc = extract_file(f).to_json()
        for text in (doc.get("title") or "", doc.get("body") or ""):
            syllables += len(syllable_tokens(text))
            for para in (p.strip() for p in text.split("\n") if p.strip()):
                sentences.extend(sent_tokenize(para))
    return sentences, len(files), syllables


def _limit_worker(sentences: list[str]) -> float:
    from underthesea import word_tokenize

    word_tokenize("khởi động")
    t = time.perf_counter()
    for s in sentences:
        word_tokenize(s)
    return time.perf_counter() - t


def segmenter_limit(sentences: list[str], procs: int) -> float:
    """Seconds for underthesea's word_tokenize alone on `sentences`, in
    `procs` processes (model loading excluded, as ingest loads it once);
    one process runs pinned to one CPU, like the one-core ingest."""
    if procs <= 1:
        with pinned(one_cpu()):
            return _limit_worker(sentences)
    import multiprocessing as mp

    chunks = [sentences[i::procs] for i in range(procs)]
    ctx = mp.get_context("fork")
    with ctx.Pool(procs, initializer=_limit_worker, initargs=([],)) as pool:
        t = time.perf_counter()
        pool.map(_limit_worker, chunks, chunksize=1)
        return time.perf_counter() - t


# -- the query mix -------------------------------------------------------------------
ABBREVIATIONS = ["UBND", "HĐND", "THPT", "GD&ĐT", "NTM", "ĐHTT", "HTX", "CLB", "BHYT", "ATGT", "KT-XH",
                 "MTTQ", "QP-AN", "TP.HCM", "ANTT", "PCCC"]
COMMON = ["nông thôn", "giáo dục", "kinh tế", "học sinh", "phát triển", "người dân", "sức khỏe",
          "doanh nghiệp", "du lịch", "công an", "bệnh viện", "thị trường", "xã hội", "dịch bệnh"]


def _syll_spans(text: str, rng: random.Random, n: int) -> str | None:
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1]
    if len(words) < n:
        return None
    i = rng.randrange(len(words) - n + 1)
    return " ".join(words[i:i + n]).lower()


def query_mix(source: Path, numbers: list[str], values: dict[str, list[str]], seed: int = 7) -> list[dict]:
    """The fixed mix: each item {kind, q, params}. Deterministic for a
    given source, document numbers and facet values."""
    from ingest.vietnamese import fold

    rng = random.Random(seed)
    arts = generate.load_source(source)
    titles = [a.title for a in arts]
    bodies = [p for a in arts for p in a.paragraphs]
    districts = values.get("districts") or ["Kim Bôi"]
    fields = values.get("fields") or ["kinh-te"]
    types = [t for t in values.get("doc_type") or [] if t] or ["tin-bai"]
    mix: list[dict] = []

    def add(kind, q="", **params):
        mix.append({"kind": kind, "q": q, "params": {k: v for k, v in params.items() if v not in (None, "", [])}})

    while sum(1 for m in mix if m["kind"] == "words") < 40:
        q = _syll_spans(rng.choice(titles), rng, rng.choice((1, 2, 2, 3)))
        if q:
            add("words", q)
    for m in [m for m in mix if m["kind"] == "words"][:30]:
        add("no_diacritics", fold(m["q"]))
    while sum(1 for m in mix if m["kind"] == "phrase") < 25:
        q = _syll_spans(rng.choice(bodies), rng, rng.choice((2, 2, 3)))
        if q:
            add("phrase", f'"{q}"')
    for a in ABBREVIATIONS:
        add("abbreviation", a)
    for num in (numbers or ["1234/QĐ-UBND"])[:20]:
        n, _, sym = num.partition("/")
        form = rng.randrange(4)
        q = {0: num, 1: f"{n} {sym.replace('-', ' ')}", 2: f"số {num}",
             3: f"{fold(sym.split('-')[0]).upper()} {n}"}[form]
        add("number", q)
    for i in range(45):
        k = 1 + i % 3
        kw = {}
        picks = rng.sample(["district", "field", "year", "type"], k)
        for p in picks:
            if p == "district":
                kw["district"] = rng.choice(districts)
            elif p == "field":
                kw["field"] = rng.choice(fields)
            elif p == "year":
                y = rng.randrange(2008, 2025)
                kw["year"] = str(y) if rng.random() < 0.6 else f"{y - 3}-{y}"
            else:
                kw["type"] = rng.choice(types)
        q = rng.choice(COMMON) if rng.random() < 0.7 else ""
        add(f"filters_{k}", q, **kw)
    for i in range(20):
        add("sorted_by_date", rng.choice(COMMON), sort="newest" if i % 2 == 0 else "oldest")
    for term in COMMON[:10]:
        add("page_5", term, page=5)
    add("match_all", "")
    add("match_all", "", sort="oldest")
    return mix


# -- tracuu through /api/search --------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summarize(times_ms: list[float]) -> dict:
    return {"n": len(times_ms), "p50_ms": round(pct(times_ms, 50), 1), "p95_ms": round(pct(times_ms, 95), 1),
            "p99_ms": round(pct(times_ms, 99), 1), "max_ms": round(max(times_ms), 1) if times_ms else None}


def bench_api(index: Path, mix: list[dict], log) -> dict:
    """Each query of the mix once, in order, through the Flask app's
    /api/search (in process: routing, parameter parsing, search, facets,
    snippets, JSON). Warm-up as `tracuu serve` does it, with other words."""
    from search_app import create_app
    from search_app import state
    from search_app.state import warm_up

    state._indexes.clear()  # a new SearchIndex, as in a new server process
    app = create_app(index_dir=str(index))
    warm_up(app)
    client = app.test_client()
    client.get("/api/search", query_string={"q": "khởi động"})
    times, by_kind, errors, totals = [], {}, [], []
    for item in mix:
        params = {"q": item["q"], **item["params"]}
        t = time.perf_counter()
        resp = client.get("/api/search", query_string=params)
        ms = (time.perf_counter() - t) * 1000
        if resp.status_code != 200:
            errors.append({"query": params, "status": resp.status_code, "body": resp.get_data(as_text=True)[:200]})
        else:
            body = resp.get_json()
            totals.append(body.get("total", 0))
            if "facets" not in body:
                errors.append({"query": params, "error": "no facets"})
        times.append(ms)
        by_kind.setdefault(item["kind"], []).append(ms)
    # the same mix again: what repeated queries cost (caches warm)
    again = []
    for item in mix:
        t = time.perf_counter()
        client.get("/api/search", query_string={"q": item["q"], **item["params"]})
        again.append((time.perf_counter() - t) * 1000)
    out = summarize(times)
    out["by_kind"] = {k: summarize(v) for k, v in by_kind.items()}
    out["repeated"] = summarize(again)
    out["errors"] = errors[:10]
    out["n_errors"] = len(errors)
    out["median_total_hits"] = statistics.median(totals) if totals else 0
    log(f"    tracuu /api/search: p50 {out['p50_ms']} ms, p95 {out['p95_ms']} ms, p99 {out['p99_ms']} ms "
        f"({len(errors)} errors); repeated p50 {out['repeated']['p50_ms']} ms")
    return out


# -- SQLite FTS5 on the same documents ---------------------------------------------
def build_fts(index: Path, db_path: Path, log) -> dict:
    """A FTS5 table (unicode61 remove_diacritics 2) of the documents in the
    tracuu index (their extracted title, body and facets), with facet
    tables, as a user of SQLite would build it."""
    from ingest.index.store import Store

    if db_path.exists():
        db_path.unlink()
    db = sqlite3.connect(str(db_path))
    db.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize="unicode61 remove_diacritics 2");
        CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, date TEXT, doc_type TEXT, source TEXT);
        CREATE TABLE facet(rowid INTEGER, name TEXT, value TEXT);
    """)
    started = time.perf_counter()
    ix = Store(index).open()
    n = 0
    with ix.searcher() as s:
        rows, facets = [], []
        for fields in s.documents(record="doc"):
            d = json.loads(fields["data"])
            n += 1
            rows.append((n, d.get("title") or "", d.get("body") or "", d.get("id"), d.get("date") or "",
                         d.get("doc_type") or "", d.get("source") or ""))
            for name, vals in (("district", d.get("districts") or []), ("field", d.get("fields") or []),
                               ("year", [str(y) for y in d.get("years") or []])):
                facets.extend((n, name, v) for v in vals)
            if len(rows) >= 2000:
                _fts_insert(db, rows, facets)
                rows, facets = [], []
        _fts_insert(db, rows, facets)
    db.executescript("""
        CREATE INDEX meta_date ON meta(date); CREATE INDEX facet_rv ON facet(rowid, name, value);
        CREATE INDEX facet_nv ON facet(name, value, rowid);
        INSERT INTO docs(docs) VALUES('optimize'); ANALYZE;
    """)
    db.commit()
    db.close()
    took = time.perf_counter() - started
    log(f"    FTS5 table: {n} documents in {took:.1f} s, {db_path.stat().st_size / 2**20:.0f} MiB")
    return {"documents": n, "build_s": round(took, 1), "size_mib": round(db_path.stat().st_size / 2**20, 1)}


def _fts_insert(db, rows, facets):
    db.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", [(r[0], r[1], r[2]) for r in rows])
    db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", [(r[0], r[3], r[4], r[5], r[6]) for r in rows])
    db.executemany("INSERT INTO facet VALUES (?, ?, ?)", facets)


def fts_match(q: str) -> str | None:
    """The FTS5 query of a mix query: quoted phrases kept, other words each
    quoted (all must match), document numbers as a phrase of their parts."""
    parts = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', q):
        text = m.group(1) if m.group(1) is not None else m.group(2)
        tokens = re.findall(r"\w+", text)
        if tokens:
            parts.append('"' + " ".join(tokens) + '"')
    return " ".join(parts) or None


def bench_fts(db_path: Path, mix: list[dict], log) -> dict:
    """The mix on FTS5: matching rows with the filters, total, the page
    (bm25 or date order) with snippets, and the five facet counts."""
    db = sqlite3.connect(str(db_path))
    db.execute("PRAGMA temp_store=MEMORY")
    times, by_kind = [], {}
    for item in mix:
        p = item["params"]
        t = time.perf_counter()
        where, args = [], []
        match = fts_match(item["q"])
        for name in ("district", "field"):
            if name in p:
                where.append(f"m.rowid IN (SELECT rowid FROM facet WHERE name='{name}' AND value=?)")
                args.append(p[name])
        if "year" in p:
            a, _, b = p["year"].partition("-")
            ys = [str(y) for y in range(int(a), int(b or a) + 1)]
            where.append("m.rowid IN (SELECT rowid FROM facet WHERE name='year' AND value IN (%s))"
                         % ",".join("?" * len(ys)))
            args += ys
        if "type" in p:
            where.append("m.doc_type = ?")
            args.append(p["type"])
        db.execute("DROP TABLE IF EXISTS temp.hits")
        if match:
            sql = ("CREATE TEMP TABLE hits AS SELECT docs.rowid AS rowid, docs.rank AS rank FROM docs "
                   "JOIN meta m ON m.rowid = docs.rowid WHERE docs MATCH ?")
            sql_args = [match] + args
        else:
            sql = "CREATE TEMP TABLE hits AS SELECT m.rowid AS rowid, 0 AS rank FROM meta m WHERE 1"
            sql_args = args
        if where:
            sql += " AND " + " AND ".join(where)
        db.execute(sql, sql_args)
        total = db.execute("SELECT count(*) FROM hits").fetchone()[0]
        order = {"newest": "m.date DESC", "oldest": "m.date ASC"}.get(p.get("sort", ""), "h.rank")
        if not match and order == "h.rank":
            order = "m.date DESC"
        offset = (int(p.get("page", 1)) - 1) * 20
        page = db.execute(f"SELECT h.rowid FROM hits h JOIN meta m ON m.rowid = h.rowid ORDER BY {order} "
                          f"LIMIT 20 OFFSET {offset}").fetchall()
        if match and page:
            ids = ",".join(str(r[0]) for r in page)
            db.execute(f"SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 24) FROM docs "
                       f"WHERE docs MATCH ? AND rowid IN ({ids})", [match]).fetchall()
        elif page:
            ids = ",".join(str(r[0]) for r in page)
            db.execute(f"SELECT rowid, substr(body, 1, 240) FROM docs WHERE rowid IN ({ids})").fetchall()
        for name in ("district", "field", "year"):
            db.execute("SELECT f.value, count(*) FROM hits h JOIN facet f ON f.rowid = h.rowid "
                       "WHERE f.name = ? GROUP BY f.value", [name]).fetchall()
        for col in ("doc_type", "source"):
            db.execute(f"SELECT m.{col}, count(*) FROM hits h JOIN meta m ON m.rowid = h.rowid "
                       f"GROUP BY m.{col}").fetchall()
        ms = (time.perf_counter() - t) * 1000
        del total
        times.append(ms)
        by_kind.setdefault(item["kind"], []).append(ms)
    db.close()
    out = summarize(times)
    out["by_kind"] = {k: summarize(v) for k, v in by_kind.items()}
    log(f"    SQLite FTS5: p50 {out['p50_ms']} ms, p95 {out['p95_ms']} ms, p99 {out['p99_ms']} ms")
    return out


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


# -- profiles: where the time goes ---------------------------------------------------
def _package(filename: str, funcname: str) -> str:
    f = filename.replace("\\", "/")
    if "CRFFeaturizer" in funcname or "CRFTagger" in funcname:
        return "underthesea (CRF, Rust)"
    for key, name in (("/underthesea/", "underthesea (Python)"), ("/whoosh/", "whoosh"),
                      ("/ingest/index/", "tracuu: ingest/index"), ("/ingest/extract/", "tracuu: ingest/extract"),
                      ("/ingest/readers/", "tracuu: ingest/readers"), ("/ingest/vietnamese/", "tracuu: ingest/vietnamese"),
                      ("/ingest/", "tracuu: ingest (other)"), ("/search_app/", "tracuu: search_app"),
                      ("/flask/", "flask/werkzeug/jinja"), ("/werkzeug/", "flask/werkzeug/jinja"),
                      ("/jinja2/", "flask/werkzeug/jinja"), ("/lxml/", "lxml/trafilatura"),
                      ("/trafilatura/", "lxml/trafilatura"), ("sqlite3", "sqlite")):
        if key in f:
            return name
    if f == "~":
        return "C built-ins (regex, str, pickle, zlib, …)"
    return "Python stdlib / other"


def by_package(stats) -> dict[str, float]:
    """Own time (tottime) per package, in seconds, from a pstats.Stats."""
    out: dict[str, float] = {}
    for (filename, _line, funcname), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        k = _package(filename, funcname)
        out[k] = out.get(k, 0.0) + tt
    return {k: round(v, 2) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}


def profile_ingest(docs: Path, n: int, log) -> dict:
    """One core (pinned), in process, the first `n` files: wall time of each
    stage (no profiler), then own time per package under cProfile."""
    import cProfile
    import importlib
    import pstats
    import tempfile

    from ingest.extract import extract
    from ingest.index.records import index_records, syllable_tokens
    from ingest.index.store import Store
    from ingest.pipeline import document_id, display_path
    from ingest.readers import read

    from ingest.run import batch_size

    seg_mod = importlib.import_module("ingest.vietnamese.segment")
    files = sorted(p for p in docs.rglob("*") if p.is_file())[:n]
    size = batch_size()   # documents per commit, as `tracuu ingest` commits

    def run(timed: dict | None):
        seg_mod.warm_up()
        orig_many, orig_sent = seg_mod._word_tokenize_many, None
        import underthesea

        t_seg = [0.0, 0.0]

        def timed(fn, slot: int):
            def call(arg):
                t = time.perf_counter()
                try:
                    return fn(arg)
                finally:
                    t_seg[slot] += time.perf_counter() - t
            return call

        seg_mod._word_tokenize_many = timed(orig_many, 0)
        orig_sent = underthesea.sent_tokenize
        underthesea.sent_tokenize = timed(orig_sent, 1)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(Path(tmp) / "ix")
                store.create_if_missing()
                ix = store.open()
                seg = seg_mod.Segmenter()
                T = {k: 0.0 for k in ("read", "extract", "records", "whoosh_add", "whoosh_commit")}
                writer, syll = None, 0
                for k, f in enumerate(files, 1):
                    t = time.perf_counter(); raw = read(str(f)); T["read"] += time.perf_counter() - t
                    t = time.perf_counter(); doc = extract(raw).to_json(); T["extract"] += time.perf_counter() - t
                    doc.update(id=document_id(f), path=display_path(f), abs_path=str(f))
                    syll += len(syllable_tokens(doc.get("title") or "")) + len(syllable_tokens(doc.get("body") or ""))
                    t = time.perf_counter(); recs = index_records(doc, seg, "x"); T["records"] += time.perf_counter() - t
                    if writer is None:
                        writer = store.writer(ix)
                    t = time.perf_counter()
                    for rec in recs:
                        writer.add_document(**rec)
                    T["whoosh_add"] += time.perf_counter() - t
                    if k % size == 0 or k == len(files):
                        t = time.perf_counter(); writer.commit(); writer = None; T["whoosh_commit"] += time.perf_counter() - t
        finally:
            seg_mod._word_tokenize_many = orig_many
            underthesea.sent_tokenize = orig_sent
        T["segment_word_tokenize"] = t_seg[0]
        T["segment_sent_tokenize"] = t_seg[1]
        T["records_other"] = T["records"] - t_seg[0] - t_seg[1]
        T["syllables"] = syll
        return T

    with pinned(one_cpu()):
        T = run(None)
    total = sum(T[k] for k in ("read", "extract", "records", "whoosh_add", "whoosh_commit"))
    stages = {k: {"s": round(T[k], 2), "ms_per_doc": round(T[k] / len(files) * 1000, 1),
                  "share": round(T[k] / total, 3)}
              for k in ("read", "extract", "segment_word_tokenize", "segment_sent_tokenize", "records_other",
                        "whoosh_add", "whoosh_commit")}
    log(f"  profile of {len(files)} documents on one core, {total:.1f} s: " +
        ", ".join(f"{k} {v['share']:.0%}" for k, v in stages.items()))
    prof = cProfile.Profile()
    with pinned(one_cpu()):
        prof.enable()
        run(None)
        prof.disable()
    pk = by_package(pstats.Stats(prof))
    return {"documents": len(files), "seconds": round(total, 2), "syllables": T["syllables"],
            "stages": stages, "cprofile_tottime_by_package_s": pk}


def profile_search(index: Path, mix: list[dict]) -> dict:
    """Own time per package over the query mix through /api/search (cProfile)."""
    import cProfile
    import pstats

    from search_app import create_app
    from search_app import state
    from search_app.state import warm_up

    state._indexes.clear()  # a new SearchIndex: no answers cached from the timed passes
    app = create_app(index_dir=str(index))
    warm_up(app)
    client = app.test_client()
    prof = cProfile.Profile()
    prof.enable()
    for item in mix:
        client.get("/api/search", query_string={"q": item["q"], **item["params"]})
    prof.disable()
    st = pstats.Stats(prof)
    top = []
    st.sort_stats("cumulative")
    for (filename, line, func), (_cc, nc, tt, ct, _c) in sorted(st.stats.items(), key=lambda kv: -kv[1][3])[:60]:
        if "/ingest/" in filename or "/whoosh/" in filename:
            top.append({"function": f"{Path(filename).parent.name}/{Path(filename).name}:{line}({func})",
                        "calls": nc, "cumulative_s": round(ct, 2)})
    return {"tottime_by_package_s": by_package(st), "top_cumulative": top[:25]}


# -- the run ------------------------------------------------------------------------
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
    import underthesea
    import whoosh

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "underthesea": underthesea.__version__, "whoosh": ".".join(map(str, whoosh.__version__)),
            "sqlite": sqlite3.sqlite_version, "load_at_start": os.getloadavg()}


def synthetic_paths(root: Path, n: int) -> list[str]:
    return [str(root / f"c{k:04d}") for k in range(math.ceil(n / CHUNK))]


def ensure_synthetic(root: Path, n: int, source: Path, seed: int, log) -> dict:
    """Folders c0000, c0001, … of CHUNK documents each (document i in
    folder i // CHUNK), written once and re-used by later runs."""
    info_path = root / "corpus.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    if info.get("seed") != seed or info.get("source") != str(source):
        shutil.rmtree(root, ignore_errors=True)
        info = {"seed": seed, "source": str(source), "chunks": 0, "numbers": []}
    root.mkdir(parents=True, exist_ok=True)
    need = math.ceil(n / CHUNK)
    if info["chunks"] < need:
        t = time.perf_counter()
        arts = generate.load_source(source)
        by_cat: dict[str, list[int]] = {}
        for k, a in enumerate(arts):
            by_cat.setdefault(a.category, []).append(k)
        for c in range(info["chunks"], need):
            folder = root / f"c{c:04d}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            for i in range(c * CHUNK, (c + 1) * CHUNK):
                name, text, facts = generate.synthetic_document(i, arts, by_cat, seed)
                (folder / name.replace("/", "-")).write_text(text, encoding="utf-8")
                if "number" in facts and len(info["numbers"]) < 200:
                    info["numbers"].append(facts["number"])
            info["chunks"] = c + 1
            info_path.write_text(json.dumps(info))
        log(f"  generated synthetic documents up to {need * CHUNK} in {time.perf_counter() - t:.0f} s")
    return info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", default=str(HERE / "work"), help="scratch folder (corpora, indexes)")
    ap.add_argument("--source", default=str(generate.DEFAULT_SOURCE), help="the Dân trí corpus folder")
    ap.add_argument("--sizes", default="10000,100000", help="synthetic corpus sizes for search (comma-separated)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="'all cores' (default: os.cpu_count())")
    ap.add_argument("--real-limit", type=int, default=None, help="use only the first N real articles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip", default="", help="comma-separated: real,search,fts,serve,reingest,profile")
    ap.add_argument("--build-only", action="store_true", help="only build the synthetic indexes (re-used by later runs)")
    ap.add_argument("--fast-above", type=int, default=None, metavar="N",
                    help="build synthetic indexes larger than N with bench/fastbuild.py instead of `tracuu ingest`")
    ap.add_argument("--smoke", action="store_true", help="1k synthetic documents, 150 real ones: a quick check")
    ap.add_argument("--out", default=None, help="JSON result file")
    args = ap.parse_args(argv)
    if args.smoke:
        args.sizes, args.real_limit = "1000", args.real_limit or 150
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    work, source = Path(args.work), Path(args.source)
    work.mkdir(parents=True, exist_ok=True)
    out_path = Path(args.out) if args.out else HERE / "results" / f"perf-{datetime.now():%Y%m%d-%H%M}.json"
    t_run = time.perf_counter()

    def log(msg):
        print(f"[{time.perf_counter() - t_run:7.1f}s] {msg}", flush=True)

    result: dict = {"started": datetime.now().isoformat(timespec="seconds"), "machine": machine(),
                    "args": vars(args), "ingest": {}, "search": {}}

    def save():
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(result, ensure_ascii=False, indent=1))

    # 1. ingest of the real articles ------------------------------------------------
    if "real" not in skip:
        real = work / "real"
        if not (real / "corpus.json").exists():
            shutil.rmtree(real, ignore_errors=True)
            generate.write_real(real / "docs", source)
            (real / "corpus.json").write_text("{}")
        docs = real / "docs"
        if args.real_limit:
            sub = work / f"real-{args.real_limit}"
            if not sub.exists():
                sub.mkdir()
                for f in sorted(docs.iterdir())[: args.real_limit]:
                    shutil.copy(f, sub / f.name)
            docs = sub
        log(f"ingest: real articles in {docs}")
        sentences, n_docs, n_syll = corpus_text([docs])
        log(f"  {n_docs} documents, {n_syll} syllables, {len(sentences)} sentences")
        r: dict = {"documents": n_docs, "syllables": n_syll, "sentences": len(sentences)}
        lim1 = segmenter_limit(sentences, 1)
        limn = segmenter_limit(sentences, args.jobs)
        r["limit"] = {"1": {"seconds": round(lim1, 2), "syllables_per_s": round(n_syll / lim1)},
                      str(args.jobs): {"seconds": round(limn, 2), "syllables_per_s": round(n_syll / limn)}}
        r["limit"]["1"]["cpus"] = sorted(one_cpu())
        log(f"  segmenter limit: 1 process on CPU {sorted(one_cpu())} {n_syll / lim1:.0f} syll/s; "
            f"{args.jobs} processes {n_syll / limn:.0f} syll/s")
        for jobs in sorted({1, args.jobs}):
            index = work / f"index-real-j{jobs}"
            shutil.rmtree(index, ignore_errors=True)
            # --jobs 1 is one core: the writer and its worker process share one CPU
            res = run_ingest([str(docs)], index, jobs, log, cpus=one_cpu() if jobs == 1 else None)
            secs = res["seconds"] or res["wall_s"]
            lim = lim1 if jobs == 1 else limn
            res.update({"docs_per_s": round(n_docs / secs, 2), "syllables_per_s": round(n_syll / secs),
                        "ratio_to_limit": round(lim / secs, 3),
                        "index_bytes_per_doc": round(du(index, ("segments.sqlite",)) / n_docs),
                        "segment_cache_bytes_per_doc": round(du(index) / n_docs) - round(
                            du(index, ("segments.sqlite",)) / n_docs)})
            r[f"jobs_{jobs}"] = res
            log(f"  --jobs {jobs}: {res['docs_per_s']} docs/s, {res['syllables_per_s']} syll/s, "
                f"{res['ratio_to_limit']:.2f} of the limit")
            save()
        one, alln = r["jobs_1"], r[f"jobs_{args.jobs}"]
        r["speedup_all_cores"] = round((one["seconds"] or one["wall_s"]) / (alln["seconds"] or alln["wall_s"]), 2)
        if "reingest" not in skip:
            re_res = run_ingest([str(docs)], work / f"index-real-j{args.jobs}", args.jobs, log)
            re_res["speedup_vs_first"] = round((alln["seconds"] or alln["wall_s"]) / max(re_res["seconds"] or 1e-3, 1e-3), 1)
            re_res["speedup_vs_first_wall"] = round(alln["wall_s"] / re_res["wall_s"], 1)
            r["reingest_unchanged"] = re_res
        if "profile" not in skip:
            r["profile"] = profile_ingest(docs, min(300, n_docs), log)
        result["ingest"]["real"] = r
        save()

    # 2. synthetic corpus, grown size by size --------------------------------------------
    if sizes and "search" not in skip:
        syn = work / "synthetic"
        info = ensure_synthetic(syn, sizes[-1], source, args.seed, log)
        prev = None
        mix = None
        for n in sizes:
            paths = synthetic_paths(syn, n)
            index = work / f"index-synthetic-{n}"
            marker = work / f"index-synthetic-{n}.json"
            built = json.loads(marker.read_text()) if marker.exists() else {}
            if built.get("seed") != args.seed or not index.exists():
                # grow a copy of the next smaller index (its documents are the first ones)
                shutil.rmtree(index, ignore_errors=True)
                if prev is not None:
                    shutil.copytree(prev, index)
                if args.fast_above is not None and n > args.fast_above:
                    import fastbuild

                    first = int(prev.name.rsplit("-", 1)[1]) if prev is not None else 0
                    log(f"fast build (bench/fastbuild.py): synthetic documents {first}..{n - 1}"
                        + (f" added to a copy of {prev.name}" if prev else ""))
                    res = {"method": "bench/fastbuild.py (no reading/extraction; MpWriter procs=2)",
                           "from_documents": first,
                           **fastbuild.build(index, first, n, lambda i: syn / f"c{i // CHUNK:04d}", source,
                                             args.seed, procs=args.jobs, log=log)}
                    res["peak_rss_mib"] = None
                else:
                    log(f"ingest: synthetic corpus to {n} documents" + (f" (from a copy of {prev.name})" if prev else ""))
                    res = run_ingest(paths, index, args.jobs, log)
                    secs = res["seconds"] or res["wall_s"]
                    added = (res["summary"].get("new") or 0)
                    res["docs_per_s"] = round(added / secs, 2) if secs else None
                    res["method"] = "tracuu ingest"
                res["index_bytes_per_doc"] = round(du(index, ("segments.sqlite",)) / n)
                res["segments"] = sum(1 for f in index.glob("*.seg"))
                res["built"] = datetime.now().isoformat(timespec="seconds")
                res["load_after"] = os.getloadavg()
                built = {"seed": args.seed, "size": n, "ingest": res}
                marker.write_text(json.dumps(built))
            else:
                log(f"re-using the {n}-document index built {built['ingest'].get('built')}")
                built["ingest"]["reused_in_this_run"] = True
            result["ingest"][f"synthetic_{n}"] = built["ingest"]
            save()
            prev = index
            if args.build_only:
                continue
            if mix is None:
                from ingest.index.search import SearchIndex

                values = SearchIndex(index).field_values()
                mix = query_mix(source, info["numbers"], values)
                result["query_mix"] = {"queries": len(mix),
                                       "kinds": {k: sum(1 for m in mix if m["kind"] == k) for k in
                                                 dict.fromkeys(m["kind"] for m in mix)}}
            log(f"search at {n} documents ({len(mix)} queries)")
            s: dict = {"api": bench_api(index, mix, log)}
            if "fts" not in skip:
                db = work / f"fts-{n}.sqlite"
                s["fts5_build"] = build_fts(index, db, log)
                s["fts5"] = bench_fts(db, mix, log)
                s["p95_ratio_tracuu_to_fts5"] = round(s["api"]["p95_ms"] / max(s["fts5"]["p95_ms"], 1e-3), 2)
                s["p50_ratio_tracuu_to_fts5"] = round(s["api"]["p50_ms"] / max(s["fts5"]["p50_ms"], 1e-3), 2)
                db.unlink()
            result["search"][str(n)] = s
            save()
        n = sizes[-1]
        if "reingest" not in skip and not args.build_only:
            log(f"re-ingest of the unchanged {n} documents")
            result["ingest"][f"synthetic_{n}_reingest_unchanged"] = run_ingest(synthetic_paths(syn, n), index, args.jobs, log)
            save()
        if "profile" not in skip and not args.build_only and mix is not None:
            log(f"profile of the query mix at {n} documents")
            result["search"][str(n)]["profile"] = profile_search(index, mix)
            save()
        if "serve" not in skip and not args.build_only:
            log(f"tracuu serve on the {n}-document index")
            result["serve"] = {"documents": n, **bench_serve(index, mix, log)}
        save()

    result["seconds"] = round(time.perf_counter() - t_run, 1)
    save()
    print()
    print(table(result))
    print(f"\nresults: {out_path}")
    return 0


def table(r: dict) -> str:
    """The short table of the README."""
    rows = [("measure", "value", "target")]
    ing = r.get("ingest", {})
    real = ing.get("real")
    if real:
        j = max(int(k[5:]) for k in real if k.startswith("jobs_"))
        one, alln = real["jobs_1"], real[f"jobs_{j}"]
        rows += [
            (f"real articles ingested", f"{real['documents']} docs, {real['syllables']:,} syllables", ""),
            ("segmenter limit, 1 core (pinned)", f"{real['limit']['1']['syllables_per_s']:,} syll/s", ""),
            ("ingest --jobs 1, 1 core (pinned)", f"{one['docs_per_s']} docs/s, {one['syllables_per_s']:,} syll/s", ""),
            ("ingest / limit, 1 core (pinned)", f"{one['ratio_to_limit']:.2f}", ">= 0.85"),
            (f"ingest, {j} cores", f"{alln['docs_per_s']} docs/s, {alln['syllables_per_s']:,} syll/s", ""),
            (f"ingest / limit, {j} cores", f"{alln['ratio_to_limit']:.2f}", ""),
            (f"speed-up {j} cores (unpinned) / 1 core", f"{real['speedup_all_cores']:.2f}x", ">= 1.7x"),
            ("peak memory, ingest", f"{max(one['peak_rss_mib'], alln['peak_rss_mib']):.0f} MiB resident "
             f"({max(one.get('peak_anon_mib', 0), alln.get('peak_anon_mib', 0)):.0f} MiB anonymous)", "<= 2048 MiB"),
            ("index size", f"{alln['index_bytes_per_doc'] / 1024:.1f} KiB/doc "
                           f"(+{alln['segment_cache_bytes_per_doc'] / 1024:.1f} KiB segment cache)", ""),
        ]
        if "reingest_unchanged" in real:
            re_ = real["reingest_unchanged"]
            rows.append(("unchanged re-ingest", f"{re_['seconds']} s ({re_['speedup_vs_first']}x faster; "
                                                f"CLI wall {re_['wall_s']} s, {re_['speedup_vs_first_wall']}x)", ">= 50x"))
    if real and "profile" in real:
        st = real["profile"]["stages"]
        rows.append((f"1-core profile ({real['profile']['documents']} docs)",
                     ", ".join(f"{k.replace('segment_', '').replace('whoosh_', 'whoosh ')} {v['share']:.0%}"
                               for k, v in st.items()), ""))
    for k, v in ing.items():
        if k.startswith("synthetic_") and k.endswith("_reingest_unchanged"):
            rows.append((f"unchanged re-ingest, {k.split('_')[1]} docs", f"{v['seconds']} s (wall {v['wall_s']} s)", ""))
        elif k.startswith("synthetic_") and v.get("method", "").startswith("bench/fastbuild"):
            rows.append((f"build to {k.split('_')[1]} docs (fastbuild, no extraction)",
                         f"{v.get('docs_per_s')} docs/s from {v.get('from_documents')}", ""))
        elif k.startswith("synthetic_"):
            rows.append((f"ingest to {k.split('_')[1]} docs (segment cache)",
                         f"{v.get('docs_per_s')} docs/s, peak {v['peak_rss_mib']:.0f} MiB "
                         f"({v.get('peak_anon_mib', 0):.0f} anon), "
                         f"{v['index_bytes_per_doc'] / 1024:.1f} KiB/doc", ""))
    for n, s in r.get("search", {}).items():
        a = s["api"]
        rows.append((f"search {int(n) // 1000}k docs, /api/search", f"p50 {a['p50_ms']} / p95 {a['p95_ms']} / "
                     f"p99 {a['p99_ms']} ms", "p50 <= 30, p95 <= 100 (100k)"))
        if "fts5" in s:
            f = s["fts5"]
            rows.append((f"search {int(n) // 1000}k docs, SQLite FTS5", f"p50 {f['p50_ms']} / p95 {f['p95_ms']} / "
                         f"p99 {f['p99_ms']} ms", ""))
            rows.append((f"p95 tracuu / FTS5 ({int(n) // 1000}k)", f"{s['p95_ratio_tracuu_to_fts5']}x", "<= 5x"))
    for n, s_ in r.get("search", {}).items():
        if "profile" in s_:
            pk = s_["profile"]["tottime_by_package_s"]
            tot = sum(pk.values()) or 1
            rows.append((f"search profile ({int(n) // 1000}k)", ", ".join(
                f"{k} {v / tot:.0%}" for k, v in list(pk.items())[:4]), ""))
    sv = r.get("serve")
    if sv:
        rows.append((f"serve cold start ({sv['documents'] // 1000}k)", f"{sv['cold_start_s']} s to first answer", ""))
        rows.append((f"serving memory ({sv['documents'] // 1000}k)", f"{sv.get('pss_after_mix_mib', 0):.0f} MiB PSS "
                     f"(RSS sum {sv['rss_after_mix_mib']:.0f}, anonymous {sv.get('anon_after_mix_mib', 0):.0f}), "
                     f"{sv.get('processes', '?')} processes", "<= 1024 MiB"))
    w = [max(len(str(row[i])) for row in rows) for i in range(3)]
    lines = [" | ".join(str(c).ljust(w[i]) for i, c in enumerate(row)) for row in rows]
    lines.insert(1, "-+-".join("-" * x for x in w))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
