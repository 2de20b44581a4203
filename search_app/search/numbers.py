"""Document numbers in a query: the documents that carry a number, and
those that cite it, ranked first."""
from __future__ import annotations

from ingest.index import tree as T
from ingest.index.backend import Snapshot

from . import language
from .hits import brief, data_of, ordered


def same_number(snap: Snapshot, field: str, key: str) -> list[str]:
    """The terms of `field` for the number keyed `key`: its prefix
    expansions that end where a number does ("162" is a prefix of
    "1620qd" too, which is another number)."""
    return [t for t in snap.expand_prefix(field, key, 200)
            if len(t) == len(key) or not (t[len(key)].isdigit() and key[-1].isdigit())][:50]


def with_number(snap: Snapshot, q: T.Node | None, key: str) -> T.Node | None:
    """Rank documents with this number first, then those citing it
    (the prefix expanded to the real terms, which take boosts)."""
    terms = [T.Term("number_key", t, language.B_NUMBER) for t in same_number(snap, "number_key", key)]
    terms += [T.Term("cites_key", t, language.B_WORD) for t in same_number(snap, "cites_key", key)]
    if not terms:
        return q
    return T.Or(terms + ([q] if q is not None else []))


def number_hits(snap: Snapshot, number: str) -> list[dict]:
    """Documents whose own number matches a number typed as the query."""
    found = language.number_in_query(number)
    if not found:
        return []
    terms = [T.Term("number_key", t) for t in same_number(snap, "number_key", found[1])]
    if not terms:
        return []
    mask, score = snap.run(T.And([T.Term("record", "doc"), T.Or(terms) if len(terms) > 1 else terms[0]]))
    return [brief(data_of(snap, d)) for d in ordered(snap, mask, score, "relevance", 0, 10).tolist()]


__all__ = ["number_hits", "same_number", "with_number"]
