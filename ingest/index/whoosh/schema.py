"""The Whoosh fields of a record (the fields themselves: ``ingest/index/schema.py``).

Only Whoosh's built-in analyzers are used, so the pickled schema in the
index holds no tracuu classes. Vietnamese-specific work (normalization,
tone placement, segmentation, folding) happens before text reaches Whoosh,
in :mod:`ingest.vietnamese`, for documents and queries alike.

Four views of the text (title and body alike):

* ``body``: syllables, exactly as written (normalized), with positions;
  stored, so it serves highlighting and real phrase queries;
* ``body_w``: underthesea words ("nông_thôn_mới"), the main ranking field;
* ``body_bi``: adjacent syllable pairs ("nông_thôn", "thôn_mới"), a fast
  stand-in for two-syllable phrases;
* ``body_f``: syllables without diacritics, for queries typed without them.
"""
from __future__ import annotations

from ingest.vietnamese.syllable import SYLLABLE_PATTERN, WORD_PATTERN
from whoosh.analysis import BiWordFilter, CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map


def syllable_analyzer():
    return RegexTokenizer(SYLLABLE_PATTERN) | LowercaseFilter()


def word_analyzer():
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


def biword_analyzer():
    return RegexTokenizer(SYLLABLE_PATTERN) | LowercaseFilter() | BiWordFilter(sep="_")


def folded_analyzer():
    # LowercaseFilter before CharsetFilter: accent_map lower-cases only some
    # ASCII capitals.
    return RegexTokenizer(SYLLABLE_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    """One index holds documents and the models extracted from them
    (``record`` = "doc" or "model"), so a commit updates both atomically."""
    return Schema(
        id=ID(unique=True, stored=True),
        record=ID(stored=True),                              # "doc" | "model"
        document_id=ID(stored=True),                         # models: their document
        path=ID(stored=True),                                # as shown: relative to the ingest dir
        abs_path=ID(stored=True),
        file_hash=ID(stored=True),
        format=ID(stored=True),
        title=TEXT(analyzer=syllable_analyzer(), stored=True, field_boost=3.0),
        title_w=TEXT(analyzer=word_analyzer(), phrase=False, field_boost=3.0),
        title_f=TEXT(analyzer=folded_analyzer(), field_boost=2.0),
        body=TEXT(analyzer=syllable_analyzer(), stored=True),
        body_w=TEXT(analyzer=word_analyzer(), phrase=False),
        body_bi=TEXT(analyzer=biword_analyzer(), phrase=False),
        body_f=TEXT(analyzer=folded_analyzer()),
        abbr=KEYWORD(lowercase=True, scorable=True),        # abbreviations used or defined
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(int, stored=True, sortable=True),      # year of `date` (models: their year)
        years=KEYWORD(stored=True, commas=True),             # years the text is about
        doc_type=ID(stored=True, sortable=True),
        number=ID(stored=True),
        number_key=ID(),                                     # folded "162khubnd"
        cites_key=KEYWORD(commas=True),                      # number keys of cited documents
        agency=ID(stored=True, sortable=True),
        source=ID(stored=True, sortable=True),
        author=ID(stored=True),
        districts=KEYWORD(stored=True, commas=True, lowercase=False),
        fields=KEYWORD(stored=True, commas=True, lowercase=False),
        model_kind=ID(stored=True, sortable=True),
        model_key=ID(stored=True),                           # folded model name: its identity
        ocr=ID(stored=True),                                 # "yes" when any page was OCR'd
        data=STORED(),                                       # the full JSON record
    )


def codec():
    """The Whoosh codec segments are written with: W3 with packed posting
    blocks (:mod:`.codec`); segments of older indexes, written by W3 itself,
    stay readable."""
    from .codec import ArrayCodec

    return ArrayCodec()
