"""Extraction: a RawDocument -> a :class:`~ingest.document.Document` (docs/document.md).

:func:`extract` normalizes every block (``ingest.vietnamese.normalize``),
then runs the pieces:

- :mod:`.mainbody` — main text vs related teasers, source tag, byline,
  first-line title and date line;
- :mod:`.docinfo` — type, number, agency, signer, subject and title of an
  administrative document, and the documents a text cites;
- :mod:`.dates` — publication/signing date and the years a text is about;
- :mod:`.districts`, :mod:`.fields`, :mod:`.models` — districts, fields
  (lĩnh vực) and models (mô hình, điển hình) named in the text;
- abbreviations: the curated dictionary's entries that occur in the text
  plus the definitions the document makes itself.

It never raises on odd input: what cannot be found is None / empty and a
warning says why.
"""
from __future__ import annotations

import re

from ingest.document import Document, Model, RawDocument
from ingest.vietnamese import normalize
from ingest.vietnamese.abbreviations import curated, find_definitions
from ingest.vietnamese.docnumbers import find_numbers
from ingest.vietnamese.ocrfix import fix_header

from ..vietnamese.normalize import fold
from .dates import document_date, years_about
from .districts import find_districts
from .docinfo import citations, document_info, is_admin_document
from .fields import classify
from .mainbody import main_body, strip_source_tag
from .models import find_models
from .models.tables import SECTION_LINE

__all__ = ["extract"]


# A definition ("điển hình tiên tiến (ĐHTT)") needs "(" + capitals, "&", "-"
# + ")" in the normalized text; before normalization those capitals may
# still carry invisible characters and combining marks, and "Ð" becomes
# "Đ". A text without this can hold no definition.
_MAYBE_DEFINITION_RE = re.compile("\\([A-Z\u0110\u00d0&\\-\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f]+\\)")


def _abbreviations(text: str) -> dict[str, str]:
    # the parts of a document number ("162/KH-UBND") are no abbreviations in use
    for start, end, _ in reversed(find_numbers(text)):
        text = text[:start] + " " * (end - start) + text[end:]
    found: dict[str, str] = {}
    table = curated()
    for abbr, expansions in table.forward.items():
        if not expansions or abbr.split("-")[0] not in text:
            continue
        # whole tokens only: "AN" inside "QP-AN" is not the abbreviation AN
        pattern = re.escape(abbr).replace(r"\-", r"\s*-\s*")   # "KT - XH" is KT-XH
        if re.search(r"(?<![\w&\-])" + pattern + r"(?![\w&\-])", text):
            found[abbr] = expansions[0]
    if _MAYBE_DEFINITION_RE.search(text):   # most texts define nothing: skip the costly search
        found.update(find_definitions(text))  # the document's own word wins
    return dict(sorted(found.items()))


def _fallback_title(blocks: list[str]) -> str | None:
    """The opening words of the lead, for a page with no title."""
    for b in blocks:
        text = strip_source_tag(b)
        sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].strip()
        words = sentence.split()
        if not words:
            continue
        if len(words) > 15:
            return " ".join(words[:15]).rstrip(",;:") + "…"
        return sentence
    return None


def _table_text(tables: list[list[list[str]]], body: str) -> list[str]:
    """Rows of tables whose text the blocks do not already hold."""
    folded_body = fold(body)
    rows = []
    for table in tables:
        for row in table:
            cells = [c for c in row if c and c.strip()]
            if not cells:
                continue
            line = " | ".join(cells)
            if fold(" ".join(cells)) not in folded_body and fold(cells[-1]) not in folded_body:
                rows.append(line)
    return rows


_ROW_NO_RE = re.compile(r"(?:^|(?<=\s))(\d{1,3})\s*\|\s")


def _split_merged_rows(block: str) -> list[str]:
    """Table rows a reader ran together into one block ("STT | Tên | … 1 |
    HTX … | Nông nghiệp 2 | Tổ … | An ninh") -> one block per row, split
    where the row numbers 1, 2, 3… start; anything else is left alone."""
    if block.count("|") < 4 or "\n" in block:
        return [block]
    starts = []
    expected = 1
    for m in _ROW_NO_RE.finditer(block):
        if int(m.group(1)) == expected:
            starts.append(m.start(1))
            expected += 1
    if len(starts) < 2:
        return [block]
    head = block[:starts[0]].strip()
    if head and "|" not in head:
        return [block]
    parts = [block[a:b].strip() for a, b in zip(starts, starts[1:] + [len(block)])]
    if any(p.count("|") < 1 for p in parts):
        return [block]
    return ([head] if head else []) + parts


def _group_rows(blocks: list[str]) -> list[str]:
    """Consecutive table rows written as text ("1 | HTX … | xã … | Nông
    nghiệp"), one per block, joined into one block of lines: the form in
    which the models extractor reads a text table."""
    out: list[str] = []
    rows: list[str] = []
    blocks = blocks + [""]
    for i, block in enumerate(blocks):
        if block.count("|") >= 2 and "\n" not in block:
            rows.append(block)
            continue
        if rows and SECTION_LINE.match(block.strip()) and blocks[i + 1].count("|") >= 2:
            rows.append(block)      # "II. CÁ NHÂN" between two rows: the table goes on
            continue
        if rows:
            out.append("\n".join(rows))
            rows = []
        if block:
            out.append(block)
    return out


_LOW_CONFIDENCE = 60


def _header_confidence(doc: Document, words: list, warnings: list[str]) -> dict[str, float]:
    """Tesseract's confidence in each header value read from an OCR'd page 1:
    for each of the value's tokens the best confidence of a header word
    holding it, and of those the least; a warning for a value under
    :data:`_LOW_CONFIDENCE`."""
    ocr = [(fold(str(w)).lower(), float(c)) for w, c in words]
    out: dict[str, float] = {}
    for name, value in (("number", doc.number), ("date", doc.date), ("agency", doc.agency)):
        if not value:
            continue
        if name == "date":
            y, m, d = value.split("-")
            tokens = {str(int(d)), str(int(m)), y}
        else:
            tokens = {t for t in re.split(r"[^\w]+", fold(value).lower()) if len(t) >= 2 or t.isdigit()}
            tokens -= {"ubnd", "hdnd"}
        # each token's best reading among the header's words, then the least sure token
        confs = [max((c for w, c in ocr if t in re.split(r"[^\w]+", w)), default=None) for t in tokens]
        confs = [c for c in confs if c is not None]
        if not confs:
            continue
        out[name] = round(min(confs), 1)
        if out[name] < _LOW_CONFIDENCE:
            warnings.append(f"{name} {value} read by OCR with low confidence ({out[name]:.0f}%): check it on the scan")
    return out


def extract(raw: RawDocument) -> Document:
    """The :class:`~ingest.document.Document` of one RawDocument; id is None."""
    warnings: list[str] = list(raw.warnings)
    meta = dict(raw.meta)
    fmt = raw.format or ""
    blocks = [normalize(b) for b in raw.blocks if isinstance(b, str)]
    blocks = [row for b in blocks if b.strip() for row in _split_merged_rows(b)]
    if 1 in (raw.ocr_pages or []):
        blocks = fix_header(blocks)     # an OCR'd header: "QUYÉT ĐỊNH", "TÍNH LAI CHÂU" spelled right
    tables = [
        [[normalize(c) if isinstance(c, str) else "" for c in (row or [])] for row in (t or [])]
        for t in raw.tables
    ]
    raw_title = normalize(raw.title) if raw.title else None
    raw_related = [normalize(r) for r in raw.related if r and r.strip()]

    doc = Document(path=raw.path, format=fmt, related=raw_related, warnings=warnings)
    if raw.ocr_pages:
        doc.ocr_pages = list(raw.ocr_pages)
    elif meta.get("ocr_pages"):
        doc.ocr_pages = list(meta["ocr_pages"])
    if meta.get("encoding"):
        doc.encoding = meta["encoding"]
    if raw.pages:
        doc.pages = raw.pages

    if not blocks and not any(c.strip() for t in tables for row in t for c in row):
        warnings.append("no text found")
        doc.title = raw_title
        doc.doc_type = "tin-bai" if fmt in ("html", "htm") else None
        return doc

    # administrative header first: it decides which rules apply to the text
    is_doc = is_admin_document(blocks) or bool(
        tables and is_admin_document([c for row in tables[0] for c in row if c]))
    info = document_info(blocks, raw_title, tables=tables) if is_doc else {}
    body = main_body(blocks, fmt=fmt, title=None if is_doc else raw_title,
                     related=raw_related, is_document=is_doc)
    body_blocks = list(body.blocks)
    if is_doc and tables:
        body_blocks += _table_text(tables, "\n".join(body_blocks))
    body_text = "\n\n".join(body_blocks)
    if not body_text:
        warnings.append("no main text found")

    if is_doc:
        doc.doc_type = info.get("doc_type") or "van-ban"
        doc.number = info.get("number")
        doc.agency = info.get("agency")
        doc.signer = info.get("signer")
        doc.signer_title = info.get("signer_title")
        doc.subject = info.get("subject")
        doc.title = info.get("title") or raw_title or body.title
    else:
        doc.doc_type = "tin-bai"
        doc.title = raw_title or body.title
        doc.source = body.source or meta.get("source")
        doc.author = body.author or meta.get("author")
    if not doc.title:
        doc.title = _fallback_title(body_blocks)
        if doc.title:
            warnings.append("no title found; using the opening words of the text")
        else:
            warnings.append("no title found")
    doc.related = body.related
    doc.body = body_text

    normalized = RawDocument(path=raw.path, format=fmt, meta=meta, blocks=blocks, title=raw_title)
    doc.date = document_date(normalized, body)
    if not doc.date:
        warnings.append("no date found")
    if is_doc and meta.get("ocr_header_words"):
        doc.header_confidence = _header_confidence(doc, meta["ocr_header_words"], warnings) or None
    text_for_years = "\n".join(x for x in (doc.title if raw_title or body.title or is_doc else None,
                                           body_text) if x)
    doc.years = years_about(text_for_years, doc.date)
    doc.citations = citations(body_text, doc.number)
    doc.abbreviations = _abbreviations("\n".join(x for x in (doc.title, body_text) if x))

    # districts, fields and models (their own modules)
    title = doc.title
    year = int(doc.date[:4]) if doc.date else (doc.years[-1] if doc.years else None)
    doc.districts = find_districts(body_text, title=title, year=year)
    doc.models = [Model.from_json(m) for m in
                  find_models(_group_rows(body.blocks), tables, year=year, doc_districts=doc.districts)]
    # the models' own fields vote for a round-up's topics
    codes, evidence = classify(body_text, title=title, model_fields=[m.field for m in doc.models], normalized=True)
    doc.fields = list(codes)
    doc.field_evidence = {k: list(v) for k, v in evidence.items()}
    for m in doc.models:
        if m.field is None and doc.fields:
            m.field = doc.fields[0]       # nothing around it says: the document's main topic
    return doc
