"""The app's one shared object: the SearchService, opened lazily per process."""
from __future__ import annotations

import threading

from flask import current_app

from ..search import SearchService

_lock = threading.Lock()
_indexes: dict[str, SearchService] = {}


def get_index() -> SearchService:
    path = current_app.config["INDEX_DIR"]
    idx = _indexes.get(path)
    if idx is None:
        with _lock:
            idx = _indexes.get(path)
            if idx is None:
                from .labels import known_values

                idx = _indexes[path] = SearchService(path, known_values=known_values())
    return idx


def warm_up(app) -> None:
    """Open the index and load what the first search would otherwise wait
    for (the segmenter model, the search engine's columns, the vocabulary
    maps). For server workers,
    after they start; harmless to call twice."""
    with app.app_context():
        try:
            idx = get_index()
            idx.warm()
            idx.search("khởi động", per_page=1)
            idx.restore_diacritics("khoi dong")
        except Exception:  # no index yet, or empty: the first request reports it
            app.logger.info("warm-up skipped", exc_info=True)
