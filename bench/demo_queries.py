"""Graded queries on the demo corpus: natural, lower-case, unaccented, typo,
number and pasted-paragraph queries, judged by someone who read the
documents and not the code (``bench/queries/demo-*.jsonl``).

    python bench/demo_queries.py bench/queries/demo-A.jsonl [--code DIR]

The demo corpus is ingested into ``--work`` (once per checkout measured);
the same queries run on tracuu and on SQLite FTS5 over the documents
tracuu extracted (AND and OR, ranked by bm25). Reported per query kind:
nDCG@10 (grades 2 and 1), MRR@10 of the first grade-2 document, success@1
of a grade-2 document, queries with no result (and for kind "none": with
any result).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else \
    Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CODE))

from known_item import build_fts, fts_runner  # noqa: E402
from perf_system import REPO, tracuu_cmd  # noqa: E402


def ndcg(got: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(got[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else (1.0 if not got else 0.0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("queries", type=Path)
    ap.add_argument("--code", type=Path, default=CODE)
    ap.add_argument("--work", type=Path, default=REPO / "bench" / "work" / "demo-queries")
    ap.add_argument("--show", action="store_true", help="print each query's top 3")
    args = ap.parse_args(argv)
    items = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    work = args.work / CODE.name
    index, db = work / "index", work / "fts.sqlite"
    if not index.exists():
        subprocess.run(tracuu_cmd() + ["ingest", str(CODE / "corpus"), "--index", str(index)], check=True,
                       cwd=str(CODE), stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(CODE)})
        build_fts(index, db)
    from search_app.search.service import SearchService

    svc = SearchService(str(index))
    root = CODE

    def rel(h):
        p = Path(h["path"])
        return str(p.resolve().relative_to(root)) if p.is_absolute() else str(p)

    from ingest.errors import QueryError

    def tracuu(q):
        try:
            res = svc.search(q, per_page=10, facets=False, snippet_chars=0)
        except QueryError as exc:   # refused (the page shows the message): nothing found
            res = {"results": [], "total": 0, "error": str(exc)}
        return [rel(h) for h in res["results"]], res

    fts_and, fts_or = fts_runner(db, "AND"), fts_runner(db, "OR")
    stems = {}
    from ingest.index.store import Store
    with Store(index).snapshot() as s:
        for docnum in s.find(record="doc"):
            d = json.loads(s.stored(docnum)["data"])
            stems[Path(d["path"]).stem] = rel(d)
    systems = {"tracuu": lambda q: tracuu(q)[0],
               "fts5-and": lambda q: [stems.get(x, x) for x in fts_and(q)],
               "fts5-or": lambda q: [stems.get(x, x) for x in fts_or(q)]}
    table: dict = {}
    for item in items:
        grades = item.get("relevant") or {}
        for name, run in systems.items():
            got = run(item["query"])
            best = [d for d, g in grades.items() if g == 2]
            rank = next((i + 1 for i, d in enumerate(got[:10]) if d in best), None)
            row = table.setdefault((item["kind"], name), [])
            row.append({"ndcg": ndcg(got, grades), "rr": 1 / rank if rank else 0.0, "s1": rank == 1,
                        "zero": not got, "q": item["query"], "top": got[:3]})
            if args.show and name == "tracuu":
                _, res = tracuu(item["query"])
                print(f"[{item['kind']}] {item['query'][:70]!r} rank={rank} total={res['total']} "
                      f"rung={res.get('rung')} {res.get('interpreted') or ''}\n   top={got[:3]}\n   want={best}")
    kinds = list(dict.fromkeys(i["kind"] for i in items))
    print(f"{'kind':<11} {'system':<9} {'n':>3} {'nDCG@10':>8} {'MRR@10':>7} {'s@1':>5} {'zero':>5}")
    summary = {}
    for kind in kinds:
        for name in systems:
            rows = table[(kind, name)]
            n = len(rows)
            s = {"n": n, "ndcg10": round(sum(r["ndcg"] for r in rows) / n, 3),
                 "mrr10": round(sum(r["rr"] for r in rows) / n, 3),
                 "s1": round(sum(r["s1"] for r in rows) / n, 2), "zero": sum(r["zero"] for r in rows)}
            summary[f"{kind}/{name}"] = s
            print(f"{kind:<11} {name:<9} {n:>3} {s['ndcg10']:>8.3f} {s['mrr10']:>7.3f} {s['s1']:>5.2f} {s['zero']:>5}")
    for name in systems:
        rows = [r for (k, n), rs in table.items() if n == name and k != "none" for r in rs]
        print(f"{'all':<11} {name:<9} {len(rows):>3} {sum(r['ndcg'] for r in rows) / len(rows):>8.3f} "
              f"{sum(r['rr'] for r in rows) / len(rows):>7.3f} {sum(r['s1'] for r in rows) / len(rows):>5.2f} "
              f"{sum(r['zero'] for r in rows):>5}")
    out = REPO / "bench" / "results" / f"demo-queries-{args.queries.stem}-{CODE.name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
