"""A page of hits: matches ordered by score or date, each as the API shows it."""
from __future__ import annotations

import json

import numpy as np

from ingest.index.backend import MISSING, Snapshot

from .snippets import make_snippet

SORTS = ("relevance", "newest", "oldest")
BRIEF_KEYS = ("id", "title", "date", "doc_type", "number", "path", "districts", "fields", "source")


def ordered(snap: Snapshot, mask: np.ndarray, score: np.ndarray | None, order: str,
            offset: int = 0, limit: int | None = None) -> np.ndarray:
    """Document numbers of `mask`, best first (``relevance``: by score, ties
    by document number) or by date (``newest``/``oldest``; undated last),
    from `offset`, at most `limit`."""
    docs = np.flatnonzero(mask)
    total = len(docs)
    want = total if limit is None else min(total, offset + limit)
    if offset >= total:
        return docs[:0]
    if order == "relevance":
        scores = score[docs]
        if total > want:  # the best `want`, ties included, then exactly ordered
            kth = np.partition(scores, total - want)[total - want]
            keep = scores >= kth
            docs, scores = docs[keep], scores[keep]
        return docs[np.lexsort((docs, -scores))][offset:want]
    dates = snap.column("date")[docs]
    undated = dates == MISSING
    key = -dates if order == "newest" else dates
    return docs[np.lexsort((docs, key, undated))][offset:want]


def hit(stored: dict, data: dict, score: float | None, terms: set[str], record: str, snippet_chars: int) -> dict:
    """One result: its stored fields and data, its relevance score (None
    when sorted by date), the terms to mark in its snippet."""
    snippet = ""
    body = stored.get("body") or ""
    if body:
        snippet = make_snippet(body, terms, snippet_chars)
    base = {
        "id": stored["id"],
        "title": stored.get("title") or data.get("title") or data.get("name"),
        "date": data.get("date"),
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


def data_of(snap: Snapshot, docnum: int) -> dict:
    """A record's full JSON."""
    return json.loads(snap.stored(docnum)["data"])


def brief(doc: dict) -> dict:
    return {k: doc.get(k) for k in BRIEF_KEYS}
