"""Models found in text nobody here wrote: precision and recall per kind and
per source, against a plain-NER baseline.

A labelled set is a folder of documents ``<id>.txt`` (or any format the
readers take) each with ``<id>.json``::

    {"source": "prose" | "table" | "scan", "fields": [...], "districts": [...],
     "models": [{"name": …, "kind": "cá nhân" | "tập thể" | "mô hình",
                 "district": …, "field": …, "year": …, "evidence": …}]}

written by a labeller who never read the extractor (``bench/queries/README.md``
says who wrote which set). A found model matches a labelled one when their
names share most of their distinctive syllables (folded; titles such as
"ông", "HTX", "mô hình" set aside): at least 60 % of the shorter name's, one
to one, best pairs first. For the matched pairs the district, field, year
and kind are compared too. The document's own fields (its main topics) and
districts are scored the same way (``doc:fields``, ``doc:districts``).

The baseline is what a user could run instead: underthesea's bundled NER
(offline), every person (PER) and organisation (ORG) it tags in the text
taken as a model.

Usage::

    python bench/model_eval.py DIR [DIR ...] [--baseline] [--show] [--out FILE]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extraction_eval import read_case  # noqa: E402

from ingest.vietnamese import fold, normalize  # noqa: E402

# words that say what a subject is, not which one
GENERIC = set("""ong ba anh chi em co thay giao vien cu bac chau thieu ta trung dai uy
dong chi gia dinh ho mo hinh cua o tai xa xom ban thon phuong thi tran huyen tinh thanh pho
htx hop tac clb cau lac bo to doi nhom chi truong tram y te cong an doanh nghiep cong ty
va voi trong cho cac nhung""".split())
THRESHOLD = 0.6


def tokens(name: str) -> set[str]:
    words = re.sub(r"[^\w\s]", " ", fold(normalize(name or "")).lower()).split()
    distinctive = {w for w in words if w not in GENERIC and not w.isdigit()}
    return distinctive or set(words)


def similarity(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def match(found: list[dict], labelled: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (found index, labelled index), best first."""
    scored = sorted(((similarity(f.get("name", ""), m.get("name", "")), i, j)
                     for i, f in enumerate(found) for j, m in enumerate(labelled)), reverse=True)
    used_f, used_l, pairs = set(), set(), []
    for s, i, j in scored:
        if s < THRESHOLD:
            break
        if i not in used_f and j not in used_l:
            used_f.add(i)
            used_l.add(j)
            pairs.append((i, j))
    return pairs


def baseline_models(text: str) -> list[dict]:
    """Every PER and ORG entity underthesea's NER tags."""
    from underthesea import ner, sent_tokenize

    out = []
    for sentence in sent_tokenize(text):
        current, label = [], None
        for word, _pos, _chunk, tag in ner(sentence):
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if tag.startswith("B-") or kind != label:
                if current and label in ("PER", "ORG"):
                    out.append({"name": " ".join(current), "kind": "cá nhân" if label == "PER" else "tập thể"})
                current, label = ([word], kind) if kind else ([], None)
            elif kind:
                current.append(word)
        if current and label in ("PER", "ORG"):
            out.append({"name": " ".join(current), "kind": "cá nhân" if label == "PER" else "tập thể"})
    return out


def _ratio(tp: int, total: int) -> float | None:
    return round(tp / total, 3) if total else None


def _scanned(doc_path: Path):
    """The document as a scan: rendered to an image-only PDF, read through OCR."""
    import tempfile

    from scan_render import render

    from ingest.readers import read

    with tempfile.TemporaryDirectory(prefix="model-eval-scan-") as tmp:
        pdf = render(doc_path.read_text(encoding="utf-8"), Path(tmp) / (doc_path.stem + ".pdf"))
        return read(str(pdf))


def evaluate(dirs: list[Path], system: str = "tracuu", scan: bool = False) -> dict:
    """Scores per kind and source; with `scan`, each table document is also
    read as a scan of itself (source "scan", not counted in "all")."""
    from ingest.extract import extract

    counts = defaultdict(lambda: {"tp_found": 0, "found": 0, "tp_labelled": 0, "labelled": 0})
    attrs = defaultdict(lambda: [0, 0])
    docs = []
    doc_diffs: dict[str, list[dict]] = {}
    for d in dirs:
        for label_path in sorted(d.glob("*.json")):
            doc_path = next((p for p in sorted(d.glob(label_path.stem + ".*")) if p.suffix != ".json"), None)
            if doc_path is None:
                continue
            label = json.loads(label_path.read_text(encoding="utf-8"))
            readings = [(label.get("source", "prose"), lambda p=doc_path: read_case(p))]
            if scan and label.get("source") == "table" and doc_path.suffix == ".txt":
                readings.append(("scan", lambda p=doc_path: _scanned(p)))
            for source, reader in readings:
                _score_one(counts, attrs, docs, system, extract, reader(), doc_path, d, source, label, doc_diffs)
    table = {k: {"precision": _ratio(v["tp_found"], v["found"]), "recall": _ratio(v["tp_labelled"], v["labelled"]),
                 "found": v["found"], "labelled": v["labelled"]} for k, v in sorted(counts.items())}
    return {"system": system, "documents": len({d["doc"] for d in docs}), "table": table,
            "attributes": {a: _ratio(ok, n) for a, (ok, n) in attrs.items()}, "docs": docs,
            "doc_diffs": doc_diffs}


def _score_one(counts, attrs, docs, system, extract, raw, doc_path, d, source, label, doc_diffs) -> None:
    """Count one reading of a labelled document (its models against the labels;
    for tracuu also the document's fields and districts)."""
    label_doc, labelled = label, label.get("models") or []
    if system == "tracuu":
        doc = extract(raw).to_json()
        found = doc.get("models") or []
        if source != "scan":
            # the document's own fields and districts against the labelled ones
            for attr in ("fields", "districts"):
                if attr in label_doc:
                    got, want = set(doc.get(attr) or []), set(label_doc[attr] or [])
                    key = f"doc:{attr}"
                    counts[key]["found"] += len(got)
                    counts[key]["tp_found"] += len(got & want)
                    counts[key]["labelled"] += len(want)
                    counts[key]["tp_labelled"] += len(got & want)
                    if got != want:
                        doc_diffs.setdefault(attr, []).append(
                            {"doc": f"{d.name}/{doc_path.name}", "extra": sorted(got - want),
                             "missed": sorted(want - got)})
    else:
        found = baseline_models("\n".join(raw.blocks) if hasattr(raw, "blocks") else doc_path.read_text())
    pairs = match(found, labelled)
    hit_f = {i for i, _ in pairs}
    hit_l = {j for _, j in pairs}
    keys = ("all", f"source:{source}", "kind:{}") if source != "scan" else ("source:scan", "scan:kind:{}")
    for i, f in enumerate(found):
        for key in keys:
            key = key.format(f.get("kind"))
            counts[key]["found"] += 1
            counts[key]["tp_found"] += i in hit_f
    for j, m in enumerate(labelled):
        for key in keys:
            key = key.format(m.get("kind"))
            counts[key]["labelled"] += 1
            counts[key]["tp_labelled"] += j in hit_l
    if source == "scan":
        pairs = []
    for i, j in pairs:
        for a in ("district", "field", "year", "kind"):
            if labelled[j].get(a) is not None:
                attrs[a][1] += 1
                attrs[a][0] += found[i].get(a) == labelled[j].get(a)
    docs.append({"doc": f"{d.name}/{doc_path.name}", "source": source,
                 "found": [f.get("name") for f in found], "labelled": [m.get("name") for m in labelled],
                 "missed": [labelled[j].get("name") for j in range(len(labelled)) if j not in hit_l],
                 "extra": [found[i].get("name") for i in range(len(found)) if i not in hit_f]})


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--baseline", action="store_true", help="also measure underthesea's plain NER")
    ap.add_argument("--show", action="store_true", help="print every document's missed and extra models")
    ap.add_argument("--scan", action="store_true",
                    help="also read every table document as a scan of itself (rendered, then OCR)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    results = [evaluate(args.dirs, scan=args.scan)]
    if args.baseline:
        results.append(evaluate(args.dirs, system="underthesea-ner"))
    for r in results:
        print(f"\n{r['system']}: {r['documents']} documents")
        print(f"{'':16} {'precision':>9} {'recall':>7} {'found':>6} {'labelled':>8}")
        for k, v in r["table"].items():
            p = "-" if v["precision"] is None else f"{v['precision']:.3f}"
            rc = "-" if v["recall"] is None else f"{v['recall']:.3f}"
            print(f"{k:16} {p:>9} {rc:>7} {v['found']:>6} {v['labelled']:>8}")
        print("matched pairs, attribute right:", r["attributes"])
    if args.show:
        for d in results[0]["docs"]:
            if d["missed"] or d["extra"]:
                print(f"\n{d['doc']} ({d['source']})\n  missed: {d['missed']}\n  extra:  {d['extra']}")
        for attr, diffs in results[0]["doc_diffs"].items():
            print(f"\ndocument {attr} that differ from the labels:")
            for x in diffs:
                print(f"  {x['doc']}: extra {x['extra']}, missed {x['missed']}")
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
