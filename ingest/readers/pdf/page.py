"""One PDF page through pdfplumber: its fonts (subset prefix removed),
whether it has a text layer, its tables (``find_tables()``, kept at >= 2
rows and >= 2 columns) cut out of the text and put back as "cell | cell"
rows where they stand, and its paragraph blocks from :mod:`.layout`.
"""
from __future__ import annotations

import re

from ..txt import collapse_ws, nfc
from .layout import X_TOLERANCE, Y_TOLERANCE, _lines, _paragraphs

_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")


def _decode_legacy_runs(page) -> str | None:
    """Convert, in place, the characters a legacy font draws (a TCVN3 or VNI
    heading inside an otherwise Unicode page, or a whole legacy page). Each
    legacy font of the page is judged on all it draws there
    (:func:`ingest.vietnamese.legacy.convert_run`: converted only when that
    reads better, so a Unicode text in a font that kept its old name stays);
    a judged font's text is converted word by word onto its characters (a
    VNI letter and its mark become one character, over both). Returns the
    encoding used, or None."""
    from ingest.vietnamese.legacy import convert_run, font_encoding

    chars = page.objects.get("char", [])
    by_font: dict[str, list[str]] = {}        # judged by the font's name, its subsets together
    previous = None
    for c in chars:
        font = _SUBSET_RE.sub("", c.get("fontname") or "")
        if font_encoding(font)[0]:
            if font != previous:
                by_font.setdefault(font, []).append(" ")    # a run of its own: "¸" in "Hội nghị ¸ - ©u"
            by_font[font].append(c.get("text") or "")
        previous = font
    convert = {f for f, texts in by_font.items() if convert_run("".join(texts), f) is not None}
    if not convert:
        return None
    out: list[dict] = []
    i = 0
    while i < len(chars):
        font = _SUBSET_RE.sub("", chars[i].get("fontname") or "")
        blank = not (chars[i].get("text") or "").strip()
        j = i + 1
        while j < len(chars) and _SUBSET_RE.sub("", chars[j].get("fontname") or "") == font \
                and (not (chars[j].get("text") or "").strip()) == blank and abs(chars[j]["top"] - chars[i]["top"]) < 2:
            j += 1
        word = chars[i:j]        # one word (or one run of spaces) in one font
        i = j
        raw = "".join(c.get("text") or "" for c in word)
        rule = re.fullmatch(r"[\u2212\u2219\-–—_.]+", raw) is not None and len(raw) > 1   # "−∙−", "−−−−": a rule
        conv = None if blank or rule or font not in convert else convert_run(raw, font, judge=False)
        if conv is None or conv == raw:
            out.extend(word)
        elif len(conv) == len(word):
            out.extend(dict(c, text=t) for c, t in zip(word, conv))
        else:
            out.append(dict(word[0], text=conv, x1=word[-1]["x1"]))
    page.objects["char"] = out
    return font_encoding(sorted(convert)[0])[0]


def _read_page(page):
    legacy = _decode_legacy_runs(page)
    chars = page.chars
    fonts = {_SUBSET_RE.sub("", c.get("fontname") or "") for c in chars}
    fonts.discard("")
    has_text = any((c.get("text") or "").strip() for c in chars)
    if not has_text:
        return [], [], fonts, False, False, False, legacy

    tables: list[list[list[str]]] = []
    bboxes = []
    try:
        found = page.find_tables()
    except Exception:
        found = []
    for t in found:
        try:
            rows = t.extract(x_tolerance=X_TOLERANCE)
        except Exception:
            continue
        rows = [[collapse_ws(nfc(c or "")) for c in row] for row in rows]
        rows = [r for r in rows if any(r)]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            tables.append(rows)
            bboxes.append(t.bbox)

    if bboxes:
        def outside(obj, _boxes=bboxes):
            if obj.get("object_type") != "char":
                return True
            cx = (obj["x0"] + obj["x1"]) / 2
            cy = (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in _boxes)

        text_page = page.filter(outside)
    else:
        text_page = page

    words = text_page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE,
                                    keep_blank_chars=False, use_text_flow=False)
    positioned, open_end, flowing_start = _paragraphs(_lines(words), page.width)
    # each table's rows go where the table stands on the page
    groups = []
    for rows, bbox in zip(tables, bboxes):
        lines = [" | ".join(c for c in r if c) for r in rows]
        groups.append((bbox[1], [ln for ln in lines if ln]))
    groups.sort(key=lambda g: g[0])
    if groups and (not positioned or groups[0][0] < positioned[0][0]):
        flowing_start = False  # the page starts with a table
    blocks: list[str] = []
    for top, text in positioned:
        while groups and groups[0][0] < top:
            blocks.extend(groups.pop(0)[1])
        blocks.append(text)
    if groups:
        open_end = False  # the page ends with a table
        for _, lines in groups:
            blocks.extend(lines)
    return blocks, tables, fonts, True, open_end, flowing_start, legacy
