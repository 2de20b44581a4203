"""HTML pages (minimal until the UI is built)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from .params import search_args
from .state import get_index

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    q = request.args.get("q")
    if q is None:
        return render_template("home.html", overview=get_index().overview())
    return render_template("results.html", res=get_index().search(**search_args(request)))
