"""Function words (``data/function_words.txt``, source in its header): the
glue of a query ("ở", "của", "các") that search never requires."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .normalize import fold, normalize

DATA_FILE = Path(__file__).with_name("data") / "function_words.txt"


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """The function words, lower case with diacritics."""
    words = set()
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(normalize(line).lower())
    return frozenset(words)


@lru_cache(maxsize=1)
def _folded() -> frozenset[str]:
    return frozenset(fold(w) for w in function_words())


def is_function_word(syllable: str) -> bool:
    """A lower-case syllable as typed: with diacritics it must be one of the
    words; without any, its folded form must be ("o" for "ở", "cua" for "của")."""
    if syllable in function_words():
        return True
    return syllable == fold(syllable) and syllable in _folded()
