"""Spreadsheet reader: Excel ``.xlsx`` (openpyxl) and legacy ``.xls``.

Every visible worksheet that holds text gives one table in ``raw.tables``
(rows of cell strings: whole numbers without ".0", percentages as "25%",
dates as dd/mm/yyyy, empty and merged-away cells as "", empty rows
dropped, empty columns trimmed at both ends) and one block per row
("cell | cell"), as a DOCX data table does. What stands above the table —
the rows before the first row with two or more filled cells (the header),
such as "DANH SÁCH TẬP THỂ, CÁ NHÂN …", and a letterhead written in two
columns (agency | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", left column first)
— becomes text blocks, after the sheet's name when it is not a default
one ("Sheet1"). A sheet without any row of two filled cells is text only,
like a one-column DOCX table. ``raw.title``: the workbook's title property,
else the first title row, else the first sheet name. Hidden sheets (often
lookup lists) are not read; ``meta["hidden_sheets"]`` names them. Cells
in a legacy font (``.VnTime`` -> TCVN3, ``VNI-Times`` -> VNI) are converted
to Unicode; ``meta["fonts"]`` lists the fonts of the text cells.

At most ``MAX_CELLS`` (200,000) cells are read; past that the reading stops
with a warning (``meta["truncated"]``). Before openpyxl parses anything the
zip is checked: not a zip, an ``.xls`` or password-protected (OLE2) file,
or a zip whose entries unpack to more than ``MAX_UNPACKED_MB`` (200, env
``TRACUU_MAX_XLSX_MB``) is a ReaderError.

``.xls`` (Excel 97-2003) goes through LibreOffice headless (Debian
``libreoffice-calc-nogui``), which converts it to ``.xlsx`` in a temporary
folder, with the helpers and time limit of :mod:`.office`. So does a web
page or Excel 2003 XML named ``.xls``; an ``.xlsx`` named ``.xls`` is read
directly, and any other content is a ReaderError.
"""
from __future__ import annotations

import datetime as _dt
import io
import os
import re
import tempfile
from pathlib import Path

from .. import settings
from ..vietnamese.datelines import PLACE_DATE_LINE_RE
from ..vietnamese.legacy import fix_runs, font_encoding
from .base import RawDocument, ReaderError, guarded
from .package import check_package
from .txt import collapse_ws, meaningful_title, nfc, read_bytes

MAX_UNPACKED_MB = settings.MAX_XLSX_MB.default  # override with TRACUU_MAX_XLSX_MB
MAX_UNPACKED_ENV = settings.MAX_XLSX_MB.name
MAX_CELLS = 200_000  # cells read per workbook (an empty row counts as one)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# the stream an encrypted (password-protected) OOXML file keeps in its OLE2 container
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# names LibreOffice and Excel give new sheets: not worth a text block
_DEFAULT_SHEET_RE = re.compile(r"^(?:sheet|trang tính|bảng tính|feuil|tabelle|hoja|foglio|planilha|лист)\s*\d*$",
                               re.IGNORECASE)
# a letterhead row: agency | quốc hiệu, "Số: …" | "Hòa Bình, ngày …"
_LETTERHEAD_RE = re.compile(r"CỘNG\s+H[ÒO][AÀ]\s+XÃ\s+HỘI|Độc\s+lập\s*[-–]\s*Tự\s+do|^(?:Số|Số hiệu|Ký hiệu)\s*:",
                            re.IGNORECASE)


def max_unpacked_mb() -> float:
    return settings.max_xlsx_mb(default=float(MAX_UNPACKED_MB))


def _check_zip(path: str, data: bytes) -> None:
    if not data:
        raise ReaderError(f"{path}: empty file (0 bytes)")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise ReaderError(f"{path}: the workbook is password-protected (encrypted); open it in Excel "
                              "or LibreOffice and save a copy as .xlsx without a password")
        raise ReaderError(
            f"{path}: not a .xlsx file: it is an old Excel 97-2003 workbook (.xls); rename it to .xls "
            "or open it in Excel or LibreOffice and save it as .xlsx"
        )
    if not data.startswith(b"PK"):
        raise ReaderError(f"{path}: not a .xlsx file (not a zip archive); save it from Excel or "
                          "LibreOffice as .xlsx")
    names = check_package(path, data, suffix=".xlsx", kind="Excel workbook", limit_mb=max_unpacked_mb(),
                          limit_env=MAX_UNPACKED_ENV)
    if "word/document.xml" in names:
        raise ReaderError(f"{path}: not a .xlsx file: it is a Word document; rename it to .docx")
    if "xl/workbook.xml" not in names:
        raise ReaderError(f"{path}: not a .xlsx file (no xl/workbook.xml); save it from Excel or "
                          "LibreOffice as .xlsx")


# --- cell values ------------------------------------------------------------------


def _number(v: float) -> str:
    if v != v or v in (float("inf"), float("-inf")):
        return str(v)
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return format(v, ".15g")


def cell_text(value, number_format: str | None = None) -> str:
    """A cell value as text: 12.0 -> "12", 0.25 with a "0%" format -> "25%",
    a date -> "22/04/2018" (with "08:15" when it has a time), None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if number_format and "%" in number_format:
            return _number(value * 100) + "%"
        return _number(value)
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M:%S" if value.second else "%d/%m/%Y %H:%M")
    if isinstance(value, _dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return collapse_ws(nfc(str(value)))


class _Fonts:
    """Font names of the text cells, and their legacy conversion."""

    def __init__(self):
        self.names: set[str] = set()
        self.encodings: list[str] = []
        self._legacy: dict[str | None, bool] = {}

    def text(self, cell, raw: str) -> str:
        try:
            font = cell.font
            name = font.name if font is not None else None
        except (IndexError, KeyError, AttributeError):   # a damaged style table
            name = None
        legacy = self._legacy.get(name)
        if legacy is None:
            if name:
                self.names.add(name)
            legacy = self._legacy[name] = font_encoding(name)[0] is not None
        if not legacy:
            return raw
        text, enc = fix_runs([(raw, name)])
        if enc and enc not in self.encodings:
            self.encodings.append(enc)
        return text


# --- sheets -------------------------------------------------------------------------


def _sheet_rows(ws, budget: list[int], fonts: _Fonts) -> tuple[list[list[str]], bool]:
    """The sheet's non-empty rows as strings (not yet trimmed); True when the
    cell budget ran out."""
    ws.reset_dimensions()   # a wrong <dimension> would cut rows or columns off
    rows: list[list[str]] = []
    for row in ws.iter_rows():
        budget[0] -= max(1, len(row))
        if budget[0] < 0:
            return rows, True
        cells = []
        for c in row:
            v = c.value
            if v is None:
                cells.append("")
            elif isinstance(v, str):
                cells.append(collapse_ws(nfc(fonts.text(c, v))))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append(cell_text(v, c.number_format))
            else:
                cells.append(cell_text(v))
        if any(cells):
            rows.append(cells)
    return rows, False


def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c)


def _is_letterhead(row: list[str]) -> bool:
    return any(_LETTERHEAD_RE.search(c) or PLACE_DATE_LINE_RE.match(c) for c in row if c)


def _split_sheet(rows: list[list[str]]) -> tuple[list[str], list[str], list[list[str]]]:
    """(letterhead blocks, title rows, the table's rows) of a sheet's rows."""
    start = next((i for i, r in enumerate(rows) if _filled(r) >= 2 and not _is_letterhead(r)), None)
    if start is None:
        if all(_filled(r) < 2 for r in rows):
            return [c for r in rows for c in r if c], [], []   # one column: text, not a table
        start = len(rows)      # only a letterhead
    above, table = rows[:start], rows[start:]
    head: list[str] = []
    last_head = max((i for i, r in enumerate(above) if _filled(r) >= 2 or _is_letterhead(r)), default=-1)
    if last_head >= 0:
        # a letterhead in columns: left column first, as a DOCX layout table reads
        letterhead = above[:last_head + 1]
        width = max(len(r) for r in letterhead)
        head = [r[j] for j in range(width) for r in letterhead if j < len(r) and r[j]]
    titles = [c for r in above[last_head + 1:] for c in r if c]
    if table:
        first = min(next(j for j, c in enumerate(r) if c) for r in table)
        last = max(max(j for j, c in enumerate(r) if c) for r in table)
        table = [(r + [""] * (last + 1 - len(r)))[first:last + 1] for r in table]
    return head, titles, table


@guarded
def read(path: str) -> RawDocument:
    """An ``.xlsx`` workbook, or an ``.xls`` one through LibreOffice (by suffix)."""
    if path.lower().endswith(".xls"):
        return read_xls(path)
    return _read_xlsx(path, read_bytes(path), "xlsx")


def _read_xlsx(path: str, data: bytes, fmt: str, skip_sheet: str | None = None) -> RawDocument:
    _check_zip(path, data)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged parts
        reason = str(exc).strip() or type(exc).__name__
        raise ReaderError(f"{path}: damaged .{fmt} workbook ({reason}); open it in Excel or "
                          "LibreOffice and save it again as .xlsx") from None
    raw = RawDocument(path=path, format=fmt)
    fonts = _Fonts()
    budget = [MAX_CELLS]
    first_title = first_sheet = None
    try:
        hidden = []
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                hidden.append(ws.title)
                continue
            rows, truncated = _sheet_rows(ws, budget, fonts)
            if rows:
                head, titles, table = _split_sheet(rows)
                name = collapse_ws(nfc(ws.title or ""))
                if _DEFAULT_SHEET_RE.match(name) or name == skip_sheet or \
                        name.lower() in (t.lower() for t in head + titles):
                    name = ""
                first_sheet = first_sheet or name or None
                # the sheet's name after a letterhead (which opens the document), before its title
                blocks = head + [name] + titles if table else [name] + head + titles
                raw.blocks.extend(b for b in blocks if b)
                first_title = first_title or (titles[0] if titles else None)
                for r in table:
                    line = " | ".join(c for c in r if c)
                    if line:
                        raw.blocks.append(line)
                if table:
                    raw.tables.append(table)
            if truncated:
                raw.warnings.append(
                    f"only the first {MAX_CELLS:,} cells were read (sheet '{ws.title}'); "
                    "split the workbook to read the rest")
                raw.meta["truncated"] = True
                break
        props = wb.properties
    finally:
        wb.close()
    if hidden:
        raw.meta["hidden_sheets"] = hidden
    raw.meta["fonts"] = sorted(fonts.names)
    if fonts.encodings:
        raw.meta["legacy_encoding"] = "+".join(fonts.encodings)
    try:
        raw.title = meaningful_title(props.title)
        if props.creator and props.creator.strip():
            raw.meta["author"] = collapse_ws(nfc(props.creator))
        if props.created:
            raw.meta["created"] = props.created.isoformat()
        if props.modified:
            raw.meta["modified"] = props.modified.isoformat()
    except Exception as exc:  # malformed core.xml dates etc. are not fatal
        raw.warnings.append(f"workbook properties unreadable: {exc}")
    raw.title = raw.title or meaningful_title(first_title) or meaningful_title(first_sheet)
    if not raw.blocks:
        raw.warnings.append("the workbook contains no text")
    return raw


# --- .xls through LibreOffice -------------------------------------------------------------


# the converted copy's name; LibreOffice names the one sheet of a web page after it
_XLS_STEM = "in"


def _calc_installed(soffice: str) -> bool:
    """LibreOffice's spreadsheet module beside `soffice` (Debian ships it
    apart: libreoffice-calc-nogui). True when the layout is not known."""
    program = Path(os.path.realpath(soffice)).parent
    if any(program.glob("lib*lo.so")):     # the Linux layout: one library per module
        return (program / "libsclo.so").exists()
    return True


def _libreoffice_xlsx(path: str, data: bytes, workdir: str) -> Path:
    from .office import _profile_dir, _run, _soffice

    soffice = _soffice()
    if soffice is None:
        raise ReaderError(f"{path}: reading .xls files needs LibreOffice: install the Debian package "
                          "libreoffice-calc-nogui")
    if not _calc_installed(soffice):
        raise ReaderError(f"{path}: reading .xls files needs LibreOffice Calc: install the Debian "
                          "package libreoffice-calc-nogui")
    # a plain name: LibreOffice parses some characters of odd file names
    src = Path(workdir) / f"{_XLS_STEM}.xls"
    src.write_bytes(data)
    cmd = [
        soffice, "--headless", "--norestore", "--nolockcheck",
        f"-env:UserInstallation={_profile_dir().as_uri()}",
        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", workdir, str(src),
    ]
    proc = _run(cmd, path)
    out_path = Path(workdir) / f"{_XLS_STEM}.xlsx"
    if not out_path.exists():
        err = proc.stderr.decode("utf-8", "replace").strip()[-300:]
        raise ReaderError(f"{path}: LibreOffice could not convert it ({err or 'no output'}); "
                          "the file may be damaged, password-protected or not an Excel workbook")
    return out_path


# BOF records of the BIFF2-4 workbooks older than the OLE2 container
_BIFF_BOF = (b"\x09\x00", b"\x09\x02", b"\x09\x04")


def read_xls(path: str) -> RawDocument:
    """An Excel 97-2003 ``.xls`` workbook, converted to ``.xlsx`` by LibreOffice.
    Also read: an ``.xlsx`` named ``.xls`` (directly) and a web page or
    Excel 2003 XML named ``.xls`` (as "Export to Excel" buttons make them)."""
    path = os.fspath(path)
    data = read_bytes(path)
    if not data:
        raise ReaderError(f"{path}: empty file (0 bytes)")
    if data.startswith(b"PK"):
        return _read_xlsx(path, data, "xls")       # an .xlsx named .xls
    from .office import _sniff

    if _sniff(data[:512]) not in ("ole2", "html") and not data.startswith(_BIFF_BOF):
        raise ReaderError(f"{path}: not an Excel 97-2003 (.xls) workbook (unknown content); "
                          "re-save it from Excel or LibreOffice")
    with tempfile.TemporaryDirectory(prefix="tracuu-xls-") as tmp:
        converted = _libreoffice_xlsx(path, data, tmp)
        doc = _read_xlsx(path, converted.read_bytes(), "xls", skip_sheet=_XLS_STEM)
    doc.meta["converter"] = "libreoffice"
    return doc
