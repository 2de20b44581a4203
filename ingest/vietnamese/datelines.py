"""Dates as Vietnamese pages and documents write them: the patterns, and the
one rule for a *date line*.

A date line is a short line (at most 80 characters) that holds a date and
nothing else but what goes with a date on Vietnamese news pages and
documents:

* a page's date stamp: "Thứ Hai, 23/04/2018 | 08:15", "Cập nhật: 22/04/2018
  08:15 GMT+7", "Ngày đăng: 05/03/2019 09:12", "Thứ bảy, 21/4/2018, 07:30
  (GMT+7)", "2018-04-22", "Posted: 22/4/18";
* a document's place-date line: "Hòa Bình, ngày 22 tháng 4 năm 2018".

"Ngày 20/4/2018, Ban chỉ đạo tổ chức họp giao ban" (a sentence that opens
with a date), "Năm 2017" and "Kế hoạch số 162/KH-UBND" are not date lines.

Readers (``ingest.readers``) and extraction (``ingest.extract``) both use
:func:`is_date_line`; :mod:`ingest.extract.dates` builds its date parsing on
the patterns defined here.
"""
from __future__ import annotations

import re

__all__ = [
    "WEEKDAY", "DMY_RE", "NTN_RE", "ISO_RE", "TIME_RE", "LONG_DATE", "PLACE_DATE_LINE_RE",
    "MAX_DATE_LINE", "is_date_line", "is_place_date_line",
]

MAX_DATE_LINE = 80   # characters (white space collapsed)

# "Thứ Hai", "thứ 2", "Chủ nhật", "CN", "T2"
WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t[2-7])"
# 23/04/2018, 23.04.2018, 23-4-2018 (day first; one separator throughout)
DMY_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])")
# ngày 12 tháng 5 năm 2017, ngày 12/5/2017
NTN_RE = re.compile(
    r"ngày\s*(\d{1,2})\s*(?:tháng|/)\s*(\d{1,2})\s*(?:năm|/)\s*(\d{4})", re.IGNORECASE
)
# 2018-04-22
ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
# 08:15, 8h15, 08:15:00, 7g30 pm
TIME_RE = re.compile(r"\b\d{1,2}\s*[:hg]\s*\d{2}(?:\s*[:]\s*\d{2})?\s*(?:am|pm|sa|ch)?\b", re.I)
# "ngày 22 tháng 4 năm 2018" as a document writes it
LONG_DATE = r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
# "Hòa Bình, ngày 22 tháng 4 năm 2018" (the whole line)
PLACE_DATE_LINE_RE = re.compile(r"^\s*[^\d,]{2,40},\s*" + LONG_DATE + r"\s*\.?\s*$", re.IGNORECASE)

# a date with a two-digit year ("22/4/18"), accepted on a date stamp only
_SHORT_DMY_RE = re.compile(r"(?<![\d/.\-])\d{1,2}\s*([/.\-])\s*\d{1,2}\s*\1\s*\d{2}(?![\d/.\-])")
# the time zone after a time: "GMT+7", "(GMT+7)", "UTC +07", "UTC-5"
_ZONE_RE = re.compile(r"\(?\s*(?:gmt|utc)\s*(?:[+\-]\s*\d{1,2})?\s*\)?", re.IGNORECASE)
# the words a date stamp may carry besides the date
_LABELS_RE = re.compile(
    r"(?:ngày\s*(?:đăng|cập\s*nhật|ban\s*hành|xuất\s*bản)|cập\s*nhật|cap\s*nhat|"
    r"đăng\s*(?:ngày|lúc)|đăng|ngày|lúc|xuất\s*bản|thời\s*gian|posted|published|updated)",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(WEEKDAY, re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[\s,|:\-–—/().·•]+")


def is_place_date_line(line: str) -> bool:
    """True for a document's place-date line: "Hòa Bình, ngày 22 tháng 4 năm 2018"."""
    line = " ".join((line or "").split())
    return 0 < len(line) <= MAX_DATE_LINE and bool(PLACE_DATE_LINE_RE.match(line))


def is_date_line(line: str) -> bool:
    """True for a line that is only a date: a page's date stamp (with its
    weekday, time, time zone and labels) or a document's place-date line.

    See the module docstring for examples."""
    line = " ".join((line or "").split())
    if not line or len(line) > MAX_DATE_LINE:
        return False
    if PLACE_DATE_LINE_RE.match(line):
        return True
    rest = line
    found = False
    for rx in (NTN_RE, DMY_RE, ISO_RE, _SHORT_DMY_RE):
        rest, n = rx.subn(" ", rest)
        found = found or n > 0
    if not found:
        return False
    rest = TIME_RE.sub(" ", rest)
    rest = _ZONE_RE.sub(" ", rest)
    rest = _LABELS_RE.sub(" ", rest)
    rest = _WEEKDAY_RE.sub(" ", rest)
    return _SEPARATORS_RE.sub("", rest) == ""
