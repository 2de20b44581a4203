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

This module holds :func:`read` and runs the steps in that order; they live
in ``decode`` (bytes to text, legacy encodings, font names), ``meta`` (1,
and the title / date / author taken after the clean-up), ``layout`` (3, 4
and the paragraph scoring of 6), ``related`` (5), ``blocks`` (7 and the
trafilatura fallback of 6) and ``tree`` (the lxml helpers they share).
"""
from __future__ import annotations

import re

from ...vietnamese.datelines import is_date_line
from ..base import RawDocument, ReaderError, guarded
from ..txt import find_date_line, nfc, read_bytes
from .blocks import _BlockWalker, _trafilatura_blocks
from .decode import decode_html, font_names
from .layout import _best_by_paragraphs, _find_container, _remove_boilerplate
from .meta import _fill_meta, _find_date_line_near, _head_meta, _json_ld, _ld_article
from .related import _INLINE_MORE_RE as _INLINE_MORE_RE  # imported from here by tests/unit/test_rules_once.py
from .related import MOST_READ_HEADINGS, RELATED_HEADINGS, _dedupe, _remove_inline_more, _remove_related_boxes
from .related import _heading_kind as _heading_kind  # imported from here by tests/unit/test_rules_once.py
from .tree import BLOCK_TEXT_TAGS, INLINE_TAGS, SKIP_TAGS, _drop, _is_within, _tag, _text

# the names html.py had at the top, importable from ingest.readers.html as before
__all__ = [
    "read", "decode_html", "font_names", "is_date_line",
    "INLINE_TAGS", "SKIP_TAGS", "BLOCK_TEXT_TAGS", "RELATED_HEADINGS", "MOST_READ_HEADINGS",
]


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
    _fill_meta(raw, doc, body, container, metas, ld, html_title)

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
