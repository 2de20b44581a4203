"""Related-news boxes for the HTML reader: boxes marked by class/id
(``other-news``, ``tin-khac``, ``box-relate``, ... and the most-read lists)
or announced by a heading ("Các tin khác", "Tin liên quan", "Tin đọc
nhiều"), and inline "Xem thêm: <a>" paragraphs inside the article, are cut
out of the tree; their teaser titles are collected for ``raw.related``
(never those of most-read lists or of boxes in a sidebar).
"""
from __future__ import annotations

import re

from ...vietnamese import headings
from ...vietnamese.datelines import is_date_line
from .tree import INLINE_TAGS, _ancestors, _attrs, _drop, _is_within, _link_text_len, _norm_heading, _tag, _text

_RELATED_CLASS_RE = re.compile(
    r"other-?news|news-?other|tin-?khac|tinkhac|related|relate|lien-?quan|lienquan|box-relate|"
    r"list-?news|cung-?chuyen-?muc|cungchuyenmuc|same-?cat|xem-?them|doc-?them|more-?news",
    re.I,
)
_MOST_READ_CLASS_RE = re.compile(r"most-?read|most-?view|mostview|mostread|doc-?nhieu|docnhieu|"
                                 r"xem-?nhieu|xemnhieu|popular|hot-?news|noi-?bat|top-?news", re.I)


# Headings of other-stories and most-read boxes, and inline "Xem thêm:"
# lead-ins: one list with extraction's, ingest/vietnamese/data/related_headings.tsv
RELATED_HEADINGS = headings.RELATED_HEADINGS
MOST_READ_HEADINGS = headings.MOST_READ_HEADINGS
_INLINE_MORE_RE = re.compile(
    r"^(?:(?:>>|»|>)\s*|" + headings.inline_leads_pattern() + r"\b\s*[:>»\-–]?)",
    re.I,
)
_NOT_TEASER = {"xem thêm", "xem tiếp", "chi tiết", "đọc tiếp", "xem tất cả", "tiếp", "trở về",
               "quay lại", "về đầu trang", "in bài", "gửi bài", "chia sẻ", "bình luận"}


def _dedupe(items):
    seen = set()
    out = []
    for it in items:
        it = it.strip(" >»<«-–—:•|")
        if not it:
            continue
        key = it.lower()
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


def _heading_kind(text: str) -> str | None:
    h = _norm_heading(text)
    if not h or len(h) > 40:
        return None
    return headings.heading_kind(h)


def _teaser_titles(elements) -> list[tuple]:
    titles: list[tuple] = []
    for el in elements:
        if _tag(el) is None:
            continue
        anchors = [el] if _tag(el) == "a" else list(el.iter("a"))
        for a in anchors:
            t = _text(a)
            if not t or _heading_kind(t):
                continue
            low = t.lower().strip(" :»>.")
            if low in _NOT_TEASER or len(t) < 12 or len(t.split()) < 3 or is_date_line(t):
                continue
            titles.append((a, t))
    if not titles:
        for el in elements:
            if _tag(el) is None:
                continue
            for h in el.iter("h2", "h3", "h4", "h5"):
                t = _text(h)
                if t and not _heading_kind(t) and len(t.split()) >= 3:
                    titles.append((h, t))
    return titles


def _is_linky(el, heading_len: int = 0) -> bool:
    total = len(_text(el)) - heading_len
    links = _link_text_len(el)
    return links > 0 and total > 0 and links >= 0.5 * total


def _remove_related_boxes(body, container, related: list[tuple]) -> None:
    def dest_of(el, kind):
        if kind == "most_read" or _MOST_READ_CLASS_RE.search(_attrs(el)):
            return None
        for a in _ancestors(el):
            if _tag(a) in ("aside", "nav", "footer") or re.search(r"sidebar|side-bar|col-right|right-col",
                                                                    _attrs(a)):
                return None
        return related

    def safe(box):
        if container is not None and _is_within(container, box):
            return False
        if _tag(box) in ("body", "html"):
            return False
        return True

    # 1) boxes marked by class/id
    for el in list(body.iter()):
        if _tag(el) is None or el.getparent() is None or el is container:
            continue
        attrs = _attrs(el)
        if not attrs:
            continue
        most = _MOST_READ_CLASS_RE.search(attrs)
        rel = _RELATED_CLASS_RE.search(attrs)
        if not (most or rel) or not safe(el):
            continue
        # never a big text block (a mislabelled article body)
        if len(_text(el)) > 800 and _link_text_len(el) < 0.3 * len(_text(el)):
            continue
        # detached already (an ancestor was removed)?
        if not _is_within(el, body):
            continue
        dest = dest_of(el, "most_read" if most else "related")
        if dest is not None:
            dest.extend(_teaser_titles([el]))
        _drop(el)

    # 2) boxes announced by a heading text
    for el in list(body.iter()):
        tag = _tag(el)
        if tag is None or tag == "a" or el.getparent() is None or not _is_within(el, body):
            continue
        if any(_tag(a) == "a" for a in _ancestors(el)):
            continue
        own = _text(el)
        kind = _heading_kind(own)
        if kind is None:
            continue
        # only the outermost element that carries just this text
        top = el
        while True:
            p = top.getparent()
            if p is None or _tag(p) in ("body", "html") or p is container or _text(p) != own:
                break
            top = p
        box = None
        anc = top.getparent()
        for _ in range(3):
            if anc is None or not safe(anc) or anc is container:
                break
            if _RELATED_CLASS_RE.search(_attrs(anc)) or _is_linky(anc, len(own)):
                box = anc
                break
            anc = anc.getparent()
        if box is not None:
            parts = [box]
        else:
            parts = [top]
            for sib in top.itersiblings():
                if _tag(sib) is None:
                    continue
                if not list(sib.iter("a")) and len(_text(sib)) > 500:
                    break
                parts.append(sib)
        dest = dest_of(top, kind)
        if dest is not None:
            dest.extend(_teaser_titles(parts))
        for p in parts:
            if p.getparent() is not None:
                _drop(p, keep_tail=box is not None)


def _remove_inline_more(container, related: list[tuple]) -> None:
    for el in list(container.iter("p", "div", "li", "h3", "h4", "h5", "h6", "strong", "b", "em", "span")):
        if el.getparent() is None or not _is_within(el, container) or el is container:
            continue
        if any(_tag(d) in ("p", "div", "li", "table", "ul", "ol") for d in el.iterdescendants()):
            continue  # only leaf blocks
        t = _text(el)
        if not t or len(t) > 400 or not _INLINE_MORE_RE.match(t):
            continue
        anchors = list(el.iter("a"))
        if not anchors:
            continue
        # climb to the enclosing leaf block (p/li/div) that holds only this
        target = el
        while _tag(target) in INLINE_TAGS:
            p = target.getparent()
            if p is None or p is container or _text(p) != t:
                break
            target = p
        for a in anchors:
            at = _text(a)
            if at and at.lower().strip(" :»>.") not in _NOT_TEASER and len(at.split()) >= 2:
                related.append((a, at))
        _drop(target)
