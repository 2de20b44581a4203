"""Newspaper and portal layouts for the HTML reader: the article container
by selectors (``itemprop=articleBody``, the container classes and ids, the
``<article>`` around them, a generic ``#content``), the page furniture
removed around it (nav, header, footer, aside, form, and menu / sidebar /
share / banner ... by class or id), and, when no selector matches, the
element with the most paragraph text.
"""
from __future__ import annotations

import re

from ..txt import collapse_ws
from .tree import (
    INLINE_TAGS,
    _ancestors,
    _attrs,
    _classes,
    _drop,
    _is_within,
    _link_text_len,
    _para_text_len,
    _tag,
    _text,
)

_BOILERPLATE_TAGS = ("nav", "header", "footer", "aside", "form")
_BOILERPLATE_RE = re.compile(r"menu|footer|sidebar|breadcrumb|share|comment|banner|advert|social|"
                             r"\bads?\b|quangcao|quang-cao", re.I)


_CONTAINER_CLASSES = (
    "article-content", "detail-content", "content-detail", "post-content", "entry-content",
    "article-body", "article__body", "articlebody", "article_content", "detail__content",
    "detail-content-body", "fck_detail", "news-content", "content-news", "news-detail",
    "newsdetail", "detail-news", "chitiet", "noidung", "noi-dung", "post-body", "story-body",
    "cms-body", "singular-content", "td-post-content", "journal-content-article",
    "content-body", "body-content", "main-detail", "detail-body", "ndtin",
)
_CONTAINER_IDS = ("article-content", "content-detail", "detail-content", "articlecontent",
                  "contentdetail", "divcontent", "main-detail", "newsdetail")
_GENERIC_IDS = ("content", "main-content", "maincontent", "main")


def _has_enough_text(el) -> bool:
    return len(_text(el)) >= 150 or any(len(_text(p)) >= 60 for p in el.iter("p"))


def _find_container(body):
    """Container by selectors; None when nothing specific matches."""
    specific = None
    for el in body.iter():
        if _tag(el) is None:
            continue
        if (el.get("itemprop") or "").lower() == "articlebody" and _has_enough_text(el):
            specific = el
            break
    if specific is None:
        rank = {c: i for i, c in enumerate(_CONTAINER_CLASSES)}
        id_rank = len(rank)
        best = None
        for el in body.iter():
            if _tag(el) is None:
                continue
            r = min((rank[c] for c in _classes(el) if c in rank), default=None)
            if r is None and (el.get("id") or "").lower() in _CONTAINER_IDS:
                r = id_rank
            if r is not None and (best is None or r < best[0]) and _has_enough_text(el):
                best = (r, el)
        if best is not None:
            specific = best[1]
    articles = [a for a in body.iter("article") if _has_enough_text(a)]
    if specific is not None:
        # prefer the <article> around the body (it holds the lead paragraph)
        for a in articles:
            if _is_within(specific, a) and a is not specific:
                if _para_text_len(a) <= 1.5 * _para_text_len(specific) + 1500:
                    return a
        return specific
    if articles:
        return max(articles, key=_para_text_len)
    for el in body.iter():
        if _tag(el) and (el.get("id") or "").lower() in _GENERIC_IDS and _has_enough_text(el):
            return el
    return None


def _remove_boilerplate(body, container) -> None:
    protected = set()
    if container is not None:
        protected.add(container)
        protected.update(_ancestors(container))
    total_text = max(1, len(_text(body)) - _link_text_len(body))
    for el in list(body.iter()):
        if el in protected or el.getparent() is None:
            continue
        tag = _tag(el)
        if tag is None or tag in ("body", "html"):
            continue
        inside = container is not None and _is_within(el, container)
        by_tag = tag in _BOILERPLATE_TAGS and not (inside and tag in ("header", "footer"))
        attrs = _attrs(el)
        by_attr = bool(attrs) and bool(_BOILERPLATE_RE.search(attrs))
        if not (by_tag or by_attr):
            continue
        # a layout wrapper (an ASP.NET <form>, a "has-sidebar" div) that holds
        # most of the page's non-link text stays
        if container is None and len(_text(el)) - _link_text_len(el) >= 0.5 * total_text:
            continue
        _drop(el)


def _best_by_paragraphs(body):
    scores: dict = {}
    for el in body.iter():
        tag = _tag(el)
        if tag is None:
            continue
        if tag in ("p", "pre", "blockquote"):
            n = len(_text(el)) - _link_text_len(el)
            if n < 25:
                continue
            parent = el.getparent()
            if parent is None:
                continue
            scores[parent] = scores.get(parent, 0) + n
            gp = parent.getparent()
            if gp is not None:
                scores[gp] = scores.get(gp, 0) + n / 2
        elif tag in ("div", "td", "section", "article", "main", "center"):
            own_inline = (el.text or "") + " ".join(
                (c.text_content() if _tag(c) in INLINE_TAGS else "") + (c.tail or "") for c in el)
            n = len(collapse_ws(own_inline)) - sum(len(_text(a)) for a in el if _tag(a) == "a")
            if n < 25:
                continue
            # a text-bearing div scores for itself and, like a paragraph,
            # for its parent and grandparent
            scores[el] = scores.get(el, 0) + n
            parent = el.getparent()
            if parent is None or _tag(parent) in ("body", "html", "form"):
                continue
            scores[parent] = scores.get(parent, 0) + n
            gp = parent.getparent()
            if gp is not None:
                scores[gp] = scores.get(gp, 0) + n / 2
    if not scores:
        return None, 0
    best = max(scores, key=scores.get)
    return best, scores[best]
