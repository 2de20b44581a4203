"""The text blocks of an HTML page: :class:`_BlockWalker` turns the
article container into blocks in document order (block elements, ``<br>``
splits, data tables as "cell | cell" rows and into ``raw.tables``, layout
tables cell by cell), and :func:`_trafilatura_blocks` is the fallback when
no container is found.
"""
from __future__ import annotations

from ..txt import collapse_ws
from .tree import INLINE_TAGS, SKIP_TAGS, _ancestors, _tag, _text


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
