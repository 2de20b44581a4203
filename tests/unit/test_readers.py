"""Tests for ingest.readers: txt, html, pdf, docx and the dispatcher.

Test files are built here in tmp_path (fpdf2 with DejaVu fonts for PDFs,
python-docx for DOCX, hand-written HTML and text); the only file read from
outside is the Báo Hòa Bình seed article.
"""
from __future__ import annotations

import sys
import types
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.readers import SUPPORTED_SUFFIXES, RawDocument, ReaderError, UnsupportedFormat, read
from ingest.readers.txt import is_date_line

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
UBND = "Ủy ban nhân dân tỉnh Hòa Bình"


def _stub_module(monkeypatch, name: str, **attrs):
    mod = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(mod, k, v)
    monkeypatch.setitem(sys.modules, name, mod)
    return mod


@pytest.fixture
def no_legacy(monkeypatch):
    """The legacy-encoding hook exists but declines everything."""
    _stub_module(monkeypatch, "ingest.vietnamese.legacy", decode_legacy=lambda data: None)


@pytest.fixture
def no_ocr(monkeypatch):
    """No OCR module (import fails), whatever is installed."""
    monkeypatch.setitem(sys.modules, "ingest.readers.ocr", None)


# ===========================================================================
# dispatcher
# ===========================================================================


def test_supported_suffixes():
    # later formats (.doc, .rtf) extend the table
    assert {".txt", ".html", ".htm", ".pdf", ".docx"} <= set(SUPPORTED_SUFFIXES)
    assert all(s.startswith(".") and s == s.lower() for s in SUPPORTED_SUFFIXES)


def test_unknown_suffix_raises_unsupported_format(tmp_path):
    f = tmp_path / "bang.xyz"
    f.write_text("x")
    with pytest.raises(UnsupportedFormat) as ei:
        read(str(f))
    msg = str(ei.value)
    assert "unsupported file type '.xyz'" in msg
    assert "(tracuu reads .txt, .html, .htm, .pdf, .docx" in msg
    assert msg.endswith(")")
    assert str(f) in msg
    assert isinstance(ei.value, ReaderError)


def test_no_suffix_raises_unsupported_format(tmp_path):
    f = tmp_path / "README"
    f.write_text("x")
    with pytest.raises(UnsupportedFormat):
        read(f)


def test_suffix_is_case_insensitive_and_path_kept_as_string(tmp_path):
    f = tmp_path / "TIN.TXT"
    f.write_text("Dòng một của bài\nDòng hai của bài\n", encoding="utf-8")
    raw = read(f)  # a Path object
    assert isinstance(raw, RawDocument)
    assert raw.path == str(f) and isinstance(raw.path, str)
    assert raw.format == "txt"
    assert raw.blocks == ["Dòng một của bài", "Dòng hai của bài"]


def test_missing_file_is_reader_error(tmp_path):
    with pytest.raises(ReaderError, match="not found"):
        read(tmp_path / "khong-co.pdf")


# ===========================================================================
# txt
# ===========================================================================


def test_seed_article(seed_path):
    raw = read(str(seed_path))
    assert raw.path == str(seed_path)
    assert raw.format == "txt"
    assert raw.meta["encoding"] == "utf-8"
    assert raw.warnings == []
    assert raw.blocks[0].startswith("(HBĐT) - Năm 2017, UBND tỉnh công nhận 12 mô hình")
    assert any(b.startswith("(HBĐT) - Năm 2017") for b in raw.blocks)
    assert "H.N" in raw.blocks  # the byline alone on its line is its own block
    # the teaser block stays in the text for extraction to find
    i = raw.blocks.index("H.N")
    assert raw.blocks[i + 1] == "Các tin khác"
    assert raw.blocks[i + 2] == "Đặt hoa tưởng niệm V.I.Lê-nin"
    # the first line is a paragraph, not a title
    assert raw.title is None
    assert "date_line" not in raw.meta


SEED_LIKE = """\
Nhân rộng mô hình điển hình tiên tiến
Thứ Hai, 23/04/2018 | 08:15

(HBĐT) - Năm 2017, UBND tỉnh công nhận 12 mô hình, điển hình tiên tiến (ĐHTT) về các lĩnh vực.

Để triển khai, phổ biến và nhân ĐHTT nhằm tạo sự chuyển biến trong nhận thức, UBND tỉnh đã ban
hành Kế hoạch số 162/KH-UBND về triển khai nhân rộng mô hình, ĐHTT trong toàn tỉnh năm 2018 và
các năm tiếp theo.

                                                                H.N

Các tin khác

Đặt hoa tưởng niệm V.I.Lê-nin
"""


def test_txt_title_date_line_and_wrapped_paragraphs(tmp_path):
    f = tmp_path / "tin.txt"
    f.write_text(SEED_LIKE, encoding="utf-8")
    raw = read(str(f))
    assert raw.title == "Nhân rộng mô hình điển hình tiên tiến"
    assert raw.meta["date_line"] == "Thứ Hai, 23/04/2018 | 08:15"
    assert raw.blocks[:3] == [
        "Nhân rộng mô hình điển hình tiên tiến",
        "Thứ Hai, 23/04/2018 | 08:15",
        "(HBĐT) - Năm 2017, UBND tỉnh công nhận 12 mô hình, điển hình tiên tiến (ĐHTT) về các lĩnh vực.",
    ]
    # a hard-wrapped paragraph is one block, joined with single spaces
    assert raw.blocks[3] == (
        "Để triển khai, phổ biến và nhân ĐHTT nhằm tạo sự chuyển biến trong nhận thức, UBND tỉnh "
        "đã ban hành Kế hoạch số 162/KH-UBND về triển khai nhân rộng mô hình, ĐHTT trong toàn "
        "tỉnh năm 2018 và các năm tiếp theo."
    )
    assert raw.blocks[4:] == ["H.N", "Các tin khác", "Đặt hoa tưởng niệm V.I.Lê-nin"]


def test_txt_one_paragraph_per_line(tmp_path):
    f = tmp_path / "dong.txt"
    f.write_text("Ngày 22/04/2018\nĐoạn thứ nhất của bài viết.\nĐoạn thứ hai của bài viết.\n",
                 encoding="utf-8")
    raw = read(str(f))
    assert raw.blocks == ["Ngày 22/04/2018", "Đoạn thứ nhất của bài viết.", "Đoạn thứ hai của bài viết."]
    assert raw.meta["date_line"] == "Ngày 22/04/2018"


@pytest.mark.parametrize("line", ["Thứ Hai, 23/04/2018 | 08:15", "Ngày 22/04/2018", "22/4/2018",
                                  "Cập nhật: 08:15 23/04/2018", "Hòa Bình, ngày 22 tháng 4 năm 2018",
                                  "Thứ bảy, 21/4/2018, 07:30 (GMT+7)"])
def test_date_lines(line):
    assert is_date_line(line)


@pytest.mark.parametrize("line", ["Ngày 20/4, Ban chỉ đạo 1084 tỉnh đã tổ chức họp giao ban.",
                                  "Năm 2017", "Kế hoạch số 162/KH-UBND", ""])
def test_not_date_lines(line):
    assert not is_date_line(line)


def test_txt_utf8_bom(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + "Ủy ban nhân dân tỉnh Hòa Bình\n".encode())
    raw = read(str(f))
    assert raw.blocks == [UBND]
    assert raw.meta["encoding"] == "utf-8-sig"
    assert raw.warnings == []


def test_txt_nfd_comes_out_nfc(tmp_path):
    text = "Ủy ban nhân dân tỉnh Hòa Bình\n\nQuyết định về việc nhân rộng mô hình điển hình."
    f = tmp_path / "nfd.txt"
    f.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    raw = read(str(f))
    assert raw.blocks == [UBND, "Quyết định về việc nhân rộng mô hình điển hình."]
    assert all(unicodedata.is_normalized("NFC", b) for b in raw.blocks)


def _cp1258(text: str) -> bytes:
    """Encode Vietnamese as Windows-1258 (tone marks as combining bytes)."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out.append(base.encode("cp1258") + "".join(c for c in d if c in tones).encode("cp1258"))
    return b"".join(out)


def test_txt_cp1258(tmp_path, no_legacy):
    f = tmp_path / "cp1258.txt"
    f.write_bytes(_cp1258(f"{UBND}\n\nQuyết định phê duyệt kế hoạch năm 2018.\n"))
    raw = read(str(f))
    assert raw.blocks == [UBND, "Quyết định phê duyệt kế hoạch năm 2018."]
    assert raw.meta["encoding"] == "cp1258"
    assert any("not UTF-8" in w for w in raw.warnings)


def test_txt_utf16(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_bytes(f"{UBND}\n\nĐoạn hai.\n".encode("utf-16"))
    raw = read(str(f))
    assert raw.blocks == [UBND, "Đoạn hai."]
    assert raw.meta["encoding"].startswith("utf-16")
    assert raw.warnings


def test_txt_utf16_without_bom(tmp_path):
    f = tmp_path / "u16le.txt"
    f.write_bytes(f"{UBND}\n\nQuyết định phê duyệt kế hoạch.\n".encode("utf-16-le"))
    raw = read(str(f))
    assert raw.blocks == [UBND, "Quyết định phê duyệt kế hoạch."]
    assert raw.meta["encoding"] == "utf-16-le"


def test_txt_binary_is_reader_error(tmp_path):
    f = tmp_path / "anh.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    assert "not a text file" in str(ei.value)
    assert str(f) in str(ei.value)


def test_txt_legacy_hook_is_used(tmp_path, monkeypatch):
    seen = []

    def decode_legacy(data):
        seen.append(data)
        return "Cộng hòa xã hội chủ nghĩa Việt Nam", "TCVN3"

    _stub_module(monkeypatch, "ingest.vietnamese.legacy", decode_legacy=decode_legacy)
    tcvn3 = b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam"
    f = tmp_path / "tcvn3.txt"
    f.write_bytes(tcvn3)
    raw = read(str(f))
    assert seen == [tcvn3]
    assert raw.blocks == ["Cộng hòa xã hội chủ nghĩa Việt Nam"]
    assert raw.meta["encoding"] == "TCVN3"
    assert any("TCVN3" in w for w in raw.warnings)


def test_txt_undecodable_legacy_bytes_are_reader_error(tmp_path, no_legacy):
    # VNI-Windows bytes (base letter + mark byte): not UTF-8, and CP1258 would
    # give mojibake ("chaøo"), so the reader must refuse, naming the file
    f = tmp_path / "vni.txt"
    f.write_bytes("Xin chaøo caùc baïn, Uûy ban nhaân daân tænh Hoøa Bình\n".encode("cp1252") * 5)
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    msg = str(ei.value)
    assert str(f) in msg
    assert "not UTF-8 text (looks like" in msg
    assert "convert it to UTF-8" in msg


def test_txt_empty_file(tmp_path):
    f = tmp_path / "rong.txt"
    f.write_bytes(b"")
    raw = read(str(f))
    assert raw.blocks == [] and raw.title is None
    assert raw.warnings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_txt_never_raises_anything_but_reader_error(tmp_path, data):
    f = tmp_path / "h.txt"
    f.write_bytes(data)
    try:
        raw = read(str(f))
    except ReaderError:
        return
    assert all(isinstance(b, str) and b.strip() for b in raw.blocks)


# ===========================================================================
# html
# ===========================================================================

NEWS_HTML = """<!DOCTYPE html>
<html lang="vi"><head>
<meta charset="utf-8">
<title>Nhân rộng mô hình điển hình tiên tiến - Báo Hòa Bình</title>
<meta property="og:title" content="Nhân rộng mô hình điển hình tiên tiến">
<meta property="og:site_name" content="Báo Hòa Bình">
<meta name="description" content="UBND tỉnh ban hành kế hoạch nhân rộng mô hình.">
<meta property="article:published_time" content="2018-04-23T08:15:00+07:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Nhân rộng mô hình (JSON-LD)","datePublished":"2018-04-23T08:15:00+07:00",
 "author":{"@type":"Person","name":"Hồng Nhung"}}</script>
<style>.menu{color:red}</style>
<script>document.write("<p>Đoạn script không phải bài viết</p>");</script>
</head><body>
<div class="top-bar">Thứ Ba, 24/04/2018</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li></ul></nav>
<div id="main-menu"><a href="/kinh-te">Kinh tế</a> <a href="/xa-hoi">Xã hội</a></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/chinh-tri">Chính trị</a></div>
<div class="container">
 <div class="main-col">
  <h1 class="title">Nhân rộng mô hình điển hình tiên tiến</h1>
  <div class="date">Thứ Hai, 23/04/2018 | 08:15</div>
  <div class="article-content">
   <p class="sapo"><strong>(HBĐT) - Năm 2017, UBND tỉnh công nhận 12 mô hình, điển hình tiên tiến (ĐHTT).</strong></p>
   <p>Để triển khai, phổ biến và nhân ĐHTT, <b>Ủy ban nhân dân</b> tỉnh Hòa Bình đã ban hành
      Kế hoạch số 162/KH-UBND.</p>
   <p><strong>Xem thêm:</strong> <a href="/x1">Hòa Bình tổng kết phong trào thi đua năm 2017</a></p>
   <p>UBND tỉnh yêu cầu:<br>Triển khai nhân rộng ĐHTT phải được cụ thể hóa.</p>
   <table><tr><th>Huyện</th><th>Số mô hình</th></tr>
          <tr><td>Kim Bôi</td><td>3</td></tr><tr><td>Lạc   Thủy</td><td>2</td></tr></table>
   <div class="box-tinlienquan"><b>Tin liên quan</b><ul>
     <li><a href="/r1">Kim Bôi nhân rộng mô hình dân vận khéo</a></li>
     <li><a href="/r2">Lạc Thủy biểu dương điển hình tiên tiến</a></li></ul></div>
   <ul><li>Nâng cao nhận thức của cấp ủy.</li><li>Tuyên truyền, phổ biến điển hình.</li></ul>
   <div>Định kỳ hàng năm tổ chức tổng kết, đánh giá hiệu quả điển hình thông qua mô hình.</div>
   <p style="display:none">Nội dung ẩn không hiển thị</p>
   <p style="text-align:right"><strong>H.N</strong></p>
   <div class="share-buttons"><a href="#">Chia sẻ Facebook</a></div>
  </div>
  <div class="comments"><p>Bình luận của bạn đọc: bài viết rất hay và bổ ích cho mọi người.</p></div>
  <div>
   <h3>Các tin khác</h3>
   <div class="item"><a href="/o1"><img src="a.jpg"></a><a href="/o1">Đặt hoa tưởng niệm V.I.Lê-nin</a>
     <p>Nhân kỷ niệm 148 năm Ngày sinh V.I. Lê-nin, sáng 22-4, đoàn đại biểu đã đến đặt hoa.</p></div>
   <div class="item"><a href="/o2">Tháo gỡ khó khăn, vướng mắc sau sáp nhập xóm, tổ dân phố</a>
     <span>(22/04/2018)</span></div>
   <div class="item"><a href="/o1">Đặt hoa tưởng niệm V.I.Lê-nin</a></div>
  </div>
 </div>
 <aside class="sidebar"><h3>Tin đọc nhiều</h3><ul>
   <li><a href="/m1">Bài đọc nhiều nhất trong tuần qua ở tỉnh</a></li></ul></aside>
</div>
<footer><p>Báo Hòa Bình điện tử. Giấy phép số 123/GP-BTTTT. Địa chỉ: Phường Phương Lâm.</p></footer>
</body></html>
"""


def test_html_news_page(tmp_path):
    f = tmp_path / "tin.html"
    f.write_text(NEWS_HTML, encoding="utf-8")
    raw = read(str(f))
    assert raw.format == "html"
    assert raw.title == "Nhân rộng mô hình điển hình tiên tiến"
    assert raw.meta["date"] == "2018-04-23T08:15:00+07:00"
    assert raw.meta["author"] == "Hồng Nhung"
    assert raw.meta["description"] == "UBND tỉnh ban hành kế hoạch nhân rộng mô hình."
    assert raw.meta["site"] == "Báo Hòa Bình"
    assert raw.meta["date_line"] == "Thứ Hai, 23/04/2018 | 08:15"  # not the top bar's date
    assert raw.meta["encoding"] == "utf-8"
    # the article, in order, whitespace collapsed, <br> splitting blocks
    assert raw.blocks == [
        "(HBĐT) - Năm 2017, UBND tỉnh công nhận 12 mô hình, điển hình tiên tiến (ĐHTT).",
        "Để triển khai, phổ biến và nhân ĐHTT, Ủy ban nhân dân tỉnh Hòa Bình đã ban hành "
        "Kế hoạch số 162/KH-UBND.",
        "UBND tỉnh yêu cầu:",
        "Triển khai nhân rộng ĐHTT phải được cụ thể hóa.",
        "Huyện | Số mô hình",
        "Kim Bôi | 3",
        "Lạc Thủy | 2",
        "Nâng cao nhận thức của cấp ủy.",
        "Tuyên truyền, phổ biến điển hình.",
        "Định kỳ hàng năm tổ chức tổng kết, đánh giá hiệu quả điển hình thông qua mô hình.",
        "H.N",
    ]
    assert raw.tables == [[["Huyện", "Số mô hình"], ["Kim Bôi", "3"], ["Lạc Thủy", "2"]]]
    # teaser titles, in page order, deduplicated; most-read sidebar goes nowhere
    assert raw.related == [
        "Hòa Bình tổng kết phong trào thi đua năm 2017",
        "Kim Bôi nhân rộng mô hình dân vận khéo",
        "Lạc Thủy biểu dương điển hình tiên tiến",
        "Đặt hoa tưởng niệm V.I.Lê-nin",
        "Tháo gỡ khó khăn, vướng mắc sau sáp nhập xóm, tổ dân phố",
    ]
    text = raw.text
    for junk in ("Trang chủ", "Thời sự", "Kinh tế", "Chính trị", "Giấy phép", "Chia sẻ",
                 "Bình luận", "Tin đọc nhiều", "Bài đọc nhiều nhất", "Các tin khác", "Tin liên quan",
                 "Xem thêm", "Đặt hoa", "Nhân kỷ niệm 148 năm", "script", "ẩn", "<", ">", "24/04/2018"):
        assert junk not in text, junk


PORTAL_HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Cổng thông tin điện tử huyện Cao Phong</title></head>
<body><form id="form1" method="post" action="x.aspx">
<table width="100%"><tr><td colspan="2"><img src="banner.jpg"><div>Thứ Ba, 24/04/2018</div></td></tr>
<tr><td width="200" valign="top"><a href="/">Trang chủ</a><br><a href="/gt">Giới thiệu</a><br>
<a href="/vb">Văn bản chỉ đạo điều hành</a></td>
<td valign="top">
<div style="font-weight:bold">Tháo gỡ khó khăn sau sáp nhập xóm, tổ dân phố</div>
<div>Ngày đăng: 22/04/2018</div>
<div>Với sự lãnh đạo, chỉ đạo sát sao của Huyện ủy, UBND huyện, huyện Cao Phong đã hoàn thành
Đề án sáp nhập xóm.<br><br>Sau sáp nhập, huyện có 121 xóm, tổ dân phố, giảm 34 xóm so với
trước.<br><br><b>Tin liên quan</b><br><a href="/a1">Huyện Cao Phong kiện toàn bộ máy sau sáp nhập</a>
<br><a href="/a2">Sáp nhập xóm ở Tân Lạc: kết quả bước đầu</a></div>
<div>Người viết: Minh Châu</div>
<div>Các tin khác</div>
<div><a href="/b1">Lễ hội Khai hạ Mường Bi năm 2018 thu hút du khách</a> (20/04/2018)</div>
<div><a href="/b2">Cao Phong ra quân trồng cây đầu xuân</a> (18/04/2018)</div>
</td></tr>
<tr><td colspan="2" class="footer">Bản quyền thuộc UBND huyện Cao Phong.</td></tr></table>
</form></body></html>"""


def test_html_table_layout_portal(tmp_path):
    f = tmp_path / "portal.htm"
    f.write_text(PORTAL_HTML, encoding="utf-8")
    raw = read(str(f))
    assert raw.blocks == [
        "Tháo gỡ khó khăn sau sáp nhập xóm, tổ dân phố",
        "Ngày đăng: 22/04/2018",
        "Với sự lãnh đạo, chỉ đạo sát sao của Huyện ủy, UBND huyện, huyện Cao Phong đã hoàn "
        "thành Đề án sáp nhập xóm.",
        "Sau sáp nhập, huyện có 121 xóm, tổ dân phố, giảm 34 xóm so với trước.",
        "Người viết: Minh Châu",
    ]
    assert raw.meta["date_line"] == "Ngày đăng: 22/04/2018"
    assert raw.related == [
        "Huyện Cao Phong kiện toàn bộ máy sau sáp nhập",
        "Sáp nhập xóm ở Tân Lạc: kết quả bước đầu",
        "Lễ hội Khai hạ Mường Bi năm 2018 thu hút du khách",
        "Cao Phong ra quân trồng cây đầu xuân",
    ]
    assert raw.title == "Cổng thông tin điện tử huyện Cao Phong"  # only <title> available
    assert raw.tables == []  # the layout table is not a data table


def test_html_declared_cp1258(tmp_path):
    body = f"<p>{UBND} ban hành quyết định phê duyệt kế hoạch năm 2018.</p>"
    html = f'<html><head><meta charset="windows-1258"></head><body>{body}</body></html>'
    f = tmp_path / "cp.html"
    f.write_bytes(_cp1258(html))
    raw = read(str(f))
    assert raw.blocks == [f"{UBND} ban hành quyết định phê duyệt kế hoạch năm 2018."]
    assert raw.meta["encoding"] == "cp1258"


def test_html_legacy_fonts_use_the_hook(tmp_path, monkeypatch):
    calls = []

    def decode_legacy(data):
        calls.append(len(data))
        return ('<html><body><p><font face=".VnTime">Cộng hòa xã hội chủ nghĩa Việt Nam, '
                'Ủy ban nhân dân tỉnh Hòa Bình.</font></p></body></html>', "TCVN3")

    _stub_module(monkeypatch, "ingest.vietnamese.legacy", decode_legacy=decode_legacy)
    f = tmp_path / "cu.html"
    f.write_bytes(b'<html><body><p><font face=".VnTime">C\xe9ng h\xdfa x\xb7 h\xe9i</font></p>'
                  b'<p style="font-family: \'VNI-Times\', serif">x</p></body></html>')
    raw = read(str(f))
    assert calls
    assert raw.meta["encoding"] == "TCVN3"
    assert raw.meta["fonts"] == [".VnTime", "VNI-Times"]
    assert raw.blocks == ["Cộng hòa xã hội chủ nghĩa Việt Nam, Ủy ban nhân dân tỉnh Hòa Bình."]


def test_html_small_aspnet_page(tmp_path):
    # the whole page is inside <form> and <body class="has-sidebar">: neither
    # is page furniture; the menu and footer are
    f = tmp_path / "nho.aspx.html"
    f.write_text(
        '<html><body class="has-sidebar"><form id="aspnetForm"><div class="menu">'
        '<a href="/">Trang chủ</a> <a href="/a">Giới thiệu chung về huyện</a></div>'
        '<div id="ctl00_main">Huyện Đà Bắc ra quân làm đường giao thông nông thôn năm 2018.'
        '<br>Tham dự có đại diện lãnh đạo huyện.</div><div class="footer">Bản quyền 2018</div>'
        "</form></body></html>", encoding="utf-8")
    raw = read(str(f))
    assert raw.blocks == ["Huyện Đà Bắc ra quân làm đường giao thông nông thôn năm 2018.",
                          "Tham dự có đại diện lãnh đạo huyện."]


def test_html_trafilatura_fallback(tmp_path):
    f = tmp_path / "span.html"
    f.write_text(
        "<html><head><title>Tin</title></head><body>"
        "<span>Huyện Đà Bắc tổ chức lễ ra quân làm đường giao thông nông thôn năm 2018 với sự "
        "tham gia của hơn 500 người dân các xã vùng cao.</span>"
        "<span>Tham dự có đại diện lãnh đạo huyện, các phòng ban chuyên môn và Ủy ban nhân dân "
        "các xã trên địa bàn.</span></body></html>", encoding="utf-8")
    raw = read(str(f))
    assert "no article container found; text extracted by trafilatura" in raw.warnings
    assert raw.blocks[0].startswith("Huyện Đà Bắc tổ chức lễ ra quân")
    assert raw.title == "Tin"


def test_html_empty_is_reader_error(tmp_path):
    f = tmp_path / "rong.html"
    f.write_text("   \n", encoding="utf-8")
    with pytest.raises(ReaderError, match="empty HTML"):
        read(str(f))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("<>/=\"' pdivab&;#xHòaBình\n\x00")), max_size=200))
def test_html_never_raises_anything_but_reader_error(tmp_path, text):
    f = tmp_path / "h.html"
    f.write_text(text, encoding="utf-8")
    try:
        raw = read(str(f))
    except ReaderError:
        return
    assert all("<" not in b or "<" in text for b in raw.blocks)


# ===========================================================================
# pdf
# ===========================================================================


def _fpdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", style="B", fname=str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    return pdf


def _decision_pdf(path, title="Quyết định phê duyệt kế hoạch nhân rộng mô hình"):
    """A decision: two-column header, body, a ruled table, a blank page, a last page."""
    pdf = _fpdf()
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    y = 15
    for left, right in [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                        ("TỈNH HÒA BÌNH", "Độc lập - Tự do - Hạnh phúc")]:
        pdf.set_xy(10, y)
        pdf.cell(70, 6, left, align="C")
        pdf.set_xy(85, y)
        pdf.cell(115, 6, right, align="C")
        y += 6
    y += 3
    pdf.set_xy(10, y)
    pdf.cell(70, 6, "Số: 12/QĐ-UBND", align="C")
    pdf.set_xy(85, y)
    pdf.cell(115, 6, "Hòa Bình, ngày 22 tháng 4 năm 2018", align="C")
    pdf.set_xy(10, y + 14)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(190, 7, "QUYẾT ĐỊNH", align="C")
    pdf.set_xy(10, y + 21)
    pdf.set_font("DejaVu", size=11)
    pdf.cell(190, 6, "Về việc phê duyệt kế hoạch nhân rộng mô hình điển hình tiên tiến", align="C")
    pdf.set_xy(10, y + 34)
    pdf.multi_cell(190, 6, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; "
                           "căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa "
                           "đổi, bổ sung một số điều của Luật Thi đua, khen thưởng;")
    pdf.ln(2)
    pdf.multi_cell(190, 6, "Điều 1. Phê duyệt kế hoạch triển khai nhân rộng mô hình, điển hình "
                           "tiên tiến của Ủy ban nhân dân tỉnh Hòa Bình năm 2018 với các nội dung "
                           "chủ yếu sau đây, áp dụng tại các huyện Kim Bôi, Lạc Thủy, Yên Thủy.")
    pdf.ln(4)
    with pdf.table(col_widths=(20, 90, 40), text_align="LEFT") as table:
        for row in [("STT", "Đơn vị", "Số mô hình"), ("1", "Huyện Kim Bôi", "3"),
                    ("2", "Huyện Lạc Thủy", "2")]:
            r = table.row()
            for c in row:
                r.cell(c)
    pdf.ln(4)
    pdf.multi_cell(190, 6, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    pdf.add_page()  # page 2: no text at all
    pdf.add_page()
    pdf.multi_cell(190, 6, "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def decision_pdf(tmp_path_factory):
    return _decision_pdf(tmp_path_factory.mktemp("pdf") / "qd.pdf")


EXPECTED_PDF_BLOCKS = [
    # header: left column first, each line its own block
    "ỦY BAN NHÂN DÂN", "TỈNH HÒA BÌNH", "Số: 12/QĐ-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Hòa Bình, ngày 22 tháng 4 năm 2018",
    "QUYẾT ĐỊNH",
    "Về việc phê duyệt kế hoạch nhân rộng mô hình điển hình tiên tiến",
    # wrapped lines joined into paragraphs
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; căn cứ Luật Thi đua, "
    "khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ sung một số điều của Luật Thi "
    "đua, khen thưởng;",
    "Điều 1. Phê duyệt kế hoạch triển khai nhân rộng mô hình, điển hình tiên tiến của Ủy ban "
    "nhân dân tỉnh Hòa Bình năm 2018 với các nội dung chủ yếu sau đây, áp dụng tại các huyện "
    "Kim Bôi, Lạc Thủy, Yên Thủy.",
    # the table where it stands, once
    "STT | Đơn vị | Số mô hình", "1 | Huyện Kim Bôi | 3", "2 | Huyện Lạc Thủy | 2",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    # page 3
    "Nơi nhận:", "- Như Điều 2;", "- Lưu: VT.",
]


def test_pdf_decision(decision_pdf, no_ocr):
    raw = read(str(decision_pdf))
    assert raw.format == "pdf"
    assert raw.pages == 3
    assert raw.blocks == EXPECTED_PDF_BLOCKS
    assert UBND in raw.text
    assert raw.tables == [[["STT", "Đơn vị", "Số mô hình"], ["1", "Huyện Kim Bôi", "3"],
                           ["2", "Huyện Lạc Thủy", "2"]]]
    assert raw.text.count("Huyện Kim Bôi") == 1  # table text not duplicated
    assert raw.meta["pages_without_text"] == [2]
    assert "page 2 has no text layer" in raw.warnings
    assert raw.ocr_pages == []
    assert raw.meta["fonts"] == ["DejaVuSansBold", "DejaVuSansBook"]  # subset prefix dropped
    assert raw.title == "Quyết định phê duyệt kế hoạch nhân rộng mô hình"
    assert all(unicodedata.is_normalized("NFC", b) for b in raw.blocks)


def test_pdf_ocr_hook(decision_pdf, monkeypatch):
    calls = []

    def ocr_pages(path, page_numbers):
        calls.append((path, list(page_numbers)))
        return {2: ("Phụ lục kèm theo quyết định\n\nDanh sách mô hình điển hình", 0.87)}

    _stub_module(monkeypatch, "ingest.readers.ocr", ocr_pages=ocr_pages)
    raw = read(str(decision_pdf))
    assert calls == [(str(decision_pdf), [2])]
    assert raw.ocr_pages == [2]
    assert raw.meta["pages_without_text"] == [2]
    assert "page 2: OCR (tesseract vie, confidence 87%)" in raw.warnings
    # OCR text sits between page 1 and page 3
    i = raw.blocks.index("Phụ lục kèm theo quyết định")
    assert raw.blocks[i - 1] == "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."
    assert raw.blocks[i + 1:] == ["Danh sách mô hình điển hình", "Nơi nhận:", "- Như Điều 2;",
                                  "- Lưu: VT."]


def _words_pdf(path, gap_pt: float, normal_form="NFC"):
    """Words drawn one by one with no space glyphs, `gap_pt` apart."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    words = ("Ủy ban nhân dân tỉnh Hòa Bình quyết định phê duyệt kế hoạch "
             "nhân rộng mô hình điển hình tiên tiến").split()
    x, y = 10.0, 20.0
    for w in words:
        w = unicodedata.normalize(normal_form, w)
        width = pdf.get_string_width(w)
        if x + width > 200:
            x, y = 10.0, y + 8
        pdf.text(x, y, w)
        x += width + gap_pt / pdf.k
    pdf.output(str(path))
    return " ".join(words)


@pytest.mark.parametrize("gap_pt", [1.5, 2.5])
def test_pdf_word_spacing_without_space_glyphs(tmp_path, gap_pt, no_ocr):
    # x_tolerance=1 separates words drawn 1.5 pt apart (1.5 would merge them)
    f = tmp_path / "tu.pdf"
    expected = _words_pdf(f, gap_pt)
    raw = read(str(f))
    assert raw.text == expected
    assert UBND in raw.text


def test_pdf_nfd_text_comes_out_nfc(tmp_path, no_ocr):
    f = tmp_path / "nfd.pdf"
    expected = _words_pdf(f, 3.0, normal_form="NFD")
    raw = read(str(f))
    assert raw.text == expected
    assert unicodedata.is_normalized("NFC", raw.text)


def test_pdf_encrypted_is_reader_error(tmp_path):
    pdf = _fpdf()
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    pdf.cell(0, 10, UBND)
    f = tmp_path / "khoa.pdf"
    pdf.output(str(f))
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    msg = str(ei.value)
    assert str(f) in msg
    assert "encrypted PDF: tracuu cannot read it without the password" in msg
    assert "unprotected copy" in msg


@pytest.mark.parametrize("content, expected", [
    (b"", "empty file"),
    (b"hello, not a pdf", "not a PDF file"),
    (b"%PDF-1.4\n1 0 obj garbage", "malformed PDF"),
])
def test_pdf_bad_files_are_reader_errors(tmp_path, content, expected):
    f = tmp_path / "hong.pdf"
    f.write_bytes(content)
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    assert expected in str(ei.value)
    assert str(f) in str(ei.value)


def test_pdf_truncated_is_reader_error(tmp_path, decision_pdf):
    f = tmp_path / "cut.pdf"
    f.write_bytes(decision_pdf.read_bytes()[:1500])
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    assert str(f) in str(ei.value)


def test_pdf_page_limit(decision_pdf, monkeypatch):
    monkeypatch.setenv("TRACUU_MAX_PDF_PAGES", "2")
    with pytest.raises(ReaderError) as ei:
        read(str(decision_pdf))
    msg = str(ei.value)
    assert "3 pages" in msg and "limit of 2" in msg and "TRACUU_MAX_PDF_PAGES" in msg
    import ingest.readers.pdf as pdf_reader

    monkeypatch.delenv("TRACUU_MAX_PDF_PAGES")
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    with pytest.raises(ReaderError, match="limit of 1"):
        read(str(decision_pdf))


def test_pdf_meaningless_metadata_title(tmp_path, no_ocr):
    f = tmp_path / "ms.pdf"
    pdf = _fpdf()
    pdf.set_title("Microsoft Word - QD 12.doc")
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    pdf.cell(0, 10, UBND)
    pdf.output(str(f))
    raw = read(str(f))
    assert raw.title is None
    assert raw.blocks == [UBND]


# ===========================================================================
# docx
# ===========================================================================


def _decision_docx(path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Quyết định về việc nhân rộng mô hình"
    d.core_properties.author = "Văn phòng UBND tỉnh"
    header = d.add_table(rows=3, cols=2)  # borderless layout table
    for i, (left, right) in enumerate([
            ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("TỈNH HÒA BÌNH", "Độc lập - Tự do - Hạnh phúc"),
            ("Số: 12/QĐ-UBND", "Hòa Bình, ngày 22 tháng 4 năm 2018")]):
        header.cell(i, 0).text = left
        header.cell(i, 1).text = right
    p = d.add_paragraph()
    p.add_run("QUYẾT ĐỊNH").font.name = "Times New Roman"
    d.add_paragraph(f"Điều 1. Phê duyệt kế hoạch của {UBND}.")
    table = d.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for i, row in enumerate([("STT", "Đơn vị", "Số mô hình"), ("1", "Huyện Kim Bôi", "3"),
                             ("2", "Huyện  Lạc Thủy", "2")]):
        for j, c in enumerate(row):
            table.cell(i, j).text = c
    d.add_paragraph("Điều 2. Quyết định này có hiệu lực\tkể từ ngày ký.")
    d.save(str(path))
    return path


def test_docx_decision(tmp_path):
    f = _decision_docx(tmp_path / "qd.docx")
    raw = read(str(f))
    assert raw.format == "docx"
    assert raw.blocks == [
        "ỦY BAN NHÂN DÂN", "TỈNH HÒA BÌNH", "Số: 12/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Hòa Bình, ngày 22 tháng 4 năm 2018",
        "QUYẾT ĐỊNH",
        f"Điều 1. Phê duyệt kế hoạch của {UBND}.",
        "STT | Đơn vị | Số mô hình", "1 | Huyện Kim Bôi | 3", "2 | Huyện Lạc Thủy | 2",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    ]
    assert raw.tables == [[["STT", "Đơn vị", "Số mô hình"], ["1", "Huyện Kim Bôi", "3"],
                           ["2", "Huyện Lạc Thủy", "2"]]]
    assert raw.title == "Quyết định về việc nhân rộng mô hình"
    assert raw.meta["author"] == "Văn phòng UBND tỉnh"
    assert raw.meta["created"][:4].isdigit()
    assert "Times New Roman" in raw.meta["fonts"]


def test_docx_not_a_zip(tmp_path):
    f = tmp_path / "gia.docx"
    f.write_text("Đây không phải là tệp Word", encoding="utf-8")
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    assert str(f) in str(ei.value)
    assert "not a .docx file (not a zip archive)" in str(ei.value)


def test_docx_old_word_file(tmp_path):
    f = tmp_path / "cu.docx"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReaderError, match="Word 97-2003"):
        read(str(f))


def test_docx_zip_that_is_not_word(tmp_path):
    f = tmp_path / "zip.docx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    assert str(f) in str(ei.value)


def test_docx_zip_bomb_limit(tmp_path, monkeypatch):
    f = _decision_docx(tmp_path / "bom.docx")
    with zipfile.ZipFile(f, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/zeros.bin", b"\x00" * (3 * 1024 * 1024))
    monkeypatch.setenv("TRACUU_MAX_DOCX_MB", "2")
    with pytest.raises(ReaderError) as ei:
        read(str(f))
    msg = str(ei.value)
    assert str(f) in msg and "limit of 2 MB" in msg and "TRACUU_MAX_DOCX_MB" in msg
    monkeypatch.setenv("TRACUU_MAX_DOCX_MB", "10")
    assert read(str(f)).blocks[0] == "ỦY BAN NHÂN DÂN"


def test_pdf_signature_block_page_numbers_and_page_break(tmp_path, no_ocr):
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            if self.page_no() > 1:  # page number at the top, as in decisions
                self.set_font("DejaVu", size=11)
                self.set_xy(10, 8)
                self.cell(190, 6, str(self.page_no()), align="C")
                self.set_xy(10, 20)

    pdf = Doc(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    para = ("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Trưởng Ban Thi "
            "đua - Khen thưởng tỉnh, Chủ tịch Ủy ban nhân dân các huyện Kim Bôi, Lạc Thủy, Yên "
            "Thủy, Cao Phong, Tân Lạc, Lương Sơn, Kỳ Sơn, Mai Châu, Đà Bắc và thành phố Hòa Bình "
            "chịu trách nhiệm thi hành Quyết định này./.")
    pdf.set_y(255)
    pdf.multi_cell(190, 6, para, align="J")  # runs onto page 2
    assert pdf.page_no() == 2
    y = pdf.get_y() + 8
    for left, right in [("Nơi nhận:", "KT. CHỦ TỊCH"), ("- Như Điều 3;", "PHÓ CHỦ TỊCH"),
                        ("- Lưu: VT, NC.", None), (None, "Quách Minh Tuấn")]:
        if left:
            pdf.set_xy(10, y)
            pdf.cell(80, 6, left)
        if right:
            pdf.set_xy(110, y)
            pdf.cell(90, 6, right, align="C")
        y += 6
    f = tmp_path / "ky.pdf"
    pdf.output(str(f))
    raw = read(str(f))
    assert raw.blocks == [
        para,  # one paragraph across the page break, without the page number "2"
        "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, NC.",  # signature block: left column first
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Quách Minh Tuấn",
    ]


def test_html_legacy_page_decoded_from_its_text(tmp_path, monkeypatch):
    # a converter that (like the real one) cannot judge text drowned in markup
    def decode_legacy(data, fonts=None):
        if b"<" in data:
            return None
        return data.decode("latin-1").replace("Hßa B\xecnh", "Hòa Bình"), "tcvn3"

    _stub_module(monkeypatch, "ingest.vietnamese.legacy", decode_legacy=decode_legacy)
    f = tmp_path / "vntime.htm"
    f.write_bytes(b"<html><head><title>T\xecnh H\xdfa B\xecnh</title></head><body>"
                  b"<p><font face='.VnTime'>Tin t\xf8c t\xf8nh H\xdfa B\xecnh h\xe4m nay: "
                  b"H\xe9i ngh\xde t\xe5ng k\xd5t c\xa8ng t\xa8c n\xa8m 2018.</font></p></body></html>")
    raw = read(str(f))
    assert raw.meta["encoding"] == "tcvn3"
    assert raw.meta["fonts"] == [".VnTime"]
    assert len(raw.blocks) == 1 and "Hòa Bình" in raw.blocks[0]


def test_docx_style_font_is_recorded(tmp_path):
    import docx

    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"
    d.add_paragraph("Céng hßa x· héi chñ nghÜa ViÖt Nam")
    f = tmp_path / "vn.docx"
    d.save(str(f))
    raw = read(str(f))
    assert ".VnTime" in raw.meta["fonts"]
    assert any(".VnTime" in w for w in raw.warnings)


_BYLINE_PAGE = """<html><head><title>Xã Ân Nghĩa đạt chuẩn nông thôn mới</title></head><body>
<div class="header"><a href="/">Trang chủ</a></div><div class="article">
<h1>Xã Ân Nghĩa đạt chuẩn nông thôn mới</h1>{top}
<div class="article-content">
<p>(HBĐT) - Sáng 11/3, UBND huyện Lạc Sơn tổ chức lễ đón nhận xã Ân Nghĩa đạt chuẩn nông thôn mới năm 2019.</p>
<p>Những năm qua, nhân dân trong xã đã hiến hơn 12.000 m2 đất làm đường giao thông nông thôn.</p>{end}
</div></div></body></html>"""


@pytest.mark.parametrize("top, end, author", [
    ('<div class="author-info"><span class="author">Minh Phương</span> - 12/03/2020</div>', "", "Minh Phương"),
    ('<div class="dt-news__byline"><div class="author-name"><a href="/tac-gia/x"><b>Hoàng Lê</b></a></div></div>',
     "", "Hoàng Lê"),
    ('<span itemprop="author">Tác giả: Thu Hà</span>', "", "Thu Hà"),
    ("", '<p style="text-align: right;"><strong>Bài và ảnh: Đinh Thắng</strong></p>', "Đinh Thắng"),
    ("", '<p align="right">Thu Trang (CTV)</p>', "Thu Trang (CTV)"),
    ("", '<p style="text-align:right"><b>H.N</b></p>', "H.N"),
    ('<div class="author-avatar"><img src="a.jpg" alt="Ảnh"></div>', "", None),
])
def test_bylines_in_the_usual_html_places(tmp_path, top, end, author):
    from ingest.extract import extract

    f = tmp_path / "tin.html"
    f.write_text(_BYLINE_PAGE.format(top=top, end=end), encoding="utf-8")
    doc = extract(read(str(f)))
    assert doc.author == author
    assert "Đinh Thắng" not in doc.body and "Thu Trang" not in doc.body
