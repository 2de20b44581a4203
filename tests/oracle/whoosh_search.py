"""Searches done by Whoosh's own matchers and collectors: the oracle the
engine (``ingest/index/whoosh/engine.py``) and the search service are
checked against. This was the search path before the engine; it is kept
here, out of production code.

Known differences, where the engine is right: Whoosh's ``AndNot`` matcher
lets the first positive document of a segment through, and Whoosh sorts
undated documents first by date where the engine sorts them last.
"""
from __future__ import annotations

import json
from collections import Counter
from itertools import chain

from whoosh import collectors, sorting
from whoosh import query as Q

from ingest.index import tree as T
from ingest.index.schema import DOC_FACETS, MODEL_FACETS
from search_app.search.filters import Filters, filter_tree
from search_app.search.hits import hit
from search_app.search.service import _dedupe


def to_whoosh(node: T.Node) -> Q.Query:
    """The Whoosh query of a query tree."""
    kind = type(node)
    if kind is T.Term:
        return Q.Term(node.field, node.text, boost=node.boost)
    if kind is T.Phrase:
        return Q.Phrase(node.field, list(node.words), boost=node.boost)
    if kind is T.Prefix:
        return Q.Prefix(node.field, node.text, boost=node.boost)
    if kind is T.And:
        return Q.And([to_whoosh(p) for p in node.parts], boost=node.boost)
    if kind is T.Or:
        return Q.Or([to_whoosh(p) for p in node.parts], boost=node.boost)
    if kind is T.AndNot:
        return Q.AndNot(to_whoosh(node.positive), to_whoosh(node.negative))
    if kind is T.Not:
        return Q.Not(to_whoosh(node.query))
    if kind is T.Every:
        # Whoosh's ListMatcher reads an all-weight of 0 as "no weight" and
        # scores 1.0: a tiny weight stands for the optional-boost's 0
        return Q.Every(boost=node.boost or 1e-9)
    if kind is T.Nothing:
        return Q.NullQuery
    raise TypeError(node)


class _TopAndAll(collectors.TopCollector):
    """Whoosh's TopCollector that also keeps the number of every document
    it is given (with usequality=False it is given every match)."""

    def _collect(self, global_docnum, score):
        self.docset.add(global_docnum)
        return collectors.TopCollector._collect(self, global_docnum, score)


def _page_and_matches(s, user_q, allowed: set, limit: int, sortedby):
    if not allowed:
        return [], set()  # (an empty filter set would mean "no filter" to Whoosh)
    base = collectors.SortingCollector(sortedby, limit=limit) if sortedby is not None else \
        _TopAndAll(limit, usequality=False, replace=0)
    c = collectors.FilterCollector(collectors.TermsCollector(base), allow=allowed)
    s.search_with_collector(user_q, c)
    return c.results(), base.docset


def _facets(s, matching: set, record: str) -> dict:
    names = DOC_FACETS if record == "doc" else MODEL_FACETS
    r = s.reader()
    lists: list = [() for _ in range(r.doc_count_all())]
    for fieldname in set(names.values()):
        for term in r.lexicon(fieldname):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            for docnum in r.postings(fieldname, term).all_ids():
                lists[docnum] += ((fieldname, value),)
    counts = Counter(chain.from_iterable(lists[d] for d in matching))
    out = {}
    for name, fieldname in names.items():
        items = [{"value": int(v) if name == "year" else v, "count": c}
                 for (f, v), c in counts.items() if f == fieldname and v not in (None, "")]
        items.sort(key=(lambda x: -x["value"]) if name == "year" else (lambda x: (-x["count"], str(x["value"]))))
        out[name] = items
    return out


def whoosh_search(service, q: str = "", filters: Filters | None = None, *, sort: str = "relevance",
                  page: int = 1, per_page: int = 20, record: str = "doc") -> dict:
    """``service.search(...)``'s total, pages, results and facets, by Whoosh's collectors."""
    snap = service.snapshot()
    s = snap.searcher
    def matches(tree, flt):      # the service's ladder, decided by Whoosh's matchers
        allowed = set(s.docs_for_query(to_whoosh(flt)))
        return tree is None or bool(allowed & set(s.docs_for_query(to_whoosh(tree))))
    parsed, _, _, flt, _, _, _ = service._read(snap, q, filters or Filters(), record, False, matches)
    user_q = to_whoosh(parsed.query) if parsed.query is not None else Q.Every()
    order = "newest" if sort == "relevance" and parsed.query is None else sort
    sortedby = {"newest": sorting.FieldFacet("date", reverse=True),
                "oldest": sorting.FieldFacet("date")}.get(order)
    offset = (page - 1) * per_page
    allowed = set(s.docs_for_query(to_whoosh(flt)))
    if parsed.query is None:
        matching = allowed
        results = [] if offset >= len(matching) else \
            s.search(to_whoosh(flt), limit=offset + per_page, sortedby=sortedby)[offset:offset + per_page]
    else:
        results, matching = _page_and_matches(s, user_q, allowed, offset + per_page, sortedby)
        results = [] if offset >= len(matching) else results[offset:offset + per_page]
    hits = []
    for h in results:
        score = h.score if h.score is not None and sortedby is None else None
        hits.append(hit(h.fields(), json.loads(h["data"]), score, parsed.highlight_terms, record, 240))
    total = len(matching)
    return {"total": total, "pages": max(1, -(-total // per_page)), "results": hits,
            "facets": _facets(s, matching, record), "expansions": _dedupe(parsed.expansions)}


def whoosh_filter(service, record: str = "doc", filters: Filters | None = None) -> Q.Query:
    return to_whoosh(filter_tree(record, filters or Filters(), service.valid_values()))
