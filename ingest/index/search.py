"""Searching the index: hits, facets, highlights, suggestions, documents.

:class:`SearchIndex` is what the CLI and the web app use. It keeps one
Whoosh searcher per thread (Whoosh searchers must not be shared across
threads) and reopens it when an ingest has committed a new generation.
"""
from __future__ import annotations

import copy
import json
import re
import threading
import time
from dataclasses import dataclass
from dataclasses import field as _field

from collections import Counter
from functools import lru_cache
from itertools import chain

import numpy as np
from markupsafe import escape
from whoosh import collectors, highlight, sorting
from whoosh.analysis import Token
from whoosh import query as Q

from ..vietnamese import fold, has_diacritics, normalize
from ..vietnamese.normalize import strip_marks
from ..vietnamese.abbreviations import curated
from . import query as query_mod
from .engine import Engine, Unsupported
from .postings import MISSING
from .query import QueryError, QuerySyntaxError, parse, plain_words, resolve_value, years_query
from .schema import SYLLABLE_PATTERN
from .store import Store

SORTS = ("relevance", "newest", "oldest")
FACETS = {  # facet name in the API -> index field
    "district": "districts",
    "field": "fields",
    "year": "years",
    "doc_type": "doc_type",
    "source": "source",
}
MODEL_FACETS = {"district": "districts", "field": "fields", "year": "years", "kind": "model_kind"}
_SYLLABLE_RE = re.compile(SYLLABLE_PATTERN)
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_MAX_SPELLED = 12   # letters: a Vietnamese syllable has at most 7; longer tokens are not spelled
MAX_PER_PAGE = 100
MAX_PAGE = 1000


@dataclass
class Filters:
    district: list[str] = _field(default_factory=list)
    field: list[str] = _field(default_factory=list)
    year: list[str] = _field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    type: list[str] = _field(default_factory=list)
    source: list[str] = _field(default_factory=list)
    kind: list[str] = _field(default_factory=list)


class SearchIndex:
    """Read-only access to an index directory."""

    def __init__(self, index_dir, known_values: dict[str, list[str]] | None = None):
        """`known_values`: valid filter values beyond those in the index
        (index field name -> values, e.g. every district of the province), so
        that a valid district with no documents filters to nothing instead of
        being rejected as unknown."""
        self.known_values = known_values or {}
        self.store = Store(index_dir)
        self.ix = self.store.open()
        # Read segment files without mmap: Whoosh wraps each mmapped part of
        # a compound segment in a BytesIO, which copies it, so every searcher
        # would hold a private copy of the postings and terms (the whole
        # index: gigabytes at 100k documents, per server worker).
        if getattr(self.ix, "storage", None) is not None and hasattr(self.ix.storage, "supports_mmap"):
            self.ix.storage.supports_mmap = False
        self._local = threading.local()
        self._lock = threading.Lock()
        self._meta_cache: tuple[int, dict] | None = None
        self._values_cache: tuple[int, dict] | None = None

    # -- searchers ------------------------------------------------------------
    def searcher(self):
        """This thread's searcher, refreshed when the index has changed."""
        s = getattr(self._local, "searcher", None)
        now = time.monotonic()
        if s is None:
            s = self.ix.searcher()
            self._local.searcher = s
            self._local.checked = now
        elif now - getattr(self._local, "checked", 0) > 1.0:
            self._local.checked = now
            if not s.up_to_date():
                self._local.searcher = s = s.refresh()
        return s

    def generation(self) -> int:
        return self.searcher().reader().generation()

    def meta(self) -> dict:
        gen = self.generation()
        if self._meta_cache is None or self._meta_cache[0] != gen:
            self._meta_cache = (gen, self.store.read_meta())
        return self._meta_cache[1]

    def abbreviations(self):
        """The curated abbreviations and those learned from the documents
        (merged once per index generation)."""
        meta = self.meta()
        cached = getattr(self, "_abbr_cache", None)
        if cached is None or cached[0] is not meta:
            cached = self._abbr_cache = (meta, curated().merged(meta.get("abbreviations") or {}))
        return cached[1]

    def field_values(self) -> dict[str, list[str]]:
        """Known values of the keyword fields (for filter validation)."""
        gen = self.generation()
        if self._values_cache is None or self._values_cache[0] != gen:
            r = self.searcher().reader()
            values = {}
            for name in ("districts", "fields", "doc_type", "source", "model_kind"):
                values[name] = sorted(v.decode("utf-8") if isinstance(v, bytes) else v for v in r.lexicon(name))
            self._values_cache = (gen, values)
        return self._values_cache[1]

    # -- filters --------------------------------------------------------------
    def _filter(self, record: str, f: Filters) -> Q.Query:
        values = self.valid_values()
        parts: list[Q.Query] = [Q.Term("record", record)]

        def any_of(fieldname: str, given: list[str], label: str):
            terms = []
            known = values.get(fieldname, [])
            for v in given:
                if not v:
                    continue
                canonical = resolve_value(v, known)
                if canonical is None:
                    raise QueryError(_unknown(label, v, known))
                terms.append(Q.Term(fieldname, canonical))
            if terms:
                parts.append(Q.Or(terms) if len(terms) > 1 else terms[0])

        any_of("districts", f.district, "district")
        any_of("fields", f.field, "field")
        any_of("doc_type", f.type, "type")
        any_of("source", f.source, "source")
        any_of("model_kind", f.kind, "kind")
        if f.year:
            parts.append(Q.Or([years_query(str(y)) for y in f.year]))
        if f.year_from is not None or f.year_to is not None:
            lo = f.year_from if f.year_from is not None else 1900
            hi = f.year_to if f.year_to is not None else 2100
            if lo > hi:
                raise QueryError(f"year_from ({lo}) is after year_to ({hi})")
            parts.append(years_query(f"{max(lo, 1900)}-{min(hi, 2100)}"))
        return Q.And(parts)

    # -- search ---------------------------------------------------------------
    def search(self, q: str = "", filters: Filters | None = None, *, sort: str = "relevance",
               page: int = 1, per_page: int = 20, record: str = "doc", facets: bool = True,
               snippet_chars: int = 240) -> dict:
        started = time.perf_counter()
        filters = filters or Filters()
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not '{sort}'")
        if not 1 <= page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}")
        s = self.searcher()
        # the same request again in this index generation: the same answer
        # (keyed by everything the answer depends on; the learned
        # abbreviations and filter values change only with the generation)
        key = ("search", q, repr(filters), sort, page, per_page, record, facets, snippet_chars)
        responses = self._cache(s).setdefault("responses", {})
        cached = responses.get(key)
        if cached is not None:
            out = copy.deepcopy(cached)
            out["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
            return out
        parsed, read_as, parse_error = self._parse_or_plain(q)
        flt = self._filter(record, filters)
        if parsed.number_key:
            parsed.query = self._with_number(parsed.query, parsed.number_key)
        user_q = parsed.query if parsed.query is not None else Q.Every()
        order = "newest" if sort == "relevance" and parsed.query is None else sort
        offset = (page - 1) * per_page
        try:
            # every match at once, with numpy (engine.py)
            total, hits, matching = self._search_columns(s, user_q, flt, order, offset, per_page,
                                                         parsed, record, snippet_chars)
        except Unsupported:
            total, hits, matching = self._search_whoosh(s, user_q, flt, order, offset, per_page,
                                                        parsed, record, snippet_chars)
        out = {
            "query": q,
            "total": total,
            "page": page,
            "per_page": per_page,
            "pages": max(1, -(-total // per_page)),
            "sort": sort,
            "results": hits,
            "expansions": _dedupe(parsed.expansions),
        }
        if read_as is not None:
            # the query could not be parsed: it was searched as plain words
            out["read_as"] = read_as
            out["parse_error"] = parse_error
        if parsed.number:
            out["number"] = parsed.number
            out["number_hits"] = self._number_hits(parsed.number)
        if facets:
            out["facets"] = self._cached_facets(s, user_q, flt, matching, record)
        if total == 0:
            out["suggestions"] = self.suggest(parsed.free_text)
        elif parsed.free_text and not has_diacritics(parsed.free_text):
            restored = self.restore_diacritics(parsed.free_text)
            if restored:
                out["suggestions"] = [restored]
        with self._lock:
            if len(responses) >= self._CACHED_RESPONSES:
                responses.pop(next(iter(responses)))
            responses[key] = copy.deepcopy(out)
        out["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return out

    _CACHED_RESPONSES = 256

    def _search_columns(self, s, user_q, flt, order, offset, per_page, parsed, record, snippet_chars):
        """(total, hits of the page, mask of every match): the query run by
        the numpy engine over whole posting lists."""
        engine = self.engine(s)
        allowed = self._filter_mask(s, engine, flt)
        if isinstance(user_q, Q.Every):
            mask, score = allowed, None
        else:
            mask, score = engine.run(s, user_q, scored=order == "relevance")
            mask &= allowed
        docs = np.flatnonzero(mask)
        total = len(docs)
        want = offset + per_page
        if offset >= total:
            page = docs[:0]
        elif order == "relevance":
            scores = score[docs]
            if total > want:  # the best `want`, ties included, then exactly ordered
                kth = np.partition(scores, total - want)[total - want]
                keep = scores >= kth
                docs, scores = docs[keep], scores[keep]
            page = docs[np.lexsort((docs, -scores))][offset:want]
        else:
            # by date, newest or oldest first; documents without a date last
            dates = engine.column(s.reader(), "date")[docs]
            undated = dates == MISSING
            key = -dates if order == "newest" else dates
            page = docs[np.lexsort((docs, key, undated))][offset:want]
        formatter = MarkFormatter()
        hits = []
        for docnum in page.tolist():
            stored = s.stored_fields(docnum)
            data = json.loads(stored["data"])
            hit_score = float(score[docnum]) if score is not None and order == "relevance" else None
            hits.append(self._hit(stored, data, hit_score, parsed.highlight_terms, parsed, formatter,
                                  record, snippet_chars))
        return total, hits, mask

    def _search_whoosh(self, s, user_q, flt, order, offset, per_page, parsed, record, snippet_chars):
        """:meth:`_search_columns` done by Whoosh's collectors, for a query the
        engine does not run (returns the set of matching document numbers)."""
        sortedby = None
        if order == "newest":
            sortedby = sorting.FieldFacet("date", reverse=True)
        elif order == "oldest":
            sortedby = sorting.FieldFacet("date")
        # One pass over the matches: the page (top N by score, or sorted),
        # every matching document within the filter's documents (cached per
        # index generation), so the exact total (unlike len() of a
        # terms=True page, a Whoosh bug) and the facet counts.
        allowed = self._docset(s, flt)
        if isinstance(user_q, Q.Every):
            matching = allowed
            total = len(matching)
            results = [] if offset >= total else \
                s.search(flt, limit=offset + per_page, sortedby=sortedby)[offset:offset + per_page]
        else:
            results, matching = self._page_and_matches(s, user_q, allowed, offset + per_page, sortedby)
            total = len(matching)
            # past the end the page is empty (Whoosh's search_page would answer the last page)
            results = [] if offset >= total else results[offset:offset + per_page]
        formatter = MarkFormatter()
        hits = []
        for hit in results:
            terms = {t.decode("utf-8") if isinstance(t, bytes) else t
                     for _, t in ((hit.matched_terms() or []) if hit.results.has_matched_terms() else [])}
            score = hit.score if hit.score is not None and sortedby is None else None
            hits.append(self._hit(hit.fields(), json.loads(hit["data"]), score,
                                  terms | parsed.highlight_terms, parsed, formatter, record, snippet_chars))
        return total, hits, matching

    def engine(self, s) -> Engine:
        """The numpy query engine of the searcher's index generation."""
        cache = self._cache(s)
        found = cache.get("engine")
        if found is None:
            found = Engine(s)
            with self._lock:
                cache.setdefault("engine", found)
                found = cache["engine"]
        return found

    def _filter_mask(self, s, engine: Engine, flt: Q.Query) -> np.ndarray:
        """The documents a filter allows, as a mask, cached per generation."""
        masks = self._cache(s).setdefault("masks", {})
        key = repr(flt)
        found = masks.get(key)
        if found is None:
            found, _ = engine.run(s, flt, scored=False)
            with self._lock:
                if len(masks) >= self._CACHED_SETS:
                    masks.pop(next(iter(masks)))
                masks[key] = found
        return found

    def warm(self) -> None:
        """Load what every search uses (field lengths, facet columns, the
        accent map, dates) before the first request."""
        s = self.searcher()
        engine = self.engine(s)
        r = s.reader()
        engine.warm(r, ("title", "title_w", "title_f", "body", "body_w", "body_bi", "body_f", "abbr"))
        engine.column(r, "date")
        for fieldname in self._FACET_FIELDS:
            engine.facet(r, fieldname)
        self._filter_mask(s, engine, self._filter("doc", Filters()))
        self._filter_mask(s, engine, self._filter("model", Filters()))


    def _parse_or_plain(self, q: str):
        """(parsed query, plain words or None, parse error or None).

        A query whose syntax cannot be read (parentheses nested too deep) is
        searched again as plain words. A query too long or with too many
        words, or a filter inside it with an unknown value
        (``district:Atlantis``), stays an error that says what to change."""
        try:
            return parse(q, self.abbreviations(), self.valid_values()), None, None
        except QuerySyntaxError as exc:
            if len(q or "") > query_mod.MAX_QUERY_CHARS:
                raise
            plain = plain_words(q)
            return parse(plain, self.abbreviations(), self.valid_values()), plain, str(exc)

    def valid_values(self) -> dict[str, list[str]]:
        """Filter values accepted: those in the index, then the known ones."""
        values = self.field_values()
        out = {}
        for name in set(values) | set(self.known_values):
            have = values.get(name, [])
            out[name] = have + [v for v in self.known_values.get(name, []) if v not in have]
        return out

    def _with_number(self, q: Q.Query | None, key: str) -> Q.Query:
        """Rank documents with this number first, then those citing it.

        Whoosh's Prefix query scores a constant 1.0, so the prefix is
        expanded to the real terms, which take boosts."""
        r = self.searcher().reader()
        terms = [Q.Term("number_key", t, boost=query_mod.B_NUMBER)
                 for t in _decoded(r.expand_prefix("number_key", key), 50)]
        terms += [Q.Term("cites_key", t, boost=query_mod.B_WORD)
                  for t in _decoded(r.expand_prefix("cites_key", key), 50)]
        if not terms:
            return q
        return Q.Or(terms + ([q] if q is not None else []))

    def _number_hits(self, number: str) -> list[dict]:
        """Documents whose own number matches a number typed as the query."""
        from .query import number_in_query

        found = number_in_query(number)
        if not found:
            return []
        res = self.searcher().search(
            Q.And([Q.Term("record", "doc"), Q.Prefix("number_key", found[1])]), limit=10)
        return [_brief(json.loads(h["data"])) for h in res]

    def _hit(self, stored: dict, data: dict, score, terms: set[str], parsed, formatter, record: str,
             snippet_chars: int) -> dict:
        """One result: its stored fields and data, its relevance score (None
        when sorted by date), the terms to mark in its snippet."""
        snippet = ""
        body = stored.get("body") or ""
        if body:
            snippet = make_snippet(body, terms, formatter, snippet_chars)
        date = data.get("date")
        base = {
            "id": stored["id"],
            "title": stored.get("title") or data.get("title") or data.get("name"),
            "date": date,
            "path": data.get("path"),
            "doc_type": data.get("doc_type"),
            "number": data.get("number"),
            "districts": data.get("districts") or ([data["district"]] if data.get("district") else []),
            "fields": data.get("fields") or ([data["field"]] if data.get("field") else []),
            "snippet": snippet,
            "score": round(score, 3) if score is not None else None,
        }
        if record == "model":
            base.update({
                "name": data.get("name"), "kind": data.get("kind"), "district": data.get("district"),
                "field": data.get("field"), "year": data.get("year"), "key": data.get("key"),
                "document_id": data.get("document_id"), "document_title": data.get("document_title"),
            })
        else:
            base.update({"source": data.get("source"), "author": data.get("author"),
                         "years": data.get("years") or [], "ocr": bool(data.get("ocr_pages"))})
        return base

    def facets(self, user_q: Q.Query, flt: Q.Query, record: str = "doc") -> dict:
        """Counts of each facet value among the documents matching `user_q`
        within `flt` (a document counts once for each of its values)."""
        s = self.searcher()
        try:
            engine = self.engine(s)
            mask = self._filter_mask(s, engine, flt)
            if not isinstance(user_q, Q.Every):
                mask = mask & engine.run(s, user_q, scored=False)[0]
            return self._facet_counts(s, mask, record)
        except Unsupported:
            return self._facet_counts(s, self._matching(s, user_q, self._docset(s, flt)), record)

    # -- per-generation caches: filter documents, facet values' documents -------
    _CACHED_SETS = 48                 # filter docsets kept per process
    _CACHED_MEMBERS = 1_500_000       # ... and their total size (ints)

    def _cache(self, s) -> dict:
        """The cache of the searcher's index generation (a new generation
        starts an empty one: document numbers change with every commit)."""
        gen = s.reader().generation()
        with self._lock:
            cache = getattr(self, "_gen_cache", None)
            if cache is None or cache["gen"] != gen:
                cache = self._gen_cache = {"gen": gen, "sets": {}, "members": 0}
            return cache

    def _docset(self, s, q: Q.Query) -> set:
        """The (non-deleted) document numbers matching `q`, cached."""
        cache = self._cache(s)
        key = repr(q)
        found = cache["sets"].get(key)
        if found is not None:
            return found
        docs = set(s.docs_for_query(q))  # a set: Whoosh takes no frozenset as a filter; never changed
        with self._lock:
            sets = cache["sets"]
            while sets and (len(sets) >= self._CACHED_SETS or cache["members"] + len(docs) > self._CACHED_MEMBERS):
                old = sets.pop(next(iter(sets)))  # the oldest entry
                cache["members"] -= len(old)
            if len(docs) <= self._CACHED_MEMBERS:
                sets[key] = docs
                cache["members"] += len(docs)
        return docs

    @staticmethod
    def _page_and_matches(s, user_q: Q.Query, allowed: set, limit: int, sortedby):
        """(results: the first `limit` hits with their matched terms, the set
        of every matching document in `allowed`), from one pass.

        Scored: Whoosh's TopCollector without its block-quality skipping and
        matcher replacement (optimize=False, replace=0: on these queries
        the skipping costs more than it saves, and without them every match
        is visited, so collected here). Sorted: Whoosh's SortingCollector,
        which keeps that set itself."""
        if not allowed:
            return [], set()  # (an empty filter set would mean "no filter" to Whoosh)
        if sortedby is not None:
            base = collectors.SortingCollector(sortedby, limit=limit)
        else:
            base = _TopAndAll(limit, usequality=False, replace=0)
        # as Whoosh composes them: the filter outermost, so it sees the documents first
        c = collectors.FilterCollector(collectors.TermsCollector(base), allow=allowed)
        s.search_with_collector(user_q, c)
        return c.results(), base.docset

    def _matching(self, s, user_q: Q.Query, allowed: set) -> set:
        if isinstance(user_q, Q.Every):
            return allowed
        return allowed.intersection(s.docs_for_query(user_q))

    _FACET_FIELDS = tuple(dict.fromkeys(list(FACETS.values()) + list(MODEL_FACETS.values())))

    def _doc_values(self, s) -> list:
        """Document number -> its facet values, ((field, value), ...), cached
        per generation (built from the facet fields' postings)."""
        cache = self._cache(s)
        found = cache.get("doc_values")
        if found is None:
            r = s.reader()
            lists: list = [() for _ in range(r.doc_count_all())]
            for fieldname in self._FACET_FIELDS:
                for term in r.lexicon(fieldname):
                    value = term.decode("utf-8") if isinstance(term, bytes) else term
                    key = (fieldname, value)
                    for docnum in r.postings(fieldname, term).all_ids():
                        lists[docnum] += (key,)
            cache["doc_values"] = found = lists
        return found

    _CACHED_FACETS = 512

    def _cached_facets(self, s, user_q: Q.Query, flt: Q.Query, matching: set, record: str) -> dict:
        """:meth:`_facet_counts`, remembered per (query, filter) in this index
        generation: a repeated search (the landing page, a popular query,
        the next page of results) does not count again."""
        cache = self._cache(s).setdefault("facets", {})
        key = (repr(user_q), repr(flt), record)
        found = cache.get(key)
        if found is None:
            found = self._facet_counts(s, matching, record)
            with self._lock:
                if len(cache) >= self._CACHED_FACETS:
                    cache.pop(next(iter(cache)))
                cache[key] = found
        return copy.deepcopy(found)

    def _facet_counts(self, s, matching, record: str) -> dict:
        """Counts of each facet value among `matching` (a set of document
        numbers or a mask; a document counts once for each of its values),
        sorted as the API shows them."""
        names = FACETS if record == "doc" else MODEL_FACETS
        counts = Counter()
        if isinstance(matching, np.ndarray):  # a mask, from the engine
            engine, r = self.engine(s), s.reader()
            for fieldname in names.values():
                counts.update({(fieldname, v): c for v, c in engine.facet_counts(r, fieldname, matching).items()})
        elif matching:
            counts.update(chain.from_iterable(map(self._doc_values(s).__getitem__, matching)))
        out = {}
        for name, fieldname in names.items():
            items = [{"value": int(v) if name == "year" else v, "count": c}
                     for (f, v), c in counts.items() if f == fieldname and v not in (None, "")]
            if name == "year":
                items.sort(key=lambda x: -x["value"])
            else:
                items.sort(key=lambda x: (-x["count"], str(x["value"])))
            out[name] = items
        return out

    def export(self, q: str = "", filters: Filters | None = None, *, sort: str = "relevance",
               record: str = "model", limit: int = 20000) -> list[dict]:
        """Every matching record's stored data (at most `limit`), for CSV
        exports: no snippets, no facets, one search."""
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not '{sort}'")
        parsed, _, _ = self._parse_or_plain(q)
        flt = self._filter(record, filters or Filters())
        if parsed.number_key:
            parsed.query = self._with_number(parsed.query, parsed.number_key)
        sortedby = None
        if sort == "newest" or (sort == "relevance" and parsed.query is None):
            sortedby = sorting.FieldFacet("date", reverse=True)
        elif sort == "oldest":
            sortedby = sorting.FieldFacet("date")
        res = self.searcher().search(parsed.query if parsed.query is not None else Q.Every(),
                                     filter=flt, limit=limit, sortedby=sortedby)
        return [json.loads(h["data"]) | {"id": h["id"]} for h in res]

    def highlight(self, text: str, q: str) -> tuple[str, int]:
        """The whole `text`, HTML-escaped, with each occurrence of the query's
        words and phrases in <mark id="hit-N">: (html, number of marks).

        A word of several syllables is marked only where its syllables stand
        together ("mô hình" does not mark the "hình" of "điển hình"); a
        syllable typed without diacritics matches any tone ("hoa" marks
        "Hòa"). For a document page."""
        if not q or not q.strip():
            return str(escape(text)), 0
        try:
            parsed, _, _ = self._parse_or_plain(q)
        except QueryError:
            return str(escape(text)), 0
        phrases = {tuple(s.lower() for s in p) for p in parsed.highlight_phrases if p}
        if not phrases:
            return str(escape(text)), 0
        by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        for p in sorted(phrases, key=len, reverse=True):  # longest first
            loose = not any(has_diacritics(s) for s in p)
            key = fold(p[0]) if loose else p[0]
            by_first.setdefault(key, []).append((p if not loose else tuple(fold(s) for s in p), loose))
        tokens = list(_SYLLABLE_RE.finditer(text))
        words = [m.group(0).lower() for m in tokens]
        folded = [fold(w) for w in words]
        out, pos, n, i = [], 0, 0, 0
        while i < len(tokens):
            span = 0
            for p, loose in by_first.get(words[i], []) + by_first.get(folded[i], []):
                seq = folded if loose else words
                if tuple(seq[i:i + len(p)]) == p and not any(
                        "\n" in text[tokens[k].end():tokens[k + 1].start()] for k in range(i, i + len(p) - 1)):
                    span = len(p)  # a phrase never runs across a line break
                    break
            if not span:
                i += 1
                continue
            start, end = tokens[i].start(), tokens[i + span - 1].end()
            out.append(str(escape(text[pos:start])))
            n += 1
            out.append(f'<mark id="hit-{n}">{escape(text[start:end])}</mark>')
            pos = end
            i += span
        out.append(str(escape(text[pos:])))
        return "".join(out), n

    # -- suggestions ------------------------------------------------------------
    def restore_diacritics(self, text: str) -> str | None:
        """"hoa binh" -> "Hòa Bình": the most frequent accented form of each
        syllable pair/syllable in the index vocabulary."""
        sylls = [s for s in fold(text).split() if s]
        if not sylls or len(sylls) > 8:
            return None
        r = self.searcher().reader()
        out = []
        for syl in sylls:
            best, best_freq = syl, 0
            for cand in self._accented_forms(syl):
                freq = r.doc_frequency("body", cand)
                if freq > best_freq:
                    best, best_freq = cand, freq
            out.append(best)
        # prefer a pair-wise reading when the pair exists in the bi-word field
        for i in range(len(sylls) - 1):
            best, best_freq = None, 0
            for a in self._accented_forms(sylls[i]):
                for b in self._accented_forms(sylls[i + 1]):
                    freq = r.doc_frequency("body_bi", f"{a}_{b}")
                    if freq > best_freq:
                        best, best_freq = (a, b), freq
            if best:
                out[i], out[i + 1] = best
        restored = " ".join(out)
        return restored if restored != " ".join(sylls) else None

    def _accented_forms(self, folded_syllable: str) -> list[str]:
        """The spellings in the index of a syllable typed without diacritics."""
        s = self.searcher()
        return self.engine(s).accented_forms(s.reader(), "body").get(folded_syllable, [])[:12]

    def suggest(self, text: str) -> list[str]:
        """Spelling suggestions for a query that found nothing."""
        if not text.strip():
            return []
        out = []
        restored = self.restore_diacritics(text) if not has_diacritics(text) else None
        if restored:
            out.append(restored)
        r = self.searcher().reader()
        corrected = []
        changed = False
        for syl in normalize(text).lower().split()[:8]:
            # only syllables of letters are spelled: not numbers, document
            # numbers or abbreviations with "/" and "-"
            if len(syl) > _MAX_SPELLED or not _LETTERS_RE.fullmatch(syl) or r.doc_frequency("body", syl) > 0:
                corrected.append(syl)
                continue
            best = self._spell(syl)
            if best:
                corrected.append(best)
                changed = True
            else:
                corrected.append(syl)
        if changed:
            fixed = " ".join(corrected)
            if fixed not in out:
                out.append(fixed)
        return out

    def _spell(self, syllable: str) -> str | None:
        """The index's closest spelling of a syllable it does not hold: the
        syllables one letter edit away once diacritics are set aside (so
        any tone or vowel mark may differ too), closest to what was typed
        (diacritics counted), then the most frequent. In memory: Whoosh's own corrector walks the term
        file on disk (hundreds of milliseconds per syllable)."""
        s = self.searcher()
        r = s.reader()
        forms = self.engine(s).accented_forms(r, "body")
        folded = fold(syllable)
        found = {e for e in _edits(folded) if e in forms}
        candidates = [t for f in found for t in forms[f] if t != syllable]
        if not candidates:
            return None
        return min(candidates, key=lambda t: (_distance(t, syllable), -r.doc_frequency("body", t), t))

    # -- documents --------------------------------------------------------------
    def document(self, doc_id: str) -> dict | None:
        fields = self.searcher().document(id=doc_id, record="doc")
        return json.loads(fields["data"]) if fields else None

    def models_of(self, doc_id: str) -> list[dict]:
        return [json.loads(f["data"]) for f in self.searcher().documents(document_id=doc_id, record="model")]

    def cited_by(self, doc: dict, limit: int = 50) -> list[dict]:
        """Documents whose text cites this document's number."""
        from ..vietnamese.docnumbers import number_key

        if not doc.get("number"):
            return []
        s = self.searcher()
        res = s.search(Q.And([Q.Term("record", "doc"), Q.Term("cites_key", number_key(doc["number"]))]),
                       limit=limit, sortedby=sorting.FieldFacet("date"))
        return [_brief(json.loads(h["data"])) for h in res]

    def cites(self, doc: dict) -> list[dict]:
        """The cited documents that are in the index (and the numbers that are not)."""
        from ..vietnamese.docnumbers import number_key

        out = []
        s = self.searcher()
        for number in doc.get("citations") or []:
            hit = s.document(number_key=number_key(number), record="doc")
            out.append({"number": number, "document": _brief(json.loads(hit["data"])) if hit else None})
        return out

    def similar(self, doc_id: str, limit: int = 5) -> list[dict]:
        s = self.searcher()
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return []
        res = s.more_like(docnum, "body", top=limit + 1, numterms=20,
                          filter=Q.Term("record", "doc"))
        return [_brief(json.loads(h["data"])) for h in res if h["id"] != doc_id][:limit]

    def trail(self, key: str) -> dict:
        """A model and every document that mentions it, in date order."""
        s = self.searcher()
        models = [json.loads(f["data"]) for f in s.documents(model_key=key, record="model")]
        if not models:
            return {"key": key, "models": [], "documents": []}
        name_sylls = key.split()
        # documents that name it (folded phrase) or record it as a model
        q = Q.Or([Q.Phrase("body_f", name_sylls), Q.Phrase("title_f", name_sylls), Q.Term("model_key", key)]) \
            if len(name_sylls) > 1 else Q.Term("body_f", key)
        res = s.search(q, filter=Q.Term("record", "doc"), limit=200, sortedby=sorting.FieldFacet("date"))
        docs = [_brief(json.loads(h["data"])) for h in res]
        return {"key": key, "name": models[0].get("name"), "models": models, "documents": docs}

    def overview(self) -> dict:
        """Corpus size, last ingest, facets of everything, newest documents
        (computed once per index generation)."""
        s = self.searcher()
        cache = self._cache(s)
        found = cache.get("overview")
        if found is None:
            engine = self.engine(s)
            docs = self._filter_mask(s, engine, self._filter("doc", Filters()))
            models = self._filter_mask(s, engine, self._filter("model", Filters()))
            newest = self._search_columns(s, Q.Every(), self._filter("doc", Filters()), "newest", 0, 8,
                                          parse("", self.abbreviations(), {}), "doc", 0)[1]
            found = {
                "documents": int(docs.sum()),
                "models": int(models.sum()),
                "last_ingest": self.meta().get("last_ingest"),
                "facets": self._facet_counts(s, docs, "doc"),
                "newest": [{k: h.get(k) for k in _BRIEF_KEYS} for h in newest],
            }
            cache["overview"] = found
        return copy.deepcopy(found)


def _decoded(terms, limit: int) -> list[str]:
    out = []
    for t in terms:
        out.append(t.decode("utf-8") if isinstance(t, bytes) else t)
        if len(out) >= limit:
            break
    return out


_BRIEF_KEYS = ("id", "title", "date", "doc_type", "number", "path", "districts", "fields", "source")


def _brief(doc: dict) -> dict:
    return {k: doc.get(k) for k in _BRIEF_KEYS}


def _dedupe(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for it in items:
        key = (it["from"], it["to"])
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


def _unknown(label: str, value: str, known: list[str]) -> str:
    shown = ", ".join(known[:25]) or "(none in this index)"
    return f"unknown {label} '{value}'; known values: {shown}"


class _TopAndAll(collectors.TopCollector):
    """Whoosh's TopCollector that also keeps the number of every document
    it is given (with usequality=False it is given every match)."""

    def _collect(self, global_docnum, score):
        self.docset.add(global_docnum)
        return collectors.TopCollector._collect(self, global_docnum, score)


class MarkFormatter(highlight.HtmlFormatter):
    """Escapes all text; wraps hits in a plain <mark> (one per request)."""

    def __init__(self):
        super().__init__(between="<span class=\"gap\"> … </span>")

    def format_token(self, text, token, replace=False):
        return "<mark>%s</mark>" % highlight.htmlescape(highlight.get_text(text, token, replace), quote=False)


def make_snippet(text: str, terms: set[str], formatter, chars: int = 240) -> str:
    """HTML-escaped fragments of `text` with <mark> around the terms.

    Whoosh's ContextFragmenter (maxchars=`chars`, surround=60) over the
    syllable tokens, the two best fragments (BasicFragmentScorer) in text
    order; :func:`_context_fragments` is that fragmenter without its
    per-token Token objects and generator chain (tests/test_bench_smoke.py
    compares both)."""
    lowered = {t.lower() for t in terms if t}
    if lowered:
        folded = {t for t in lowered if not has_diacritics(t)}  # typed without diacritics
        fragments = highlight.top_fragments(
            _context_fragments(text, lowered, folded, chars, 60, 200_000), 2,
            highlight.BasicFragmentScorer(), highlight.FIRST)
        if fragments:
            return formatter.format(fragments)
    head = text[:chars]
    return str(escape(head + ("…" if len(text) > chars else "")))


@lru_cache(maxsize=65536)
def _fold_syllable(word: str) -> str:
    return fold(word)


def _match_starts(text: str, lowered: set[str], folded: set[str]) -> set[int] | None:
    """Where the terms stand in `text`: the start offsets of the syllables
    equal to a term once lower-cased (or, for `folded`, also stripped of
    diacritics), by one regex pass each instead of a test per syllable.
    None when lower-casing changes the text's length (offsets would move)."""
    low = text.lower()
    if len(low) != len(text):
        return None
    starts: set[int] = set()
    for terms, haystack in ((lowered, low), (folded, strip_marks(low) if folded else "")):
        if terms and haystack:
            alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
            pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
            starts.update(m.start() for m in pattern.finditer(haystack))
    return starts


def _context_fragments(text: str, lowered: set[str], folded: set[str], maxchars: int, surround: int,
                       charlimit: int):
    """``ContextFragmenter(maxchars, surround, charlimit).fragment_tokens``
    over the syllable analyzer's tokens of `text`, a token matching when
    its lower-cased text is in `lowered` or its folded text in `folded`.

    Same state machine, but the runs of unmatched tokens outside a
    fragment are skipped: all they do there is keep the start of the
    earliest token within `surround` characters (``firsts[0]``)."""
    mkfrag = highlight.mkfrag
    tokens = list(_SYLLABLE_RE.finditer(text))
    starts = _match_starts(text, lowered, folded)
    if starts is not None:
        flags = [m.start() in starts for m in tokens]
    elif folded:
        flags = [(w := m.group(0).lower()) in lowered or _fold_syllable(w) in folded for m in tokens]
    else:
        flags = [m.group(0).lower() in lowered for m in tokens]
    n = len(tokens)
    if charlimit and len(text) > charlimit:
        for k, m in enumerate(tokens):
            if m.end() > charlimit:
                n = k  # the fragmenter stops before the first token past the limit
                break
    matched_at = [k for k in range(n) if flags[k]]
    if not matched_at:
        return
    first = None
    countdown = -1
    tks: list = []
    endchar = None
    currentlen = 0
    base = 0         # first token after the last fragment (firsts was emptied there)
    nxt = 0          # index into matched_at
    i = 0
    while i < n:
        if countdown < 0:
            # outside a fragment: jump to the next matched token
            while nxt < len(matched_at) and matched_at[nxt] < i:
                nxt += 1
            if nxt == len(matched_at):
                i = n
                break
            k = matched_at[nxt]
            # firsts[0]: the earliest token in [base, k) with end(k-1) - start <= surround
            firsts0 = None
            if k > base:
                limit_end = tokens[k - 1].end()
                j = k - 1
                while j >= base and limit_end - tokens[j].start() <= surround:
                    j -= 1
                if j + 1 <= k - 1:
                    firsts0 = tokens[j + 1].start()
            i = k
        m = tokens[i]
        startchar, endchar = m.span()
        tlength = endchar - startchar
        matched = flags[i]
        if countdown < 0 and not matched:  # pragma: no cover - skipped above
            pass
        elif currentlen + tlength > maxchars:
            countdown = 0
        elif matched:
            outside = countdown < 0
            countdown = surround
            if first is None:
                if outside and firsts0 is not None:
                    first = firsts0
                else:  # nothing before it since the last fragment
                    first = startchar
                    countdown += surround
            tks.append(Token(text=m.group(0).lower(), startchar=startchar, endchar=endchar, matched=True))
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                first = None
                currentlen = 0
                base = i + 1
        i += 1
    if tks:
        # the fragmenter's last endchar: the token it stopped before, else the last token
        last = tokens[n] if n < len(tokens) else tokens[-1]
        yield mkfrag(text, tks, startchar=first, endchar=last.end())


__all__ = ["Filters", "QueryError", "SearchIndex", "SORTS", "make_snippet"]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits(word: str) -> set[str]:
    """Strings one letter edit (delete, swap, replace, insert) from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS})


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short strings: syllables)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
