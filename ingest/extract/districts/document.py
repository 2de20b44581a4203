"""The districts a whole document is about: `find_districts`.

The mentions of the title, the text (incidental parts stripped) and the
annex tables, then the document-level decisions: a commune name shared with
other provinces needs another sign of Hòa Bình, passing mentions in a
document about one district go, and a document about another province keeps
only what it clearly says about Hòa Bình.
"""
from __future__ import annotations

import re
from collections import Counter

from ingest.vietnamese.normalize import normalize

from .incidental import strip_incidental
from .mentions import Mention, _infer_year, mentions


def find_districts(text: str, title: str | None = None, *, year: int | None = None,
                   tables: list[list[list[str]]] | None = None) -> list[str]:
    """Canonical districts the document is about, in order of first mention
    (title first, then text, then `tables`). `year` (the document's year)
    settles communes of old Kỳ Sơn; without it the most frequent year in
    the text is used. `tables` are annex tables (table -> rows -> cells)
    when the text does not contain them."""
    body = strip_incidental(text or "")
    if tables:
        rows = [" | ".join(normalize(c or "").replace("\n", " ") for c in row)
                for table in tables for row in (table or []) if any(c for c in row)]
        body += "\n\n" + "\n".join(rows)
    full = (normalize(title) + "\n\n" if title else "") + body
    if year is None:
        year = _infer_year(full)
    found, hb, foreign = mentions(full, year=year)
    # a commune name that other provinces also have says "Hòa Bình" only in a
    # document that says so elsewhere (a district, the city, the province, a unique commune)
    anchored = any(not (m.kind == "commune" and m.common) for m in found) or \
        re.search(r"Hòa Bình|HBĐT|Hoa Binh", full) is not None
    if not anchored:
        found = [m for m in found if not (m.kind == "commune" and m.common)]
    # passing mentions ("giao hàng cho khách ở TP Hòa Bình", "trú tại huyện Lương
    # Sơn", "sau khi sáp nhập huyện Kỳ Sơn", "giao lưu với CLB ở Tân Lạc, Kim
    # Bôi") in a document about one district (named three times or more, every
    # other district once): dropped, unless in the title, a table row or an
    # enumeration of three districts or more, or named as the former district
    # of the place ("xã Độc Lập (huyện Kỳ Sơn cũ)"). Reports that go through several
    # districts keep every one.
    title_end = len(normalize(title)) if title else -1
    counts_all = Counter(m.district for m in found)
    if len(counts_all) >= 2:
        top = max(counts_all.values())
        if top >= 3 and sorted(counts_all.values())[-2] == 1:
            def protected(m: Mention) -> bool:
                a = max(full.rfind("\n", 0, m.start), *(full.rfind(p, 0, m.start) for p in (". ", "; "))) + 1
                b = min([x for x in (full.find("\n", m.end), full.find(". ", m.end)) if x >= 0] or [len(full)])
                line_a = full.rfind("\n", 0, m.start) + 1
                line_b = full.find("\n", m.end) if "\n" in full[m.end:] else len(full)
                line = full[line_a:line_b]
                in_enum = len({x.district for x in found if a <= x.start < b}) >= 3
                former = re.match(r"\s*\(?\s*cũ\b", full[m.end:m.end + 8]) is not None  # "huyện Kỳ Sơn (cũ)"
                return (m.start < title_end or line.count("|") >= 2 or line.count("\t") >= 2
                        or in_enum or former)
            keep = {m.district for m in found if protected(m)}
            found = [m for m in found if counts_all[m.district] == top or m.district in keep]
    if foreign > hb:
        # a document about another province: keep only what it really says about Hòa Bình
        counts = Counter(m.district for m in found if m.kind != "bare")
        qualified = {m.district for m in found if m.hb_qualified}
        # (a commune — "xã Hòa Bình, huyện Thủy Nguyên", "xã Quyết Thắng" in a
        # national decision's annex — counts only where Hòa Bình is named with it)
        found = [m for m in found if m.district in qualified or
                 (counts[m.district] >= 2 and m.district != "Kỳ Sơn" and m.kind != "commune")]
    out: list[str] = []
    for m in found:
        if m.district not in out:
            out.append(m.district)
    return out
