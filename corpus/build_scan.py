"""Administrative documents as scans: page images drawn with Pillow, no text layer."""
from __future__ import annotations

import datetime as dt
import io
import random

import pdfplumber
from build_admin import ARTICLE_PREFIX, NATIONAL, AdminDoc, Block
from build_pdf import LEFT_W, RIGHT_X
from build_source import FONT_DIR, SERIF, SourceError
from fpdf import FPDF
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SCAN_DPI = 250


class ScanPage:
    """A4 page image with a text cursor; coordinates in millimetres like the PDF renderer."""

    def __init__(self, number: int):
        self.px_per_mm = SCAN_DPI / 25.4
        size = (round(210 * self.px_per_mm), round(297 * self.px_per_mm))
        self.image = Image.new("L", size, 248)
        self.draw = ImageDraw.Draw(self.image)
        self.number = number
        self.y = 20.0
        if number > 1:
            self.text_centered(str(number), 105, 10, 11, "")

    def px(self, mm: float) -> int:
        return round(mm * self.px_per_mm)

    def font(self, size_pt: float, style: str):
        return scan_font(round(size_pt * SCAN_DPI / 72), style)

    def width_mm(self, text: str, size: float, style: str) -> float:
        return self.font(size, style).getlength(text) / self.px_per_mm

    def text_at(self, text: str, x: float, y: float, size: float, style: str) -> None:
        self.draw.text((self.px(x), self.px(y)), text, font=self.font(size, style), fill=28)

    def text_centered(self, text: str, center_x: float, y: float, size: float, style: str) -> None:
        self.text_at(text, center_x - self.width_mm(text, size, style) / 2, y, size, style)

    def rule(self, center_x: float, y: float, width: float) -> None:
        self.draw.line([(self.px(center_x - width / 2), self.px(y)), (self.px(center_x + width / 2), self.px(y))],
                       fill=28, width=max(1, self.px(0.3)))


_FONT_CACHE: dict = {}


def scan_font(size_px: int, style: str):
    key = (size_px, style)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(str(FONT_DIR / SERIF[style]), size_px)
    return _FONT_CACHE[key]


def wrap_words(words: list[str], page: ScanPage, width: float, first_indent: float,
               size: float, style: str) -> list[list[str]]:
    lines, current = [], []
    for word in words:
        limit = width - (first_indent if not lines else 0)
        if current and page.width_mm(" ".join(current + [word]), size, style) > limit:
            lines.append(current)
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(current)
    return lines


class ScanWriter:
    """Lays out an AdminDoc on ScanPages (the same geometry as the PDF renderer)."""

    LEFT, RIGHT, BOTTOM = 30.0, 190.0, 277.0

    def __init__(self):
        self.pages = [ScanPage(1)]

    @property
    def page(self) -> ScanPage:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(ScanPage(len(self.pages) + 1))

    def ensure(self, height: float) -> None:
        if self.page.y + height > self.BOTTOM:
            self.new_page()

    def centered(self, text: str, center_x: float, width: float, size: float, style: str,
                 line_h: float, y: float | None = None) -> float:
        y = self.page.y if y is None else y
        for line in wrap_words(text.split(), self.page, width, 0, size, style):
            self.page.text_centered(" ".join(line), center_x, y, size, style)
            y += line_h
        return y

    def paragraph(self, text: str, size: float = 12.5, indent: float = 10, bold_prefix: str = "",
                  style: str = "", left: float | None = None, line_h: float = 6.6) -> None:
        left = self.LEFT if left is None else left
        width = self.RIGHT - left
        words = (bold_prefix + " " + text).split() if bold_prefix else text.split()
        n_bold = len(bold_prefix.split())
        lines = wrap_words(words, self.page, width, indent, size, style)
        index = 0
        for number, line in enumerate(lines):
            self.ensure(line_h)
            x0 = left + (indent if number == 0 else 0)
            styles = ["B" if index + k < n_bold else style for k in range(len(line))]
            self.justified_line(line, styles, x0, left + width, number == len(lines) - 1, size)
            index += len(line)
            self.page.y += line_h
        self.page.y += 1.8

    def justified_line(self, words, styles, x0, x1, last, size) -> None:
        page = self.page
        widths = [page.width_mm(w, size, s) for w, s in zip(words, styles)]
        space = page.width_mm(" ", size, "")
        if not last and len(words) > 1:
            space = (x1 - x0 - sum(widths)) / (len(words) - 1)
        x = x0
        for word, style, w in zip(words, styles, widths):
            page.text_at(word, x, page.y, size, style)
            x += w + space


def render_scan(doc: AdminDoc) -> bytes:
    writer = ScanWriter()
    scan_header(writer, doc)
    for block in doc.blocks:
        if block.kind == "table":
            raise SourceError("format 'scan' does not draw tables; use pdf or docx")
        if block.kind == "center":
            writer.ensure(14)
            writer.page.y = writer.centered(block.text, 110, 160, 12.5, "B", 6.6) + 2
        elif block.kind == "heading":
            writer.paragraph(block.text, style="B")
        elif block.kind == "para":
            for line in block.text.split("\n"):
                match = ARTICLE_PREFIX.match(line)
                if match:
                    writer.paragraph(line[match.end():], bold_prefix=match.group(1))
                else:
                    writer.paragraph(line)
        elif block.kind == "recipients":
            for n, line in enumerate(block.lines):
                writer.ensure(6.6)
                if n == 0:
                    writer.page.text_at("Kính gửi:", 52, writer.page.y, 12.5, "")
                writer.page.text_at(line, 74, writer.page.y, 12.5, "")
                writer.page.y += 6.6
        elif block.kind == "signature":
            scan_signature(writer, block, doc)
    return scan_pdf(writer.pages, doc)


def scan_header(writer: ScanWriter, doc: AdminDoc) -> None:
    page = writer.page
    left_c, right_c = 30 + LEFT_W / 2, RIGHT_X + (210 - 20 - RIGHT_X + 5) / 2
    y = 20.0
    for text, bold in doc.agency_lines:
        y = writer.centered(text, left_c, LEFT_W, 12, "B" if bold else "", 5.8, y)
    page.rule(left_c, y + 0.8, 24)
    y = writer.centered(doc.number_line, left_c, LEFT_W, 12, "", 5.8, y + 3)
    left_end = y
    y = writer.centered(NATIONAL[0], right_c, 100, 11.5, "B", 5.8, 20.0)
    y = writer.centered(NATIONAL[1], right_c, 100, 12.5, "B", 5.8, y)
    page.rule(right_c, y + 0.8, page.width_mm(NATIONAL[1], 12.5, "B"))
    y = writer.centered(doc.place_date, right_c, 100, 12, "I", 5.8, y + 3)
    page.y = max(left_end, y) + 8
    if doc.type_heading:
        page.y = writer.centered(doc.type_heading, 110, 160, 14, "B", 7.2)
        page.y = writer.centered(doc.subject, 110, 140, 12.5, "B", 6.2)
        page.rule(110, page.y + 1, 40)
        page.y += 7


def scan_signature(writer: ScanWriter, block: Block, doc: AdminDoc) -> None:
    writer.ensure(8 + 5 * max(len(block.lines) + 1, len(doc.signer_title) + 8))
    page = writer.page
    top = page.y + 4
    page.text_at("Nơi nhận:", 30, top, 11, "BI")
    y = top + 5.5
    for line in block.lines:
        page.text_at(line, 30, y, 10, "")
        y += 4.8
    left_end = y
    y = top
    for line in doc.signer_title:
        y = writer.centered(line, 150, 80, 12, "B", 5.8, y)
    draw_signature_mark(page, 150, y + 4, doc.slug)
    y = writer.centered(doc.signer, 150, 80, 12.5, "B", 6.2, y + 24)
    page.y = max(left_end, y) + 4


def draw_signature_mark(page: ScanPage, center_x: float, top: float, seed: str) -> None:
    """A pen squiggle where the signature is, plus the ring of a faded stamp."""
    rng = random.Random(seed)
    points, x = [], center_x - 18
    while x < center_x + 16:
        points.append((page.px(x), page.px(top + 8 + rng.uniform(-5, 5))))
        x += rng.uniform(2.0, 4.5)
    page.draw.line(points, fill=40, width=page.px(0.45), joint="curve")
    cx, cy, r = page.px(center_x - 22), page.px(top + 9), page.px(17)
    for radius in (r, r - page.px(3.2)):
        page.draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=150,
                          width=page.px(0.5))
    page.draw.regular_polygon((cx, cy, page.px(4)), 5, outline=150, fill=None, width=page.px(0.4))


def scanned_look(image, seed: str, number: int):
    """Slight blur, rotation of about half a degree, grain and a few specks of dust."""
    rng = random.Random(f"{seed}/{number}")
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    image = image.rotate(rng.choice((-1, 1)) * rng.uniform(0.35, 0.65), resample=Image.BICUBIC,
                         fillcolor=232)
    grain = Image.frombytes("L", image.size, rng.randbytes(image.size[0] * image.size[1]))
    grain = grain.point(lambda v: v % 15)
    image = ImageChops.add(image, grain, scale=1.0, offset=-7)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(image.size[0]), rng.randrange(image.size[1])
        r = rng.choice((1, 1, 2, 3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=rng.randrange(60, 160))
    return image


def scan_pdf(pages: list[ScanPage], doc: AdminDoc) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(dt.datetime.combine(doc.date, dt.time(15, 30),
                                              tzinfo=dt.timezone(dt.timedelta(hours=7))))
    pdf.set_creator("Scanner")  # what a copier writes; deliberately no title: nothing to read but pixels
    for page in pages:
        image = scanned_look(page.image, doc.slug, page.number)
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=72, dpi=(SCAN_DPI, SCAN_DPI))
        pdf.add_page()
        pdf.image(io.BytesIO(jpeg.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def assert_no_text_layer(data: bytes, name: str) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    if text.strip():
        raise SourceError(f"{name}: the scan has a text layer ({text[:40]!r})")
