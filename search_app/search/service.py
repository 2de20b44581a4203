"""Searching an index: what the CLI and the web app call.

:class:`SearchService` reads one index directory through the backend seam
(:mod:`ingest.index.backend`): each thread gets its own snapshot, refreshed
after an ingest commits. It parses the query language (:mod:`.language`),
applies filters (:mod:`.filters`), orders a page of hits (:mod:`.hits`),
counts facets (:mod:`.facets`), writes snippets (:mod:`.snippets`), makes
suggestions (:mod:`.suggest`) and gathers what surrounds one document
(:mod:`.documents`). Answers are cached per index generation.
"""
from __future__ import annotations

import copy
import json
import re
import threading
import time

import numpy as np

from ingest.errors import QueryError, QuerySyntaxError
from ingest.index import tree as T
from ingest.index.backend import Snapshot
from ingest.index.schema import FACET_FIELDS
from ingest.index.store import Store
from ingest.vietnamese import has_diacritics, normalize
from ingest.vietnamese.abbreviations import curated

from . import documents as D
from . import groups as G
from . import interpret, language, wordquery
from . import numbers as N
from . import suggest as S
from .facets import facet_counts
from .filters import Filters, filter_tree
from .hits import BRIEF_KEYS, SORTS, brief, data_of, hit, ordered
from .snippets import highlight as highlight_text
from .snippets import make_snippet

MAX_PER_PAGE = 100
BY = ("mention", "model")        # model records one per mention, or one per model
MAX_PAGE = 1000
VALUE_FIELDS = ("districts", "fields", "doc_type", "source", "model_kind")   # validated filter values


class SearchService:
    """Read-only searches of one index directory."""

    _CACHED_RESPONSES = 256
    _CACHED_MASKS = 48
    _CACHED_FACETS = 512

    def __init__(self, index_dir, known_values: dict[str, list[str]] | None = None):
        """`known_values`: valid filter values beyond those in the index
        (index field name -> values, e.g. every district of the province), so
        that a valid district with no documents filters to nothing instead of
        being rejected as unknown."""
        self.known_values = known_values or {}
        self.store = Store(index_dir)
        self.store.check()
        self._lock = threading.Lock()
        self._gen_cache: dict | None = None

    # -- the index as of now -----------------------------------------------------
    def snapshot(self) -> Snapshot:
        """This thread's snapshot, refreshed when the index has changed."""
        return self.store.backend.snapshot()

    def generation(self) -> int:
        return self.snapshot().generation

    def _cache(self, snap: Snapshot) -> dict:
        """The cache of the snapshot's generation (a new generation starts
        an empty one: document numbers change with every commit)."""
        with self._lock:
            cache = self._gen_cache
            if cache is None or cache["gen"] != snap.generation:
                cache = self._gen_cache = {"gen": snap.generation}
            return cache

    def _cached(self, snap: Snapshot, name: str, build):
        cache = self._cache(snap)
        found = cache.get(name)
        if found is None:
            found = build()
            with self._lock:
                found = cache.setdefault(name, found)
        return found

    def meta(self) -> dict:
        return self._cached(self.snapshot(), "meta", self.store.read_meta)

    def abbreviations(self):
        """The curated abbreviations and those learned from the documents
        (merged once per index generation)."""
        return self._cached(self.snapshot(), "abbreviations",
                            lambda: curated().merged(self.meta().get("abbreviations") or {}))

    def field_values(self) -> dict[str, list[str]]:
        """Known values of the keyword fields in the index (for filter validation)."""
        snap = self.snapshot()
        return self._cached(snap, "values", lambda: {name: snap.lexicon(name) for name in VALUE_FIELDS})

    def valid_values(self) -> dict[str, list[str]]:
        """Filter values accepted: those in the index, then the known ones."""
        values = self.field_values()
        out = {}
        for name in set(values) | set(self.known_values):
            have = values.get(name, [])
            out[name] = have + [v for v in self.known_values.get(name, []) if v not in have]
        return out

    def warm(self) -> None:
        """Load what every search uses (field lengths, facet columns, the
        vocabulary maps, dates) before the first request."""
        snap = self.snapshot()
        snap.warm(facets=FACET_FIELDS)
        for name in G.COLUMNS:          # what grouping models by model reads
            snap.value_column(name)
        for record in ("doc", "model"):
            self._filter_mask(snap, filter_tree(record, Filters(), self.valid_values()))

    # -- the query ---------------------------------------------------------------
    def _parse_or_plain(self, q: str, snap: Snapshot | None = None):
        """(parsed query, plain words or None, parse error or None).

        A query whose syntax cannot be read (parentheses nested too deep) is
        searched again as plain words. A query too long or with too many
        words, or a filter inside it with an unknown value
        (``district:Atlantis``), stays an error that says what to change."""
        frequency = (snap or self.snapshot()).doc_frequency
        try:
            return language.parse(q, self.abbreviations(), self.valid_values(), frequency), None, None
        except QuerySyntaxError as exc:
            if len(q or "") > language.MAX_QUERY_CHARS:
                raise
            plain = language.plain_words(q)
            return language.parse(plain, self.abbreviations(), self.valid_values(), frequency), plain, str(exc)

    def _query(self, snap: Snapshot, q: str, filters: Filters, record: str):
        """(parsed, plain words or None, parse error or None, query tree, filter tree)."""
        parsed, read_as, parse_error = self._parse_or_plain(q, snap)
        flt = filter_tree(record, filters, self.valid_values())
        if parsed.number_key:
            parsed.query = N.with_number(snap, parsed.query, parsed.number_key)
        return parsed, read_as, parse_error, flt

    def _filter_mask(self, snap: Snapshot, flt: T.Node) -> np.ndarray:
        """The records a filter allows, as a mask, cached per generation."""
        masks = self._cache(snap).setdefault("masks", {})
        found = masks.get(flt)
        if found is None:
            found, _ = snap.run(flt, scored=False)
            with self._lock:
                if len(masks) >= self._CACHED_MASKS:
                    masks.pop(next(iter(masks)))
                masks[flt] = found
        return found

    def _matches(self, snap: Snapshot, query: T.Node | None, flt: T.Node, scored: bool):
        """(mask, scores or None) of the query within the filter."""
        allowed = self._filter_mask(snap, flt)
        if query is None:
            return allowed, None
        mask, score = snap.run(query, scored=scored)
        return mask & allowed, score

    # -- search --------------------------------------------------------------------
    def search(self, q: str = "", filters: Filters | None = None, *, sort: str = "relevance",
               page: int = 1, per_page: int = 20, record: str = "doc", facets: bool = True,
               snippet_chars: int = 240, literal: bool = False, skip: tuple[str, ...] = (),
               by: str = "mention") -> dict:
        """One page of results. A query naming a district, a year, a field
        or a type in ordinary words is first read so (``interpreted``; not
        with `literal`; `skip` kinds left as words), then as typed. The
        plain words go down a ladder until something is found: exact
        diacritics above folded (``rung`` "exact" or "folded"); a spelling
        correction with results (``corrected``, rung "corrected"; not with
        `literal`); the best partial matches (rung "partial"). A pasted
        text is read as "more like this" (rung "similar"). Model records
        come one per mention, or with `by` "model" one per model
        (:mod:`.groups`: its mentions, documents, first and last year)."""
        started = time.perf_counter()
        filters = filters or Filters()
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not '{sort}'")
        if not 1 <= page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}")
        if by not in BY:
            raise QueryError(f"by must be one of {', '.join(BY)}, not '{str(by)[:40]}'")
        grouped = record == "model" and by == "model"
        snap = self.snapshot()
        # the same request again in this index generation: the same answer
        # (keyed by everything the answer depends on; the learned
        # abbreviations and filter values change only with the generation)
        key = (q, repr(filters), sort, page, per_page, record, facets, snippet_chars, literal, tuple(skip), grouped)
        responses = self._cache(snap).setdefault("responses", {})
        cached = responses.get(key)
        if cached is not None:
            out = copy.deepcopy(cached)
            out["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
            return out
        found: dict = {}

        def matches(tree, flt):
            if (tree, flt) not in found:
                found[(tree, flt)] = self._matches(snap, tree, flt, scored=scored)
            return bool(found[(tree, flt)][0].any())
        scored = sort == "relevance"
        reading = self._read(snap, q, filters, record, literal, matches, tuple(skip))
        parsed, read_as, parse_error, flt, rung, corrected, chips = reading
        order = "newest" if sort == "relevance" and parsed.query is None else sort
        if order != sort:
            mask, score = self._matches(snap, parsed.query, flt, scored=False)
        else:
            mask, score = found[(parsed.query, flt)]
        if grouped:
            models = G.groups(snap, mask, score, sort)
            total = len(models)
            hits = G.rows(snap, models[(page - 1) * per_page: page * per_page])
            for h in hits:
                h["snippet"] = make_snippet(h["snippet"], parsed.highlight_terms, snippet_chars)
        else:
            total = int(mask.sum())
            page_docs = ordered(snap, mask, score, order, (page - 1) * per_page, per_page)
            hits = []
            for docnum in page_docs.tolist():
                stored = snap.stored(docnum)
                hit_score = float(score[docnum]) if score is not None else None
                hits.append(hit(stored, json.loads(stored["data"]), hit_score, parsed.highlight_terms, record,
                                snippet_chars))
        out = {
            "query": q,
            "total": total,
            "page": page,
            "per_page": per_page,
            "pages": max(1, -(-total // per_page)),
            "sort": sort,
            **({"by": by} if record == "model" else {}),
            "results": hits,
            "expansions": _dedupe(parsed.expansions),
        }
        out["rung"] = rung or self._rung(snap, parsed, mask)
        if corrected:
            out["corrected"] = corrected
        out["interpreted"] = [c.as_dict() for c in chips]
        if read_as is not None:
            # the query could not be parsed: it was searched as plain words
            out["read_as"] = read_as
            out["parse_error"] = parse_error
        if parsed.number:
            out["number"] = parsed.number
            out["number_hits"] = N.number_hits(snap, parsed.number)
        if facets:
            out["facets"] = G.facet_counts(snap, models) if grouped else \
                self._cached_facets(snap, parsed.query, flt, mask, record)
        suggestions = [] if corrected or chips else \
            self._suggestions(snap, parsed, total == 0 or rung == "partial", filters, record)
        if suggestions:
            out["suggestions"] = suggestions
        with self._lock:
            if len(responses) >= self._CACHED_RESPONSES:
                responses.pop(next(iter(responses)))
            responses[key] = copy.deepcopy(out)
        out["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return out

    def _read(self, snap: Snapshot, q: str, filters: Filters, record: str, literal: bool, matches,
              skip: tuple[str, ...] = ()):
        """How a query is read: (parsed, read_as, parse_error, filter tree,
        rung or None, corrected or None, chips). First its natural reading
        (:mod:`.interpret`: "ở Cao Phong năm 2019" as filters), unless
        `literal`, or it finds only partial matches where the words as
        typed find them all ("Euro 2020" is no year filter); then as typed.
        Each goes down the ladder of :meth:`_ladder`. `matches(tree, filter tree)` says whether
        a tree finds anything (the engine here; Whoosh in the test oracle);
        the final tree is ``parsed.query``."""
        natural = None if literal else interpret.read(q, skip)
        found = None
        if natural is not None:
            try:
                found = self._ladder(snap, natural.text, natural.filters(filters), record, False, matches,
                                     natural.boosts, shown=q)
            except QueryError:
                found = None
            if found and found[-1] and found[4] != "partial":
                return found[:-1] + (natural.chips,)
        as_typed = self._ladder(snap, q, filters, record, literal, matches, [], shown=q)
        if found and found[-1] and (not as_typed[-1] or as_typed[4] == "partial"):
            return found[:-1] + (natural.chips,)     # both partial: the natural reading's
        return as_typed[:-1] + ([],)

    def _ladder(self, snap: Snapshot, q: str, filters: Filters, record: str, literal: bool, matches,
                boosts: list[T.Node], shown: str):
        """The words as typed, exact diacritics above folded; else a spelling
        correction with results (not when `literal`); else the best partial
        matches. (parsed, read_as, parse_error, filter tree, rung, corrected,
        found anything)."""
        def query(text):
            parsed, read_as, parse_error, flt = self._query(snap, text, filters, record)
            if boosts:
                parsed.boosts = list(boosts)
                extra = T.Or([T.Every(0.0), *boosts])
                parsed.query = extra if parsed.query is None else T.And([parsed.query, extra])
            return parsed, read_as, parse_error, flt
        parsed, read_as, parse_error, flt = query(q)
        rung = corrected = None
        hit = matches(parsed.query, flt)
        if not literal and parsed.free_text and not parsed.number and not _similar(parsed):
            fixes = {**S.variant(snap, parsed.free_text, accented_only=True),
                     **S.correction(snap, parsed.free_text, nothing_found=not hit)}
            fixed_q = _apply(q, fixes)
            if fixed_q != q:
                fixed = query(fixed_q)
                if matches(fixed[0].query, fixed[3]):
                    (parsed, read_as, parse_error, flt), hit = fixed, True
                    rung, corrected = "corrected", {"from": shown, "to": _apply(shown, fixes)}
        if not hit and (tree := self._partial(parsed)) is not None and matches(tree, flt):
            parsed.query, rung, hit = tree, "partial", True
        return parsed, read_as, parse_error, flt, rung, corrected, hit

    def _suggestions(self, snap: Snapshot, parsed, missing: bool, filters: Filters, record: str) -> list[str]:
        """Other spellings of the words, each only if it finds something
        (`missing`: no result holds all the words)."""
        text = parsed.free_text
        if not text or parsed.number or _similar(parsed):
            return []
        if missing:
            found = S.suggest(snap, text)
        elif not has_diacritics(text):
            found = [S.restore_diacritics(snap, text)]
        else:
            found = [S.respell(text, S.variant(snap, text))]
        out = []
        for s in found:
            if not s:
                continue
            s = S.recase(text, s)
            if s.lower() == text.lower() or s in out:
                continue
            try:
                p = self._query(snap, s, filters, record)
            except QueryError:
                continue
            if self._matches(snap, p[0].query, p[3], scored=False)[0].any():
                out.append(s)
        return out[:3]

    @staticmethod
    def _partial(parsed) -> T.Node | None:
        """The partial-match tree of a query of plain words only."""
        if len(parsed.word_queries) != 1:
            return None
        node = parsed.word_queries[0].node
        extra = T.Or([T.Every(0.0), *parsed.boosts]) if parsed.boosts else None
        if parsed.query is not node and not (extra and parsed.query == T.And([node, extra])):
            return None
        tree = wordquery.partial(parsed.word_queries[0])
        return tree if tree is None or extra is None else T.And([tree, extra])

    @staticmethod
    def _rung(snap: Snapshot, parsed, mask: np.ndarray) -> str:
        """How the plain words matched: "similar" (a long text read as more
        like this), "exact" (some result has every required syllable as
        typed), "folded" (only with other diacritics), "none"."""
        if any(wq.similar for wq in parsed.word_queries):
            return "similar"
        if not mask.any():
            return "none"
        exact = [n for wq in parsed.word_queries for n in wq.exact]
        if not exact:
            return "exact"
        found, _ = snap.run(T.And(exact) if len(exact) > 1 else exact[0], scored=False)
        return "exact" if (found & mask).any() else "folded"

    def _cached_facets(self, snap: Snapshot, query: T.Node | None, flt: T.Node, mask: np.ndarray,
                       record: str) -> dict:
        """Facet counts, remembered per (query, filter) in this generation: a
        repeated search (the landing page, a popular query, the next page of
        results) does not count again."""
        cache = self._cache(snap).setdefault("facets", {})
        key = (query, flt, record)
        found = cache.get(key)
        if found is None:
            found = facet_counts(snap, mask, record)
            with self._lock:
                if len(cache) >= self._CACHED_FACETS:
                    cache.pop(next(iter(cache)))
                cache[key] = found
        return copy.deepcopy(found)

    def export(self, q: str = "", filters: Filters | None = None, *, sort: str = "relevance",
               record: str = "model", limit: int = 20000, literal: bool = False,
               skip: tuple[str, ...] = (), by: str = "mention") -> list[dict]:
        """Every matching record's stored data (at most `limit`), in the
        order of the search's pages, for CSV exports: no snippets, no facets;
        with `by` "model" one row per model (:func:`.groups.rows`)."""
        if by not in BY:
            raise QueryError(f"by must be one of {', '.join(BY)}, not '{str(by)[:40]}'")
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not '{sort}'")
        snap = self.snapshot()
        parsed, _, _, flt, _, _, _ = self._read(snap, q, filters or Filters(), record, literal,
                                                lambda tree, f: bool(self._matches(snap, tree, f, False)[0].any()),
                                                tuple(skip))
        order = "newest" if sort == "relevance" and parsed.query is None else sort
        mask, score = self._matches(snap, parsed.query, flt, scored=order == "relevance")
        if record == "model" and by == "model":
            return G.rows(snap, G.groups(snap, mask, score, sort)[:limit])
        rows = []
        for d in ordered(snap, mask, score, order, 0, limit).tolist():
            stored = snap.stored(d)
            rows.append(json.loads(stored["data"]) | {"id": stored["id"]})
        return rows

    def highlight(self, text: str, q: str) -> tuple[str, int]:
        """The whole `text`, HTML-escaped, with the query's words and
        phrases in <mark id="hit-N">: (html, number of marks)."""
        phrases: set[tuple[str, ...]] = set()
        if q and q.strip():
            try:
                parsed, _, _ = self._parse_or_plain(q)
                phrases = {tuple(s.lower() for s in p) for p in parsed.highlight_phrases if p}
            except QueryError:
                pass
        return highlight_text(text, phrases)

    # -- suggestions ----------------------------------------------------------------
    def restore_diacritics(self, text: str) -> str | None:
        return S.restore_diacritics(self.snapshot(), text)

    def suggest(self, text: str) -> list[str]:
        return S.suggest(self.snapshot(), text)

    # -- documents ---------------------------------------------------------------------
    def document(self, doc_id: str) -> dict | None:
        return D.document(self.snapshot(), doc_id)

    def models_of(self, doc_id: str) -> list[dict]:
        return D.models_of(self.snapshot(), doc_id)

    def cited_by(self, doc: dict, limit: int = 50) -> list[dict]:
        return D.cited_by(self.snapshot(), doc, limit)

    def cites(self, doc: dict) -> list[dict]:
        return D.cites(self.snapshot(), doc)

    def similar(self, doc_id: str, limit: int = 5) -> list[dict]:
        return D.similar(self.snapshot(), doc_id, limit)

    def trail(self, key: str, district: str | None = None) -> dict:
        return D.trail(self.snapshot(), key, district)

    def overview(self) -> dict:
        """Corpus size, last ingest, facets of everything, newest documents
        (computed once per index generation)."""
        snap = self.snapshot()

        def build():
            values = self.valid_values()
            docs = self._filter_mask(snap, filter_tree("doc", Filters(), values))
            models = self._filter_mask(snap, filter_tree("model", Filters(), values))
            newest = [brief(data_of(snap, d)) for d in ordered(snap, docs, None, "newest", 0, 8).tolist()]
            return {
                "documents": int(docs.sum()),
                "models": int(models.sum()),
                "last_ingest": self.meta().get("last_ingest"),
                "facets": facet_counts(snap, docs, "doc"),
                "newest": [{k: h.get(k) for k in BRIEF_KEYS} for h in newest],
            }
        return copy.deepcopy(self._cached(snap, "overview", build))


def _similar(parsed) -> bool:
    return any(wq.similar for wq in parsed.word_queries)


def _apply(q: str, fixes: dict[str, str]) -> str:
    """The query with each corrected syllable replaced, in its letter case."""
    if not fixes:
        return q
    q = normalize(q)
    for typed, fix in fixes.items():
        q = re.sub(rf"(?<![^\W_]){re.escape(typed)}(?![^\W_])", lambda m, fix=fix: S.recase(m.group(0), fix), q,
                   flags=re.IGNORECASE)
    return q


def _dedupe(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for it in items:
        key = (it["from"], it["to"])
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out
