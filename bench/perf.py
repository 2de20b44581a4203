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
import os
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

# bench/generate.py and the benchmark's parts beside this file
import generate  # noqa: E402
from perf_ingest import (  # noqa: E402
    CHUNK,
    corpus_text,
    ensure_synthetic,
    run_ingest,
    segmenter_limit,
    synthetic_paths,
)
from perf_profile import profile_ingest, profile_search  # noqa: E402
from perf_search import bench_api, bench_fts, build_fts  # noqa: E402
from perf_serve import bench_serve  # noqa: E402
from perf_system import du, machine, one_cpu  # noqa: E402
from querymix import query_mix  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", default=str(HERE / "work"), help="scratch folder (corpora, indexes)")
    ap.add_argument("--source", default=str(generate.DEFAULT_SOURCE), help="the Dân trí corpus folder")
    ap.add_argument("--sizes", default="10000,100000", help="synthetic corpus sizes for search (comma-separated)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="'all cores' (default: os.cpu_count())")
    ap.add_argument("--real-limit", type=int, default=None, help="use only the first N real articles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip", default="", help="comma-separated: real,search,fts,serve,reingest,profile")
    ap.add_argument("--build-only", action="store_true",
                    help="only build the synthetic indexes (re-used by later runs)")
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
            re_res["speedup_vs_first"] = round(
                (alln["seconds"] or alln["wall_s"]) / max(re_res["seconds"] or 1e-3, 1e-3), 1)
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
                    log(f"ingest: synthetic corpus to {n} documents"
                        + (f" (from a copy of {prev.name})" if prev else ""))
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
                from search_app.search import SearchService

                values = SearchService(index).field_values()
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
            result["ingest"][f"synthetic_{n}_reingest_unchanged"] = run_ingest(
                synthetic_paths(syn, n), index, args.jobs, log)
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
            ("real articles ingested", f"{real['documents']} docs, {real['syllables']:,} syllables", ""),
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
            rows.append((f"unchanged re-ingest, {k.split('_')[1]} docs",
                         f"{v['seconds']} s (wall {v['wall_s']} s)", ""))
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
