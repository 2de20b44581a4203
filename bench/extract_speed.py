"""Reading and extraction time per document, of this checkout or another.

    python bench/extract_speed.py [--root CHECKOUT ...] [--folder DIR] [--limit N] [--rounds R]

Each checkout (default: this one) reads and extracts every file of
`--folder` (default: the real Dân trí articles) in its own process, with
its own code; rounds alternate between the checkouts so that both see the
same machine load, and the median over rounds of the total time per
document is reported, with the ratio to the first checkout. Segmentation
and indexing are not included: this is what ``ingest.extract`` costs.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FOLDER = HERE.parent.parent / "shared" / "data" / "news-underthesea-unc-dantri" / "data"

_CHILD = r'''
import json, sys, time
root, folder, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root)
from pathlib import Path
from ingest.extract import extract
from ingest.readers import read
files = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm"))[:limit]
raws = [read(str(p)) for p in files[:20]]
for raw in raws:                      # warm-up: data files, compiled patterns
    extract(raw)
t_read = t_extract = 0.0
models = 0
for p in files:
    t = time.perf_counter()
    raw = read(str(p))
    t_read += time.perf_counter() - t
    t = time.perf_counter()
    doc = extract(raw)
    t_extract += time.perf_counter() - t
    models += len(doc.models)
print(json.dumps({"docs": len(files), "read_ms": 1000 * t_read / len(files),
                  "extract_ms": 1000 * t_extract / len(files), "models": models}))
'''


def run_once(root: Path, folder: Path, limit: int) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(folder), str(limit)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", action="append", type=Path, default=None,
                    help="a checkout to measure (repeat; default: this one); the first is the reference")
    ap.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--limit", type=int, default=100000, help="only the first N files")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    roots = [r.resolve() for r in (args.root or [HERE.parent])]
    if not args.folder.is_dir():
        ap.error(f"--folder: {args.folder} is not a folder")
    runs: dict[Path, list[dict]] = {r: [] for r in roots}
    for i in range(args.rounds):
        for r in (roots if i % 2 == 0 else roots[::-1]):
            runs[r].append(run_once(r, args.folder, args.limit))
    ref = None
    print(f"{'checkout':40} {'docs':>6} {'read ms':>8} {'extract ms':>10} {'ratio':>6} {'models':>6}")
    for r in roots:
        read_ms = statistics.median(x["read_ms"] for x in runs[r])
        ext_ms = statistics.median(x["extract_ms"] for x in runs[r])
        ref = ref or ext_ms
        print(f"{str(r)[-40:]:40} {runs[r][0]['docs']:>6} {read_ms:>8.2f} {ext_ms:>10.2f} "
              f"{ext_ms / ref:>6.2f} {runs[r][0]['models']:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
