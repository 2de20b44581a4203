"""The JSON API (described at /api/openapi.json)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request

from .export import models_csv
from .openapi import spec
from .params import search_args
from .payloads import document_payload, overview_payload, search_payload, trail_payload
from .state import get_index

bp = Blueprint("api", __name__, url_prefix="/api")

CSV_LIMIT = 20000


@bp.get("/")
def index():
    return jsonify({
        "name": "tracuu",
        "openapi": "/api/openapi.json",
        "endpoints": sorted(spec()["paths"]),
    })


@bp.get("/search")
def search():
    return jsonify(search_payload(request))


@bp.get("/facets")
def facets():
    res = get_index().search(**{**search_args(request), "per_page": 1, "page": 1})
    return jsonify({"query": res["query"], "total": res["total"], "facets": res["facets"],
                    "took_ms": res["took_ms"]})


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    return jsonify(document_payload(get_index(), doc_id))


@bp.get("/models")
def models():
    fmt = request.args.get("format", "json")
    if fmt == "csv":
        return models_csv_response()
    if fmt not in ("json", ""):
        abort(400, description="format must be json or csv")
    return jsonify(search_payload(request, record="model", default_per_page=50))


def models_csv_response(default_by: str = "model") -> Response:
    args = search_args(request, default_per_page=50, default_by=default_by)
    rows = get_index().export(args["q"], args["filters"], sort=args["sort"], record="model", limit=CSV_LIMIT,
                              literal=args["literal"], skip=args["skip"], by=args["by"])
    body = models_csv(rows, by=args["by"])
    resp = Response(body.encode("utf-8"), mimetype="text/csv")
    resp.headers["Content-Type"] = "text/csv; charset=utf-8"
    resp.headers["Content-Disposition"] = "attachment; filename=\"tracuu-mo-hinh.csv\""
    return resp


@bp.get("/trail")
def trail():
    return jsonify(trail_payload(get_index(), request.args.get("key", ""), request.args.get("district")))


@bp.get("/overview")
def overview():
    return jsonify(overview_payload(get_index()))


@bp.get("/suggest")
def suggest():
    q = request.args.get("q", "")
    if len(q) > 200:
        abort(400, description="q must be at most 200 characters")
    idx = get_index()
    out = {"query": q, "suggestions": idx.suggest(q) if q.strip() else []}
    return jsonify(out)


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())
