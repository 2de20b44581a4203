"""Plain words -> a query tree: syllables are the requirement, words the boosts.

A run of plain words is cut into syllables exactly as the index cuts text
(:func:`ingest.index.records.syllable_tokens`: lower-cased, so letter case
never changes a query). Then:

* **Requirement.** Every syllable must be in the document, in one of its
  forms, best first: as typed (title, body); then without diacritics
  (``title_f``, ``body_f``) — always, also for a syllable typed *with*
  diacritics, so a wrong or missing tone mark still finds the document,
  below the documents that have it as typed. Function words ("ở", "của",
  "các": :mod:`ingest.vietnamese.function_words`) are not required when
  other syllables are typed.
* **Boosts** (never required): adjacent syllables standing together
  (``body_bi``; when one of them is typed without diacritics, any spelling
  that folds to the pair); words of the index's own vocabulary made of
  1–4 adjacent typed syllables (``title_w``, ``body_w``): the segmenter's
  words rank higher, but a compound it would invent for the query is never
  required, and a proper name typed in lower case ("lạc sơn") still gets
  its word boost; the function words where they stand.
* An abbreviation ("ĐHTT") also matches its expansion, and an expansion
  its abbreviation; each is recorded in ``expansions``.
* **Long text** (a pasted paragraph: more than :data:`MAX_REQUIRED`
  syllables) is read as "more like this": the rarest syllables of the
  text, any of them, ranked by how many and how rare they are.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.index import tree as Q
from ingest.index.records import syllable_tokens
from ingest.vietnamese import fold, has_diacritics
from ingest.vietnamese.abbreviations import AbbreviationTable
from ingest.vietnamese.function_words import is_function_word
from ingest.vietnamese.syllable import SYLLABLE_PATTERN

# boosts: exact forms first, folded forms last
B_TITLE_WORD, B_WORD = 6.0, 3.0
B_TITLE_SYL, B_SYL = 3.0, 1.0
B_TITLE_FOLD, B_FOLD = 1.0, 0.4
B_PAIR, B_PAIR_FOLD = 2.0, 1.0
MAX_WORD = 4            # syllables of the longest vocabulary word looked up
MAX_REQUIRED = 32       # more syllables than this: "more like this"
B_COORD = 50.0          # partial matches: each required syllable found outweighs any score
SIMILAR_TERMS = 32      # the rarest syllables a long text is searched by

_SYLLABLE_RE = re.compile(SYLLABLE_PATTERN)
Frequency = Callable[[str, str], int]   # (field, term) -> documents holding it


@dataclass
class WordQuery:
    """What a run of plain words became."""
    node: Q.Node | None
    syllables: list[str] = field(default_factory=list)       # as typed, lower-cased
    required: list[Q.Node] = field(default_factory=list)     # one per required syllable (or span)
    boosts: list[Q.Node] = field(default_factory=list)
    expansions: list[dict] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)  # for highlighting
    similar: bool = False                                      # read as "more like this"
    exact: list[Q.Node] = field(default_factory=list)         # the required syllables as typed only


def syllable_node(s: str) -> Q.Node:
    """One syllable, required in one of its forms (exact above folded)."""
    f = fold(s)
    return Q.Or([Q.Term("body", s, B_SYL), Q.Term("title", s, B_TITLE_SYL),
                 Q.Term("body_f", f, B_FOLD), Q.Term("title_f", f, B_TITLE_FOLD)])


def sequence_node(sylls: list[str], boost: float, title_boost: float) -> Q.Node:
    """Syllables standing together (an abbreviation's expansion, a place
    name), exact or folded. In the body, three syllables or more are read
    as their adjacent pairs (each exact, from the bi-word view: no position
    checks over thousands of documents for "ủy ban nhân dân"); a quoted
    phrase stays exact (:mod:`.language`)."""
    def seq(fieldname, ss, b):
        if len(ss) == 1:
            return Q.Term(fieldname, ss[0], b)
        if len(ss) > 2 and fieldname in ("body", "body_f"):
            return Q.And([Q.Phrase(fieldname, pair, b / 2) for pair in zip(ss, ss[1:])])
        return Q.Phrase(fieldname, ss, b)
    folded = [fold(s) for s in sylls]
    alts = [seq("body", sylls, boost), seq("title", sylls, title_boost),
            seq("body_f", folded, B_FOLD), seq("title_f", folded, B_TITLE_FOLD)]
    return Q.Or(alts)


def build(text: str, abbreviations: AbbreviationTable, frequency: Frequency | None) -> WordQuery:
    typed = _SYLLABLE_RE.findall(text)          # as typed, for reporting
    sylls = [t.lower() for t in typed]          # as the index has them: syllable_tokens()
    out = WordQuery(None, syllables=sylls)
    if not sylls:
        return out
    if len(sylls) > MAX_REQUIRED:
        return _similar(sylls, frequency, out)
    content = [not is_function_word(s) for s in sylls]
    if not any(content):
        content = [True] * len(sylls)
    i = 0
    while i < len(sylls):
        span = _abbreviation_span(abbreviations, sylls, i)
        if span:
            j, abbrs = span
            parts = [syllable_node(s) for s in sylls[i:j]]
            alts: list[Q.Node] = [Q.And(parts) if len(parts) > 1 else parts[0]]
            for a in abbrs:
                alts.append(sequence_node(syllable_tokens(a), B_SYL * 2, B_TITLE_SYL * 2))
                out.expansions.append({"from": " ".join(typed[i:j]), "to": a})
            out.required.append(Q.Or(alts))
            out.phrases.append(tuple(sylls[i:j]))
            i = j
            continue
        s = sylls[i]
        node = syllable_node(s)
        expansions = abbreviations.expand(s)
        if expansions:
            alts = [node]
            for exp in expansions:
                alts.append(sequence_node(syllable_tokens(exp), B_WORD, B_TITLE_WORD))
                out.expansions.append({"from": typed[i], "to": exp})
                out.phrases.append(tuple(syllable_tokens(exp)))
            node = Q.Or(alts)
        if content[i]:
            out.required.append(node)
            out.exact.append(Q.Or([Q.Term("body", s), Q.Term("title", s)]))
        else:
            out.boosts.append(node)
        i += 1
    words, found = _word_boosts(sylls, frequency)
    out.boosts += _pair_boosts(sylls) + words
    out.phrases += found + [(s,) for s in dict.fromkeys(sylls)]
    parts = list(out.required)
    if out.boosts:
        parts.append(Q.Or([Q.Every(0.0), *out.boosts]))
    out.node = parts[0] if len(parts) == 1 else Q.And(parts)
    return out


def partial(wq: WordQuery) -> Q.Node | None:
    """The best partial matches of plain words that no document holds all
    of: any required syllable, the documents holding the most of them first
    (each found adds :data:`B_COORD`), then by score (exact above folded)."""
    if wq.similar or len(wq.required) < 2:
        return None
    found = Q.Or([Q.And([r, Q.Every(B_COORD)]) for r in wq.required])
    if not wq.boosts:
        return found
    return Q.And([found, Q.Or([Q.Every(0.0), *wq.boosts])])


def _pair_boosts(sylls: list[str]) -> list[Q.Node]:
    out = []
    for a, b in zip(sylls, sylls[1:]):
        if has_diacritics(a) and has_diacritics(b):
            out.append(Q.Term("body_bi", f"{a}_{b}", B_PAIR))
        else:
            out.append(Q.Phrase("body_f", (fold(a), fold(b)), B_PAIR_FOLD))
            if a == fold(a) and b == fold(b):
                # typed without diacritics and written so too (names, numbers)
                out.append(Q.Term("body_bi", f"{a}_{b}", B_PAIR))
    return out


def _word_boosts(sylls: list[str], frequency: Frequency | None) -> tuple[list[Q.Node], list[tuple[str, ...]]]:
    """Words of the index's vocabulary made of adjacent typed syllables:
    (their boosts, the words of several syllables found)."""
    out: list[Q.Node] = []
    found: list[tuple[str, ...]] = []
    for i, s in enumerate(sylls):
        out += [Q.Term("body_w", s, B_WORD), Q.Term("title_w", s, B_TITLE_WORD)]
        if frequency is None:
            continue
        for n in range(2, MAX_WORD + 1):
            if i + n > len(sylls):
                break
            word = "_".join(sylls[i:i + n])
            in_body, in_title = frequency("body_w", word), frequency("title_w", word)
            if in_body:
                out.append(Q.Term("body_w", word, B_WORD * n / 2))
            if in_title:
                out.append(Q.Term("title_w", word, B_TITLE_WORD * n / 2))
            if in_body or in_title:
                found.append(tuple(sylls[i:i + n]))
    return out, found


def _similar(sylls: list[str], frequency: Frequency | None, out: WordQuery) -> WordQuery:
    """A long text: its rarest content syllables, any of them."""
    candidates = [s for s in dict.fromkeys(sylls) if not is_function_word(s) and len(s) > 1]
    if frequency is not None:
        seen = {s: frequency("body_f", fold(s)) for s in candidates}
        candidates = sorted((s for s in candidates if seen[s]), key=lambda s: (seen[s], s))
    chosen = candidates[:SIMILAR_TERMS] or list(dict.fromkeys(sylls))[:SIMILAR_TERMS]
    out.required = [syllable_node(s) for s in chosen]
    pairs = dict.fromkeys(f"{a}_{b}" for a, b in zip(sylls, sylls[1:])
                          if not is_function_word(a) and not is_function_word(b))
    out.boosts = [Q.Term("body_bi", p, B_PAIR) for p in list(pairs)[:2 * SIMILAR_TERMS]]
    out.node = Q.Or(out.required + out.boosts)
    out.phrases = [(s,) for s in chosen]
    out.similar = True
    return out


def _abbreviation_span(abbreviations: AbbreviationTable, sylls: list[str], i: int):
    """(end, abbreviations) of the longest run of syllables from `i` that is
    an abbreviation's expansion ("điển hình tiên tiến" -> ĐHTT)."""
    if not abbreviations.longest:
        return None
    best = None
    for j in range(i + 2, min(len(sylls), i + abbreviations.longest) + 1):
        found = abbreviations.abbreviations_for(tuple(sylls[i:j]))
        if found:
            best = (j, found)
    return best
