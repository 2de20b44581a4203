"""HTML pages. Each one has a JSON twin (?format=json, or the /api URL)."""
from __future__ import annotations

import re

from flask import Blueprint, abort, jsonify, redirect, render_template, request, send_file, url_for
from markupsafe import Markup

from . import labels
from .api import models_csv_response
from .chart import bar_chart
from .payloads import document_payload, file_of, overview_payload, relax_suggestions, search_payload, trail_payload
from .state import get_index

bp = Blueprint("pages", __name__)

FACET_PARAM = {"district": "district", "field": "field", "year": "year", "doc_type": "type",
               "source": "source", "kind": "kind"}


def _format() -> str:
    fmt = request.args.get("format", "html") or "html"
    if fmt not in ("html", "json", "csv"):
        abort(400, description="format must be html or json (csv on /models)")
    return fmt


@bp.get("/")
def home():
    if request.args.get("q") is not None:
        # the search box of old links: the results page lives at /search
        return redirect(url_for("pages.search", **request.args.to_dict(flat=False)), code=302)
    fmt = _format()
    data = overview_payload(get_index())
    if fmt == "json":
        return jsonify(data)
    return render_template("home.html", ov=data, json_url=url_for("api.overview"))


@bp.get("/search")
def search():
    fmt = _format()
    res = search_payload(request)
    if fmt == "json":
        return jsonify(res)
    # a document number typed as the query goes straight to that document
    hits = res.get("number_hits") or []
    if (len(hits) == 1 and request.args.get("go") != "0" and not res["filters"]
            and res["page"] == 1):
        return redirect(url_for("pages.document", doc_id=hits[0]["id"], q=request.args.get("q", ""),
                                from_number=res.get("number")), code=302)
    relax = relax_suggestions(request) if res["total"] == 0 and res["filters"] else []
    return render_template("results.html", res=res, relax=relax,
                           json_url=url_for("api.search", **request.args.to_dict(flat=False)))


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    fmt = _format()
    idx = get_index()
    doc = document_payload(idx, doc_id)
    if fmt == "json":
        return jsonify(doc)
    q = request.args.get("q", "")[:1000]
    body_html, hits = idx.highlight(doc.get("body") or "", q)
    # paragraphs: blocks are separated by blank lines (marks never span them)
    paragraphs = [Markup(p.strip("\n")) for p in re.split(r"\n\s*\n", body_html) if p.strip()]
    return render_template("document.html", doc=doc, q=q, paragraphs=paragraphs, hits=hits,
                           from_number=request.args.get("from_number"),
                           json_url=url_for("api.document", doc_id=doc_id))


@bp.get("/documents/<doc_id>/file")
def download(doc_id: str):
    idx = get_index()
    doc = idx.document(doc_id) if doc_id and len(doc_id) <= 64 else None
    if doc is None:
        abort(404)
    path = file_of(idx, doc)
    if path is None:
        abort(404, description="the original file of this document is not available "
                               "(it is outside the ingested folders or was removed)")
    name = (doc.get("abs_path") or path).replace("\\", "/").rsplit("/", 1)[-1]
    resp = send_file(path, as_attachment=True, download_name=name, max_age=0)
    resp.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return resp


@bp.get("/models")
def models():
    fmt = _format()
    if fmt == "csv":
        return models_csv_response()
    res = search_payload(request, record="model", default_per_page=50)
    if fmt == "json":
        return jsonify(res)
    chart_by = request.args.get("chart", "year")
    if chart_by not in ("year", "field", "district"):
        chart_by = "year"
    titles = {"year": "Số mô hình theo năm", "field": "Số mô hình theo lĩnh vực",
              "district": "Số mô hình theo huyện, thành phố"}
    chart = bar_chart(
        res["facets"].get(chart_by) or [], kind=chart_by,
        label=lambda v: labels.facet_label(chart_by, v),
        href=lambda v: modified_url(add=[(chart_by, str(v))], drop=["page"]),
        title=titles[chart_by])
    args = request.args.to_dict(flat=False)
    args.pop("format", None)
    args.pop("page", None)
    args["by"] = [res["by"]]
    return render_template("models.html", res=res, chart=chart, chart_by=chart_by, chart_title=titles[chart_by],
                           csv_url=url_for("api.models", **args, format="csv"),
                           json_url=url_for("api.models", **{**request.args.to_dict(flat=False), "by": [res["by"]]}))


@bp.get("/trail")
def trail():
    fmt = _format()
    data = trail_payload(get_index(), request.args.get("key", ""), request.args.get("district"))
    if fmt == "json":
        return jsonify(data)
    return render_template("trail.html", t=data, json_url=url_for("api.trail", key=data["key"],
                                                                  district=request.args.get("district") or None))


# -- URL helpers for templates ---------------------------------------------------
def modified_url(endpoint: str | None = None, add=(), remove=(), drop=(), set=None) -> str:
    """The current URL with parameters added, removed ((name, value) pairs),
    dropped (every value of a name) or set."""
    pairs = [(k, v) for k, v in request.args.items(multi=True)]
    remove = {(k, str(v)) for k, v in remove}
    pairs = [(k, v) for k, v in pairs if (k, v) not in remove and k not in drop and k != "format"]
    for k, v in (set or {}).items():
        pairs = [(kk, vv) for kk, vv in pairs if kk != k]
        if v not in (None, ""):
            pairs.append((k, str(v)))
    for k, v in add:
        if (k, str(v)) not in pairs:
            pairs.append((k, str(v)))
    args: dict[str, list[str]] = {}
    for k, v in pairs:
        args.setdefault(k, []).append(v)
    return url_for(endpoint or request.endpoint, **(request.view_args or {}), **args)


def is_active(name: str, value) -> bool:
    return str(value) in request.args.getlist(name)


def active_first(values: list, name: str) -> list:
    """Values filtered on first (so a capped list of tags still shows them)."""
    active = set(request.args.getlist(name))
    return [v for v in values if str(v) in active] + [v for v in values if str(v) not in active]


@bp.app_template_filter("field_label")
def _field_label_filter(code) -> str:
    return labels.field_label(code)


@bp.app_context_processor
def _helpers():
    return {
        "modified_url": modified_url,
        "is_active": is_active,
        "active_first": active_first,
        "FACET_PARAM": FACET_PARAM,
        "FACET_TITLES": labels.FACET_TITLES,
        "SORT_LABELS": labels.SORT_LABELS,
        "field_label": labels.field_label,
        "doc_type_label": labels.doc_type_label,
        "facet_label": labels.facet_label,
        "all_fields": labels.fields(),
        "all_doc_types": labels.doc_types(),
        "all_districts": labels.districts(),
        "vn_date": labels.vn_date,
        "vn_number": labels.vn_number,
    }
