"""A document dict -> the Whoosh records of the document and its models."""
from __future__ import annotations

import json
import os
from datetime import datetime

from ..vietnamese import fold
from ..vietnamese.docnumbers import number_key
from ..vietnamese.segment import Segmenter


def model_key(name: str) -> str:
    return " ".join(fold(name).split())


def index_records(doc: dict, segmenter: Segmenter, digest: str) -> list[dict]:
    """Whoosh field dicts for a document and its models.

    Title and body are segmented exactly once here; the syllable, bi-word
    and folded views are derived by Whoosh's analyzers from the same text.
    """
    title = doc.get("title") or ""
    body = doc.get("body") or ""
    title_words = " ".join(segmenter.words(title))
    body_words = " ".join(segmenter.words(body))
    date = _date(doc.get("date"))
    years = doc.get("years") or ([date.year] if date else [])
    models = doc.get("models") or []
    for i, m in enumerate(models):
        m["id"] = f"{doc['id']}-m{i + 1}"
        m["key"] = model_key(m.get("name") or "")
    record = {
        "id": doc["id"],
        "record": "doc",
        "path": doc["path"],
        "abs_path": doc.get("abs_path") or os.path.abspath(doc["path"]),
        "file_hash": digest,
        "format": doc.get("format") or "",
        "title": title,
        "title_w": title_words,
        "title_f": title,
        "body": body,
        "body_w": body_words,
        "body_bi": body,
        "body_f": body,
        "abbr": " ".join(a.lower() for a in (doc.get("abbreviations") or {})),
        "years": ",".join(str(y) for y in years),
        "doc_type": doc.get("doc_type") or "",
        "number": doc.get("number") or "",
        "number_key": number_key(doc["number"]) if doc.get("number") else "",
        "cites_key": ",".join(number_key(c) for c in doc.get("citations") or []),
        "agency": doc.get("agency") or "",
        "source": doc.get("source") or "",
        "author": doc.get("author") or "",
        "districts": ",".join(doc.get("districts") or []),
        "fields": ",".join(doc.get("fields") or []),
        "model_key": ",".join(m["key"] for m in models),
        "ocr": "yes" if doc.get("ocr_pages") else "",
        "data": json.dumps(doc, ensure_ascii=False),
    }
    if date:
        record["date"] = date
        record["year"] = date.year
    records = [_drop_empty(record)]
    for m in models:
        year = m.get("year") or (date.year if date else None)
        sentence = m.get("sentence") or ""
        name = m.get("name") or ""
        mrec = {
            "id": m["id"],
            "record": "model",
            "document_id": doc["id"],
            "path": doc["path"],
            "title": name,
            "title_w": " ".join(segmenter.words(name)),
            "title_f": name,
            "body": sentence,
            "body_f": sentence,
            "body_bi": sentence,
            "doc_type": doc.get("doc_type") or "",
            "districts": m.get("district") or "",
            "fields": m.get("field") or "",
            "years": str(year) if year else "",
            "model_kind": m.get("kind") or "",
            "model_key": m["key"],
            "data": json.dumps(
                {**m, "document_id": doc["id"], "document_title": title,
                 "date": doc.get("date"), "path": doc["path"]},
                ensure_ascii=False,
            ),
        }
        if year:
            mrec["year"] = int(year)
        if date:
            mrec["date"] = date
        records.append(_drop_empty(mrec))
    return records


def _drop_empty(record: dict) -> dict:
    return {k: v for k, v in record.items() if v not in ("", None)}


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError:
        return None


