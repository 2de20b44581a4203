"""lxml tree helpers shared by the HTML reader's modules: the tag sets
(inline, skipped, block-text), an element's lower-cased tag, class/id
string and whitespace-collapsed text, dropping an element while keeping
its tail text, ancestry tests, link- and paragraph-text lengths, and the
normalised form of a box heading.
"""
from __future__ import annotations

import re

from ..txt import collapse_ws

INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big cite code data dfn em font i kbd label mark nobr q s samp "
    "small span strike strong sub sup time tt u var ins del".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template iframe svg math object embed canvas button select "
    "textarea input option link meta head title img picture video audio source track map "
    "area dialog frame frameset".split()
)
BLOCK_TEXT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dd", "dt",
                   "pre", "figcaption", "caption", "address", "td", "th")


def _tag(el) -> str | None:
    t = el.tag
    return t.lower() if isinstance(t, str) else None


def _attrs(el) -> str:
    return (" ".join(filter(None, (el.get("class"), el.get("id"))))).lower().replace("_", "-")


def _classes(el) -> set[str]:
    return {c.lower() for c in (el.get("class") or "").split()}


def _text(el) -> str:
    return collapse_ws(el.text_content())


def _drop(el, keep_tail: bool = True) -> None:
    """Remove el (by default keeping its tail text in the tree)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and keep_tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _ancestors(el):
    p = el.getparent()
    while p is not None:
        yield p
        p = p.getparent()


def _is_within(el, container) -> bool:
    return el is container or any(a is container for a in _ancestors(el))


def _link_text_len(el) -> int:
    return sum(len(_text(a)) for a in el.iter("a"))


def _para_text_len(el) -> int:
    return sum(len(_text(p)) for p in el.iter("p"))


def _norm_heading(text: str) -> str:
    t = collapse_ws(text).lower()
    t = re.sub(r"^[\s>»\-–•|:]+|[\s:>»\-–•|.()\d]+$", "", t)
    return t
