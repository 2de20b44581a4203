"""Filters (district, field, year, type, source, kind) -> a query tree."""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field

from ingest.errors import QueryError
from ingest.index import tree as T

from .language import resolve_value, years_query


@dataclass
class Filters:
    district: list[str] = _field(default_factory=list)
    field: list[str] = _field(default_factory=list)
    year: list[str] = _field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    type: list[str] = _field(default_factory=list)
    source: list[str] = _field(default_factory=list)
    kind: list[str] = _field(default_factory=list)


def filter_tree(record: str, f: Filters, values: dict[str, list[str]]) -> T.Node:
    """The records of one kind (``doc`` or ``model``) that the filters let
    through. A value is matched to a known one (`values`: index field ->
    valid values) ignoring case and diacritics; an unknown one is a
    QueryError listing the known values."""
    parts: list[T.Node] = [T.Term("record", record)]

    def any_of(fieldname: str, given: list[str], label: str):
        terms = []
        known = values.get(fieldname, [])
        for v in given:
            if not v:
                continue
            canonical = resolve_value(v, known)
            if canonical is None:
                raise QueryError(unknown(label, v, known))
            terms.append(T.Term(fieldname, canonical))
        if terms:
            parts.append(T.Or(terms) if len(terms) > 1 else terms[0])

    any_of("districts", f.district, "district")
    any_of("fields", f.field, "field")
    any_of("doc_type", f.type, "type")
    any_of("source", f.source, "source")
    any_of("model_kind", f.kind, "kind")
    if f.year:
        parts.append(T.Or([years_query(str(y)) for y in f.year]))
    if f.year_from is not None or f.year_to is not None:
        lo = f.year_from if f.year_from is not None else 1900
        hi = f.year_to if f.year_to is not None else 2100
        if lo > hi:
            raise QueryError(f"year_from ({lo}) is after year_to ({hi})")
        parts.append(years_query(f"{max(lo, 1900)}-{min(hi, 2100)}"))
    return T.And(parts)


def unknown(label: str, value: str, known: list[str]) -> str:
    shown = ", ".join(known[:25]) or "(none in this index)"
    return f"unknown {label} '{value}'; known values: {shown}"
