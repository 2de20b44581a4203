"""Administrative documents: one layout model (blocks), for the PDF, DOCX and scan renderers."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from build_source import DOC_TYPES, Source, SourceError, place_date_line, short_date


@dataclass
class Block:
    kind: str            # center, heading, para, recipients, signature, table
    text: str = ""
    lines: list = field(default_factory=list)
    rows: list = field(default_factory=list)   # table rows, first row = column headings
    annex: bool = False  # after the signature: printed on its own page


@dataclass
class AdminDoc:
    slug: str
    title: str
    date: dt.date
    agency_lines: list          # [(text, bold)]
    number_line: str
    left_subject: str | None    # "V/v ..." of a công văn, under the number
    place_date: str
    type_heading: str | None
    subject: str | None
    blocks: list
    signer_title: list
    signer: str
    annex_note: str


NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ARTICLE_PREFIX = re.compile(r"^(Điều \d+\.)\s")


def parse_blocks(body: str) -> list[Block]:
    """Body markup: '= ' centred bold line, '# ' bold heading, [kinh-gui], [noi-nhan], [table]."""
    blocks, after_signature = [], False
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith(("[kinh-gui]", "[noi-nhan]", "[table]")):
            tag = line[1:line.index("]")]
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == f"[/{tag}]"), None)
            if end is None:
                raise SourceError(f"[{tag}] without [/{tag}]")
            inner = [line.strip() for line in lines[i + 1:end] if line.strip()]
            if tag == "kinh-gui":
                blocks.append(Block("recipients", lines=inner))
            elif tag == "noi-nhan":
                blocks.append(Block("signature", lines=inner))
                after_signature = True
            else:
                rows = [[c.strip() for c in row.split("|")] for row in inner]
                if len({len(r) for r in rows}) != 1:
                    raise SourceError(f"table {line!r}: rows have different numbers of cells")
                blocks.append(Block("table", text=line[len("[table]"):].strip(), rows=rows,
                                    annex=after_signature))
            i = end + 1
            continue
        j = i
        while j < len(lines) and lines[j].strip() and not lines[j].strip().startswith("["):
            j += 1
        text = "\n".join(line.strip() for line in lines[i:j])
        if text:
            if text.startswith("= "):
                blocks.append(Block("center", text=text[2:], annex=after_signature))
            elif text.startswith("# "):
                blocks.append(Block("heading", text=text[2:], annex=after_signature))
            else:
                blocks.append(Block("para", text=text, annex=after_signature))
        i = max(j, i + 1)
    if not any(b.kind == "signature" for b in blocks):
        raise SourceError("no [noi-nhan] block (the signature is drawn there)")
    return blocks


def agency_lines(meta: dict) -> list[tuple[str, bool]]:
    parent = meta.get("agency_parent")
    if parent:
        return [(parent.upper(), False), (meta["agency"].upper(), True)]
    return [(meta["agency"].upper(), True)]


def admin_doc(src: Source) -> AdminDoc:
    meta = src.meta
    heading, type_name = DOC_TYPES[meta["doc_type"]]
    subject = meta.get("subject") or meta["title"]
    day = src.moment.date()
    is_letter = heading is None
    return AdminDoc(
        slug=src.slug, title=meta["title"], date=day,
        agency_lines=agency_lines(meta),
        number_line=f"Số: {meta['number']}",
        left_subject=subject if is_letter else None,
        place_date=place_date_line(meta["place"], day),
        type_heading=heading,
        subject=None if is_letter else subject,
        blocks=parse_blocks(src.body),
        signer_title=[part.strip() for part in meta["signer_title"].split("/")],
        signer=meta["signer"],
        annex_note=f"(Kèm theo {type_name} số {meta['number']} ngày {short_date(day)} "
                   f"của {meta['agency']})",
    )


def column_weights(rows: list[list[str]]) -> list[float]:
    """Relative column widths from the longest cell of each column (a number column stays narrow)."""
    weights = []
    for col in zip(*rows):
        longest = max(len(cell) for cell in col)
        weights.append(min(max(longest, 10), 48))
    return weights
