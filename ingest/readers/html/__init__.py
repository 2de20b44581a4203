"""HTML reader (.html, .htm): newspaper and government-portal pages.

One lxml parse, then:

1. metadata from the head (og:/article: tags, JSON-LD, <meta>), title from
   og:title / JSON-LD headline / <h1> / <title>;
2. scripts, styles, hidden elements and comments dropped;
3. the article container located by selectors (itemprop=articleBody,
   .article-content, .detail-content, ... , <article>, #content);
4. page furniture removed: nav, header, footer, aside, form and elements
   whose class/id says menu/footer/sidebar/breadcrumb/share/comment/banner/
   advert (never the container or its ancestors);
5. related-news boxes ("Các tin khác", "Tin liên quan", class related /
   other-news / box-relate ...) and inline "Xem thêm: <a>" paragraphs
   removed; their teaser titles go to ``raw.related`` (boxes that are
   "most read" lists, or that sit in a sidebar, go nowhere);
6. without a selector match, the element with the most paragraph text is
   the container; if there is none, trafilatura extracts the text;
7. blocks = text of block elements in order (p, h*, li, blockquote, div with
   own text, table rows "cell | cell"); data tables also go to
   ``raw.tables``.
"""
from __future__ import annotations

import codecs
import json
import re

from ...vietnamese import headings
from ...vietnamese.datelines import is_date_line
from ..base import RawDocument, ReaderError, guarded
from ..txt import (
    bom_encoding,
    call_legacy_hook,
    collapse_ws,
    find_date_line,
    guess_encoding,
    looks_vietnamese_or_latin,
    nfc,
    read_bytes,
)

# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------

_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENC_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_FACE_RE = re.compile(r"""<font\b[^>]*?\bface\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>]+))""", re.I)
_STYLE_ATTR_RE = re.compile(r"""\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_STYLE_EL_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_FAMILY_RE = re.compile(r"font-family\s*:\s*([^;}]+)", re.I)
_GENERIC_FONTS = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "inherit",
                  "initial", "unset", "system-ui", "emoji", "math", "fangsong", "revert"}
# .VnTime, .VnTimeH, .VnArial (TCVN3), VNI-Times, VNI-Helve (VNI), VnTime
_LEGACY_FONT_RE = re.compile(r"^\.?vn(?:i[\- ]|[a-z])", re.I)
_LEGACY_CHARSETS = {"tcvn", "tcvn3", "tcvn-3", "tcvn5712", "tcvn-5712", "tcvn5712-1", "vni",
                    "vni-windows", "viscii", "vps", "x-viet-tcvn", "x-viet-tcvn5712",
                    "x-viet-vni", "x-viet-vps", "x-viet-viscii", "x-user-defined", "abc"}


def font_names(text: str) -> list[str]:
    """Font names from face="..." attributes and font-family declarations."""
    values = ["".join(m) for m in _FACE_RE.findall(text)]
    css = ["".join(m) for m in _STYLE_ATTR_RE.findall(text)] + _STYLE_EL_RE.findall(text)
    for chunk in css:
        values += _FAMILY_RE.findall(chunk.replace("&quot;", '"'))
    names: set[str] = set()
    for value in values:
        for name in value.split(","):
            name = name.strip().strip("'\"").strip()
            name = re.sub(r"\s*!important$", "", name, flags=re.I).strip()
            if name and name.lower() not in _GENERIC_FONTS and len(name) < 60:
                names.add(name)
    return sorted(names)


def _declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _CHARSET_RE.search(head) or _XML_ENC_RE.search(head)
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode_html(path: str, data: bytes) -> tuple[str, str, list[str], list[str]]:
    """(text, encoding, warnings, fonts)."""
    warnings: list[str] = []
    ascii_view = data.decode("latin-1")
    fonts = font_names(ascii_view)
    legacy_fonts = [f for f in fonts if _LEGACY_FONT_RE.match(f)]
    bom = bom_encoding(data)
    if bom:
        enc, n = bom
        return data[n:].decode(enc.replace("-sig", ""), "replace"), enc, warnings, fonts
    declared = _declared_charset(data)
    if (declared in _LEGACY_CHARSETS) or legacy_fonts:
        legacy = call_legacy_hook(data, warnings, legacy_fonts) or \
            _legacy_text_segments(data, warnings, legacy_fonts)
        if legacy:
            text, enc = legacy
            warnings.append(f"decoded from legacy Vietnamese encoding {enc}")
            return text, enc, warnings, fonts
        if legacy_fonts:
            warnings.append(
                "page uses legacy Vietnamese fonts (" + ", ".join(legacy_fonts) + "); "
                "its text may be garbled (no legacy decoder applied)"
            )
    if declared and declared not in _LEGACY_CHARSETS:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = None
        if name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"  # what browsers do (WHATWG encoding standard)
        if name:
            try:
                return data.decode(name), name, warnings, fonts
            except UnicodeDecodeError:
                if name == "utf-8":
                    pass  # mislabelled page: detect below
                else:
                    warnings.append(f"page is not valid {name}; undecodable bytes replaced")
                    return data.decode(name, "replace"), name, warnings, fonts
    try:
        text = data.decode("utf-8")
        return text, "utf-8", warnings, fonts
    except UnicodeDecodeError:
        pass
    if not legacy_fonts and declared not in _LEGACY_CHARSETS:
        legacy = call_legacy_hook(data, warnings)
        if legacy:
            text, enc = legacy
            warnings.append(f"decoded from legacy Vietnamese encoding {enc}")
            return text, enc, warnings, fonts
    guess = guess_encoding(data)
    for enc in ([guess] if guess else []) + ["cp1258"]:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_vietnamese_or_latin(_strip_tags(text)):
            warnings.append(f"no usable charset declared; decoded as {enc}")
            return text, enc, warnings, fonts
    warnings.append("could not determine the page's encoding; decoded as UTF-8 with replacements")
    return data.decode("utf-8", "replace"), "utf-8", warnings, fonts


_MARKUP_RE = re.compile(rb"(?is)<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>")
_SEP = b"\n\x1f\n"


def _legacy_text_segments(data: bytes, warnings: list[str], fonts) -> tuple[str, str] | None:
    """The legacy hook applied to the text between the tags only (markup,
    CSS and scripts dilute its "reads like Vietnamese" score); the markup is
    kept as it is (ASCII)."""
    texts: list[bytes] = []
    markup: list[bytes] = []
    pos = 0
    for m in _MARKUP_RE.finditer(data):
        texts.append(data[pos:m.start()])
        markup.append(m.group(0))
        pos = m.end()
    texts.append(data[pos:])
    idx = [i for i, t in enumerate(texts) if re.search(rb"[\x80-\xff]", t)]
    if not idx:
        return None
    joined = _SEP.join(texts[i] for i in idx)
    result = call_legacy_hook(joined, warnings, fonts)
    if not result:
        return None
    converted, encoding = result
    pieces = converted.split(_SEP.decode("latin-1"))
    if len(pieces) != len(idx):
        return None
    out_texts = [t.decode("latin-1") for t in texts]
    for i, piece in zip(idx, pieces):
        out_texts[i] = piece
    out = [out_texts[0]]
    for m, t in zip(markup, out_texts[1:]):
        out.append(m.decode("latin-1"))
        out.append(t)
    return "".join(out), encoding


def _strip_tags(text: str) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    return re.sub(r"<[^>]*>|&\w+;|&#\d+;", " ", text)


# --------------------------------------------------------------------------
# Tree helpers
# --------------------------------------------------------------------------

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

_BOILERPLATE_TAGS = ("nav", "header", "footer", "aside", "form")
_BOILERPLATE_RE = re.compile(r"menu|footer|sidebar|breadcrumb|share|comment|banner|advert|social|"
                             r"\bads?\b|quangcao|quang-cao", re.I)
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


# --------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Reader
# --------------------------------------------------------------------------


def _binary_share(text: str) -> float:
    """Share of NULs, other control characters and U+FFFD (undecodable bytes)."""
    if not text:
        return 0.0
    sample = text[:200_000]
    bad = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\r\f"))
    return bad / len(sample)


@guarded
def read(path: str) -> RawDocument:
    import lxml.etree as etree
    import lxml.html

    data = read_bytes(path)
    if not data.strip():
        raise ReaderError(f"{path}: empty HTML file")
    text, encoding, warnings, fonts = decode_html(path, data)
    if _binary_share(text) > 0.1:
        raise ReaderError(f"{path}: not an HTML page (it contains binary data)")
    text = nfc(text)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.strip():
        raise ReaderError(f"{path}: empty HTML file")
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError(f"{path}: not an HTML page that can be parsed ({exc})") from None

    raw = RawDocument(path=path, format="html", warnings=warnings)
    raw.meta["encoding"] = encoding
    if fonts:
        raw.meta["fonts"] = fonts

    # ---- metadata from the head and JSON-LD (before scripts go) ----------
    metas = _head_meta(doc)
    ld = _ld_article(_json_ld(doc))
    title_tag = doc.find(".//title")
    html_title = _text(title_tag) if title_tag is not None else None

    body = doc.find("body")
    if body is None:
        body = doc

    # ---- junk: scripts, styles, comments, hidden elements -----------------
    for el in list(body.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)
    for el in list(body.iter()):
        tag = _tag(el)
        if tag is None:
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if (tag in SKIP_TAGS and tag != "img") or el.get("hidden") is not None or \
                "display:none" in style or "visibility:hidden" in style:
            if el.getparent() is not None:
                _drop(el)

    # document order of every element, for ordering related titles
    order = {el: i for i, el in enumerate(body.iter())}

    # ---- the article container by selectors -------------------------------
    container = _find_container(body)

    # ---- page furniture -----------------------------------------------------
    _remove_boilerplate(body, container)

    # ---- related-news boxes and inline "Xem thêm" -------------------------
    related: list[tuple] = []  # (element, teaser title)
    _remove_related_boxes(body, container, related)

    weak = None  # a best-scoring element too small to trust over trafilatura
    if container is None or not _is_within(container, body):
        container, score = _best_by_paragraphs(body)
        if container is not None and score < 150:
            weak, container = container, None
    if container is not None:
        _remove_inline_more(container, related)

    # ---- metadata that needs the cleaned tree -----------------------------
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

    # ---- blocks -------------------------------------------------------------
    if container is not None:
        walker = _BlockWalker()
        walker.walk(container)
        walker.flush()
        raw.blocks = walker.blocks
        raw.tables = walker.tables
    if not raw.blocks:
        raw.blocks = _trafilatura_blocks(doc)
        if raw.blocks:
            raw.warnings.append("no article container found; text extracted by trafilatura")
    if not raw.blocks and weak is not None:
        container = weak
        _remove_inline_more(container, related)
        walker = _BlockWalker()
        walker.walk(container)
        walker.flush()
        raw.blocks, raw.tables = walker.blocks, walker.tables
    if not raw.blocks:
        raw.warnings.append("no article text found on the page")

    date_line = _find_date_line_near(container) if container is not None else None
    if not date_line:
        date_line = find_date_line(raw.blocks, limit=8)
    if date_line:
        raw.meta["date_line"] = date_line

    related.sort(key=lambda pair: order.get(pair[0], len(order)))
    raw.related = _dedupe(t for _, t in related)
    return raw


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


def _trafilatura_blocks(doc) -> list[str]:
    try:
        import trafilatura

        result = trafilatura.extract(
            doc, include_comments=False, include_tables=False, with_metadata=False,
            favor_precision=True,
        )
    except Exception:
        return []
    if not result:
        return []
    return [collapse_ws(line) for line in result.split("\n") if line.strip()]


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


class _BlockWalker:
    """Text of block elements in document order; <br> splits blocks."""

    def __init__(self):
        self.blocks: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.buf: list[str] = []

    def flush(self):
        if self.buf:
            t = collapse_ws("".join(self.buf))
            if t:
                self.blocks.append(t)
            self.buf = []

    def walk(self, el):
        if el.text:
            self.buf.append(el.text)
        for child in el:
            tag = _tag(child)
            if tag is None:
                pass
            elif tag == "br":
                self.flush()
            elif tag in SKIP_TAGS or tag == "hr":
                if tag == "hr":
                    self.flush()
            elif tag in INLINE_TAGS:
                self.walk(child)
            elif tag == "table":
                self.flush()
                self.table(child)
                self.flush()
            else:
                self.flush()
                self.walk(child)
                self.flush()
            if child.tail:
                self.buf.append(child.tail)

    def _rows(self, tbl):
        rows = []
        for tr in tbl.iter("tr"):
            owner = next((a for a in _ancestors(tr) if _tag(a) == "table"), None)
            if owner is tbl:
                rows.append([c for c in tr if _tag(c) in ("td", "th")])
        return rows

    def _cell_text(self, cell) -> str:
        sub = _BlockWalker()
        sub.walk(cell)
        sub.flush()
        return " ".join(sub.blocks)

    def table(self, tbl):
        rows = self._rows(tbl)
        nested = any(_tag(d) == "table" for d in tbl.iterdescendants())
        ncols = max((len(r) for r in rows), default=0)
        layout = (
            nested or len(rows) < 2 or ncols < 2
            or (tbl.get("role") or "").lower() == "presentation"
            or any(sum(len(_text(p)) for p in c.iter("p")) > 600 for r in rows for c in r)
        )
        if layout:
            caption = tbl.find("caption")
            if caption is not None:
                self.walk(caption)
                self.flush()
            for r in rows:
                for c in r:
                    self.walk(c)
                    self.flush()
            return
        caption = tbl.find("caption")
        if caption is not None:
            self.walk(caption)
            self.flush()
        data = []
        for r in rows:
            cells = [self._cell_text(c) for c in r]
            data.append(cells)
            line = " | ".join(c for c in cells if c)
            if line:
                self.blocks.append(line)
        self.tables.append(data)
