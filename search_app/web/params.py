"""Request parameters -> search arguments, with 400-worthy errors."""
from __future__ import annotations

from flask import Request

from ..search import Filters, QueryError


def _int(req: Request, name: str, default: int | None, lo: int, hi: int) -> int | None:
    raw = req.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not '{raw[:40]}'") from None
    if not lo <= value <= hi:
        raise QueryError(f"{name} must be between {lo} and {hi}, not {value}")
    return value


BY = ("mention", "model")


def search_args(req: Request, default_per_page: int = 20, default_by: str = "model") -> dict:
    """Parse the shared parameters of /search, /api/search, /models, /api/models
    (``by``, one row per mention or per model, is the models' only)."""
    a = req.args
    by = a.get("by", default_by) or default_by
    if by not in BY:
        raise QueryError(f"by must be one of {', '.join(BY)}, not '{by[:40]}'")
    filters = Filters(
        district=a.getlist("district"),
        field=a.getlist("field"),
        year=a.getlist("year"),
        year_from=_int(req, "year_from", None, 1000, 2999),
        year_to=_int(req, "year_to", None, 1000, 2999),
        type=a.getlist("type"),
        source=a.getlist("source"),
        kind=_kinds(a.getlist("kind")),
    )
    for y in filters.year:
        if not y.strip().replace("-", "").isdigit():
            raise QueryError(f"year must be a year like 2017 or a range like 2015-2019, not '{y[:40]}'")
    return {
        "q": a.get("q", ""),
        "filters": filters,
        "sort": a.get("sort", "relevance") or "relevance",
        "page": _int(req, "page", 1, 1, 1000),
        "per_page": _int(req, "per_page", default_per_page, 1, 100),
        "literal": _flag(req, "literal"),
        "skip": _skip(req),
        "by": by,
    }


def _kinds(values: list[str]) -> list[str]:
    """Model kinds, the old words ("gương", "điển hình") read as the kinds they became."""
    from .labels import OLD_KINDS

    out: list[str] = []
    for v in values:
        out.extend(OLD_KINDS.get(v.strip().lower(), [v]))
    return list(dict.fromkeys(out))


def _skip(req: Request) -> tuple[str, ...]:
    """The kinds of natural reading not to apply (a removed chip)."""
    from search_app.search.interpret import KINDS

    out = []
    for v in req.args.getlist("skip"):
        if v not in KINDS:
            raise QueryError(f"skip must be one of {', '.join(KINDS)}, not '{v[:40]}'")
        out.append(v)
    return tuple(dict.fromkeys(out))


def _flag(req: Request, name: str) -> bool:
    raw = (req.args.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no"):
        return False
    if raw in ("1", "true", "yes"):
        return True
    raise QueryError(f"{name} must be 1 or 0, not '{raw[:40]}'")
