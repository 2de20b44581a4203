"""What a model takes from the text around it: its year, field and district.

The first year stated near the model (a school year counts as its second
year), its field (lĩnh vực) from its name when the name says it clearly,
else from the sentence and paragraph, and the one district named in its
address or surroundings.
"""
from __future__ import annotations

import re

from ingest.vietnamese.normalize import normalize

from ..districts import district_of_address, mentions
from ..fields import field_of_text
from ..fields import scores as fields_scores

_YEAR_RE = re.compile(r"(?<!\d)(?:năm\s+)?((?:19[6-9]|20[0-4])\d)(?!\d)", re.IGNORECASE)

_SCHOOL_YEAR_RE = re.compile(r"năm học\s+(?:19|20)\d\d\s*[-–/]\s*((?:19|20)\d\d)", re.IGNORECASE)


def _year_near(text: str, default: int | None) -> int | None:
    """The first year stated in `text` ("năm học 2020 - 2021": 2021), else `default`."""
    m = _YEAR_RE.search(text)
    if not m:
        return default
    sy = _SCHOOL_YEAR_RE.search(text)
    if sy and sy.start() <= m.start() < sy.end():
        return int(sy.group(1))
    return int(m.group(1))


def _field_of(name: str, *contexts: str) -> str | None:
    """A model's field: from its name when the name says it clearly, else from
    the name with the text around it (the sentence, then the paragraph)."""
    for ctx in ("",) + contexts:
        text = name + ("\n" + ctx if ctx else "")
        sc = fields_scores(text)
        if sc and max(sc.values()) >= 1.5:
            return field_of_text(text)
    return field_of_text(name) or (field_of_text(contexts[0]) if contexts else None)


def _district_near(text: str, year: int | None) -> str | None:
    """The one district named in `text` (address or surroundings), else None."""
    found, _, _ = mentions(normalize(text), year=year)
    ds = list(dict.fromkeys(m.district for m in found))
    if len(ds) == 1:
        return ds[0]
    if ds:
        # several: the model's explicit address wins ("xã A, huyện B")
        d = district_of_address(text, year=year)
        explicit = [m for m in found if m.kind in ("district", "city", "commune")]
        if explicit and len({m.district for m in explicit}) == 1:
            return d
    return None
