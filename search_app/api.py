"""The JSON API (see /api/openapi.json)."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from .params import search_args
from .state import get_index

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    return jsonify(get_index().search(**search_args(request)))


@bp.get("/facets")
def facets():
    args = search_args(request)
    res = get_index().search(**{**args, "per_page": 1})
    return jsonify({"query": res["query"], "total": res["total"], "facets": res["facets"]})


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    idx = get_index()
    doc = idx.document(doc_id)
    if doc is None:
        abort(404)
    doc = {k: v for k, v in doc.items() if k != "abs_path"}
    doc["cites"] = idx.cites(doc)
    doc["cited_by"] = idx.cited_by(doc)
    return jsonify(doc)


@bp.get("/models")
def models():
    return jsonify(get_index().search(**search_args(request, default_per_page=50), record="model"))
