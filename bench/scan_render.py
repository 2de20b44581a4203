"""A labelled document as a scan: its text drawn on A4 page images (tables
as ruled grids, cells wrapped), saved as an image-only PDF, so that
``model_eval.py --scan`` measures models found through OCR.

    python bench/scan_render.py DOC.txt OUT.pdf

The pages are plain renders (no noise or skew): what is measured is the
OCR's reading of a table without a text layer, not image restoration.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 200
MARGIN_MM = 18
SIZE_PT = 11


def _mm(v: float) -> int:
    return round(v * DPI / 25.4)


class _Pages:
    def __init__(self):
        self.font = ImageFont.truetype(str(FONT), round(SIZE_PT * DPI / 72))
        self.line_h = round(SIZE_PT * DPI / 72 * 1.45)
        self.width, self.height = _mm(210), _mm(297)
        self.left, self.right = _mm(MARGIN_MM), _mm(210 - MARGIN_MM)
        self.pages: list[Image.Image] = []
        self._new()

    def _new(self):
        self.image = Image.new("L", (self.width, self.height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.pages.append(self.image)
        self.y = _mm(MARGIN_MM)

    def _need(self, h: int):
        if self.y + h > self.height - _mm(MARGIN_MM):
            self._new()

    def wrap(self, text: str, width: int) -> list[str]:
        lines, cur = [], ""
        for w in text.split():
            trial = f"{cur} {w}".strip()
            if cur and self.font.getlength(trial) > width:
                lines.append(cur)
                cur = w
            else:
                cur = trial
        return lines + ([cur] if cur else [])

    def paragraph(self, text: str):
        for line in self.wrap(text, self.right - self.left) or [""]:
            self._need(self.line_h)
            self.draw.text((self.left, self.y), line, font=self.font, fill=0)
            self.y += self.line_h

    def table(self, rows: list[list[str]]):
        n = max(len(r) for r in rows)
        longest = [max((len(r[i]) if i < len(r) else 0) for r in rows) for i in range(n)]
        total = sum(max(4, x) for x in longest)
        widths = [(self.right - self.left) * max(4, x) // total for x in longest]
        pad = _mm(1.5)
        for row in rows:
            if len(row) == 1:          # a section row across the table
                cells = [self.wrap(row[0], self.right - self.left - 2 * pad)]
                spans = [self.right - self.left]
            else:
                cells = [self.wrap(c, w - 2 * pad) for c, w in zip(row + [""] * (n - len(row)), widths)]
                spans = widths
            h = max(len(c) for c in cells) * self.line_h + 2 * pad
            self._need(h)
            x = self.left
            for lines, w in zip(cells, spans):
                self.draw.rectangle([x, self.y, x + w, self.y + h], outline=0, width=2)
                for k, line in enumerate(lines):
                    self.draw.text((x + pad, self.y + pad + k * self.line_h), line, font=self.font, fill=0)
                x += w
            self.y += h
        self.y += self.line_h // 2


def render(text: str, out: Path) -> Path:
    pages = _Pages()
    rows: list[list[str]] = []
    lines = text.split("\n") + [""]
    for i, line in enumerate(lines):
        if line.count("|") >= 2 or (rows and line.strip() and len(line) <= 80
                                    and i + 1 < len(lines) and lines[i + 1].count("|") >= 2):
            rows.append([c.strip() for c in line.split("|")] if "|" in line else [line.strip()])
            continue
        if rows:
            pages.table(rows)
            rows = []
        if line.strip():
            pages.paragraph(line.strip())
        else:
            pages.y += pages.line_h // 2
    pages.pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=pages.pages[1:])
    return out


if __name__ == "__main__":
    src, dst = map(Path, sys.argv[1:3])
    render(src.read_text(encoding="utf-8"), dst)
    print(dst)
