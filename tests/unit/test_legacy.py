"""Legacy Vietnamese encodings (TCVN3, VNI, CP1258) and the .doc/.rtf reader.

Every test file is made here: TCVN3 bytes with glibc iconv (TCVN5712-1),
VNI bytes from the inverse of our own table, CP1258 with Python's codec,
.rtf by hand, .doc with LibreOffice from a python-docx file.
"""
from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from ingest.readers.base import ReaderError
from ingest.vietnamese import legacy
from ingest.vietnamese.legacy import convert, decode_legacy, fix_mojibake, font_encoding, looks_vietnamese
from ingest.vietnamese.syllable import is_syllable

QUOC_HIEU = "Cộng hòa xã hội chủ nghĩa Việt Nam"
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; "
    "xét đề nghị của Giám đốc Sở Nội vụ, Ủy ban nhân dân tỉnh quyết định phê duyệt "
    "kế hoạch cải cách hành chính của thành phố Hòa Bình, người dân được hưởng lợi."
)
TONES = "\u0300\u0301\u0303\u0309\u0323"


def tcvn3_bytes(text: str) -> bytes:
    """TCVN3 bytes of lower-case-toned text, from glibc's converter."""
    proc = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(), capture_output=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def vni_text(text: str) -> str:
    """VNI-Windows surface text (cp1252 characters), from our table inverted."""
    table = {u: s for s, u in legacy._rows("vni.tsv")}
    # the six variant rows are alternatives: keep the canonical spelling
    for u in "ìíỴỵÌÍ":
        table[u] = {"ì": "ì", "í": "í", "Ì": "Ì", "Í": "Í", "ỵ": "î", "Ỵ": "Î"}[u]
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258: base letters (with ^, ˘, horn) + combining tone marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


# --- syllables and scores ------------------------------------------------------


def test_is_syllable_lenient_unchanged():
    assert is_syllable("an") and is_syllable("Đà") and is_syllable("nguoi")
    assert not is_syllable("ntm")


@pytest.mark.parametrize("word", ["người", "Quyết", "ĐỊNH", "khuya", "gìn", "giữa", "thuở", "xoong", "các", "hòa"])
def test_strict_accepts_vietnamese(word):
    assert is_syllable(word, strict=True)


@pytest.mark.parametrize("word", ["hoµ", "nghÜa", "ThÕ", "CộNG", "cỏc", "đât", "tiê", "Coäng"])
def test_strict_rejects_mojibake(word):
    assert not is_syllable(word, strict=True)


def test_looks_vietnamese_separates_text_from_mojibake():
    assert looks_vietnamese(QUOC_HIEU + ". " + BODY) > 0.9
    raw = tcvn3_bytes(BODY.replace("Ủ", "ủ")).decode("latin-1")
    assert looks_vietnamese(raw) < 0.5
    assert looks_vietnamese("") == 0.0


# --- tables -------------------------------------------------------------------


def test_tcvn3_table_matches_glibc_for_every_letter():
    letters = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂĐÊÔƠƯ"
    assert convert(tcvn3_bytes(letters).decode("latin-1"), "tcvn3", capitals=False) == letters


def test_font_names():
    assert font_encoding(".VnTime") == ("tcvn3", False)
    assert font_encoding(".VnTimeH") == ("tcvn3", True)
    assert font_encoding("GDNPMG+VnTimeHBold") == ("tcvn3", True)
    assert font_encoding("GDNPOJ+VnTimeItalic") == ("tcvn3", False)
    assert font_encoding("VNI-Times") == ("vni", False)
    assert font_encoding("Times New Roman") == (None, False)


# --- decode_legacy (bytes) ----------------------------------------------------------


def test_tcvn3_txt_file(tmp_path):
    text = QUOC_HIEU + "\n" + BODY.replace("Ủ", "ủ")
    data = tcvn3_bytes(text)
    p = tmp_path / "vanban.txt"
    p.write_bytes(data)
    assert decode_legacy(p.read_bytes()) == (text, "tcvn3")
    # and through the project's .txt reader, which calls decode_legacy
    from ingest.readers import read

    doc = read(str(p))
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in doc.text
    assert "người dân được hưởng lợi" in doc.text


def test_tcvn3_capitals_typed_in_capitals():
    # .VnTime has no toned capitals: "QUYẾT ĐỊNH" is typed "QUYÕT §ÞNH"
    raw = "QUY" + tcvn3_bytes("ế").decode("latin-1") + "T " + tcvn3_bytes("Đị").decode("latin-1") + "NH"
    fixed = fix_mojibake(raw + "\n" + tcvn3_bytes(BODY.replace("Ủ", "ủ")).decode("latin-1"))[0]
    assert fixed.split("\n")[0] == "QUYẾT ĐỊNH"


def test_vni_txt_file():
    text = QUOC_HIEU + ". " + BODY + " Ỵ ỵ Đà Nẵng, tỉnh Bình Phước, ẳ."
    data = vni_text(text).encode("cp1252")
    assert data != text.encode("cp1252", errors="ignore")
    assert decode_legacy(data) == (text, "vni")


def test_cp1258_text():
    text = QUOC_HIEU + ". " + BODY
    assert decode_legacy(cp1258_bytes(text)) == (text, "cp1258")


def test_utf8_and_western_text_are_left_alone():
    assert decode_legacy((QUOC_HIEU + BODY).encode("utf-8")) is None
    assert decode_legacy("Le café est très bon à Paris, où nous étions déjà allés.".encode("cp1252")) is None


# --- fix_mojibake (text read as cp1252) ------------------------------------------------


def test_fix_mojibake_tcvn3_pdf_layer():
    # what pdfplumber/pypdfium2 give for .VnTime text: Latin-1 characters,
    # with U+2212 for "ư" and U+2219 for "ã"
    raw = "QuyÕt ®Þnh cña Thñ t\u2212íng ChÝnh phñ vÒ Quü b¶o l\u2219nh tÝn dông, 5 \u2212 3"
    assert fix_mojibake(raw, fonts=["GDNPNI+VnTime"]) == (
        "Quyết định của Thủ tướng Chính phủ về Quỹ bảo lãnh tín dụng, 5 \u2212 3", "tcvn3")


def test_fix_mojibake_capital_font():
    raw = tcvn3_bytes(QUOC_HIEU.lower()).decode("latin-1")
    assert fix_mojibake(raw, fonts=[".VnTimeH"], capitals=True) == (QUOC_HIEU.upper(), "tcvn3")


def test_fix_mojibake_vni():
    assert fix_mojibake(vni_text(BODY)) == (BODY, "vni")


def test_fix_mojibake_mixed_tcvn3_and_vni_paragraphs():
    a = tcvn3_bytes(BODY.replace("Ủ", "ủ")).decode("latin-1")
    b = vni_text(QUOC_HIEU + ", Độc lập - Tự do - Hạnh phúc, người dân được hưởng lợi")
    fixed, enc = fix_mojibake(a + "\n" + b)
    assert fixed == (BODY.replace("Ủ", "ủ") + "\n" + QUOC_HIEU
                     + ", Độc lập - Tự do - Hạnh phúc, người dân được hưởng lợi")
    assert set(enc.split("+")) == {"tcvn3", "vni"}


def test_fix_mojibake_leaves_good_text():
    assert fix_mojibake(QUOC_HIEU + ". " + BODY) is None
    assert fix_mojibake("Le café est très bon à Paris, où nous étions déjà.") is None
    assert fix_mojibake("") is None


# --- .rtf and .doc ---------------------------------------------------------------


def _rtf_escape(data: bytes) -> str:
    return "".join(chr(b) if 32 <= b < 128 and chr(b) not in "\\{}" else f"\\'{b:02x}" for b in data)


def make_tcvn3_rtf(path):
    heading = _rtf_escape(tcvn3_bytes(QUOC_HIEU.lower()))
    body = _rtf_escape(tcvn3_bytes(BODY.replace("Ủ", "ủ")))
    motto = _rtf_escape(tcvn3_bytes("Độc lập - Tự do - Hạnh phúc"))
    path.write_text(
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss .VnTime;}{\\f1\\fswiss .VnTimeH;}}\n"
        f"\\pard\\qc\\f1\\fs26 {heading}\\par\n"
        f"\\pard\\qc\\f0 {motto}\\par\n"
        f"\\pard\\f0 {body}\\par\n}}\n",
        encoding="ascii",
    )


needs_lo = pytest.mark.skipif(shutil.which("soffice") is None,
                              reason="LibreOffice (libreoffice-writer-nogui) not installed")


@needs_lo
def test_tcvn3_rtf(tmp_path):
    from ingest.readers.office import read_rtf

    p = tmp_path / "nghi-dinh.rtf"
    make_tcvn3_rtf(p)
    doc = read_rtf(str(p))
    assert doc.format == "rtf"
    assert doc.blocks == [QUOC_HIEU.upper(), "Độc lập - Tự do - Hạnh phúc", BODY.replace("Ủ", "ủ")]
    assert doc.meta["legacy_encoding"] == "tcvn3"
    assert ".VnTimeH" in doc.meta["fonts"]


@pytest.mark.skipif(shutil.which("catdoc") is None, reason="catdoc not installed")
def test_rtf_catdoc_fallback(tmp_path):
    from ingest.readers.office import read_rtf

    p = tmp_path / "nghi-dinh.rtf"
    make_tcvn3_rtf(p)
    doc = read_rtf(str(p), converter="catdoc")
    text = " ".join(doc.blocks)
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert doc.meta["legacy_encoding"] == "tcvn3"


@needs_lo
def test_doc_with_vnitimes_and_vntimeh_runs(tmp_path):
    import docx

    from ingest.readers.office import read_doc

    d = docx.Document()
    p = d.add_paragraph()
    r = p.add_run(tcvn3_bytes("ủy ban nhân dân tỉnh hòa bình").decode("latin-1"))
    r.font.name = ".VnTimeH"
    p = d.add_paragraph()
    p.add_run(vni_text(BODY)).font.name = "VNI-Times"
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run(tcvn3_bytes("Số lượng").decode("latin-1")).font.name = ".VnTime"
    table.cell(0, 1).paragraphs[0].add_run(tcvn3_bytes("Ghi chú").decode("latin-1")).font.name = ".VnTime"
    d.add_paragraph("Hết.")  # Word files end with a paragraph, not a table
    src = tmp_path / "src.docx"
    d.save(src)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=120)
    doc = read_doc(str(tmp_path / "src.doc"))
    assert doc.blocks == ["ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH", BODY, "Số lượng", "Ghi chú", "Hết."]
    assert doc.tables == [[["Số lượng", "Ghi chú"]]]
    assert set(doc.meta["legacy_encoding"].split("+")) == {"tcvn3", "vni"}


def test_missing_converter_names_the_package(tmp_path, monkeypatch):
    from ingest.readers import office

    p = tmp_path / "a.rtf"
    make_tcvn3_rtf(p)
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(ReaderError, match="libreoffice-writer-nogui"):
        office.read_rtf(str(p))
    with pytest.raises(ReaderError, match="install the Debian package"):
        office.read_doc(str(tmp_path / "a.rtf"))


def test_not_a_word_file(tmp_path):
    from ingest.readers.office import read_doc

    p = tmp_path / "bad.doc"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReaderError, match="not a Word 97-2003"):
        read_doc(str(p))
