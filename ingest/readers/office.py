"""Old Office files: Word 97-2003 ``.doc`` and ``.rtf``.

Both go through LibreOffice headless (Debian ``libreoffice-writer-nogui``),
which converts them to ``.docx``; this module then reads the ``.docx`` XML
itself so that every run keeps its font name. The font decides the legacy
encoding run by run (``.VnTime`` -> TCVN3, ``VNI-Times`` -> VNI) and, for the
capital fonts (``.VnTimeH``, ``.VnArialH``…), restores the capitals that
TCVN3 cannot encode; paragraphs without a telling font go through
:func:`ingest.vietnamese.legacy.fix_mojibake`. Why LibreOffice and not
antiword/catdoc (both measured, see ``bench/legacy_cer.py``): antiword refuses
some Word 97 files ("not a Word Document"), breaks table cells across lines
and knows no fonts; catdoc drops the soft-hyphen byte that is TCVN3's "ư" and
knows no fonts either.

When LibreOffice is not installed, ``.doc`` falls back to ``antiword`` and
then ``catdoc`` (Debian packages of the same names; paragraph text only, the
capitals of ``H`` fonts repaired by heuristics), and ``.rtf`` to ``catdoc``.
With none of them, :class:`ReaderError` names the package to install.
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from ingest.readers.base import RawDocument, ReaderError
from ingest.vietnamese.legacy import convert_with_prior, fix_mojibake, fix_runs

TIMEOUT = 120  # seconds per conversion

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


# --- converters ---------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available_converters() -> dict[str, bool]:
    return {
        "libreoffice": _soffice() is not None,
        "antiword": shutil.which("antiword") is not None,
        "catdoc": shutil.which("catdoc") is not None,
    }


def _run(cmd: list[str], path: str, env: dict | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise ReaderError(f"{path}: {cmd[0]} took more than {TIMEOUT} s; the file may be damaged") from None


def _profile_dir() -> Path:
    # one LibreOffice user profile per process: two soffice processes sharing
    # a profile interfere with each other
    d = Path(tempfile.gettempdir()) / f"tracuu-lo-{os.getuid()}-{os.getpid()}"
    if not d.exists():
        d.mkdir(parents=True, exist_ok=True)
        atexit.register(shutil.rmtree, d, True)
    return d


def _libreoffice_docx(path: str, workdir: str) -> Path:
    soffice = _soffice()
    assert soffice
    # copy under a plain name: LibreOffice parses some characters of odd
    # file names (and the output is named after the input)
    src = Path(workdir) / ("in" + Path(path).suffix.lower())
    shutil.copyfile(path, src)
    cmd = [
        soffice, "--headless", "--norestore", "--nolockcheck",
        f"-env:UserInstallation={_profile_dir().as_uri()}",
        "--convert-to", "docx:MS Word 2007 XML", "--outdir", workdir, str(src),
    ]
    proc = _run(cmd, path)
    out = Path(workdir) / "in.docx"
    if not out.exists():
        err = proc.stderr.decode("utf-8", "replace").strip()[-300:]
        raise ReaderError(f"{path}: LibreOffice could not convert it ({err or 'no output'}); "
                          "the file may be damaged or not a Word/RTF file")
    return out


# --- .docx XML with fonts -------------------------------------------------------


class _Styles:
    """Font names from styles.xml: style id -> font, with basedOn chains."""

    def __init__(self, xml: bytes | None):
        self.fonts: dict[str, str | None] = {}
        self.based: dict[str, str] = {}
        self.default: str | None = None
        self.default_para: str | None = None
        if not xml:
            return
        root = etree.fromstring(xml)
        rf = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", _NS)
        if rf is not None:
            self.default = rf.get(_q("ascii")) or rf.get(_q("hAnsi"))
        for st in root.findall("w:style", _NS):
            sid = st.get(_q("styleId"))
            rf = st.find("w:rPr/w:rFonts", _NS)
            self.fonts[sid] = (rf.get(_q("ascii")) or rf.get(_q("hAnsi"))) if rf is not None else None
            b = st.find("w:basedOn", _NS)
            if b is not None:
                self.based[sid] = b.get(_q("val"))
            if st.get(_q("type")) == "paragraph" and st.get(_q("default")) in ("1", "true"):
                self.default_para = sid

    def font(self, style: str | None) -> str | None:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if self.fonts.get(style):
                return self.fonts[style]
            style = self.based.get(style)
        return None


def _run_font(r, para_font: str | None, styles: _Styles) -> str | None:
    rpr = r.find("w:rPr", _NS)
    if rpr is not None:
        rf = rpr.find("w:rFonts", _NS)
        if rf is not None:
            f = rf.get(_q("ascii")) or rf.get(_q("hAnsi")) or rf.get(_q("cs"))
            if f:
                return f
        rs = rpr.find("w:rStyle", _NS)
        if rs is not None:
            f = styles.font(rs.get(_q("val")))
            if f:
                return f
    return para_font


def _run_text(r) -> str:
    out = []
    for el in r:
        tag = etree.QName(el).localname
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "softHyphen":
            out.append("\xad")  # TCVN3's "ư" lives in the soft-hyphen slot
        elif tag == "noBreakHyphen":
            out.append("-")
        elif tag == "sym":
            ch = el.get(_q("char"))
            if ch:
                code = int(ch, 16)
                out.append(chr(code - 0xF000 if code >= 0xF000 else code))
    return "".join(out)


def _paragraph_runs(p, styles: _Styles) -> list[tuple[str, str | None]]:
    ppr = p.find("w:pPr", _NS)
    pstyle = None
    if ppr is not None and ppr.find("w:pStyle", _NS) is not None:
        pstyle = ppr.find("w:pStyle", _NS).get(_q("val"))
    para_font = styles.font(pstyle or styles.default_para) or styles.default
    runs = []
    for r in _own_runs(p):
        text = _run_text(r)
        if text:
            runs.append((text, _run_font(r, para_font, styles)))
    return runs


# containers whose runs belong to the paragraph itself
_INLINE = {"hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml", "dir", "bdo"}


def _own_runs(p):
    """The paragraph's runs, without text-box content (read separately) and
    without deleted text."""
    for child in p:
        name = etree.QName(child).localname
        if name == "r":
            yield child
        elif name in _INLINE:
            yield from _own_runs(child)


def _text_boxes(p):
    """Paragraphs inside the text boxes anchored in `p`, once each (the
    ``mc:Fallback`` VML copy of a DrawingML text box is skipped)."""
    for box in p.iter(_q("txbxContent")):
        if any(etree.QName(a).localname == "Fallback" for a in box.iterancestors()):
            continue
        yield from box.findall("w:p", _NS)


def _cell_paragraphs(tc):
    """A table cell's paragraphs in order, with those of text boxes and of
    tables nested in the cell (forms put signature blocks there)."""
    for child in tc:
        name = etree.QName(child).localname
        if name == "p":
            yield child
            yield from _text_boxes(child)
        elif name == "tbl":
            for tr in child.findall("w:tr", _NS):
                for inner in tr.findall("w:tc", _NS):
                    yield from _cell_paragraphs(inner)
        elif name in ("sdt", "sdtContent", "customXml"):
            yield from _cell_paragraphs(child)


_Runs = list[tuple[str, str | None]]   # (text, font name) of each run of a paragraph


def _read_docx_xml(docx: Path) -> tuple[list[_Runs], list[list[list[list[_Runs]]]], set[str]]:
    """Paragraph runs in body order (table cells included, one paragraph
    per cell paragraph), the tables separately, and all font names."""
    with zipfile.ZipFile(docx) as z:
        body_xml = z.read("word/document.xml")
        styles_xml = z.read("word/styles.xml") if "word/styles.xml" in z.namelist() else None
    styles = _Styles(styles_xml)
    root = etree.fromstring(body_xml)
    body = root.find("w:body", _NS)
    paragraphs: list[list[tuple[str, str | None]]] = []
    tables = []
    fonts: set[str] = set()

    def walk(el):
        for child in el:
            tag = etree.QName(child).localname
            if tag == "p":
                for para in [child, *_text_boxes(child)]:
                    runs = _paragraph_runs(para, styles)
                    fonts.update(f for _, f in runs if f)
                    paragraphs.append(runs)
            elif tag == "tbl":
                table = []
                for tr in child.findall("w:tr", _NS):
                    row = []
                    for tc in tr.findall("w:tc", _NS):
                        cell_paras = []
                        for p in _cell_paragraphs(tc):
                            runs = _paragraph_runs(p, styles)
                            fonts.update(f for _, f in runs if f)
                            cell_paras.append(runs)
                            paragraphs.append(runs)
                        row.append(cell_paras)
                    table.append(row)
                tables.append(table)
            elif tag in ("sdt", "sdtContent", "customXml", "smartTag", "ins"):
                walk(child)

    walk(body)
    return paragraphs, tables, fonts


def _convert_paragraph(runs: list[tuple[str, str | None]]) -> tuple[str, str | None, bool]:
    """(text, legacy encoding found, undecided: high characters left unconverted)."""
    text, enc = fix_runs(runs)
    undecided = enc is None and any(re.search(r"[\x80-\xff]", t) for t, _ in runs)
    return text, enc, undecided


def _from_docx(path: str, fmt: str, docx: Path) -> RawDocument:
    paragraphs, tables, fonts = _read_docx_xml(docx)
    texts: list[str] = []
    encodings: list[str] = []
    undecided = False
    und_flags = []
    for runs in paragraphs:
        text, enc, und = _convert_paragraph(runs)
        texts.append(text)
        und_flags.append(und)
        undecided |= und
        if enc and enc not in encodings:
            encodings.append(enc)
    doc = RawDocument(path=path, format=fmt)
    if undecided:
        # paragraphs whose fonts say nothing (Times New Roman, the style
        # default) and whose text alone did not decide: the document's
        # majority encoding, else the whole text decides
        prior = encodings[0] if encodings else None
        if prior is None:
            fixed = fix_mojibake("\n".join(texts), fonts=sorted(fonts))
            if fixed:
                texts = fixed[0].split("\n")
                encodings.extend(e for e in fixed[1].split("+") if e not in encodings)
        else:
            for i, text in enumerate(texts):
                if und_flags[i]:
                    out = convert_with_prior(text, prior)
                    if out is not None:
                        texts[i] = out
    # tables: cell text = its converted paragraphs (same conversion as above)
    para_texts = texts
    index = {id(r): i for i, r in enumerate(paragraphs)}
    for table in tables:
        rows = []
        for row in table:
            cells = [[para_texts[index[id(p)]].strip() for p in cell] for cell in row]
            rows.append([" ".join(t for t in texts if t) for texts in cells])
        doc.tables.append(rows)
    doc.blocks = [t.strip() for t in texts if t.strip()]
    doc.meta["fonts"] = sorted(fonts)
    doc.meta["converter"] = "libreoffice"
    if encodings:
        doc.meta["legacy_encoding"] = "+".join(encodings)
    return doc


# --- antiword / catdoc fallbacks ----------------------------------------------------


def _plain_text_document(path: str, fmt: str, text: str, converter: str) -> RawDocument:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    doc = RawDocument(path=path, format=fmt)
    fixed = fix_mojibake(text)
    if fixed:
        text = fixed[0]
        doc.meta["legacy_encoding"] = fixed[1]
    doc.blocks = [p.strip() for p in re.split(r"\n", text) if p.strip()]
    doc.meta["converter"] = converter
    doc.warnings.append(f"read with {converter}: no font information, capitals of .VnTimeH headings guessed")
    return doc


def _antiword(path: str) -> str | None:
    proc = _run(["antiword", "-w", "0", "-m", "UTF-8.txt", path], path)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "replace")


def _catdoc(path: str) -> str | None:
    proc = _run(["catdoc", "-w", "-d", "utf-8", path], path)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "replace")


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(head: bytes) -> str | None:
    """ "ole2", "rtf", "html" (Word's "Web page" saved as .doc) or None."""
    if head.startswith(_OLE2):
        return "ole2"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    low = stripped[:200].lower()
    if low.startswith((b"<html", b"<!doctype html", b"<?xml")) or b"<html" in low:
        return "html"
    return None


def _read(path: str, fmt: str, converter: str | None) -> RawDocument:
    if not os.path.isfile(path):
        raise ReaderError(f"{path}: no such file")
    with open(path, "rb") as fh:
        head = fh.read(512)
    kind = _sniff(head)
    if kind is None:
        raise ReaderError(f"{path}: not a Word 97-2003 (.doc) or RTF file (unknown content); "
                          "re-save it from Word or LibreOffice")
    if kind == "rtf" and fmt == "doc" and converter == "antiword":
        converter = "catdoc"  # an RTF file named .doc: antiword cannot read RTF
    have = available_converters()
    if converter:
        order = [converter]
    else:
        order = ["libreoffice", "antiword", "catdoc"] if fmt == "doc" else ["libreoffice", "catdoc"]
    failures = []
    for conv in order:
        if not have.get(conv):
            continue
        if conv == "libreoffice":
            try:
                with tempfile.TemporaryDirectory(prefix="tracuu-office-") as tmp:
                    return _from_docx(path, fmt, _libreoffice_docx(path, tmp))
            except ReaderError as exc:
                failures.append(str(exc))
                continue
        text = _antiword(path) if conv == "antiword" else _catdoc(path)
        if text is not None and text.strip():
            doc = _plain_text_document(path, fmt, text, conv)
            doc.warnings.extend(failures)
            return doc
        failures.append(f"{path}: {conv} could not read it")
    if failures:
        raise ReaderError("; ".join(failures) + " (is it really a Word 97-2003 / RTF file?)")
    need = "libreoffice-writer-nogui (or antiword / catdoc)" if fmt == "doc" else "libreoffice-writer-nogui (or catdoc)"
    if converter:
        need = {"libreoffice": "libreoffice-writer-nogui"}.get(converter, converter)
    raise ReaderError(f"{path}: reading .{fmt} files needs a converter: install the Debian package {need}")


def read_doc(path: str, converter: str | None = None) -> RawDocument:
    """A Word 97-2003 ``.doc`` file; paragraphs (and table cells) as blocks.
    converter: force "libreoffice", "antiword" or "catdoc" (default: the best available)."""
    return _read(str(path), "doc", converter)


def read_rtf(path: str, converter: str | None = None) -> RawDocument:
    """An ``.rtf`` file; paragraphs (and table cells) as blocks.
    converter: force "libreoffice" or "catdoc" (default: the best available)."""
    return _read(str(path), "rtf", converter)


def read(path) -> RawDocument:
    """Dispatch entry for ``ingest.readers``: ``.doc`` or ``.rtf`` by suffix."""
    path = os.fspath(path)
    if path.lower().endswith(".rtf"):
        return read_rtf(path)
    return read_doc(path)
