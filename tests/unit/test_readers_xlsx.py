"""Tests for ingest.readers.xlsx: .xlsx with openpyxl, .xls through LibreOffice.

Every workbook is built here in tmp_path with openpyxl (the .xls with
LibreOffice from one of them); a list of models is read and extracted
next to the same list written as a DOCX annex, which must give the same
models.
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile

import openpyxl
import pytest

from ingest import settings
from ingest.extract import extract
from ingest.readers import SUPPORTED_SUFFIXES, ReaderError, read
from ingest.readers import xlsx as xlsx_reader

TITLE = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐIỂN HÌNH TIÊN TIẾN NĂM 2023"
HEADER = ["STT", "Tên tập thể, cá nhân", "Địa chỉ", "Lĩnh vực"]
ROWS = [
    ["1", "HTX Nông nghiệp Bắc Phong", "xã Bắc Phong, huyện Cao Phong", "Nông nghiệp"],
    ["2", "Ông Bùi Văn Thịnh", "xóm Dụ, xã Tân Minh, huyện Đà Bắc", "Xây dựng nông thôn mới"],
    ["3", "Trường Tiểu học Mỵ Hòa", "xã Mỵ Hòa, huyện Kim Bôi", "Giáo dục"],
]
MODELS = [  # (name, kind, district) as a DOCX annex of the same list gives them
    ("HTX Nông nghiệp Bắc Phong", "tập thể", "Cao Phong"),
    ("Ông Bùi Văn Thịnh", "cá nhân", "Đà Bắc"),
    ("Trường Tiểu học Mỵ Hòa", "tập thể", "Kim Bôi"),
]


def _models_xlsx(path):
    """The list of models as offices keep it: a merged title row, an empty
    row, the header, numbers as numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append([TITLE])
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(HEADER)
    for row in ROWS:
        ws.append([int(row[0]), *row[1:]])
    wb.save(path)
    return path


def _models_docx(path):
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    table = d.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    table.style = "Table Grid"
    for i, row in enumerate([HEADER, *ROWS]):
        for j, c in enumerate(row):
            table.cell(i, j).text = c
    d.save(str(path))
    return path


def _models(doc):
    return [(m.name, m.kind, m.district) for m in doc.models]


# ===========================================================================
# .xlsx
# ===========================================================================


def test_suffixes_registered():
    assert {".xlsx", ".xls"} <= set(SUPPORTED_SUFFIXES)


def test_list_of_models(tmp_path):
    f = _models_xlsx(tmp_path / "ds.xlsx")
    raw = read(str(f))
    assert raw.format == "xlsx"
    assert raw.path == str(f)
    assert raw.tables == [[HEADER, *ROWS]]
    assert raw.title == TITLE
    assert raw.blocks == ["Danh sách", TITLE, " | ".join(HEADER), *(" | ".join(r) for r in ROWS)]
    assert raw.meta["fonts"] == ["Calibri"]
    assert raw.warnings == []


def test_list_of_models_extracts_like_a_docx_annex(tmp_path):
    doc = extract(read(str(_models_xlsx(tmp_path / "ds.xlsx"))))
    assert doc.title == TITLE
    assert _models(doc) == MODELS
    assert {"Cao Phong", "Đà Bắc", "Kim Bôi"} <= set(doc.districts)
    twin = extract(read(str(_models_docx(tmp_path / "ds.docx"))))
    assert _models(twin) == MODELS
    assert [m.to_json() for m in doc.models] == [m.to_json() for m in twin.models]
    assert doc.fields == twin.fields and doc.districts == twin.districts


def test_two_sheets(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active                      # default name "Sheet": no block of its own
    ws.append(["DANH SÁCH TẬP THỂ"])
    ws.append(["STT", "Tên tập thể"])
    ws.append([1, "HTX Nông nghiệp Bắc Phong"])
    ws2 = wb.create_sheet("Cá nhân")
    ws2.append(["STT", "Họ và tên", "Địa chỉ"])
    ws2.append([1, "Ông Bùi Văn Thịnh", "xã Tân Minh"])
    wb.create_sheet("Sheet3")           # empty: nothing
    hidden = wb.create_sheet("DM")      # a hidden lookup list: not read
    hidden.append(["Huyện", "Lạc Sơn"])
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "hai.xlsx")
    raw = read(str(tmp_path / "hai.xlsx"))
    assert raw.tables == [
        [["STT", "Tên tập thể"], ["1", "HTX Nông nghiệp Bắc Phong"]],
        [["STT", "Họ và tên", "Địa chỉ"], ["1", "Ông Bùi Văn Thịnh", "xã Tân Minh"]],
    ]
    assert raw.blocks == [
        "DANH SÁCH TẬP THỂ", "STT | Tên tập thể", "1 | HTX Nông nghiệp Bắc Phong",
        "Cá nhân", "STT | Họ và tên | Địa chỉ", "1 | Ông Bùi Văn Thịnh | xã Tân Minh",
    ]
    assert raw.title == "DANH SÁCH TẬP THỂ"
    assert raw.meta["hidden_sheets"] == ["DM"]


def test_numbers_dates_and_empty_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    # column A empty throughout, trailing empty columns and rows, an empty row inside
    ws["B2"], ws["C2"], ws["D2"], ws["E2"], ws["F2"] = "Số", "Ngày", "Tỷ lệ", "Giờ", "Ghi chú"
    ws["B3"], ws["C3"], ws["D3"] = 12.0, dt.datetime(2023, 12, 15), 0.255
    ws["D3"].number_format = "0.0%"
    ws["B5"], ws["C5"], ws["D5"] = 2.5, dt.date(2023, 1, 2), 0.07
    ws["D5"].number_format = "0%"
    ws["E5"], ws["F5"] = dt.datetime(2023, 1, 2, 8, 15), True
    ws["B6"], ws["C6"] = 0.1 + 0.2, 1500000
    ws["H9"] = None
    ws.merge_cells("C7:D7")
    ws["B7"], ws["C7"] = "Tổng", "gộp  hai\nô"
    wb.save(tmp_path / "so.xlsx")
    raw = read(str(tmp_path / "so.xlsx"))
    assert raw.tables == [[
        ["Số", "Ngày", "Tỷ lệ", "Giờ", "Ghi chú"],
        ["12", "15/12/2023", "25.5%", "", ""],
        ["2.5", "02/01/2023", "7%", "02/01/2023 08:15", "TRUE"],
        ["0.3", "1500000", "", "", ""],
        ["Tổng", "gộp hai ô", "", "", ""],
    ]]


@pytest.mark.parametrize("value, fmt, text", [
    (None, None, ""), (3, None, "3"), (3.0, None, "3"), (-0.5, None, "-0.5"), (1e20, None, "1e+20"),
    (0.5, "0%", "50%"), (dt.datetime(2024, 2, 29, 0, 0), None, "29/02/2024"),
    (dt.time(7, 30), None, "07:30"), ("  Ông\u00a0Bùi  Văn Thịnh ", None, "Ông Bùi Văn Thịnh"),
])
def test_cell_text(value, fmt, text):
    assert xlsx_reader.cell_text(value, fmt) == text


def test_letterhead_columns_read_left_column_first(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UBND HUYỆN CAO PHONG", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append(["HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", None, "Độc lập - Tự do - Hạnh phúc"])
    ws.append([None, None, "Cao Phong, ngày 15 tháng 12 năm 2023"])
    ws.append([TITLE])
    ws.append(HEADER)
    ws.append([1, *ROWS[0][1:]])
    wb.save(tmp_path / "qd.xlsx")
    raw = read(str(tmp_path / "qd.xlsx"))
    assert raw.blocks[:6] == [
        "UBND HUYỆN CAO PHONG", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Cao Phong, ngày 15 tháng 12 năm 2023", TITLE,
    ]
    assert raw.tables == [[HEADER, ROWS[0]]]
    assert raw.title == TITLE
    doc = extract(raw)
    assert doc.date == "2023-12-15"
    assert _models(doc) == [MODELS[0]]


def test_one_column_sheet_is_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ghi chú"
    ws.append(["Các mô hình được nhân rộng"])
    ws.append(["Mô hình nuôi cá lồng"])
    wb.save(tmp_path / "text.xlsx")
    raw = read(str(tmp_path / "text.xlsx"))
    assert raw.tables == []
    assert raw.blocks == ["Ghi chú", "Các mô hình được nhân rộng", "Mô hình nuôi cá lồng"]
    assert raw.title == "Ghi chú"


def test_empty_workbook(tmp_path):
    openpyxl.Workbook().save(tmp_path / "rong.xlsx")
    raw = read(str(tmp_path / "rong.xlsx"))
    assert raw.blocks == [] and raw.tables == []
    assert raw.warnings == ["the workbook contains no text"]


def test_legacy_font_cells_are_converted(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Tên tập thể"])
    ws.append([1, "hîp t¸c x· n«ng nghiÖp b¾c phong"])     # TCVN3 bytes as Latin-1
    ws["B2"].font = openpyxl.styles.Font(name=".VnTime")
    wb.save(tmp_path / "vntime.xlsx")
    raw = read(str(tmp_path / "vntime.xlsx"))
    assert raw.tables == [[["STT", "Tên tập thể"], ["1", "hợp tác xã nông nghiệp bắc phong"]]]
    assert raw.meta["legacy_encoding"] == "tcvn3"
    assert ".VnTime" in raw.meta["fonts"]


def test_cell_limit_warns_and_stops(tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(50):
        ws.append([i + 1, f"Dòng {i + 1}", "x"])
    wb.save(tmp_path / "lon.xlsx")
    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 30)
    raw = read(str(tmp_path / "lon.xlsx"))
    assert raw.meta["truncated"] is True
    assert len(raw.tables[0]) == 10
    assert any("only the first 30 cells were read" in w for w in raw.warnings)


# --- bad files ----------------------------------------------------------------


def test_corrupt_file_is_reader_error(tmp_path):
    f = tmp_path / "hong.xlsx"
    f.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    msg = str(ei.value)
    assert str(f) in msg and "not a .xlsx file (not a zip archive)" in msg and "save it" in msg


@pytest.mark.parametrize("content, expected", [
    (b"", "empty file"),
    (b"PK\x03\x04" + b"\x00" * 100, "damaged zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel 97-2003"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le"),
     "password-protected"),
])
def test_bad_files_are_reader_errors(tmp_path, content, expected):
    f = tmp_path / "bad.xlsx"
    f.write_bytes(content)
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    assert str(f) in str(ei.value) and expected in str(ei.value)


def test_zip_that_is_not_a_workbook(tmp_path):
    f = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ReaderError, match="it is a Word document"):
        read(str(f))
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook")
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    assert str(f) in str(ei.value) and "damaged .xlsx workbook" in str(ei.value)


def test_zip_bomb_limit(tmp_path, monkeypatch):
    f = _models_xlsx(tmp_path / "bom.xlsx")
    with zipfile.ZipFile(f, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/zeros.bin", b"\x00" * (3 * 1024 * 1024))
    monkeypatch.setenv("TRACUU_MAX_XLSX_MB", "2")
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    msg = str(ei.value)
    assert str(f) in msg and "limit of 2 MB" in msg and "TRACUU_MAX_XLSX_MB" in msg
    monkeypatch.setenv("TRACUU_MAX_XLSX_MB", "10")
    assert read(str(f)).tables == [[HEADER, *ROWS]]


def test_limit_setting(monkeypatch):
    monkeypatch.delenv("TRACUU_MAX_XLSX_MB", raising=False)
    assert settings.max_xlsx_mb() == 200.0 == xlsx_reader.max_unpacked_mb()
    monkeypatch.setenv("TRACUU_MAX_XLSX_MB", "20")
    assert xlsx_reader.max_unpacked_mb() == 20.0
    assert settings.by_name("TRACUU_MAX_XLSX_MB") is settings.MAX_XLSX_MB


# ===========================================================================
# .xls (LibreOffice)
# ===========================================================================


def _calc_available() -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return soffice is not None and xlsx_reader._calc_installed(soffice)


needs_calc = pytest.mark.skipif(not _calc_available(),
                                reason="LibreOffice Calc (libreoffice-calc-nogui) not installed")


@needs_calc
def test_xls_through_libreoffice(tmp_path):
    src = _models_xlsx(tmp_path / "ds.xlsx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xls", "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=120)
    f = tmp_path / "ds.xls"
    assert f.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    raw = read(str(f))
    assert raw.format == "xls"
    assert raw.meta["converter"] == "libreoffice"
    assert raw.tables == [[HEADER, *ROWS]]
    assert raw.title == TITLE
    assert _models(extract(raw)) == MODELS


def test_xlsx_named_xls_is_read_directly(tmp_path):
    f = tmp_path / "ds.xls"
    shutil.copyfile(_models_xlsx(tmp_path / "ds.xlsx"), f)
    raw = read(str(f))
    assert raw.format == "xls" and raw.tables == [[HEADER, *ROWS]]
    assert "converter" not in raw.meta


@needs_calc
def test_web_page_named_xls(tmp_path):
    f = tmp_path / "xuat.xls"      # what "Export to Excel" buttons often give
    f.write_text("<html><body><table><tr><td>STT</td><td>Tên tập thể</td></tr>"
                 "<tr><td>1</td><td>HTX Nông nghiệp Bắc Phong</td></tr></table></body></html>", encoding="utf-8")
    raw = read(str(f))
    assert raw.tables == [[["STT", "Tên tập thể"], ["1", "HTX Nông nghiệp Bắc Phong"]]]
    assert raw.blocks == ["STT | Tên tập thể", "1 | HTX Nông nghiệp Bắc Phong"]   # no sheet name "in"


def test_xls_of_unknown_content(tmp_path):
    f = tmp_path / "hong.xls"
    f.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    assert str(f) in str(ei.value) and "not an Excel 97-2003 (.xls) workbook" in str(ei.value)


def test_xls_without_libreoffice_names_the_package(tmp_path, monkeypatch):
    from ingest.readers import office

    f = tmp_path / "ds.xls"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    msg = str(ei.value)
    assert str(f) in msg and "install the Debian package libreoffice-calc-nogui" in msg


def test_libreoffice_without_calc_names_the_package(tmp_path, monkeypatch):
    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice").write_text("")
    assert xlsx_reader._calc_installed(str(program / "soffice"))       # a layout we do not know
    (program / "libswlo.so").write_text("")                             # Writer only
    assert not xlsx_reader._calc_installed(str(program / "soffice"))
    (program / "libsclo.so").write_text("")
    assert xlsx_reader._calc_installed(str(program / "soffice"))

    f = tmp_path / "ds.xls"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setattr(xlsx_reader, "_calc_installed", lambda soffice: False)
    monkeypatch.setattr("ingest.readers.office._soffice", lambda: "/usr/bin/soffice")
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    msg = str(ei.value)
    assert str(f) in msg and "LibreOffice Calc: install the Debian package libreoffice-calc-nogui" in msg
