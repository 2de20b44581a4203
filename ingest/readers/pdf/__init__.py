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
A header whose number or date slot is empty on page 1 (the e-signing
software stamps them as widgets) is completed from poppler's reading of
page 1 (``stamps``), with a warning. ``meta["fonts"]``: the font names of the characters, subset prefix
("ABCDEF+") removed. Limits: ``MAX_PAGES`` (env ``TRACUU_MAX_PDF_PAGES``).

This module opens the file, reads its info dictionary and goes through the
pages; one page is read in ``page`` (tables, words), its lines and
paragraphs are put in reading order in ``layout``, and legacy-font repair
and OCR of the pages without usable text are in ``repair``.
"""
from __future__ import annotations

import io
import re

from ... import settings
from ..base import RawDocument, ReaderError, guarded
from ..txt import collapse_ws, meaningful_title, nfc, read_bytes
from .layout import X_TOLERANCE, Y_TOLERANCE
from .page import _read_page
from .repair import _ocr, _repair_text_layer  # read() looks _ocr up here: tests replace pdf._ocr
from .stamps import fill_stamped

# the names pdf.py had at the top, importable from ingest.readers.pdf as before
__all__ = ["read", "max_pages", "MAX_PAGES", "MAX_PAGES_ENV", "X_TOLERANCE", "Y_TOLERANCE"]

MAX_PAGES = settings.MAX_PDF_PAGES.default      # override with TRACUU_MAX_PDF_PAGES
MAX_PAGES_ENV = settings.MAX_PDF_PAGES.name


def max_pages() -> int:
    return settings.max_pdf_pages(default=MAX_PAGES)


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
                blocks, tables, page_fonts, has_text, page_open_end, flowing_start, legacy_runs = _read_page(page)
            except Exception as exc:  # one broken page must not lose the document
                reason = str(exc).strip() or type(exc).__name__
                raw.warnings.append(f"page {number} could not be read: {reason}")
                page_blocks[number] = []
                open_end = False
                continue
            fonts |= page_fonts
            if legacy_runs:
                raw.meta.setdefault("legacy_encoding", legacy_runs)
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
    if page_blocks.get(1) and 1 not in pages_without_text:
        page_blocks[1] = fill_stamped(path, page_blocks[1], raw.warnings)
    for number in sorted(page_blocks):
        raw.blocks.extend(page_blocks[number])
    fonts_list = sorted(fonts)
    raw.meta["fonts"] = fonts_list
    legacy = [f for f in fonts_list if re.match(r"^\.?vn(?:i[\- ]|[a-z])", f, re.I)]
    if legacy and raw.meta.get("legacy_encoding"):
        # said only when text was converted: a Unicode PDF may keep a legacy font's name
        raw.warnings.append("legacy Vietnamese fonts (" + ", ".join(legacy) + "): text converted from "
                            + raw.meta["legacy_encoding"].upper().replace("+", ", ") + " to Unicode")
    return raw
