"""The index and query analysis, on documents given directly as dicts
(no readers or extraction involved)."""
import pytest

from ingest.errors import QueryError
from ingest.index.records import index_records
from ingest.index.store import Store
from ingest.vietnamese import normalize
from ingest.vietnamese.segment import Segmenter
from search_app.search import Filters, SearchService
from search_app.search.language import number_in_query

DOCS = [
    dict(id="d1", title="Hoà Bình xây dựng nông thôn mới",
         body="Tỉnh Hoà Bình đẩy mạnh phong trào chung sức xây dựng nông thôn mới. Huyện Kim Bôi có 5 xã đạt chuẩn.",
         date="2018-04-22", districts=["Kim Bôi"], fields=["ntm"], doc_type="tin-bai"),
    dict(id="d2", title="Vườn hoa của xóm Mới",
         body="Chị em phụ nữ trồng hoa ven đường, làm đẹp cảnh quan nông thôn.",
         date="2019-03-01", districts=["Lạc Thủy"], fields=["van-hoa"], doc_type="tin-bai"),
    dict(id="d3", title="Kế hoạch nhân rộng điển hình tiên tiến",
         body="Kế hoạch triển khai nhân rộng các điển hình tiên tiến trong phong trào thi đua yêu nước.",
         date="2017-11-20", districts=[], fields=["lao-dong"], doc_type="ke-hoach", number="162/KH-UBND"),
    dict(id="d4", title="Tuyên dương ĐHTT năm 2019",
         body="Năm 2019, tỉnh tuyên dương 30 ĐHTT, thực hiện Kế hoạch số 162/KH-UBND. Hòa Bình có thêm nhiều mô hình.",
         date="2019-12-10", districts=["Cao Phong"], fields=["lao-dong"], doc_type="tin-bai",
         citations=["162/KH-UBND"]),
    dict(id="d5", title="Một thôn vùng cao đổi mới",
         body="Thôn Khú đổi thay nhờ đường bê tông và điện lưới.",
         date="2015-06-10", districts=["Đà Bắc"], fields=["giam-ngheo"], doc_type="tin-bai"),
    dict(id="d7", title="Quyết định công nhận",
         body="Công nhận xã đạt chuẩn.",
         date="2020-02-02", districts=[], fields=["ntm"], doc_type="quyet-dinh", number="1620/QĐ-UBND"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("ix")
    store = Store(path)
    store.create_if_missing()
    seg = Segmenter()
    w = store.writer()
    for d in DOCS:
        doc = {**d, "path": f"{d['id']}.txt", "abs_path": f"/x/{d['id']}.txt",
               "title": normalize(d["title"]), "body": normalize(d["body"]),
               "years": [int(d["date"][:4])]}
        for rec in index_records(doc, seg, "hash"):
            w.add(rec)
    w.commit()
    return SearchService(path)


def ids(res):
    return [r["id"] for r in res["results"]]


def test_with_and_without_diacritics_and_old_tone_placement(index):
    for q in ("Hòa Bình", "Hoà Bình", "hoa binh", "HOA BINH"):
        found = ids(index.search(q))
        assert "d1" in found and "d4" in found, q


def test_exact_diacritics_rank_above_folded(index):
    found = ids(index.search("hoa"))
    assert found[0] == "d2"            # "hoa" (flower) exactly
    assert "d1" in found               # "Hòa" via the folded field, lower


def test_quoted_phrase(index):
    assert ids(index.search('"nông thôn mới"')) == ["d1"]
    # both syllables occur in d2, but not as the phrase
    assert "d2" not in ids(index.search('"nông thôn mới"'))
    assert ids(index.search('"nong thon moi"')) == ["d1"]
    assert ids(index.search('"nông thôn mơi"')) == ["d1"]    # a wrong tone inside the quotes
    assert "d2" not in ids(index.search('"nông thôn mơi"'))


def test_syllable_inside_a_compound_ranks_lower(index):
    found = ids(index.search("thôn"))
    assert found[0] == "d5"            # the word "thôn" itself
    assert "d1" in found               # inside "nông_thôn_mới"


def test_abbreviations_expand_both_ways(index):
    res = index.search("ĐHTT")
    assert set(ids(res)) == {"d3", "d4"}
    assert {"from": "ĐHTT", "to": "điển hình tiên tiến"} in res["expansions"]
    res = index.search("điển hình tiên tiến")
    assert set(ids(res)) == {"d3", "d4"}


def test_document_number_in_any_form(index):
    for q in ("162/KH-UBND", "162 KH UBND", "162/kh-ubnd", "KH 162"):
        res = index.search(q)
        assert ids(res)[0] == "d3", q
        assert res["number"].startswith("162")


def test_a_bare_number_ranks_its_own_document_first(index):
    for q in ("162", "số 162", "kh-162", "162kh", "KH.162", "kh 162", "162-KH"):
        found = ids(index.search(q))
        assert found[:2] == ["d3", "d4"], q       # its own number, then the one citing it
        assert "d7" not in found, q               # 1620/QĐ-UBND is another number
        assert [h["id"] for h in index.search(q)["number_hits"]] == ["d3"], q
    for q in ("QĐ-1234", "qd.1234", "1234qđ"):
        assert index.search(q)["number"] == "1234/QĐ", q


def test_boolean_operators(index):
    assert ids(index.search("hoa binh -kim")) == ["d4"]
    assert set(ids(index.search("thôn OR hoa"))) >= {"d5", "d2"}
    assert ids(index.search("phong trào NOT tuyên")) in (["d1", "d3"], ["d3", "d1"])


def test_filters_facets_and_sort(index):
    res = index.search("", Filters(field=["lao-dong"]), sort="newest")
    assert ids(res) == ["d4", "d3"]
    res = index.search("", Filters(district=["Lạc Thuỷ"]))
    assert ids(res) == ["d2"]
    res = index.search("", Filters(year_from=2018, year_to=2019), sort="oldest")
    assert ids(res) == ["d1", "d2", "d4"]
    facets = index.search("")["facets"]
    assert {"value": "lao-dong", "count": 2} in facets["field"]
    assert {"value": 2019, "count": 2} in facets["year"]


def test_query_field_filters(index):
    assert ids(index.search('district:"kim boi"')) == ["d1"]
    assert ids(index.search("year:2015-2016")) == ["d5"]
    with pytest.raises(QueryError):
        index.search("district:Atlantis")


def test_bad_input_is_a_query_error(index):
    with pytest.raises(QueryError):
        index.search("x" * 5000)
    with pytest.raises(QueryError):
        index.search("a", page=0)
    with pytest.raises(QueryError):
        index.search("a", Filters(district=["Nowhere"]))
    for q in ('"((', "AND OR NOT", "*:*", "title:", ")))", "-", '"', "((a)"):
        index.search(q)  # no exception


def test_snippets_are_escaped_and_marked(index):
    res = index.search("hoa binh")
    snippet = next(r["snippet"] for r in res["results"] if r["id"] == "d4")
    assert "<mark>" in snippet


def test_diacritics_restored_as_suggestion(index):
    res = index.search("hoa binh")
    assert "hòa bình" in [s.lower() for s in res.get("suggestions", [])]


def test_spelling_suggestion_when_nothing_found(index):
    # "phong trào" stands in two documents, too few to correct it unasked:
    # the partial matches ("phong") and the suggestion
    res = index.search("phong traof")
    assert res["rung"] == "partial" and "corrected" not in res
    assert any("phong trào" in s for s in res["suggestions"])


def test_cited_by(index):
    doc = index.document("d3")
    assert [d["id"] for d in index.cited_by(doc)] == ["d4"]


def test_number_in_query_forms():
    assert number_in_query("162/KH-UBND")[1] == "162khubnd"
    assert number_in_query("QD 1234")[1] == "1234qd"
    assert number_in_query("nông thôn mới") is None
