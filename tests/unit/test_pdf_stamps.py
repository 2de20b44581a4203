"""E-signature stamps over a PDF header (ingest.readers.pdf.stamps)."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.readers import read
from ingest.readers.pdf.stamps import fill_stamped

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture
def no_ocr(monkeypatch):
    monkeypatch.setitem(sys.modules, "ingest.readers.ocr", None)


def _header_pdf(path: Path) -> tuple[float, float]:
    """A decision whose number and day slots are empty, as the signing
    software leaves them; returns the number slot's position (pt, from the
    page's bottom left)."""
    from fpdf import FPDF

    if not (FONT_DIR / "DejaVuSans.ttf").exists():
        pytest.skip(f"{FONT_DIR}/DejaVuSans.ttf not installed (fonts-dejavu-core)")
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    for y, left, right in [(15, "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                           (21, "THÀNH PHỐ HÀ NỘI", "Độc lập - Tự do - Hạnh phúc"),
                           (30, "Số:              /QĐ-UBND", "Hà Nội, ngày       tháng       năm 2025")]:
        pdf.set_xy(10, y)
        pdf.cell(70, 6, left, align="C")
        pdf.set_xy(85, y)
        pdf.cell(115, 6, right, align="C")
    pdf.set_xy(10, 45)
    pdf.cell(190, 7, "QUYẾT ĐỊNH", align="C")
    pdf.set_xy(10, 52)
    pdf.cell(190, 6, "Về việc phê duyệt quy hoạch chi tiết khu dân cư", align="C")
    pdf.set_xy(10, 64)
    pdf.multi_cell(190, 6, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;")
    pdf.output(str(path))
    return 95.0, 842 - 30 * 72 / 25.4 - 14


def _add_signature_widget(path: Path, x: float, y: float, text: str) -> None:
    """Append, as an incremental update, a signature widget whose appearance
    draws `text` at (x, y): what the e-signing software does."""
    data = path.read_bytes()
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+) 0 R", data)[-1]
    prev = re.findall(rb"startxref\s+(\d+)", data)[-1]
    page_no = re.search(rb"(\d+) 0 obj\s*<<(?:(?!endobj).)*?/Type /Page\b(?!s)", data, re.S).group(1)
    page_body = re.search(rb"\b" + page_no + rb" 0 obj\s*<<(.*?)>>\s*endobj", data, re.S).group(1)
    root_body = re.search(rb"\b" + root + rb" 0 obj\s*<<(.*?)>>\s*endobj", data, re.S).group(1)
    annot, form, font = size, size + 1, size + 2
    stream = f"BT /F1 11 Tf 2 3 Td ({text}) Tj ET".encode()
    objects = {
        int(page_no): b"<<" + page_body + f" /Annots [{annot} 0 R] >>".encode(),
        int(root): b"<<" + root_body + f" /AcroForm << /Fields [{annot} 0 R] /SigFlags 3 >> >>".encode(),
        annot: (f"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /F 4 /P {int(page_no)} 0 R "
                f"/Rect [{x} {y} {x + 40} {y + 14}] /AP << /N {form} 0 R >> >>").encode(),
        form: (f"<< /Type /XObject /Subtype /Form /BBox [0 0 40 14] "
               f"/Resources << /Font << /F1 {font} 0 R >> >> /Length {len(stream)} >>\nstream\n").encode()
              + stream + b"\nendstream",
        font: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for num, body in sorted(objects.items()):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for num in sorted(offsets):
        out += f"{num} 1\n{offsets[num]:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {size + 3} /Root {root.decode()} 0 R /Prev {prev.decode()} >>\n"
            f"startxref\n{xref_at}\n%%EOF\n").encode()
    path.write_bytes(bytes(out))


def test_fill_stamped_leaves_a_full_header_alone(tmp_path):
    blocks = ["Số: 12/QĐ-UBND", "Hòa Bình, ngày 22 tháng 4 năm 2018", "QUYẾT ĐỊNH"]
    warnings: list[str] = []
    assert fill_stamped(str(tmp_path / "none.pdf"), blocks, warnings) == blocks and warnings == []


def test_empty_slots_without_poppler_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    warnings: list[str] = []
    blocks = ["Số:", "/QĐ-UBND", "Hà Nội, ngày tháng năm 2025"]
    assert fill_stamped(str(tmp_path / "x.pdf"), blocks, warnings) == blocks
    assert len(warnings) == 1 and "poppler-utils" in warnings[0]


def test_number_stamped_by_the_signing_software_is_read(tmp_path, no_ocr):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (poppler-utils)")
    path = tmp_path / "qd-ky-so.pdf"
    x, y = _header_pdf(path)
    plain = extract(read(str(path)))
    assert plain.number is None            # the slot is empty in the page's own text
    _add_signature_widget(path, x, y, "2858")
    doc = extract(read(str(path)))
    assert doc.number == "2858/QĐ-UBND"
    assert doc.doc_type == "quyet-dinh"
    assert "UBND" in (doc.agency or "") and "/QĐ" not in (doc.agency or "")
    assert any("2858/QĐ-UBND" in w and "e-signature stamp" in w for w in doc.warnings)
