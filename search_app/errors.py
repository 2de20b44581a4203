"""Errors: JSON for /api/*, a friendly page elsewhere; never a 500 for bad input."""
from __future__ import annotations

from flask import jsonify, render_template, request

from ingest.index.search import QueryError
from ingest.index.store import IndexError_


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.args.get("format") == "json"


def register(app) -> None:
    @app.errorhandler(QueryError)
    def bad_query(exc):
        return _error(400, str(exc))

    @app.errorhandler(IndexError_)
    def index_problem(exc):
        return _error(503, str(exc))

    for code, message in ((400, "bad request"), (404, "not found"), (405, "method not allowed"),
                          (413, "request too large"), (500, "internal error: the problem was logged")):
        app.register_error_handler(code, lambda exc, code=code, message=message: _error(code, message))


def _error(code: int, message: str):
    if _wants_json():
        resp = jsonify({"error": message})
        resp.status_code = code
        return resp
    return render_template("error.html", code=code, message=message), code
