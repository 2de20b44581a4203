"""Reading order of a PDF page's text layer: words grouped into lines
(by vertical position, ``Y_TOLERANCE``) and split into segments at wide
gaps; the two-column header (agency | quốc hiệu) and the signature block
("Nơi nhận:" | "KT. CHỦ TỊCH") read left column first; lines joined into
paragraph blocks, with header lines, all-capital headings and page numbers
kept apart, and whether the page's first and last paragraphs run across
the page break.
"""
from __future__ import annotations

import re
import statistics

from ...vietnamese.datelines import PLACE_DATE_LINE_RE
from ..txt import collapse_ws, nfc

X_TOLERANCE = 1                       # see ingest.readers.pdf's docstring for the measurement
Y_TOLERANCE = 3


_STANDALONE_RE = re.compile(
    r"^(?:Số|Số hiệu|Ký hiệu)\s*:|"
    r"^(?:CỘNG\s+HÒA|CỘNG\s+HOÀ|Độc\s+lập\s*[-–]\s*Tự\s+do)|"
    r"^(?:Nơi\s+nhận|TM\.|KT\.|TL\.|TUQ\.|Q\.\s)",
    re.IGNORECASE,
)
_STARTS_PARAGRAPH_RE = re.compile(
    r"^(?:Điều\s+\d+\s*[.:]|(?:Chương|Mục|Phần)\s+[IVXLC\d]+\s*(?:[.:]|$)|Căn\s+cứ|Xét\s+đề\s+nghị|"
    r"Theo\s+đề\s+nghị|QUYẾT\s+ĐỊNH|[-–+•*]\s|[a-zđ]\)\s|\d+(?:\.\d+)*[.)]\s|[IVXLC]+\.\s)",
)


def _is_standalone(text: str) -> bool:
    if _STANDALONE_RE.match(text) or PLACE_DATE_LINE_RE.match(text):
        return True
    letters = [c for c in text if c.isalpha()]
    # all-capital headings ("QUYẾT ĐỊNH", "ỦY BAN NHÂN DÂN")
    return len(letters) >= 4 and len(text) <= 90 and all(c.isupper() for c in letters)


class _Seg:
    __slots__ = ("text", "x0", "x1", "top", "bottom", "size")

    def __init__(self, words):
        self.text = nfc(" ".join(w["text"] for w in words))
        self.x0 = min(w["x0"] for w in words)
        self.x1 = max(w["x1"] for w in words)
        self.top = min(w["top"] for w in words)
        self.bottom = max(w["bottom"] for w in words)
        self.size = statistics.median(w["bottom"] - w["top"] for w in words) or 10


def _lines(words) -> list[list[_Seg]]:
    """Words -> lines (by vertical position) -> segments split at wide gaps."""
    words = sorted(words, key=lambda w: (round(w["top"], 1), w["x0"]))
    lines: list[list[dict]] = []
    for w in words:
        if lines:
            last = lines[-1]
            ref = last[0]
            tol = max(Y_TOLERANCE, 0.5 * (ref["bottom"] - ref["top"]))
            if abs(w["top"] - ref["top"]) <= tol:
                last.append(w)
                continue
        lines.append([w])
    out = []
    for ln in lines:
        ln.sort(key=lambda w: w["x0"])
        size = statistics.median(w["bottom"] - w["top"] for w in ln) or 10
        gap_limit = max(18.0, 2.0 * size)
        segs, cur = [], [ln[0]]
        for w in ln[1:]:
            if w["x0"] - cur[-1]["x1"] > gap_limit:
                segs.append(_Seg(cur))
                cur = [w]
            else:
                cur.append(w)
        segs.append(_Seg(cur))
        out.append(segs)
    return out


def _two_columns(lines: list[list[_Seg]], signature: bool = False):
    """(number of lines, left segments, right segments) of a two-column
    block at the start of `lines`, or (0, [], []).

    The header of a document (agency | quốc hiệu) has centred columns: a
    one-segment line belongs to a column when it is centred on it (so the
    centred title "QUYẾT ĐỊNH" below ends the header). The signature block
    ("Nơi nhận:" list | "KT. CHỦ TỊCH ...") has a left-aligned list: a
    one-segment line belongs to the side it fits in.
    """
    window = lines if signature else lines[:8]
    pairs = [segs for segs in window if len(segs) == 2]
    if not pairs or len(lines[0]) != 2:
        return 0, [], []  # the block starts with a line in both columns
    lx0 = min(p[0].x0 for p in pairs)
    lx1 = max(p[0].x1 for p in pairs)
    rx0 = min(p[1].x0 for p in pairs)
    rx1 = max(p[1].x1 for p in pairs)
    if lx1 >= rx0:
        return 0, [], []
    lc, rc = (lx0 + lx1) / 2, (rx0 + rx1) / 2
    lw, rw = max(lx1 - lx0, 1.0), max(rx1 - rx0, 1.0)
    left, right = [], []
    n = 0
    for segs in window:
        if len(segs) == 2 and segs[0].x1 < rx0 + 1 and segs[1].x0 > lx1 - 1:
            left.append(segs[0])
            right.append(segs[1])
        elif len(segs) == 1:
            s = segs[0]
            c = (s.x0 + s.x1) / 2
            if signature:
                fits_left, fits_right = s.x1 <= rx0 and s.x0 <= lx0 + 20, s.x0 >= lx1 - 1
            else:
                fits_left = abs(c - lc) <= 0.25 * lw and s.x1 <= rx0
                fits_right = abs(c - rc) <= 0.25 * rw and s.x0 >= lx1
            if fits_left and not fits_right:
                left.append(s)
            elif fits_right and not fits_left:
                right.append(s)
            elif fits_left and fits_right:
                (left if c < (lx1 + rx0) / 2 else right).append(s)
            else:
                break
        else:
            break
        n += 1
    if not any(len(segs) == 2 for segs in lines[:n]):
        return 0, [], []
    return n, left, right


_PAGE_NUMBER_RE = re.compile(r"^(?:[-–]\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?$", re.I)
_TERMINAL = (".", ":", ";", "!", "?", "…")


def _paragraphs(lines: list[list[_Seg]], page_width: float):
    """(blocks, open_end, flowing_start): the page's paragraph blocks as
    (top, text) pairs in reading order; whether
    the last paragraph runs on past the page end (last line full, no final
    punctuation); whether the first line could continue the previous page."""
    # a page number alone on the first or last line of the page
    if lines and len(lines[0]) == 1 and _PAGE_NUMBER_RE.match(lines[0][0].text):
        lines = lines[1:]
    if lines and len(lines[-1]) == 1 and _PAGE_NUMBER_RE.match(lines[-1][0].text):
        lines = lines[:-1]
    if not lines:
        return [], False, False
    blocks: list[tuple[float, str]] = []
    header_end, left, right = _two_columns(lines)
    if header_end:
        # the agency / quốc hiệu header: left column first, then right
        blocks.extend((s.top, s.text) for s in left)
        blocks.extend((s.top, s.text) for s in right)
        lines = lines[header_end:]

    singles = [segs[0] for segs in lines if len(segs) == 1]
    if singles:
        L = min(s.x0 for s in singles)
        R = max(s.x1 for s in singles)
        steps = [b.top - a.top for a, b in zip(singles, singles[1:]) if 0 < b.top - a.top < 3 * a.size]
        spacing = statistics.median(steps) if steps else None
    else:
        L, R, spacing = 0.0, page_width, None
    width = max(R - L, 1.0)
    centre = (L + R) / 2

    first = lines[0][0] if lines and len(lines[0]) == 1 else None
    flowing_start = bool(
        first is not None and not header_end and abs(first.x0 - L) < first.size
        and not _is_standalone(first.text) and not _STARTS_PARAGRAPH_RE.match(first.text)
    )
    last = lines[-1][0] if lines and len(lines[-1]) == 1 else None
    open_end = bool(
        last is not None and last.x1 >= R - 0.15 * width and abs(last.x0 - L) < 2 * last.size
        and not last.text.endswith(_TERMINAL) and not _is_standalone(last.text)
    )

    cur: list[_Seg] = []

    def flush():
        if cur:
            blocks.append((cur[0].top, collapse_ws(" ".join(s.text for s in cur))))
            cur.clear()

    i = 0
    while i < len(lines):
        segs = lines[i]
        if len(segs) > 1:
            flush()
            if re.match(r"^Nơi\s+nhận", segs[0].text, re.I):
                n, sig_left, sig_right = _two_columns(lines[i:], signature=True)
                if n:
                    blocks.extend((s.top, s.text) for s in sig_left)
                    blocks.extend((s.top, s.text) for s in sig_right)
                    i += n
                    continue
            blocks.extend((s.top, s.text) for s in segs)
            i += 1
            continue
        s = segs[0]
        if cur:
            prev = cur[-1]
            step = s.top - prev.top
            max_step = 1.5 * spacing if spacing else 1.7 * prev.size
            close = 0 < step <= max_step and not _is_standalone(prev.text) and not _is_standalone(s.text)
            flowing = (
                not _STARTS_PARAGRAPH_RE.match(s.text)
                and prev.x1 >= R - 0.15 * width                      # prev line was full
                and not (s.x0 > prev.x0 + 0.8 * s.size and s.x0 > L + 0.8 * s.size)  # no indent
                and s.x0 < L + 0.3 * width                           # not centred / right
            )
            # a wrapped centred heading ("(Kèm theo Quyết định ... tỉnh Hòa" / "Bình)")
            centred = (
                abs((prev.x0 + prev.x1) / 2 - centre) < prev.size
                and abs((s.x0 + s.x1) / 2 - centre) < 0.5 * width
                and s.x0 > L + prev.size
                and prev.x1 - prev.x0 >= 0.6 * width
                and not prev.text.endswith(_TERMINAL)
            )
            if not (close and (flowing or centred)):
                flush()
        cur.append(s)
        i += 1
    flush()
    return [b for b in blocks if b[1]], open_end, flowing_start
