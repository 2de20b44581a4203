"""Document types, from one data file: ``data/doc_types.tsv`` (sources in its
header). Extraction, the UI labels and the query parser use this module.

Each type is a :class:`DocType` record::

    DocType(code="quyet-dinh", name="Quyết định", folded="quyet dinh",
            symbol="QĐ", numbered=True, kind="document")

API::

    DOC_TYPES         tuple[DocType, ...]  every type, in file order (UI order)
    DOCUMENT_TYPES    tuple[DocType, ...]  administrative documents only
    by_code(code)     -> DocType | None    "quyet-dinh"
    by_symbol(sym)    -> DocType | None    a number's symbol as written: "QĐ", "TTr"
    by_heading(text)  -> DocType | None    a heading, any case/diacritics: "QUYẾT ĐỊNH"
    by_spelling(text) -> DocType | None    a name or symbol as a user types it:
                                           "qd", "QĐ", "quyết định", "quyet dinh"
    label(code)       -> str               "Quyết định"; an unknown code as given
    labels()          -> dict[str, str]    code -> name, every type
    names()           -> list[str]         the names, every type
    codes()           -> list[str]
    spellings(t)      -> tuple[str, ...]   the lower-case spellings by_spelling knows
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .normalize import fold

__all__ = [
    "DATA_FILE", "DocType", "load", "DOC_TYPES", "DOCUMENT_TYPES", "by_code", "by_symbol",
    "by_heading", "by_spelling", "label", "labels", "names", "codes", "spellings",
]

DATA_FILE = Path(__file__).with_name("data") / "doc_types.tsv"
_COLUMNS = ("code", "name", "folded", "symbol", "numbered", "kind")
_KINDS = ("document", "article")


@dataclass(frozen=True)
class DocType:
    code: str          # the index's doc_type value: "quyet-dinh"
    name: str          # "Quyết định"
    folded: str        # "quyet dinh"
    symbol: str        # "QĐ" ("" for none)
    numbered: bool     # the symbol is written in the type's numbers ("162/QĐ-UBND")
    kind: str          # "document" or "article"

    @property
    def is_document(self) -> bool:
        return self.kind == "document"


def load(path: Path = DATA_FILE) -> tuple[DocType, ...]:
    """The records of `path`; a malformed line is a ValueError naming it."""
    out: list[DocType] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if tuple(parts) == _COLUMNS:
            continue
        where = f"{path}:{n}"
        if len(parts) != len(_COLUMNS):
            raise ValueError(f"{where}: expected {len(_COLUMNS)} tab-separated columns "
                             f"({', '.join(_COLUMNS)}), got {line!r}")
        code, name, folded, symbol, numbered, kind = parts
        if folded != fold(name):
            raise ValueError(f"{where}: folded name {folded!r} is not fold({name!r}) = {fold(name)!r}")
        if numbered not in ("yes", "no") or kind not in _KINDS:
            raise ValueError(f"{where}: numbered must be yes/no and kind one of {_KINDS}")
        if code in seen:
            raise ValueError(f"{where}: code {code!r} listed twice")
        seen.add(code)
        out.append(DocType(code, name, folded, "" if symbol == "-" else symbol, numbered == "yes", kind))
    return tuple(out)


DOC_TYPES: tuple[DocType, ...] = load()
DOCUMENT_TYPES: tuple[DocType, ...] = tuple(t for t in DOC_TYPES if t.is_document)
_BY_CODE = {t.code: t for t in DOC_TYPES}
_BY_SYMBOL = {t.symbol: t for t in DOCUMENT_TYPES if t.symbol}
_BY_HEADING = {t.folded: t for t in DOCUMENT_TYPES}


def spellings(t: DocType) -> tuple[str, ...]:
    """The lower-case ways a user may type `t`: name, folded name, symbol,
    folded symbol ("quyết định", "quyet dinh", "qđ", "qd")."""
    forms = [t.name.lower(), t.folded]
    if t.symbol:
        forms += [t.symbol.lower(), fold(t.symbol)]
    return tuple(dict.fromkeys(forms))


@functools.cache
def _by_spelling() -> dict[str, DocType]:
    return {s: t for t in DOCUMENT_TYPES for s in spellings(t)}


def by_code(code: str | None) -> DocType | None:
    return _BY_CODE.get(code or "")


def by_symbol(symbol: str | None) -> DocType | None:
    """The document type whose number symbol is `symbol` exactly ("QĐ", "TTr")."""
    return _BY_SYMBOL.get(symbol or "")


def by_heading(text: str | None) -> DocType | None:
    """The document type a heading names ("QUYẾT ĐỊNH", "Ke hoach")."""
    return _BY_HEADING.get(" ".join(fold(text or "").split()))


def by_spelling(text: str | None) -> DocType | None:
    """The document type a user's word names, in any case, with or without
    diacritics: "qd", "QĐ", "quyết định", "Quyet dinh"."""
    key = " ".join((text or "").lower().split())
    return _by_spelling().get(key) or _by_spelling().get(fold(key))


def label(code: str | None) -> str:
    """The name the UI shows for `code`; an unknown code is shown as given."""
    t = by_code(code)
    return t.name if t else (code or "")


def labels() -> dict[str, str]:
    """code -> name of every type, in file order."""
    return {t.code: t.name for t in DOC_TYPES}


def names() -> list[str]:
    return [t.name for t in DOC_TYPES]


def codes() -> list[str]:
    return [t.code for t in DOC_TYPES]
