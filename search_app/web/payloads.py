"""The data behind each page, shared by the HTML pages and the JSON API,
so that every page's JSON twin is exactly what the API returns."""
from __future__ import annotations

import os
import re

from flask import Request, abort, url_for

from ..search import Filters, SearchService
from .params import search_args
from .state import get_index

DOC_ID_RE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
FILTER_PARAMS = ("district", "field", "year", "type", "source", "kind")


def active_filters(req: Request) -> list[tuple[str, str]]:
    """(parameter, value) of every filter in the request, in URL order."""
    out = []
    for name, value in req.args.items(multi=True):
        if name in FILTER_PARAMS + ("year_from", "year_to") and value.strip():
            out.append((name, value))
    return out


def search_payload(req: Request, record: str = "doc", default_per_page: int = 20,
                   default_by: str = "model") -> dict:
    idx = get_index()
    args = search_args(req, default_per_page=default_per_page, default_by=default_by)
    if record != "model":
        args.pop("by")
    res = idx.search(**args, record=record)
    res["filters"] = [{"name": n, "value": v} for n, v in active_filters(req)]
    return res


def relax_suggestions(req: Request, record: str = "doc") -> list[dict]:
    """For an empty result: how many results each filter's removal would give."""
    idx = get_index()
    out = []
    filters = active_filters(req)
    for i, (name, value) in enumerate(filters[:6]):
        args = search_args(req)
        f: Filters = args["filters"]
        if name in ("year_from", "year_to"):
            setattr(f, name, None)
        else:
            attr = "type" if name == "type" else name
            values = list(getattr(f, attr))
            if value in values:
                values.remove(value)
            setattr(f, attr, values)
        try:
            total = idx.search(**{**args, "per_page": 1, "page": 1}, record=record, facets=False)["total"]
        except Exception:
            continue
        if total:
            out.append({"name": name, "value": value, "total": total, "index": i})
    return out


def document_payload(idx: SearchService, doc_id: str) -> dict:
    if not DOC_ID_RE.match(doc_id or ""):
        abort(404)
    doc = idx.document(doc_id)
    if doc is None:
        abort(404)
    out = {k: v for k, v in doc.items() if k not in ("abs_path",)}
    out["cites"] = idx.cites(doc)
    out["cited_by"] = [d for d in idx.cited_by(doc) if d.get("id") != doc_id]
    out["similar"] = idx.similar(doc_id)
    extracted = idx.models_of(doc_id)
    if extracted:
        out["models"] = extracted
    out["download_url"] = url_for("pages.download", doc_id=doc_id) if downloadable(idx, doc) else None
    out["url"] = url_for("pages.document", doc_id=doc_id)
    return out


def _real_roots(idx: SearchService) -> list[str]:
    roots = []
    for r in idx.meta().get("roots") or []:
        try:
            roots.append(os.path.realpath(r))
        except (OSError, ValueError):
            continue
    return roots


def file_of(idx: SearchService, doc: dict) -> str | None:
    """The document's original file, only if it is inside an ingested root
    once every symlink is resolved; else None."""
    path = doc.get("abs_path")
    if not path or not isinstance(path, str) or "\x00" in path or not os.path.isabs(path):
        return None
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None
    for root in _real_roots(idx):
        try:
            inside = os.path.commonpath([real, root]) == root
        except ValueError:
            continue
        if inside and real != root and os.path.isfile(real):
            return real
    return None


def downloadable(idx: SearchService, doc: dict) -> bool:
    return file_of(idx, doc) is not None


def overview_payload(idx: SearchService) -> dict:
    ov = idx.overview()
    ov["generation"] = idx.generation()
    return ov


def trail_payload(idx: SearchService, key: str, district: str | None = None) -> dict:
    key = (key or "").strip()
    if not key or len(key) > 300 or len(district or "") > 100:
        abort(404)
    res = idx.trail(key, (district or "").strip() or None)
    if not res.get("models"):
        abort(404)
    return res
