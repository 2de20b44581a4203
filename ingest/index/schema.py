"""The fields of an index record, whatever the backend holds them in.

One index holds three kinds of record (field ``record``): ``doc`` (a
document), ``model`` (an exemplary model extracted from a document, with
``document_id``) and ``alias`` (a second file name of a document's content),
so that one commit changes a document and its models at once.

Text is indexed in four views (title and body alike), each a list of tokens
made by :mod:`.records` with the rules of :mod:`ingest.vietnamese`:

* syllables as written (normalized, lower-cased), with positions; the text
  itself is stored, for highlighting and real phrase queries;
* underthesea words ("nông_thôn_mới"): the main ranking view;
* adjacent syllable pairs ("nông_thôn", "thôn_mới"): fast two-syllable phrases;
* syllables without diacritics: queries typed without them.

A backend maps these names to its own field types (``whoosh/schema.py``);
``tests/integration`` checks that both name the same fields.
"""
from __future__ import annotations

SYLLABLE_FIELDS = ("title", "body")          # syllables with positions; text stored
WORD_FIELDS = ("title_w", "body_w")          # underthesea words
BIWORD_FIELDS = ("body_bi",)                 # adjacent syllable pairs
FOLDED_FIELDS = ("title_f", "body_f")        # syllables without diacritics
TEXT_FIELDS = SYLLABLE_FIELDS + WORD_FIELDS + BIWORD_FIELDS + FOLDED_FIELDS

# one exact value each (stored unless noted in the backend's schema)
ID_FIELDS = ("id", "record", "document_id", "path", "abs_path", "file_hash", "format", "doc_type",
             "number", "number_key", "agency", "source", "author", "model_kind", "model_key", "ocr")
# several values, joined by commas in a record
KEYWORD_FIELDS = ("abbr", "years", "cites_key", "districts", "fields")
DATE_FIELDS = ("date",)                      # sortable; a snapshot's column()
NUMBER_FIELDS = ("year",)
STORED_FIELDS = ("data",)                    # the record's full JSON

ALL_FIELDS = TEXT_FIELDS + ID_FIELDS + KEYWORD_FIELDS + DATE_FIELDS + NUMBER_FIELDS + STORED_FIELDS

# the view of each syllable field in the other views (for phrase evaluation)
PAIRS_OF = {"body": "body_bi"}
WORDS_OF = {"body": "body_w", "title": "title_w"}
ACCENTED_OF = {"body_f": "body", "title_f": "title"}

# facet name in the API -> keyword field, for documents and for models
DOC_FACETS = {"district": "districts", "field": "fields", "year": "years", "doc_type": "doc_type",
              "source": "source"}
MODEL_FACETS = {"district": "districts", "field": "fields", "year": "years", "kind": "model_kind"}
FACET_FIELDS = tuple(dict.fromkeys(list(DOC_FACETS.values()) + list(MODEL_FACETS.values())))
