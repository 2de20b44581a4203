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
