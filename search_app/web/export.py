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


def models_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows:
        snippet = r.get("sentence") or r.get("snippet") or ""
        writer.writerow([safe_cell(v) for v in (
            r.get("name"), r.get("kind"), r.get("district"), r.get("field"), field_label(r.get("field")),
            r.get("year"), r.get("document_id"), r.get("document_title"), r.get("date"),
            " ".join(str(snippet).split()),
        )])
    return "\ufeff" + buf.getvalue()
