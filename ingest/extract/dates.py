"""Dates on Vietnamese pages and documents, and the years a text is about.

* :func:`parse_date` — one date as written: "23/04/2018", "Thứ Hai,
  23/04/2018 | 08:15", "ngày 12 tháng 5 năm 2017", "2018-04-22T08:15:00+07:00",
  "12-5-2017" (always day first, as Vietnamese writes it).
* :func:`document_date` — the publication or signing date of a document, in
  this order: HTML metadata, the page's visible date line, the decision's
  place-date line ("Hòa Bình, ngày 12 tháng 5 năm 2017"), "Ngày 12/5/2017"
  at the head of the text. Dates must be plausible (1945 ≤ year, not after
  today).
* :func:`years_about` — the years a text states as years ("Năm 2017,",
  "giai đoạn 2016-2020", "tháng 10/2017", "đến năm 2025") plus the
  document's own year; never a year read from a phone number, an amount
  ("2017 hộ"), a street number or a document number ("2017/QĐ-UBND").
"""
from __future__ import annotations

import re
from datetime import date as _date
from datetime import datetime, timedelta

from ingest.vietnamese.docnumbers import find_numbers
from ingest.vietnamese.syllable import UPPER

from ..vietnamese.datelines import DMY_RE, ISO_RE, NTN_RE, is_date_line
from ..vietnamese.normalize import fold

__all__ = ["parse_date", "document_date", "years_about", "place_date", "is_date_line", "MIN_YEAR"]

MIN_YEAR = 1945

# The date patterns and the date-line rule are the readers' too:
# ingest/vietnamese/datelines.py
_DMY_RE, _NTN_RE, _ISO_RE = DMY_RE, NTN_RE, ISO_RE

# "Hòa Bình, ngày 12 tháng 5 năm 2017" (place: 1-5 capitalised words).
_PLACE_DATE_RE = re.compile(
    r"(?:^|\s)((?:[" + UPPER + r"][\w]*\s+){0,4}[" + UPPER + r"][\w]*)\s*,\s*"
    r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})"
)
_HEAD_DATE_RE = re.compile(
    r"^(?:\([^()]{2,30}\)\s*[-–—]?\s*)?(?:[A-ZĐ]{3,8}\s*[-–—]\s*)?"
    r"(?:sáng|chiều|tối|trưa)?\s*ngày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})",
    re.IGNORECASE,
)


def _today() -> _date:
    return _date.today()


def _make(y: int | str, m: int | str, d: int | str, today: _date | None = None) -> str | None:
    try:
        value = _date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None
    today = today or _today()
    if value.year < MIN_YEAR or value > today + timedelta(days=1):
        return None
    return value.isoformat()


def parse_date(text: str | None, *, today: _date | None = None) -> str | None:
    """ISO yyyy-mm-dd of the first plausible date written in `text`."""
    if not text:
        return None
    text = str(text).strip()
    m = _ISO_RE.search(text)
    if m:
        got = _make(m.group(1), m.group(2), m.group(3), today)
        if got:
            return got
    m = _NTN_RE.search(text)
    if m:
        got = _make(m.group(3), m.group(2), m.group(1), today)
        if got:
            return got
    for m in _DMY_RE.finditer(text):
        got = _make(m.group(4), m.group(3), m.group(1), today)
        if got:
            return got
    # RFC 2822 and other machine formats in metadata
    try:
        from email.utils import parsedate_to_datetime

        dt = parsedate_to_datetime(text)
        return _make(dt.year, dt.month, dt.day, today)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return _make(dt.year, dt.month, dt.day, today)
    except ValueError:
        return None


def place_date(text: str, *, today: _date | None = None) -> str | None:
    """The date of a place-date line ("Hòa Bình, ngày 12 tháng 5 năm 2017")
    anywhere in `text` (a PDF may put it on the line of "Số: …")."""
    for m in _PLACE_DATE_RE.finditer(text):
        place = fold(m.group(1))
        if place.split()[-1:] in (["so"], ["ngay"]):
            continue
        got = _make(m.group(4), m.group(3), m.group(2), today)
        if got:
            return got
    return None


def _blocks_of(body) -> tuple[list[str], str | None]:
    """(blocks, date line) of a MainBody, a list of blocks or a text."""
    if body is None:
        return [], None
    if isinstance(body, str):
        return [b for b in body.split("\n") if b.strip()], None
    if isinstance(body, (list, tuple)):
        return [b for b in body if b and b.strip()], None
    return list(getattr(body, "blocks", []) or []), getattr(body, "date_line", None)


def document_date(raw, body=None, *, today: _date | None = None) -> str | None:
    """Publication or signing date (ISO) of a document, or None.

    `raw` is the RawDocument (its ``meta`` and ``blocks``), `body` the main
    text (a :class:`~ingest.extract.mainbody.MainBody`, a list of blocks or
    a string)."""
    meta = getattr(raw, "meta", None) or {}
    # HTML metadata is the publication date; a PDF's or DOCX's metadata is
    # when the file was made, so for those it only comes last.
    meta_first = (getattr(raw, "format", "") or "").lower() in ("html", "htm", "")
    meta_date = None
    for key in ("date", "published", "datePublished", "article:published_time",
                "pubdate", "publish_date"):
        value = meta.get(key)
        if value:
            meta_date = parse_date(str(value), today=today)
            if meta_date:
                break
    if meta_first and meta_date:
        return meta_date
    blocks, date_line = _blocks_of(body)
    date_line = date_line or meta.get("date_line")
    if date_line:
        got = parse_date(date_line, today=today)
        if got:
            return got
    raw_blocks = [b for b in (getattr(raw, "blocks", None) or []) if b and b.strip()]
    head_lines = [ln.strip() for b in raw_blocks[:8] for ln in b.split("\n") if ln.strip()][:8]
    for line in head_lines:
        if is_date_line(line):
            got = parse_date(line, today=today)
            if got:
                return got
    # the place-date line of an administrative document's header
    header = "\n".join(ln for b in raw_blocks[:30] for ln in b.split("\n"))
    got = place_date(header, today=today)
    if got:
        return got
    # "Ngày 12/5/2017, …" opening the text
    for block in (blocks or raw_blocks)[:3]:
        m = _HEAD_DATE_RE.match(block.strip())
        if m:
            got = _make(m.group(3), m.group(2), m.group(1), today)
            if got:
                return got
    # a place-date line at the end (letters, reports signed at the bottom)
    tail = "\n".join(ln for b in raw_blocks[-15:] for ln in b.split("\n"))
    return place_date(tail, today=today) or meta_date


# ---------------------------------------------------------------- years

_Y = r"(19\d\d|20\d\d)"
_PHONE_RE = re.compile(r"(?:\+84|\(0\d{2,3}\)|(?<![\d.,])0\d)[\d.\s\-()]{6,16}\d")
_RANGE_RE = re.compile(
    r"(?<![\d/.,\-])" + _Y + r"\s*(?:[-–—]|đến|tới|\.\.\.)\s*(?:năm\s+)?" + _Y + r"(?![\d/\-]|[.,]\d)",
    re.IGNORECASE,
)
_FROM_TO_RE = re.compile(
    r"từ\s+(?:năm\s+)?" + _Y + r"\s+(?:đến|tới)\s+(?:năm\s+)?" + _Y + r"(?![\d/])", re.IGNORECASE
)
_NAM_RE = re.compile(r"(?<!\w)năm\s*" + _Y + r"(?![\d/\-]|[.,]\d)", re.IGNORECASE)
_MONTH_YEAR_RE = re.compile(
    r"(?:tháng|quý|th\.)\s*(?:\d{1,2}|[IVX]{1,4})\s*[/.\-]\s*" + _Y + r"(?![\d/\-]|[.,]\d)",
    re.IGNORECASE,
)
_PAREN_YEAR_RE = re.compile(r"\(\s*" + _Y + r"\s*\)")
_BARE_YEAR_RE = re.compile(
    r"(?<!\w)(?:đến|tới|từ|trước|sau|cuối|đầu|giữa|trong|vào|hết|dịp|mùa|vụ|niên khóa|khóa)"
    r"\s+(?:hết\s+|cuối\s+|đầu\s+|giữa\s+)?" + _Y + r"(?![\d/\-]|[.,]\d)",
    re.IGNORECASE,
)
# counted things after a number: "2017 hộ" is an amount, not a year
_UNITS = (
    "hộ", "người", "con", "ha", "héc", "đồng", "đ", "triệu", "tỷ", "nghìn", "ngàn",
    "usd", "m", "m2", "m3", "km", "kg", "tấn", "tạ", "lượt", "học sinh", "cây", "cán bộ",
    "đảng viên", "chiếc", "công trình", "xã", "thôn", "xóm", "khách", "lao động", "trường",
    "cơ sở", "sản phẩm", "doanh nghiệp", "hội viên", "thành viên", "suất", "bản", "cuốn",
    "lít", "mét", "căn", "nhà", "phòng", "giờ", "ngày", "buổi", "em", "cháu", "đoàn viên",
    "chiến sĩ", "vụ", "trường hợp", "hồ sơ", "mô hình", "tr.đ", "%",
)
_UNIT_RE = re.compile(r"^\s*(?:" + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
                      + r")(?!\w)", re.IGNORECASE)
_NUMBER_PREFIX_RE = re.compile(r"(?:số|số nhà|nhà số|mã|mã số|no\.?|hotline|điện thoại|đt|sđt|fax|tel)"
                               r"\s*[:.]?\s*$", re.IGNORECASE)
_CITED_DATE_GAP = 16


_NOT_NEWLINE_RE = re.compile(r"[^\n]")


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with every character but newlines in `spans` replaced by a space."""
    merged: list[list[int]] = []
    for s, e in sorted(sp for sp in spans if sp[0] < sp[1]):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if not merged:
        return text
    out, pos = [], 0
    for s, e in merged:
        out.append(text[pos:s])
        out.append(_NOT_NEWLINE_RE.sub(" ", text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def years_about(text: str | None, date: str | None = None, *, today: _date | None = None) -> list[int]:
    """Sorted years `text` is about, plus the year of `date` (ISO)."""
    today = today or _today()
    own = int(date[:4]) if date and re.match(r"^\d{4}", date) else None
    hi = (own or today.year) + 10
    found: set[int] = set()
    if own:
        found.add(own)
    if not text:
        return sorted(found)
    # "Căn cứ Luật … ngày 19 tháng 6 năm 2015" cites, it is not about 2015
    lines = [ln for ln in text.split("\n") if not fold(ln.strip()).startswith("can cu")]
    text = "\n".join(lines)

    numbers = find_numbers(text)
    spans = [(s, e) for s, e, _ in numbers]
    spans += [m.span() for m in _PHONE_RE.finditer(text) if len(re.sub(r"\D", "", m.group())) >= 9]
    # the date of a cited document: "số 1234/QĐ-UBND ngày 12/5/2017"
    for _start, e, _ in numbers:
        after = text[e:e + _CITED_DATE_GAP + 30]
        m = re.match(r"\s*,?\s*(?:của\s+[^,;.]{0,40}?\s+)?ngày\s*\d{1,2}\s*(?:[/.\-]|tháng)\s*\d{1,2}"
                     r"\s*(?:[/.\-]|năm)\s*\d{4}", after, re.IGNORECASE)
        if m:
            spans.append((e, e + m.end()))
    text = _mask(text, spans)

    def keep(y: int) -> None:
        if MIN_YEAR <= y <= hi:
            found.add(y)

    def add_range(a: int, b: int) -> None:
        if a > b:
            return
        if b - a <= 15:
            for y in range(a, b + 1):
                keep(y)
        else:
            keep(a)
            keep(b)

    taken: list[tuple[int, int]] = []
    for rx in (_FROM_TO_RE, _RANGE_RE):
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            add_range(int(m.group(1)), int(m.group(2)))
            taken.append(m.span())
    text = _mask(text, taken)
    # full dates: "ngày 12 tháng 5 năm 2017", "22/4/2018", "22-4-2018"
    for m in _NTN_RE.finditer(text):
        keep(int(m.group(3)))
    text = _mask(text, [m.span() for m in _NTN_RE.finditer(text)])
    for m in _DMY_RE.finditer(text):
        if 1 <= int(m.group(3)) <= 12 and 1 <= int(m.group(1)) <= 31:
            keep(int(m.group(4)))
    text = _mask(text, [m.span() for m in _DMY_RE.finditer(text)])
    for m in _NAM_RE.finditer(text):
        keep(int(m.group(1)))
    for m in _MONTH_YEAR_RE.finditer(text):
        keep(int(m.group(1)))
    for m in _PAREN_YEAR_RE.finditer(text):
        keep(int(m.group(1)))
    for m in _BARE_YEAR_RE.finditer(text):
        if _UNIT_RE.match(text[m.end():m.end() + 20]):
            continue
        keep(int(m.group(1)))
    # "6/2017" (month/year) not preceded by "số"
    for m in re.finditer(r"(?<![\d/.,])(\d{1,2})\s*/\s*" + _Y + r"(?![\d/\-]|[.,]\d)", text):
        if not 1 <= int(m.group(1)) <= 12:
            continue
        if _NUMBER_PREFIX_RE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        keep(int(m.group(2)))
    return sorted(found)
