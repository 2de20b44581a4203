"""The OpenAPI 3.0 description of the JSON API (served at /api/openapi.json)."""
from __future__ import annotations

import functools


def _param(name, description, schema=None, repeat=False, required=False, where="query"):
    p = {"name": name, "in": where, "description": description, "required": required,
         "schema": schema or {"type": "string"}}
    if repeat:
        p["schema"] = {"type": "array", "items": schema or {"type": "string"}}
        p["style"] = "form"
        p["explode"] = True
    return p


_SEARCH_PARAMS = [
    _param("q", "Query: words (with or without diacritics), \"phrases\", AND/OR/NOT, -word, parentheses, "
                "filters district:\"Kim Bôi\" field:ntm year:2015-2019 type:quyet-dinh number:162/KH-UBND "
                "source:HBĐT title:word. At most 4000 characters (a longer text is read as more like this: rung "
                "similar); a query that cannot be parsed is searched as plain words (see read_as)."),
    _param("district", "District (canonical name of fields.md, case/diacritics-insensitive); repeat for OR",
           repeat=True),
    _param("field", "Field code (qp-an, ntm, nong-nghiep, kinh-te, gd-dt, y-te, van-hoa, lao-dong, "
                    "nguoi-tot, xd-dang, giam-ngheo, moi-truong); repeat for OR", repeat=True),
    _param("year", "Year (2017) or range (2015-2019); repeat for OR", repeat=True),
    _param("year_from", "First year of a range", {"type": "integer", "minimum": 1000, "maximum": 2999}),
    _param("year_to", "Last year of a range", {"type": "integer", "minimum": 1000, "maximum": 2999}),
    _param("type", "Document type (tin-bai, quyet-dinh, ke-hoach, bao-cao, cong-van, thong-bao, chi-thi, "
                   "nghi-quyet, to-trinh, huong-dan); repeat for OR", repeat=True),
    _param("source", "Source (e.g. HBĐT); repeat for OR", repeat=True),
    _param("sort", "Order of results", {"type": "string", "enum": ["relevance", "newest", "oldest"],
                                        "default": "relevance"}),
    _param("page", "Page number", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1}),
    _param("per_page", "Results per page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    _param("literal", "1: search the words exactly as typed: no natural reading (see interpreted), no "
                      "spelling correction (see corrected)", {"type": "integer", "enum": [0, 1], "default": 0}),
    _param("skip", "A kind of natural reading not to apply (district, commune, year, field, type): its words are "
                   "searched as words; repeat for several", repeat=True),
]

_ERROR = {"description": "Bad parameter: the message names it and says what to change",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_NOT_FOUND = {"description": "Not found",
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(ref: str, description: str = "OK") -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
            "headers": {"ETag": {"description": "Weak ETag with the index generation; send it back in "
                                                "If-None-Match to get 304 when nothing changed",
                                 "schema": {"type": "string"}}}}


@functools.cache
def spec() -> dict:
    brief = {"type": "object", "properties": {
        k: {"type": "string", "nullable": True} for k in ("id", "title", "date", "doc_type", "number", "path",
                                                           "source")
    } | {"districts": {"type": "array", "items": {"type": "string"}},
         "fields": {"type": "array", "items": {"type": "string"}}}}
    facet_list = {"type": "array", "items": {"type": "object", "properties": {
        "value": {"oneOf": [{"type": "string"}, {"type": "integer"}]}, "count": {"type": "integer"}}}}
    # a model as stored in the index: Document.models, Trail.models (docs/document.md "Model")
    model = {"type": "object", "properties": {
        "name": {"type": "string"}, "kind": {"type": "string", "nullable": True},
        "district": {"type": "string", "nullable": True}, "field": {"type": "string", "nullable": True},
        "year": {"type": "integer", "nullable": True},
        "sentence": {"type": "string", "description": "The sentence or table row that names the model"},
        "id": {"type": "string"}, "key": {"type": "string"},
        "document_id": {"type": "string"}, "document_title": {"type": "string"},
        "date": {"type": "string", "nullable": True}, "path": {"type": "string"}}}
    model_ref = {"$ref": "#/components/schemas/Model"}
    hit = {"type": "object", "properties": {
        k: {"type": "string", "nullable": True} for k in ("id", "title", "date", "doc_type", "number", "path")
    } | {
        "districts": {"type": "array", "items": {"type": "string"}},
        "fields": {"type": "array", "items": {"type": "string"}},
        "snippet": {"type": "string", "description": "HTML-escaped text with <mark> hits"},
        "score": {"type": "number", "nullable": True}}}
    # a row of /api/models: a search hit on a model record
    model_hit = {"allOf": [hit, {"type": "object", "properties": {
        "name": {"type": "string"}, "kind": {"type": "string", "nullable": True},
        "district": {"type": "string", "nullable": True}, "field": {"type": "string", "nullable": True},
        "year": {"type": "integer", "nullable": True}, "key": {"type": "string"},
        "document_id": {"type": "string"}, "document_title": {"type": "string"}}}]}
    # a row of /api/models?by=model: one model, its mentions in every document
    model_group = {"allOf": [{"$ref": "#/components/schemas/ModelHit"}, {"type": "object", "properties": {
        "aliases": {"type": "array", "items": {"type": "string"}, "description": "Its other names"},
        "mentions": {"type": "integer", "description": "How many times it is named"},
        "documents": {"type": "integer", "description": "In how many documents"},
        "first_year": {"type": "integer", "nullable": True}, "last_year": {"type": "integer", "nullable": True}}}]}
    # a row of /api/search: a search hit on a document record
    doc_hit = {"allOf": [hit, {"type": "object", "properties": {
        "source": {"type": "string", "nullable": True}, "author": {"type": "string", "nullable": True},
        "years": {"type": "array", "items": {"type": "integer"}},
        "ocr": {"type": "boolean", "description": "Some page went through OCR"}}}]}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "tracuu API",
            "version": "1.0",
            "description": "Search Vietnamese provincial news and administrative documents, and the "
                           "exemplary models (mô hình, điển hình tiên tiến, gương) extracted from them. "
                           "Every HTML page also answers with its JSON twin at ?format=json.",
        },
        "paths": {
            "/api/search": {"get": {
                "summary": "Search documents",
                "parameters": _SEARCH_PARAMS,
                "responses": {"200": _json("SearchResult"), "400": _ERROR},
            }},
            "/api/facets": {"get": {
                "summary": "Facet counts (district, field, year, doc_type, source) for a query and filters",
                "parameters": _SEARCH_PARAMS[:8],
                "responses": {"200": _json("Facets"), "400": _ERROR},
            }},
            "/api/documents/{id}": {"get": {
                "summary": "One document: metadata, main text, models, citations both ways, similar documents",
                "parameters": [_param("id", "Document id", required=True, where="path")],
                "responses": {"200": _json("Document"), "404": _NOT_FOUND},
            }},
            "/api/models": {"get": {
                "summary": "Extracted models (JSON, or CSV for Excel with format=csv)",
                "parameters": [p for p in _SEARCH_PARAMS if p["name"] not in ("type", "source")] + [
                    _param("kind", "Model kind (cá nhân, tập thể, mô hình); repeat for OR. The older words gương "
                           "(= cá nhân) and điển hình (= cá nhân or tập thể) are still accepted", repeat=True),
                    _param("by", "model (default): one row per model, its mentions in every document "
                           "grouped (name variants as aliases); mention: one row per mention",
                           {"type": "string", "enum": ["model", "mention"]}),
                    _param("format", "json (default) or csv (UTF-8 with BOM; formula cells neutralized)",
                           {"type": "string", "enum": ["json", "csv"]}),
                ],
                "responses": {
                    "200": {"description": "Models",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Models"}},
                                        "text/csv": {"schema": {"type": "string"}}}},
                    "400": _ERROR,
                },
            }},
            "/api/trail": {"get": {
                "summary": "A model's trail: the model and every document that mentions it, in date order",
                "parameters": [_param("key", "The model's key (the `key` of a model row)", required=True),
                               _param("district", "Its district (the `district` of a model row), when "
                                      "models of that name live in several")],
                "responses": {"200": _json("Trail"), "404": _NOT_FOUND},
            }},
            "/api/overview": {"get": {
                "summary": "Corpus size, last ingest, facet counts of everything, newest documents",
                "responses": {"200": _json("Overview")},
            }},
            "/api/suggest": {"get": {
                "summary": "Spelling and diacritics suggestions for a query",
                "parameters": [_param("q", "Query (at most 200 characters)", required=True)],
                "responses": {"200": {"description": "Suggestions", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "query": {"type": "string"},
                        "suggestions": {"type": "array", "items": {"type": "string"}}}}}}},
                    "400": _ERROR},
            }},
            "/api/openapi.json": {"get": {
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3.0 document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"],
                      "properties": {"error": {"type": "string"}}},
            "Brief": brief,
            "SearchHit": doc_hit,
            "Model": model,
            "ModelHit": model_hit,
            "ModelOfMentions": model_group,
            "Facets": {"type": "object", "properties": {
                "query": {"type": "string"}, "total": {"type": "integer"},
                "facets": {"type": "object", "additionalProperties": facet_list}}},
            "SearchResult": {"type": "object", "properties": {
                "query": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
                "per_page": {"type": "integer"}, "pages": {"type": "integer"}, "sort": {"type": "string"},
                "took_ms": {"type": "number"},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                "facets": {"type": "object", "additionalProperties": facet_list},
                "expansions": {"type": "array", "items": {"type": "object", "properties": {
                    "from": {"type": "string"}, "to": {"type": "string"}}}},
                "suggestions": {"type": "array", "items": {"type": "string"}},
                "number": {"type": "string", "description": "A document number typed as the query"},
                "number_hits": {"type": "array", "items": {"$ref": "#/components/schemas/Brief"}},
                "read_as": {"type": "string", "description": "The plain words searched when the query "
                                                             "could not be parsed"},
                "parse_error": {"type": "string"},
                "rung": {"type": "string", "enum": ["exact", "folded", "corrected", "partial", "similar", "none"],
                         "description": "How the words matched: every required syllable as typed in "
                                        "some result (exact), only with other diacritics (folded), the "
                                        "results of a spelling correction (corrected: see corrected), "
                                        "no document with all the words, those with the most of them "
                                        "(partial), a long text read as more like this (similar), "
                                        "nothing (none)"},
                "interpreted": {"type": "array", "description": "What the query names in ordinary "
                                "words, read as filters (district, year: the results are restricted) or "
                                "boosts (commune: its district; field, type: ranked first); empty when "
                                "read as typed",
                                "items": {"type": "object", "properties": {
                                    "kind": {"type": "string",
                                             "enum": ["district", "commune", "year", "field", "type"]},
                                    "value": {"type": "string"}, "text": {"type": "string"},
                                    "applied": {"type": "string", "enum": ["filter", "boost"]}}}},
                "corrected": {"type": "object", "description": "The query was corrected (a syllable the "
                              "index never holds, replaced by the spelling that stands next to its "
                              "neighbours); the results are the correction's. literal=1 searches the "
                              "query as typed.",
                              "properties": {"from": {"type": "string"}, "to": {"type": "string"}}},
                "filters": {"type": "array", "items": {"type": "object"}},
            }},
            "Models": {"type": "object", "properties": {
                "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                "by": {"type": "string", "enum": ["model", "mention"]},
                "results": {"type": "array", "items": {"oneOf": [
                    {"$ref": "#/components/schemas/ModelOfMentions"}, {"$ref": "#/components/schemas/ModelHit"}]}},
                "facets": {"type": "object", "additionalProperties": facet_list}}},
            "Document": {"type": "object", "properties": {
                "id": {"type": "string"}, "path": {"type": "string"}, "format": {"type": "string"},
                "title": {"type": "string"}, "doc_type": {"type": "string"},
                "number": {"type": "string", "nullable": True}, "agency": {"type": "string", "nullable": True},
                "date": {"type": "string", "nullable": True}, "years": {"type": "array", "items": {"type": "integer"}},
                "source": {"type": "string", "nullable": True}, "author": {"type": "string", "nullable": True},
                "districts": {"type": "array", "items": {"type": "string"}},
                "fields": {"type": "array", "items": {"type": "string"}},
                "abbreviations": {"type": "object", "additionalProperties": {"type": "string"}},
                "field_evidence": {"type": "object", "additionalProperties": {
                    "type": "array", "items": {"type": "string"}}},
                "models": {"type": "array", "items": model_ref},
                "body": {"type": "string"}, "related": {"type": "array", "items": {"type": "string"}},
                "citations": {"type": "array", "items": {"type": "string"}},
                "signer": {"type": "string", "nullable": True}, "signer_title": {"type": "string", "nullable": True},
                "subject": {"type": "string", "nullable": True},
                "warnings": {"type": "array", "items": {"type": "string"}},
                "ocr_pages": {"type": "array", "items": {"type": "integer"}},
                "header_confidence": {"type": "object", "additionalProperties": {"type": "number"},
                                      "description": "OCR confidence (0-100) of number, date, agency"},
                "encoding": {"type": "string"}, "pages": {"type": "integer"},
                "paths": {"type": "array", "items": {"type": "string"}}, "file_hash": {"type": "string"},
                "cites": {"type": "array", "items": {"type": "object", "properties": {
                    "number": {"type": "string"},
                    "document": {"allOf": [{"$ref": "#/components/schemas/Brief"}], "nullable": True}}}},
                "cited_by": {"type": "array", "items": {"$ref": "#/components/schemas/Brief"}},
                "similar": {"type": "array", "items": {"$ref": "#/components/schemas/Brief"}},
                "download_url": {"type": "string", "nullable": True},
                "url": {"type": "string"},
            }},
            "Trail": {"type": "object", "properties": {
                "key": {"type": "string"}, "name": {"type": "string"},
                "district": {"type": "string", "nullable": True},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "models": {"type": "array", "items": model_ref},
                "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Brief"}}}},
            "Overview": {"type": "object", "properties": {
                "documents": {"type": "integer"}, "models": {"type": "integer"},
                "last_ingest": {"type": "string", "nullable": True}, "generation": {"type": "integer"},
                "facets": {"type": "object", "additionalProperties": facet_list},
                "newest": {"type": "array", "items": {"$ref": "#/components/schemas/Brief"}}}},
        }},
    }
