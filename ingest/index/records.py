"""A document -> the index records of the document and its models.

The text fields of a record are handed to the backend already analyzed:
a list of tokens per view (:mod:`.schema`), the text itself under
``_stored_<field>``. Analysis is done here, in the ingest workers, in bulk
(one regex pass per text), with the rules of :mod:`ingest.vietnamese`; the
one process that owns the index writer only adds the lists. The tokens
are those of the Whoosh analyzers in ``whoosh/schema.py`` (the integration
tests check them field by field).
"""
from __future__ import annotations

import json
import os
import re
from datetime import datetime

from ..document import Document
from ..vietnamese import fold
from ..vietnamese.docnumbers import number_key
from ..vietnamese.segment import Segmenter
from ..vietnamese.syllable import SYLLABLE_PATTERN, WORD_PATTERN
from .schema import BIWORD_FIELDS, FOLDED_FIELDS, SYLLABLE_FIELDS, WORD_FIELDS


def model_key(name: str) -> str:
    """A model's identity: the same for its mentions in every document
    (:func:`ingest.extract.models.names.identity_key`)."""
    from ..extract.models.names import identity_key

    return identity_key(name) or " ".join(fold(name).split())


def index_records(doc: Document | dict, segmenter: Segmenter, digest: str) -> list[dict]:
    """Index records (field dicts) for a document and its models.

    Sets each model's ``id`` and ``key`` on `doc` (a dict is read as
    ``Document.from_json``). Title and body are segmented exactly once here;
    the syllable, bi-word and folded views are derived from the same text.
    """
    if not isinstance(doc, Document):
        doc = Document.from_json(doc)
    title = doc.title or ""
    body = doc.body or ""
    title_words = " ".join(segmenter.words(title))
    body_words = " ".join(segmenter.words(body))
    date = _date(doc.date)
    years = doc.years or ([date.year] if date else [])
    models = doc.models
    for i, m in enumerate(models):
        m.id = f"{doc.id}-m{i + 1}"
        m.key = model_key(m.name or "")
    record = {
        "id": doc.id,
        "record": "doc",
        "path": doc.path,
        "abs_path": doc.abs_path or os.path.abspath(doc.path),
        "file_hash": digest,
        "format": doc.format or "",
        "title": title,
        "title_w": title_words,
        "title_f": title,
        "body": body,
        "body_w": body_words,
        "body_bi": body,
        "body_f": body,
        "abbr": " ".join(a.lower() for a in doc.abbreviations),
        "years": ",".join(str(y) for y in years),
        "doc_type": doc.doc_type or "",
        "number": doc.number or "",
        "number_key": number_key(doc.number) if doc.number else "",
        "cites_key": ",".join(number_key(c) for c in doc.citations),
        "agency": doc.agency or "",
        "source": doc.source or "",
        "author": doc.author or "",
        "districts": ",".join(doc.districts),
        "fields": ",".join(doc.fields),
        "model_key": ",".join(m.key for m in models),
        "ocr": "yes" if doc.ocr_pages else "",
        "data": json.dumps(doc.to_json(), ensure_ascii=False),
    }
    if date:
        record["date"] = date
        record["year"] = date.year
    records = [_drop_empty(record)]
    for m in models:
        year = m.year or (date.year if date else None)
        sentence = m.sentence or ""
        name = m.name or ""
        mrec = {
            "id": m.id,
            "record": "model",
            "document_id": doc.id,
            "path": doc.path,
            "title": name,
            "title_w": " ".join(segmenter.words(name)),
            "title_f": name,
            "body": sentence,
            "body_f": sentence,
            "body_bi": sentence,
            "doc_type": doc.doc_type or "",
            "districts": m.district or "",
            "fields": m.field or "",
            "years": str(year) if year else "",
            "model_kind": m.kind or "",
            "model_key": m.key,
            "data": json.dumps(
                {**m.to_json(), "document_id": doc.id, "document_title": title,
                 "date": doc.date, "path": doc.path},
                ensure_ascii=False,
            ),
        }
        if year:
            mrec["year"] = int(year)
        if date:
            mrec["date"] = date
        records.append(_drop_empty(mrec))
    return records


def _drop_empty(record: dict) -> dict:
    return analyzed({k: v for k, v in record.items() if v not in ("", None)})


_SYLLABLE_RE = re.compile(SYLLABLE_PATTERN)
_WORD_RE = re.compile(WORD_PATTERN)
STORED_TEXT_FIELDS = SYLLABLE_FIELDS


def syllable_tokens(text: str) -> list[str]:
    return [t.lower() for t in _SYLLABLE_RE.findall(text)]


def folded_tokens(syllables: list[str]) -> list[str]:
    """Each syllable without diacritics (:func:`ingest.vietnamese.fold`),
    folded as one text: the syllables hold no line breaks."""
    out = fold("\n".join(syllables)).split("\n") if syllables else []
    return out if len(out) == len(syllables) else [fold(t) for t in syllables]


def biword_tokens(syllables: list[str]) -> list[str]:
    if len(syllables) < 2:
        return list(syllables)  # BiWordFilter passes a single token through
    return [f"{a}_{b}" for a, b in zip(syllables, syllables[1:])]


def word_tokens(text: str) -> list[str]:
    return [t.lower() for t in _WORD_RE.findall(text)]


def analyzed(record: dict) -> dict:
    """The record with its text fields as token lists (see the module docstring)."""
    out = dict(record)
    syllables: dict[int, list[str]] = {}

    def sylls(text: str) -> list[str]:
        key = id(text)
        if key not in syllables:
            syllables[key] = syllable_tokens(text)
        return syllables[key]

    for name, value in record.items():
        if not isinstance(value, str):
            continue
        if name in SYLLABLE_FIELDS:
            out[name] = sylls(value)
            if name in STORED_TEXT_FIELDS:
                out[f"_stored_{name}"] = value
        elif name in FOLDED_FIELDS:
            out[name] = folded_tokens(sylls(value))
        elif name in BIWORD_FIELDS:
            out[name] = biword_tokens(sylls(value))
        elif name in WORD_FIELDS:
            out[name] = word_tokens(value)
    return out


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError:
        return None


