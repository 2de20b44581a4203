"""PDF reader (pdfplumber).

Per page: the words of the text layer (``x_tolerance=1``: measured on
fpdf2 + DejaVu Sans PDFs drawn without space glyphs, 1 pt recovers every
word when the gaps are >= 1.5 pt and still tolerates 0.8 pt letter
spacing; 1.5 pt merges words at 1.5 pt gaps), NFC, grouped into lines and
then into paragraph blocks. A line with a wide gap (the two-column header
of an administrative document, "Số: 12/QĐ-UBND ... Hòa Bình, ngày ...")
is split into segments; the two-column header at the top of a page and
the signature block ("Nơi nhận:" | "KT. CHỦ TỊCH") come out left column
first. Header lines ("Số: ...", the place-date line, the quốc hiệu,
all-capital headings) stay blocks of their own; a page number alone on the
first or last line of a page is dropped.

Tables (``page.find_tables()``, kept when >= 2 rows and >= 2 columns) are
cut out of the page text and put back as one block per row ("cell | cell")
where the table stands on the page (so the text holds the table once and
a header table at the top comes first), and go to ``raw.tables``. A
paragraph running from one page onto the next is joined.

Pages without a text layer are listed in ``meta["pages_without_text"]``
(warning "page N has no text layer"); if ``ingest.readers.ocr`` has
``ocr_pages(path, page_numbers) -> {page: (text, confidence)}`` it is asked
for their text (``raw.ocr_pages``, warning "page N: OCR (<ENGINE>,
confidence 87%)", ENGINE from that module, default "tesseract vie").
``meta["fonts"]``: the font names of the characters, subset prefix
("ABCDEF+") removed. Limits: ``MAX_PAGES`` (env ``TRACUU_MAX_PDF_PAGES``).
"""
from __future__ import annotations

import importlib
import io
import re
import statistics

from ... import settings
from ...vietnamese.datelines import PLACE_DATE_LINE_RE
from ..base import RawDocument, ReaderError, guarded
from ..txt import (
    collapse_ws,
    meaningful_title,
    nfc,
    read_bytes,
    split_blocks,
)

MAX_PAGES = settings.MAX_PDF_PAGES.default      # override with TRACUU_MAX_PDF_PAGES
MAX_PAGES_ENV = settings.MAX_PDF_PAGES.name
X_TOLERANCE = 1                       # see the module docstring for the measurement
Y_TOLERANCE = 3


def max_pages() -> int:
    return settings.max_pdf_pages(default=MAX_PAGES)


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


def _meta_str(value) -> str | None:
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            value = value[2:].decode("utf-16-be", "replace")
        else:
            value = value.decode("latin-1")
    if isinstance(value, str) and value.strip():
        return collapse_ws(nfc(value))
    return None


def _pdf_date(value) -> str | None:
    s = _meta_str(value)
    if not s:
        return None
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", s)
    if not m:
        return s
    y, mo, d, h, mi, se = m.groups()
    out = y + (f"-{mo}" if mo else "") + (f"-{d}" if mo and d else "")
    if d and h:
        out += f"T{h}:{mi or '00'}:{se or '00'}"
    return out


def _open(path: str, data: bytes):
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        inner = exc.args[0] if getattr(exc, "args", None) and isinstance(exc.args[0], Exception) else exc
        name = type(inner).__name__
        if name == "PDFPasswordIncorrect":
            raise ReaderError(
                f"{path}: encrypted PDF: tracuu cannot read it without the password; "
                "save an unprotected copy and add that instead"
            ) from None
        if "Encrypt" in name or "encrypt" in str(inner).lower():
            raise ReaderError(
                f"{path}: encrypted PDF with an unsupported protection ({inner}); "
                "save an unprotected copy and add that instead"
            ) from None
        reason = str(inner).strip() or name
        raise ReaderError(
            f"{path}: malformed PDF ({reason}); try re-saving it with a PDF viewer "
            "(print to PDF) and add it again"
        ) from None


@guarded
def read(path: str) -> RawDocument:
    data = read_bytes(path)
    if not data.strip():
        raise ReaderError(f"{path}: empty file (0 bytes of PDF)")
    if b"%PDF" not in data[:1024]:
        raise ReaderError(f"{path}: not a PDF file (it does not start with %PDF)")
    raw = RawDocument(path=path, format="pdf")
    limit = max_pages()
    fonts: set[str] = set()
    pages_without_text: list[int] = []
    garbage_pages: list[int] = []
    page_blocks: dict[int, list[str]] = {}
    with _open(path, data) as pdf:
        try:
            pages = pdf.pages
            n_pages = len(pages)
        except Exception as exc:
            raise ReaderError(f"{path}: malformed PDF (its page tree cannot be read: {exc})") from None
        if n_pages == 0:
            raise ReaderError(f"{path}: the PDF has no pages")
        if n_pages > limit:
            raise ReaderError(
                f"{path}: the PDF has {n_pages} pages, more than the limit of {limit} "
                f"(set the environment variable {MAX_PAGES_ENV} to raise it)"
            )
        raw.pages = n_pages
        md = pdf.metadata or {}
        raw.title = meaningful_title(md.get("Title"))
        for key, name in (("Author", "author"), ("Subject", "subject"), ("Keywords", "keywords"),
                          ("Producer", "producer"), ("Creator", "creator")):
            v = _meta_str(md.get(key))
            if v:
                raw.meta[name] = v
        created = _pdf_date(md.get("CreationDate"))
        if created:
            raw.meta["created"] = created
        open_end = False
        for number, page in enumerate(pages, start=1):
            try:
                blocks, tables, page_fonts, has_text, page_open_end, flowing_start = _read_page(page)
            except Exception as exc:  # one broken page must not lose the document
                reason = str(exc).strip() or type(exc).__name__
                raw.warnings.append(f"page {number} could not be read: {reason}")
                page_blocks[number] = []
                open_end = False
                continue
            fonts |= page_fonts
            if not has_text:
                pages_without_text.append(number)
                raw.warnings.append(f"page {number} has no text layer")
                page_blocks[number] = []
                open_end = False
                continue
            if any("(cid:" in b for b in blocks):
                raw.warnings.append(f"page {number}: text has unmapped glyphs (cid:...), "
                                    "the font has no Unicode map")
            if open_end and flowing_start and blocks and page_blocks.get(number - 1):
                # a paragraph running on from the previous page
                prev_blocks = page_blocks[number - 1]
                prev_blocks[-1] = prev_blocks[-1] + " " + blocks.pop(0)
            open_end = page_open_end
            page_blocks[number] = blocks = _repair_text_layer(number, blocks, page_fonts, raw, garbage_pages)
            raw.tables.extend(tables)
            page.close()  # frees the page's cached objects

    unreadable = [w for w in raw.warnings if " could not be read: " in w]
    if len(unreadable) == n_pages:
        raise ReaderError(f"{path}: malformed PDF: no page could be read "
                          f"({unreadable[0].split(': ', 1)[1]})")
    if garbage_pages:
        raw.meta["pages_with_garbage_text"] = garbage_pages
    if pages_without_text:
        raw.meta["pages_without_text"] = pages_without_text
    if pages_without_text or garbage_pages:
        _ocr(path, sorted(pages_without_text + garbage_pages), page_blocks, raw)
        if len(pages_without_text) == n_pages and not raw.ocr_pages:
            raw.warnings.append("no page has a text layer (a scanned PDF?); it needs OCR")
    for number in sorted(page_blocks):
        raw.blocks.extend(page_blocks[number])
    fonts_list = sorted(fonts)
    raw.meta["fonts"] = fonts_list
    legacy = [f for f in fonts_list if re.match(r"^\.?vn(?:i[\- ]|[a-z])", f, re.I)]
    if legacy:
        raw.warnings.append("legacy Vietnamese fonts (" + ", ".join(legacy) + "); "
                            "the text may need conversion from TCVN3/VNI")
    return raw


def _repair_text_layer(number, blocks, page_fonts, raw, garbage_pages) -> list[str]:
    """Convert a legacy-encoded (TCVN3/VNI) text layer to Unicode, and mark a
    page whose layer is still garbage for OCR (the layer is kept if OCR is
    unavailable)."""
    from ingest.vietnamese.legacy import fix_mojibake

    try:
        from ingest.readers.ocr import text_layer_quality
    except ImportError:  # OCR support left out (as _ocr tolerates too)
        text_layer_quality = None
    page_text = "\n".join(blocks)
    fixed = fix_mojibake(page_text, fonts=sorted(page_fonts))
    if fixed:
        page_text = fixed[0]
        blocks = page_text.split("\n")
        raw.meta.setdefault("legacy_encoding", fixed[1])
    if text_layer_quality is not None and text_layer_quality(page_text) != "ok":
        garbage_pages.append(number)
        raw.warnings.append(f"page {number}: the text layer is unusable, sent to OCR")
    return blocks


def _ocr(path, numbers, page_blocks, raw) -> None:
    try:
        ocr_module = importlib.import_module("ingest.readers.ocr")
    except ImportError:
        return
    ocr_pages = getattr(ocr_module, "ocr_pages", None)
    if not callable(ocr_pages):
        return
    engine_name = getattr(ocr_module, "engine_name", None)
    engine = engine_name() if callable(engine_name) else getattr(ocr_module, "ENGINE", "tesseract vie")
    try:
        results = ocr_pages(path, list(numbers)) or {}
    except Exception as exc:
        raw.warnings.append(f"OCR failed: {exc}")
        return
    for number in numbers:
        if number not in results:
            continue
        text, confidence = results[number]
        text = nfc(text or "").replace("\r\n", "\n")
        blocks = split_blocks(text)
        if not blocks:
            continue
        page_blocks[number] = blocks
        raw.ocr_pages.append(number)
        try:
            conf = float(confidence)
            if conf <= 1.0:
                conf *= 100
            conf_text = f"confidence {conf:.0f}%"
        except (TypeError, ValueError):
            conf_text = "confidence unknown"
        raw.warnings.append(f"page {number}: OCR ({engine}, {conf_text})")
    raw.ocr_pages.sort()


_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")


def _read_page(page):
    chars = page.chars
    fonts = {_SUBSET_RE.sub("", c.get("fontname") or "") for c in chars}
    fonts.discard("")
    has_text = any((c.get("text") or "").strip() for c in chars)
    if not has_text:
        return [], [], fonts, False, False, False

    tables: list[list[list[str]]] = []
    bboxes = []
    try:
        found = page.find_tables()
    except Exception:
        found = []
    for t in found:
        try:
            rows = t.extract(x_tolerance=X_TOLERANCE)
        except Exception:
            continue
        rows = [[collapse_ws(nfc(c or "")) for c in row] for row in rows]
        rows = [r for r in rows if any(r)]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            tables.append(rows)
            bboxes.append(t.bbox)

    if bboxes:
        def outside(obj, _boxes=bboxes):
            if obj.get("object_type") != "char":
                return True
            cx = (obj["x0"] + obj["x1"]) / 2
            cy = (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in _boxes)

        text_page = page.filter(outside)
    else:
        text_page = page

    words = text_page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE,
                                    keep_blank_chars=False, use_text_flow=False)
    positioned, open_end, flowing_start = _paragraphs(_lines(words), page.width)
    # each table's rows go where the table stands on the page
    groups = []
    for rows, bbox in zip(tables, bboxes):
        lines = [" | ".join(c for c in r if c) for r in rows]
        groups.append((bbox[1], [ln for ln in lines if ln]))
    groups.sort(key=lambda g: g[0])
    if groups and (not positioned or groups[0][0] < positioned[0][0]):
        flowing_start = False  # the page starts with a table
    blocks: list[str] = []
    for top, text in positioned:
        while groups and groups[0][0] < top:
            blocks.extend(groups.pop(0)[1])
        blocks.append(text)
    if groups:
        open_end = False  # the page ends with a table
        for _, lines in groups:
            blocks.extend(lines)
    return blocks, tables, fonts, True, open_end, flowing_start


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
