"""Two checkouts of tracuu, one index, the same queries: same answers? how fast?

For a change that must not change behaviour (a restructuring, a faster
path): each checkout answers the benchmark's query mix (``perf.py``'s
``query_mix``, 208 queries) through its own Flask app's ``/api/search``, in
its own process, and the answers are compared query by query (status,
total, result ids, scores, snippets, facets, suggestions, number hits).
Rounds alternate between the checkouts so that both see the same machine
load; the medians over rounds are reported.

    python bench/compare_checkouts.py OLD_CHECKOUT NEW_CHECKOUT --index bench/work/index-synthetic-10000

The index must be readable by both (same on-disk format). The query mix is
built once, with NEW_CHECKOUT's code, from the index's own values and the
benchmark corpus (``--corpus-info``: the synthetic corpus's ``corpus.json``).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# run inside a checkout's process: sys.argv = [root, index, mix file, answers file]
_CHILD = r'''
import json, sys, time
root, index, mix_file, out = sys.argv[1:5]
sys.path.insert(0, root)
from search_app import create_app
try:
    from search_app.web import state
except ImportError:          # checkouts before search_app/web/
    from search_app import state
mix = json.load(open(mix_file, encoding="utf-8"))
app = create_app(index_dir=index)
state.warm_up(app)
client = app.test_client()
client.get("/api/search", query_string={"q": "khởi động"})
times, answers = [], []
for item in mix:
    t = time.perf_counter()
    r = client.get("/api/search", query_string={"q": item["q"], **item["params"]})
    times.append((time.perf_counter() - t) * 1000)
    b = r.get_json() or {}
    answers.append({"status": r.status_code, "total": b.get("total"), "facets": b.get("facets"),
                    "results": [[h["id"], h["score"], h["snippet"]] for h in b.get("results", [])],
                    "suggestions": b.get("suggestions"), "number_hits": b.get("number_hits")})
json.dump({"times": times, "answers": answers}, open(out, "w", encoding="utf-8"), ensure_ascii=False)
'''


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def build_mix(new_root: Path, index: Path, corpus_info: Path, source: Path, out: Path) -> int:
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(new_root / 'bench')!r}); sys.path.insert(0, {str(new_root)!r})\n"
        "try:\n    from querymix import query_mix\nexcept ImportError:\n    from perf import query_mix\n"
        "from search_app.search import SearchService\n"
        f"info = json.load(open({str(corpus_info)!r}))\n"
        f"values = SearchService({str(index)!r}).field_values()\n"
        f"mix = query_mix(__import__('pathlib').Path({str(source)!r}), info['numbers'], values)\n"
        f"json.dump(mix, open({str(out)!r}, 'w', encoding='utf-8'), ensure_ascii=False)\n"
        "print(len(mix))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(new_root))
    if res.returncode != 0:
        sys.exit(f"compare_checkouts: could not build the query mix:\n{res.stderr[-2000:]}")
    return int(res.stdout.split()[-1])


def run(root: Path, index: Path, mix: Path, out: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(index), str(mix), str(out)],
                         capture_output=True, text=True, cwd=tempfile.gettempdir())
    if res.returncode != 0:
        sys.exit(f"compare_checkouts: {root} failed:\n{res.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def differences(mix: list[dict], a: list[dict], b: list[dict]) -> dict:
    kinds = {k: [] for k in ("status", "total", "ids", "scores", "snippets", "facets", "suggestions",
                             "number_hits")}
    for item, x, y in zip(mix, a, b):
        q = item["q"]
        for key in ("status", "total", "facets", "suggestions", "number_hits"):
            if x[key] != y[key]:
                kinds[key].append(q)
        if [r[0] for r in x["results"]] != [r[0] for r in y["results"]]:
            kinds["ids"].append(q)
        elif any(abs((p[1] or 0) - (r[1] or 0)) > 1e-3 for p, r in zip(x["results"], y["results"])):
            kinds["scores"].append(q)
        if [r[2] for r in x["results"]] != [r[2] for r in y["results"]]:
            kinds["snippets"].append(q)
    return {k: {"count": len(v), "examples": v[:5]} for k, v in kinds.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", type=Path, help="the checkout before the change")
    ap.add_argument("new", type=Path, help="the checkout after the change")
    ap.add_argument("--index", type=Path, default=HERE / "work" / "index-synthetic-10000")
    ap.add_argument("--corpus-info", type=Path, default=HERE / "work" / "synthetic" / "corpus.json")
    ap.add_argument("--source", type=Path, default=HERE.parent.parent / "shared" / "data" /
                    "news-underthesea-unc-dantri", help="the Dân trí corpus folder (title words for the mix)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds per checkout (default 3)")
    ap.add_argument("--out", type=Path, default=None, help="JSON result file")
    args = ap.parse_args(argv)
    for p in (args.old, args.new, args.index, args.corpus_info):
        if not p.exists():
            ap.error(f"{p} does not exist")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        mix_file = tmp / "mix.json"
        n = build_mix(args.new.resolve(), args.index.resolve(), args.corpus_info.resolve(), args.source, mix_file)
        mix = json.loads(mix_file.read_text(encoding="utf-8"))
        rounds = {"old": [], "new": []}
        answers = {}
        for i in range(args.rounds):
            for name in ("old", "new"):
                res = run(getattr(args, name).resolve(), args.index.resolve(), mix_file, tmp / f"{name}.json")
                t = res["times"]
                rounds[name].append({"p50_ms": round(statistics.median(t), 1), "p95_ms": round(pct(t, 95), 1),
                                     "p99_ms": round(pct(t, 99), 1)})
                answers[name] = res["answers"]
                print(f"round {i + 1} {name}: p50 {rounds[name][-1]['p50_ms']} ms, "
                      f"p95 {rounds[name][-1]['p95_ms']} ms", flush=True)
    diff = differences(mix, answers["old"], answers["new"])
    summary = {name: {k: round(statistics.median(r[k] for r in rs), 1) for k in ("p50_ms", "p95_ms", "p99_ms")}
               for name, rs in rounds.items()}
    result = {"queries": n, "index": str(args.index), "rounds": rounds, "median_of_rounds": summary,
              "differences": diff}
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{n} queries; median of {args.rounds} rounds: old p50 {summary['old']['p50_ms']} / p95 "
          f"{summary['old']['p95_ms']} ms, new p50 {summary['new']['p50_ms']} / p95 {summary['new']['p95_ms']} ms")
    print("answers that differ: " + ", ".join(f"{k} {v['count']}" for k, v in diff.items()))
    return 1 if any(v["count"] for v in diff.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
