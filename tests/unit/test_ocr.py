"""OCR of PDF pages and the text-layer check (ingest.readers.ocr).

Test PDFs are made here: an image-only page (Pillow renders Vietnamese with
DejaVu Sans at 300 dpi and saves it as PDF) and a page whose text layer is
garbage (fpdf2 writes broken-diacritics text in a core font over the image).
OCR tests skip only when tesseract (with the 'vie' model) is not installed.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from ingest.readers import ocr
from ingest.readers.base import ReaderError
from ingest.vietnamese.legacy import fix_mojibake

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "QUYẾT ĐỊNH",
    "Về việc phê duyệt kế hoạch xây dựng nông thôn mới",
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "Xét đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn,",
    "Điều 1. Phê duyệt kế hoạch của Ủy ban nhân dân tỉnh Hòa Bình.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
]
GARBAGE = ("CQNG HOA XA HQI CHU NGHIA VIPT NAM DQc l$p - Tg do - tl4nh phric "
           "QUYtrT DINH Vd viQc ph6 duyQt k6 hoach xAy dUng n6ng th6n mcri "
           "Cdn cri Luflt T6 chric chinh quyAn dia phuong; Xdt dA nghi cria Gi6m d6c S0")

needs_tesseract = pytest.mark.skipif(not ocr.tesseract_available(),
                                     reason="tesseract with the Vietnamese model not installed "
                                            "(apt-get install tesseract-ocr tesseract-ocr-vie)")


def _page_image(dpi: int = 300):
    from PIL import Image, ImageDraw, ImageFont

    if not Path(FONT).exists():
        pytest.skip(f"{FONT} not installed (fonts-dejavu-core)")
    w, h = int(8.27 * dpi), int(4.5 * dpi)  # an A4-wide strip: fast to OCR
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, int(dpi * 12 / 72))  # 12 pt
    y = int(0.4 * dpi)
    for line in LINES:
        draw.text((int(0.8 * dpi), y), line, font=font, fill=0)
        y += int(dpi * 20 / 72)
    return img


def _image_pdf(path: Path) -> Path:
    _page_image().save(path, "PDF", resolution=300)
    return path


def _garbage_layer_pdf(path: Path, tmp: Path) -> Path:
    from fpdf import FPDF

    png = tmp / "page.png"
    img = _page_image()
    img.save(png, dpi=(300, 300))
    pdf = FPDF(unit="pt", format=(img.width * 72 / 300, img.height * 72 / 300))
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(255, 255, 255)  # an "invisible" OCR layer, as scanners make
    pdf.set_xy(20, 20)
    pdf.multi_cell(pdf.w - 40, 12, GARBAGE)
    pdf.output(str(path))
    return path


def _cer(hyp: str, ref: str) -> float:
    hyp = re.sub(r"\s+", " ", unicodedata.normalize("NFC", hyp)).strip()
    ref = re.sub(r"\s+", " ", unicodedata.normalize("NFC", ref)).strip()
    prev = list(range(len(ref) + 1))
    for i, a in enumerate(hyp, 1):
        cur = [i]
        for j, b in enumerate(ref, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b)))
        prev = cur
    return prev[-1] / max(1, len(ref))


def _layer(path: Path, page: int = 1) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page - 1].get_textpage().get_text_range()
    finally:
        pdf.close()


# --- text layer quality (no tesseract needed) --------------------------------------


def test_text_layer_quality_kinds(tmp_path):
    assert ocr.text_layer_quality("") == "empty"
    assert ocr.text_layer_quality("  12  ") == "empty"
    assert ocr.text_layer_quality("\n".join(LINES)) == "ok"
    assert ocr.text_layer_quality(GARBAGE) == "garbage"
    assert ocr.text_layer_quality("(cid:12)(cid:13)(cid:14) " * 10 + "Cộng hòa xã hội") == "garbage"
    # TCVN3 mojibake is repairable, so the layer is usable (after fix_mojibake)
    assert ocr.text_layer_quality("Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc") == "ok"
    # a clean English annex is not garbage
    assert ocr.text_layer_quality("The committee shall review the annual report and submit its "
                                  "findings to the board before the end of the fiscal year.") == "ok"


def test_image_only_pdf_has_empty_layer(tmp_path):
    assert ocr.text_layer_quality(_layer(_image_pdf(tmp_path / "scan.pdf"))) == "empty"


def test_garbage_layer_detected(tmp_path):
    pdf = _garbage_layer_pdf(tmp_path / "bad-ocr.pdf", tmp_path)
    layer = _layer(pdf)
    assert "VIPT" in layer
    assert ocr.text_layer_quality(layer) == "garbage"
    assert fix_mojibake(layer) is None  # nothing to repair: it must be OCR'd


def test_legacy_font_layer_is_repaired_not_ocred(tmp_path):
    from fpdf import FPDF

    raw = "QuyÕt ®Þnh cña Chñ tÞch Uû ban nh©n d©n tØnh vÒ viÖc phª duyÖt kÕ ho¹ch"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)  # core font: Latin-1 text, like a .VnTime PDF
    pdf.cell(0, 10, raw)
    p = tmp_path / "vntime.pdf"
    pdf.output(str(p))
    layer = _layer(p)
    assert ocr.text_layer_quality(layer) == "ok"
    assert fix_mojibake(layer)[0].strip() == "Quyết định của Chủ tịch Uỷ ban nhân dân tỉnh về việc phê duyệt kế hoạch"


def test_tsv_parsing():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "1\t1\t0\t0\t0\t0\t0\t0\t10\t10\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tĐiều\n"
           "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\t1.\n"
           "5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t70\tHết\n")
    text, conf = ocr.tsv_to_text(tsv)
    assert text == "Điều 1.\n\nHết"
    assert conf == pytest.approx(80.0)


def test_missing_tesseract_names_page_and_packages(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    with pytest.raises(ReaderError,
                       match=r"page 1 has no text layer and needs OCR: install tesseract-ocr and tesseract-ocr-vie"):
        ocr.ocr_pages(str(tmp_path / "scan.pdf"), [1])


# --- OCR (tesseract) ------------------------------------------------------------------


@needs_tesseract
def test_ocr_image_only_pdf(tmp_path):
    pdf = _image_pdf(tmp_path / "scan.pdf")
    result = ocr.ocr_pages(str(pdf), [1])
    text, conf = result[1]
    cer = _cer(text, "\n".join(LINES))
    assert cer <= 0.05, (cer, text)
    assert 50 <= conf <= 100
    assert unicodedata.is_normalized("NFC", text)


@needs_tesseract
def test_ocr_replaces_garbage_layer(tmp_path):
    pdf = _garbage_layer_pdf(tmp_path / "bad-ocr.pdf", tmp_path)
    text, conf = ocr.ocr_pages(str(pdf), [1])[1]
    assert _cer(text, "\n".join(LINES)) <= 0.05, text
    assert _cer(_layer(pdf), "\n".join(LINES)) > 0.2  # the layer it replaces


@needs_tesseract
def test_ocr_page_out_of_range(tmp_path):
    with pytest.raises(ReaderError, match="page 3 does not exist"):
        ocr.ocr_pages(str(_image_pdf(tmp_path / "scan.pdf")), [3])


# -- ruled tables (ingest.readers.ocr_tables) ---------------------------------------------
_ANNEX = [["STT", "Tên tập thể, cá nhân", "Địa chỉ", "Thành tích"],
          ["II. CÁ NHÂN"],
          ["1", "Ông Hoàng Văn Kiên", "xóm Trụ, xã Dân Hòa, huyện Kỳ Sơn", "Dũng cảm cứu sống 3 người bị lật thuyền"],
          ["2", "Chị Bùi Thị Thơm", "xóm Trang, xã Xuất Hóa, huyện Lạc Sơn", "Nhặt được 50 triệu đồng trả lại"]]


def _annex_image(dpi: int = 300):
    """A ruled annex table whose name cells wrap over several lines."""
    from PIL import Image, ImageDraw, ImageFont

    if not Path(FONT).exists():
        pytest.skip(f"{FONT} not installed (fonts-dejavu-core)")
    font = ImageFont.truetype(FONT, int(dpi * 11 / 72))
    w = int(8.27 * dpi)
    img = Image.new("L", (w, int(4 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    x0, widths, line = int(0.6 * dpi), [int(0.5 * dpi), int(1.1 * dpi), int(2.6 * dpi), int(2.7 * dpi)], int(dpi * 0.22)
    y = int(0.3 * dpi)
    for row in _ANNEX:
        cells = [row[0]] if len(row) == 1 else row
        spans = [sum(widths)] if len(row) == 1 else widths
        wrapped = []
        for text, span in zip(cells, spans):
            lines, cur = [], ""
            for word in text.split():
                if cur and font.getlength(f"{cur} {word}") > span - 30:
                    lines.append(cur)
                    cur = word
                else:
                    cur = f"{cur} {word}".strip()
            wrapped.append(lines + [cur])
        h = max(len(c) for c in wrapped) * line + 30
        x = x0
        for lines, span in zip(wrapped, spans):
            draw.rectangle([x, y, x + span, y + h], outline=0, width=3)
            for k, text in enumerate(lines):
                draw.text((x + 15, y + 15 + k * line), text, font=font, fill=0)
            x += span
        y += h
    return img


def test_the_grid_of_a_ruled_table_is_found():
    from ingest.readers.ocr_tables import find_grids, table_rows

    [grid] = find_grids(_annex_image())
    assert [len(cells) for _, _, cells in grid.bands] == [4, 1, 4, 4]
    # words (centre x, centre y, reading order, text) go to the cell their centre is in
    (y0, y1, cells) = grid.bands[2]
    (a0, a1), (b0, b1) = cells[0], cells[1]
    words = [((b0 + b1) / 2, y0 + 20, (1, 1, 1, 1, 1), "Ông"), ((b0 + b1) / 2, y0 + 60, (1, 1, 1, 2, 1), "Hoàng|"),
             ((a0 + a1) / 2, y0 + 20, (1, 1, 1, 1, 0), "1"), ((b0 + b1) / 2, y0 + 100, (1, 1, 1, 3, 1), "|"),
             (5, 5, (1, 0, 0, 0, 0), "ngoài")]
    rows, used = table_rows(grid, words)
    assert rows == ["1 | Ông Hoàng |  | "] and used == {0, 1, 2, 3}


@needs_tesseract
def test_a_scanned_annex_table_keeps_its_rows(tmp_path):
    from ingest.extract import extract
    from ingest.readers import read

    pdf = tmp_path / "annex.pdf"
    _annex_image().save(pdf, "PDF", resolution=300)
    raw = read(str(pdf))
    text = "\n".join(raw.blocks)
    # (the row number alone by its cell wall may come out as "ĩ")
    assert re.search(r"^\S \| Ông Hoàng Văn Kiên \| xóm Trụ, xã Dân Hòa, huyện Kỳ Sơn \| Dũng cảm", text, re.M), text
    assert "| xóm Trang, xã Xuất Hóa, huyện Lạc Sơn |" in text
    assert "II. CÁ NHÂN" in text
    models = {m.name: m for m in extract(raw).models}
    assert set(models) == {"Ông Hoàng Văn Kiên", "Chị Bùi Thị Thơm"}, models
    assert (models["Ông Hoàng Văn Kiên"].kind, models["Ông Hoàng Văn Kiên"].district) == ("cá nhân", "Kỳ Sơn")
