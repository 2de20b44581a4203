"""The gazetteer's district and commune names as patterns, for scanning text.

Typed prefixes ("huyện", "H.", "TP.", "xã" …) with the written form each must
have, the patterns of a typed mention, of the items of a list that follows
one, of the 2025 communes and of a bare district name, the province names
that say "another province", and the same-length folded copy of a text
(`_fold_aligned`) all these patterns are matched on, so that positions in it
are positions in the original.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.vietnamese import gazetteer
from ingest.vietnamese.normalize import fold

_DISTRICT_BARE = {  # folded bare name -> canonical district (the city is never bare)
    gazetteer.key(d): d for d in gazetteer.districts() if d != gazetteer.CITY
}

# typed prefixes, folded -> (level, type)
_PREFIX = {
    "huyen": ("district", "huyện"), "h.": ("district", "huyện"),
    "thanh pho": ("district", "thành phố"), "tp.": ("district", "thành phố"), "tp": ("district", "thành phố"),
    "t.p.": ("district", "thành phố"), "t.p": ("district", "thành phố"), "thi xa": ("district", "thị xã"),
    "thi tran": ("commune", "thị trấn"), "tt.": ("commune", "thị trấn"), "tt": ("commune", "thị trấn"),
    "phuong": ("commune", "phường"), "p.": ("commune", "phường"),
    "xa": ("commune", "xã"), "x.": ("commune", "xã"),
}
# the written form a folded prefix must have in a text with diacritics
_PREFIX_WRITTEN = {"huyen": "huyện", "thanh pho": "thành phố", "thi xa": "thị xã",
                   "thi tran": "thị trấn", "phuong": "phường", "xa": "xã"}
_PREFIX_RE = "|".join(re.escape(p) for p in sorted(_PREFIX, key=len, reverse=True))


@lru_cache(maxsize=1)
def _names_re() -> re.Pattern:
    names = sorted(gazetteer.name_index(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names if n)
    return re.compile(
        rf"(?<![\w.])(?P<pre>{_PREFIX_RE})(?:\s*,\s*(?:thanh pho|thi xa|tp\.?|thi tran|phuong))?"
        rf"\s*:?\s*(?P<name>{alt})(?!\w)"
    )


@lru_cache(maxsize=1)
def _cont_re() -> re.Pattern:
    names = sorted(gazetteer.name_index(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names if n)
    return re.compile(rf"\s*(?:,|;|\bva\b|&|/)\s*(?:(?P<pre>{_PREFIX_RE})\s*)?(?P<name>{alt})(?!\w)")


@lru_cache(maxsize=1)
def _names_2025_re() -> re.Pattern:
    names = {gazetteer.key(n.split(" ", 1)[1]) for u in gazetteer.units() for n in u.name_2025
             if n.startswith(("xã ", "phường "))}
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?P<pre>xa|phuong|x\.|p\.)\s+(?P<name>{alt})(?!\w)")


_BARE_RE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(_DISTRICT_BARE, key=len, reverse=True)) + r")(?!\w)")

# words after which a bare district name is something else
_NOT_BEFORE_BARE = {"xa", "phuong", "tran", "tinh", "quan", "thon", "xom", "ban", "song", "nui", "ho",
                    "duong", "pho", "to", "khu", "deo", "suoi", "cau", "x.", "p.", "tt", "tt."}


@lru_cache(maxsize=1)
def _province_re() -> tuple[re.Pattern, set[str]]:
    provs = [p for p in gazetteer.province_names()]
    keys = {gazetteer.key(p): p for p in provs}
    # extra written forms
    keys.update({"tp.hcm": "Hồ Chí Minh", "tp hcm": "Hồ Chí Minh", "tphcm": "Hồ Chí Minh",
                 "sai gon": "Hồ Chí Minh", "hue": "Thừa Thiên Huế", "vung tau": "Bà Rịa - Vũng Tàu"})
    alt = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    commune_keys = {k for k, us in gazetteer.name_index().items() if any(u.level == "commune" for u in us)}
    return re.compile(rf"(?<![\w.])(?:(?P<pre>tinh|thanh pho|tp\.?|thu do)\s+)?(?P<name>{alt})(?!\w)"), commune_keys


_OTHER_UNIT_RE = re.compile(r"(?<![\w.])(?P<pre>huyện|quận|thị xã|thành phố|TP\.?)\s+(?P<name>\w+(?:\s+\w+){0,2})")


_ALIGNED: dict[int, str] = {}   # code point -> its one-character fold (see _fold_aligned)


def _fold_aligned(text: str) -> str:
    """Lower-case, diacritic-free copy of `text` with the same length."""
    table = _ALIGNED
    for ch in [c for c in set(text) if ord(c) not in table]:
        f = fold(ch)
        if len(f) != 1:
            low = ch.lower()
            f = low if len(low) == 1 else "?"
        table[ord(ch)] = f
    return text.translate(table)


def _capitalized(orig: str) -> bool:
    """Every syllable of a name written with a capital ("Lạc Sơn", "LẠC SƠN")."""
    words = [w for w in re.split(r"[\s\-]+", orig) if w]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)
