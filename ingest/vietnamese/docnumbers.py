"""Numbers and symbols of Vietnamese administrative documents ("số, ký hiệu").

A document is identified by its number and symbol (Nghị định 30/2020/NĐ-CP):
``1234/QĐ-UBND``, ``162/KH-UBND``, ``12/2023/QĐ-UBND`` (legal documents
carry the year), ``732/SNN-PTNT``, ``1520/UBND-NC`` (a công văn: no type
code). Text writes them in many ways — "Số: 1234 /QĐ-UBND", "1234/QD-UBND",
"162 / KH - UBND", "Q Đ" split by a PDF — and users type them in more
("162 KH UBND", "qd 1234").

* :func:`normalize_number` gives the one canonical spelling stored in the
  index and shown to users;
* :func:`number_key` gives a folded alphanumeric key ("162khubnd") that a
  query and a stored number share whatever their punctuation;
* :func:`number_keys` gives every key a stored number should be findable by
  (full key, number + type code both ways round, number alone), so "QD 1234"
  (key "qd1234") finds "1234/QĐ-UBND";
* :func:`find_numbers` / :data:`NUMBER_RE` find numbers in running text
  (and :data:`PARTY_NUMBER_RE` the party's "34-CT/TW").

Used by extraction (``ingest.extract.docinfo``) and by search alike.
"""
from __future__ import annotations

import re

from .normalize import fold, normalize

# Mixed-case parts that stay as written: Thủ tướng, Tờ trình.
_MIXED = {"TTG": "TTg", "TTR": "TTr"}
# ASCII spellings of parts that carry Đ (typed without a Vietnamese keyboard).
# "HD" stays: it is the code of a hướng dẫn (HĐ, hợp đồng, is another type).
_ASCII_D = {
    "QD": "QĐ", "ND": "NĐ", "HDND": "HĐND", "DU": "ĐU", "BCD": "BCĐ",
    "GDDT": "GDĐT", "GD&DT": "GD&ĐT", "SGDDT": "SGDĐT", "LDTBXH": "LĐTBXH",
    "SLDTBXH": "SLĐTBXH", "TDKT": "TĐKT",
}

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH_SPLIT_RE = re.compile(r"\s*[-" + _DASHES + r"]\s*")
# A symbol part: a letter (with Đ), then letters, digits ("QH13") or "&".
_PART = r"[A-ZĐa-zđ][A-ZĐa-zđ0-9&]*"
# number [/year] / symbol-part (- symbol-part)*, with optional spaces; a PDF
# may also split "QĐ" into "Q Đ".
NUMBER_RE = re.compile(
    r"(?<![\w/.,])(\d{1,5})\s*(?:/\s*((?:19|20)\d{2})\s*)?/\s*"
    r"((?:Q\s?Đ|" + _PART + r")(?:\s*[-" + _DASHES + r"]\s*" + _PART + r")*)"
    r"(?!\w)"
)

# Party documents: "Chỉ thị số 34-CT/TW", "Nghị quyết 26-NQ/TW", "05-KL/TU".
PARTY_NUMBER_RE = re.compile(
    r"(?<![\w/.,\-])(\d{1,4})\s*[-" + _DASHES + r"]\s*([A-ZĐ]{1,4})\s*/\s*([A-ZĐ]{1,6})(?![\w/])"
)

_PREFIX_RE = re.compile(r"^\s*(?:số|so)\s*[:.]?\s*", re.IGNORECASE)


def _norm_part(part: str) -> str:
    upper = part.replace(" ", "").upper()
    if upper in _MIXED:
        return _MIXED[upper]
    return _ASCII_D.get(upper, upper)


def _from_match(m: re.Match, strict: bool = False) -> str | None:
    """The canonical number of a match.

    `strict` (running text) keeps only upper-case symbol parts, so
    "162/KH-UBND - triển khai" stops before "triển" and "60 tạ/ha" is no
    number at all; typed input ("162/kh-ubnd") is not strict."""
    num, year, symbol = m.group(1), m.group(2), m.group(3)
    symbol = re.sub(r"\bQ\s+Đ\b", "QĐ", symbol)
    parts: list[str] = []
    for p in _DASH_SPLIT_RE.split(symbol):
        p = p.replace(" ", "")
        if not p:
            continue
        if strict and p != p.upper() and p.upper() not in _MIXED:
            break
        parts.append(_norm_part(p))
    if not parts or not parts[0][:1].isalpha():
        return None
    if strict and len(parts) == 1 and len(parts[0]) == 1:
        return None  # "5/A" is an address or a class, not a document
    head = f"{num}/{year}/" if year else f"{num}/"
    return head + "-".join(parts)


def normalize_number(text: str | None) -> str | None:
    """Canonical "1234/QĐ-UBND" for a number as written, or None.

    >>> normalize_number("Số: 1234 / QD - ubnd")
    '1234/QĐ-UBND'
    >>> normalize_number("12/2023/QĐ-UBND")
    '12/2023/QĐ-UBND'
    """
    if not text:
        return None
    text = _PREFIX_RE.sub("", normalize(text))
    m = NUMBER_RE.search(text)
    if m:
        return _from_match(m)
    m = PARTY_NUMBER_RE.search(text)
    if m:
        return f"{m.group(1)}-{m.group(2)}/{m.group(3)}"
    return None


def find_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalized number) of every document number in `text`."""
    out = []
    for m in NUMBER_RE.finditer(text):
        n = _from_match(m, strict=True)
        if n:
            out.append((m.start(), m.end(), n))
    for m in PARTY_NUMBER_RE.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in out):
            out.append((m.start(), m.end(), f"{m.group(1)}-{m.group(2)}/{m.group(3)}"))
    return sorted(out)


def number_key(text: str | None) -> str:
    """Folded alphanumeric key: "162/KH-UBND", "162 kh ubnd" -> "162khubnd"."""
    if not text:
        return ""
    text = _PREFIX_RE.sub("", normalize(text))
    return re.sub(r"[^0-9a-z]", "", fold(text))


def number_keys(number: str | None) -> list[str]:
    """Keys a stored number is findable by, most specific first.

    "1234/QĐ-UBND" -> ["1234qdubnd", "1234qd", "qd1234", "1234"]; a query's
    :func:`number_key` ("QD 1234" -> "qd1234") is looked up among them.
    """
    if not number:
        return []
    norm = normalize_number(number) or number
    keys = [number_key(norm)]
    m = re.match(r"^(\d+)/(?:(\d{4})/)?([^-]+)", norm) or re.match(r"^(\d+)-()([^/]+)", norm)
    if m:
        num, year, code = m.group(1), m.group(2), number_key(m.group(3))
        if year:
            keys += [f"{num}{year}{code}", f"{code}{num}{year}", f"{num}{year}"]
        keys += [f"{num}{code}", f"{code}{num}", num]
    return list(dict.fromkeys(k for k in keys if k))
