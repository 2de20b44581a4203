"""Rules that used to be written in several places now exist once:
the date-line rule, the related-news headings, the document types and the
syllable pattern (ingest/vietnamese/)."""
from __future__ import annotations

import re

import pytest

from ingest.vietnamese import datelines, doctypes, headings
from ingest.vietnamese.normalize import fold


# -- the date-line rule --------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Thứ Hai, 23/04/2018 | 08:15",
    "Cập nhật: 22/04/2018 08:15 GMT+7",
    "Cập nhật: 08:15 23/04/2018",
    "Ngày đăng: 05/03/2019 09:12",
    "Thứ bảy, 21/4/2018, 07:30 (GMT+7)",
    "Ngày 22/04/2018",
    "22/04/2018",
    "22/4/18",
    "2018-04-22",
    "Posted: 22/4/2018 10:00 AM",
    "ngày 12 tháng 5 năm 2017",
    "Hòa Bình, ngày 22 tháng 4 năm 2018",
    "  Mai Châu,   ngày 02 tháng 6 năm 2016.  ",
])
def test_date_lines(line):
    assert datelines.is_date_line(line)


@pytest.mark.parametrize("line", [
    "Ngày 20/4/2018, Ban chỉ đạo tổ chức họp giao ban",
    "Ngày 20/4, Ban chỉ đạo 1084 tỉnh đã tổ chức họp giao ban.",
    "Nông dân Tân Lạc thu trên 300 tỷ đồng",
    "Năm 2017",
    "Kế hoạch số 162/KH-UBND",
    "Số: 1234/QĐ-UBND",
    "",
    "Thứ Hai, 23/04/2018 | 08:15 " + "x" * 80,
])
def test_not_date_lines(line):
    assert not datelines.is_date_line(line)


def test_place_date_line():
    assert datelines.is_place_date_line("Hòa Bình, ngày 22 tháng 4 năm 2018")
    assert not datelines.is_place_date_line("Thứ Hai, 23/04/2018")


def test_readers_and_extraction_share_the_date_line_rule():
    from ingest.extract import dates
    from ingest.readers import html, txt

    assert txt.is_date_line is dates.is_date_line is html.is_date_line is datelines.is_date_line


# -- related-news headings ------------------------------------------------------------------
def test_heading_file_loads_every_kind():
    lists = headings.load()
    assert set(lists) == set(headings.KINDS)
    assert all(lists[k] for k in headings.KINDS)
    for h in headings.RELATED_HEADINGS + headings.MOST_READ_HEADINGS + headings.INLINE_LEADS:
        assert h == h.lower() and h == " ".join(h.split())
    assert "các tin khác" in headings.RELATED_HEADINGS   # the seed article's heading
    assert "cac tin khac" in headings.RELATED_FOLDED


def test_heading_list_is_the_union_of_the_old_lists():
    old_html = {
        "các tin khác", "tin khác", "các bài khác", "bài khác", "tin liên quan", "bài liên quan",
        "tin bài liên quan", "bài viết liên quan", "tin tức liên quan", "các tin liên quan",
        "tin cùng chuyên mục", "bài cùng chuyên mục", "cùng chuyên mục", "tin cùng loại",
        "xem thêm", "đọc thêm", "có thể bạn quan tâm", "các tin đã đưa", "tin đã đưa",
        "tin mới", "tin mới hơn", "tin cũ hơn", "các tin mới", "các tin cũ hơn", "tin mới nhất",
        "tin bài khác", "bài viết khác", "các bài viết khác"}
    old_mainbody = {
        "cac tin khac", "tin khac", "tin lien quan", "cac tin lien quan", "tin cung chuyen muc",
        "xem them", "bai lien quan", "cac bai lien quan", "doc them", "tin da dua",
        "cac tin da dua", "tin moi hon", "tin cu hon", "tin bai lien quan", "tin bai khac",
        "cac bai khac", "bai viet lien quan", "tin cung loai", "tin tuc lien quan"}
    old_districts = {"các tin khác", "tin liên quan", "tin cùng chuyên mục", "tin khác", "bài viết liên quan",
                     "xem thêm", "đọc thêm", "cùng chuyên mục", "tin đã đưa"}
    assert old_html | old_districts <= set(headings.RELATED_HEADINGS)
    assert old_mainbody <= headings.RELATED_FOLDED
    assert {"tin đọc nhiều", "tin nổi bật", "tin hot"} <= set(headings.MOST_READ_HEADINGS)


def test_heading_kind_and_users():
    from ingest.extract import districts, mainbody
    from ingest.readers import html

    assert headings.heading_kind("tin đọc nhiều") == "most_read"
    assert headings.heading_kind("tin liên quan") == "related"
    assert headings.heading_kind("mô hình") is None
    assert html._heading_kind("Tin liên quan:") == "related"
    assert html._heading_kind("» Tin đọc nhiều") == "most_read"
    assert html.RELATED_HEADINGS is headings.RELATED_HEADINGS
    assert mainbody.is_related_marker("Các bài liên quan:")
    assert mainbody.is_related_marker("CÁC TIN KHÁC »")
    assert not mainbody.is_related_marker("Các hộ dân liên quan")
    assert districts._CUT_MARKERS.search("Bài viết.\nTin cùng chuyên mục:\nTeaser")
    assert not districts._CUT_MARKERS.search("Xem thêm các mô hình ở Tân Lạc")


@pytest.mark.parametrize("line,title", [
    ("Xem thêm: Nông dân Tân Lạc thu trên 300 tỷ đồng", "Nông dân Tân Lạc thu trên 300 tỷ đồng"),
    ("Đọc thêm >> Cầu mới ở Đà Bắc", "Cầu mới ở Đà Bắc"),
    (">> Cầu mới ở Đà Bắc", "Cầu mới ở Đà Bắc"),
    ("Tin liên quan: Cầu mới ở Đà Bắc", "Cầu mới ở Đà Bắc"),
])
def test_inline_lead_ins(line, title):
    from ingest.extract.mainbody import _INLINE_RELATED_RE
    from ingest.readers.html import _INLINE_MORE_RE

    m = _INLINE_RELATED_RE.match(line)
    assert m and m.group(1) == title
    assert _INLINE_MORE_RE.match(line)


def test_inline_lead_ins_need_a_separator_in_text():
    from ingest.extract.mainbody import _INLINE_RELATED_RE
    from ingest.readers.html import _INLINE_MORE_RE

    assert not _INLINE_RELATED_RE.match("Xem thêm các mô hình ở Tân Lạc")
    assert _INLINE_MORE_RE.match("Mời bạn đọc xem: Cầu mới ở Đà Bắc")
    assert re.fullmatch(headings.inline_leads_pattern(), "mời  bạn đọc xem", re.I)


# -- document types -------------------------------------------------------------------------
def test_doc_types_file():
    codes = doctypes.codes()
    assert codes[0] == "tin-bai" and len(codes) == len(set(codes)) == 10
    for t in doctypes.DOC_TYPES:
        assert t.folded == fold(t.name) and re.fullmatch(r"[a-z]+(?:-[a-z]+)*", t.code)
        assert (t.kind == "article") == (t.code == "tin-bai")
    assert [t.code for t in doctypes.DOCUMENT_TYPES] == codes[1:]
    assert doctypes.by_code("to-trinh").symbol == "TTr"
    assert doctypes.by_code("cong-van").numbered is False
    assert doctypes.by_code("tin-bai").symbol == ""


def test_doc_type_lookups():
    assert doctypes.by_symbol("QĐ").code == "quyet-dinh"
    assert doctypes.by_symbol("CV").code == "cong-van"
    assert doctypes.by_symbol("NĐ") is None and doctypes.by_symbol("") is None
    assert doctypes.by_heading("QUYẾT ĐỊNH").code == "quyet-dinh"
    assert doctypes.by_heading("tin bai") is None        # not a document heading
    for text in ("qd", "QĐ", "qđ", "quyết định", "Quyet Dinh"):
        assert doctypes.by_spelling(text).code == "quyet-dinh", text
    assert doctypes.by_spelling("ttr").code == "to-trinh"
    assert doctypes.label("quyet-dinh") == "Quyết định"
    assert doctypes.label("khac") == "khac" and doctypes.label(None) == ""
    assert doctypes.names()[:2] == ["Tin bài", "Quyết định"]


def test_doc_types_are_what_extraction_and_labels_used():
    from search_app.web import labels

    assert labels.doc_types() == {
        "tin-bai": "Tin bài", "quyet-dinh": "Quyết định", "ke-hoach": "Kế hoạch", "bao-cao": "Báo cáo",
        "cong-van": "Công văn", "thong-bao": "Thông báo", "chi-thi": "Chỉ thị", "nghi-quyet": "Nghị quyết",
        "to-trinh": "Tờ trình", "huong-dan": "Hướng dẫn"}
    old_symbols = {"QĐ": "quyet-dinh", "KH": "ke-hoach", "BC": "bao-cao", "TB": "thong-bao",
                   "NQ": "nghi-quyet", "CT": "chi-thi", "TTr": "to-trinh", "HD": "huong-dan",
                   "CV": "cong-van"}
    assert {s: doctypes.by_symbol(s).code for s in old_symbols} == old_symbols


def test_number_queries_name_types_from_doc_types():
    """The query language reads "QD 1234", "kế hoạch 162" with the one type table."""
    from search_app.search.language import number_in_query

    assert number_in_query("QD 1234") == ("1234/QĐ", "1234qd")
    assert number_in_query("kế hoạch số 162")[0] == "162/KH"
    assert number_in_query("cong van 45")[0] == "45"   # a công văn's number names its office instead
    for t in doctypes.DOCUMENT_TYPES:
        found = number_in_query(f"{t.name} 7")
        assert found is not None, t.name
        assert found[0] == ("7/" + t.symbol if t.numbered else "7"), t.name


def test_doc_type_loader_rejects_bad_lines(tmp_path):
    f = tmp_path / "bad.tsv"
    f.write_text("# x\nquyet-dinh\tQuyết định\tquyet dinhh\tQĐ\tyes\tdocument\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv:2"):
        doctypes.load(f)


# -- the syllable pattern ---------------------------------------------------------------------
def test_syllable_pattern_defined_once():
    from ingest.index.whoosh import schema
    from ingest.vietnamese.syllable import SYLLABLE_PATTERN, WORD_PATTERN

    assert re.findall(SYLLABLE_PATTERN, "GD&ĐT_huyện Đà-Bắc 2017") == ["GD", "ĐT", "huyện", "Đà", "Bắc", "2017"]
    assert re.findall(WORD_PATTERN, "GD&ĐT, (huyện) --") == ["GD&ĐT,", "(huyện)"]
    assert (schema.SYLLABLE_PATTERN, schema.WORD_PATTERN) == (SYLLABLE_PATTERN, WORD_PATTERN)
