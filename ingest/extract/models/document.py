"""All of a document's models: `find_models`.

Text blocks are split into paragraphs and tables written as text; models
come from the sentences of the paragraphs and from every table. A person
found by a deed who is already named in another model goes, and records are
deduplicated by folded name (a shorter name that begins a longer one is
the same model), gaps filled from the duplicates.
"""
from __future__ import annotations

import re

from ingest.vietnamese.normalize import fold, normalize

from .context import _district_near
from .mentions import Mentions
from .names import _name_key, identity_key
from .prose import _prose_models, _sentences
from .tables import SECTION_LINE, _row_cells, _table_models

# an ordinal or a pointer is no name: "Trường thứ 9 của huyện", "Công đoàn cơ sở này"
_NOT_A_NAME_RE = re.compile(r"(?<!\w)(?:thứ\s+\d+|này|đó|nọ|ấy)(?!\w)", re.IGNORECASE)


def find_models(blocks: list[str], tables: list[list[list[str]]], *, year: int | None,
                doc_districts: list[str]) -> list[dict]:
    """Models named in a document's text blocks and annex tables.

    `blocks` are the body's text blocks (teasers removed), `tables` its
    tables (table -> rows -> cells), `year` the document's year (the
    default for a model's year), `doc_districts` the districts the document
    is about (a model inherits one only when there is exactly one).
    """
    doc_district = doc_districts[0] if doc_districts and len(doc_districts) == 1 else None
    found: list[dict] = []
    known = Mentions()          # the full names given so far, for "Chị Nhung", "HTX"
    text_tables: list[list[list[str]]] = []
    before: list[str] = []      # the paragraphs above: a list's introduction
    for block in blocks or []:
        block = normalize(block or "")
        if not block:
            continue
        paras, rows = [], []
        for line in block.split("\n") + [""]:
            cells = _row_cells(line)
            if cells is not None:
                if cells:
                    rows.append(cells)
                continue
            if rows and SECTION_LINE.match(line.strip()):
                rows.append([line.strip()])     # "I. TẬP THỂ" between the rows: the table goes on
                continue
            if len(rows) >= 2:
                text_tables.append(rows)
            elif rows:
                paras.append(" ".join(c for c in rows[0] if c))
            rows = []
            paras.append(line)
        for para in paras:
            # the paragraphs just above ("Điều 1. Công nhận 02 mô hình …:" over its list)
            previous = "\n".join(before[-2:])
            if para.strip():
                before.append(para)
            for sent in _sentences(para):
                recs = _prose_models(sent, year, para, known, lead_in=previous)
                known.add(sent)
                for rec in recs:
                    if rec["district"] is None and rec["name"] in known.where:
                        # "Chị Nhung được …": her address is where she was named in full
                        rec["district"] = _district_near(known.where[rec["name"]], year)
                    if rec["district"] is None:
                        rec["district"] = doc_district
                    found.append(rec)
    for table in list(tables or []) + text_tables:
        found.extend(_table_models(table, year, doc_district))
    # a person found by a deed who is already named in another model goes
    persons = [r for r in found if r.get("_person")]
    for r in persons:
        if any(r is not o and r["_person"] in fold(o["name"]) and not o.get("_person") for o in found):
            found.remove(r)
    for r in found:
        r.pop("_person", None)
    # deduplicate by folded name, filling gaps from later duplicates; a name that
    # is the beginning of another ('Mô hình "Dân vận khéo"' and 'Mô hình "Dân
    # vận khéo" … của xã Văn Sơn') is the same model named shorter
    out: list[dict] = []
    keys: list[str] = []
    idents: list[str] = []
    for rec in found:
        k = _name_key(rec["name"])
        if not k or _NOT_A_NAME_RE.search(rec["name"]):
            continue
        ident = identity_key(rec["name"])    # "Anh Nguyễn Đức Thắng" and "Nguyễn Đức Thắng" too
        hit = None
        for i, kk in enumerate(keys):
            if kk == k or kk.startswith(k + " ") or k.startswith(kk + " ") or (ident and idents[i] == ident):
                hit = i
                break
        if hit is None:
            keys.append(k)
            idents.append(ident)
            out.append(rec)
            continue
        kept = out[hit]
        if len(k) > len(keys[hit]):          # keep the fuller name
            for f in ("district", "field", "year", "kind"):
                if rec.get(f) is None and kept.get(f) is not None:
                    rec[f] = kept[f]
            out[hit], keys[hit] = rec, k
        else:
            for f in ("district", "field", "year"):
                if kept.get(f) is None and rec.get(f) is not None:
                    kept[f] = rec[f]
    return out
