"""An OCR'd header read as a typed one (ingest.vietnamese.ocrfix and extraction)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import RawDocument
from ingest.extract import extract
from ingest.readers import ocr, read
from ingest.vietnamese.ocrfix import fix_header, fix_header_line

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.mark.parametrize("ocr_line, right", [
    ("TÍNH LAI CHÂU Độc lập - Tự do - Hạnh phúc", "TỈNH LAI CHÂU Độc lập - Tự do - Hạnh phúc"),
    ("ỦY BẠN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("QUYÉT ĐỊNH", "QUYẾT ĐỊNH"),
    ("CHÍ THỊ", "CHỈ THỊ"),
    ("ỦY BAN NHÂN DÂN THANH PHO HÀ NỌI", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
    ("Số: 1629 /QĐ-UBND", "Số: 1629 /QĐ-UBND"),           # "Số:" is no "SỞ"
    ("Căn cứ tính toán của tỉnh", "Căn cứ tính toán của tỉnh"),  # "tính" alone, mid-line: a word
])
def test_header_words_spelled_right(ocr_line, right):
    assert fix_header_line(ocr_line) == right


def test_a_type_heading_run_on_after_the_date_gets_its_own_line():
    blocks = ["Số: 1629 /QĐ-UBND Lai Châu, ngày 27 tháng 6 năm 2025 QUYÉT ĐỊNH", "Về việc công bố danh mục",
              "Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYÉT ĐỊNH là một từ trong thân bài"]
    out = fix_header(blocks)
    assert out[:2] == ["Số: 1629 /QĐ-UBND Lai Châu, ngày 27 tháng 6 năm 2025", "QUYẾT ĐỊNH"]
    assert out[-1] == "QUYÉT ĐỊNH là một từ trong thân bài"      # the body is left as it is


def test_an_ocr_header_gives_type_number_date_and_agency():
    raw = RawDocument(path="scan.pdf", format="pdf", ocr_pages=[1], blocks=[
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TÍNH LAI CHÂU Độc lập - Tự do - Hạnh phúc",
        "Số: 1629 /QĐ-UBND Lai Châu, ngày 27 tháng 6 năm 2025 QUYÉT ĐỊNH",
        "Về việc công bố Danh mục thủ tục hành chính mới ban hành",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;",
        "Điều 1. Công bố kèm theo Quyết định này Danh mục thủ tục hành chính."])
    doc = extract(raw)
    assert (doc.doc_type, doc.number, doc.date) == ("quyet-dinh", "1629/QĐ-UBND", "2025-06-27")
    assert doc.agency == "UBND tỉnh Lai Châu"
    typed = extract(RawDocument(path="typed.txt", format="txt", blocks=raw.blocks))
    assert typed.agency != "UBND tỉnh Lai Châu"      # text people typed is left as typed


@pytest.mark.skipif(not ocr.tesseract_available(), reason="tesseract with the Vietnamese model not installed "
                    "(apt-get install tesseract-ocr tesseract-ocr-vie)")
def test_a_scanned_two_column_header(tmp_path):
    from PIL import Image, ImageDraw, ImageFont

    if not Path(FONT).exists():
        pytest.skip(f"{FONT} not installed (fonts-dejavu-core)")
    dpi = 200
    img = Image.new("L", (int(8.27 * dpi), int(4.2 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, int(dpi * 12 / 72))
    step = int(dpi * 19 / 72)
    left, right = int(0.5 * dpi), int(3.9 * dpi)
    for i, (a, b) in enumerate([("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                ("TỈNH LAI CHÂU", "Độc lập - Tự do - Hạnh phúc"),
                                ("Số: 1629/QĐ-UBND", "Lai Châu, ngày 27 tháng 6 năm 2025")]):
        draw.text((left, int(0.3 * dpi) + i * step), a, font=font, fill=0)
        draw.text((right, int(0.3 * dpi) + i * step), b, font=font, fill=0)
    y = int(0.3 * dpi) + 4 * step
    for line in ("QUYẾT ĐỊNH", "Về việc công bố Danh mục thủ tục hành chính mới ban hành",
                 "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;"):
        draw.text((int(1.5 * dpi), y), line, font=font, fill=0)
        y += step
    path = tmp_path / "scan.pdf"
    img.save(path, "PDF", resolution=dpi)
    doc = extract(read(str(path)))
    assert doc.doc_type == "quyet-dinh"
    assert doc.number == "1629/QĐ-UBND"
    assert doc.date == "2025-06-27"
    assert doc.agency == "UBND tỉnh Lai Châu"


def test_each_header_value_carries_its_ocr_confidence():
    raw = RawDocument(path="scan.pdf", format="pdf", ocr_pages=[1], blocks=[
        "ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 4280/QĐ-UBND", "Lai Châu, ngày 27 tháng 6 năm 2025", "QUYẾT ĐỊNH", "Về việc công bố danh mục",
        "Căn cứ Luật Tổ chức chính quyền địa phương;"],
        meta={"ocr_header_words": [["ỦY", 95.0], ["BAN", 96.0], ["NHÂN", 94.0], ["DÂN", 95.0], ["TỈNH", 91.0],
                                   ["LAI", 93.0], ["CHÂU", 92.0], ["Số:", 90.0], ["4280/QĐ-UBND", 38.0],
                                   ["Lai", 90.0], ["Châu,", 91.0], ["ngày", 93.0], ["27", 88.0], ["tháng", 92.0],
                                   ["6", 85.0], ["năm", 93.0], ["2025", 94.0]]})
    doc = extract(raw)
    assert doc.number == "4280/QĐ-UBND"
    assert doc.header_confidence == {"number": 38.0, "date": 85.0, "agency": 91.0}
    assert any(w.startswith("number 4280/QĐ-UBND read by OCR with low confidence (38%)") for w in doc.warnings)
    assert doc.to_json()["header_confidence"]["number"] == 38.0
    typed = extract(RawDocument(path="typed.txt", format="txt", blocks=raw.blocks))
    assert typed.header_confidence is None and "header_confidence" not in typed.to_json()
