"""Facet counts of a set of matching records, as the API shows them."""
from __future__ import annotations

import numpy as np

from ingest.index.backend import Snapshot
from ingest.index.schema import DOC_FACETS, MODEL_FACETS


def facet_counts(snap: Snapshot, mask: np.ndarray, record: str) -> dict:
    """{facet: [{"value", "count"}, …]} among the records of `mask` (a
    record counts once for each of its values): years newest first, the
    others by count, then value."""
    names = DOC_FACETS if record == "doc" else MODEL_FACETS
    out = {}
    for name, fieldname in names.items():
        counts = snap.facet_counts(fieldname, mask)
        items = [{"value": int(v) if name == "year" else v, "count": c}
                 for v, c in counts.items() if v not in (None, "")]
        if name == "year":
            items.sort(key=lambda x: -x["value"])
        else:
            items.sort(key=lambda x: (-x["count"], str(x["value"])))
        out[name] = items
    return out
