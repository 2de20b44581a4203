"""Suggestions from the index's vocabulary: diacritics restored to a query
typed without them, and the nearest spelling of a syllable not in the index.

In memory, from a snapshot's vocabulary (Whoosh's own corrector walks the
term file on disk: hundreds of milliseconds per syllable).
"""
from __future__ import annotations

import re

from ingest.index.backend import Snapshot
from ingest.vietnamese import fold, has_diacritics, normalize

_LETTERS_RE = re.compile(r"[^\W\d_]+")
_MAX_SPELLED = 12   # letters: a Vietnamese syllable has at most 7; longer tokens are not spelled
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _accented_forms(snap: Snapshot, folded_syllable: str) -> list[str]:
    """The spellings in the index of a syllable typed without diacritics."""
    return snap.spellings("body").get(folded_syllable, [])[:12]


def restore_diacritics(snap: Snapshot, text: str) -> str | None:
    """"hoa binh" -> "hòa bình": the most frequent accented form of each
    syllable pair (in the bi-word view), else of each syllable."""
    sylls = [s for s in fold(text).split() if s]
    if not sylls or len(sylls) > 8:
        return None
    out = []
    for syl in sylls:
        best, best_freq = syl, 0
        for cand in _accented_forms(snap, syl):
            freq = snap.doc_frequency("body", cand)
            if freq > best_freq:
                best, best_freq = cand, freq
        out.append(best)
    # prefer a pair-wise reading when the pair exists in the bi-word field
    for i in range(len(sylls) - 1):
        best, best_freq = None, 0
        for a in _accented_forms(snap, sylls[i]):
            for b in _accented_forms(snap, sylls[i + 1]):
                freq = snap.doc_frequency("body_bi", f"{a}_{b}")
                if freq > best_freq:
                    best, best_freq = (a, b), freq
        if best:
            out[i], out[i + 1] = best
    restored = " ".join(out)
    return restored if restored != " ".join(sylls) else None


def suggest(snap: Snapshot, text: str) -> list[str]:
    """Spelling suggestions for a query that found nothing."""
    if not text.strip():
        return []
    out = []
    restored = restore_diacritics(snap, text) if not has_diacritics(text) else None
    if restored:
        out.append(restored)
    corrected = []
    changed = False
    for syl in normalize(text).lower().split()[:8]:
        # only syllables of letters are spelled: not numbers, document
        # numbers or abbreviations with "/" and "-"
        if len(syl) > _MAX_SPELLED or not _LETTERS_RE.fullmatch(syl) or snap.doc_frequency("body", syl) > 0:
            corrected.append(syl)
            continue
        best = spell(snap, syl)
        if best:
            corrected.append(best)
            changed = True
        else:
            corrected.append(syl)
    if changed:
        fixed = " ".join(corrected)
        if fixed not in out:
            out.append(fixed)
    return out


def spell(snap: Snapshot, syllable: str) -> str | None:
    """The index's closest spelling of a syllable it does not hold: the
    syllables one letter edit away once diacritics are set aside (so any
    tone or vowel mark may differ too), closest to what was typed
    (diacritics counted), then the most frequent."""
    forms = snap.spellings("body")
    folded = fold(syllable)
    found = {e for e in _edits(folded) if e in forms}
    candidates = [t for f in found for t in forms[f] if t != syllable]
    if not candidates:
        return None
    return min(candidates, key=lambda t: (_distance(t, syllable), -snap.doc_frequency("body", t), t))


def _edits(word: str) -> set[str]:
    """Strings one letter edit (delete, swap, replace, insert) from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS})


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short strings: syllables)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
