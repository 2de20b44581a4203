"""DOCX reader (python-docx).

The body is read in order with paragraphs and tables interleaved (also
inside content controls). A data table gives one block per row
("cell | cell") and goes to ``raw.tables``; a layout table — borderless
with at most 3 columns and 6 rows, or holding the quốc hiệu, like the
agency / "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" header and the signature
block — gives one block per cell paragraph, left column first. Text boxes
come out as blocks after their paragraph. ``meta["fonts"]``: the fonts of
the runs and of the styles the text uses (a ``.VnTime`` Normal style is a
legacy-encoding signal too).

Before python-docx parses anything the zip is checked: not a zip, an old
.doc (OLE2) or password-protected file, or a zip whose entries unpack to
more than ``MAX_UNPACKED_MB`` (200, env ``TRACUU_MAX_DOCX_MB``) is a
ReaderError.
"""
from __future__ import annotations

import io
import re

from .. import settings
from ..vietnamese.datelines import PLACE_DATE_LINE_RE
from .base import RawDocument, ReaderError, guarded
from .package import check_package
from .txt import collapse_ws, meaningful_title, nfc, read_bytes

MAX_UNPACKED_MB = settings.MAX_DOCX_MB.default  # override with TRACUU_MAX_DOCX_MB
MAX_UNPACKED_ENV = settings.MAX_DOCX_MB.name

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W_NS
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_QUOC_HIEU_RE = re.compile(r"CỘNG\s+H[ÒO]À?\s+XÃ\s+HỘI|Độc\s+lập\s*[-–]\s*Tự\s+do", re.IGNORECASE)
_HEADER_PIECE_RE = re.compile(r"^(?:Số|Số hiệu|Ký hiệu)\s*:|^(?:CỘNG\s+H|Độc\s+lập)", re.IGNORECASE)


def max_unpacked_mb() -> float:
    return settings.max_docx_mb(default=float(MAX_UNPACKED_MB))


def _check_zip(path: str, data: bytes) -> None:
    if not data:
        raise ReaderError(f"{path}: empty file (0 bytes)")
    if data.startswith(_OLE_MAGIC):
        raise ReaderError(
            f"{path}: not a .docx file: it is an old Word 97-2003 document (.doc) or a "
            "password-protected file; open it in Word or LibreOffice and save it as .docx "
            "without a password"
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise ReaderError(f"{path}: not a .docx file: it is an RTF document; save it as .docx")
    if not data.startswith(b"PK"):
        raise ReaderError(f"{path}: not a .docx file (not a zip archive); save it from Word as .docx")
    check_package(path, data, suffix=".docx", kind="Word document", limit_mb=max_unpacked_mb(),
                  limit_env=MAX_UNPACKED_ENV)


@guarded
def read(path: str) -> RawDocument:
    data = read_bytes(path)
    _check_zip(path, data)
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise ReaderError(f"{path}: not a Word document ({exc})") from None
    except ValueError as exc:
        # e.g. "file '...' is not a Word file, content type is '...sheet.main+xml'"
        raise ReaderError(f"{path}: not a Word document ({exc}); tracuu reads .docx "
                          "text documents") from None
    except KeyError as exc:
        raise ReaderError(f"{path}: damaged .docx (missing part {exc})") from None

    raw = RawDocument(path=path, format="docx")
    ctx = _Context(document)
    body = document.element.body
    _walk_body(body, raw, ctx)
    raw.blocks = [nfc(b) for b in raw.blocks]
    raw.tables = [[[nfc(c) for c in row] for row in t] for t in raw.tables]

    fonts = _rfonts(body) | ctx.style_fonts(body)
    raw.meta["fonts"] = sorted(fonts)
    legacy = [f for f in raw.meta["fonts"] if re.match(r"^\.?vn(?:i[\- ]|[a-z])", f, re.I)]
    if legacy:
        raw.warnings.append("legacy Vietnamese fonts (" + ", ".join(legacy) + "); "
                            "the text may need conversion from TCVN3/VNI")

    try:
        cp = document.core_properties
        raw.title = meaningful_title(cp.title)
        if cp.author and cp.author.strip():
            raw.meta["author"] = collapse_ws(nfc(cp.author))
        if cp.created:
            raw.meta["created"] = cp.created.isoformat()
        if cp.modified:
            raw.meta["modified"] = cp.modified.isoformat()
        if cp.subject and cp.subject.strip():
            raw.meta["subject"] = collapse_ws(nfc(cp.subject))
        if cp.keywords and cp.keywords.strip():
            raw.meta["keywords"] = collapse_ws(nfc(cp.keywords))
    except Exception as exc:  # malformed core.xml dates etc. are not fatal
        raw.warnings.append(f"document properties unreadable: {exc}")
    if not raw.blocks:
        raw.warnings.append("the document contains no text")
    return raw


def _rfonts(el) -> set[str]:
    """Font names of the w:rFonts under el (theme references are skipped)."""
    fonts = set()
    for rf in el.iter(_W + "rFonts"):
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            v = rf.get(_W + attr)
            if v and v.strip():
                fonts.add(v.strip())
    return fonts


class _Context:
    def __init__(self, document):
        self.bordered_styles: dict[str, bool] = {}
        self.styles: dict[str, object] = {}
        self.default_styles: list[str] = []
        self.doc_defaults = None
        try:
            styles_el = document.styles.element
        except Exception:
            styles_el = None
        if styles_el is not None:
            self.doc_defaults = styles_el.find(_W + "docDefaults")
            for st in styles_el.iter(_W + "style"):
                sid = st.get(_W + "styleId") or ""
                self.styles[sid] = st
                if st.get(_W + "default") in ("1", "true", "on") and \
                        st.get(_W + "type") in ("paragraph", "character"):
                    self.default_styles.append(sid)
                if st.get(_W + "type") == "table":
                    self.bordered_styles[sid] = _has_visible_borders(st.find(_W + "tblPr"))

    def style_fonts(self, body) -> set[str]:
        """Fonts the text gets from its styles (used styles, their bases, the
        default style and the document defaults)."""
        fonts = _rfonts(self.doc_defaults) if self.doc_defaults is not None else set()
        todo = set(self.default_styles)
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for el in body.iter(_W + tag):
                v = el.get(_W + "val")
                if v:
                    todo.add(v)
        seen = set()
        while todo:
            sid = todo.pop()
            if sid in seen or sid not in self.styles:
                continue
            seen.add(sid)
            st = self.styles[sid]
            for rpr in st.iter(_W + "rPr"):
                fonts |= _rfonts(rpr)
            based = st.find(_W + "basedOn")
            if based is not None and based.get(_W + "val"):
                todo.add(based.get(_W + "val"))
        return fonts

    def style_bordered(self, style_id: str) -> bool:
        if style_id in self.bordered_styles:
            return self.bordered_styles[style_id]
        return "grid" in style_id.lower()


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _has_visible_borders(pr) -> bool:
    if pr is None:
        return False
    for borders in list(pr.iter(_W + "tblBorders")) + list(pr.iter(_W + "tcBorders")):
        for b in borders:
            if (b.get(_W + "val") or "none") not in ("nil", "none"):
                return True
    return False


def _block_items(container):
    """w:p and w:tbl children in order, looking into content controls."""
    for child in container:
        name = _local(child)
        if name in ("p", "tbl"):
            yield child
        elif name == "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _block_items(content)
        elif name in ("customXml", "ins", "moveTo"):
            yield from _block_items(child)


def _walk_body(container, raw: RawDocument, ctx: _Context) -> None:
    for item in _block_items(container):
        if _local(item) == "p":
            raw.blocks.extend(_paragraph_blocks(item))
            for box in _text_boxes(item):
                _walk_body(box, raw, ctx)
        else:
            _table(item, raw, ctx)


def _paragraph_text(p) -> str:
    out: list[str] = []

    def walk(el):
        for child in el:
            name = _local(child)
            if name == "t":
                out.append(child.text or "")
            elif name in ("tab", "ptab"):
                out.append("\t")
            elif name in ("br", "cr"):
                out.append("\n")
            elif name == "noBreakHyphen":
                out.append("-")
            elif name == "sym":
                out.append(" ")
            elif name in ("drawing", "pict", "AlternateContent", "object", "del", "moveFrom",
                          "rPr", "pPr", "instrText", "delText", "footnoteReference",
                          "endnoteReference", "commentReference", "fldData"):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _text_boxes(p):
    """w:txbxContent of a paragraph's drawings (once: not the VML fallback)."""
    for box in p.iter(_W + "txbxContent"):
        if any(_local(a) == "Fallback" for a in box.iterancestors()):
            continue
        yield box


def _paragraph_blocks(p) -> list[str]:
    blocks: list[str] = []
    for line in _paragraph_text(p).split("\n"):
        if "\t" in line:
            pieces = [collapse_ws(x) for x in re.split(r"\t+", line)]
            pieces = [x for x in pieces if x]
            if len(pieces) > 1 and any(_HEADER_PIECE_RE.match(x) or PLACE_DATE_LINE_RE.match(x)
                                       for x in pieces):
                blocks.extend(pieces)
                continue
        t = collapse_ws(line)
        if t:
            blocks.append(t)
    return blocks


def _rows(tbl):
    rows = []
    for tr in tbl:
        if _local(tr) != "tr":
            continue
        cells = []
        for tc in tr:
            name = _local(tc)
            if name == "tc":
                cells.append(tc)
            elif name == "sdt":
                content = tc.find(_W + "sdtContent")
                if content is not None:
                    cells.extend(c for c in content if _local(c) == "tc")
        rows.append(cells)
    return rows


def _cell_paragraph_blocks(tc, ctx) -> list[str]:
    tmp = RawDocument(path="", format="docx")
    _walk_body(tc, tmp, ctx)
    return tmp.blocks


def _is_layout(tbl, rows, ctx) -> bool:
    ncols = max((len(r) for r in rows), default=0)
    text = " ".join(collapse_ws(_paragraph_text(p)) for p in tbl.iter(_W + "p"))
    if ncols <= 3 and _QUOC_HIEU_RE.search(text):
        return True
    if ncols <= 1:
        return True
    tblPr = tbl.find(_W + "tblPr")
    bordered = _has_visible_borders(tblPr)
    if tblPr is not None and not bordered:
        style = tblPr.find(_W + "tblStyle")
        if style is not None:
            bordered = ctx.style_bordered(style.get(_W + "val") or "")
    if not bordered:
        bordered = any(_has_visible_borders(tc.find(_W + "tcPr")) for r in rows for tc in r)
    return not bordered and ncols <= 3 and len(rows) <= 6


def _table(tbl, raw: RawDocument, ctx: _Context) -> None:
    rows = _rows(tbl)
    if not rows:
        return
    if _is_layout(tbl, rows, ctx):
        ncols = max(len(r) for r in rows)
        for col in range(ncols):
            for r in rows:
                if col < len(r):
                    raw.blocks.extend(_cell_paragraph_blocks(r[col], ctx))
        return
    data = []
    for r in rows:
        cells = []
        for tc in r:
            cells.append(collapse_ws(" ".join(_cell_paragraph_blocks(tc, ctx))))
        data.append(cells)
        line = " | ".join(c for c in cells if c)
        if line:
            raw.blocks.append(line)
    if len(data) >= 1:
        raw.tables.append(data)
