"""The one seam between tracuu and the library that holds the index.

Search (``search_app/search/``) and ingest (``ingest/run/``) talk to the
index only through these three interfaces; ``ingest/index/whoosh/`` is the
one implementation today (Whoosh-Reloaded, pure Python). A second backend
(tantivy for a faster single machine, OpenSearch or Elasticsearch for an
archive that outgrows one) implements the same three classes in a folder of
its own beside ``whoosh/`` and is chosen in :func:`open_backend`; nothing in
search or web changes.

Vocabulary: a *record* is what one document or model becomes in the index
(``ingest/index/records.py`` makes them, ``ingest/index/schema.py`` names
their fields); a *document number* is a record's position in one snapshot
(it changes with every commit, so never keep one across snapshots); a
*mask* is a numpy bool array over a snapshot's document numbers.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

import numpy as np

from .tree import Node

# A snapshot's date column holds this where a record has no date.
MISSING = np.iinfo(np.int64).min


class Snapshot(Protocol):
    """A read-only, point-in-time view of the index, for one thread."""

    generation: int        # changes with every commit
    size: int              # document numbers are 0 .. size-1 (deleted ones included)

    def run(self, query: Node, scored: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """(mask of the live records matching `query`, their scores as
        float32, 0 elsewhere; None when not `scored`). Scores as described
        in :mod:`ingest.index.tree`."""

    def find(self, **terms: str) -> list[int]:
        """Document numbers of the live records whose exact-value fields
        (``id``, ``record``, ``document_id``, ``model_key``, ``number_key`` …)
        have all the given values, in document-number order."""

    def stored(self, docnum: int) -> dict:
        """The stored fields of a record (``data`` is the record's JSON)."""

    def column(self, fieldname: str) -> np.ndarray:
        """A sortable numeric field (``date``) as int64 per document
        number, :data:`MISSING` where a record has no value."""

    def value_column(self, fieldname: str) -> tuple[list[str], np.ndarray]:
        """(values, column) of a one-value field (``model_key``,
        ``document_id``, ``districts`` of a model): ``column[docnum]`` is
        the number of the record's value in `values`, -1 where it has none
        (a record with several values gets one of them)."""

    def facet_counts(self, fieldname: str, mask: np.ndarray) -> dict[str, int]:
        """value -> number of records in `mask` with that value of a
        keyword field (a record counts once for each of its values)."""

    def lexicon(self, fieldname: str) -> list[str]:
        """Every term of a field, sorted."""

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """How many records hold the term (deleted ones may count)."""

    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """The field's terms that start with `prefix` (at most `limit`)."""

    def spellings(self, fieldname: str) -> dict[str, list[str]]:
        """Folded term -> its spellings in a field's vocabulary
        (``fold`` of :mod:`ingest.vietnamese`), for queries typed without
        diacritics and for spelling suggestions."""

    def key_terms(self, docnum: int, fieldname: str, count: int) -> list[tuple[str, float]]:
        """The terms that best tell the record apart in a field, with
        weights (for "more like this")."""

    def warm(self, fieldnames: Iterable[str], facets: Iterable[str] = ()) -> None:
        """Load what searches on these fields and facets need, before the first one."""

    def close(self) -> None:
        """Release the files of a snapshot from :meth:`Backend.fresh_snapshot`
        (also by ``with``); a thread's own snapshot is not closed."""


class Writer(Protocol):
    """Adds and deletes records; nothing is visible before :meth:`commit`."""

    def add(self, record: dict) -> None:
        """Add one record (as :func:`ingest.index.records.index_records` makes it)."""

    def delete_document(self, doc_id: str) -> int:
        """Delete a document's record, its models and its other names;
        the number of records deleted."""

    def commit(self) -> None:
        """Make every change visible at once, durably (a crash keeps the
        previous commit whole)."""

    def cancel(self) -> None:
        """Drop every change since the last commit."""


class Backend(Protocol):
    """The index files of one index directory."""

    path: Path
    fallback: tuple[int, int, str] | None   # (damaged generation, used generation, reason)

    def exists(self) -> bool:
        """An index is there (it may be damaged)."""

    def create_if_missing(self) -> None: ...

    def reset(self) -> None:
        """Empty the index (``--rebuild``), crash-safely: the old one stays
        until the new one is committed."""

    def check(self) -> None:
        """Open every part of the newest readable generation; raise
        IndexNotFound or IndexDamaged (with the rebuild command) if none."""

    def snapshot(self) -> Snapshot:
        """This thread's snapshot, refreshed when a commit has happened
        (checked at most once a second)."""

    def fresh_snapshot(self) -> Snapshot:
        """A snapshot of the newest commit, now (for an ingest's checks); close it."""

    def writer(self) -> Writer:
        """The only writer (raises IndexBusy while another program writes)."""


def open_backend(path: str | Path, roots: Callable[[], list[str] | None] = lambda: None) -> Backend:
    """The backend of an index directory (Whoosh, the only one today).
    `roots` gives the folders ingested there, for the rebuild command that
    a "damaged index" message names."""
    from .whoosh import WhooshBackend

    return WhooshBackend(Path(path), roots=roots)


__all__ = ["Backend", "MISSING", "Snapshot", "Writer", "open_backend"]
