"""Pre-Unicode Vietnamese encodings: detection and conversion to Unicode.

Encodings handled (tables in ``data/``, each naming its source):

* ``tcvn3`` — TCVN 5712:1993 VN3, the ABC encoding of the ``.VnTime``,
  ``.VnArial``… fonts (``data/tcvn3.tsv``, generated from glibc's
  ``TCVN5712-1`` charmap). One byte per letter; no upper-case toned vowels:
  headings were set in the capital fonts ``.VnTimeH``, ``.VnArialH``…, which
  draw the lower-case codes as capitals, so text from those runs must be
  upper-cased again (``capitals=True``, or a font name ending in "H").
* ``vni`` — VNI-Windows (``VNI-Times``, ``VNI-Helve``…): base letter + mark
  byte (``data/vni.tsv``).
* ``viscii`` — RFC 1456 (``data/viscii.tsv``, from glibc's ``VISCII``).
* ``cp1258`` — Windows-1258 (Python's codec; tones as combining marks, so the
  result is NFC-composed).

Entry points: :func:`decode_legacy` (raw bytes that are not UTF-8),
:func:`fix_mojibake` (text decoded as Latin-1 that is really TCVN3/VNI),
:func:`fix_runs` and :func:`convert_run` (text with its font names).

Detection: font names first (:func:`font_encoding`), then the share of valid
Vietnamese syllables (:func:`looks_vietnamese`, built on
``syllable.is_syllable(strict=True)``) of each candidate decoding against the
text as it is. Documents that mix encodings (TCVN3 and VNI paragraphs, or
legacy and Unicode paragraphs) are decided paragraph by paragraph.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .syllable import is_syllable

_DATA = Path(__file__).with_name("data")

ENCODINGS = ("tcvn3", "vni", "viscii", "cp1258")


# --- tables -----------------------------------------------------------------


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=1)
def _tcvn3_table() -> dict[int, str]:
    """Latin-1 code point of a TCVN3 byte -> Unicode letter (the VN3 set)."""
    return {int(r[0], 16): r[1] for r in _rows("tcvn3.tsv") if r[3] == "vn3"}


@lru_cache(maxsize=1)
def _viscii_table() -> dict[int, str]:
    return {int(r[0], 16): r[1] for r in _rows("viscii.tsv")}


@lru_cache(maxsize=1)
def _vni() -> tuple[re.Pattern, dict[str, str]]:
    table = {r[0]: r[1] for r in _rows("vni.tsv")}
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)), table


# Characters a PDF text layer gives for TCVN3 bytes whose Latin-1 slot is not a
# printable glyph name: 0xAD (ư, the soft-hyphen slot) comes out as U+2212
# MINUS SIGN, 0xB7 (ã) as U+2219 BULLET OPERATOR (measured on the TCVN3 PDFs
# of the viparse corpus). Replaced only next to a letter.
_PDF_GLYPHS = {"\u2212": "\xad", "\u2219": "\xb7"}
_PDF_GLYPH_RE = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_])")

# Windows-1252's printable characters in 0x80-0x9F, back to their bytes.
_CP1252_BACK = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_BACK[ord(bytes([_b]).decode("cp1252"))] = chr(_b)
    except UnicodeDecodeError:
        pass


_DOUBLE_SOFT_HYPHEN_RE = re.compile("\xad{2,}")


# --- conversion of known encodings ------------------------------------------


def _tcvn3(text: str) -> str:
    text = _PDF_GLYPH_RE.sub(lambda m: _PDF_GLYPHS[m.group(0)], text)
    # "ư" is the soft-hyphen byte; Word sometimes stores it twice ("ưư" is
    # never Vietnamese)
    text = _DOUBLE_SOFT_HYPHEN_RE.sub("\xad", text)
    return text.translate(_tcvn3_table())


def _vni_convert(text: str) -> str:
    pattern, table = _vni()
    return pattern.sub(lambda m: table[m.group(0)], text)


def _viscii(text: str) -> str:
    return text.translate(_viscii_table())


def _cp1258(text: str) -> str:
    """Windows-1258 for Latin-1-looking text; other characters pass through."""
    out: list[str] = []
    buf = bytearray()
    for ch in text.translate(_CP1252_BACK):
        if ord(ch) < 256:
            buf.append(ord(ch))
            continue
        if buf:
            out.append(buf.decode("cp1258", errors="replace"))
            buf.clear()
        out.append(ch)
    if buf:
        out.append(buf.decode("cp1258", errors="replace"))
    return unicodedata.normalize("NFC", "".join(out))


_CONVERTERS = {"tcvn3": _tcvn3, "vni": _vni_convert, "viscii": _viscii, "cp1258": _cp1258}


def convert(text: str, encoding: str, capitals: bool | None = None) -> str:
    """Convert Latin-1-looking `text` known to be in `encoding` to Unicode NFC.

    capitals: True upper-cases the result (runs set in a ``.VnTimeH``-style
    capital font); None (default) repairs only words that are visibly capitals
    ("QUYÕT" -> "QUYẾT", not "quyẾt"); False leaves the case as decoded."""
    out = unicodedata.normalize("NFC", _CONVERTERS[encoding](text))
    if capitals:
        return out.upper()
    if capitals is None and encoding == "tcvn3":
        return _repair_capitals(out)
    return out


# --- capitals ---------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+")


def _is_caps_word(word: str) -> bool:
    """Upper case except some lower-case letters: "QUYếT", "ủY", "THàNH"."""
    upper = [i for i, ch in enumerate(word) if ch.isupper()]
    if not upper or len(upper) == len(word):
        return False
    ascii_lower = [ch for ch in word if ch.islower() and ch.isascii()]
    if ascii_lower:
        return False  # "Céng": a real lower-case letter was typed
    # a Title word ("Mở", "Đà") is not evidence: its only capital is the first
    return len(upper) >= 2 or upper != [0]


def _repair_capitals(text: str) -> str:
    """Upper-case the words of a TCVN3 decoding that were typed in capitals.

    .VnTime has no toned capitals, so a heading typed in capitals mixes
    ASCII capitals with lower-case toned letters ("QUYÕT §ÞNH"); such a word
    is upper-cased, and in a line where most words are capitals, so are its
    Title-case words ("§µ N½NG" -> "ĐÀ NẴNG")."""
    lines = []
    for line in text.split("\n"):
        words = _WORD_RE.findall(line)
        if not words:
            lines.append(line)
            continue
        line = _WORD_RE.sub(lambda m: m.group(0).upper() if _is_caps_word(m.group(0)) else m.group(0), line)
        words = _WORD_RE.findall(line)
        cased = [w for w in words if len(w) > 1 and w.lower() != w.upper()]
        caps = [w for w in cased if w == w.upper()]
        if len(cased) >= 3 and len(caps) >= 0.7 * len(cased):
            line = _WORD_RE.sub(
                lambda m: m.group(0).upper() if m.group(0)[:1].isupper() else m.group(0), line)
        lines.append(line)
    return "\n".join(lines)


# --- fonts ------------------------------------------------------------------

_STYLE_SUFFIX_RE = re.compile(r"[\s,\-]*(bold|italic|regular|oblique|b|i|bi)$", re.I)


def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """(encoding, capitals) that a font name implies: ".VnTimeH" ->
    ("tcvn3", True), "VNI-Times" -> ("vni", False), "Arial" -> (None, False).
    PDF subset prefixes ("ABCDEF+.VnTime") are ignored."""
    if not font:
        return None, False
    name = font.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", font) else font
    name = name.strip().strip('"')
    core = _STYLE_SUFFIX_RE.sub("", name)
    low = name.lower()
    if low.startswith("vni"):
        return "vni", False
    if low.startswith(".vn") or re.match(r"^vn[a-z]", low):  # PDFs drop the dot: "VnTime"
        return "tcvn3", core.endswith("H")
    if "viscii" in low:
        return "viscii", False
    return None, False


def fonts_hint(fonts: Iterable[str] | None) -> str | None:
    """The legacy encoding most of the given font names imply, if any."""
    votes: dict[str, int] = {}
    for f in fonts or ():
        enc, _ = font_encoding(f)
        if enc:
            votes[enc] = votes.get(enc, 0) + 1
    return max(votes, key=votes.get) if votes else None


# --- scoring ----------------------------------------------------------------

_SPLIT_RE = re.compile(r"[\s/]+")
_EDGE = "\"'()[]{}<>.,;:!?*-–—=+_|“”‘’„…•·%#&"


def _tokens(text: str) -> list[str]:
    out = []
    for tok in _SPLIT_RE.split(text):
        tok = tok.strip(_EDGE)
        if not tok or any(ch.isdigit() for ch in tok) or not any(ch.isalpha() for ch in tok):
            continue
        for part in tok.split("-"):
            if part:
                out.append(part)
    return out


def _score(text: str) -> tuple[int, int]:
    """(valid syllables, word tokens) of `text`."""
    toks = _tokens(text)
    return sum(1 for t in toks if is_syllable(t, strict=True)), len(toks)


def looks_vietnamese(text: str) -> float:
    """Share (0-1) of the word tokens of `text` that are valid Vietnamese
    syllables (strict shape: letters, one tone, existing rhyme, case).
    0.0 for text without words."""
    valid, total = _score(text)
    return valid / total if total else 0.0


def _changed_score(before: str, after: str) -> tuple[int, int, int]:
    """(valid before, valid after, n) over the tokens the conversion changed."""
    b_toks, a_toks = _tokens(before), _tokens(after)
    if len(b_toks) != len(a_toks):  # conversion changed token boundaries
        vb, nb = _score(before)
        va, na = _score(after)
        return vb, va, max(nb, na)
    vb = va = n = 0
    for b, a in zip(b_toks, a_toks):
        if a != b:
            n += 1
            vb += is_syllable(b, strict=True)
            va += is_syllable(a, strict=True)
    return vb, va, n


_LEGACY_CHAR_RE = re.compile(r"[\x80-\xff\u2212\u2219]")


def _candidates(text: str, encodings: Iterable[str]) -> dict[str, str]:
    return {enc: unicodedata.normalize("NFC", _CONVERTERS[enc](text)) for enc in encodings}


def _choose(text: str, hint: str | None, encodings: tuple[str, ...]) -> tuple[str | None, dict[str, str]]:
    """The best encoding for a block of text, or None when as-is reads best."""
    cands = _candidates(text, encodings)
    best, best_gain = None, 0.0
    for enc, out in cands.items():
        vb, va, n = _changed_score(text, out)
        if n == 0:
            continue
        gain = va - vb
        # a decoding must make most of what it changes valid
        if va < 0.5 * n or gain <= 0:
            continue
        if enc == hint:
            gain += 0.5 + 0.1 * n  # font names are strong evidence
        if gain > best_gain:
            best, best_gain = enc, gain
    return best, cands


_UNICODE_VIET_RE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def convert_with_prior(text: str, encoding: str, capitals: bool | None = None) -> str | None:
    """Convert a short text with too little evidence of its own (a table
    cell, a heading) with the encoding its document was found to use: done
    unless the text holds Unicode Vietnamese letters (then it is Unicode
    already) or the conversion makes fewer valid syllables. None = leave it."""
    if not _LEGACY_CHAR_RE.search(text) or _UNICODE_VIET_RE.search(text):
        return None
    out = convert(text, encoding, capitals)
    vb, va, n = _changed_score(text, out)
    return out if n and va >= vb else None


def fix_mojibake(
    text: str, fonts: list[str] | None = None, capitals: bool | None = None
) -> tuple[str, str] | None:
    """Repair text that was decoded as Windows-1252/Latin-1 but is really
    TCVN3 or VNI (or VISCII/CP1258). Returns (fixed_text, encoding_name) —
    the name is "tcvn3", "vni", … or "tcvn3+vni" for a document mixing them —
    or None when the text already reads as Vietnamese (or as nothing better).

    fonts: font names used by the text (a strong hint). capitals: True when
    the whole text was set in a capital font (.VnTimeH…), see :func:`convert`.
    """
    if not text or not _LEGACY_CHAR_RE.search(text):
        return None
    text = unicodedata.normalize("NFC", text)
    hint = fonts_hint(fonts)
    encodings = ("tcvn3", "vni", "viscii", "cp1258")
    doc_enc, cands = _choose(text, hint, encodings)
    if doc_enc is None:
        return None
    vb, va, n = _changed_score(text, cands[doc_enc])
    if va - vb < (1 if doc_enc == hint else max(2, 0.3 * n)):
        return None  # too little evidence ("où" in a French sentence)
    # paragraph by paragraph: a paragraph may be in another legacy encoding
    # (mixed TCVN3/VNI documents) or already Unicode
    used: list[str] = []
    out_paras = []
    for para in text.split("\n"):
        if not _LEGACY_CHAR_RE.search(para):
            out_paras.append(para)
            continue
        enc, cands = _choose(para, doc_enc, ("tcvn3", "vni") if doc_enc in ("tcvn3", "vni") else (doc_enc,))
        if enc is None and convert_with_prior(para, doc_enc) is not None:
            enc = doc_enc
        if enc is None:
            out_paras.append(para)
            continue
        if enc not in used:
            used.append(enc)
        converted = convert(para, enc, capitals)
        out_paras.append(_refine_words(para, converted, enc) if enc in ("tcvn3", "vni") else converted)
    if not used:
        return None
    return "\n".join(out_paras), "+".join(used)


def fix_runs(
    runs: Iterable[tuple[str, str | None]], document_fonts: list[str] | None = None
) -> tuple[str, str | None]:
    """Convert one paragraph given as (text, font name) runs.

    Runs whose font implies a legacy encoding are converted with it, and
    upper-cased for the capital fonts (.VnTimeH…). Font names are evidence,
    not proof: documents re-saved in Unicode keep their old font names, and
    mixed documents carry TCVN3 text in runs marked VNI (and the reverse). So
    the paragraph is also decoded whole as TCVN3, as VNI, and left as it is,
    and the reading with the most valid syllables wins (the fonts' reading
    on ties). Returns (text, encoding or None)."""
    runs = [(t, f) for t, f in runs if t]
    info = [(t, *font_encoding(f)) for t, f in runs]
    raw = "".join(t for t, _, _ in info)
    if not _LEGACY_CHAR_RE.search(raw):
        return "".join(t.upper() if caps else t for t, _, caps in info), None

    def by_fonts() -> tuple[str, str | None]:
        used = None
        parts = []
        for t, enc, caps in info:
            if enc and _LEGACY_CHAR_RE.search(t):
                parts.append(convert(t, enc, True if caps else None))
                used = used or enc
            else:
                parts.append(t.upper() if caps else t)
        return "".join(parts), used

    def whole(enc: str) -> str:
        parts = []
        for t, fenc, caps in info:
            if caps:
                parts.append(convert(t, enc, True))
            elif fenc and fenc != enc and not _LEGACY_CHAR_RE.search(t):
                parts.append(t)
            else:
                parts.append(_CONVERTERS[enc](t))
        text = unicodedata.normalize("NFC", "".join(parts))
        return _repair_capitals(text) if enc == "tcvn3" else text

    options: list[tuple[str, str | None]] = [by_fonts()]
    for enc in ("tcvn3", "vni"):
        options.append((whole(enc), enc))
    options.append((raw, None))
    best, best_valid = options[0], _score(options[0][0])[0]
    for opt in options[1:]:
        valid = _score(opt[0])[0]
        if valid > best_valid:
            best, best_valid = opt, valid
    if best[1] in ("tcvn3", "vni"):
        return _refine_words(raw, best[0], best[1]), best[1]
    return best


def convert_run(text: str, font: str | None, judge: bool = True) -> str | None:
    """`text` drawn in `font` converted when the font implies a legacy
    encoding (".VnTimeH" in capitals) and, with `judge`, reads better so (a
    Unicode text in a font that kept its old name stays); else None."""
    enc, caps = font_encoding(font)
    if enc is None or judge and not _LEGACY_CHAR_RE.search(text):
        return None
    converted = unicodedata.normalize("NFC", convert(text, enc, True if caps else None))
    return None if judge and _score(converted)[0] <= _score(text)[0] else converted


_WS_SPLIT_RE = re.compile(r"(\s+)")


def _refine_words(raw: str, converted: str, enc: str) -> str:
    """Word by word, take the other legacy encoding where it gives a valid
    syllable and `enc` does not (TCVN3 and VNI words mixed in one paragraph)."""
    other = "vni" if enc == "tcvn3" else "tcvn3"
    raw_parts = _WS_SPLIT_RE.split(raw)
    conv_parts = _WS_SPLIT_RE.split(converted)
    if len(raw_parts) != len(conv_parts):
        return converted
    changed = False
    for i in range(0, len(raw_parts), 2):
        r, c = raw_parts[i], conv_parts[i]
        if not _LEGACY_CHAR_RE.search(r):
            continue
        toks = _tokens(c)
        if not toks or all(is_syllable(x, strict=True) for x in toks):
            continue
        alt = unicodedata.normalize("NFC", _CONVERTERS[other](r))
        alt_toks = _tokens(alt)
        valid = sum(is_syllable(x, strict=True) for x in toks)
        if alt_toks and sum(is_syllable(x, strict=True) for x in alt_toks) > valid:
            conv_parts[i] = alt.upper() if c == c.upper() else alt
            changed = True
    return "".join(conv_parts) if changed else converted


# --- raw bytes --------------------------------------------------------------


def _fast_latin(data: bytes) -> str:
    text = data.decode("latin-1")
    if not re.search("[\x80-\x9f]", text):
        return text
    return re.sub("[\x80-\x9f]", lambda m: _C1_TO_CP1252.get(m.group(0), m.group(0)), text)


_C1_TO_CP1252 = {v: chr(k) for k, v in _CP1252_BACK.items()}


def decode_legacy(data: bytes, fonts: list[str] | None = None) -> tuple[str, str] | None:
    """Decode bytes that are not UTF-8 as TCVN3, VNI-Windows, VISCII or
    Windows-1258, whichever reads most like Vietnamese (font names, when
    known, break ties). Returns (unicode_text, encoding_name), or None when
    the bytes are UTF-8, or when no candidate reads clearly better than
    Windows-1252 (e.g. Western European text)."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    latin = _fast_latin(data)
    hint = fonts_hint(fonts)
    cands = {
        "tcvn3": _tcvn3(latin),
        "vni": _vni_convert(latin),
        "viscii": "".join(_viscii_table().get(b, chr(b)) for b in data),
        "cp1258": data.decode("cp1258", errors="replace"),
    }
    base_valid, base_total = _score(latin)
    best, best_key = None, (0.0, 0)
    for enc, out in cands.items():
        out = unicodedata.normalize("NFC", out)
        valid, total = _score(out)
        if not total:
            continue
        share = valid / total
        key = (share + (0.05 if enc == hint else 0.0), valid)
        if key > best_key:
            best, best_key = (out, enc), key
    if best is None:
        return None
    out, enc = best
    valid, total = _score(out)
    base_share = base_valid / base_total if base_total else 0.0
    if valid / total < 0.5 or valid / total < base_share + 0.05:
        return None
    if enc == "tcvn3":
        out = _repair_capitals(out)
    return out, enc
