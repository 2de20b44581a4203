"""Search for bench/perf.py: the query mix through /api/search, and the same
mix on a SQLite FTS5 table of the same documents."""
from __future__ import annotations

import json
import math
import re
import sqlite3
import statistics
import time
from pathlib import Path


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
    from search_app.web import state
    from search_app.web.state import warm_up

    state._indexes.clear()  # a new SearchService, as in a new server process
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
    n = 0
    with Store(index).snapshot() as s:
        rows, facets = [], []
        for docnum in s.find(record="doc"):
            fields = s.stored(docnum)
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
