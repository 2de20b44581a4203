"""The speed paths give the same results as the slow ones, and the
benchmark runs end to end on a small corpus (bench/perf.py --smoke).

No timings are asserted here: speed is measured by bench/perf.py.
"""
from __future__ import annotations

import importlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape
from whoosh import highlight, sorting
from whoosh import query as Q
from whoosh.analysis import LowercaseFilter, RegexTokenizer

from ingest.index import records as R
from ingest.index.schema import DOC_FACETS as FACETS
from ingest.index.whoosh.schema import build_schema
from ingest.vietnamese import fold, has_diacritics, normalize
from ingest.vietnamese.syllable import SYLLABLE_PATTERN
from search_app.search import Filters, SearchService, make_snippet
from search_app.search.facets import facet_counts
from search_app.search.filters import filter_tree
from tests.oracle.whoosh_search import to_whoosh


class MarkFormatter(highlight.HtmlFormatter):
    """Whoosh's HtmlFormatter as tracuu marks hits: escaped text, a plain <mark>."""

    def __init__(self):
        super().__init__(between="<span class=\"gap\"> … </span>")

    def format_token(self, text, token, replace=False):
        return "<mark>%s</mark>" % highlight.htmlescape(highlight.get_text(text, token, replace), quote=False)



SEG = importlib.import_module("ingest.vietnamese.segment")
REPO = Path(__file__).resolve().parents[2]
DANTRI = "data/news-underthesea-unc-dantri"  # under the shared folder


def _texts(dantri: Path | None, limit: int = 40) -> list[str]:
    """Real Vietnamese text: the demo corpus sources, and the Dân trí
    articles when shared data is there."""
    out = []
    for p in sorted((REPO / "corpus" / "src").rglob("*.txt"))[:limit]:
        out.append(normalize(p.read_text(encoding="utf-8").split("---", 1)[-1]))
    if dantri is not None and dantri.is_dir():
        for p in sorted((dantri / "data").glob("*.txt"))[::60]:
            out.append(normalize("\n".join(ln for ln in p.read_text(encoding="utf-8").splitlines()
                                            if not ln.startswith("# "))))
    return out


@pytest.fixture(scope="module")
def real_texts(shared_path) -> list[str]:
    return _texts(shared_path(DANTRI, required=False))


def test_record_tokens_are_the_field_analyzers_tokens(real_texts):
    """The views are Whoosh's analyzers' tokens; the folded view is
    ``ingest.vietnamese.fold`` of each syllable, as queries fold (Whoosh's
    accent_map agrees on Vietnamese text, not on letters like ß or İ)."""
    schema = build_schema()
    other_letters = "Hoà HOÀ hòa İstanbul ǅ ß"
    texts = real_texts + ["một", "GD&ĐT và Hòa Bình, TP.HCM 162/KH-UBND", other_letters, "a b"]
    for text in texts:
        syl = R.syllable_tokens(text)
        views = {"title": syl, "body": syl, "title_f": R.folded_tokens(syl), "body_f": R.folded_tokens(syl),
                 "body_bi": R.biword_tokens(syl), "title_w": R.word_tokens(text), "body_w": R.word_tokens(text)}
        for name, tokens in views.items():
            if text == other_letters and name.endswith("_f"):
                continue
            field = schema[name]
            assert sorted(field.index(tokens)) == sorted(field.index(text)), (name, text[:80])
        assert R.folded_tokens(syl) == [fold(t) for t in syl]
    assert R.folded_tokens(R.syllable_tokens("Straße Đà")) == ["straße", "da"]


def test_text_without_syllables_gives_no_biwords():
    # Whoosh's BiWordFilter raises on an empty token stream; the list is empty
    assert R.biword_tokens(R.syllable_tokens("!!! …")) == []
    rec = R.analyzed({"body": "!!!", "body_bi": "!!!", "body_f": "!!!"})
    assert rec["body"] == [] and rec["body_bi"] == [] and rec["_stored_body"] == "!!!"


def test_fast_word_tokenize_equals_underthesea(real_texts):
    from underthesea import sent_tokenize, word_tokenize

    sentences = [s for t in real_texts for p in t.split("\n") if p.strip() for s in sent_tokenize(p)]
    sentences += ["", "Hoà bình", "1.600m-2.000m, 02/05/2014, 60.542.000 đồng, GD&ĐT, TP.HCM, e-mail a@b.vn :)"]
    assert SEG._word_tokenize_many(sentences) == [word_tokenize(s) for s in sentences]


def _old_merge(words):
    table = SEG.compounds()
    longest = max(len(k) for k in table)
    out, i = [], 0
    while i < len(words):
        merged, sylls, spans = False, [], []
        for j in range(i, len(words)):
            sylls.extend(words[j].lower().split("_"))
            if len(sylls) > longest:
                break
            spans.append((j, tuple(sylls)))
        for j, key in reversed(spans):
            if j > i and key in table:
                out.append("_".join(words[i:j + 1]))
                i, merged = j + 1, True
                break
        if not merged:
            out.append(words[i])
            i += 1
    return out


def test_compound_merge_unchanged():
    rng = random.Random(3)
    pieces = [" ".join(k) for k in SEG.compounds()] + ["xây_dựng", "Nông", "thôn", "mới", "và", "điển_hình",
                                                      "tiên_tiến", "nông_thôn", "người", "tốt"]
    for _ in range(400):
        words = [w for p in rng.choices(pieces, k=rng.randint(0, 12)) for w in p.split()]
        words = [w.replace(" ", "_") for w in words]
        assert SEG._merge_compounds(words) == _old_merge(words)


def _old_snippet(text, terms, formatter, chars=240):
    analyzer = RegexTokenizer(SYLLABLE_PATTERN) | LowercaseFilter()
    lowered = {t.lower() for t in terms if t}
    if lowered:
        fragmenter = highlight.ContextFragmenter(maxchars=chars, surround=60, charlimit=200_000)
        folded = {t for t in lowered if not has_diacritics(t)}

        def matched(tokens):
            for t in tokens:
                t.matched = t.text in lowered or (bool(folded) and fold(t.text) in folded)
                yield t

        tokens = matched(analyzer(text, chars=True, positions=True, mode="index"))
        fragments = highlight.top_fragments(fragmenter.fragment_tokens(text, tokens), 2,
                                            highlight.BasicFragmentScorer(), highlight.FIRST)
        if fragments:
            return formatter.format(fragments)
    head = text[:chars]
    return str(escape(head + ("…" if len(text) > chars else "")))


def test_snippets_equal_whoosh_context_fragmenter(real_texts):
    rng = random.Random(5)
    n = 0
    for text in real_texts:
        words = [w.lower() for w in R.syllable_tokens(text)]
        if not words:
            continue
        for _ in range(6):
            terms = set(rng.sample(words, min(len(words), rng.randint(1, 4))))
            if rng.random() < 0.4:
                terms = {fold(t) for t in terms}
            for chars in (240, 80):
                assert make_snippet(text, terms, chars) == \
                    _old_snippet(text, terms, MarkFormatter(), chars)
                n += 1
    assert n > 100


@pytest.fixture(scope="module")
def small_index(tmp_path_factory, shared_path):
    sys.path.insert(0, str(REPO / "bench"))
    import generate

    from ingest.run import ingest

    dantri = shared_path(DANTRI)  # the synthetic documents are made of its text
    root = tmp_path_factory.mktemp("bench")
    generate.write_synthetic(80, root / "docs", seed=2, source=dantri)
    ingest([str(root / "docs")], root / "index", jobs=1)
    return SearchService(root / "index")


def _old_facets(idx, user_q, flt):
    s = idx.snapshot().searcher
    groups = {name: sorting.FieldFacet(fn, allow_overlap=fn in ("districts", "fields", "years"),
                                       maptype=sorting.Count) for name, fn in FACETS.items()}
    res = s.search(user_q, filter=flt, groupedby=groups, limit=1, scored=False)
    out = {}
    for name in FACETS:
        items = [{"value": int(v) if name == "year" else v, "count": c}
                 for v, c in res.groups(name).items() if v not in (None, "")]
        if name == "year":
            items.sort(key=lambda x: -x["value"])
        else:
            items.sort(key=lambda x: (-x["count"], str(x["value"])))
        out[name] = items
    return out


def test_facets_and_totals_equal_whoosh_grouping(small_index):
    idx = small_index
    values = idx.field_values()
    cases = [("", Filters()), ("tại", Filters()), ("kinh tế", Filters()), ('"hòa bình"', Filters()),
             ("ha noi", Filters()), ("", Filters(district=values["districts"][:1])),
             ("người", Filters(year=["2015-2024"])), ("xyzzy", Filters())]
    if values["fields"]:
        cases.append(("", Filters(field=values["fields"][:1], type=["tin-bai"])))
    for q, f in cases:
        snap = idx.snapshot()
        parsed, _, _, flt = idx._query(snap, q, f, "doc")
        mask, _ = idx._matches(snap, parsed.query, flt, scored=False)
        user_q = to_whoosh(parsed.query) if parsed.query is not None else Q.Every()
        assert facet_counts(snap, mask, "doc") == _old_facets(idx, user_q, to_whoosh(flt)), q
        res = idx.search(q, f, per_page=5)
        assert res["total"] == len(snap.searcher.search(user_q, filter=to_whoosh(flt), limit=None,
                                                        scored=False)), q
        assert res["facets"] == _old_facets(idx, user_q, to_whoosh(flt))
    assert idx.search("")["facets"]["district"]  # the generator spreads districts


def test_pages_are_whoosh_exact_ranking(small_index):
    """Every page equals the same slice of Whoosh's exact, unoptimized
    search (all matches scored, or sorted by date)."""
    idx = small_index
    s = idx.snapshot().searcher
    for q, sort in (("người", "relevance"), ("tại", "newest"), ("kinh tế", "oldest"), ("", "relevance"),
                    ("ha noi", "relevance"), ('"tỉnh hòa bình"', "relevance")):
        parsed, _, _ = idx._parse_or_plain(q)
        user_q = to_whoosh(parsed.query) if parsed.query is not None else Q.Every()
        flt = to_whoosh(filter_tree("doc", Filters(), idx.valid_values()))
        sortedby = None if sort == "relevance" and parsed.query is not None else \
            sorting.FieldFacet("date", reverse=sort != "oldest")
        exact = [h["id"] for h in s.search(user_q, filter=flt, limit=None, sortedby=sortedby)]
        for page in (1, 2, 9):
            got = [r["id"] for r in idx.search(q, sort=sort, page=page, per_page=7)["results"]]
            assert got == exact[(page - 1) * 7: page * 7], (q, sort, page)


@pytest.mark.slow
def test_benchmark_smoke_run(tmp_path, shared_path):
    dantri = shared_path(DANTRI)
    out = tmp_path / "perf.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "perf.py"), "--smoke", "--work", str(tmp_path / "work"),
         "--source", str(dantri), "--out", str(out)], capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    r = json.loads(out.read_text())
    real = r["ingest"]["real"]
    assert real["documents"] == 150 and real["jobs_1"]["summary"]["new"] == 150
    assert 0 < real["jobs_1"]["ratio_to_limit"] < 2
    assert real["reingest_unchanged"]["summary"]["unchanged"] == 150
    s = r["search"]["1000"]
    assert r["query_mix"]["queries"] >= 200 and s["api"]["n_errors"] == 0
    assert s["api"]["p50_ms"] > 0 and s["fts5"]["p50_ms"] > 0 and s["p95_ratio_tracuu_to_fts5"] > 0
    assert r["serve"]["cold_start_s"] and r["serve"]["rss_after_mix_mib"] > 0
    assert "ingest / limit, 1 core" in proc.stdout and "SQLite FTS5" in proc.stdout
