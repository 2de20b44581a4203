"""Unicode and orthography normalization of Vietnamese text.

One canonical form for everything tracuu stores or compares:

* Unicode NFC (decomposed input such as "Hoa\u0300" becomes "Hoà" first);
* one tone-mark placement, the "old" style also used by underthesea,
  VnCoreNLP and most news text: "hoà" -> "hòa", "thuỷ" -> "thủy",
  "khoẻ" -> "khỏe", "Uỷ" -> "Ủy" (only where the vowel pair ends the
  syllable, and never for "qu": "quý" stays "quý");
* the look-alike eth "ð/Ð" becomes "đ/Đ";
* invisible characters are removed and white space is tidied, keeping
  paragraph breaks.

Indexing and querying both call :func:`normalize`, so the index never
contains two spellings of one word.
"""
from __future__ import annotations

import re
import unicodedata

# Tone marks as combining characters (after NFD).
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng

# Vowel pairs whose tone the "new" style puts on the second letter.
# (first, second): in the old style the tone goes on `first`.
_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))


def _compose(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _build_tone_table() -> dict[str, str]:
    """Map e.g. "oà" -> "òa", "OÀ" -> "ÒA", "Oà" -> "Òa" for every tone."""
    table = {}
    for first, second in _PAIRS:
        for tone in _TONES:
            for f in (first, first.upper()):
                for s in (second, second.upper()):
                    table[f + _compose(s, tone)] = _compose(f, tone) + s
    return table


_TONE_TABLE = _build_tone_table()
# A new-style pair at the end of a syllable (no letter follows); "uy" not
# after "q" (in "quý" the u belongs to the consonant).
_TONE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(sorted(_TONE_TABLE, key=len, reverse=True)) + r")(?![^\W\d_])"
)

_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")


def fix_tone_placement(text: str) -> str:
    """Move tone marks to the canonical (old-style) vowel; text must be NFC."""
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(1)], text)


def normalize(text: str) -> str:
    """Return the canonical form of `text` (see the module docstring)."""
    if not text:
        return ""
    # invisible characters first: one between a letter and its mark blocks composition
    text = _INVISIBLE_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("ð", "đ").replace("Ð", "Đ")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACE_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES_RE.sub("\n\n", text)
    # NFC again: a stray mark after a moved tone may compose now
    return unicodedata.normalize("NFC", fix_tone_placement(text)).strip()


# fold, strip_marks and has_diacritics map each character on its own (NFD
# decomposes character by character and only reorders the combining marks
# they drop), so each character's image is computed once, kept in a table,
# and a whole text is one str.translate: extraction and search run them on
# whole documents. tests/unit/test_extract_fast.py checks them against the
# per-character definitions on every code point and on real text.
_FOLD: dict[int, str] = {}      # code point (of a lower-cased text) -> its fold
_STRIP: dict[int, str] = {}     # code point -> strip_marks of it


def _fold_char(ch: str) -> str:
    """fold() of one character of an already lower-cased text."""
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def _strip_char(ch: str) -> str:
    return ("d" if ch == "đ" else "D") if ch in "đĐ" else unicodedata.normalize("NFD", ch)[0]


def _learn(table: dict[int, str], text: str, image) -> None:
    for ch in [c for c in set(text) if ord(c) not in table]:
        table[ord(ch)] = image(ch)


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Đà Bắc" -> "da bac"."""
    low = text.lower()  # of the whole text: lower() depends on context (Greek final sigma)
    if low.isascii():
        return low
    _learn(_FOLD, low, _fold_char)
    return low.translate(_FOLD)


def strip_marks(text: str) -> str:
    """Diacritics off, case kept, one character for one (offsets stay valid):
    "Đà Bắc" -> "Da Bac"."""
    if text.isascii():
        return text
    _learn(_STRIP, text, _strip_char)
    return text.translate(_STRIP)


def has_diacritics(text: str) -> bool:
    """True when `text` has any Vietnamese letter beyond plain ASCII."""
    low = text.lower()
    if low.isascii():
        return False
    _learn(_FOLD, low, _fold_char)
    return low.translate(_FOLD) != low
