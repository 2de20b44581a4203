"""Every model the extractor reports on a folder of real articles, to read.

    python bench/real_models.py ../shared/data/news-underthesea-unc-dantri/data --out FILE.json

No labels exist for real national news; precision there is counted by
reading the list this prints (name, kind, district, field and the
evidence sentence of each model). The articles are read in place, never
copied.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def models_of(folder: Path) -> tuple[int, list[dict]]:
    from ingest.extract import extract
    from ingest.readers import read

    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm"))
    out = []
    for path in files:
        try:
            doc = extract(read(str(path)))
        except Exception as exc:  # a broken file is reported, the run goes on
            print(f"{path.name}: {exc}", file=sys.stderr)
            continue
        for m in doc.models:
            out.append({"doc": path.stem, "name": m.name, "kind": m.kind, "district": m.district,
                        "field": m.field, "year": m.year, "sentence": m.sentence})
    return len(files), out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    n, found = models_of(args.folder)
    for i, m in enumerate(found, 1):
        print(f"{i:>3}. [{m['doc']}] {m['name']} ({m['kind']}; {m['district']}; {m['field']}; {m['year']})")
        print(f"     {(m['sentence'] or '')[:220]}")
    print(f"\n{len(found)} models in {n} documents")
    if args.out:
        args.out.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
