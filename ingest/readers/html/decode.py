"""Bytes to text for the HTML reader: the charset from a BOM, from
``<meta charset>`` / the XML declaration, or detected; pages in legacy
Vietnamese encodings (a TCVN3/VNI/VISCII charset, or .VnTime / VNI-Times
fonts) go through the legacy hook, applied to the text between the tags;
the font names of the page (``face=`` and ``font-family``) for
``meta["fonts"]``.
"""
from __future__ import annotations

import codecs
import re

from ..txt import (
    bom_encoding,
    call_legacy_hook,
    guess_encoding,
    looks_vietnamese_or_latin,
)

_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENC_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_FACE_RE = re.compile(r"""<font\b[^>]*?\bface\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>]+))""", re.I)
_STYLE_ATTR_RE = re.compile(r"""\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_STYLE_EL_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_FAMILY_RE = re.compile(r"font-family\s*:\s*([^;}]+)", re.I)
_GENERIC_FONTS = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "inherit",
                  "initial", "unset", "system-ui", "emoji", "math", "fangsong", "revert"}
# .VnTime, .VnTimeH, .VnArial (TCVN3), VNI-Times, VNI-Helve (VNI), VnTime
_LEGACY_FONT_RE = re.compile(r"^\.?vn(?:i[\- ]|[a-z])", re.I)
_LEGACY_CHARSETS = {"tcvn", "tcvn3", "tcvn-3", "tcvn5712", "tcvn-5712", "tcvn5712-1", "vni",
                    "vni-windows", "viscii", "vps", "x-viet-tcvn", "x-viet-tcvn5712",
                    "x-viet-vni", "x-viet-vps", "x-viet-viscii", "x-user-defined", "abc"}


def font_names(text: str) -> list[str]:
    """Font names from face="..." attributes and font-family declarations."""
    values = ["".join(m) for m in _FACE_RE.findall(text)]
    css = ["".join(m) for m in _STYLE_ATTR_RE.findall(text)] + _STYLE_EL_RE.findall(text)
    for chunk in css:
        values += _FAMILY_RE.findall(chunk.replace("&quot;", '"'))
    names: set[str] = set()
    for value in values:
        for name in value.split(","):
            name = name.strip().strip("'\"").strip()
            name = re.sub(r"\s*!important$", "", name, flags=re.I).strip()
            if name and name.lower() not in _GENERIC_FONTS and len(name) < 60:
                names.add(name)
    return sorted(names)


def _declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _CHARSET_RE.search(head) or _XML_ENC_RE.search(head)
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode_html(path: str, data: bytes) -> tuple[str, str, list[str], list[str]]:
    """(text, encoding, warnings, fonts)."""
    warnings: list[str] = []
    ascii_view = data.decode("latin-1")
    fonts = font_names(ascii_view)
    legacy_fonts = [f for f in fonts if _LEGACY_FONT_RE.match(f)]
    bom = bom_encoding(data)
    if bom:
        enc, n = bom
        return data[n:].decode(enc.replace("-sig", ""), "replace"), enc, warnings, fonts
    declared = _declared_charset(data)
    if (declared in _LEGACY_CHARSETS) or legacy_fonts:
        legacy = call_legacy_hook(data, warnings, legacy_fonts) or \
            _legacy_text_segments(data, warnings, legacy_fonts)
        if legacy:
            text, enc = legacy
            warnings.append(f"decoded from legacy Vietnamese encoding {enc}")
            return text, enc, warnings, fonts
        if legacy_fonts:
            warnings.append(
                "page uses legacy Vietnamese fonts (" + ", ".join(legacy_fonts) + "); "
                "its text may be garbled (no legacy decoder applied)"
            )
    if declared and declared not in _LEGACY_CHARSETS:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = None
        if name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"  # what browsers do (WHATWG encoding standard)
        if name:
            try:
                return data.decode(name), name, warnings, fonts
            except UnicodeDecodeError:
                if name == "utf-8":
                    pass  # mislabelled page: detect below
                else:
                    warnings.append(f"page is not valid {name}; undecodable bytes replaced")
                    return data.decode(name, "replace"), name, warnings, fonts
    try:
        text = data.decode("utf-8")
        return text, "utf-8", warnings, fonts
    except UnicodeDecodeError:
        pass
    if not legacy_fonts and declared not in _LEGACY_CHARSETS:
        legacy = call_legacy_hook(data, warnings)
        if legacy:
            text, enc = legacy
            warnings.append(f"decoded from legacy Vietnamese encoding {enc}")
            return text, enc, warnings, fonts
    guess = guess_encoding(data)
    for enc in ([guess] if guess else []) + ["cp1258"]:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_vietnamese_or_latin(_strip_tags(text)):
            warnings.append(f"no usable charset declared; decoded as {enc}")
            return text, enc, warnings, fonts
    warnings.append("could not determine the page's encoding; decoded as UTF-8 with replacements")
    return data.decode("utf-8", "replace"), "utf-8", warnings, fonts


_MARKUP_RE = re.compile(rb"(?is)<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>")
_SEP = b"\n\x1f\n"


def _legacy_text_segments(data: bytes, warnings: list[str], fonts) -> tuple[str, str] | None:
    """The legacy hook applied to the text between the tags only (markup,
    CSS and scripts dilute its "reads like Vietnamese" score); the markup is
    kept as it is (ASCII)."""
    texts: list[bytes] = []
    markup: list[bytes] = []
    pos = 0
    for m in _MARKUP_RE.finditer(data):
        texts.append(data[pos:m.start()])
        markup.append(m.group(0))
        pos = m.end()
    texts.append(data[pos:])
    idx = [i for i, t in enumerate(texts) if re.search(rb"[\x80-\xff]", t)]
    if not idx:
        return None
    joined = _SEP.join(texts[i] for i in idx)
    result = call_legacy_hook(joined, warnings, fonts)
    if not result:
        return None
    converted, encoding = result
    pieces = converted.split(_SEP.decode("latin-1"))
    if len(pieces) != len(idx):
        return None
    out_texts = [t.decode("latin-1") for t in texts]
    for i, piece in zip(idx, pieces):
        out_texts[i] = piece
    out = [out_texts[0]]
    for m, t in zip(markup, out_texts[1:]):
        out.append(m.decode("latin-1"))
        out.append(t)
    return "".join(out), encoding


def _strip_tags(text: str) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    return re.sub(r"<[^>]*>|&\w+;|&#\d+;", " ", text)
