"""Header values of real government PDFs against their labels, and poppler.

    python bench/govdocs_eval.py [--labels bench/labelled/govdocs-11.json]
                                 [--pdfs ../shared/data/govdocs-pdf-vietlexibot/pdf] [--show]

For each labelled PDF (``file``, ``doc_type``, ``number``, ``date``,
``agency``, ``province``; ``number_source`` / ``date_source`` say whether a
value is printed, stamped, handwritten or blank): tracuu's type, number,
date and agency, and whether it tagged a Hòa Bình district on a document
from elsewhere. Beside it, what a user could do instead: poppler's
``pdftotext`` on page 1 and the usual regular expressions for "Số: …" and
"…, ngày … tháng … năm …" (no OCR, so scans give nothing).

A value counts as right when it equals the label (numbers and agencies
compared without case, spaces and the "UBND" / "Ủy ban nhân dân" spelling);
a null label is right when nothing is found. Handwritten values are
counted, and listed apart: the target is every printed or stamped value.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_LABELS = ROOT / "bench" / "labelled" / "govdocs-11.json"
DEFAULT_PDFS = ROOT.parent / "shared" / "data" / "govdocs-pdf-vietlexibot" / "pdf"
VALUES = ("doc_type", "number", "date", "agency")


def _norm(attr: str, value) -> str | None:
    if value in (None, ""):
        return None
    from ingest.vietnamese.normalize import fold, normalize

    v = normalize(str(value))
    if attr == "number":
        return re.sub(r"\s+", "", v).upper()
    if attr == "agency":
        v = re.sub(r"(?i)ủy ban nhân dân|uỷ ban nhân dân", "UBND", v)
        v = re.sub(r"(?i)hội đồng nhân dân", "HĐND", v)
        return fold(re.sub(r"\s+", " ", v)).lower().strip()
    return v


def tracuu_values(pdf: Path) -> dict:
    from ingest.extract import extract
    from ingest.readers import read

    doc = extract(read(str(pdf)))
    return {"doc_type": doc.doc_type, "number": doc.number, "date": doc.date, "agency": doc.agency,
            "districts": list(doc.districts), "warnings": list(doc.warnings)}


_P_NUMBER_RE = re.compile(r"Số\s*:?\s*(\d{1,6})\s*\.?\s*/\s*([\w\-Đđ/]+)")
_P_DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def poppler_values(pdf: Path) -> dict:
    """pdftotext -layout on page 1 and two regular expressions."""
    out = {"doc_type": None, "number": None, "date": None, "agency": None}
    exe = shutil.which("pdftotext")
    if exe is None:
        return out
    try:
        text = subprocess.run([exe, "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                              timeout=60, check=False).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return out
    m = _P_NUMBER_RE.search(text)
    if m:
        out["number"] = f"{m.group(1)}/{m.group(2)}"
    m = _P_DATE_RE.search(text)
    if m:
        out["date"] = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--pdfs", type=Path, default=DEFAULT_PDFS)
    ap.add_argument("--show", action="store_true", help="print every document's values")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if not args.labels.is_file():
        ap.error(f"--labels: {args.labels} not found")
    if not args.pdfs.is_dir():
        ap.error(f"--pdfs: {args.pdfs} is not a folder (the real PDFs live in ../shared/data)")
    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    systems = {"tracuu": tracuu_values, "pdftotext+regex": poppler_values}
    right = {s: dict.fromkeys(VALUES, 0) for s in systems}
    printed = {s: dict.fromkeys(("number", "date"), 0) for s in systems}
    n_printed = dict.fromkeys(("number", "date"), 0)
    foreign_tagged = 0
    rows = []
    for lab in labels:
        pdf = args.pdfs / lab["file"]
        row = {"file": lab["file"]}
        for name, fn in systems.items():
            got = fn(pdf)
            row[name] = got
            for attr in VALUES:
                ok = _norm(attr, got.get(attr)) == _norm(attr, lab.get(attr))
                right[name][attr] += ok
                if attr in ("number", "date") and lab.get(f"{attr}_source") in ("printed", "stamped"):
                    printed[name][attr] += ok
            if name == "tracuu" and lab.get("province") not in ("Hòa Bình", None) and got.get("districts"):
                foreign_tagged += 1
        for attr in ("number", "date"):
            n_printed[attr] += lab.get(f"{attr}_source") in ("printed", "stamped")
        rows.append(row)
    n = len(labels)
    print(f"{n} labelled PDFs ({args.labels.name})")
    print(f"{'':18} " + " ".join(f"{a:>9}" for a in VALUES) + "   printed/stamped number, date")
    for name in systems:
        print(f"{name:18} " + " ".join(f"{right[name][a]:>6}/{n:<2}" for a in VALUES)
              + f"   {printed[name]['number']}/{n_printed['number']}, {printed[name]['date']}/{n_printed['date']}")
    print(f"documents from elsewhere tagged with a Hòa Bình district: {foreign_tagged}")
    if args.show:
        for lab, row in zip(labels, rows):
            print(f"\n{lab['file']}")
            for attr in VALUES:
                t, p = row["tracuu"].get(attr), row["pdftotext+regex"].get(attr)
                mark = "ok" if _norm(attr, t) == _norm(attr, lab.get(attr)) else "--"
                print(f"  {attr:9} label {lab.get(attr)!s:32} tracuu {t!s:32} {mark}  pdftotext {p}")
            stamped = [w for w in row["tracuu"]["warnings"] if "stamp" in w or "OCR" in w]
            if stamped:
                print("  warnings:", "; ".join(stamped))
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
