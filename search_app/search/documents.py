"""One document and what surrounds it: its models, the documents it cites
and that cite it, similar documents, a model's trail through the years."""
from __future__ import annotations

from collections import Counter

from ingest.extract.models.names import bare_name
from ingest.index import tree as T
from ingest.index.backend import Snapshot
from ingest.vietnamese import fold
from ingest.vietnamese.docnumbers import number_key

from .groups import members
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


def trail(snap: Snapshot, key: str, district: str | None = None) -> dict:
    """A model (its identity key, and its district when the key names
    models in several) and every document that records it or names it
    (under any of its names; a document about another district does not
    count), in date order."""
    found = members(snap, key, district)
    if not found:
        return {"key": key, "district": district, "models": [], "documents": []}
    models = [data_of(snap, d) for d in found]
    names = Counter(m.get("name") for m in models if m.get("name"))
    own = {m.get("document_id") for m in models}
    spoken = {tuple(fold(bare_name(n)).lower().split()) for n in names}
    texts = [T.Phrase(f, list(p)) for p in sorted(spoken) if len(p) > 1 for f in ("body_f", "title_f")]
    q = T.Or([T.Term("id", d) for d in sorted(own) if d] + texts)
    districts = {m.get("district") for m in models if m.get("district")}
    docs = [d for d in _docs(snap, q, "oldest", TRAIL_LIMIT)
            if d["id"] in own or not d.get("districts") or not districts or districts & set(d["districts"])]
    return {"key": key, "district": district or (next(iter(districts)) if len(districts) == 1 else None),
            "name": names.most_common(1)[0][0] if names else key,
            "aliases": [n for n, _ in names.most_common()[1:]],
            "models": models, "documents": docs}


__all__ = ["cited_by", "cites", "document", "models_of", "similar", "trail"]
