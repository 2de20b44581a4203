"""One model, many mentions: the model records of a search grouped by model.

A model is mentioned in many documents, under name variants ("Anh Bùi Văn
Nam", "ông Bùi Văn Nam (xóm Mới)"): its mentions share an identity key
(``model_key``, :func:`ingest.extract.models.names.identity_key`). Two
people of the same name in two districts are two models, so a model is a
key *and* a district; a mention whose district is unknown joins its key's
model when that key is known in exactly one district.

    groups(snap, mask, score, order) -> list[Group]   # every model, in order
    rows(snap, groups) -> list[dict]                  # the public shape
    facet_counts(snap, groups) -> dict                # models (not mentions) per value

The row of a model has the keys of a mention's row (``id``, ``path``,
``document_id``, ``document_title``, ``date``, ``doc_type`` and
``snippet`` are its latest mention's; ``name`` and ``title`` its most
frequent name; ``year`` the last year) and ``aliases`` (its other names),
``mentions``, ``documents``, ``first_year``, ``last_year``.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ingest.index.backend import MISSING, Snapshot

ORDERS = ("relevance", "newest", "oldest")
READ_PER_MODEL = 200        # mentions read for a model's names (the counts are exact)


@dataclass
class Group:
    key: str
    district: str | None
    members: np.ndarray      # document numbers of its mentions
    score: float
    latest: int              # the latest mention's date (MISSING when undated)
    earliest: int


def groups(snap: Snapshot, mask: np.ndarray, score: np.ndarray | None, order: str) -> list[Group]:
    """The models among the model records of `mask`: by relevance (best
    mention's score; without scores, most mentioned first), newest or
    oldest (by the latest or the earliest mention's date)."""
    keys, kcol = snap.value_column("model_key")
    dists, dcol = snap.value_column("districts")
    picked = np.flatnonzero(mask[: len(kcol)] & (kcol >= 0))
    if not len(picked):
        return []
    k = kcol[picked].astype(np.int64)
    d = dcol[picked].astype(np.int64)
    nd = len(dists) + 1
    # a key known in exactly one district: its mentions without one join it
    known = d >= 0
    pairs = np.unique(k[known] * nd + d[known])
    n_districts = np.bincount(pairs // nd, minlength=len(keys))
    only = np.full(len(keys), -1, dtype=np.int64)
    single = pairs[n_districts[pairs // nd] == 1]
    only[single // nd] = single % nd
    d = np.where(known, d, only[k])
    gid = k * nd + (d + 1)
    ids, inverse = np.unique(gid, return_inverse=True)
    sort_members = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[sort_members], np.arange(len(ids) + 1))
    dates = snap.column("date")
    out: list[Group] = []
    for g, value in enumerate(ids.tolist()):
        members = picked[sort_members[bounds[g]:bounds[g + 1]]]
        member_dates = dates[members]
        dated = member_dates[member_dates != MISSING]
        kd = int(value) % nd - 1
        out.append(Group(
            key=keys[int(value) // nd], district=dists[kd] if kd >= 0 else None, members=members,
            score=float(score[members].max()) if score is not None else 0.0,
            latest=int(dated.max()) if len(dated) else MISSING,
            earliest=int(dated.min()) if len(dated) else MISSING))
    if order == "newest":
        out.sort(key=lambda x: (x.latest == MISSING, -x.latest, -len(x.members), x.key))
    elif order == "oldest":
        out.sort(key=lambda x: (x.earliest == MISSING, x.earliest, -len(x.members), x.key))
    elif score is not None:
        out.sort(key=lambda x: (-x.score, -len(x.members), x.key))
    else:
        out.sort(key=lambda x: (-len(x.members), x.key))
    return out


def facet_counts(snap: Snapshot, found: list[Group]) -> dict:
    """Facet counts of models (not mentions): a model counts once for each
    value its mentions have (a model of 2019 and 2021 counts in both years)."""
    from ingest.index.schema import MODEL_FACETS

    if not found:
        return {name: [] for name in MODEL_FACETS}
    members = np.concatenate([g.members for g in found])
    gids = np.repeat(np.arange(len(found)), [len(g.members) for g in found])
    out = {}
    for name, fieldname in MODEL_FACETS.items():
        values, col = snap.value_column(fieldname)
        v = col[members].astype(np.int64)
        ok = v >= 0
        pairs = np.unique(gids[ok] * (len(values) + 1) + v[ok])
        counts = np.bincount(pairs % (len(values) + 1), minlength=len(values))
        items = [{"value": int(values[i]) if name == "year" else values[i], "count": int(counts[i])}
                 for i in np.flatnonzero(counts) if values[i] not in (None, "")]
        if name == "year":
            items.sort(key=lambda x: -x["value"])
        else:
            items.sort(key=lambda x: (-x["count"], str(x["value"])))
        out[name] = items
    return out


def rows(snap: Snapshot, found: list[Group]) -> list[dict]:
    docs, doccol = snap.value_column("document_id")
    out = []
    for g in found:
        data = [json.loads(snap.stored(int(d))["data"]) for d in g.members[:READ_PER_MODEL]]
        names = Counter(x.get("name") for x in data if x.get("name"))
        ranked = [n for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))]
        kinds = Counter(x.get("kind") for x in data if x.get("kind"))
        fields = Counter(x.get("field") for x in data if x.get("field"))
        years = sorted({int(x["year"]) for x in data if x.get("year")})
        latest = max(data, key=lambda x: (x.get("date") or "", x.get("year") or 0))
        field_list = [f for f, _ in fields.most_common()]
        name = ranked[0] if ranked else g.key
        out.append({
            "id": latest.get("id"),
            "title": name,
            "path": latest.get("path"),
            "doc_type": latest.get("doc_type"),
            "number": None,
            "score": round(g.score, 3) if g.score else None,
            "key": g.key,
            "district": g.district,
            "districts": [g.district] if g.district else [],
            "name": name,
            "aliases": ranked[1:],
            "kind": kinds.most_common(1)[0][0] if kinds else None,
            "field": field_list[0] if field_list else None,
            "fields": field_list,
            "mentions": int(len(g.members)),
            "documents": int(len(np.unique(doccol[g.members]))),
            "first_year": years[0] if years else None,
            "last_year": years[-1] if years else None,
            "year": years[-1] if years else None,
            "document_id": latest.get("document_id"),
            "document_title": latest.get("document_title"),
            "date": latest.get("date"),
            "snippet": latest.get("sentence") or "",
        })
    return out


def members(snap: Snapshot, key: str, district: str | None) -> list[int]:
    """The mentions of one model (a trail): its key's records in its
    district, and those without a district when the key has only that one."""
    found = snap.find(model_key=key, record="model")
    if district is None:
        return found
    _, dcol = snap.value_column("districts")
    dists, _ = snap.value_column("districts")
    known = {dists[dcol[d]] for d in found if dcol[d] >= 0}
    return [d for d in found if (dcol[d] >= 0 and dists[dcol[d]] == district)
            or (dcol[d] < 0 and known == {district})]


__all__ = ["Group", "ORDERS", "facet_counts", "groups", "members", "rows"]
