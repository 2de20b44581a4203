"""The app's one shared object: the SearchIndex, opened lazily per process."""
from __future__ import annotations

import threading

from flask import current_app

from ingest.index.search import SearchIndex

_lock = threading.Lock()
_indexes: dict[str, SearchIndex] = {}


def get_index() -> SearchIndex:
    path = current_app.config["INDEX_DIR"]
    idx = _indexes.get(path)
    if idx is None:
        with _lock:
            idx = _indexes.get(path)
            if idx is None:
                idx = _indexes[path] = SearchIndex(path)
    return idx
