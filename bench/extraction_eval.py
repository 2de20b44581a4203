"""Precision and recall of extraction on the labelled cases.

Every ``tests/extraction_cases/<case>.<ext>`` (txt, html, pdf, docx…) with a
``<case>.json`` beside it is read through the readers
(``ingest.readers.read``; a plain paragraph split when no reader handles
the file), run through ``ingest.extract.extract`` and compared with the
expected values of the keys its JSON names:

* scalar attributes (date, number, doc_type, source, author, agency, signer,
  signer_title, subject, title): exact match after normalization; a wrong
  value counts against precision and recall, a missing one against recall,
  a value where null was expected against precision;
* list attributes (years, citations, related, districts, fields, models):
  sets per case, micro-averaged (models compare by folded name);
* abbreviations: the expected abbreviation=expansion pairs must be present
  (recall; extra curated entries are not errors);
* body: each ``body_includes`` phrase must be in the body and each
  ``body_excludes`` phrase must not (a leaked phrase counts against
  precision, a lost one against recall).

Usage::

    python bench/extraction_eval.py [--cases DIR] [--out FILE] [--verbose]

prints a table per attribute and writes the figures and every mismatch as
JSON to ``bench/results/extraction_eval.json``. ``tests/test_extraction_eval.py``
runs the same scoring and asserts the aims.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.vietnamese import fold, normalize  # noqa: E402

CASES_DIR = ROOT / "tests" / "extraction_cases"
RESULTS = ROOT / "bench" / "results" / "extraction_eval.json"

SCALARS = ("date", "number", "doc_type", "source", "author", "agency", "signer",
           "signer_title", "subject", "title")
LISTS = ("years", "citations", "related", "districts", "fields", "models")
# the aims of the issue; the test asserts them
AIMS = {"date": 0.95, "number": 0.95, "doc_type": 0.95, "districts": 0.95,
        "fields": 0.85, "models": 0.85}
ORDER = SCALARS[:3] + ("districts", "fields", "models", "years", "citations", "related") + \
    SCALARS[3:] + ("abbreviations", "body")


def _text_key(value) -> str:
    s = normalize(str(value))
    s = s.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return " ".join(s.split()).strip(" .")


def _model_key(m) -> str:
    name = m.get("name", "") if isinstance(m, dict) else str(m)
    return " ".join(re.sub(r"[^\w\s]", " ", fold(normalize(name))).split())


def _list_keys(attr: str, values) -> set:
    values = values or []
    if attr == "years":
        return {int(v) for v in values}
    if attr == "models":
        return {_model_key(m) for m in values}
    if attr == "citations":
        from ingest.vietnamese.docnumbers import number_key
        return {number_key(v) for v in values}
    if attr == "related":
        return {_text_key(v).lower() for v in values}
    return {_text_key(v) for v in values}


def case_files(cases_dir: Path = CASES_DIR) -> list[tuple[str, Path, Path]]:
    out = []
    for expected in sorted(cases_dir.glob("*.json")):
        docs = [p for p in sorted(cases_dir.glob(expected.stem + ".*")) if p.suffix != ".json"]
        if docs:
            out.append((expected.stem, docs[0], expected))
    return out


def _fallback_raw(path: Path):
    from ingest.readers.base import RawDocument

    text = path.read_text(encoding="utf-8", errors="replace")
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(parts) <= 1:
        parts = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return RawDocument(path=str(path), format=path.suffix.lstrip(".").lower(), blocks=parts)


def read_case(path: Path):
    try:
        from ingest.readers import read
    except ImportError:
        return _fallback_raw(path)
    try:
        return read(str(path))
    except Exception as exc:  # no reader for this format yet
        if path.suffix.lower() in (".txt", ".text"):
            return _fallback_raw(path)
        raise RuntimeError(f"{path.name}: {exc}") from exc


def run_cases(cases_dir: Path = CASES_DIR) -> list[dict]:
    from ingest.extract import extract

    runs = []
    for name, doc_path, exp_path in case_files(cases_dir):
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        try:
            got = extract(read_case(doc_path)).to_json()
            error = None
        except Exception as exc:  # scored as all-missing, reported
            got, error = {}, f"{type(exc).__name__}: {exc}"
        runs.append({"case": name, "file": doc_path.name, "expected": expected, "got": got, "error": error})
    return runs


def _empty():
    return {"tp": 0, "fp": 0, "fn": 0, "cases": 0}


def score(runs: list[dict]) -> tuple[dict, list[dict]]:
    """(metrics per attribute, mismatches)."""
    counts: dict[str, dict] = {}
    mismatches: list[dict] = []

    def add(attr, tp=0, fp=0, fn=0):
        c = counts.setdefault(attr, _empty())
        c["tp"] += tp
        c["fp"] += fp
        c["fn"] += fn

    for run in runs:
        exp, got, case = run["expected"], run["got"], run["case"]
        for attr in SCALARS:
            if attr not in exp:
                continue
            counts.setdefault(attr, _empty())["cases"] += 1
            e, g = exp[attr], got.get(attr)
            ek = _text_key(e) if e is not None else None
            gk = _text_key(g) if g not in (None, "") else None
            if ek is None and gk is None:
                continue
            if ek == gk:
                add(attr, tp=1)
            else:
                add(attr, fp=1 if gk is not None else 0, fn=1 if ek is not None else 0)
                mismatches.append({"case": case, "attr": attr, "expected": e, "got": g})
        for attr in LISTS:
            if attr not in exp:
                continue
            counts.setdefault(attr, _empty())["cases"] += 1
            e, g = _list_keys(attr, exp[attr]), _list_keys(attr, got.get(attr))
            add(attr, tp=len(e & g), fp=len(g - e), fn=len(e - g))
            if e != g:
                mismatches.append({"case": case, "attr": attr, "missing": sorted(map(str, e - g)),
                                   "extra": sorted(map(str, g - e))})
        if "abbreviations" in exp:
            counts.setdefault("abbreviations", _empty())["cases"] += 1
            got_abbr = got.get("abbreviations") or {}
            for abbr, expansion in exp["abbreviations"].items():
                if _text_key(got_abbr.get(abbr, "")).lower() == _text_key(expansion).lower():
                    add("abbreviations", tp=1)
                else:
                    add("abbreviations", fn=1)
                    mismatches.append({"case": case, "attr": "abbreviations", "expected": {abbr: expansion},
                                       "got": got_abbr.get(abbr)})
        if "body_includes" in exp or "body_excludes" in exp:
            counts.setdefault("body", _empty())["cases"] += 1
            body = got.get("body") or ""
            for phrase in exp.get("body_includes", []):
                if normalize(phrase) in body:
                    add("body", tp=1)
                else:
                    add("body", fn=1)
                    mismatches.append({"case": case, "attr": "body", "lost": phrase})
            for phrase in exp.get("body_excludes", []):
                if normalize(phrase) in body:
                    add("body", fp=1)
                    mismatches.append({"case": case, "attr": "body", "leaked": phrase})
                else:
                    add("body", tp=1)
        if run["error"]:
            mismatches.append({"case": case, "attr": "error", "got": run["error"]})

    metrics = {}
    for attr, c in counts.items():
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        metrics[attr] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                         "tp": tp, "fp": fp, "fn": fn, "cases": c["cases"]}
    return metrics, mismatches


def evaluate(cases_dir: Path = CASES_DIR) -> tuple[dict, list[dict], list[dict]]:
    runs = run_cases(cases_dir)
    metrics, mismatches = score(runs)
    return metrics, mismatches, runs


def format_table(metrics: dict) -> str:
    lines = [f"{'attribute':<14} {'cases':>5} {'P':>7} {'R':>7} {'F1':>7}   tp/fp/fn   aim"]
    for attr in [a for a in ORDER if a in metrics] + sorted(set(metrics) - set(ORDER)):
        m = metrics[attr]
        aim = AIMS.get(attr)
        flag = ""
        if aim is not None:
            flag = f"≥{aim:.2f} " + ("ok" if min(m["precision"], m["recall"]) >= aim else "BELOW")
        lines.append(f"{attr:<14} {m['cases']:>5} {m['precision']:>7.3f} {m['recall']:>7.3f} {m['f1']:>7.3f}"
                     f"   {m['tp']}/{m['fp']}/{m['fn']:<6} {flag}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=CASES_DIR)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--verbose", "-v", action="store_true", help="print every mismatch")
    args = ap.parse_args(argv)
    metrics, mismatches, runs = evaluate(args.cases)
    print(f"{len(runs)} cases from {args.cases}")
    print(format_table(metrics))
    if args.verbose:
        for m in mismatches:
            print(json.dumps(m, ensure_ascii=False))
    else:
        print(f"{len(mismatches)} mismatches (--verbose to list them)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"cases": len(runs), "metrics": metrics, "mismatches": mismatches},
                                   ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
