"""The document contract in code: what a reader returns, what extraction
makes of it, and the JSON the index stores and the API returns.

- :class:`RawDocument` — a file's content before extraction (every reader
  returns one);
- :class:`Model` — one exemplary model (a person, a collective or an initiative) named
  in a document;
- :class:`Document` — the extracted document.

``to_json()`` gives the exact dict that is stored in the index and returned
by ``tracuu extract --json`` and ``GET /api/documents/<id>``;
``from_json(d)`` reads one back, tolerating missing keys and keeping unknown
ones (in ``extra``), so documents of older indexes still load.
docs/document.md describes every key; tests/test_contract.py keeps the two
in agreement.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from dataclasses import field as _field


@dataclass
class RawDocument:
    """A file's content before extraction.

    `blocks` are the text blocks in reading order (paragraphs, headings,
    list items, lines of a PDF page), as the reader found them; readers
    keep the raw text, the pipeline normalizes it. `related` holds teaser
    titles a reader recognised in markup as "other stories" (HTML); for
    plain text, extraction finds that block itself.
    """

    path: str
    format: str                      # html, txt, pdf, docx, ...
    blocks: list[str] = _field(default_factory=list)
    title: str | None = None
    meta: dict = _field(default_factory=dict)     # date, author, description, site, fonts...
    tables: list[list[list[str]]] = _field(default_factory=list)  # table -> rows -> cells
    related: list[str] = _field(default_factory=list)
    warnings: list[str] = _field(default_factory=list)
    pages: int | None = None         # PDFs: page count
    ocr_pages: list[int] = _field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b for b in self.blocks if b and b.strip())


def _list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


def _dict(value) -> dict:
    return dict(value) if isinstance(value, dict) else {}


@dataclass
class Model:
    """One model named in a document (ingest.extract.models).

    `id` and `key` are set when the document is indexed
    (``ingest.index.records.index_records``); until then they are None and
    absent from the JSON.
    """

    name: str
    kind: str | None = None          # cá nhân | tập thể | mô hình
    district: str | None = None      # canonical district name (docs/districts.md)
    field: str | None = None         # field code (docs/fields.md)
    year: int | None = None
    sentence: str = ""               # the sentence or table row that names it
    id: str | None = None            # "<document id>-m<n>", set by indexing
    key: str | None = None           # folded name, set by indexing: the model's trail
    extra: dict = _field(default_factory=dict)   # keys this version does not know

    _OPTIONAL = ("id", "key")

    def to_json(self) -> dict:
        out = {"name": self.name, "kind": self.kind, "district": self.district, "field": self.field,
               "year": self.year, "sentence": self.sentence}
        for k in self._OPTIONAL:
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, d: dict) -> Model:
        known = {f.name for f in fields(cls)} - {"extra"}
        return cls(
            name=d.get("name") or "", kind=d.get("kind"), district=d.get("district"), field=d.get("field"),
            year=d.get("year"), sentence=d.get("sentence") if d.get("sentence") is not None else "",
            id=d.get("id"), key=d.get("key"),
            extra={k: v for k, v in d.items() if k not in known},
        )


@dataclass
class Document:
    """An extracted document (ingest.extract.extract, completed by
    ingest.pipeline). Keys documented in docs/document.md.

    The optional keys (`ocr_pages`, `header_confidence`, `encoding`, `pages`, `paths`,
    `file_hash`, `abs_path`) are None when they do not apply and are then
    absent from the JSON, as they always were.
    """

    id: str | None = None
    path: str | None = None
    format: str = ""
    title: str | None = None
    doc_type: str | None = None
    number: str | None = None
    agency: str | None = None
    date: str | None = None           # YYYY-MM-DD
    years: list[int] = _field(default_factory=list)
    source: str | None = None
    author: str | None = None
    districts: list[str] = _field(default_factory=list)
    fields: list[str] = _field(default_factory=list)
    field_evidence: dict[str, list[str]] = _field(default_factory=dict)
    abbreviations: dict[str, str] = _field(default_factory=dict)
    models: list[Model] = _field(default_factory=list)
    body: str = ""
    related: list[str] = _field(default_factory=list)
    citations: list[str] = _field(default_factory=list)
    signer: str | None = None
    signer_title: str | None = None
    subject: str | None = None
    warnings: list[str] = _field(default_factory=list)
    # optional: absent from the JSON when None
    ocr_pages: list[int] | None = None
    header_confidence: dict[str, float] | None = None   # OCR confidence (0-100) of number, date, agency
    encoding: str | None = None
    pages: int | None = None
    paths: list[str] | None = None
    file_hash: str | None = None
    abs_path: str | None = None
    extra: dict = _field(default_factory=dict)   # keys this version does not know

    _CORE = ("id", "path", "format", "title", "doc_type", "number", "agency", "date", "years", "source",
             "author", "districts", "fields", "field_evidence", "abbreviations", "models", "body", "related",
             "citations", "signer", "signer_title", "subject", "warnings")
    _OPTIONAL = ("ocr_pages", "header_confidence", "encoding", "pages", "paths", "file_hash", "abs_path")

    def to_json(self) -> dict:
        out = {}
        for k in self._CORE:
            v = getattr(self, k)
            if k == "models":
                v = [m.to_json() for m in v]
            elif isinstance(v, (list, dict)):
                v = type(v)(v)
            out[k] = v
        for k in self._OPTIONAL:
            v = getattr(self, k)
            if v is not None:
                out[k] = list(v) if isinstance(v, list) else v
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, d: dict) -> Document:
        known = set(cls._CORE) | set(cls._OPTIONAL)
        opt = {k: d.get(k) for k in cls._OPTIONAL}
        for k in ("ocr_pages", "paths"):
            if opt[k] is not None:
                opt[k] = _list(opt[k])
        return cls(
            id=d.get("id"), path=d.get("path"), format=d.get("format") or "", title=d.get("title"),
            doc_type=d.get("doc_type"), number=d.get("number"), agency=d.get("agency"), date=d.get("date"),
            years=_list(d.get("years")), source=d.get("source"), author=d.get("author"),
            districts=_list(d.get("districts")), fields=_list(d.get("fields")),
            field_evidence=_dict(d.get("field_evidence")), abbreviations=_dict(d.get("abbreviations")),
            models=[Model.from_json(m) for m in _list(d.get("models")) if isinstance(m, dict)],
            body=d.get("body") or "", related=_list(d.get("related")), citations=_list(d.get("citations")),
            signer=d.get("signer"), signer_title=d.get("signer_title"), subject=d.get("subject"),
            warnings=_list(d.get("warnings")), **opt,
            extra={k: v for k, v in d.items() if k not in known},
        )


# the JSON keys of each shape (tests/test_contract.py compares them with docs/document.md)
def json_keys(cls) -> list[str]:
    return [f.name for f in fields(cls) if f.name != "extra"]
