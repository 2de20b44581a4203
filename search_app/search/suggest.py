"""Suggestions from the index's vocabulary: diacritics restored to a query
typed without them, the nearest spelling of a syllable not in the index,
and corrections chosen by what the index says stands next to the
neighbouring syllables ("Lạc Thủi" -> "Lạc Thủy": "lạc thủy" is a pair
of hundreds of documents, "lạc thủi" of none).

In memory, from a snapshot's vocabulary (Whoosh's own corrector walks the
term file on disk: hundreds of milliseconds per syllable).
"""
from __future__ import annotations

import re

from ingest.index.backend import Snapshot
from ingest.vietnamese import fold, has_diacritics, normalize
from ingest.vietnamese.syllable import SYLLABLE_PATTERN

_LETTERS_RE = re.compile(r"[^\W\d_]+")
_MAX_SPELLED = 12   # letters: a Vietnamese syllable has at most 7; longer tokens are not spelled
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_FORMS = 6          # accented spellings of a folded syllable weighed as evidence
MIN_EVIDENCE = 3    # documents holding a corrected pair, at least
_SYLLABLE_RE = re.compile(SYLLABLE_PATTERN)     # syllables as the index cuts them


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


# -- corrections by pair evidence ---------------------------------------------------
def pair_frequency(snap: Snapshot, a: str, b: str) -> tuple[int, str | None]:
    """(documents, best spelling) of syllables folding to `a` then `b`
    standing together: summed over their spellings (an upper bound)."""
    forms = snap.spellings("body")
    total, best, best_freq = 0, None, 0
    for x in forms.get(a, ())[:_FORMS]:
        for y in forms.get(b, ())[:_FORMS]:
            freq = snap.doc_frequency("body_bi", f"{x}_{y}")
            total += freq
            if freq > best_freq:
                best, best_freq = f"{x} {y}", freq
    return total, best


def _known(snap: Snapshot, syllable: str) -> bool:
    """The index holds the syllable as typed (typed without diacritics:
    in any spelling)."""
    if has_diacritics(syllable):
        return bool(snap.doc_frequency("body", syllable) or snap.doc_frequency("title", syllable))
    return syllable in snap.spellings("body")


def _evidence(snap: Snapshot, left: str | None, mid: str, right: str | None) -> int:
    return sum(pair_frequency(snap, a, b)[0] for a, b in ((left, mid), (mid, right)) if a and b)


def correction(snap: Snapshot, text: str, nothing_found: bool) -> dict[str, str]:
    """Syllables of `text` to correct ({typed: correction}, lower-case):
    a syllable the index never holds as typed, none of whose pairs with its
    neighbours occurs, is replaced by the spelling one letter edit away
    (diacritics set aside) that stands next to the neighbours in at least
    :data:`MIN_EVIDENCE` documents. With nothing found, a lone syllable is
    corrected to its most frequent neighbour too."""
    sylls = [t.lower() for t in _SYLLABLE_RE.findall(normalize(text))]
    if not sylls or len(sylls) > 8:
        return {}
    forms = snap.spellings("body")
    folded = [fold(x) for x in sylls]
    out: dict[str, str] = {}
    for i, syl in enumerate(sylls):
        if len(syl) > _MAX_SPELLED or not _LETTERS_RE.fullmatch(syl) or _known(snap, syl):
            continue
        left = folded[i - 1] if i else None
        right = folded[i + 1] if i + 1 < len(sylls) else None
        if (left or right) and _evidence(snap, left, folded[i], right):
            continue      # it does stand next to its neighbours somewhere
        candidates = {e for e in _edits(folded[i]) if e in forms}
        if has_diacritics(syl) and folded[i] in forms:
            candidates.add(folded[i])    # another tone of the same letters
        best, best_key = None, (0, 0)
        for c in candidates:
            evidence = _evidence(snap, left, c, right) if (left or right) else 0
            key = (evidence, snap.doc_frequency("body_f", c))
            if key > best_key:
                best, best_key = c, key
        if best is None or (best_key[0] < MIN_EVIDENCE and not (nothing_found and not (left or right))):
            continue
        folded[i] = best
        out[syl] = _spelling(snap, sylls, i, best)
    return out


def _spelling(snap: Snapshot, sylls: list[str], i: int, folded_syllable: str) -> str:
    """The accented spelling of a corrected syllable: the one standing most
    often next to its neighbours as typed, else the most frequent."""
    forms = snap.spellings("body").get(folded_syllable, [])[:_FORMS] or [folded_syllable]

    def weight(x):
        pairs = []
        if i:
            pairs.append(f"{sylls[i - 1]}_{x}")
        if i + 1 < len(sylls):
            pairs.append(f"{x}_{sylls[i + 1]}")
        return (sum(snap.doc_frequency("body_bi", p) for p in pairs), snap.doc_frequency("body", x))
    return max(forms, key=weight)


def variant(snap: Snapshot, text: str, accented_only: bool = False) -> dict[str, str]:
    """Syllables typed with other diacritics than the index holds
    ({typed: spelling}, lower-case: "Đà Bác" -> {"bác": "bắc"}, "Luong Sơn"
    -> {"luong": "lương"}): a syllable none of whose pairs with its
    neighbours stands together as typed, where the same letters with other
    marks do (in at least :data:`MIN_EVIDENCE` documents). `accented_only`:
    only syllables typed with diacritics (typed without, the folded
    matches already are what was meant)."""
    sylls = [t.lower() for t in _SYLLABLE_RE.findall(normalize(text))]
    if len(sylls) < 2 or len(sylls) > 8:
        return {}

    def stands(i, j):
        return snap.doc_frequency("body_bi", f"{sylls[i]}_{sylls[j]}") > 0
    out: dict[str, str] = {}
    for i in range(len(sylls) - 1):
        if stands(i, i + 1):
            continue
        freq, best = pair_frequency(snap, fold(sylls[i]), fold(sylls[i + 1]))
        if not best or freq < MIN_EVIDENCE or snap.doc_frequency("body_bi", best.replace(" ", "_")) < MIN_EVIDENCE:
            continue
        for k, new in zip((i, i + 1), best.split(" ")):
            other = k - 1 if k == i else k + 1      # its pair outside this one
            if new == sylls[k] or (0 <= other < len(sylls) and stands(min(k, other), max(k, other))):
                continue
            if accented_only and not has_diacritics(sylls[k]):
                continue
            out[sylls[k]] = new
    return out


def respell(text: str, changes: dict[str, str]) -> str:
    """The syllables of `text` (lower-case) with `changes` applied."""
    return " ".join(changes.get(t.lower(), t.lower()) for t in _SYLLABLE_RE.findall(normalize(text)))


def recase(typed: str, new: str) -> str:
    """`new` (lower-case syllables) with the letter case `typed` had,
    syllable by syllable ("Lạc Thủi", "lạc thủy" -> "Lạc Thủy")."""
    old = _SYLLABLE_RE.findall(typed)
    words = new.split(" ")
    if len(old) != len(words):
        return new
    out = []
    for o, w in zip(old, words):
        if o.isupper() and len(o) > 1:
            w = w.upper()
        elif o[:1].isupper():
            w = w[:1].upper() + w[1:]
        out.append(w)
    return " ".join(out)
