"""Response headers: security, caching, and ETags that carry the index generation.

* Every response: a Content-Security-Policy without 'unsafe-inline' (no
  inline script or style anywhere in the templates), nosniff,
  frame-ancestors 'none' (and X-Frame-Options for old browsers), a
  same-origin Referrer-Policy.
* Static files: an ETag (Flask's) and a day of caching; their URLs carry
  ``?v=<content hash>`` so a new release is fetched at once.
* Pages and API responses (GET): a weak ETag made of the index generation,
  the app's asset version and the request URL, and ``Cache-Control:
  no-cache`` (revalidate each time). A request whose If-None-Match still
  matches gets a 304 before any search runs: nothing has changed in the
  index since.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, g, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
STATIC_MAX_AGE = 86400
_STATIC = Path(__file__).resolve().parent / "static"
_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _digest_of(paths) -> str:
    h = hashlib.sha1()
    for p in sorted(paths):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:10]


def asset_version() -> str:
    """Changes whenever a template or static file changes."""
    return _digest_of(list(_STATIC.rglob("*")) + list(_TEMPLATES.rglob("*")))


def _etag_applies() -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.endpoint in (None, "static", "pages.download"):
        return False
    return True


def register(app: Flask) -> None:
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:  # Flask's default: no-cache
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE
    version = asset_version()
    static_versions: dict[str, str] = {}

    @app.url_defaults
    def _static_version(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            name = values["filename"]
            if name not in static_versions:
                path = _STATIC / name
                static_versions[name] = (
                    hashlib.sha1(path.read_bytes()).hexdigest()[:10] if path.is_file() else version)
            values["v"] = static_versions[name]

    @app.before_request
    def _conditional():
        if not _etag_applies():
            return None
        from .state import get_index

        try:
            gen = get_index().generation()
        except Exception:  # no index yet: the view reports it
            return None
        url = request.full_path.encode("utf-8", "surrogateescape")
        tag = f"g{gen}-{version}-{hashlib.sha1(url).hexdigest()[:16]}"
        g.etag = tag
        if request.if_none_match.contains_weak(tag):
            resp = app.response_class(status=304)
            resp.set_etag(tag, weak=True)
            resp.headers["Cache-Control"] = "no-cache"
            return resp
        return None

    @app.after_request
    def _headers(resp):
        h = resp.headers
        h.setdefault("Content-Security-Policy", CSP)
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        tag = g.get("etag")
        if tag and resp.status_code == 200 and "ETag" not in h:
            resp.set_etag(tag, weak=True)
            h.setdefault("Cache-Control", "no-cache")
        elif request.endpoint == "static" and resp.status_code in (200, 304):
            if request.args.get("v"):  # versioned URL: the content never changes
                resp.cache_control.no_cache = None
                resp.cache_control.max_age = STATIC_MAX_AGE * 30
                resp.cache_control.public = True
                resp.cache_control.immutable = True
        elif resp.status_code >= 400:
            h.setdefault("Cache-Control", "no-store")
        return resp
