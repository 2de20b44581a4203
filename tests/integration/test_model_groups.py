"""One model, many mentions: /api/models?by=model groups a model's
mentions across documents by identity and district; trails follow it."""
from __future__ import annotations

import pytest
from whoosh import index as windex

from ingest.index.records import index_records
from ingest.index.whoosh.schema import build_schema
from ingest.vietnamese import normalize
from ingest.vietnamese.segment import Segmenter
from search_app.search import Filters, SearchService

MENTIONS = [
    # (doc, date, district of the doc, [(name, kind, district, year)])
    ("a", "2017-03-01", "Cao Phong", [("HTX Thủy sản Bình Thanh", "tập thể", "Cao Phong", 2017),
                                      ("Anh Bùi Văn Nam", "cá nhân", "Kim Bôi", 2017)]),
    ("b", "2019-05-02", "Cao Phong", [("Hợp tác xã Thủy sản Bình Thanh (xã Thung Nai)", "tập thể", None, 2019)]),
    ("c", "2021-06-03", "Cao Phong", [("HTX Thủy sản Bình Thanh", "tập thể", "Cao Phong", 2021),
                                      ("ông Bùi Văn Nam", "cá nhân", "Lạc Sơn", 2021)]),
    ("d", "2022-01-04", "Kim Bôi", [("Bùi Văn Nam", "cá nhân", "Kim Bôi", 2022)]),
    ("e", "2023-01-05", "", [("Bùi Văn Nam", "cá nhân", None, 2023)]),
]


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    seg = Segmenter()
    path = tmp_path_factory.mktemp("groups")
    ix = windex.create_in(str(path), build_schema())
    with ix.writer() as w:
        for doc_id, date, district, models in MENTIONS:
            body = normalize(" ".join(f"{n} được biểu dương." for n, *_ in models))
            doc = {"id": doc_id, "path": f"{doc_id}.txt", "title": f"Tin {doc_id}", "body": body, "date": date,
                   "districts": [district] if district else [], "fields": ["nong-nghiep"], "doc_type": "tin-bai",
                   "models": [{"name": n, "kind": k, "district": d, "field": "nong-nghiep", "year": y,
                               "sentence": f"{n} được biểu dương."} for n, k, d, y in models]}
            for rec in index_records(doc, seg, f"h{doc_id}"):
                w.add_document(**rec)
    return SearchService(path)


def _by_model(idx, **kw):
    return idx.search(record="model", by="model", per_page=50, **kw)


def test_mentions_become_models(idx):
    assert idx.search(record="model", per_page=50)["total"] == 7
    res = _by_model(idx)
    rows = {(r["key"], r["district"]): r for r in res["results"]}
    # the HTX: three mentions, two spellings, the one without a district joins it
    htx = rows[("hop tac xa thuy san binh thanh", "Cao Phong")]
    assert (htx["mentions"], htx["documents"], htx["first_year"], htx["last_year"]) == (3, 3, 2017, 2021)
    assert htx["name"] == "HTX Thủy sản Bình Thanh"
    assert htx["aliases"] == ["Hợp tác xã Thủy sản Bình Thanh (xã Thung Nai)"]
    assert htx["document_id"] == "c" and htx["year"] == 2021
    # two people named Bùi Văn Nam in two districts are two models; the mention
    # without a district cannot tell which, and stays apart
    assert rows[("bui van nam", "Kim Bôi")]["mentions"] == 2
    assert rows[("bui van nam", "Lạc Sơn")]["mentions"] == 1
    assert rows[("bui van nam", None)]["mentions"] == 1
    assert res["total"] == 4 and len(res["results"]) == 4
    # without a query: the most mentioned first
    assert res["results"][0]["key"] == "hop tac xa thuy san binh thanh"
    # facets count models, not mentions
    kinds = {f["value"]: f["count"] for f in res["facets"]["kind"]}
    assert kinds == {"tập thể": 1, "cá nhân": 3}
    years = {f["value"]: f["count"] for f in res["facets"]["year"]}
    assert years[2021] == 2 and years[2017] == 2


def test_filters_sorts_and_pages(idx):
    res = _by_model(idx, filters=Filters(district=["Kim Bôi"]))
    assert [(r["key"], r["mentions"]) for r in res["results"]] == [("bui van nam", 2)]
    newest = _by_model(idx, sort="newest")["results"]
    assert newest[0]["last_year"] == 2023
    oldest = _by_model(idx, sort="oldest")["results"]
    assert oldest[0]["first_year"] == 2017
    paged = idx.search(record="model", by="model", per_page=3, page=2)
    assert paged["total"] == 4 and len(paged["results"]) == 1
    found = _by_model(idx, q="bình thanh")
    assert [r["key"] for r in found["results"]] == ["hop tac xa thuy san binh thanh"]
    assert "<mark>" in found["results"][0]["snippet"]
    rows = idx.export(record="model", by="model")
    assert len(rows) == 4 and {r["mentions"] for r in rows} == {1, 2, 3}


def test_trail_follows_the_model(idx):
    t = idx.trail("hop tac xa thuy san binh thanh", "Cao Phong")
    assert [d["id"] for d in t["documents"]] == ["a", "b", "c"]
    assert t["aliases"] and len(t["models"]) == 3
    nam = idx.trail("bui van nam", "Kim Bôi")
    assert {m["document_id"] for m in nam["models"]} == {"a", "d"}
    # the Lạc Sơn man's document is not in the Kim Bôi man's trail
    assert "c" not in {d["id"] for d in nam["documents"]}
    # the key alone: every mention of the name
    assert len(idx.trail("bui van nam")["models"]) == 4
