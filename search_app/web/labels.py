"""What the UI shows for codes: field labels, document types, districts.

Document types come from ``ingest/vietnamese/data/doc_types.tsv`` through
:mod:`ingest.vietnamese.doctypes`.

Field labels come from one data file, extraction's
``ingest/extract/data/fields.tsv`` (code and label are its first two
columns; code "-" marks neutral phrases, not a field).
"""
from __future__ import annotations

import functools
import re
from datetime import datetime
from pathlib import Path

from ingest.vietnamese import doctypes


def _model_kinds() -> tuple[str, ...]:
    from ingest.extract.models import KINDS

    return KINDS


def _extract_fields_file() -> Path:
    import ingest

    return Path(ingest.__file__).resolve().parent / "extract" / "data" / "fields.tsv"

MODEL_KINDS = list(_model_kinds())
# the words earlier versions filed models under, still accepted in `kind=`
OLD_KINDS = {"gương": ["cá nhân"], "điển hình": ["cá nhân", "tập thể"]}
# doc_type codes (shared/spec/interfaces.md) -> the label the UI shows, from
# the one table of document types (ingest/vietnamese/data/doc_types.tsv)
DOC_TYPES = doctypes.labels()
FACET_TITLES = {
    "district": "Huyện, thành phố",
    "field": "Lĩnh vực",
    "year": "Năm",
    "doc_type": "Loại văn bản",
    "source": "Nguồn",
    "kind": "Loại mô hình",
}
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}


def _read_tsv(path: Path) -> dict[str, str]:
    """code -> label from the first two columns (first occurrence wins)."""
    out: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return out
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        code = parts[0].strip()
        if len(parts) >= 2 and re.fullmatch(r"[a-z][a-z0-9-]*", code) and code not in out:
            out[code] = parts[1].strip()
    return out


@functools.cache
def fields() -> dict[str, str]:
    """Field code -> Vietnamese label, in the order of fields.md."""
    return _read_tsv(_extract_fields_file())


def doc_types() -> dict[str, str]:
    return DOC_TYPES


@functools.cache
def districts() -> list[str]:
    """The province's districts (canonical names of fields.md)."""
    try:
        from ingest.vietnamese.gazetteer import districts as gazetteer_districts

        found = gazetteer_districts()
        if found:
            return list(found)
    except Exception:  # the gazetteer is optional for the app  # pragma: no cover
        pass
    return ["Thành phố Hòa Bình", "Đà Bắc", "Mai Châu", "Tân Lạc", "Lạc Sơn", "Kim Bôi",
            "Lạc Thủy", "Yên Thủy", "Cao Phong", "Lương Sơn", "Kỳ Sơn"]


def known_values() -> dict[str, list[str]]:
    """Valid filter values even when no document has them yet (index field -> values)."""
    return {"districts": districts(), "fields": list(fields()), "doc_type": list(doc_types()),
            "model_kind": MODEL_KINDS}


def field_label(code) -> str:
    return fields().get(code or "", code or "")


def doc_type_label(code) -> str:
    return doc_types().get(code or "", code or "")


def facet_label(facet: str, value) -> str:
    if facet == "field":
        return field_label(value)
    if facet == "doc_type":
        return doc_type_label(value)
    return str(value)


def vn_date(value) -> str:
    """"2018-04-22" -> "22/04/2018"; "2026-11-26T06:13:37+00:00" -> "26/11/2026 06:13"."""
    if not value:
        return ""
    text = str(value)
    try:
        if len(text) > 10:
            dt = datetime.fromisoformat(text)
            return dt.strftime("%d/%m/%Y %H:%M")
        return datetime.strptime(text[:10], "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return text


def vn_number(n) -> str:
    """12345 -> "12.345" (Vietnamese thousands separator)."""
    try:
        return f"{int(n):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(n)
