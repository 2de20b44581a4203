"""tracuu's library: read documents, analyze Vietnamese text, extract
metadata and models, and keep the Whoosh index.

- :mod:`ingest.readers` — one reader per file format -> :class:`RawDocument`
- :mod:`ingest.vietnamese` — Vietnamese text rules (used by search too)
- :mod:`ingest.extract` — metadata, main text and models -> document dict
- :mod:`ingest.index` — the Whoosh schema, writing and searching
- :mod:`ingest.pipeline` — one file from disk to an indexable document
- :mod:`ingest.run` — an ingest run over many files
"""
__version__ = "0.1.0"
