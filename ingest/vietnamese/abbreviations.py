"""Abbreviations and their expansions, used both ways by indexing and search.

The curated table is ``data/abbreviations.tsv``; documents add their own
definitions ("điển hình tiên tiến (ĐHTT)"), which extraction finds with
:func:`find_definitions` and ingest stores beside the index, so the search
side can merge them in with :class:`AbbreviationTable.merged`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .normalize import fold, normalize
from .syllable import is_syllable

_DATA = Path(__file__).with_name("data") / "abbreviations.tsv"


class AbbreviationTable:
    """Abbreviation <-> expansion lookups (case-sensitive abbreviations)."""

    def __init__(self, pairs: dict[str, list[str]]):
        self.forward = {k: list(dict.fromkeys(v)) for k, v in pairs.items()}
        self.forward_folded: dict[str, list[str]] = {}
        for abbr, expansions in self.forward.items():
            self.forward_folded.setdefault(fold(abbr).upper(), []).extend(expansions)
        # folded, lower-cased expansion syllables -> abbreviations
        self.backward: dict[tuple[str, ...], list[str]] = {}
        for abbr, expansions in self.forward.items():
            for exp in expansions:
                key = tuple(fold(exp).split())
                if len(key) >= 2:
                    self.backward.setdefault(key, [])
                    if abbr not in self.backward[key]:
                        self.backward[key].append(abbr)
        self.longest = max((len(k) for k in self.backward), default=0)

    def expand(self, token: str) -> list[str]:
        """Expansions of an abbreviation as typed ("ĐHTT", "đhtt", "dhtt").

        A lower-case token that is shaped like a Vietnamese syllable ("an",
        "cb" is not) is a word, not an abbreviation."""
        token = normalize(token)
        if not _ABBR_RE.match(token.upper()) or len(token) > 12:
            return []
        if token != token.upper() and is_syllable(token):
            return []
        hit = self.forward.get(token.upper())
        if hit is None:
            hit = self.forward_folded.get(fold(token).upper(), [])
        return hit

    def abbreviations_for(self, syllables: tuple[str, ...]) -> list[str]:
        """Abbreviations whose expansion is exactly these syllables."""
        return self.backward.get(tuple(fold(s) for s in syllables), [])

    def merged(self, extra: dict[str, list[str]]) -> AbbreviationTable:
        pairs = {k: list(v) for k, v in self.forward.items()}
        for k, v in extra.items():
            pairs.setdefault(k, []).extend(x for x in v if x not in pairs[k])
        return AbbreviationTable(pairs)


_ABBR_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9&\-,.]*[A-ZĐ0-9]$")


@lru_cache(maxsize=1)
def curated() -> AbbreviationTable:
    pairs: dict[str, list[str]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        abbr, _, expansion = line.partition("\t")
        if expansion.strip():
            pairs.setdefault(normalize(abbr.strip()), []).append(normalize(expansion.strip()))
    return AbbreviationTable(pairs)


# "điển hình tiên tiến (ĐHTT)": 2-8 words followed by an all-caps acronym in
# parentheses whose letters are the words' initials.
_DEF_RE = re.compile(r"((?:[^\W\d_]+[ \-]){1,8}[^\W\d_]+)\s*\(([A-ZĐ][A-ZĐ&\-]{1,11})\)")


def _initials(word: str) -> str:
    return fold(word[:1]).upper()


def find_definitions(text: str) -> dict[str, str]:
    """Definitions a text makes itself: {"ĐHTT": "điển hình tiên tiến"}."""
    found: dict[str, str] = {}
    for m in _DEF_RE.finditer(normalize(text)):
        words = re.split(r"[ \-]+", m.group(1))
        abbr = m.group(2)
        letters = [fold(c).upper() for c in abbr if c.isalpha()]
        n = len(letters)
        if n < 2 or len(words) < n:
            continue
        tail = words[-n:]
        if [_initials(w) for w in tail] == letters:
            found[abbr] = " ".join(tail).lower()
    return found
