"""Pages whose text layer cannot be used as it is: a legacy-encoded
(TCVN3/VNI) layer converted to Unicode, a layer that is still garbage
marked for OCR, and the OCR of those pages and of the pages without a text
layer through ``ingest.readers.ocr`` when it is installed (its text, and a
warning with the engine and the confidence).
"""
from __future__ import annotations

import importlib

from ..txt import nfc, split_blocks


def _repair_text_layer(number, blocks, page_fonts, raw, garbage_pages) -> list[str]:
    """Convert a legacy-encoded (TCVN3/VNI) text layer to Unicode, and mark a
    page whose layer is still garbage for OCR (the layer is kept if OCR is
    unavailable)."""
    from ingest.vietnamese.legacy import fix_mojibake

    try:
        from ingest.readers.ocr import text_layer_quality
    except ImportError:  # OCR support left out (as _ocr tolerates too)
        text_layer_quality = None
    page_text = "\n".join(blocks)
    fixed = fix_mojibake(page_text, fonts=sorted(page_fonts))
    if fixed:
        page_text = fixed[0]
        blocks = page_text.split("\n")
        raw.meta.setdefault("legacy_encoding", fixed[1])
    if text_layer_quality is not None and text_layer_quality(page_text) != "ok":
        garbage_pages.append(number)
        raw.warnings.append(f"page {number}: the text layer is unusable, sent to OCR")
    return blocks


def _ocr(path, numbers, page_blocks, raw) -> None:
    try:
        ocr_module = importlib.import_module("ingest.readers.ocr")
    except ImportError:
        return
    ocr_pages = getattr(ocr_module, "ocr_pages", None)
    if not callable(ocr_pages):
        return
    engine_name = getattr(ocr_module, "engine_name", None)
    engine = engine_name() if callable(engine_name) else getattr(ocr_module, "ENGINE", "tesseract vie")
    try:
        results = ocr_pages(path, list(numbers)) or {}
    except Exception as exc:
        raw.warnings.append(f"OCR failed: {exc}")
        return
    for number in numbers:
        if number not in results:
            continue
        text, confidence = results[number]
        text = nfc(text or "").replace("\r\n", "\n")
        blocks = split_blocks(text)
        if not blocks:
            continue
        page_blocks[number] = blocks
        raw.ocr_pages.append(number)
        try:
            conf = float(confidence)
            if conf <= 1.0:
                conf *= 100
            conf_text = f"confidence {conf:.0f}%"
        except (TypeError, ValueError):
            conf_text = "confidence unknown"
        raw.warnings.append(f"page {number}: OCR ({engine}, {conf_text})")
    raw.ocr_pages.sort()
    words = getattr(ocr_module, "HEADER_WORDS", {}).pop(path, None)
    if words and 1 in raw.ocr_pages:
        raw.meta["ocr_header_words"] = [[w, c] for w, c in words[:300]]
