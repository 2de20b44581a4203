"""Per-page text-layer quality, OCR routing, OCR time and confidence for PDFs.

    python bench/ocr_pdfs.py [PDF_DIR] [--transcripts DIR] [--check-pages N] [--dpi 300]

PDF_DIR defaults to ../shared/data/govdocs-pdf-vietlexibot/pdf relative to
the repository root. For every page: the quality of its text layer
(``ingest.readers.ocr.text_layer_quality`` on the pypdfium2 text), whether it
goes to OCR (quality "empty" or "garbage"), and for those the seconds and the
mean word confidence of ``ingest.readers.ocr.ocr_pages`` (one page per call,
so the time is that page's: render + tesseract).

CER: where ``--transcripts DIR`` holds ``<pdf stem>.p<N>.txt`` for a page, the
OCR text is compared with it. The govdocs set has no transcripts, so the
script also OCRs up to ``--check-pages`` pages per PDF that have a good text
layer (born-digital pages rendered at DPI = a clean scan) and reports the CER
of the OCR text against that text layer (both NFC, white space collapsed;
reading-order differences of two-column headers count as errors, so this is
an upper bound; ``word_miss``, the share of the layer's words missing from the
OCR text in any order, separates recognition from order).

Results: bench/results/ocr_pdfs.json (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pypdfium2 as pdfium  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402  (bench-only dependency)

from ingest.readers import ocr  # noqa: E402
from ingest.vietnamese.normalize import normalize  # noqa: E402

DEFAULT_DIR = REPO.parent / "shared" / "data" / "govdocs-pdf-vietlexibot" / "pdf"


def prep(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(unicodedata.normalize("NFC", text))).strip()


def cer(hyp: str, ref: str) -> float:
    hyp, ref = prep(hyp), prep(ref)
    return Levenshtein.distance(hyp, ref) / max(1, len(ref))


def bag_miss(hyp: str, ref: str) -> float:
    """Share of reference words missing from the hypothesis, order ignored
    (separates recognition errors from reading-order differences)."""
    h, r = Counter(prep(hyp).split()), Counter(prep(ref).split())
    return sum((r - h).values()) / max(1, sum(r.values()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf_dir", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--transcripts", default=None)
    ap.add_argument("--check-pages", type=int, default=2, help="text-layer pages per PDF to OCR as a reference check")
    ap.add_argument("--dpi", type=int, default=ocr.DPI)
    args = ap.parse_args(argv)
    ocr.DPI = args.dpi
    if not ocr.tesseract_available():
        print("tesseract with the 'vie' model is not installed: apt-get install tesseract-ocr tesseract-ocr-vie",
              file=sys.stderr)
        return 2
    transcripts = Path(args.transcripts) if args.transcripts else None
    files = sorted(Path(args.pdf_dir).glob("*.pdf"))
    out = {"engine": ocr.engine_name(), "dpi": args.dpi, "files": []}
    ocr_secs, ref_cers, tr_cers, ref_miss = [], [], [], []
    print(f"engine: {out['engine']}, {args.dpi} dpi")
    print(f"{'file':34} {'page':>4} {'layer':8} {'OCR':4} {'s':>6} {'conf':>5} {'CER':>7} ref")
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        layers = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        pdf.close()
        pages = []
        checked = 0
        for number, layer in enumerate(layers, start=1):
            quality = ocr.text_layer_quality(layer)
            to_ocr = quality != "ok"
            check = not to_ocr and checked < args.check_pages
            row = {"page": number, "layer": quality, "ocr": to_ocr, "seconds": None, "confidence": None,
                   "cer": None, "reference": None}
            if to_ocr or check:
                t0 = time.perf_counter()
                res = ocr.ocr_pages(str(path), [number])
                row["seconds"] = round(time.perf_counter() - t0, 2)
                text, conf = res.get(number, ("", 0.0))
                row["confidence"] = conf
                ref_file = transcripts / f"{path.stem}.p{number}.txt" if transcripts else None
                if ref_file and ref_file.exists():
                    row["cer"], row["reference"] = cer(text, ref_file.read_text(encoding="utf-8")), "transcript"
                    tr_cers.append(row["cer"])
                elif check:
                    row["cer"], row["reference"] = cer(text, layer), "text layer"
                    row["word_miss"] = bag_miss(text, layer)
                    ref_cers.append(row["cer"])
                    ref_miss.append(row["word_miss"])
                    checked += 1
                if to_ocr:
                    ocr_secs.append(row["seconds"])
            pages.append(row)
            c = f"{row['cer']:7.2%}" if row["cer"] is not None else "      -"
            s = f"{row['seconds']:6.2f}" if row["seconds"] is not None else "     -"
            cf = f"{row['confidence']:5.1f}" if row["confidence"] is not None else "    -"
            wm = f" word-miss {row['word_miss']:.1%}" if row.get("word_miss") is not None else ""
            print(f"{path.name[:34]:34} {number:4d} {quality:8} {'yes' if to_ocr else 'no':4} {s} {cf} {c} "
                  f"{row['reference'] or ''}{wm}")
        out["files"].append({"file": path.name, "pages": pages,
                             "ocr_pages": [p["page"] for p in pages if p["ocr"]]})
    summary = {
        "pdfs": len(files),
        "pages": sum(len(f["pages"]) for f in out["files"]),
        "pages_to_ocr": len(ocr_secs),
        "ocr_seconds_mean": round(sum(ocr_secs) / len(ocr_secs), 2) if ocr_secs else None,
        "ocr_seconds_max": max(ocr_secs) if ocr_secs else None,
        "cer_vs_text_layer_mean": sum(ref_cers) / len(ref_cers) if ref_cers else None,
        "cer_vs_text_layer_median": sorted(ref_cers)[len(ref_cers) // 2] if ref_cers else None,
        "word_miss_vs_text_layer_mean": sum(ref_miss) / len(ref_miss) if ref_miss else None,
        "cer_vs_transcripts_mean": sum(tr_cers) / len(tr_cers) if tr_cers else None,
    }
    out["summary"] = summary
    print()
    for f in out["files"]:
        print(f"{f['file']}: OCR pages {f['ocr_pages'] or 'none'}")
    print(json.dumps(summary, indent=1))
    res_dir = REPO / "bench" / "results"
    res_dir.mkdir(parents=True, exist_ok=True)
    name = "ocr_pdfs.json" if args.dpi == 300 else f"ocr_pdfs-{args.dpi}dpi.json"
    (res_dir / name).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"-> {res_dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
