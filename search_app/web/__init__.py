"""The web app: the search UI and the JSON API (Flask app factory, blueprints)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask


def create_app(index_dir: str | Path | None = None, **config) -> Flask:
    """Build the app for one index directory.

    The index is opened lazily, once per process, on first use, so that
    gunicorn workers each open their own files.
    """
    from ingest.settings import resolve_index_dir

    app = Flask(__name__)
    app.config.update(
        INDEX_DIR=str(index_dir or resolve_index_dir(None)),
        MAX_CONTENT_LENGTH=64 * 1024,
        JSON_AS_ASCII=False,
    )
    app.config.update(config)
    app.json.ensure_ascii = False

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from . import api, errors, http, pages

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    errors.register(app)
    http.register(app)
    return app
