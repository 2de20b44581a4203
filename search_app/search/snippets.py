"""The only place that writes markup: snippets and highlighted text.

Everything is HTML-escaped; hits are wrapped in ``<mark>``. A snippet is the
two best fragments of a text around the query's terms, as Whoosh's
highlighter chooses them (``ContextFragmenter(maxchars, surround=60)``, the
two best by ``BasicFragmentScorer``, in text order); the integration tests
compare both on real text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from heapq import nlargest
from html import escape as _html_escape
from typing import NamedTuple

from markupsafe import escape

from ingest.vietnamese import fold, has_diacritics
from ingest.vietnamese.normalize import strip_marks
from ingest.vietnamese.syllable import SYLLABLE_PATTERN

_SYLLABLE_RE = re.compile(SYLLABLE_PATTERN)
GAP = '<span class="gap"> … </span>'     # between two fragments of a snippet


class _Match(NamedTuple):
    text: str
    startchar: int
    endchar: int


class Fragment:
    """A stretch of a text (startchar..endchar) and the matches in it."""

    __slots__ = ("text", "matches", "startchar", "endchar", "matched_terms")

    def __init__(self, text: str, matches: list, startchar: int, endchar: int):
        self.text = text
        self.matches = matches
        self.startchar = startchar
        self.endchar = endchar
        self.matched_terms = {t.text for t in matches}

    def __lt__(self, other: Fragment) -> bool:
        return self.startchar < other.startchar

    def score(self) -> float:
        """The matches, times the number of different terms matched."""
        return len(self.matches) * ((len(self.matched_terms) * 100) or 1)


def _fragment(text: str, tokens: list, startchar=None, endchar=None) -> Fragment:
    if startchar is None:
        startchar = tokens[0].startchar if tokens else 0
    if endchar is None:
        endchar = tokens[-1].endchar if tokens else len(text)
    return Fragment(text, tokens, max(0, startchar), min(len(text), endchar))


def _escape(text: str) -> str:
    return _html_escape(text, quote=False)


def _format(fragment: Fragment) -> str:
    """The fragment's text, escaped, each match in <mark>."""
    out, index, text = [], fragment.startchar, fragment.text
    for t in sorted(fragment.matches, key=lambda t: (t.startchar, -(t.endchar - t.startchar))):
        if t.startchar < index:
            continue
        if t.startchar > index:
            out.append(_escape(text[index:t.startchar]))
        out.append("<mark>%s</mark>" % _escape(text[t.startchar:t.endchar]))
        index = t.endchar
    out.append(_escape(text[index:fragment.endchar]))
    return "".join(out)


def best_fragments(fragments, count: int = 2) -> list[Fragment]:
    """The `count` best fragments, in text order."""
    best = [f for score, f in nlargest(count, ((f.score(), f) for f in fragments)) if score >= 1]
    best.sort(key=lambda f: f.startchar)
    return best


def make_snippet(text: str, terms: set[str], chars: int = 240) -> str:
    """HTML-escaped fragments of `text` with <mark> around the terms (a
    term typed without diacritics marks any spelling of it); the start of
    the text when no term is in it."""
    lowered = {t.lower() for t in terms if t}
    if lowered:
        folded = {t for t in lowered if not has_diacritics(t)}  # typed without diacritics
        fragments = best_fragments(_context_fragments(text, lowered, folded, chars, 60, 200_000))
        if fragments:
            return GAP.join(_format(f) for f in fragments)
    head = text[:chars]
    return str(escape(head + ("…" if len(text) > chars else "")))


@lru_cache(maxsize=65536)
def _fold_syllable(word: str) -> str:
    return fold(word)


def _match_starts(text: str, lowered: set[str], folded: set[str]) -> set[int] | None:
    """Where the terms stand in `text`: the start offsets of the syllables
    equal to a term once lower-cased (or, for `folded`, also stripped of
    diacritics), by one regex pass each instead of a test per syllable.
    None when lower-casing changes the text's length (offsets would move)."""
    low = text.lower()
    if len(low) != len(text):
        return None
    starts: set[int] = set()
    for terms, haystack in ((lowered, low), (folded, strip_marks(low) if folded else "")):
        if terms and haystack:
            alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
            pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
            starts.update(m.start() for m in pattern.finditer(haystack))
    return starts


def _context_fragments(text: str, lowered: set[str], folded: set[str], maxchars: int, surround: int,
                       charlimit: int):
    """``ContextFragmenter(maxchars, surround, charlimit).fragment_tokens``
    over the syllable analyzer's tokens of `text`, a token matching when
    its lower-cased text is in `lowered` or its folded text in `folded`.

    Same state machine, but the runs of unmatched tokens outside a
    fragment are skipped: all they do there is keep the start of the
    earliest token within `surround` characters (``firsts[0]``)."""
    mkfrag = _fragment
    tokens = list(_SYLLABLE_RE.finditer(text))
    starts = _match_starts(text, lowered, folded)
    if starts is not None:
        flags = [m.start() in starts for m in tokens]
    elif folded:
        flags = [(w := m.group(0).lower()) in lowered or _fold_syllable(w) in folded for m in tokens]
    else:
        flags = [m.group(0).lower() in lowered for m in tokens]
    n = len(tokens)
    if charlimit and len(text) > charlimit:
        for k, m in enumerate(tokens):
            if m.end() > charlimit:
                n = k  # the fragmenter stops before the first token past the limit
                break
    matched_at = [k for k in range(n) if flags[k]]
    if not matched_at:
        return
    first = None
    countdown = -1
    tks: list = []
    endchar = None
    currentlen = 0
    base = 0         # first token after the last fragment (firsts was emptied there)
    nxt = 0          # index into matched_at
    i = 0
    while i < n:
        if countdown < 0:
            # outside a fragment: jump to the next matched token
            while nxt < len(matched_at) and matched_at[nxt] < i:
                nxt += 1
            if nxt == len(matched_at):
                i = n
                break
            k = matched_at[nxt]
            # firsts[0]: the earliest token in [base, k) with end(k-1) - start <= surround
            firsts0 = None
            if k > base:
                limit_end = tokens[k - 1].end()
                j = k - 1
                while j >= base and limit_end - tokens[j].start() <= surround:
                    j -= 1
                if j + 1 <= k - 1:
                    firsts0 = tokens[j + 1].start()
            i = k
        m = tokens[i]
        startchar, endchar = m.span()
        tlength = endchar - startchar
        matched = flags[i]
        if countdown < 0 and not matched:  # pragma: no cover - skipped above
            pass
        elif currentlen + tlength > maxchars:
            countdown = 0
        elif matched:
            outside = countdown < 0
            countdown = surround
            if first is None:
                if outside and firsts0 is not None:
                    first = firsts0
                else:  # nothing before it since the last fragment
                    first = startchar
                    countdown += surround
            tks.append(_Match(m.group(0).lower(), startchar, endchar))
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                first = None
                currentlen = 0
                base = i + 1
        i += 1
    if tks:
        # the fragmenter's last endchar: the token it stopped before, else the last token
        last = tokens[n] if n < len(tokens) else tokens[-1]
        yield mkfrag(text, tks, startchar=first, endchar=last.end())



def highlight(text: str, phrases: set[tuple[str, ...]]) -> tuple[str, int]:
    """The whole `text`, HTML-escaped, with each occurrence of the query's
    words and phrases in <mark id="hit-N">: (html, number of marks).

    A word of several syllables is marked only where its syllables stand
    together ("mô hình" does not mark the "hình" of "điển hình"); a
    syllable typed without diacritics matches any tone ("hoa" marks
    "Hòa"). `phrases`: the query's words and phrases, each as its
    syllables (lower case). For a document page."""
    if not phrases:
        return str(escape(text)), 0
    by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for p in sorted(phrases, key=len, reverse=True):  # longest first
        loose = not any(has_diacritics(s) for s in p)
        key = fold(p[0]) if loose else p[0]
        by_first.setdefault(key, []).append((p if not loose else tuple(fold(s) for s in p), loose))
    tokens = list(_SYLLABLE_RE.finditer(text))
    words = [m.group(0).lower() for m in tokens]
    folded = [fold(w) for w in words]
    out, pos, n, i = [], 0, 0, 0
    while i < len(tokens):
        span = 0
        for p, loose in by_first.get(words[i], []) + by_first.get(folded[i], []):
            seq = folded if loose else words
            if tuple(seq[i:i + len(p)]) == p and not any(
                    "\n" in text[tokens[k].end():tokens[k + 1].start()] for k in range(i, i + len(p) - 1)):
                span = len(p)  # a phrase never runs across a line break
                break
        if not span:
            i += 1
            continue
        start, end = tokens[i].start(), tokens[i + span - 1].end()
        out.append(str(escape(text[pos:start])))
        n += 1
        out.append(f'<mark id="hit-{n}">{escape(text[start:end])}</mark>')
        pos = end
        i += span
    out.append(str(escape(text[pos:])))
    return "".join(out), n

