"""Page metadata for the HTML reader: the ``<meta>`` tags of the head
(og:, article:, dc., name=), the article object of the JSON-LD scripts
(headline, dates, authors, publisher), and a visible date line in or next
to the article container.
"""
from __future__ import annotations

import json
import re

from ...vietnamese.datelines import is_date_line
from ..txt import collapse_ws
from .tree import _attrs, _is_within, _tag, _text


def _head_meta(doc) -> dict[str, str]:
    metas: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        content = m.get("content")
        if key and content and content.strip():
            metas.setdefault(key.strip().lower(), collapse_ws(content))
    return metas


def _json_ld(doc) -> list[dict]:
    objs: list[dict] = []
    for s in doc.iter("script"):
        if (s.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (s.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objs.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return objs


_ARTICLE_TYPES = re.compile(r"article|posting|report|newsarticle", re.I)


def _ld_article(objs: list[dict]) -> dict:
    for o in objs:
        types = o.get("@type")
        types = " ".join(types) if isinstance(types, list) else str(types or "")
        if _ARTICLE_TYPES.search(types):
            return o
    for o in objs:
        if "headline" in o or "datePublished" in o:
            return o
    return {}


def _ld_names(value) -> list[str]:
    out: list[str] = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, dict):
            v = v.get("name")
        if isinstance(v, str) and v.strip() and not v.strip().startswith("http"):
            out.append(collapse_ws(v))
    return out


def _str(value) -> str | None:
    if isinstance(value, str) and value.strip():
        return collapse_ws(value)
    return None


def _find_date_line_near(container) -> str | None:
    """A visible date line: inside the container, else next to it."""
    def candidates(scope):
        for el in scope.iter():
            if _tag(el) is None or _tag(el) in ("a",):
                continue
            t = _text(el)
            if t and len(t) <= 80 and is_date_line(t):
                yield t
            elif t and len(t) <= 120:
                # a date line inside a short element: "Ngày đăng: 22/04/2018"
                own = collapse_ws(el.text or "")
                if own and is_date_line(own):
                    yield own
    for t in candidates(container):
        return t
    scope = container.getparent()
    for _ in range(2):
        if scope is None or _tag(scope) in ("body", "html"):
            break
        for el in scope.iter():
            if _tag(el) is None or _is_within(el, container):
                continue
            if re.search(r"date|time|publish|ngay|posted|meta|info", _attrs(el)):
                t = _text(el)
                if t and len(t) <= 80 and is_date_line(t):
                    return t
                m = re.search(r"(Thứ.{0,60}|\d{1,2}/\d{1,2}/\d{4}.{0,20})$", t or "")
                if m and is_date_line(m.group(1)):
                    return collapse_ws(m.group(1))
        scope = scope.getparent()
    return None


# where pages put the byline: class, id or itemprop "author", "byline",
# "tac-gia" (.author, .author-name, .dt-news__byline, itemprop=author …)
_BYLINE_ATTR_RE = re.compile(r"(?:^|[-_\s])(?:author|byline|tacgia|tac-gia|tac_gia)(?:$|[-_\s]|name)", re.I)
_NOT_BYLINE_RE = re.compile(r"avatar|img|image|photo|date|time|bio|desc|social|follow", re.I)
_BYLINE_LEAD_RE = re.compile(r"^(?:tác giả|bài(?:\s+và\s+|,\s*)?(?:ảnh)?|ảnh|by)\s*[:：]\s*", re.I)
_NAME_PART_RE = re.compile(r"^(?:[A-ZĐ]\.)+[A-ZĐ]?\.?$|^[^\W\d_][\w’'-]*$")


def _byline_element(doc) -> str | None:
    """The name in the first element marked as the author or byline that
    reads as a name (1-5 words, capitalized or initials; a date after it
    cut off)."""
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = " ".join(str(el.get(k) or "") for k in ("class", "id", "itemprop"))
        if not _BYLINE_ATTR_RE.search(attrs) or _NOT_BYLINE_RE.search(attrs):
            continue
        text = collapse_ws(_text(el))
        text = re.split(r"\s+[-–|]\s+|\s*\d{1,2}[/:]\d", _BYLINE_LEAD_RE.sub("", text))[0].strip(" ,.-–")
        words = text.split()
        if 1 <= len(words) <= 5 and all(_NAME_PART_RE.match(w) and w[:1].isupper() for w in words):
            return text
    return None


def _fill_meta(raw, doc, body, container, metas: dict[str, str], ld: dict, html_title: str | None) -> None:
    """raw.title and raw.meta's date, modified, author, description, site,
    url and keywords: from the head's meta tags (`metas`), the JSON-LD
    article (`ld`), and the tree with the page furniture removed (the first
    <h1>, <time datetime>, rel=author links; the container first)."""
    h1 = None
    for scope in ([container] if container is not None else []) + [body]:
        for h in scope.iter("h1"):
            if "logo" in _attrs(h) or not _text(h):
                continue
            h1 = _text(h)
            break
        if h1:
            break
    title = (metas.get("og:title") or _str(ld.get("headline")) or h1 or html_title or None)
    raw.title = title or None

    time_dt = None
    for scope in ([container] if container is not None else []) + [body]:
        for t in scope.iter("time"):
            if t.get("datetime"):
                time_dt = collapse_ws(t.get("datetime"))
                break
        if time_dt:
            break
    date = (metas.get("article:published_time") or _str(ld.get("datePublished"))
            or metas.get("pubdate") or metas.get("publishdate") or metas.get("date")
            or metas.get("dc.date.issued") or metas.get("dc.date") or metas.get("datepublished")
            or time_dt or metas.get("og:updated_time"))
    if date:
        raw.meta["date"] = date
    modified = (metas.get("article:modified_time") or metas.get("og:updated_time")
                or _str(ld.get("dateModified")))
    if modified:
        raw.meta["modified"] = modified

    authors = []
    a_meta = metas.get("author") or metas.get("dc.creator")
    if a_meta and not a_meta.startswith("http"):
        authors.append(a_meta)
    authors += _ld_names(ld.get("author"))
    art_author = metas.get("article:author")
    if art_author and not art_author.startswith("http"):
        authors.append(art_author)
    if not authors:
        for a in body.iter("a"):
            if "author" in (a.get("rel") or "").lower().split() and _text(a):
                authors.append(_text(a))
                break
    if not authors:
        found = _byline_element(doc)
        if found:
            authors.append(found)
    if authors:
        raw.meta["author"] = authors[0]

    desc = metas.get("description") or metas.get("og:description") or _str(ld.get("description"))
    if desc:
        raw.meta["description"] = desc
    site = metas.get("og:site_name")
    if not site and isinstance(ld.get("publisher"), dict):
        site = _str(ld["publisher"].get("name"))
    if site:
        raw.meta["site"] = site
    url = None
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = link.get("href").strip()
            break
    url = url or metas.get("og:url")
    if url:
        raw.meta["url"] = url
    if metas.get("keywords"):
        raw.meta["keywords"] = metas["keywords"]
