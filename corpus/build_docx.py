"""Administrative documents as DOCX (python-docx), with fixed zip timestamps."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from build_admin import ARTICLE_PREFIX, NATIONAL, AdminDoc, column_weights
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


def render_docx(doc: AdminDoc) -> bytes:
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    docx_page_numbers(section)

    def para(container, text="", *, bold=False, italic=False, size=None, align=None,
             indent=None, before=0, after=0, underline=False):
        p = container.add_paragraph()
        if align:
            p.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if indent is not None:
            fmt.first_line_indent = Cm(indent)
        if text:
            run = p.add_run(text)
            run.bold, run.italic, run.underline = bold, italic, underline
            if size:
                run.font.size = Pt(size)
        return p

    def first_para(cell, text, **kw):  # a new table cell already holds one empty paragraph
        p = cell.paragraphs[0]
        p._p.getparent().remove(p._p)
        return para(cell, text, **kw)

    header = word.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    docx_fixed_widths(header, [Cm(6), Cm(10)])
    left, right = header.rows[0].cells
    for n, (text, bold) in enumerate(doc.agency_lines):
        (first_para if n == 0 else para)(left, text, bold=bold, size=13, align="CENTER")
    para(left, "", size=6)
    para(left, doc.number_line, size=13, align="CENTER", before=4)
    if doc.left_subject:
        para(left, doc.left_subject, size=12, align="CENTER")
    first_para(right, NATIONAL[0], bold=True, size=12, align="CENTER")
    para(right, NATIONAL[1], bold=True, size=13.5, align="CENTER", underline=True)
    para(right, doc.place_date, italic=True, size=13.5, align="CENTER", before=8)

    if doc.type_heading:
        para(word, doc.type_heading, bold=True, size=14, align="CENTER", before=18)
        para(word, doc.subject, bold=True, size=14, align="CENTER", after=12)
    else:
        para(word, "", after=6)

    for block in doc.blocks:
        if block.kind == "center":
            para(word, block.text, bold=True, align="CENTER", before=6, after=6)
        elif block.kind == "heading":
            para(word, block.text, bold=True, align="JUSTIFY", indent=1.27, after=6)
        elif block.kind == "para":
            for line in block.text.split("\n"):
                p = para(word, align="JUSTIFY", indent=1.27, after=6)
                match = ARTICLE_PREFIX.match(line)
                if match:
                    p.add_run(match.group(1) + " ").bold = True
                    line = line[match.end():]
                p.add_run(line)
        elif block.kind == "recipients":
            docx_recipients(word, block.lines, para)
        elif block.kind == "signature":
            docx_signature(word, block, doc, para, first_para)
        elif block.kind == "table":
            if block.annex:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                para(word, block.text.upper(), bold=True, align="CENTER")
                para(word, doc.annex_note, italic=True, align="CENTER", after=12)
            elif block.text:
                para(word, block.text, bold=True, align="CENTER", before=6, after=6)
            docx_table(word, block)

    props = word.core_properties
    stamp = dt.datetime.combine(doc.date, dt.time(8, 0))
    props.title, props.author, props.last_modified_by = doc.title, doc.agency_lines[-1][0], "tracuu"
    props.created = props.modified = props.last_printed = stamp
    props.revision, props.comments = 1, ""
    out = io.BytesIO()
    word.save(out)
    return fixed_zip(out.getvalue(), stamp)


def docx_page_numbers(section) -> None:
    """A centred PAGE field in the header, not shown on the first page."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_el = OxmlElement("w:fldSimple")
    field_el.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field_el.append(run)
    p._p.append(field_el)


def docx_recipients(word, lines, para) -> None:
    if len(lines) == 1:
        para(word, "Kính gửi: " + lines[0].lstrip("- "), align="CENTER", after=6)
        return
    para(word, "Kính gửi:", indent=None, after=0).paragraph_format.left_indent = Cm(3)
    for line in lines:
        para(word, line).paragraph_format.left_indent = Cm(5)
    para(word, "", after=6)


def docx_signature(word, block, doc, para, first_para) -> None:
    table = word.add_table(rows=1, cols=2)
    docx_fixed_widths(table, [Cm(7.5), Cm(8.5)])
    docx_keep_row_together(table.rows[0])
    left, right = table.rows[0].cells
    first_para(left, "Nơi nhận:", bold=True, italic=True, size=12, before=12)
    for line in block.lines:
        para(left, line, size=11)
    for n, line in enumerate(doc.signer_title):
        (first_para if n == 0 else para)(right, line, bold=True, align="CENTER", before=12 if n == 0 else 0)
    para(right, "(Đã ký)", italic=True, align="CENTER", before=24, after=36)
    para(right, doc.signer, bold=True, align="CENTER")


def docx_table(word, block) -> None:
    rows = block.rows
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    weights = column_weights(rows)
    docx_fixed_widths(table, [Cm(16 * w / sum(weights)) for w in weights])
    for r, row in enumerate(rows):
        docx_keep_row_together(table.rows[r])
        for c, text in enumerate(row):
            p = table.cell(r, c).paragraphs[0]
            run = p.add_run(text)
            run.font.size = Pt(12)
            run.bold = r == 0
            if r == 0 or re.fullmatch(r"[\d.,-]*", text):
                p.alignment = 1  # centre
    word.add_paragraph()


def docx_fixed_widths(table, widths) -> None:
    """Column widths that Word and LibreOffice both honour: grid columns plus every cell."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def docx_keep_row_together(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a zip with one fixed timestamp on every member (python-docx uses 'now')."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
