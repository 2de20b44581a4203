"""An OCR'd header put back into its words: `fix_header_line`.

Tesseract reads a scanned header with its marks lost or mistaken
("QUYÉT ĐỊNH", "TÍNH LAI CHÂU", "Ủy bạn nhân dân", "THANH PHO HÀ NỌI").
A header's words are few and known — the agency words, the national
motto, the document types (``data/doc_types.tsv``), the province names
(the gazetteer) and ``data/header_words.txt`` — so a run of words whose
letters without marks are one of these phrases is written as that phrase,
in the line's letter case. Only header lines of OCR'd pages are given to
it (text people typed is left as typed); a single short word ("TỈNH") is
corrected only at the start of a line or before a province name, where a
header has it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import doctypes, gazetteer
from .normalize import fold

__all__ = ["fix_header", "fix_header_line"]

_DATA = Path(__file__).with_name("data") / "header_words.txt"
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], list[str]]:
    """{folded words: the words as spelled}, the longest phrases first."""
    lines = [ln.strip() for ln in _DATA.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    names = [t.name for t in doctypes.DOCUMENT_TYPES]
    provinces = gazetteer.province_names()
    out: dict[tuple[str, ...], list[str]] = {}
    for phrase in lines + names + provinces:
        words = _WORD_RE.findall(phrase)
        key = tuple(fold(w).lower() for w in words)
        if key and key not in out:
            out[key] = words
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


def _cased(target: str, like: str) -> str:
    if like.isupper():
        return target.upper()
    if like[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


@lru_cache(maxsize=1)
def _province_keys() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w).lower() for w in _WORD_RE.findall(p)) for p in gazetteer.province_names())


def fix_header_line(line: str) -> str:
    """`line` with its header words spelled as they should be."""
    words = list(_WORD_RE.finditer(line))
    if not words:
        return line
    folded = [fold(w.group(0)).lower() for w in words]
    phrases = _phrases()
    provinces = _province_keys()
    out, last, i = [], 0, 0
    while i < len(words):
        for key, spelled in phrases.items():
            n = len(key)
            if tuple(folded[i:i + n]) != key:
                continue
            if n == 1 and len(key[0]) <= 4 and i != 0 \
                    and not any(tuple(folded[i + 1:i + 1 + len(p)]) == p for p in provinces):
                continue      # a short word alone only where a header has it: "TỈNH LAI CHÂU"
            span = words[i:i + n]
            if line[span[-1].end():span[-1].end() + 1] == ":":
                continue      # "Số:" is the number's label, not "SỞ"
            out.append(line[last:span[0].start()])
            for j, (w, s) in enumerate(zip(span, spelled)):
                out.append(_cased(s, w.group(0)))
                if j + 1 < n:
                    out.append(line[w.end():span[j + 1].start()])
            last = span[-1].end()
            i += n
            break
        else:
            i += 1
    out.append(line[last:])
    return "".join(out)


# the header's end: the body begins ("Căn cứ …", "Kính gửi: …")
_BODY_START_RE = re.compile(r"^\s*(?:Căn cứ|Kính gửi|Thực hiện|Theo đề nghị|Điều 1)", re.IGNORECASE)
# a type heading OCR ran on after the place-date line: "… năm 2025 QUYẾT ĐỊNH"
_AFTER_DATE_RE = re.compile(r"(năm\s+\d{4}\.?)\s+(?=[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ\s]{3,}$)")


def fix_header(blocks: list[str], limit: int = 15) -> list[str]:
    """The header blocks of an OCR'd first page (up to the body's first
    words, at most `limit`) with their words spelled right
    (:func:`fix_header_line`) and a type heading run on after the date line
    put on a line of its own."""
    out = list(blocks)
    for i, block in enumerate(out[:limit]):
        if _BODY_START_RE.match(block):
            break
        fixed = fix_header_line(block)
        out[i] = _AFTER_DATE_RE.sub(r"\1\n", fixed)
    return [part for block in out for part in block.split("\n")] if any("\n" in b for b in out[:limit]) \
        else out
