"""Models in annex tables ("Danh sách mô hình, điển hình tiên tiến").

Columns are found by their header text (a header over two rows, or none:
then by what the cells hold); section rows ("I. TẬP THỂ", "Huyện Cao
Phong") set the kind and district of the rows below. `_row_cells` reads a
table row written as text ("1 | HTX … | xã …", tab-separated).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ingest.vietnamese.normalize import normalize

from ..districts import district_of_address
from ..fields import field_of_text
from .context import _year_near
from .names import _ORG_WORDS, _capitalize, _kind_of_name, _looks_person

_H_STT = re.compile(r"^(?:stt|tt|số tt|số thứ tự|s\.t\.t)$", re.IGNORECASE)
_H_NAME = re.compile(r"tên|họ và tên|họ tên|mô hình|điển hình|tập thể|cá nhân|danh hiệu được", re.IGNORECASE)
_H_ADDR = re.compile(r"địa chỉ|đơn vị|nơi công tác|địa bàn|chức vụ|quê quán|nơi ở|địa phương|huyện|xã", re.IGNORECASE)
_H_FIELD = re.compile(r"lĩnh vực|ngành|phong trào|nhóm", re.IGNORECASE)
_H_YEAR = re.compile(r"^năm|năm công nhận|năm xây dựng|thời gian", re.IGNORECASE)
_SECTION_KIND = [
    (re.compile(r"tập thể", re.IGNORECASE), "tập thể"),
    (re.compile(r"cá nhân", re.IGNORECASE), "cá nhân"),
    (re.compile(r"gương", re.IGNORECASE), "gương"),
    (re.compile(r"mô hình", re.IGNORECASE), "mô hình"),
    (re.compile(r"điển hình|ĐHTT", re.IGNORECASE), "điển hình"),
]


# a section heading inside a table written as text: "I. TẬP THỂ", "B - CÁ NHÂN", "Huyện Cao Phong"
SECTION_LINE = re.compile(r"^(?:(?:[IVX]+|[A-D])\s*[.)\-–]\s*\S.{0,60}|(?:huyện|thành phố)\s+\S.{0,40})$",
                          re.IGNORECASE)
_AWARDS_FILE = Path(__file__).resolve().parents[1] / "data" / "awards.txt"
_FIGURE_RE = re.compile(r"[-–\d.,%()\s]+")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_MEASURE_RE = re.compile(r"^(?:tỷ lệ|số|tổng số|tổng|bình quân|thu nhập|diện tích|sản lượng)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _awards() -> tuple[str, ...]:
    lines = _AWARDS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def is_award(text: str) -> bool:
    """"Bằng khen của Thủ tướng Chính phủ", "Chiến sĩ thi đua cấp tỉnh":
    a form or title of commendation (``data/awards.txt``)."""
    t = normalize(text).lower().strip(" -–:.")
    return any(t.startswith(a) for a in _awards())


def _not_a_subject(name: str) -> bool:
    """A figure, a measure or an award: never a model's name."""
    return bool(_FIGURE_RE.fullmatch(name) or _MEASURE_RE.match(name) or "(%)" in name or is_award(name))


def _is_model_list(rows: list[list[str]], roles: dict[str, int]) -> bool:
    """A table of models, by its rows: its names mostly subjects (not
    figures, measures, awards), and its other cells not mostly figures (a
    statistics table: "Đà Bắc | 4.215 | 402 | 25,10")."""
    ni, si = roles.get("name"), roles.get("stt")
    names = [_cell(r, ni) for r in rows if _cell(r, ni)]
    if not names:
        return False
    if sum(_not_a_subject(n) for n in names) * 2 >= len(names):
        return False
    others = [c for r in rows for i, c in enumerate(r) if i not in (ni, si) and c and c not in ("-", "–")]
    figures = [c for c in others if _FIGURE_RE.fullmatch(c) and not _YEAR_RE.fullmatch(c.strip())]
    return not (others and len(figures) * 5 >= len(others) * 3)


def _roles(cells: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    if cells and re.fullmatch(r"\d+\.?", (cells[0] or "").strip()):
        return roles          # "1 | Mô hình … | xã …": a data row, not a header
    for i, c in enumerate(cells):
        c = c.strip()
        if not c or len(c.split()) > 8:
            continue
        if _H_STT.match(c) and "stt" not in roles:
            roles["stt"] = i
        elif _H_FIELD.search(c) and "field" not in roles and not _H_NAME.search(c.split("/")[0]):
            roles["field"] = i
        elif _H_NAME.search(c) and "name" not in roles and not re.match(r"^(?:địa chỉ|đơn vị)\b", c, re.IGNORECASE):
            roles["name"] = i
        elif _H_ADDR.search(c) and "addr" not in roles:
            roles["addr"] = i
        elif _H_YEAR.search(c) and "year" not in roles:
            roles["year"] = i
    return roles


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int], str]:
    """(index of the first data row, column roles, header text) of a table."""
    best = (-1, {}, "")
    for i in range(min(4, len(rows))):
        cands = [(i, rows[i])]
        if i + 1 < len(rows) and not re.fullmatch(r"\d+[.,]?", (rows[i + 1][0] if rows[i + 1] else "").strip()):
            merged = [f"{a} {b}".strip() for a, b in zip(rows[i], rows[i + 1])]
            cands.append((i + 1, merged))
        for last, cells in cands:
            roles = _roles(cells)
            if "name" in roles and (len(roles) >= 2 or any(_HEADER_NAME_RE.search(c or "") for c in cells)) \
                    and len(roles) > len(best[1]):
                best = (last + 1, roles, " ".join(cells))
    if best[0] >= 0:
        return _stt_lost(rows, *best)
    if rows and rows[0] and _H_STT.match((rows[0][0] or "").strip()):
        return 1, {}, " ".join(rows[0])     # a header with no column of names: "STT | Nhóm xã | Số xã | Tỷ lệ (%)"
    return 0, _infer_roles(rows), ""


def _stt_lost(rows: list[list[str]], start: int, roles: dict[str, int], text: str) -> tuple[int, dict[str, int], str]:
    """A header one cell short of its rows whose rows begin with a number:
    the "STT" cell was lost (run into the next one by OCR: "So và tên/Tập |
    Chức | Thành tích" over "1 | Xã Lạc Long | …"): every column one to the
    right, and the first is the row number."""
    if "stt" in roles or start < 1 or "name" not in roles:
        return start, roles, text
    data = [r for r in rows[start:] if sum(1 for c in r if c) >= 3]
    header = rows[start - 1]
    at = roles["name"]
    if not data or len(header) < 2:
        return start, roles, text
    wider = sum(1 for r in data if len(r) == len(header) + 1 and at < len(r)
                and re.fullmatch(r"\d+[.,lI|]?", (r[at] or "").strip()))
    if wider * 2 <= len(data):
        return start, roles, text
    shifted = {k: v + 1 if v >= at else v for k, v in roles.items()}
    shifted["stt"] = at
    return start, shifted, text


def _infer_roles(rows: list[list[str]]) -> dict[str, int]:
    width = max((len(r) for r in rows), default=0)
    roles: dict[str, int] = {}
    if not width:
        return roles
    cols = [[(r[i] if i < len(r) else "").strip() for r in rows] for i in range(width)]
    def share(col, pred):
        vals = [v for v in col if v]
        return sum(1 for v in vals if pred(v)) / len(vals) if vals else 0
    for i, col in enumerate(cols):
        if share(col, lambda v: re.fullmatch(r"[0-9]+\.?|[IVXivx]+\.?", v) is not None) > 0.6:
            roles.setdefault("stt", i)
    for i, col in enumerate(cols):
        if i in roles.values():
            continue
        if share(col, lambda v: len(v.split()) <= 6 and field_of_text(v) is not None) > 0.6:
            roles.setdefault("field", i)
    for i, col in reversed(list(enumerate(cols))):     # the address follows the name: "Xã A | Huyện B"
        if i in roles.values():
            continue
        if share(col, lambda v: re.search(r"\b(xã|phường|thị trấn|huyện|TP\.?|thành phố)\s", v + " ",
                                          re.IGNORECASE) is not None) > 0.5:
            roles.setdefault("addr", i)
    rest = [i for i in range(width) if i not in roles.values()]
    if rest:
        # the names: the column that most often reads as a name (a unit word, a titled person,
        # capitals), the longest text among equals; achievements are long sentences
        def named(v: str) -> bool:
            return len(v.split()) <= 12 and (bool(_ORG_WORDS.match(v)) or _looks_person(v.split(",")[0]))
        best = max(rest, key=lambda i: (round(share(cols[i], named), 1), sum(len(v) for v in cols[i])))
        if share(cols[best], named) < 0.5:      # no column of names: the longest text, as before
            best = max(rest, key=lambda i: sum(len(v) for v in cols[i]))
        roles["name"] = best
    return roles


def _cell(row: list[str], i: int | None) -> str:
    if i is None or i >= len(row):
        return ""
    return normalize(row[i] or "").replace("\n", " ").strip()


# a header's name cell, also as OCR reads it ("SITHo và tên / Tập thể")
_HEADER_NAME_RE = re.compile(r"(?:họ|ho)\s*(?:và|va)?\s*tên|(?:và|va)\s*tên\b|tên\s+(?:tập thể|cá nhân|mô hình|đơn vị)|"
                             r"tập thể\s*/\s*cá nhân", re.IGNORECASE)


_LABEL_RE = re.compile(r"thành tích|kết quả|ghi chú|nội dung|đơn vị thực hiện|đơn vị tính", re.IGNORECASE)


def _labels_row(row: list[str]) -> bool:
    """A row of column labels (a header OCR garbled or repeated): two or more short label cells."""
    return sum(1 for c in row if c and len(c.split()) <= 5 and (
        _LABEL_RE.search(c) or _H_ADDR.fullmatch(c) or _H_FIELD.fullmatch(c) or _H_NAME.fullmatch(c))) >= 2


def _is_header_row(row: list[str]) -> bool:
    roles = _roles(row)
    return "name" in roles and (len(roles) >= 2 and bool(row) and bool(_H_STT.match(row[0].strip()))
                                or any(_HEADER_NAME_RE.search(c or "") for c in row))


def _split_at_headers(rows: list[list[str]]) -> list[list[list[str]]]:
    """A table whose header comes again further down ("STT | Họ và tên / Tập
    thể | …" under "II. CÁ NHÂN", or a statistics table "STT | Nhóm xã | Số
    xã | Tỷ lệ (%)" run on below the list) as one table per header; the
    section rows right above a header go with it."""
    cuts = [i for i, r in enumerate(rows) if i > 0 and r and (_is_header_row(r) or _H_STT.match(r[0].strip())
                                                             and len(_roles(r)) >= 2)]
    if not cuts:
        return [rows]
    parts, begin = [], 0
    for cut in cuts:
        at = cut
        while at - 1 > begin and sum(1 for c in rows[at - 1] if c) == 1:
            at -= 1           # "II. CÁ NHÂN" belongs to the header below it
        parts.append(rows[begin:at])
        begin = at
    parts.append(rows[begin:])
    return [p for p in parts if p]


def _table_models(table: list[list[str]], year: int | None, doc_district: str | None) -> list[dict]:
    rows = [[normalize(c or "").replace("\n", " ").strip() for c in r] for r in table if r]
    if not rows:
        return []
    parts = _split_at_headers(rows)
    if len(parts) > 1:
        return [m for part in parts for m in _table_models(part, year, doc_district)]
    start, roles, header_text = _header(rows)
    if "name" not in roles or not _is_model_list(rows[start:], roles):
        return []
    default_kind = "tập thể"
    for rx, k in _SECTION_KIND:
        if header_text and rx.search(header_text):
            default_kind = k
            break
    if header_text and re.search(r"họ và tên|họ tên", header_text, re.IGNORECASE):
        default_kind = "cá nhân"
    section_kind, section_district = None, None
    out = []
    # a header cut over two rows: "Địa chỉ" / "(đơn vị công tác)"
    while start < len(rows) and not _cell(rows[start], roles.get("name")) and not _cell(rows[start], roles.get("stt")):
        start += 1
    for row in rows[start:]:
        filled = [c for c in row if c]
        if not filled:
            continue
        name = _cell(row, roles.get("name"))
        stt = _cell(row, roles.get("stt"))
        others = {c for i, c in enumerate(row) if c and i != roles.get("stt")}
        # section rows: "I | TẬP THỂ", "Huyện Cao Phong" (one text, maybe repeated by merged cells)
        if len(others) == 1 and (not stt or re.fullmatch(r"[IVXivx]+\.?|[A-Da-d]\.?", stt) or stt in others) and (
                re.match(r"^(?:[IVX]+|[A-D])[.)]\s", next(iter(others))) or next(iter(others)).isupper()
                or stt and re.fullmatch(r"[IVX]+\.?|[A-D]\.?", stt)
                or re.match(r"^(?:huyện|thành phố|TP)\s", next(iter(others)), re.IGNORECASE)):
            txt = next(iter(others))
            for rx, k in _SECTION_KIND:
                if rx.search(txt):
                    section_kind = k
                    break
            d = district_of_address(txt, year=year)
            if d:
                section_district = d
            continue
        if not name or _H_NAME.fullmatch(name) or _HEADER_NAME_RE.search(name) or _labels_row(row) \
                or re.match(r"^(?:tổng|cộng|tổng cộng)\b", name, re.IGNORECASE):
            continue
        if _not_a_subject(name):
            continue
        addr = _cell(row, roles.get("addr"))
        fcell = _cell(row, roles.get("field"))
        ycell = _cell(row, roles.get("year"))
        if "," in name and _looks_person(name.split(",")[0]):
            name = name.split(",")[0]     # "Ông Đinh Công Thành, Giám đốc Công ty …": the person
        kind = _kind_of_name(name, default_kind, section_kind)
        district = (district_of_address(addr, year=year) if addr else None) \
            or district_of_address(name, year=year) or section_district or doc_district
        field = (field_of_text(fcell) if fcell else None) or field_of_text(name)
        row_text = " | ".join(filled)
        y = _year_near(ycell, None) if ycell else None
        y = y or _year_near(" ".join(c for i, c in enumerate(row) if i != roles.get("stt")), year)
        out.append({"name": _capitalize(name), "kind": kind, "district": district,
                    "field": field, "year": y, "sentence": row_text})
    return out


def _row_cells(line: str) -> list[str] | None:
    """Cells of a table row written as text ("1 | HTX … | xã … | Nông nghiệp",
    tab-separated), else None."""
    if line.count("|") >= 2:
        body = line.strip()
        if body.startswith("|") and body.endswith("|"):
            body = body[1:-1]    # Markdown style "| a | b |"
        cells = [c.strip() for c in body.split("|")]
    elif line.count("\t") >= 2:
        cells = [c.strip() for c in line.split("\t")]
    else:
        return None
    if all(re.fullmatch(r"[-:=\s]*", c) for c in cells):
        return []     # a Markdown rule line: part of the table, no row
    return cells
