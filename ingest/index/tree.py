"""The query tree a backend evaluates.

Search (``search_app/search/``) turns what a person types into a tree of
these nodes; a backend (``ingest/index/whoosh/``) evaluates the tree over
its index to a mask of matching documents and their scores. The nodes are
frozen and hashable, so a tree is its own cache key.

Scoring, as every backend must implement it (the Whoosh backend uses
Whoosh's BM25F statistics):

* ``Term``: the term's BM25F score in its field, times its boost;
* ``Or``: the sum of its matching parts' scores, times its boost;
* ``And``: the sum of its parts' scores where all match, times its boost;
* ``AndNot``: the left side where the right side does not match;
* ``Not``: every document the query does not match, scored 0;
* ``Phrase``: syllables standing next to each other in a syllable field,
  scored as the sum of its syllables' term scores, times its boost;
* ``Prefix``: every term starting with the text, scored a constant (its boost);
* ``Every``: every document, scored its boost; ``Nothing``: no document.
"""
from __future__ import annotations

from dataclasses import dataclass


class Node:
    """A query tree node."""

    __slots__ = ()


@dataclass(frozen=True)
class Term(Node):
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase(Node):
    field: str
    words: tuple[str, ...]
    boost: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "words", tuple(self.words))


@dataclass(frozen=True)
class Prefix(Node):
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class And(Node):
    parts: tuple[Node, ...]
    boost: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "parts", tuple(self.parts))


@dataclass(frozen=True)
class Or(Node):
    parts: tuple[Node, ...]
    boost: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "parts", tuple(self.parts))


@dataclass(frozen=True)
class AndNot(Node):
    positive: Node
    negative: Node


@dataclass(frozen=True)
class Not(Node):
    query: Node


@dataclass(frozen=True)
class Every(Node):
    boost: float = 1.0


@dataclass(frozen=True)
class Nothing(Node):
    pass


__all__ = ["And", "AndNot", "Every", "Node", "Not", "Nothing", "Or", "Phrase", "Prefix", "Term"]
