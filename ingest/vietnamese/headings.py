"""Headings of "other stories" on Vietnamese news pages, from one data file.

``data/related_headings.tsv`` (source in its header) lists, in lower case
with diacritics, the headings over a block of other stories ("Các tin
khác"), over a most-read box ("Tin đọc nhiều"), and the lead-ins before one
linked title ("Xem thêm: <title>"). The HTML reader and the text extraction
both use it::

    RELATED_HEADINGS    tuple[str, ...]   block headings, kind "related"
    MOST_READ_HEADINGS  tuple[str, ...]   kind "most_read"
    INLINE_LEADS        tuple[str, ...]   kind "inline"
    RELATED_FOLDED      frozenset[str]    RELATED_HEADINGS folded ("cac tin khac")
    heading_kind(h) -> "related" | "most_read" | None   (h lower-cased, trimmed)
    is_related_folded(f) -> bool          (f folded, trimmed)
    inline_leads_pattern() -> str         regex alternation of INLINE_LEADS
    related_line_re() -> re.Pattern       a line that is only a block heading
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from .normalize import fold

__all__ = [
    "DATA_FILE", "KINDS", "load", "RELATED_HEADINGS", "MOST_READ_HEADINGS", "INLINE_LEADS",
    "RELATED_FOLDED", "heading_kind", "is_related_folded", "inline_leads_pattern", "related_line_re",
]

DATA_FILE = Path(__file__).with_name("data") / "related_headings.tsv"
KINDS = ("related", "most_read", "inline")


def load(path: Path = DATA_FILE) -> dict[str, tuple[str, ...]]:
    """kind -> headings, in file order (no duplicates within a kind)."""
    out: dict[str, list[str]] = {k: [] for k in KINDS}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "heading\t")):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 2 or parts[1] not in out or not parts[0]:
            raise ValueError(f"{path}:{n}: expected 'heading<TAB>{'|'.join(KINDS)}', got {line!r}")
        heading = " ".join(parts[0].lower().split())
        if heading not in out[parts[1]]:
            out[parts[1]].append(heading)
    return {k: tuple(v) for k, v in out.items()}


_LISTS = load()
RELATED_HEADINGS: tuple[str, ...] = _LISTS["related"]
MOST_READ_HEADINGS: tuple[str, ...] = _LISTS["most_read"]
INLINE_LEADS: tuple[str, ...] = _LISTS["inline"]
RELATED_FOLDED: frozenset[str] = frozenset(fold(h) for h in RELATED_HEADINGS)
_RELATED_SET = frozenset(RELATED_HEADINGS)
_MOST_READ_SET = frozenset(MOST_READ_HEADINGS)


def heading_kind(heading: str) -> str | None:
    """"most_read", "related" or None for a heading already lower-cased and
    trimmed ("tin liên quan"). A heading in both lists is a most-read one."""
    if heading in _MOST_READ_SET:
        return "most_read"
    if heading in _RELATED_SET:
        return "related"
    return None


def is_related_folded(folded: str) -> bool:
    """True when `folded` (folded, trimmed: "cac tin khac") is a block heading."""
    return folded in RELATED_FOLDED


def _alternation(phrases) -> str:
    # longest first, so that "mời bạn đọc xem" wins over "mời bạn đọc"
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


@functools.cache
def inline_leads_pattern() -> str:
    """A regex alternation (no group) matching any inline lead-in; words may
    be separated by any white space. Compile it with re.IGNORECASE."""
    return "(?:" + _alternation(INLINE_LEADS) + ")"


@functools.cache
def related_line_re() -> re.Pattern:
    """A line (re.MULTILINE) that is only a block heading, with an optional
    colon: "Các tin khác", "Tin liên quan:"."""
    return re.compile(r"^\s*(" + _alternation(RELATED_HEADINGS) + r")\s*:?\s*$",
                      re.IGNORECASE | re.MULTILINE)
