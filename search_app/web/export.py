"""CSV export of the models table, made to open correctly in Excel.

* UTF-8 with a byte-order mark, so Excel reads Vietnamese text as UTF-8;
* CRLF line endings, every field quoted when needed (csv module);
* a cell beginning with = + - @ (or a tab / carriage return) is prefixed
  with an apostrophe, so a spreadsheet never runs it as a formula
  (CSV/formula injection).
"""
from __future__ import annotations

import csv
import io

from .labels import field_label

COLUMNS = ["name", "kind", "district", "field", "field_label", "year", "document_id",
           "document_title", "date", "snippet"]
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_DANGEROUS):
        return "'" + text
    return text


MODEL_COLUMNS = ["name", "aliases", "kind", "district", "field", "field_label", "year", "first_year", "mentions",
                 "documents", "document_id", "document_title", "date", "snippet"]


def models_csv(rows: list[dict], by: str = "model") -> str:
    """One row per model (:data:`MODEL_COLUMNS`: ``year`` is the last year
    it is mentioned in), or per mention (:data:`COLUMNS`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if by == "model":
        writer.writerow(MODEL_COLUMNS)
        for r in rows:
            writer.writerow([safe_cell(v) for v in (
                r.get("name"), "; ".join(r.get("aliases") or []), r.get("kind"), r.get("district"), r.get("field"),
                field_label(r.get("field")), r.get("last_year"), r.get("first_year"), r.get("mentions"),
                r.get("documents"), r.get("document_id"), r.get("document_title"), r.get("date"),
                " ".join(str(r.get("snippet") or "").split()),
            )])
        return "\ufeff" + buf.getvalue()
    writer.writerow(COLUMNS)
    for r in rows:
        snippet = r.get("sentence") or r.get("snippet") or ""
        writer.writerow([safe_cell(v) for v in (
            r.get("name"), r.get("kind"), r.get("district"), r.get("field"), field_label(r.get("field")),
            r.get("year"), r.get("document_id"), r.get("document_title"), r.get("date"),
            " ".join(str(snippet).split()),
        )])
    return "\ufeff" + buf.getvalue()
