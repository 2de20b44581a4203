"""Extraction: main text, source and byline, dates and years, document
numbers, administrative headers, citations, and the assembled document.

The seed article (shared/seeds/000_9bed47eb4c2613dd.txt) must come out
exactly as the issue says; the labelled cases of tests/extraction_cases are
scored in test_extraction_eval.py.
"""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.extract import extract  # noqa: E402
from ingest.extract.dates import document_date, is_date_line, parse_date, years_about  # noqa: E402
from ingest.extract.docinfo import citations, document_info, is_admin_document, pretty_agency  # noqa: E402
from ingest.extract.mainbody import byline_author, is_related_marker, main_body, source_tag  # noqa: E402
from ingest.readers.base import RawDocument  # noqa: E402
from ingest.vietnamese import normalize  # noqa: E402
from ingest.vietnamese.docnumbers import find_numbers, normalize_number, number_key, number_keys  # noqa: E402

SEED_TEASERS = [
    "Đặt hoa tưởng niệm V.I.Lê-nin",
    "Tháo gỡ khó khăn, vướng mắc sau sáp nhập xóm, tổ dân phố - nhìn từ thực tiễn ở huyện Cao Phong",
    "Lắng lòng hướng về Quốc giỗ Hùng Vương",
    "Tổng Bí thư Nguyễn Phú Trọng tiếp Cố vấn nhà nước Myanmar",
    "Ban chỉ đạo 1084 thống nhất kế hoạch nhập, kiện toàn xóm, tổ dân phố",
    "Những công trình mang dấu ấn thanh niên",
]
TODAY = date(2026, 1, 1)


def raw(blocks, fmt="txt", **kw) -> RawDocument:
    return RawDocument(path=f"x.{fmt}", format=fmt, blocks=list(blocks), **kw)


# ------------------------------------------------------------ doc numbers

@pytest.mark.parametrize("written,canonical", [
    ("Số: 1234/QĐ-UBND", "1234/QĐ-UBND"),
    ("1234/QD-UBND", "1234/QĐ-UBND"),
    ("1234 / Q Đ - UBND", "1234/QĐ-UBND"),
    ("162 / kh - ubnd", "162/KH-UBND"),
    ("Số:   12/2023/QĐ-UBND", "12/2023/QĐ-UBND"),
    ("732/SNN-PTNT", "732/SNN-PTNT"),
    ("Số: 1520/UBND-NC", "1520/UBND-NC"),
    ("Nghị định 91/2017/ND-CP", "91/2017/NĐ-CP"),
    ("45/TTr-UBND", "45/TTr-UBND"),
    ("1048/QĐ-TTg", "1048/QĐ-TTg"),
    ("Chỉ thị số 34-CT/TW", "34-CT/TW"),
])
def test_normalize_number(written, canonical):
    assert normalize_number(written) == canonical
    if written[:1].isdigit() or written.startswith("Số"):
        assert number_key(written) == number_key(canonical)


@pytest.mark.parametrize("text", ["", None, "abc", "6/19 tiêu chí", "Ngày 22/4/2018"])
def test_normalize_number_rejects(text):
    assert normalize_number(text) is None


def test_number_keys_match_typed_queries():
    keys = number_keys("1234/QĐ-UBND")
    for typed in ("1234/QĐ-UBND", "1234 qd ubnd", "QD 1234", "1234 QĐ", "1234"):
        assert number_key(typed) in keys, typed
    assert number_key("162 KH UBND") == "162khubnd"


def test_find_numbers_in_running_text_is_strict():
    text = ("theo Kế hoạch số 162/KH-UBND - triển khai năm 2018; đạt 6/19 tiêu chí; "
            "năng suất 60 tạ/ha; nhà số 5/A; Nghị định 91/2017/NĐ-CP")
    assert [n for _, _, n in find_numbers(text)] == ["162/KH-UBND", "91/2017/NĐ-CP"]


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("text,iso", [
    ("Thứ Hai, 23/04/2018 | 08:15", "2018-04-23"),
    ("Hòa Bình, ngày 12 tháng 5 năm 2017", "2017-05-12"),
    ("ngày 05 tháng 3 năm 2020", "2020-03-05"),
    ("2018-04-22T08:15:00+07:00", "2018-04-22"),
    ("12-5-2017", "2017-05-12"),
    ("5.3.2019", "2019-03-05"),
    ("Mon, 23 Apr 2018 08:15:00 +0700", "2018-04-23"),
    ("31/02/2018", None),          # no such day
    ("23/04/2099", None),          # after today
    ("12/5/1930", None),           # before 1945
    ("", None),
    ("không có ngày", None),
])
def test_parse_date(text, iso):
    assert parse_date(text, today=TODAY) == iso


@pytest.mark.parametrize("line,expected", [
    ("Thứ Hai, 23/04/2018 | 08:15", True),
    ("Cập nhật: 22/04/2018 08:15 GMT+7", True),
    ("Ngày đăng: 05/03/2019 09:12", True),
    ("22/04/2018", True),
    ("Ngày 20/4/2018, Ban chỉ đạo tổ chức họp giao ban", False),
    ("Nông dân Tân Lạc thu trên 300 tỷ đồng", False),
])
def test_is_date_line(line, expected):
    assert is_date_line(line) is expected


def test_document_date_order():
    body = ["(HBĐT) - Ngày 5/3/2018, UBND huyện khánh thành cầu."]
    # HTML metadata first
    html = raw(["Thứ Hai, 23/04/2018 | 08:15"] + body, fmt="html", meta={"date": "2018-04-22T08:15:00+07:00"})
    assert document_date(html, body, today=TODAY) == "2018-04-22"
    # then the visible date line
    assert document_date(raw(["Thứ Hai, 23/04/2018 | 08:15"] + body), body, today=TODAY) == "2018-04-23"
    # an implausible date line gives way to the head of the text
    assert document_date(raw(["Thứ Hai, 23/04/2099 | 08:15"] + body), body, today=TODAY) == "2018-03-05"
    # a PDF's metadata (when the file was made) loses to its place-date line
    pdf = raw(["UBND TỈNH HÒA BÌNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
               "Số: 1234/QĐ-UBND Hòa Bình, ngày 12 tháng 5 năm 2017"], fmt="pdf",
              meta={"date": "2024-01-02", "created": "2024-01-02"})
    assert document_date(pdf, None, today=TODAY) == "2017-05-12"


def test_document_date_never_from_a_cited_document():
    blocks = ["(HBĐT) - Theo Quyết định số 1876/QĐ-UBND ngày 8/9/2015 của UBND tỉnh, xã Mông Hóa đạt chuẩn NTM."]
    assert document_date(raw(blocks), blocks, today=TODAY) is None


@pytest.mark.parametrize("text,doc_date,years", [
    ("Năm 2017, UBND tỉnh công nhận 12 mô hình", None, [2017]),
    ("trong giai đoạn 2016-2020", None, [2016, 2017, 2018, 2019, 2020]),
    ("giai đoạn 2016 – 2020", None, [2016, 2017, 2018, 2019, 2020]),
    ("điển hình tiên tiến (2015-2019)", None, [2015, 2016, 2017, 2018, 2019]),
    ("từ năm 2011 đến năm 2013", None, [2011, 2012, 2013]),
    ("phấn đấu đến năm 2025 có 20 xã", "2018-04-22", [2018, 2025]),
    ("đầu tháng 10/2017, huyện hoàn thành", None, [2017]),
    ("năm học 2017-2018", None, [2017, 2018]),
    ("vào quý IV/2019", None, [2019]),
    ("Ngày 20/4/2018, Ban chỉ đạo họp", None, [2018]),
    # never from a phone number, an amount, a count, a document or street number
    ("liên hệ số điện thoại 0218.3852.123 hoặc 0218 2016 888", None, []),
    ("giải ngân 2.150 triệu đồng", None, []),
    ("hỗ trợ 2017 hộ, tăng từ 1998 hộ", None, []),
    ("theo Quyết định số 12/2023/QĐ-UBND", None, []),
    ("Quyết định số 2017/QĐ-UBND của UBND tỉnh", None, []),
    ("trụ sở tại số nhà 2016, đường Cù Chính Lan", None, []),
    ("Quyết định số 1234/QĐ-UBND ngày 12/5/2017 của UBND tỉnh", None, []),
    ("Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;", None, []),
    # implausible years and over-long ranges
    ("thành lập năm 1930", None, []),
    ("tầm nhìn đến năm 2045", "2020-12-18", [2020]),
    ("Đảng bộ tỉnh (1940 - 2020)", None, [2020]),
    ("", "2018-04-22", [2018]),
])
def test_years_about(text, doc_date, years):
    assert years_about(text, doc_date, today=TODAY) == years


# ------------------------------------------------------------- main body

@pytest.mark.parametrize("line,author", [
    ("H.N", "H.N"), ("Thu Trang", "Thu Trang"), ("PV", "PV"), ("Đinh Thắng", "Đinh Thắng"),
    ("L.A (CTV)", "L.A (CTV)"), ("Bài, ảnh: Mai Anh", "Mai Anh"), ("Nguyễn Thị Thu Hằng", "Nguyễn Thị Thu Hằng"),
    ("Xin cảm ơn.", None), ("Nguồn", None), ("Kết luận", None),
    ("Hội nghị kết thúc lúc 11 giờ cùng ngày.", None), ("Theo TTXVN", None),
])
def test_byline_author(line, author):
    assert byline_author(line) == author


@pytest.mark.parametrize("line,source", [
    ("(HBĐT) - Năm 2017, UBND tỉnh", "HBĐT"), ("(HBĐT)- Sáng 22/4", "HBĐT"),
    ("HBĐT - Thực hiện Quyết định", "HBĐT"), ("(TTXVN) - Thủ tướng", "TTXVN"),
    ("(Chinhphu.vn) - Năm 2022", "Chinhphu.vn"), ("Năm 2017, UBND tỉnh", None), ("(Đã ký)", None),
    ("UBND - tỉnh", None),
])
def test_source_tag(line, source):
    assert source_tag(line) == source


@pytest.mark.parametrize("line", ["Các tin khác", "CÁC TIN KHÁC:", "cac tin khac", "Tin liên quan",
                                  "Tin cùng chuyên mục:", "Xem thêm", "Tin khác", "Bài liên quan", "» Tin liên quan"])
def test_related_markers(line):
    assert is_related_marker(line)


def test_not_a_related_marker():
    assert not is_related_marker("Các tin khác về hội nghị sẽ được đăng tải sau")


def test_main_body_of_a_news_file():
    blocks = [normalize(b) for b in [
        "Hội thi dân quân tự vệ giỏi", "Thứ Năm, 25/05/2017 | 14:30",
        "(HBĐT) - Ngày 24/5, Ban Chỉ huy Quân sự huyện Lương Sơn tổ chức Hội thi năm 2017.",
        "Xem thêm: Lương Sơn ra quân huấn luyện",
        "Kết quả, đội xã Cao Dương đoạt giải nhất.", "  ", "L.A (CTV)", "Các tin khác",
        "Kỳ Sơn tổng kết công tác tuyển quân",
        "(HBĐT) - Sáng 23/5, Hội đồng nghĩa vụ quân sự huyện Kỳ Sơn tổ chức tổng kết.",
        "Công an tỉnh ra quân bảo đảm trật tự an toàn giao thông",
    ]]
    mb = main_body(blocks)
    assert mb.title == "Hội thi dân quân tự vệ giỏi"
    assert mb.date_line == "Thứ Năm, 25/05/2017 | 14:30"
    assert mb.source == "HBĐT" and mb.author == "L.A (CTV)"
    assert mb.related == ["Lương Sơn ra quân huấn luyện", "Kỳ Sơn tổng kết công tác tuyển quân",
                          "Công an tỉnh ra quân bảo đảm trật tự an toàn giao thông"]
    assert mb.blocks == [blocks[2], blocks[4]]


def test_main_body_of_an_administrative_document_keeps_the_signer():
    blocks = ["UBND TỈNH HÒA BÌNH", "Số: 05/CT-UBND", "CHỈ THỊ", "Về bảo vệ môi trường",
              "Nội dung chỉ thị.", "CHỦ TỊCH", "Bùi Văn Khánh"]
    mb = main_body(blocks, is_document=True)
    assert mb.author is None and mb.blocks == blocks and mb.related == []


def test_a_marker_opening_the_text_cuts_nothing():
    mb = main_body(["Tin liên quan", "Đây là nội dung chính của bài viết về xã Mông Hóa, huyện Kỳ Sơn."])
    assert mb.blocks and mb.related == []


# -------------------------------------------------------------- doc info

@pytest.mark.parametrize("written,pretty", [
    ("UBND TỈNH HÒA BÌNH", "UBND tỉnh Hòa Bình"),
    ("ỦY BAN NHÂN DÂN HUYỆN MAI CHÂU", "UBND huyện Mai Châu"),
    ("UBND THÀNH PHỐ HÒA BÌNH", "UBND thành phố Hòa Bình"),
    ("SỞ NÔNG NGHIỆP VÀ PTNT", "Sở Nông nghiệp và PTNT"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
    ("HỘI ĐỒNG NHÂN DÂN TỈNH HÒA BÌNH", "HĐND tỉnh Hòa Bình"),
    ("CÔNG AN TỈNH HÒA BÌNH", "Công an tỉnh Hòa Bình"),
    ("BAN THI ĐUA - KHEN THƯỞNG", "Ban Thi đua - Khen thưởng"),
    ("TỈNH ỦY HÒA BÌNH", "Tỉnh ủy Hòa Bình"),
])
def test_pretty_agency(written, pretty):
    assert pretty_agency(written) == pretty


PDF_DECISION = [
    "UBND TỈNH HÒA BÌNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 1234/QD-UBND Hòa Bình, ngày 12 tháng 5 năm 2017",
    "QUYẾT ĐỊNH",
    "Về việc công nhận mô hình, điển hình tiên tiến",
    "năm 2017",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH",
    "Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15/4/2010 của Chính phủ;",
    "QUYẾT ĐỊNH:",
    "Điều 1. Công nhận 12 mô hình, điển hình tiên tiến năm 2017.",
    "Nơi nhận: KT. CHỦ TỊCH",
    "- Như Điều 3; PHÓ CHỦ TỊCH",
    "- Lưu: VT, NC. (Đã ký)",
    "Nguyễn Văn Quang",
]


def test_document_info_pdf_line_layout():
    info = document_info(PDF_DECISION, None)
    assert info == {
        "doc_type": "quyet-dinh", "number": "1234/QĐ-UBND", "agency": "UBND tỉnh Hòa Bình",
        "signer": "Nguyễn Văn Quang", "signer_title": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        "subject": "Về việc công nhận mô hình, điển hình tiên tiến năm 2017",
        "title": "Quyết định về việc công nhận mô hình, điển hình tiên tiến năm 2017",
    }


def test_document_info_header_in_a_table():
    tables = [[["ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"],
               ["Số: 05/CT-UBND", "Hòa Bình, ngày 14 tháng 3 năm 2018"]]]
    blocks = ["CHỈ THỊ", "Về tăng cường công tác bảo vệ môi trường",
              "Những năm qua, công tác bảo vệ môi trường có chuyển biến."]
    info = document_info(blocks, None, tables=tables)
    assert (info["doc_type"], info["number"], info["agency"]) == ("chi-thi", "05/CT-UBND", "UBND tỉnh Hòa Bình")
    assert info["subject"] == "Về tăng cường công tác bảo vệ môi trường"


def test_a_news_article_is_no_administrative_document():
    blocks = ["(HBĐT) - Chủ tịch UBND tỉnh ký Quyết định số 1234/QĐ-UBND công nhận 12 mô hình.",
              "Số: 2 đội đoạt giải."]
    assert not is_admin_document(blocks)
    assert document_info(blocks, None)["doc_type"] is None


def test_the_motto_in_a_sentence_is_no_header():
    blocks = ["Kỷ niệm 73 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam",
              "(HBĐT) - Sáng 1/9, tỉnh tổ chức mít tinh kỷ niệm Quốc khánh, ôn lại truyền thống "
              "đấu tranh vì độc lập - tự do - hạnh phúc của dân tộc."]
    assert not is_admin_document(blocks)
    assert extract(raw(blocks)).to_json()["doc_type"] == "tin-bai"


def test_citations():
    text = ("Căn cứ Nghị định 91/2017/NĐ-CP; theo Kế hoạch số 162/KH-UBND và Quyết định số 1234/QD-UBND "
            "ngày 12/5/2017; thực hiện Kế hoạch 162 / KH - UBND; Số: 1234/QĐ-UBND; đạt 6/19 tiêu chí.")
    assert citations(text) == ["91/2017/NĐ-CP", "162/KH-UBND", "1234/QĐ-UBND"]
    assert citations(text, own_number="1234/QĐ-UBND") == ["91/2017/NĐ-CP", "162/KH-UBND"]
    assert citations("") == [] and citations(None) == []


# --------------------------------------------------------------- extract

def _read_seed(seed: Path) -> RawDocument:
    try:
        from ingest.readers import read
    except ImportError:
        read = None
    if read is not None:
        return read(str(seed))
    text = seed.read_text(encoding="utf-8")
    return raw([p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()])


def test_seed_article(seed_path):
    doc = extract(_read_seed(seed_path)).to_json()
    assert doc["doc_type"] == "tin-bai"
    assert doc["source"] == "HBĐT"
    assert doc["author"] == "H.N"
    assert doc["districts"] == ["Kim Bôi", "Lạc Thủy", "Yên Thủy", "Kỳ Sơn", "Lương Sơn", "Cao Phong", "Tân Lạc"]
    assert "Thành phố Hòa Bình" not in doc["districts"]
    assert set(doc["fields"]) == {"qp-an", "ntm", "gd-dt", "nong-nghiep", "kinh-te", "nguoi-tot", "lao-dong"}
    assert doc["abbreviations"]["ĐHTT"] == "điển hình tiên tiến"
    assert doc["citations"] == ["162/KH-UBND"]
    assert doc["years"] == [2017]
    assert doc["date"] is None and "no date found" in doc["warnings"]
    assert doc["related"] == SEED_TEASERS
    body = doc["body"]
    assert body.startswith("(HBĐT) - Năm 2017, UBND tỉnh công nhận 12 mô hình")
    assert body.endswith("Thực hiện đồng bộ cả 4 khâu: Phát hiện - bồi dưỡng - tổng kết - nhân ĐHTT.")
    for teaser in SEED_TEASERS:
        assert teaser not in body
    for word in ("Các tin khác", "H.N", "Lê-nin", "Myanmar", "Hùng Vương", "1084", "sáp nhập",
                 "thanh niên", "Giỗ Tổ", "Bùi Văn Cửu"):
        assert word not in body, word
    assert doc["title"]  # the lead's opening words: the seed has no title line


def test_extract_document_keys_and_types():
    doc = extract(raw(PDF_DECISION, fmt="pdf", meta={"created": "2024-01-01"})).to_json()
    for key in ("id", "path", "format", "title", "doc_type", "number", "agency", "date", "years", "source",
                "author", "districts", "fields", "field_evidence", "abbreviations", "models", "body",
                "related", "citations", "signer", "subject", "warnings"):
        assert key in doc, key
    assert doc["id"] is None and doc["format"] == "pdf"
    assert doc["doc_type"] == "quyet-dinh" and doc["date"] == "2017-05-12"
    assert doc["citations"] == ["42/2010/NĐ-CP"]
    assert doc["author"] is None and doc["source"] is None
    assert "Nguyễn Văn Quang" in doc["body"]       # a document's text is all body
    assert isinstance(doc["years"], list) and doc["years"] == [2017]


def test_extract_abbreviations_curated_and_defined():
    text = "(HBĐT) - Xã đạt chuẩn NTM; tổ hợp tác trồng rừng (THTTR) theo Kế hoạch số 162/KH-UBND."
    doc = extract(raw([text])).to_json()
    assert doc["abbreviations"]["NTM"] == "nông thôn mới"
    assert doc["abbreviations"]["THTTR"] == "tổ hợp tác trồng rừng"
    assert "KH" not in doc["abbreviations"]   # a part of a document number


def test_extract_html_meta_and_reader_related():
    doc = extract(raw(["Nhân rộng mô hình cá lồng", "(HBĐT) - Năm 2017, toàn tỉnh có 4.000 lồng cá.", "Thu Hằng"],
                      fmt="html", title="Nhân rộng mô hình cá lồng",
                      meta={"date": "2018-04-22T08:15:00+07:00", "author": "Báo Hòa Bình", "encoding": "utf-8"},
                      related=["Đà Bắc thả cá giống"])).to_json()
    assert doc["title"] == "Nhân rộng mô hình cá lồng"
    assert doc["date"] == "2018-04-22" and doc["years"] == [2017, 2018]
    assert doc["author"] == "Thu Hằng"           # the byline before the site's meta author
    assert doc["related"] == ["Đà Bắc thả cá giống"]
    assert doc["body"] == "(HBĐT) - Năm 2017, toàn tỉnh có 4.000 lồng cá."
    assert doc["encoding"] == "utf-8"


@pytest.mark.parametrize("blocks", [[], ["", "   ", "\n\n"], ["Các tin khác"], ["H.N"], ["|||"], ["Số:"],
                                    ["QUYẾT ĐỊNH"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["x" * 5000]])
def test_extract_never_crashes(blocks):
    doc = extract(raw(blocks, meta={"date": "not a date"}, tables=[[[None, ""]], []])).to_json()
    assert isinstance(doc["warnings"], list)
    assert isinstance(doc["body"], str)
    if not "".join(blocks).strip():
        assert "no text found" in doc["warnings"]


def test_extract_keeps_reader_warnings_and_ocr_pages():
    doc = extract(raw(["Nội dung"], fmt="pdf", warnings=["page 2 had no text layer"], ocr_pages=[2])).to_json()
    assert doc["warnings"][0] == "page 2 had no text layer"
    assert doc["ocr_pages"] == [2]


def test_extract_hypothesis_random_blocks():
    pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃàáạảãĐỦỌ0123456789 /-.,:;()|\n")
        + ["Số: ", "QUYẾT ĐỊNH", "Các tin khác", "(HBĐT) - ", "năm 2017", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
           "KT. CHỦ TỊCH", "ngày 12 tháng 5 năm 2017", "162/KH-UBND", "H.N", "Xem thêm: ", "V/v ", "1 | "])
    block = st.lists(pieces, max_size=14).map("".join)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(block, max_size=8))
    def run(blocks):
        doc = extract(raw(blocks)).to_json()
        assert isinstance(doc["years"], list)

    run()


# ------------------------------------------------- real files via readers

def _docx_decision(path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "UBND TỈNH HÒA BÌNH\nSỞ NÔNG NGHIỆP VÀ PTNT"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 732/SNN-PTNT\nV/v hướng dẫn đánh giá sản phẩm OCOP năm 2021"
    table.cell(1, 1).text = "Hòa Bình, ngày 09 tháng 7 năm 2021"
    for text in ["Kính gửi: UBND các huyện, thành phố.",
                 "Thực hiện Quyết định số 1048/QĐ-TTg của Thủ tướng Chính phủ, Sở hướng dẫn như sau:",
                 "1. Các huyện rà soát sản phẩm tham gia đánh giá năm 2021."]:
        d.add_paragraph(text)
    sig = d.add_table(rows=1, cols=2)
    sig.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    sig.cell(0, 1).text = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nBùi Văn Khánh"
    d.save(str(path))


def test_docx_through_the_reader(tmp_path):
    from ingest.readers import read

    path = tmp_path / "cv.docx"
    _docx_decision(path)
    doc = extract(read(str(path))).to_json()
    assert doc["doc_type"] == "cong-van"
    assert doc["number"] == "732/SNN-PTNT"
    assert doc["agency"] == "Sở Nông nghiệp và PTNT"
    assert doc["date"] == "2021-07-09"
    assert doc["subject"] == "Về việc hướng dẫn đánh giá sản phẩm OCOP năm 2021"
    assert doc["signer"] == "Bùi Văn Khánh"
    assert doc["citations"] == ["1048/QĐ-TTg"]


def test_pdf_through_the_reader(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVu font not installed")
    from ingest.readers import read

    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("DV", "", str(font))
    pdf.set_font("DV", size=11)
    rows = [("UBND TỈNH HÒA BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("", "Độc lập - Tự do - Hạnh phúc"),
            ("Số: 1234/QĐ-UBND", "Hòa Bình, ngày 12 tháng 5 năm 2017")]
    for left, right in rows:
        pdf.cell(80, 7, left)
        pdf.cell(110, 7, right, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for line in ["QUYẾT ĐỊNH", "Về việc công nhận mô hình, điển hình tiên tiến năm 2017"]:
        pdf.cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for line in ["Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15/4/2010 của Chính phủ;",
                 "Điều 1. Công nhận 12 mô hình, điển hình tiên tiến năm 2017."]:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for left, right in [("Nơi nhận:", "KT. CHỦ TỊCH"), ("- Như Điều 3;", "PHÓ CHỦ TỊCH"),
                        ("- Lưu: VT.", ""), ("", "Nguyễn Văn Quang")]:
        pdf.cell(100, 7, left)
        pdf.cell(90, 7, right, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "qd.pdf"
    pdf.output(str(path))
    doc = extract(read(str(path))).to_json()
    assert doc["doc_type"] == "quyet-dinh"
    assert doc["number"] == "1234/QĐ-UBND"
    assert doc["agency"] == "UBND tỉnh Hòa Bình"
    assert doc["date"] == "2017-05-12"
    assert doc["subject"] == "Về việc công nhận mô hình, điển hình tiên tiến năm 2017"
    assert doc["signer"] == "Nguyễn Văn Quang"
    assert doc["signer_title"] == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    assert doc["citations"] == ["42/2010/NĐ-CP"]


def test_byline_made_of_a_lone_combining_mark_is_no_byline():
    # found by the extraction fuzz test: "\u0300" folds to an empty string
    from ingest.extract.mainbody import byline_author

    assert byline_author("\u0300") is None
