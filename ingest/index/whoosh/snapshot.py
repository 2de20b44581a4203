"""A point-in-time view of a Whoosh index: :class:`ingest.index.backend.Snapshot`."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..tree import Node
from .engine import Engine

# what every search uses: loaded by warm() before the first request
SEARCHED_FIELDS = ("title", "title_w", "title_f", "body", "body_w", "body_bi", "body_f", "abbr")


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


class WhooshSnapshot:
    """One Whoosh searcher (never shared between threads) and the query
    engine of its generation (shared)."""

    def __init__(self, searcher, engine: Engine, owned: bool = False):
        self.searcher = searcher
        self.engine = engine
        self._owned = owned
        r = searcher.reader()
        self.generation = r.generation()
        self.size = r.doc_count_all()

    # -- queries ---------------------------------------------------------------
    def run(self, query: Node, scored: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        return self.engine.run(self.searcher, query, scored)

    def find(self, **terms: str) -> list[int]:
        return sorted(self.searcher.document_numbers(**terms))

    def stored(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)

    def column(self, fieldname: str) -> np.ndarray:
        return self.engine.column(self.searcher.reader(), fieldname)

    def value_column(self, fieldname: str) -> tuple[list[str], np.ndarray]:
        return self.engine.value_column(self.searcher.reader(), fieldname)

    def facet_counts(self, fieldname: str, mask: np.ndarray) -> dict[str, int]:
        return self.engine.facet_counts(self.searcher.reader(), fieldname, mask)

    # -- vocabulary ------------------------------------------------------------
    def lexicon(self, fieldname: str) -> list[str]:
        return [_text(t) for t in self.searcher.reader().lexicon(fieldname)]

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return self.searcher.reader().doc_frequency(fieldname, text)

    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        out = []
        for t in self.searcher.reader().expand_prefix(fieldname, prefix):
            out.append(_text(t))
            if len(out) >= limit:
                break
        return out

    def spellings(self, fieldname: str) -> dict[str, list[str]]:
        return self.engine.accented_forms(self.searcher.reader(), fieldname)

    def key_terms(self, docnum: int, fieldname: str, count: int) -> list[tuple[str, float]]:
        # as Whoosh's Searcher.more_like chooses them (Bo1 model, not normalized)
        return [(_text(t), w) for t, w in self.searcher.key_terms([docnum], fieldname, numterms=count,
                                                                  normalize=False)]

    def warm(self, fieldnames: Iterable[str] = SEARCHED_FIELDS, facets: Iterable[str] = ()) -> None:
        r = self.searcher.reader()
        self.engine.warm(r, tuple(fieldnames))
        self.engine.column(r, "date")
        for name in facets:
            self.engine.facet(r, name)

    # -- an ingest's own snapshots are closed after use -------------------------
    def close(self) -> None:
        if self._owned:
            self.searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
