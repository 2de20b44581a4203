"""Where indexes written before December 2026 look for their codec.

Whoosh pickles the codec's class, with its module path, into every
segment of an index; those indexes name ``ingest.index.codec``. The codec
lives in ``ingest/index/whoosh/codec.py`` now; this module only lets the
older indexes open (new ones name the new path).
"""
from .whoosh.codec import ArrayCodec, ArrayLeafMatcher, ArrayPostingsWriter  # noqa: F401
