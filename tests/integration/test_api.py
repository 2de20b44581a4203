"""The web app through Flask's test client: every parameter, every error.

Runs against the fixture index of conftest.py (built by the real ingest).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from urllib.parse import quote

import pytest

from search_app.web.export import models_csv, safe_cell

PLAN = "kh-162-2017.txt"
DECISION = "qd-1234-2017.txt"
NEWS = "2018-04-22-nhan-rong-ca-long.html"
OLD_TONES = "2020-09-15-dong-tam-ntm.txt"
HOSTILE = "2020-12-03-guong-dung-cam.txt"


def search(client, **params):
    resp = client.get("/api/search", query_string=params)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def names(res) -> set[str]:
    return {os.path.basename(r["path"]) for r in res["results"]}


def error_of(resp, status=400) -> str:
    assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True)[:300])
    body = resp.get_json()
    assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"]
    return body["error"]


# -- words, diacritics, phrases, abbreviations ------------------------------------
def test_query_with_diacritics(client):
    res = search(client, q="cá lồng")
    assert {NEWS, PLAN, DECISION} <= names(res)
    assert res["total"] == len(res["results"])
    assert "<mark>" in res["results"][0]["snippet"]


def test_query_without_diacritics_finds_the_same_and_suggests_them(client):
    with_marks = names(search(client, q="cá lồng"))
    res = search(client, q="ca long")
    assert with_marks <= names(res)
    assert "cá lồng" in [s.lower() for s in res.get("suggestions", [])]


def test_tone_placement_does_not_matter(client):
    a = search(client, q="Hoà Bình")
    b = search(client, q="Hòa Bình")
    assert a["total"] == b["total"] > 0
    assert OLD_TONES in names(search(client, q="Lạc Thuỷ"))
    assert names(search(client, q="Lạc Thuỷ")) == names(search(client, q="Lạc Thủy"))


def test_phrase_is_stricter_than_words(client):
    words = search(client, q="nông thôn mới")
    phrase = search(client, q='"nông thôn mới"')
    assert 0 < phrase["total"] <= words["total"]
    assert OLD_TONES in names(phrase)
    assert search(client, q='"mới thôn nông"')["total"] == 0


def test_abbreviation_expands_and_is_reported(client):
    res = search(client, q="ĐHTT")
    assert {"from": "ĐHTT", "to": "điển hình tiên tiến"} in res["expansions"]
    # the decision only ever writes "điển hình tiên tiến"
    assert DECISION in names(res)


def test_expansion_to_abbreviation_is_reported(client):
    res = search(client, q="nông thôn mới")
    assert any(e["to"] == "NTM" for e in res["expansions"]), res["expansions"]


def test_boolean_operators(client):
    both = names(search(client, q="cá lồng AND camera"))
    assert both == {DECISION}
    either = names(search(client, q="camera OR dũng cảm"))
    assert {DECISION, HOSTILE} <= either
    without = names(search(client, q="cá lồng -camera"))
    assert DECISION not in without and NEWS in without
    assert DECISION not in names(search(client, q="cá lồng NOT camera"))


def test_field_filters_inside_the_query(client):
    assert names(search(client, q='district:"Kim Bôi"')) == {PLAN}
    assert names(search(client, q="type:quyet-dinh")) == {DECISION}
    assert names(search(client, q="number:162/KH-UBND")) == {PLAN}
    assert NEWS in names(search(client, q="year:2018"))


# -- document numbers --------------------------------------------------------------
@pytest.mark.parametrize("typed", ["162/KH-UBND", "162 KH UBND", "162/kh-ubnd", "số 162/KH-UBND", "KH 162"])
def test_number_in_any_usual_form(client, documents, typed):
    res = search(client, q=typed)
    plan_id = documents[PLAN]["id"]
    assert [d["id"] for d in res["number_hits"]] == [plan_id]
    assert res["results"][0]["id"] == plan_id
    assert res["number"].startswith("162/KH")


def test_number_goes_straight_to_the_document(client, documents):
    resp = client.get("/search", query_string={"q": "162 KH UBND"})
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith(f"/documents/{documents[PLAN]['id']}")
    # the list of every document naming the number stays reachable
    listing = client.get("/search", query_string={"q": "162 KH UBND", "go": "0"})
    assert listing.status_code == 200
    assert "Văn bản số 162/KH-UBND" in listing.get_data(as_text=True)


def test_unknown_number_lists_documents_citing_it(client):
    res = search(client, q="999/QĐ-UBND")
    assert res["number_hits"] == []


# -- filters -----------------------------------------------------------------------
def test_district_filter_and_repeat(client):
    assert names(search(client, district="Kim Bôi")) == {PLAN}
    assert names(search(client, district=["Kim Bôi", "Lương Sơn"])) == {PLAN, DECISION}
    # case, diacritics and a leading "huyện" do not matter
    assert names(search(client, district="huyện kim boi")) == {PLAN}


def test_field_type_source_filters(client):
    assert names(search(client, field="qp-an")) == {DECISION}
    assert names(search(client, field=["qp-an", "nguoi-tot"])) == {DECISION, HOSTILE}
    assert names(search(client, type="ke-hoach")) == {PLAN}
    assert names(search(client, type=["ke-hoach", "quyet-dinh"])) == {PLAN, DECISION}
    assert names(search(client, source="HBĐT")) == {NEWS, OLD_TONES, HOSTILE}


def test_filters_combine_with_and(client):
    assert names(search(client, district="Cao Phong", type="quyet-dinh")) == {DECISION}
    assert names(search(client, q="cá lồng", field="qp-an")) == {DECISION}


def test_year_and_year_range(client):
    assert names(search(client, year="2017")) == {PLAN, DECISION, NEWS}
    assert names(search(client, year="2020")) == {OLD_TONES, HOSTILE}
    assert names(search(client, year="2019-2021")) == {OLD_TONES, HOSTILE}
    assert names(search(client, year=["2018", "2020"])) == {NEWS, OLD_TONES, HOSTILE}
    assert names(search(client, year_from="2018")) == {NEWS, OLD_TONES, HOSTILE}
    assert names(search(client, year_to="2017")) == {PLAN, DECISION, NEWS}
    assert names(search(client, year_from="2018", year_to="2018")) == {NEWS}


def test_valid_district_without_documents_is_not_an_error(client):
    res = search(client, district="Mai Châu")
    assert res["total"] == 0
    assert search(client, q='district:"Mai Châu"')["total"] == 0
    assert search(client, field="y-te")["total"] == 0


@pytest.mark.parametrize("param,value", [
    ("district", "Atlantis"), ("field", "xyz"), ("type", "sac-lenh"), ("source", "Reuters"),
])
def test_unknown_filter_value_is_400_naming_it(client, param, value):
    msg = error_of(client.get("/api/search", query_string={param: value}))
    assert value in msg
    label = "type" if param == "type" else param
    assert label in msg


def test_unknown_kind_on_models_is_400(client):
    assert "kind" in error_of(client.get("/api/models", query_string={"kind": "siêu nhân"}))


# -- sort, pagination ---------------------------------------------------------------
def test_sort_newest_and_oldest(client):
    newest = [r["date"] for r in search(client, sort="newest")["results"] if r["date"]]
    oldest = [r["date"] for r in search(client, sort="oldest")["results"] if r["date"]]
    assert newest == sorted(newest, reverse=True) and len(newest) >= 4
    assert oldest == sorted(oldest)
    relevance = search(client, q="cá lồng", sort="relevance")
    assert relevance["sort"] == "relevance"
    assert all(r["score"] is not None for r in relevance["results"])
    assert all(r["score"] is None for r in search(client, q="cá lồng", sort="newest")["results"])


def test_pagination(client):
    all_ids = [r["id"] for r in search(client, sort="oldest", per_page=100)["results"]]
    page1 = search(client, sort="oldest", per_page=2, page=1)
    page2 = search(client, sort="oldest", per_page=2, page=2)
    assert page1["pages"] == 3 and page1["total"] == 5
    assert [r["id"] for r in page1["results"] + page2["results"]] == all_ids[:4]
    beyond = search(client, per_page=2, page=50)
    assert beyond["results"] == [] and beyond["total"] == 5


@pytest.mark.parametrize("params,name", [
    ({"page": "0"}, "page"), ({"page": "1001"}, "page"), ({"page": "abc"}, "page"), ({"page": "-1"}, "page"),
    ({"per_page": "0"}, "per_page"), ({"per_page": "101"}, "per_page"), ({"per_page": "1e3"}, "per_page"),
    ({"sort": "random"}, "sort"), ({"year": "twenty"}, "year"), ({"year_from": "abc"}, "year_from"),
    ({"year_from": "2020", "year_to": "2010"}, "year_from"), ({"year": "1000-2999"}, "year"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, params, name):
    for url in ("/api/search", "/api/facets", "/api/models"):
        msg = error_of(client.get(url, query_string=params))
        assert name in msg, (url, msg)
    # the HTML page answers 400 with a page, not a crash
    page = client.get("/search", query_string=params)
    assert page.status_code == 400
    assert "text/html" in page.headers["Content-Type"]


def test_very_long_query_is_400(client):
    msg = error_of(client.get("/api/search", query_string={"q": "nông thôn " * 450}))
    assert "characters" in msg


def test_pasted_paragraph_is_read_as_more_like_this(client):
    text = ("Những năm qua, nhiều hộ nông dân trên địa bàn đã mạnh dạn chuyển đổi cơ cấu cây trồng, "
            "đưa giống cam có giá trị kinh tế cao vào sản xuất, áp dụng quy trình chăm sóc theo tiêu chuẩn "
            "VietGAP, liên kết với hợp tác xã để tiêu thụ sản phẩm, nhờ đó thu nhập tăng lên rõ rệt và nhiều "
            "gia đình đã thoát nghèo bền vững, trở thành điển hình trong phong trào thi đua sản xuất giỏi")
    assert len(text.split()) > 64
    res = search(client, q=text)
    assert res["total"] > 0
    assert res["rung"] == "similar"


# -- queries that cannot be parsed: never a 500 -------------------------------------------
GARBAGE = [
    '"(((', "(((((((((((((((a)))))))))))))))", "AND OR NOT", "*:*", "title:", "district:", "year:abcd",
    "field:khong-co", "NOT", "-", "--", "))))((((", '""""', "OR", "a AND", "NOT NOT NOT x", "\x00\x01",
    "💥🔥 ̀ ́", "\u202e\u200b", "ǅ ǈ ǋ", "% _ ' ; --", "<script>alert(1)</script>", "title:(((",
    "year:2015-2019 OR (", "number:", "number:///", "a" * 900, "đ" * 200 + " " + "x" * 200,
    "(" * 40 + "x", "x" + ")" * 40, '"' * 31, "district:\"Kim", "+-+-+-", "&& ||", "\\", "~", "a:b:c:d",
]


@pytest.mark.parametrize("q", GARBAGE)
def test_garbage_queries_never_500(client, q):
    for url in ("/api/search", "/search", "/models", "/api/models", "/api/facets"):
        resp = client.get(url, query_string={"q": q})
        assert resp.status_code in (200, 400), (url, q, resp.status_code)
        if resp.status_code == 400 and url.startswith("/api/"):
            assert resp.get_json()["error"]


def test_unparsable_query_is_searched_as_plain_words(client):
    res = search(client, q="((((((((((cá lồng))))))))))")
    assert "read_as" in res and "cá lồng" in res["read_as"]
    assert NEWS in names(res)
    # an unknown value in a filter is no syntax error: it says what to change
    msg = error_of(client.get("/api/search", query_string={"q": "district:Atlantis cá lồng"}))
    assert "Atlantis" in msg and "Kim Bôi" in msg


# -- suggestions, empty results ----------------------------------------------------------
def test_did_you_mean_restores_diacritics(client):
    res = search(client, q="nong thon moi")
    assert res["total"] > 0
    assert res["suggestions"][0] == "nông thôn mới"
    page = client.get("/search", query_string={"q": "nong thon moi"}).get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in page and "nông thôn mới" in page


def test_a_misspelt_word_shows_the_corrected_results_and_the_way_back(client):
    res = search(client, q="camerra")
    assert res["rung"] == "corrected" and res["corrected"] == {"from": "camerra", "to": "camera"}
    assert res["total"] > 0 and "suggestions" not in res
    # literal=1: what was typed, nothing else; the suggestion stays
    literal = search(client, q="camerra", literal=1)
    assert literal["total"] == 0 and "corrected" not in literal and literal["rung"] == "none"
    assert literal["suggestions"] and "camera" in literal["suggestions"][0]
    page = client.get("/search", query_string={"q": "camerra"}).get_data(as_text=True)
    assert "Đã hiển thị kết quả cho" in page and "Tìm chính xác" in page and "literal=1" in page
    assert client.get("/api/search", query_string={"q": "x", "literal": "maybe"}).status_code == 400


def test_a_typo_in_a_place_name_is_corrected_by_the_words_around_it(client):
    res = search(client, q="cá lồng Cao Phog")          # a letter missing
    assert res["corrected"]["to"] == "cá lồng Cao Phong" and res["total"] > 0
    res = search(client, q="ca long cao phong")         # typed without diacritics: not a typo
    assert "corrected" not in res and res["rung"] == "folded"


def test_words_no_document_holds_all_of_give_the_best_partial_matches(client):
    res = search(client, q="cá lồng xyzzyq")
    assert res["rung"] == "partial" and res["total"] > 0
    top = res["results"][0]
    assert "cá lồng" in (top["title"] + top["snippet"]).lower().replace("<mark>", "").replace("</mark>", "")
    page = client.get("/search", query_string={"q": "cá lồng xyzzyq"}).get_data(as_text=True)
    assert "chứa nhiều từ nhất" in page
    assert search(client, q="xyzzyq qqqzz")["total"] == 0   # nothing relevant: nothing shown


def test_empty_result_page_helps(client):
    page = client.get("/search", query_string={"q": "cá lồng", "district": "Yên Thủy"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Không tìm thấy kết quả" in html
    # dropping the filter would give results: the page says so and links it
    assert "Bỏ “Yên Thủy”" in html
    assert "Tìm lại không có bộ lọc" in html


# -- facets ------------------------------------------------------------------------------
def test_facets_have_counts_that_match_filters(client):
    resp = client.get("/api/facets")
    assert resp.status_code == 200
    facets = resp.get_json()["facets"]
    assert set(facets) >= {"district", "field", "year", "doc_type", "source"}
    for item in facets["district"]:
        assert search(client, district=item["value"])["total"] == item["count"]
    for item in facets["doc_type"]:
        assert search(client, type=item["value"])["total"] == item["count"]
    years = {i["value"]: i["count"] for i in facets["year"]}
    assert years[2017] == 3 and years[2020] == 2


@pytest.mark.parametrize("params", [
    {"q": "cá lồng", "district": "Kim Bôi"}, {"q": "cá lồng", "type": "quyet-dinh"},
    {"q": "ĐHTT", "district": "Cao Phong"}, {"q": "mô hình", "year": "2020"},
    {"q": "cá lồng", "field": "qp-an", "sort": "newest"},
])
def test_total_counts_only_filtered_documents(client, params):
    every = search(client, **params, per_page=100)  # a limit above the index size
    assert every["total"] == len(every["results"]) > 0
    # a small page: Whoosh's top-N collector, whose count ignored the filter
    # when matched terms were asked for (the snippets need them)
    res = search(client, **params, per_page=1)
    assert res["total"] == every["total"]
    assert res["pages"] == every["total"]
    if params.get("district"):
        counts = {f["value"]: f["count"] for f in res["facets"]["district"]}
        assert counts[params["district"]] == res["total"]


def test_facets_follow_the_query(client):
    facets = client.get("/api/facets", query_string={"q": "camera"}).get_json()["facets"]
    assert facets["doc_type"] == [{"value": "quyet-dinh", "count": 1}]


# -- documents ---------------------------------------------------------------------------
def test_document_json(client, documents):
    plan = documents[PLAN]
    for key in ("id", "path", "format", "title", "doc_type", "number", "agency", "date", "years", "source",
                "author", "districts", "fields", "abbreviations", "models", "body", "related", "warnings",
                "cites", "cited_by", "similar", "download_url"):
        assert key in plan, key
    assert "abs_path" not in plan
    assert plan["number"] == "162/KH-UBND" and plan["doc_type"] == "ke-hoach" and plan["date"] == "2017-11-20"
    assert any(c["number"] == "1234/QĐ-UBND" and c["document"]["id"] == documents[DECISION]["id"]
               for c in plan["cites"])
    assert documents[NEWS]["id"] in [d["id"] for d in plan["cited_by"]]
    assert plan["id"] in [d["id"] for d in documents[DECISION]["cited_by"]]
    assert plan["similar"] and plan["id"] not in [d["id"] for d in plan["similar"]]
    assert any("cá lồng" in m["name"] for m in plan["models"])


def test_document_404(client):
    for url in ("/api/documents/0000000000000000", "/api/documents/..%2F..%2Fetc%2Fpasswd",
                "/api/documents/%2Fetc%2Fpasswd", "/documents/0000000000000000"):
        resp = client.get(url)
        assert resp.status_code == 404, url
    assert client.get("/api/documents/nope").get_json()["error"]


def test_document_page(client, documents):
    plan = documents[PLAN]
    resp = client.get(f"/documents/{plan['id']}", query_string={"q": "cá lồng"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert '<mark id="hit-1">cá lồng</mark>' in html
    assert 'href="#hit-1"' in html
    for text in ("162/KH-UBND", "20/11/2017", "Kế hoạch", "UBND tỉnh Hòa Bình", "Kim Bôi"):
        assert text in html, text
    # districts and fields link to filtered searches
    assert 'href="/search?district=Kim+B%C3%B4i"' in html
    assert "/search?field=nong-nghiep" in html
    # cited document, citing documents, models and their trails
    assert f'href="/documents/{documents[DECISION]["id"]}"' in html
    assert f'href="/documents/{documents[NEWS]["id"]}"' in html
    assert "/trail?key=" in html
    assert f'href="/documents/{plan["id"]}/file"' in html


def test_document_json_twin(client, documents):
    doc_id = documents[NEWS]["id"]
    twin = client.get(f"/documents/{doc_id}?format=json").get_json()
    assert twin == client.get(f"/api/documents/{doc_id}").get_json()
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert f'<link rel="alternate" type="application/json" href="/api/documents/{doc_id}">' in html


# -- download of the original file -------------------------------------------------------
def test_download_original(client, documents, corpus_dir):
    doc = documents[NEWS]
    resp = client.get(f"/documents/{doc['id']}/file")
    assert resp.status_code == 200
    assert resp.data == (corpus_dir / "tin-bai" / NEWS).read_bytes()
    assert "attachment" in resp.headers["Content-Disposition"]
    assert "sandbox" in resp.headers["Content-Security-Policy"]


@pytest.mark.parametrize("doc_id", [
    "..%2F..%2F..%2Fetc%2Fpasswd", "../../../etc/passwd", "%2Fetc%2Fpasswd", "..", "0000000000000000",
    quote("/etc/passwd", safe=""), "%00", "a" * 80,
])
def test_download_refuses_traversal_absolute_and_unknown(client, doc_id):
    resp = client.get(f"/documents/{doc_id}/file")
    assert resp.status_code == 404
    assert b"root:" not in resp.data


def test_download_refuses_a_symlink_out_of_the_roots(tmp_path, corpus_dir):
    """A file replaced by a symlink to something outside the ingested folders."""
    import shutil

    from ingest.run import ingest
    from search_app import create_app

    corpus = tmp_path / "c"
    shutil.copytree(corpus_dir, corpus)
    outside = tmp_path / "secret.txt"
    outside.write_text("bí mật: không được tải", encoding="utf-8")
    ingest([str(corpus)], tmp_path / "ix", jobs=1)
    target = corpus / "tin-bai" / OLD_TONES
    target.unlink()
    target.symlink_to(outside)
    client = create_app(index_dir=tmp_path / "ix", TESTING=True).test_client()
    res = client.get("/api/search", query_string={"q": "Đồng Tâm"}).get_json()
    doc_id = next(r["id"] for r in res["results"] if r["path"].endswith(OLD_TONES))
    resp = client.get(f"/documents/{doc_id}/file")
    assert resp.status_code == 404
    assert "bí mật".encode() not in resp.data
    assert client.get(f"/api/documents/{doc_id}").get_json()["download_url"] is None
    # a file of the same index still inside the roots downloads
    other = next(r["id"] for r in client.get("/api/search?per_page=50").get_json()["results"]
                 if r["path"].endswith(PLAN))
    assert client.get(f"/documents/{other}/file").status_code == 200


# -- models, CSV, trail ----------------------------------------------------------------------
def test_models_api(client):
    res = client.get("/api/models", query_string={"by": "mention"}).get_json()
    assert res["total"] >= 5 and res["by"] == "mention"
    # by model (the default): the three mentions of the cá lồng model are one row
    grouped = client.get("/api/models").get_json()
    assert grouped["by"] == "model" and grouped["total"] == res["total"] - 2
    top = grouped["results"][0]
    assert top["name"].startswith("Mô hình nuôi cá lồng") and (top["mentions"], top["documents"]) == (3, 3)
    assert top["district"] == "Cao Phong"
    assert client.get("/api/models", query_string={"by": "row"}).status_code == 400
    row = res["results"][0]
    for key in ("name", "kind", "district", "field", "year", "document_id", "document_title", "date", "snippet"):
        assert key in row, key
    assert set(res["facets"]) >= {"district", "field", "year", "kind"}
    camera = client.get("/api/models", query_string={"field": "qp-an"}).get_json()
    assert [r["name"] for r in camera["results"]] == ['Mô hình "Camera an ninh" của Công an xã Cư Yên']
    assert client.get("/api/models", query_string={"kind": "gương"}).get_json()["total"] == 1
    found = client.get("/api/models", query_string={"q": "ca long", "by": "mention"}).get_json()
    assert found["total"] >= 3 and all("cá lồng" in r["name"] for r in found["results"])
    assert client.get("/api/models", query_string={"q": "ca long"}).get_json()["total"] == 1


def test_models_csv_opens_in_excel(client):
    resp = client.get("/api/models", query_string={"format": "csv"})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in resp.headers["Content-Disposition"]
    assert resp.data.startswith(b"\xef\xbb\xbf")
    text = resp.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:7] == ["name", "aliases", "kind", "district", "field", "field_label", "year"]
    assert "mentions" in rows[0] and "first_year" in rows[0]
    total = client.get("/api/models").get_json()["total"]
    assert len(rows) - 1 == total
    mentions = list(csv.reader(io.StringIO(client.get("/api/models", query_string={
        "format": "csv", "by": "mention"}).data.decode("utf-8-sig"))))
    assert mentions[0][:6] == ["name", "kind", "district", "field", "field_label", "year"]
    assert len(mentions) - 1 == client.get("/api/models?by=mention").get_json()["total"] > total
    assert any("Camera an ninh" in r[0] for r in rows[1:])
    assert any(r[5] == "Quốc phòng – An ninh" for r in rows[1:])
    # the hostile title's markup is plain text in a CSV cell
    assert "\r\n" in text
    # the same export from the page URL, filtered
    page_csv = client.get("/models", query_string={"format": "csv", "field": "qp-an"})
    assert page_csv.status_code == 200
    assert len(list(csv.reader(io.StringIO(page_csv.data.decode("utf-8-sig"))))) == 2


def test_csv_neutralizes_formulas():
    for bad in ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(bad).startswith("'")
    assert safe_cell("Mô hình cá lồng") == "Mô hình cá lồng"
    assert safe_cell(2017) == "2017" and safe_cell(None) == ""
    text = models_csv([{"name": "=cmd|' /C calc'!A0", "kind": "mô hình", "district": "+Kim Bôi",
                        "field": "ntm", "year": 2017, "document_id": "x", "document_title": "@tiêu đề",
                        "date": "2017-01-01", "sentence": "-câu"}], by="mention")
    assert text.startswith("\ufeff")
    row = list(csv.reader(io.StringIO(text[1:])))[1]
    assert row[0] == "'=cmd|' /C calc'!A0" and row[2] == "'+Kim Bôi" and row[7] == "'@tiêu đề"
    assert row[9] == "'-câu" and row[5] == "2017"
    grouped = models_csv([{"name": "Bà Lan", "aliases": ["=Lan", "Lan"], "kind": "cá nhân", "mentions": 2,
                           "last_year": 2019, "first_year": 2017, "snippet": "@x"}])
    row = list(csv.reader(io.StringIO(grouped[1:])))[1]
    assert row[1] == "'=Lan; Lan" and row[6] == "2019" and row[7] == "2017" and row[-1] == "'@x"


def test_trail_in_date_order(client):
    rows = client.get("/api/models", query_string={"q": "cá lồng"}).get_json()["results"]
    key = rows[0]["key"]
    trail = client.get("/api/trail", query_string={"key": key}).get_json()
    dates = [d["date"] for d in trail["documents"]]
    assert len(dates) >= 3 and dates == sorted(dates)
    assert trail["name"].startswith("Mô hình nuôi cá lồng")
    page = client.get("/trail", query_string={"key": key})
    assert page.status_code == 200 and "Hành trình" in page.get_data(as_text=True)
    assert client.get("/api/trail", query_string={"key": "không có mô hình này"}).status_code == 404
    assert client.get("/trail").status_code == 404


def test_models_page(client):
    resp = client.get("/models", query_string={"chart": "field"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "<svg" in html and "Số mô hình theo lĩnh vực" in html
    assert "Quốc phòng – An ninh" in html
    assert 'href="/api/models?format=csv' in html or "format=csv" in html
    for chart in ("year", "district", "nonsense"):
        assert client.get("/models", query_string={"chart": chart}).status_code == 200
    twin = client.get("/models?format=json").get_json()
    assert twin["total"] == client.get("/api/models").get_json()["total"]


# -- escaping --------------------------------------------------------------------------------
def _no_hostile_markup(html: str):
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "onerror=alert" not in html or "&lt;img" in html


def test_hostile_text_is_escaped_everywhere(client, documents):
    hostile = documents[HOSTILE]
    assert "<script>alert('tracuu-xss')</script>" in hostile["body"]
    pages = [
        client.get("/search", query_string={"q": "tracuu-xss"}),
        client.get("/search", query_string={"q": "dũng cảm"}),
        client.get(f"/documents/{hostile['id']}", query_string={"q": "script alert"}),
        client.get(f"/documents/{hostile['id']}"),
        client.get("/models"),
        client.get("/models", query_string={"q": "dũng cảm"}),
        client.get("/"),
        client.get("/search", query_string={"q": "<script>alert(1)</script>"}),
        client.get("/search", query_string={"q": '"><img src=x onerror=alert(1)>'}),
    ]
    for resp in pages:
        assert resp.status_code == 200
        _no_hostile_markup(resp.get_data(as_text=True))
    doc_html = pages[2].get_data(as_text=True)
    assert "&lt;<mark" in doc_html or "&lt;script&gt;" in doc_html
    # the API's snippets are escaped too, with only our <mark>
    res = search(client, q="tracuu-xss")
    for r in res["results"]:
        assert "<script" not in r["snippet"]
        assert not re.search(r"<(?!/?mark>)", r["snippet"])


def test_pages_have_no_inline_script_or_style(client, documents):
    urls = ["/", "/search?q=cá+lồng", f"/documents/{documents[PLAN]['id']}?q=cá+lồng", "/models",
            "/search?q=khongcogi", "/no-such-page"]
    for url in urls:
        html = client.get(url).get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, (url, tag)
        assert not re.search(r"<[a-z][^>]*\sstyle\s*=", html), url
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html), url


# -- JSON twins, OpenAPI, home ------------------------------------------------------------------
def test_every_page_links_its_json_twin(client, documents):
    for url in ("/", "/search?q=cá+lồng", f"/documents/{documents[PLAN]['id']}", "/models",
                "/trail?key=" + quote(client.get("/api/models").get_json()["results"][0]["key"])):
        html = client.get(url).get_data(as_text=True)
        m = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)
        assert m, url
        twin = client.get(m.group(1).replace("&amp;", "&"))
        assert twin.status_code == 200 and twin.is_json, url


def test_search_page_twin_matches_api(client):
    page = client.get("/search?q=cá+lồng&district=Cao+Phong&format=json").get_json()
    api = client.get("/api/search?q=cá+lồng&district=Cao+Phong").get_json()
    page.pop("took_ms"), api.pop("took_ms")
    assert page == api


def test_home_page_and_overview(client):
    resp = client.get("/")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert 'role="search"' in html and 'name="q"' in html
    assert "Quốc phòng – An ninh" in html and "Kim Bôi" in html and "2017" in html
    assert "Mới nhất" in html and "cập nhật lần cuối" in html
    ov = client.get("/?format=json").get_json()
    assert ov == client.get("/api/overview").get_json()
    assert ov["documents"] == 5 and ov["models"] >= 5 and ov["last_ingest"]
    assert len(ov["newest"]) == 5
    # the old search URL still works
    old = client.get("/?q=cá+lồng")
    assert old.status_code == 302 and old.headers["Location"].startswith("/search?q=")


def test_results_page(client):
    resp = client.get("/search", query_string={"q": "cá lồng", "district": "Cao Phong", "field": "nong-nghiep"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert re.search(r"\d+ kết quả", html) and " ms)" in html
    # chips: each removable, with a link that drops only that filter
    assert 'aria-label="Bỏ bộ lọc Huyện: Cao Phong"' in html
    assert "/search?q=c%C3%A1+l%E1%BB%93ng&amp;field=nong-nghiep" in html
    assert "<mark>" in html
    assert 'name="year_from"' in html and 'name="sort"' in html


def test_openapi_lists_each_path_and_they_answer(client):
    resp = client.get("/api/openapi.json")
    assert resp.status_code == 200
    spec = json.loads(resp.data)
    assert spec["openapi"].startswith("3.")
    for path in ("/api/search", "/api/documents/{id}", "/api/models", "/api/facets", "/api/trail",
                 "/api/overview", "/api/openapi.json"):
        assert path in spec["paths"], path
        assert "get" in spec["paths"][path]
    for path in spec["paths"]:
        url = path.replace("{id}", "0000000000000000")
        assert client.get(url).status_code in (200, 400, 404), path


def test_unknown_urls_and_formats(client):
    assert error_of(client.get("/api/nope"), 404)
    page = client.get("/nope")
    assert page.status_code == 404 and "Không tìm thấy" in page.get_data(as_text=True)
    bad_format = client.get("/search?format=xml")
    assert bad_format.status_code == 400 and "format" in bad_format.get_data(as_text=True)
    assert "format" in error_of(client.get("/api/models?format=xml"))
    assert error_of(client.post("/api/search"), 405)


# -- headers -----------------------------------------------------------------------------------
def test_security_headers(client):
    for url in ("/", "/search?q=a", "/api/search", "/static/style.css", "/nope", "/api/openapi.json"):
        resp = client.get(url)
        csp = resp.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in csp, url
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert resp.headers.get("X-Content-Type-Options") == "nosniff", url
        assert resp.headers.get("Referrer-Policy"), url
        assert resp.headers.get("X-Frame-Options") == "DENY", url


def test_etag_with_index_generation(client):
    first = client.get("/api/search", query_string={"q": "cá lồng"})
    etag = first.headers["ETag"]
    assert etag.startswith('W/"g') and first.headers["Cache-Control"] == "no-cache"
    again = client.get("/api/search", query_string={"q": "cá lồng"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    other = client.get("/api/search", query_string={"q": "camera"}, headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_static_files_are_cached(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/style\.css\?v=[0-9a-f]+)"', html).group(1)
    resp = client.get(css)
    assert resp.status_code == 200 and resp.headers.get("ETag")
    assert "max-age=" in resp.headers["Cache-Control"] and "no-cache" not in resp.headers["Cache-Control"]
    plain = client.get("/static/app.js")
    assert "max-age=86400" in plain.headers["Cache-Control"] and plain.headers.get("ETag")
    again = client.get(css, headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304


# -- fuzz: nothing a user can type or put in a URL gives a 500 ----------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PARAM_NAMES = st.sampled_from(["q", "district", "field", "year", "year_from", "year_to", "type", "source",
                                "kind", "sort", "page", "per_page", "format", "chart", "key", "go"])
_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet='()"-:*ANDORNOT đĐăâêôơưáàảãạ/+&|~^ 0123456789', max_size=40),
    st.sampled_from(["", "0", "-1", "2017", "2015-2019", "Kim Bôi", "qp-an", "csv", "json", "newest", "9" * 30]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=st.sampled_from(["/api/search", "/search", "/api/models", "/models", "/api/facets", "/api/trail",
                            "/trail", "/", "/api/suggest"]),
       params=st.lists(st.tuples(_PARAM_NAMES, _TEXT), max_size=5))
def test_fuzz_never_500(client, url, params):
    resp = client.get(url, query_string=[(k, v) for k, v in params])
    assert resp.status_code in (200, 302, 304, 400, 404), (url, params, resp.status_code)
    # the app reads the first value of a repeated parameter, as Flask's args.get does
    first_format = next((v for k, v in params if k == "format"), None)
    if resp.status_code == 400 and (url.startswith("/api/") or first_format == "json"):
        assert resp.get_json()["error"]


def test_labels_come_from_the_field_table():
    from search_app.web import labels

    assert list(labels.fields()) == ["qp-an", "ntm", "nong-nghiep", "kinh-te", "gd-dt", "y-te", "van-hoa",
                                     "lao-dong", "nguoi-tot", "xd-dang", "giam-ngheo", "moi-truong"]
    assert labels.field_label("ntm") == "Xây dựng nông thôn mới"
    assert labels.field_label("unknown-code") == "unknown-code"
    assert labels.doc_type_label("quyet-dinh") == "Quyết định"
    assert len(labels.districts()) == 11 and "Thành phố Hòa Bình" in labels.districts()
    assert labels.vn_date("2018-04-22") == "22/04/2018" and labels.vn_number(12345) == "12.345"


def test_letter_case_and_a_wrong_tone_still_find_the_document(client):
    lower = search(client, q="cá lồng kim bôi")
    proper = search(client, q="Cá lồng Kim Bôi")
    assert lower["total"] > 0
    assert [h["id"] for h in lower["results"]] == [h["id"] for h in proper["results"]]
    exact = search(client, q="nuôi cá lồng")
    typo = search(client, q="nuôi cà lồng")          # one tone changed: corrected by its neighbours
    assert exact["rung"] == "exact" and typo["rung"] == "corrected"
    assert typo["corrected"]["to"] == "nuôi cá lồng"
    assert typo["results"] and typo["results"][0]["id"] == exact["results"][0]["id"]
    literal = search(client, q="nuôi cà lồng", literal=1)   # as typed: the folded matches
    assert literal["rung"] == "folded"
    assert literal["results"][0]["id"] == exact["results"][0]["id"]


def test_a_natural_query_is_read_as_filters_with_chips_and_an_undo(client):
    q = "nuôi cá lồng ở cao phong năm 2017"
    res = search(client, q=q)
    assert [(c["kind"], c["value"], c["applied"]) for c in res["interpreted"]] == [
        ("district", "Cao Phong", "filter"), ("year", "2017", "filter")]
    assert res["total"] > 0
    for h in res["results"]:
        assert "Cao Phong" in h["districts"] and 2017 in h["years"], h["path"]
    # the words of the filters are not required: the decision of 2017 names
    # neither "ở" nor "năm" next to them
    assert "qd-1234-2017.txt" in names(res)
    literal = search(client, q=q, literal=1)
    assert literal["interpreted"] == [] and literal["total"] > 0
    skipped = search(client, q=q, skip="year")
    assert [c["kind"] for c in skipped["interpreted"]] == ["district"]
    assert client.get("/api/search", query_string={"q": q, "skip": "nowhere"}).status_code == 400
    page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    assert "Đã hiểu truy vấn là" in page and "Tìm đúng như đã gõ" in page
    assert "literal=1" in page and "skip=district" in page and "skip=year" in page


def test_a_natural_reading_that_finds_nothing_falls_back_to_the_words(client):
    res = search(client, q="nuôi cá lồng ở Cao Phong năm 1999")
    assert res["interpreted"] == [] and res["total"] > 0


def test_the_cli_says_how_it_read_the_query(index_dir, capsys):
    from search_app.cli import main

    assert main(["search", "nuôi cá lồng ở Cao Phong năm 2017", "--index", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert "read as district: Cao Phong" in out and "read as year: 2017" in out
    assert main(["search", "nuôi cá lồng ở Cao Phong năm 2017", "--index", str(index_dir), "--literal"]) == 0
    assert "read as" not in capsys.readouterr().out
    assert main(["search", "nuôi cá lồng ở Cao Phong năm 2017", "--index", str(index_dir), "--skip", "year"]) == 0
    out = capsys.readouterr().out
    assert "read as district" in out and "read as year" not in out


def test_the_cli_lists_models_one_per_model(index_dir, capsys):
    from search_app.cli import main

    assert main(["search", "cá lồng", "--models", "--index", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 results") and "3 mentions in 3 documents" in out and "Cao Phong" in out
    assert main(["search", "cá lồng", "--models", "--by", "mention", "--index", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 results") and "mentions in" not in out


def test_the_cli_stops_quietly_when_its_reader_goes_away(index_dir, monkeypatch, capsys):
    import io

    from search_app.cli import main

    class ClosedPipe(io.StringIO):       # "tracuu search … | head": the reader has gone
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main(["search", "", "--limit", "100", "--index", str(index_dir)]) == 0
    monkeypatch.undo()
    assert "Traceback" not in capsys.readouterr().err
