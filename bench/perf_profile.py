"""Profiles for bench/perf.py: where the time of ingest and search goes."""
from __future__ import annotations

import time
from pathlib import Path

from perf_system import one_cpu, pinned


# -- profiles: where the time goes ---------------------------------------------------
def _package(filename: str, funcname: str) -> str:
    f = filename.replace("\\", "/")
    if "CRFFeaturizer" in funcname or "CRFTagger" in funcname:
        return "underthesea (CRF, Rust)"
    # tracuu's ingest/index/ (its whoosh/ backend included) before Whoosh's own package
    for key, name in (("/underthesea/", "underthesea (Python)"), ("/ingest/index/", "tracuu: ingest/index"),
                      ("/whoosh/", "whoosh"), ("/ingest/extract/", "tracuu: ingest/extract"),
                      ("/ingest/readers/", "tracuu: ingest/readers"),
                      ("/ingest/vietnamese/", "tracuu: ingest/vietnamese"),
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
    from ingest.pipeline import display_path, document_id
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
                seg = seg_mod.Segmenter()
                T = {k: 0.0 for k in ("read", "extract", "records", "whoosh_add", "whoosh_commit")}
                writer, syll = None, 0
                for k, f in enumerate(files, 1):
                    t = time.perf_counter()
                    raw = read(str(f))
                    T["read"] += time.perf_counter() - t
                    t = time.perf_counter()
                    doc = extract(raw).to_json()
                    T["extract"] += time.perf_counter() - t
                    doc.update(id=document_id(f), path=display_path(f), abs_path=str(f))
                    syll += len(syllable_tokens(doc.get("title") or "")) + len(syllable_tokens(doc.get("body") or ""))
                    t = time.perf_counter()
                    recs = index_records(doc, seg, "x")
                    T["records"] += time.perf_counter() - t
                    if writer is None:
                        writer = store.writer()
                    t = time.perf_counter()
                    for rec in recs:
                        writer.add(rec)
                    T["whoosh_add"] += time.perf_counter() - t
                    if k % size == 0 or k == len(files):
                        t = time.perf_counter()
                        writer.commit()
                        writer = None
                        T["whoosh_commit"] += time.perf_counter() - t
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
    from search_app.web import state
    from search_app.web.state import warm_up

    state._indexes.clear()  # a new SearchService: no answers cached from the timed passes
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
    for (filename, line, func), (_cc, nc, _tt, ct, _c) in sorted(st.stats.items(), key=lambda kv: -kv[1][3])[:60]:
        if "/ingest/" in filename or "/whoosh/" in filename:
            top.append({"function": f"{Path(filename).parent.name}/{Path(filename).name}:{line}({func})",
                        "calls": nc, "cumulative_s": round(ct, 2)})
    return {"tottime_by_package_s": by_package(st), "top_cumulative": top[:25]}
