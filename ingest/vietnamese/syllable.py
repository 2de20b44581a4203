"""The shape of a Vietnamese syllable: onset + vowel nucleus + final.

Used to tell words from abbreviations typed in lower case ("an" is a word,
"ntm" is not) and to score how Vietnamese a decoded text looks (legacy
encodings, OCR).

:func:`is_syllable` has two strengths:

* the default (lenient) check folds diacritics away and matches the letter
  shape only, so "an", "Đà", "nguoi" pass and "ntm" does not;
* ``strict=True`` also checks what folding hides, which is what tells real
  Vietnamese from mojibake ("Céng", "hoµ", "ThÕ", "nghÜa"): only Vietnamese
  letters, at most one tone mark, a vowel cluster that exists, a final the
  cluster can take, sắc/nặng only on syllables closed by p/t/c/ch (when the
  token carries any diacritic), and one case pattern (lower, UPPER, Title).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .normalize import fold

# The token patterns of the index and the query parser (one definition;
# ingest.index imports them from here).
# A syllable: a run of letters and digits (no "_", no punctuation).
SYLLABLE_PATTERN = r"[^\W_]+"
# A word as typed: a run of non-space characters holding a letter or digit.
WORD_PATTERN = r"\S*\w\S*"
# the Vietnamese letters, for regular expression character classes ("[" + UPPER + "]")
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
_FINALS = "ng|nh|ch|c|m|n|p|t|i|y|o|u"
_SYLLABLE_RE = re.compile(rf"^(?:{_ONSETS})?(?:[aeiouy]{{1,3}})(?:{_FINALS})?$")

# --- strict check -----------------------------------------------------------

_TONE_MARKS = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_STRICT_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)
_CONSONANT_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_STOP_FINALS = {"c", "ch", "p", "t"}
_VOWELS = set("aăâeêioôơuưy")
_LETTERS = set("abcdđeghiklmnopqrstuvxyăâêôơư")

# Vowel clusters (medial + nucleus + glide final), by what may follow them.
_OPEN_ONLY = set(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oao oay oeo "
    "uây uôi ươi ươu uya uyu uơ".split()
)
_CLOSED_ONLY = set("ă â iê yê uô ươ uyê oă uâ oo".split())
_EITHER = set("a e ê i o ô ơ u ư y oa oe uê uy".split())
_CH_NH_AFTER = set("a ê i y oa uê uy".split())


def _strip_tones(token: str) -> tuple[str, list[str]]:
    """(lower-case letters without tone marks, the tone marks found)."""
    tones: list[str] = []
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", token.lower()):
        if ch in _TONE_MARKS:
            tones.append(ch)
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tones


def _case_ok(token: str) -> bool:
    return token == token.lower() or token == token.upper() or token == token[:1].upper() + token[1:].lower()


def _rhyme_ok(cluster: str, final: str) -> bool:
    if cluster in _OPEN_ONLY:
        return final == ""
    if cluster in _CLOSED_ONLY:
        return final != ""
    if cluster in _EITHER:
        return final not in ("ch", "nh") or cluster in _CH_NH_AFTER
    return False


@lru_cache(maxsize=65536)
def _strict(token: str) -> bool:
    token = unicodedata.normalize("NFC", token)
    if not token or not _case_ok(token):
        return False
    base, tones = _strip_tones(token)
    if len(tones) > 1 or any(ch not in _LETTERS for ch in base):
        return False
    has_diacritics = not token.isascii()
    for onset in _STRICT_ONSETS:
        if not base.startswith(onset):
            continue
        rest = base[len(onset):]
        if onset == "gi" and rest and rest[0] in "iy":
            continue
        for final in _CONSONANT_FINALS:
            if final and not rest.endswith(final):
                continue
            cluster = rest[: len(rest) - len(final)]
            if not cluster or any(ch not in _VOWELS for ch in cluster):
                continue
            if not _rhyme_ok(cluster, final):
                continue
            if final in _STOP_FINALS and has_diacritics and tones[:1] not in (["\u0301"], ["\u0323"]):
                continue  # closed by p/t/c/ch: only sắc or nặng
            return True
    return False


def is_syllable(token: str, strict: bool = False) -> bool:
    """True when `token` (any case, with or without diacritics) is shaped
    like one Vietnamese syllable. ``strict=True``: see the module docstring."""
    if strict:
        return _strict(token)
    return bool(_SYLLABLE_RE.match(fold(token)))
