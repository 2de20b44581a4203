"""Legacy encodings of the hard cases (old-style tone placement, TCVN3, NFD)."""
from __future__ import annotations

import re
import subprocess
import unicodedata

from build_source import SourceError

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
OLD_STYLE_TONES = (  # a toned o before a/e, a toned u before y, at the end of a syllable
    re.compile(r"([òóỏõọÒÓỎÕỌ])([aeAE])(?![^\W\d_])"),
    re.compile(r"([ùúủũụÙÚỦŨỤ])([yY])(?![^\W\d_])"),
)


def old_style_tones(text: str) -> str:
    """hòa -> hoà, khỏe -> khoẻ, thủy -> thuỷ: the tone mark moves to the second vowel."""
    def move(match: re.Match) -> str:
        toned, vowel = match.groups()
        base = unicodedata.normalize("NFD", toned)
        return base[0] + unicodedata.normalize("NFC", vowel + base[1:])
    text = unicodedata.normalize("NFC", text)
    for pattern in OLD_STYLE_TONES:
        text = pattern.sub(move, text)
    return text


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 (ABC, the .VnTime font) via glibc iconv's TCVN5712-1 charset.

    .VnTime has no upper-case toned vowels (those were typed in .VnTimeH), so a
    source that needs one is rejected instead of being given the VN1 code that
    iconv would pick."""
    text = unicodedata.normalize("NFC", text)
    upper_toned = sorted({ch for ch in text
                          if ch.isupper() and TONE_MARKS & set(unicodedata.normalize("NFD", ch))})
    if upper_toned:
        raise SourceError(f"TCVN3 text cannot hold upper-case toned letters: {' '.join(upper_toned)}")
    run = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode("utf-8"),
                         capture_output=True, check=False)
    if run.returncode != 0:
        raise SourceError(f"iconv TCVN5712-1 failed: {run.stderr.decode(errors='replace').strip()}")
    return run.stdout


def encode_text(text: str, encoding: str) -> bytes:
    if encoding == "tcvn3":
        return encode_tcvn3(text.replace("\n", "\r\n"))
    if encoding == "utf-8-nfd":
        return unicodedata.normalize("NFD", old_style_tones(text)).encode("utf-8")
    return unicodedata.normalize("NFC", text).encode("utf-8")
