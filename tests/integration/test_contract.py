"""The contract in docs/ is the contract in code.

docs/document.md lists every key of the document, the model and the search
results; they must be exactly the keys of the dataclasses of
ingest/document.py, of the OpenAPI description (search_app/web/openapi.py) and
of what the API returns. docs/fields.md and docs/districts.md must list the
codes of the field table and the districts of the gazetteer. Documents
round-trip through Document.from_json / to_json unchanged.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.document import Document, Model, RawDocument, json_keys
from ingest.extract import extract
from ingest.pipeline import extract_file
from ingest.readers import read
from search_app.web.openapi import spec

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOT_IN_API = "not returned by the API"


def _sections(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Heading (## …) -> the (key, type, meaning) rows of its table."""
    out: dict[str, list] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = []
            continue
        m = re.match(r"^\|\s*`([^`]+)`\s*\|(.*)\|(.*)\|\s*$", line)
        if m and current is not None:
            out[current].append((m.group(1), m.group(2).strip(), m.group(3).strip()))
    return out


SECTIONS = _sections(DOCS / "document.md")


def _keys(heading_start: str) -> list[str]:
    found = [rows for h, rows in SECTIONS.items() if h == heading_start] or \
        [rows for h, rows in SECTIONS.items() if h.startswith(heading_start)]
    assert len(found) == 1, f"docs/document.md: one section '{heading_start}…' expected"
    keys = [k for k, _, _ in found[0]]
    assert len(keys) == len(set(keys)), f"{heading_start}: a key is listed twice"
    assert keys, heading_start
    return keys


def _schema_keys(schema: dict) -> set[str]:
    schemas = spec()["components"]["schemas"]
    if "$ref" in schema:
        return _schema_keys(schemas[schema["$ref"].rsplit("/", 1)[-1]])
    if "allOf" in schema:
        return set().union(*(_schema_keys(s) for s in schema["allOf"]))
    return set(schema.get("properties", {}))


def _component(name: str) -> set[str]:
    return _schema_keys(spec()["components"]["schemas"][name])


def test_every_key_has_a_type_and_a_meaning():
    for heading, rows in SECTIONS.items():
        for key, type_, meaning in rows:
            assert type_ and meaning, f"{heading}: `{key}`"


def test_document_keys_are_the_dataclass_fields():
    assert _keys("Document") == json_keys(Document)


def test_model_keys_are_the_dataclass_fields():
    assert _keys("Model") == json_keys(Model)


def test_document_keys_are_the_openapi_document():
    documented = {k for k, _, meaning in SECTIONS["Document"] if NOT_IN_API not in meaning}
    added = set(_keys("Added by `GET /api/documents"))
    assert _component("Document") == documented | added


def test_model_row_is_the_openapi_model():
    assert _component("Model") == set(_keys("Model")) | set(_keys("Model row"))


def test_search_hits_are_the_openapi_hits():
    assert _component("SearchHit") == set(_keys("Search hit"))
    assert _component("ModelHit") == set(_keys("Model hit"))
    assert _component("ModelOfMentions") == set(_keys("Model hit")) | set(_keys("Model of many mentions"))
    responses = spec()["paths"]
    search_items = _schema_keys({"$ref": "#/components/schemas/SearchResult"})
    assert "results" in search_items
    assert spec()["components"]["schemas"]["SearchResult"]["properties"]["results"]["items"] == {
        "$ref": "#/components/schemas/SearchHit"}
    assert spec()["components"]["schemas"]["Models"]["properties"]["results"]["items"] == {"oneOf": [
        {"$ref": "#/components/schemas/ModelOfMentions"}, {"$ref": "#/components/schemas/ModelHit"}]}
    assert "/api/models" in responses


# -- what the API really returns --------------------------------------------------

def test_api_document_has_the_documented_keys(client, documents):
    documented = {k for k, _, meaning in SECTIONS["Document"] if NOT_IN_API not in meaning}
    added = set(_keys("Added by `GET /api/documents"))
    optional = {k for k, type_, _ in SECTIONS["Document"] if "optional" in type_}
    for name, doc in documents.items():
        keys = set(doc)
        assert keys <= documented | added, (name, keys - documented - added)
        assert documented - optional <= keys, (name, documented - optional - keys)
        assert "abs_path" not in keys
        for m in doc.get("models") or []:
            assert set(m) <= set(_keys("Model")) | set(_keys("Model row")), (name, m)


def test_api_hits_have_the_documented_keys(client):
    hits = client.get("/api/search?per_page=100").get_json()["results"]
    assert hits
    for h in hits:
        assert set(h) == set(_keys("Search hit")), set(h) ^ set(_keys("Search hit"))
    mentions = client.get("/api/models?per_page=100&by=mention").get_json()["results"]
    assert mentions
    for m in mentions:
        assert set(m) == set(_keys("Model hit")), set(m) ^ set(_keys("Model hit"))
    models = client.get("/api/models?per_page=100").get_json()["results"]
    assert models and len(models) <= len(mentions)
    for m in models:
        want = set(_keys("Model hit")) | set(_keys("Model of many mentions"))
        assert set(m) == want, set(m) ^ want


# -- fields and districts -----------------------------------------------------------

def _first_column(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and not set(cells[0]) <= set("-: ") \
                and cells[0] not in ("code", "canonical name"):
            out.append(cells[0].strip("`"))
    return out


def test_fields_md_lists_the_codes_of_the_field_table():
    from ingest.extract.fields import NEUTRAL

    codes = []
    for line in (ROOT / "ingest" / "extract" / "data" / "fields.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code = line.split("\t")[0]
            if code != NEUTRAL and code not in codes:
                codes.append(code)
    assert _first_column(DOCS / "fields.md") == codes


def test_districts_md_lists_the_gazetteer_districts():
    from ingest.vietnamese.gazetteer import districts

    assert _first_column(DOCS / "districts.md") == districts()


# -- round trips --------------------------------------------------------------------

def _round_trip(d: dict, ordered: bool = True) -> None:
    again = Document.from_json(d).to_json()
    assert again == d
    if ordered:   # same keys in the same order (the API's JSON has its keys sorted)
        assert json.dumps(again, ensure_ascii=False) == json.dumps(d, ensure_ascii=False)


def test_round_trip_of_the_fixture_corpus(corpus_dir):
    files = sorted(p for p in corpus_dir.rglob("*") if p.is_file())
    assert files
    for p in files:
        doc = extract_file(p)
        assert isinstance(doc, Document) and all(isinstance(m, Model) for m in doc.models)
        _round_trip(doc.to_json())


def test_round_trip_of_indexed_documents(documents):
    from ingest.index.records import index_records
    from ingest.vietnamese.segment import Segmenter

    for doc in documents.values():
        stored = {k: v for k, v in doc.items() if k not in ("cites", "cited_by", "similar", "download_url", "url")}
        stored["models"] = [{k: v for k, v in m.items()
                             if k not in ("document_id", "document_title", "date", "path")}
                            for m in stored.get("models") or []]
        _round_trip(stored, ordered=False)
    # the records' stored data is to_json() of the document
    one = next(iter(documents.values()))
    d = Document.from_json({**one, "abs_path": "/x/y.txt"})
    recs = index_records(d, Segmenter(), "h")
    assert json.loads(recs[0]["data"]) == d.to_json()


CORPUS = sorted(p for folder in ("tin-bai", "van-ban", "dac-biet") for p in (ROOT / "corpus" / folder).iterdir()
                if p.is_file())


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_round_trip_of_corpus_files(path):
    _round_trip(extract(read(str(path))).to_json())


def test_from_json_tolerates_missing_and_keeps_unknown_keys():
    doc = Document.from_json({"id": "a", "title": "T", "future_key": {"x": 1},
                              "models": [{"name": "M", "new": 2}]})
    assert doc.title == "T" and doc.years == [] and doc.body == ""
    out = doc.to_json()
    assert out["future_key"] == {"x": 1} and out["models"][0]["new"] == 2
    assert Document.from_json(out).to_json() == out
    assert Document.from_json({}).to_json()["warnings"] == []


def test_extract_takes_a_raw_document():
    doc = extract(RawDocument(path="x.txt", format="txt", blocks=["(HBĐT) - Năm 2017, xã đạt chuẩn NTM."]))
    assert isinstance(doc, Document) and doc.id is None and doc.path == "x.txt"
