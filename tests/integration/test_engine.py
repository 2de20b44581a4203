"""The numpy query engine and the packed posting layout, against Whoosh.

The engine must find exactly the documents Whoosh's matchers find, score
them with the same BM25F, and read segments of both posting layouts."""
import numpy as np
import pytest
from whoosh import index as windex
from whoosh import query as Q
from whoosh.codec.whoosh3 import W3Codec

from ingest.index import tree as T
from ingest.index.records import index_records
from ingest.index.whoosh.codec import ArrayCodec, ArrayLeafMatcher, ArrayPostingsWriter
from ingest.index.whoosh.engine import Engine
from ingest.index.whoosh.postings import term_positions, term_postings
from ingest.index.whoosh.schema import build_schema
from ingest.vietnamese import normalize
from ingest.vietnamese.segment import Segmenter
from search_app.search import Filters, SearchService
from search_app.search.language import parse
from search_app.search.numbers import with_number
from tests.oracle.whoosh_search import to_whoosh, whoosh_search

QUERIES = [
    "nông thôn mới", "hoa binh", '"nông thôn mới"', "ĐHTT", "162/KH-UBND", "mô hình",
    "Kim Bôi", "giảm nghèo bền vững", '"xây dựng nông thôn"', "kinh te OR giao duc",
    '"hoa binh"', "điển hình tiên tiến", "title:hòa", "number:162", "district:\"Kim Bôi\" mô hình",
    "year:2017-2019 thi đua", '"tuyên dương"', "mo hinh kinh te", "Đà Bắc OR Mai Châu",
]


def _records(n_docs=40):
    seg = Segmenter()
    bodies = [
        "Tỉnh Hòa Bình đẩy mạnh xây dựng nông thôn mới; huyện Kim Bôi có 5 xã đạt chuẩn.",
        "Mô hình kinh tế trang trại của gia đình anh Hùng ở Lạc Sơn cho thu nhập cao.",
        "Kế hoạch số 162/KH-UBND nhân rộng điển hình tiên tiến (ĐHTT) trong phong trào thi đua.",
        "Hoa ban nở trắng núi rừng Mai Châu, du khách đến Hòa Bình ngày càng đông.",
        "Phong trào giảm nghèo bền vững ở Đà Bắc: mô hình nuôi cá lồng trên hồ Hòa Bình.",
    ]
    out = []
    for i in range(n_docs):
        body = normalize(" ".join(bodies[(i + k) % len(bodies)] for k in range(1 + i % 3)))
        doc = {"id": f"d{i}", "path": f"d{i}.txt", "abs_path": f"/x/d{i}.txt",
               "title": normalize(["Hòa Bình xây dựng nông thôn mới", "Mô hình hay ở Kim Bôi",
                                   "Tuyên dương ĐHTT", "Bình yên xóm Hòa"][i % 4]),
               "body": body, "date": f"{2014 + i % 10}-05-0{1 + i % 9}", "years": [2014 + i % 10],
               "districts": [["Kim Bôi"], ["Lạc Sơn", "Mai Châu"], [], ["Đà Bắc"]][i % 4],
               "fields": [["ntm"], ["kinh-te"], ["lao-dong", "van-hoa"], []][i % 4],
               "doc_type": "tin-bai", "number": "162/KH-UBND" if i == 2 else None}
        out.extend(index_records(doc, seg, f"h{i}"))
    return out


def _build(path, batches):
    """An index written in batches, each (records, codec): one segment each."""
    ix = windex.create_in(str(path), build_schema())
    for records, codec in batches:
        w = ix.writer(codec=codec)
        for rec in records:
            w.add_document(**rec)
        w.commit(merge=False)
    return ix


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Old (W3, zlib) and new (packed) segments side by side, one deletion;
    blocks of 2 postings and more packed (normally from 32)."""
    records = _records()
    half = len(records) // 2
    path = tmp_path_factory.mktemp("mixed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ArrayPostingsWriter, "PACK_FROM", 2)
        ix = _build(path, [(records[:half], W3Codec()), (records[half:], ArrayCodec())])
    with ix.writer() as w:
        w.delete_by_term("id", "d3")
    return SearchService(path)


def _check_same(idx: SearchService, texts):
    snap = idx.snapshot()
    s = snap.searcher
    engine = Engine(s)
    for text in texts:
        parsed = parse(text, idx.abbreviations(), idx.valid_values())
        tree = parsed.query
        if parsed.number_key:
            tree = with_number(snap, tree, parsed.number_key)
        mask, score = engine.run(s, tree)
        q = to_whoosh(tree)
        got = set(np.flatnonzero(mask).tolist())
        want = set(s.docs_for_query(q))
        assert got == want, text
        hits = s.search(q, limit=None)
        for h in hits:
            assert float(score[h.docnum]) == pytest.approx(h.score, rel=1e-4, abs=1e-4), (text, h.docnum)


def test_engine_matches_whoosh_on_an_ingested_index(index_dir):
    _check_same(SearchService(index_dir), QUERIES)


def test_engine_reads_old_and_new_segments_and_skips_deleted(mixed):
    s = mixed.snapshot().searcher
    assert len(list(s.reader().leaf_readers())) == 2
    _check_same(mixed, QUERIES)
    assert "d3" not in {h["id"] for h in mixed.search("", per_page=100)["results"]}


def test_search_results_are_whoosh_results(index_dir):
    """The API answer through the engine equals the one through Whoosh's
    collectors (totals, pages, scores, facets): tests/oracle/whoosh_search.py."""
    idx = SearchService(index_dir)
    cases = [(q, Filters(), sort) for q in QUERIES[:10] for sort in ("relevance", "newest", "oldest")]
    cases += [("", Filters(district=["Kim Bôi"]), "newest"),
              ("mô hình", Filters(year_from=2015, year_to=2019), "relevance")]
    fast = [idx.search(q, f, sort=sort, per_page=5, page=2) for q, f, sort in cases]
    slow = [whoosh_search(idx, q, f, sort=sort, per_page=5, page=2) for q, f, sort in cases]
    for (q, _, sort), a, b in zip(cases, fast, slow):
        for key in ("total", "pages", "facets", "expansions"):
            assert a[key] == b[key], (q, sort, key)
        assert [r["id"] for r in a["results"]] == [r["id"] for r in b["results"]], (q, sort)
        for ra, rb in zip(a["results"], b["results"]):
            assert (ra["score"] is None) == (rb["score"] is None)
            if ra["score"] is not None:
                assert ra["score"] == pytest.approx(rb["score"], rel=1e-3, abs=2e-3)
            assert ra["snippet"] == rb["snippet"]


def test_engine_refuses_what_is_not_a_query_tree(index_dir):
    s = SearchService(index_dir).snapshot().searcher
    with pytest.raises(TypeError):
        Engine(s).run(s, Q.Wildcard("body", "nông*"))


def test_export_is_the_search_order_and_excludes_negated_documents(index_dir):
    """The models CSV follows the engine: every match in the page order,
    no document that holds a negated word."""
    idx = SearchService(index_dir)
    for q, sort in (("mô hình", "relevance"), ("", "newest"), ("-hòa mô hình", "oldest")):
        res = idx.search(q, sort=sort, per_page=100, record="model", facets=False)
        rows = idx.export(q, sort=sort, record="model")
        assert [r["id"] for r in rows] == [h["id"] for h in res["results"]], (q, sort)
    for row in idx.export("-hòa mô hình", record="model"):
        assert "hòa" not in (row.get("sentence") or "").lower().split()


def test_tree_nodes_are_their_own_cache_keys():
    a = T.Or([T.Term("body", "hòa"), T.Phrase("body", ["nông", "thôn"], 2.0)])
    b = T.Or((T.Term("body", "hòa"), T.Phrase("body", ("nông", "thôn"), 2.0)))
    assert a == b and hash(a) == hash(b) and {a: 1}[b] == 1


def test_packed_layout_reads_back_as_w3_does(tmp_path, monkeypatch):
    records = _records(30)
    (tmp_path / "w3").mkdir()
    (tmp_path / "arr").mkdir()
    monkeypatch.setattr(ArrayPostingsWriter, "PACK_FROM", 3)   # blocks of 1-2 in W3's layout, the rest packed
    a = _build(tmp_path / "w3", [(records, W3Codec(compression=0))])
    b = _build(tmp_path / "arr", [(records, ArrayCodec(blocklimit=8))])  # many blocks per term
    ra, rb = a.reader(), b.reader()
    layouts = set()
    for fieldname in ("body", "title", "body_f", "body_bi", "body_w", "districts", "years"):
        terms = list(ra.lexicon(fieldname))
        assert terms == list(rb.lexicon(fieldname))
        for term in terms:
            ma, mb = ra.postings(fieldname, term), rb.postings(fieldname, term)
            fmt = ra.schema[fieldname].format
            rows_a, rows_b = [], []
            for m, rows in ((ma, rows_a), (mb, rows_b)):
                while m.is_active():
                    rows.append((m.id(), m.weight(),
                                 tuple(m.value_as("positions")) if fmt.supports("positions") else None))
                    m.next()
            assert rows_a == rows_b, (fieldname, term)
            m = rb.postings(fieldname, term)
            if isinstance(m, ArrayLeafMatcher):
                while True:
                    layouts.add(m._packed())
                    if m._lastblock:
                        break
                    m._next_block()
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            ids, weights = term_postings(rb, fieldname, text)
            assert ids.tolist() == [r[0] for r in rows_b]
            assert weights.tolist() == pytest.approx([r[1] for r in rows_b])
            if fmt.supports("positions"):
                got = term_positions(rb, fieldname, text, ids[::2])
                assert got == {r[0]: list(r[2]) for r in rows_b[::2]}
    assert layouts == {True, False}  # both layouts were read


def test_negated_word_excludes_every_document_holding_it(index_dir):
    """"-hòa": no result holds the syllable "hòa" (Whoosh's own AndNot
    matcher let two such documents through on the demo corpus, for
    "-hòa bình kinh tế")."""
    idx = SearchService(index_dir)
    s = idx.snapshot().searcher
    plain = idx.search("xã", per_page=100)
    res = idx.search("-hòa xã", per_page=100)
    assert 0 < res["total"] < plain["total"]
    for hit in res["results"]:
        docnum = s.document_number(id=hit["id"])
        stored = s.stored_fields(docnum)
        words = (stored.get("title", "") + " " + stored.get("body", "")).lower().split()
        assert "hòa" not in {w.strip(".,;:()\"'") for w in words}, hit["id"]


def test_a_phrase_is_decided_by_positions_not_by_the_words_field(tmp_path):
    """The segmenter can glue syllables that do not stand together in the
    text (it read "173cm sở hữu" as 173 | cm_sở_hữu, and re-places tones):
    a word of the words field is no proof of a phrase. Here "cm sở" stands
    only in "5 cm sở dĩ", yet the words field holds cm_sở_hữu."""
    doc = {"id": "glued", "path": "g.txt", "abs_path": "/x/g.txt", "title": "Người mẫu",
           "body": normalize("Cô gái cao 173cm sở hữu gương mặt sáng. Chiếc hộp dày 5 cm sở dĩ bền."),
           "date": "2021-01-05", "years": [2021], "districts": [], "fields": [], "doc_type": "tin-bai",
           "number": None}
    records = index_records(doc, Segmenter(), "g")
    words = records[0]["body_w"]
    at = words.index("sở_hữu")
    records[0]["body_w"] = words[:at - 1] + ["cm_sở_hữu"] + words[at + 1:]
    _build(tmp_path, [(records, ArrayCodec())])
    idx = SearchService(tmp_path)
    for q in ('"cm sở hữu"', '"cm so huu"', '"cm sở hữu gương"'):
        assert idx.search(q)["total"] == 0, q
    for q in ('"sở hữu gương"', '"cm sở dĩ"', '"5 cm sở dĩ bền"', '"173cm sở hữu"'):
        assert idx.search(q)["total"] == 1, q


def test_an_index_naming_the_old_codec_path_opens(tmp_path, monkeypatch):
    """Indexes written before ingest/index/whoosh/ name ``ingest.index.codec``
    in their segments (Whoosh pickles the codec's class); they still open."""
    from ingest.index.store import Store

    monkeypatch.setattr(ArrayCodec, "__module__", "ingest.index.codec")
    ix = _build(tmp_path, [(_records(6), ArrayCodec())])
    toc = sorted(tmp_path.glob("_MAIN_*.toc"))[-1].read_bytes()
    assert b"ingest.index.codec" in toc and b"ingest.index.whoosh.codec" not in toc
    monkeypatch.undo()
    del ix
    Store(tmp_path).check()
    assert SearchService(tmp_path).search("Hòa Bình")["total"] > 0
