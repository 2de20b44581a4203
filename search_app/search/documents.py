"""One document and what surrounds it: its models, the documents it cites
and that cite it, similar documents, a model's trail through the years."""
from __future__ import annotations

from ingest.index import tree as T
from ingest.index.backend import Snapshot
from ingest.vietnamese.docnumbers import number_key

from .hits import brief, data_of, ordered

SIMILAR_TERMS = 20          # key terms of a document that "more like this" searches for
TRAIL_LIMIT = 200


def document(snap: Snapshot, doc_id: str) -> dict | None:
    found = snap.find(id=doc_id, record="doc")
    return data_of(snap, found[0]) if found else None


def models_of(snap: Snapshot, doc_id: str) -> list[dict]:
    return [data_of(snap, d) for d in snap.find(document_id=doc_id, record="model")]


def _docs(snap: Snapshot, query: T.Node, order: str, limit: int) -> list[dict]:
    mask, score = snap.run(query, scored=order == "relevance")
    mask &= snap.run(T.Term("record", "doc"), scored=False)[0]
    return [brief(data_of(snap, d)) for d in ordered(snap, mask, score, order, 0, limit).tolist()]


def cited_by(snap: Snapshot, doc: dict, limit: int = 50) -> list[dict]:
    """Documents whose text cites this document's number, oldest first."""
    if not doc.get("number"):
        return []
    return _docs(snap, T.Term("cites_key", number_key(doc["number"])), "oldest", limit)


def cites(snap: Snapshot, doc: dict) -> list[dict]:
    """The cited documents that are in the index (and the numbers that are not)."""
    out = []
    for number in doc.get("citations") or []:
        found = snap.find(number_key=number_key(number), record="doc")
        out.append({"number": number, "document": brief(data_of(snap, found[0])) if found else None})
    return out


def similar(snap: Snapshot, doc_id: str, limit: int = 5) -> list[dict]:
    """"More like this": the documents that best match the document's key terms."""
    found = snap.find(id=doc_id, record="doc")
    if not found:
        return []
    terms = snap.key_terms(found[0], "body", SIMILAR_TERMS)
    if not terms:
        return []
    query = T.Or([T.Term("body", word, weight) for word, weight in terms])
    hits = _docs(snap, T.AndNot(query, T.Term("id", doc_id)), "relevance", limit)
    return hits[:limit]


def trail(snap: Snapshot, key: str) -> dict:
    """A model and every document that names it or records it, in date order."""
    models = [data_of(snap, d) for d in snap.find(model_key=key, record="model")]
    if not models:
        return {"key": key, "models": [], "documents": []}
    name = key.split()
    q = T.Or([T.Phrase("body_f", name), T.Phrase("title_f", name), T.Term("model_key", key)]) \
        if len(name) > 1 else T.Term("body_f", key)
    return {"key": key, "name": models[0].get("name"), "models": models,
            "documents": _docs(snap, q, "oldest", TRAIL_LIMIT)}


__all__ = ["cited_by", "cites", "document", "models_of", "similar", "trail"]
