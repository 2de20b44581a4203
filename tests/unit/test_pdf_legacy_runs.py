"""A legacy-font run inside a Unicode PDF page (ingest.readers.pdf.page)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ingest.readers import read

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# the bold font renamed, same length (the file's offsets stay right), to a TCVN3 font name
RENAMED = (b"DejaVuSansBold", b".VnTimeDejaVuB")


@pytest.fixture
def no_ocr(monkeypatch):
    monkeypatch.setitem(sys.modules, "ingest.readers.ocr", None)


def _pdf(path: Path, lines: list[tuple[str, bool]]) -> Path:
    """`lines` of (text, in the legacy-named font)."""
    from fpdf import FPDF

    if not (FONT_DIR / "DejaVuSans-Bold.ttf").exists():
        pytest.skip(f"{FONT_DIR} fonts not installed (fonts-dejavu-core)")
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", style="B", fname=str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_compression(False)
    pdf.add_page()
    for i, (text, legacy) in enumerate(lines):
        pdf.set_font("DejaVu", "B" if legacy else "", 12)
        pdf.set_xy(15, 20 + 10 * i)
        pdf.cell(180, 8, text)
    data = bytes(pdf.output())
    assert RENAMED[0] in data
    path.write_bytes(data.replace(*RENAMED))
    return path


def test_a_tcvn3_heading_inside_a_unicode_page_is_converted_alone(tmp_path, no_ocr):
    raw = read(str(_pdf(tmp_path / "mixed.pdf", [
        ("QUYẾT ĐỊNH về việc phê duyệt kế hoạch", False),
        ("§iÒu 1. Phª duyÖt kÕ ho¹ch x©y dùng n«ng th«n míi", True),
        ("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", False)])))
    text = "\n".join(raw.blocks)
    assert "Điều 1. Phê duyệt kế hoạch xây dựng nông thôn mới" in text
    assert "QUYẾT ĐỊNH về việc phê duyệt kế hoạch" in text
    assert "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." in text
    assert not any(c in text for c in "§Òª¹©ù«")
    assert any("converted from TCVN3" in w for w in raw.warnings)


def test_unicode_text_in_a_font_that_kept_its_legacy_name_is_left_alone(tmp_path, no_ocr):
    raw = read(str(_pdf(tmp_path / "resaved.pdf", [
        ("Điều 1. Phê duyệt kế hoạch xây dựng nông thôn mới năm 2024", True),
        ("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", False)])))
    text = "\n".join(raw.blocks)
    assert "Điều 1. Phê duyệt kế hoạch xây dựng nông thôn mới năm 2024" in text
    assert not any("legacy Vietnamese fonts" in w for w in raw.warnings)   # no spurious warning
