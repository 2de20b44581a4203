"""Ruled tables on a scanned page: the grid found in the image, the OCR's
words put back in their cells.

Tesseract reads a ruled table line by line across the page, so a name
wrapped over three lines of its cell ("Ông" / "Hoàng" / "Văn Kiên") is
interleaved with the address and achievement cells of the same row. An
annex of a decision (the list of awarded collectives and persons) is such
a table. Here:

* long horizontal rules are found by the image's dark-pixel rows; three or
  more of them stacked over the same width make a table, each gap between
  two a row band;
* in each band, the columns dark over (nearly) its whole height are the
  cell walls;
* every OCR word (Tesseract's TSV boxes) whose centre falls in a cell goes
  to that cell, in reading order; a band with one cell is a section row
  ("II. CÁ NHÂN").

The table comes out as text rows "1 | Ông Hoàng Văn Kiên | xóm Trụ, … |
…", the form every other reader gives a table in, in its place in the
page's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

DARK = 128               # a pixel darker than this is ink
RULE_SHARE = 0.3         # a horizontal rule spans at least this share of the page width
WALL_SHARE = 0.85        # a cell wall is dark over this share of its band's height
_RULE_BITS = re.compile(r"^[|\[\]{}¦]+|[|\[\]{}¦]+$")


@dataclass
class Grid:
    top: int
    bottom: int
    bands: list[tuple[int, int, list[tuple[int, int]]]] = field(default_factory=list)   # (y0, y1, cells)

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        for b, (y0, y1, cells) in enumerate(self.bands):
            if y0 <= y < y1:
                for c, (x0, x1) in enumerate(cells):
                    if x0 <= x < x1:
                        return b, c
                return None
        return None


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in a 1-d mask."""
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def find_grids(image) -> list[Grid]:
    """The ruled tables of a page image (a PIL image or a path)."""
    from PIL import Image

    img = image if hasattr(image, "convert") else Image.open(image)
    ink = np.asarray(img.convert("L")) < DARK
    height, width = ink.shape
    rules: list[tuple[int, int, int]] = []          # (y, x0, x1)
    for y in np.flatnonzero(ink.sum(axis=1) >= RULE_SHARE * width).tolist():
        x0, x1 = max(_runs(ink[y]), key=lambda r: r[1] - r[0])
        if x1 - x0 >= RULE_SHARE * width:
            if rules and y - rules[-1][0] <= 3 and abs(x0 - rules[-1][1]) < width * 0.02:
                rules[-1] = (y, x0, x1)           # the same rule, a pixel lower
            else:
                rules.append((y, x0, x1))
    grids: list[Grid] = []
    stack: list[tuple[int, int, int]] = []
    for rule in rules + [(10 ** 9, 0, 0)]:
        if stack and (abs(rule[1] - stack[0][1]) > width * 0.02 or abs(rule[2] - stack[0][2]) > width * 0.02):
            if len(stack) >= 3:
                grids.append(_grid(ink, stack))
            stack = []
        stack.append(rule)
    return grids


def _grid(ink: np.ndarray, rules: list[tuple[int, int, int]]) -> Grid:
    x0, x1 = min(r[1] for r in rules), max(r[2] for r in rules)
    grid = Grid(top=rules[0][0], bottom=rules[-1][0])
    for (ya, _, _), (yb, _, _) in zip(rules, rules[1:]):
        inner = ink[ya + 3:yb - 2, x0:x1 + 1]
        if inner.shape[0] < 4:
            continue
        walls = _runs(inner.mean(axis=0) >= WALL_SHARE)
        edges = [x0 + (a + b) // 2 for a, b in walls]
        if not edges or edges[0] - x0 > 6:
            edges.insert(0, x0)
        if x1 - edges[-1] > 6:
            edges.append(x1)
        cells = [(a, b) for a, b in zip(edges, edges[1:]) if b - a > 6]
        grid.bands.append((ya, yb, cells))
    return grid


def table_rows(grid: Grid, words: list[tuple[float, float, tuple, str]]) -> tuple[list[str], set[int]]:
    """The grid's rows as text ("a | b | c"), from OCR words (centre x,
    centre y, reading-order key, text); and the indexes of the words used."""
    cells: dict[tuple[int, int], list[tuple[tuple, str]]] = {}
    used: set[int] = set()
    for i, (x, y, key, text) in enumerate(words):
        where = grid.cell_of(x, y)
        if where is not None:
            used.add(i)
            text = _RULE_BITS.sub("", text)       # a cell wall read as "|" or "["
            if text:
                cells.setdefault(where, []).append((key, text))
    rows = []
    for b, (_, _, band_cells) in enumerate(grid.bands):
        texts = [" ".join(t for _, t in sorted(cells.get((b, c), []))) for c in range(len(band_cells))]
        if not any(texts):
            continue
        rows.append(texts[0] if len(texts) == 1 else " | ".join(texts))
    return rows, used


__all__ = ["Grid", "find_grids", "table_rows"]
