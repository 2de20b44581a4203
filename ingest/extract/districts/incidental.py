"""The parts of a document that are not about anything.

A district named in the recipients block of an administrative document
("Nơi nhận:", "Kính gửi:"), in a signature line or in the teasers after a
related-stories heading ("Các tin khác") says nothing about the document;
`strip_incidental` blanks them out, keeping the other lines in place.
"""
from __future__ import annotations

import re

from ingest.vietnamese.headings import related_line_re
from ingest.vietnamese.normalize import normalize

# a heading over other stories (ingest/vietnamese/data/related_headings.tsv)
_CUT_MARKERS = related_line_re()
_RECIPIENTS_START = re.compile(r"^\s*(Nơi nhận|Kính gửi)\s*:", re.IGNORECASE)
_ANNEX_START = re.compile(r"^\s*(PHỤ LỤC|Phụ lục|DANH SÁCH|Danh sách|BẢNG|\(Kèm theo|Kèm theo)", re.UNICODE)
_SIGNATURE_LINE = re.compile(
    r"^\s*(?:(?:TM|KT|TL|TUQ|Q|TM\.?\s*BAN THƯỜNG VỤ)\.\s*.*|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|BÍ THƯ|"
    r"CHÁNH VĂN PHÒNG|TỔNG BIÊN TẬP)\s*|\(?(?:Đã ký|Ký|ký tên|đóng dấu)[^)]*\)?\s*|\[?\s*(?:đã ký|Signed)\s*\]?\s*)$"
)
_INLINE_RECIPIENTS = re.compile(r"Nơi nhận\s*:.*?(?:Lưu\s*:?\s*[^\n]*?(?:\.|$)|$)", re.IGNORECASE | re.DOTALL)


def strip_incidental(text: str) -> str:
    """`text` without teasers, recipients blocks and signature lines.

    Lines are kept in place (blanked) so positions keep their order."""
    text = normalize(text)
    m = _CUT_MARKERS.search(text)
    if m:
        text = text[: m.start()]
    lines = text.split("\n")
    out = []
    in_recipients = False
    for line in lines:
        if _RECIPIENTS_START.match(line):
            in_recipients = True
            # a one-line block "Nơi nhận: - …; - …; - Lưu: VT." ends on this line
            head = line.split(":", 1)[0]
            if head.lower().startswith("kính gửi") and re.search(r"\S", line.split(":", 1)[1]) and \
                    not line.rstrip().endswith((";", ":")):
                in_recipients = False
            out.append("")
            continue
        if in_recipients:
            if _ANNEX_START.match(line):
                in_recipients = False
            elif line.strip() == "" or re.match(r"^\s*[-–+•*]", line) or re.match(r"^\s*Lưu\b", line) \
                    or _SIGNATURE_LINE.match(line) or len(line) < 60:
                out.append("")
                continue
            else:
                in_recipients = False
        if _SIGNATURE_LINE.match(line):
            out.append("")
            continue
        out.append(line)
    text = "\n".join(out)
    text = _INLINE_RECIPIENTS.sub(lambda m: " " * len(m.group(0)) if "\n" not in m.group(0) else m.group(0), text)
    return text
