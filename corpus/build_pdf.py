"""Administrative documents as PDF (fpdf2)."""
from __future__ import annotations

import datetime as dt
import re

from build_admin import ARTICLE_PREFIX, NATIONAL, AdminDoc, Block, column_weights
from build_source import FONT_DIR, SERIF
from fpdf import FPDF
from fpdf.fonts import FontFace


def render_pdf(doc: AdminDoc) -> bytes:
    class DocPDF(FPDF):
        def header(self):  # page numbers: top centre, from page 2 on (Nghị định 30/2020)
            if self.page_no() > 1:
                self.set_font("Serif", "", 11)
                self.set_y(10)
                self.cell(0, 5, str(self.page_no()), align="C")
                self.set_y(self.t_margin)

    pdf = DocPDF(format="A4", unit="mm")
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, 20)
    for style, name in SERIF.items():
        pdf.add_font("Serif", style, str(FONT_DIR / name))
    stamp = dt.datetime.combine(doc.date, dt.time(8, 0), tzinfo=dt.timezone(dt.timedelta(hours=7)))
    pdf.set_creation_date(stamp)
    pdf.set_title(doc.title)
    pdf.set_author(doc.agency_lines[-1][0])
    pdf.set_creator("tracuu corpus/build.py")
    pdf.add_page()
    pdf_header(pdf, doc)
    for block in doc.blocks:
        if block.annex and block.kind == "table":
            pdf.add_page()
            pdf_annex_title(pdf, block, doc)
            pdf_table(pdf, block)
        elif block.kind == "signature":
            pdf_signature(pdf, block, doc)
        elif block.kind == "table":
            pdf_table_caption(pdf, block.text)
            pdf_table(pdf, block)
        else:
            pdf_block(pdf, block)
    return bytes(pdf.output())


LEFT_W, RIGHT_X = 70, 95  # header columns (mm): agency block 30..100, national motto 95..190


def pdf_centered_lines(pdf, x, w, y, lines, size, style, line_h=5.6):
    """Centred lines in a column; returns the y below them and the width of the last line."""
    last_w = 0
    for text in lines:
        pdf.set_font("Serif", style, size)
        pdf.set_xy(x, y)
        pdf.multi_cell(w, line_h, text, align="C")
        y = pdf.get_y()
        last_w = min(pdf.get_string_width(text), w)
    return y, last_w


def pdf_rule(pdf, x_center, y, width):
    pdf.set_line_width(0.3)
    pdf.line(x_center - width / 2, y, x_center + width / 2, y)


def pdf_header(pdf, doc: AdminDoc) -> None:
    top, left_x = pdf.t_margin, pdf.l_margin
    y = top
    for text, bold in doc.agency_lines:
        y, _ = pdf_centered_lines(pdf, left_x, LEFT_W, y, [text], 12, "B" if bold else "")
    pdf_rule(pdf, left_x + LEFT_W / 2, y + 0.8, 24)
    y, _ = pdf_centered_lines(pdf, left_x, LEFT_W, y + 3, [doc.number_line], 12, "")
    if doc.left_subject:
        y, _ = pdf_centered_lines(pdf, left_x, LEFT_W, y + 0.5, [doc.left_subject], 10.5, "", 4.8)
    left_end = y
    right_w = pdf.w - pdf.r_margin - RIGHT_X + 5
    y, _ = pdf_centered_lines(pdf, RIGHT_X, right_w, top, [NATIONAL[0]], 11.5, "B")
    y, motto_w = pdf_centered_lines(pdf, RIGHT_X, right_w, y, [NATIONAL[1]], 12.5, "B")
    pdf_rule(pdf, RIGHT_X + right_w / 2, y + 0.8, motto_w)
    y, _ = pdf_centered_lines(pdf, RIGHT_X, right_w, y + 3, [doc.place_date], 12, "I")
    pdf.set_y(max(left_end, y) + 8)
    if doc.type_heading:
        pdf.set_font("Serif", "B", 14)
        pdf.cell(0, 7, doc.type_heading, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Serif", "B", 12.5)
        pdf.set_x(pdf.l_margin + 10)
        pdf.multi_cell(pdf.epw - 20, 6, doc.subject, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf_rule(pdf, pdf.l_margin + pdf.epw / 2, pdf.get_y() + 2.2, 40)
        pdf.ln(6)


def pdf_block(pdf, block: Block) -> None:
    if block.kind == "center":
        pdf.ln(1)
        pdf.set_font("Serif", "B", 12.5)
        pdf.multi_cell(0, 6.5, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        return
    if block.kind == "recipients":
        pdf_recipients(pdf, block.lines)
        return
    bold_all = block.kind == "heading"
    with pdf.text_columns(text_align="J", line_height=1.35) as cols:
        for line in block.text.split("\n"):
            with cols.paragraph(first_line_indent=10, bottom_margin=1.8) as par:
                match = ARTICLE_PREFIX.match(line)
                if match and not bold_all:
                    pdf.set_font("Serif", "B", 12.5)
                    par.write(match.group(1) + " ")
                    line = line[match.end():]
                pdf.set_font("Serif", "B" if bold_all else "", 12.5)
                par.write(line)


def pdf_recipients(pdf, lines: list[str]) -> None:
    pdf.set_font("Serif", "", 12.5)
    label_x = pdf.l_margin + 22
    if len(lines) == 1:
        pdf.set_x(label_x)
        pdf.multi_cell(pdf.epw - 22, 6.5, "Kính gửi: " + lines[0].lstrip("- "), new_x="LMARGIN", new_y="NEXT")
    else:
        y = pdf.get_y()
        pdf.set_xy(label_x, y)
        pdf.cell(22, 6.5, "Kính gửi:")
        for line in lines:
            pdf.set_xy(label_x + 22, y)
            pdf.multi_cell(pdf.epw - 44, 6.5, line, align="L", new_x="LMARGIN", new_y="NEXT")
            y = pdf.get_y()
    pdf.ln(3)


def pdf_signature(pdf, block: Block, doc: AdminDoc) -> None:
    needed = 8 + 5 * max(len(block.lines) + 1, len(doc.signer_title) + 7)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y() + 4
    pdf.set_xy(pdf.l_margin, top)
    pdf.set_font("Serif", "BI", 11)
    pdf.cell(80, 5.5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "", 10)
    for line in block.lines:
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(78, 4.6, line, align="L", new_x="LMARGIN", new_y="NEXT")
    left_end = pdf.get_y()
    col_x, col_w = 110, pdf.w - pdf.r_margin - 110
    y, _ = pdf_centered_lines(pdf, col_x, col_w, top, doc.signer_title, 12, "B", 5.8)
    y, _ = pdf_centered_lines(pdf, col_x, col_w, y + 6, ["(Đã ký)"], 11, "I")
    y, _ = pdf_centered_lines(pdf, col_x, col_w, y + 12, [doc.signer], 12.5, "B")
    pdf.set_y(max(left_end, y) + 4)


def pdf_annex_title(pdf, block: Block, doc: AdminDoc) -> None:
    pdf.set_font("Serif", "B", 13)
    pdf.multi_cell(0, 6.5, block.text.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "I", 12)
    pdf.multi_cell(0, 6, doc.annex_note, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf_rule(pdf, pdf.l_margin + pdf.epw / 2, pdf.get_y() + 2.2, 40)
    pdf.ln(6)


def pdf_table_caption(pdf, caption: str) -> None:
    if caption:
        pdf.ln(1)
        pdf.set_font("Serif", "B", 12)
        pdf.multi_cell(0, 6, caption, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


def pdf_table(pdf, block: Block) -> None:
    pdf.set_font("Serif", "", 11)
    aligns = ["CENTER" if all(re.fullmatch(r"[\d.,-]*", r[c]) for r in block.rows[1:]) else "LEFT"
              for c in range(len(block.rows[0]))]
    with pdf.table(col_widths=column_weights(block.rows), line_height=5.4, text_align=aligns,
                   first_row_as_headings=True, padding=1.2,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235))) as table:
        for row in block.rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.ln(4)
