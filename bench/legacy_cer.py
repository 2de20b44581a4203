"""CER of the legacy-encoding readers against the viparse corpus transcripts.

    python bench/legacy_cer.py [CORPUS_DIR] [--converter libreoffice|antiword|catdoc|all]

CORPUS_DIR defaults to ../shared/data/legacy-encoding-viparse-corpus relative
to the repository root. Every file of ``corpus/{tcvn3,vni}/`` is read with the
project's readers (``ingest.readers.office`` for .doc/.rtf; for .pdf the
project's PDF reader when it exists, else the pypdfium2 text layer, each
followed by ``ingest.vietnamese.legacy.fix_mojibake``) and compared with
``ground-truth/<stem>.txt``. Kinds without a reader (.xls, .ppt) are listed
as skipped.

Metric (as the corpus's METRIC.md prescribes the preprocessing): both sides
NFC, white space collapsed to one space; CER = Levenshtein distance /
transcript length. Reported twice: as is, and case-folded (``cer_nocase``),
because the transcripts keep many .VnTimeH headings in lower case (what a
byte-level conversion gives) while the readers restore the capitals the
font draws. ``mojibake`` counts characters left in the output that are
typical of undecoded TCVN3/VNI (e.g. "§", "¸", "µ", "Ö" inside words) beyond
those in the transcript. Per kind: CER over all characters of the kind
(micro) and the mean of per-file CERs.

Results go to bench/results/legacy_cer[-CONVERTER].json (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz.distance import Levenshtein  # noqa: E402  (bench-only dependency)

from ingest.readers import office  # noqa: E402
from ingest.readers.base import ReaderError  # noqa: E402
from ingest.vietnamese.legacy import fix_mojibake  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "legacy-encoding-viparse-corpus"
READ_KINDS = ("doc", "rtf", "pdf")
SKIP_KINDS = ("xls", "ppt")

# Latin-1 characters that are not Vietnamese letters but are TCVN3/VNI codes
_MOJIBAKE_CHARS = (r"[\xa1-\xbf\xc4-\xc8\xcb\xce\xcf\xd1\xd6-\xd8\xdb\xdc\xde\xdf"
                   r"\xe4-\xe8\xeb\xee\xef\xf1\xf6-\xf8\xfb\xfc\xfe\xff\u2212\u2219]")
_MOJIBAKE_RE = re.compile(rf"(?<=[A-Za-z]){_MOJIBAKE_CHARS}|{_MOJIBAKE_CHARS}(?=[A-Za-z])")


def prep(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def read_pdf_text(path: Path) -> tuple[str, str]:
    """The project's PDF path: ingest.readers.pdf when present, else the
    pypdfium2 text layer; then the legacy step if the reader did not do it."""
    try:
        from ingest.readers import pdf as pdf_reader  # someone else's module
        doc = pdf_reader.read(str(path))
        text, how = doc.text, "readers.pdf"
        if doc.meta.get("legacy_encoding"):
            return text, how
    except ImportError:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        how = "pypdfium2 text layer"
    fonts = _pdf_fonts(path)
    fixed = fix_mojibake(text, fonts=fonts)
    return (fixed[0] if fixed else text), how + " + fix_mojibake"


def _pdf_fonts(path: Path) -> list[str]:
    import pdfplumber

    fonts = set()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            fonts.update(c.get("fontname", "") for c in page.chars)
    return sorted(fonts)


def read_one(path: Path, kind: str, converter: str | None) -> tuple[str, str]:
    if kind == "doc":
        doc = office.read_doc(str(path), converter=converter)
    elif kind == "rtf":
        doc = office.read_rtf(str(path), converter=None if converter == "antiword" else converter)
    else:
        return read_pdf_text(path)
    return "\n".join(doc.blocks), f"{doc.meta.get('converter')} ({doc.meta.get('legacy_encoding')})"


def run(corpus: Path, converter: str | None) -> dict:
    files = sorted(p for p in (corpus / "corpus").glob("*/*") if p.is_file())
    per_file = []
    skipped = []
    for path in files:
        kind = path.suffix.lower().lstrip(".")
        truth_path = corpus / "ground-truth" / f"{path.stem}.txt"
        if kind not in READ_KINDS:
            skipped.append({"file": str(path.relative_to(corpus)), "kind": kind, "reason": "no reader for this kind"})
            continue
        if not truth_path.exists():
            skipped.append({"file": str(path.relative_to(corpus)), "kind": kind, "reason": "no transcript"})
            continue
        truth = prep(truth_path.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        try:
            text, how = read_one(path, kind, converter)
            error = None
        except ReaderError as exc:
            text, how, error = "", "", str(exc)
        seconds = time.perf_counter() - t0
        pred = prep(text)
        dist = Levenshtein.distance(pred, truth)
        dist_nc = Levenshtein.distance(pred.lower(), truth.lower())
        moji = max(0, len(_MOJIBAKE_RE.findall(pred)) - len(_MOJIBAKE_RE.findall(truth)))
        per_file.append({
            "file": str(path.relative_to(corpus)), "kind": kind, "encoding_dir": path.parent.name,
            "chars": len(truth), "edits": dist, "edits_nocase": dist_nc,
            "cer": dist / max(1, len(truth)), "cer_nocase": dist_nc / max(1, len(truth)),
            "mojibake": moji, "seconds": round(seconds, 3), "how": how, "error": error,
        })
    kinds = {}
    for kind in READ_KINDS:
        rows = [r for r in per_file if r["kind"] == kind]
        if not rows:
            continue
        chars = sum(r["chars"] for r in rows)
        kinds[kind] = {
            "files": len(rows),
            "errors": sum(1 for r in rows if r["error"]),
            "cer": sum(r["edits"] for r in rows) / chars,
            "cer_nocase": sum(r["edits_nocase"] for r in rows) / chars,
            "mean_file_cer": sum(r["cer"] for r in rows) / len(rows),
            "mean_file_cer_nocase": sum(r["cer_nocase"] for r in rows) / len(rows),
            "files_cer_le_1pct_nocase": sum(1 for r in rows if r["cer_nocase"] <= 0.01),
            "mojibake_chars": sum(r["mojibake"] for r in rows),
            "seconds_total": round(sum(r["seconds"] for r in rows), 2),
        }
    chars = sum(r["chars"] for r in per_file)
    overall = {
        "files": len(per_file),
        "cer": sum(r["edits"] for r in per_file) / max(1, chars),
        "cer_nocase": sum(r["edits_nocase"] for r in per_file) / max(1, chars),
    }
    return {"corpus": str(corpus), "converter": converter or "auto", "per_file": per_file,
            "per_kind": kinds, "overall": overall, "skipped": skipped}


def report(res: dict) -> None:
    print(f"converter: {res['converter']}")
    print(f"{'file':62} {'kind':4} {'chars':>7} {'CER':>7} {'CERnc':>7} {'moji':>5} {'s':>6}")
    for r in res["per_file"]:
        flag = f"  ERROR {r['error'][:60]}" if r["error"] else ""
        print(f"{r['file'][:62]:62} {r['kind']:4} {r['chars']:7d} {r['cer']:7.2%} {r['cer_nocase']:7.2%} "
              f"{r['mojibake']:5d} {r['seconds']:6.2f}{flag}")
    print()
    for kind, k in res["per_kind"].items():
        print(f"{kind}: {k['files']} files, {k['errors']} errors, CER {k['cer']:.2%} "
              f"(case-folded {k['cer_nocase']:.2%}), "
              f"mean per file {k['mean_file_cer']:.2%} ({k['mean_file_cer_nocase']:.2%}), "
              f"{k['files_cer_le_1pct_nocase']}/{k['files']} files <= 1% case-folded, "
              f"mojibake left {k['mojibake_chars']}, {k['seconds_total']} s")
    o = res["overall"]
    print(f"overall: {o['files']} files, CER {o['cer']:.2%} (case-folded {o['cer_nocase']:.2%})")
    kinds = {}
    for s in res["skipped"]:
        kinds.setdefault(s["kind"], []).append(s["file"])
    for kind, fs in kinds.items():
        print(f"skipped {kind}: {len(fs)} files ({'no reader' if kind in SKIP_KINDS else 'see JSON'})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--converter", choices=("libreoffice", "antiword", "catdoc", "all"), default=None)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "corpus").is_dir():
        print(f"{corpus}: not the legacy-encoding corpus (no corpus/ folder)", file=sys.stderr)
        return 2
    out_dir = REPO / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    convs = ["libreoffice", "antiword", "catdoc"] if args.converter == "all" else [args.converter]
    for conv in convs:
        res = run(corpus, conv)
        report(res)
        name = "legacy_cer" + (f"-{conv}" if conv else "") + ".json"
        (out_dir / name).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"-> {out_dir / name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
