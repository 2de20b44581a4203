"""Fuzzing with hypothesis: readers, Vietnamese text analysis, extraction,
the query parser, and every /api/* endpoint generated from the OpenAPI
description. Nothing may raise anything but the documented errors
(ReaderError for files, QueryError for queries), and no request may get a
5xx. The number of examples run is printed (``-s``) and written to
``$TRACUU_FAULT_REPORT`` when set.
"""
from __future__ import annotations

import io
import json
import os
import string
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.readers import RawDocument, ReaderError, read

COUNTS: Counter = Counter()
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
VI = ("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
      "AĂÂĐÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")
COMBINING = "\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b"
vi_text = st.text(alphabet=st.sampled_from(list(VI + string.ascii_letters + string.digits + COMBINING
                                                 + " \n\t.,;:!?/-()\"'&«»…–—%@#*~^_[]{}<>|=+"
                                                 + "\u00a0\u200b\ufeff\x00\u2028")),
                  max_size=300)
any_text = st.one_of(vi_text, st.text(max_size=200))
FUZZ = settings(max_examples=int(os.environ.get("TRACUU_FUZZ_EXAMPLES", "200")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# -- seeds for mutation ------------------------------------------------------------------
def _pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A5")
    pdf.add_font("DejaVu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 7, "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH\nSố: 162/KH-UBND\nKẾ HOẠCH nhân rộng mô hình")
    return bytes(pdf.output())


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("QUYẾT ĐỊNH công nhận mô hình điển hình tiên tiến")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Huyện"
    t.cell(1, 0).text = "Kim Bôi"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


HTML = ("<!doctype html><html><head><meta charset='utf-8'><title>Mô hình hay</title></head><body>"
        "<article><h1>Nhân rộng mô hình</h1><p class='date'>22/04/2018</p><p>(HBĐT) - Huyện Kim Bôi "
        "nhân rộng mô hình <b>dân vận khéo</b>.</p><ul><li>Tin liên quan</li></ul></article></body></html>")
SEEDS = {".pdf": _pdf_bytes, ".docx": _docx_bytes, ".html": lambda: HTML.encode(),
         ".txt": lambda: "Mô hình dân vận khéo\n\nHuyện Kim Bôi, ngày 2/3/2019.\n".encode()}
_seed_cache: dict[str, bytes] = {}


def _seed(suffix: str) -> bytes:
    if suffix not in _seed_cache:
        _seed_cache[suffix] = SEEDS[suffix]()
    return _seed_cache[suffix]


mutation = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "zero", "dup"]),
                              st.floats(0, 1), st.binary(min_size=1, max_size=16)), min_size=1, max_size=6)


def _mutate(data: bytes, ops) -> bytes:
    b = bytearray(data)
    for op, where, blob in ops:
        if not b:
            b = bytearray(blob)
            continue
        i = int(where * (len(b) - 1))
        if op == "flip":
            b[i] ^= blob[0] or 0xFF
        elif op == "cut":
            del b[i:]
        elif op == "insert":
            b[i:i] = blob
        elif op == "zero":
            b[i:i + len(blob) * 64] = bytes(min(len(b) - i, len(blob) * 64))
        else:
            b[i:i] = b[max(0, i - 64):i]
    return bytes(b)


def _read_must_be_clean(path: Path):
    try:
        raw = read(str(path))
    except ReaderError as exc:
        assert str(exc).strip()
        return None
    assert isinstance(raw, RawDocument)
    assert all(isinstance(b, str) for b in raw.blocks)
    return raw


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".txt"])
def test_mutated_files_never_crash_the_readers(tmp_path, suffix, monkeypatch):
    monkeypatch.setattr("ingest.readers.pdf._ocr", lambda *a, **k: None)  # no OCR of junk pages
    seed = _seed(suffix)

    @FUZZ
    @given(ops=mutation)
    def check(ops):
        COUNTS["reader examples"] += 1
        p = tmp_path / f"f{suffix}"
        p.write_bytes(_mutate(seed, ops))
        _read_must_be_clean(p)

    check()


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".pdf", ".docx", ".html", ".htm", ".txt"]))
def test_random_bytes_never_crash_the_readers(tmp_path, data, suffix):
    COUNTS["reader examples"] += 1
    p = tmp_path / f"r{suffix}"
    p.write_bytes(data)
    _read_must_be_clean(p)


# -- text analysis ----------------------------------------------------------------------------
@FUZZ
@given(text=any_text)
def test_normalization_folding_and_syllables(text):
    from ingest.vietnamese import fold, normalize
    from ingest.vietnamese.syllable import is_syllable

    COUNTS["text examples"] += 1
    n = normalize(text)
    assert normalize(n) == n                  # idempotent
    f = fold(n)
    assert fold(f) == f                       # folding is idempotent: nothing left to fold
    for tok in n.split()[:20]:
        is_syllable(tok)
        is_syllable(tok, strict=True)


@FUZZ
@given(text=any_text)
def test_segmentation_numbers_abbreviations_legacy(text):
    from ingest.vietnamese import normalize
    from ingest.vietnamese.abbreviations import find_definitions
    from ingest.vietnamese.docnumbers import find_numbers, normalize_number, number_key
    from ingest.vietnamese.legacy import decode_legacy, fix_mojibake
    from ingest.vietnamese.segment import Segmenter

    COUNTS["text examples"] += 1
    n = normalize(text)
    words = Segmenter().words(n)
    assert all(isinstance(w, str) and w for w in words)
    for start, end, number in find_numbers(n):
        assert 0 <= start <= end <= len(n)
        number_key(number)
    normalize_number(n)
    number_key(n)
    find_definitions(n)
    fix_mojibake(text)
    decode_legacy(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(blocks=st.lists(any_text, max_size=8), title=st.one_of(st.none(), any_text))
def test_extraction_never_crashes(blocks, title):
    from ingest.extract import extract

    COUNTS["text examples"] += 1
    doc = extract(RawDocument(path="x.txt", format="txt", blocks=blocks, title=title)).to_json()
    json.dumps(doc, ensure_ascii=False)       # the document is serialisable


query_text = st.one_of(
    any_text,
    st.lists(st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "-", "*", "?", "~", "^", ":", "district:",
                              "year:", "field:", "type:", "number:", "title:", "foo:", "mô", "hình", "2017",
                              "2015-2019", "Kim Bôi", "162/KH-UBND", "ĐHTT", "\\", "[", "]", "{", "}", "+"]),
             max_size=40).map(" ".join),
)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    from ingest.index.records import index_records
    from ingest.index.store import Store
    from ingest.vietnamese import normalize
    from ingest.vietnamese.segment import Segmenter
    from search_app.search import SearchService

    path = tmp_path_factory.mktemp("fuzzix")
    store = Store(path)
    store.create_if_missing()
    w = store.writer()
    for i, (title, body) in enumerate([
        ("Nhân rộng mô hình dân vận khéo", "Huyện Kim Bôi nhân rộng mô hình dân vận khéo năm 2017."),
        ("Kế hoạch số 162/KH-UBND", "Kế hoạch nhân rộng điển hình tiên tiến (ĐHTT) ở Lạc Thủy."),
    ]):
        doc = {"id": f"d{i}", "path": f"d{i}.txt", "abs_path": f"/x/d{i}.txt", "title": normalize(title),
               "body": normalize(body), "date": "2017-05-0%d" % (i + 1), "years": [2017],
               "districts": ["Kim Bôi"], "fields": ["ntm"], "doc_type": "tin-bai"}
        for rec in index_records(doc, Segmenter(), "h"):
            w.add(rec)
    w.commit()
    return SearchService(path)


@FUZZ
@given(q=query_text, page=st.integers(-5, 1200), sort=st.sampled_from(["relevance", "newest", "oldest", "x"]))
def test_query_parser_and_search_never_crash(small_index, q, page, sort):
    from search_app.search import Filters, QueryError

    COUNTS["query examples"] += 1
    try:
        res = small_index.search(q, Filters(), sort=sort, page=page, per_page=10)
    except QueryError as exc:
        assert str(exc).strip()
        return
    assert res["total"] >= len(res["results"])
    small_index.suggest(q[:200])
    small_index.highlight("Huyện Kim Bôi nhân rộng mô hình dân vận khéo", q[:1000])


# -- the API, from its OpenAPI description ----------------------------------------------------
HOSTILE_STRINGS = ["", " ", "0", "-1", "99999999999999999999", "1e9", "NaN", "abc", "%00", "\x00", "../../etc/passwd",
                   "<script>alert(1)</script>", "' OR 1=1 --", "*" * 50, "a~2", "((((((((((", "\ud800"[:0] + "ｍô",
                   "x" * 3000, "2015-2019", "2019-2015", "Kim Bôi", "ntm", "quyet-dinh", "=cmd|' /C calc'!A0"]


def _value(schema: dict):
    t = schema.get("type")
    hostile = st.sampled_from(HOSTILE_STRINGS)
    if t == "integer":
        lo, hi = schema.get("minimum", -10), schema.get("maximum", 10_000)
        return st.one_of(st.integers(lo - 5, hi + 5).map(str), hostile)
    if t == "array":
        return st.lists(_value(schema.get("items") or {}), max_size=4)
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"]), hostile)
    return st.one_of(any_text, hostile, st.text(max_size=30))


def _operations():
    from search_app.web.openapi import spec

    ops = []
    for path, item in spec()["paths"].items():
        for method, op in item.items():
            if method != "get":
                continue
            ops.append((path, op.get("parameters", [])))
    return ops


@pytest.fixture(scope="module")
def api_client(tmp_path_factory):
    """The app over a real index with hostile documents (see test_bad_input)."""
    from ingest.run import ingest
    from search_app import create_app

    tmp = tmp_path_factory.mktemp("api")
    (tmp / "c").mkdir()
    (tmp / "c" / "a.txt").write_text(
        "Mô hình \"Dân vận khéo\" ở huyện Kim Bôi <script>alert(1)</script>\n\n"
        "Năm 2017, UBND tỉnh công nhận mô hình dân vận khéo của xã Hợp Thanh, huyện Kim Bôi là điển hình "
        "tiên tiến theo Quyết định số 1234/QĐ-UBND.\n", encoding="utf-8")
    summary = ingest([str(tmp / "c")], tmp / "ix")
    assert not summary.failed
    return create_app(index_dir=tmp / "ix", TESTING=True).test_client()


@pytest.mark.parametrize("path,params", _operations(), ids=[p for p, _ in _operations()])
def test_api_fuzz_from_openapi_never_5xx(api_client, path, params):
    import re as _re

    path_params = [p for p in params if p["in"] == "path"]
    query_params = [p for p in params if p["in"] == "query"]

    @FUZZ
    @given(data=st.data())
    def check(data):
        url = path
        for p in path_params:
            v = data.draw(st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(min_size=1, max_size=40)))
            url = url.replace("{%s}" % p["name"], _re.sub(r"[/?#]", "_", v) or "x")
        qs = []
        for p in query_params:
            if data.draw(st.booleans()):
                v = data.draw(_value(p.get("schema") or {}))
                for item in v if isinstance(v, list) else [v]:
                    qs.append((p["name"], item))
        if data.draw(st.booleans()):  # an unknown parameter now and then
            qs.append((data.draw(st.sampled_from(["format", "page[x]", "q[]", "__proto__"])), "x"))
        COUNTS["api requests"] += 1
        qs = [(k, v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")) for k, v in qs]
        resp = api_client.get(url, query_string=qs)
        assert resp.status_code < 500, (url, qs, resp.status_code, resp.get_data(as_text=True)[:300])
        if resp.status_code >= 400:
            assert resp.is_json and resp.get_json().get("error"), (url, qs, resp.status_code)

    check()


def test_zz_report_counts():
    """Runs last in this file: prints and records how many examples ran."""
    print("fuzz examples:", dict(COUNTS))
    out = os.environ.get("TRACUU_FAULT_REPORT")
    if out:
        old = json.loads(Path(out).read_text()) if os.path.exists(out) else {}
        old["fuzz_examples"] = dict(COUNTS)
        Path(out).write_text(json.dumps(old, indent=1))
    assert sum(COUNTS.values()) > 0 or os.environ.get("PYTEST_XDIST_WORKER")
