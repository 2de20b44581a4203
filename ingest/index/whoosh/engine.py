"""Running a query over whole posting lists at once, with numpy.

Whoosh scores a query one matching document at a time, in Python: at 100k
documents a common word has ~90,000 matches and a search takes a second.
Search results need every match anyway (the exact total and the facet
counts), so :class:`Engine` evaluates a query tree (:mod:`ingest.index.tree`)
a posting list at a time:

* a term is its posting list (:func:`.postings.term_postings`), scored with
  Whoosh's own BM25F formula and statistics (idf, average field length,
  the one-byte field lengths), times its boost;
* ``Or`` adds its parts' scores, ``And`` adds them where all parts match,
  ``AndNot`` keeps the left side where the right does not match, boosts
  multiply: as Whoosh's matchers do;
* a phrase of syllables is first narrowed to the documents holding each
  adjacent pair: in the bi-word field (``body_bi``; a folded pair is the
  union of its accented spellings found there), else holding every
  syllable. Two syllables found as a pair are the phrase; so are
  syllables that form one word of the words field (``title_w``,
  ``body_w``); the other documents have their positions checked.

Each index generation gets one engine (document numbers change with every
commit); it keeps the decoded posting lists of recent terms, the field
lengths and the facet columns. The integration tests check that Whoosh's
own matchers and collectors (``tests/oracle/``) find the same documents
with the same scores.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from math import log

import numpy as np

from ingest.vietnamese import fold

from .. import tree as T
from ..schema import ACCENTED_OF, PAIRS_OF, WORDS_OF
from .postings import field_lengths, live_mask, numeric_column, term_positions, term_postings

B, K1 = 0.75, 1.2          # whoosh.scoring.BM25F's defaults, which the searcher uses
PAIR_FIELDS = PAIRS_OF                                # syllable field -> its bi-word field
FOLDED_OF = ACCENTED_OF                               # folded field -> its accented field
WORD_FIELDS = WORDS_OF                                # syllable field -> its words field
_RUNS_RE = re.compile(r"\d+|\D+")
CACHED_POSTINGS = 6_000_000                           # postings kept decoded (ids + weights)


class Engine:
    """Query evaluation for one index generation (shared by threads; every
    call takes the calling thread's own Whoosh searcher for reading)."""

    def __init__(self, searcher):
        r = searcher.reader()
        self.generation = r.generation()
        self.n = r.doc_count_all()
        self.live = live_mask(r)
        self.schema = searcher.schema
        self._lock = threading.Lock()
        self._postings: OrderedDict = OrderedDict()
        self._cached = 0
        self._built: dict[tuple[str, str], object] = {}   # (kind, field) -> built once
        self._spellings: dict[tuple[str, str, str], list[str]] = {}

    # -- evaluation ------------------------------------------------------------------
    def run(self, searcher, q: T.Node, scored: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """(mask of matching live documents, their scores or None)."""
        mask, score = self._eval(searcher.reader(), q, scored)
        mask &= self.live
        if score is not None:
            score *= mask
        return mask, score

    def _eval(self, r, q, scored):
        kind = type(q)
        if kind is T.Term:
            return self._term(r, q.field, q.text, q.boost, scored)
        if kind is T.Or:
            return self._combine(r, q.parts, q.boost, scored, any_=True)
        if kind is T.And:
            return self._combine(r, q.parts, q.boost, scored, any_=False)
        if kind is T.AndNot:
            mask, score = self._eval(r, q.positive, scored)
            neg, _ = self._eval(r, q.negative, False)
            mask = mask & ~neg
            return mask, (score * mask if score is not None else None)
        if kind is T.Not:
            neg, _ = self._eval(r, q.query, False)
            return ~neg, (np.zeros(self.n, np.float32) if scored else None)
        if kind is T.Every:
            return np.ones(self.n, dtype=bool), (np.full(self.n, q.boost, np.float32) if scored else None)
        if kind is T.Nothing:
            return np.zeros(self.n, dtype=bool), (np.zeros(self.n, np.float32) if scored else None)
        if kind is T.Phrase:
            return self._phrase(r, q.field, list(q.words), q.boost, scored)
        if kind is T.Prefix:
            terms = [t.decode("utf-8") if isinstance(t, bytes) else t
                     for t in r.expand_prefix(q.field, q.text)]
            mask = np.zeros(self.n, dtype=bool)
            for t in terms:
                mask[self.postings(r, q.field, t)[0]] = True
            # scored a constant (its boost), as Whoosh scores a prefix match
            return mask, (mask * np.float32(q.boost) if scored else None)
        raise TypeError(f"not a query tree node: {q!r}")

    def _combine(self, r, subqueries, boost, scored, any_):
        mask = score = None
        for sub in subqueries:
            m, s = self._eval(r, sub, scored)
            if mask is None:
                mask, score = m, s
            else:
                mask = (mask | m) if any_ else (mask & m)
                if scored:
                    score = score + s
        if mask is None:  # no parts: matches nothing
            return np.zeros(self.n, dtype=bool), (np.zeros(self.n, np.float32) if scored else None)
        if scored:
            if not any_:
                score = score * mask
            if boost != 1.0:
                score = score * np.float32(boost)
        return mask, score

    def _term(self, r, fieldname, text, boost, scored):
        ids, weights = self.postings(r, fieldname, text)
        mask = np.zeros(self.n, dtype=bool)
        mask[ids] = True
        if not scored:
            return mask, None
        score = np.zeros(self.n, dtype=np.float32)
        if len(ids):
            score[ids] = self._bm25(r, fieldname, ids, weights, len(ids)) * np.float32(boost)
        return mask, score

    def _bm25(self, r, fieldname, ids, weights, df):
        """Whoosh's BM25F score of each posting (its WeightScorer, the raw
        weight, for fields that are not scorable)."""
        if not self.schema[fieldname].scorable:
            return weights
        idf = log(self.n / (df + 1)) + 1
        all_lengths, avg = self._lengths(r, fieldname)
        lengths = all_lengths[ids]
        return (idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avg))).astype(np.float32)

    # -- phrases ---------------------------------------------------------------------
    def _phrase(self, r, fieldname, words, boost, scored):
        words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in words]
        if len(words) == 1:
            return self._term(r, fieldname, words[0], boost, scored)
        accented = FOLDED_OF.get(fieldname, fieldname)
        pair_field = PAIR_FIELDS.get(accented)
        if pair_field and pair_field in self.schema:
            # each adjacent pair, as the bi-word field holds it (a folded
            # pair: any of its accented spellings)
            mask = np.ones(self.n, dtype=bool)
            for a, b in zip(words, words[1:]):
                mask &= self._pair(r, pair_field, a, b, folded=fieldname in FOLDED_OF)
            exact = len(words) == 2
        else:
            mask = np.ones(self.n, dtype=bool)
            for w in words:
                mask &= self._term(r, fieldname, w, 1.0, False)[0]
            exact = False
        mask &= self.live
        if not exact and mask.any():
            # where the words field holds the phrase as one word, its
            # syllables stand together, unless the segmenter cut an edge
            # syllable off a token of the text ("173cm sở hữu" -> 173 |
            # cm_sở_hữu, though "cm" is no syllable of it): for such edge
            # syllables (known from the vocabulary), positions decide
            after_digits, before_digits = self._glued(r, accented)
            proven = np.zeros(self.n, dtype=bool)
            if words[0] not in after_digits and words[-1] not in before_digits:
                proven = mask & self._as_one_word(r, fieldname, words)
            todo = mask & ~proven
            mask = proven | (self._verify_phrase(r, fieldname, words, todo) if todo.any() else todo)
        if not scored:
            return mask, None
        # scored as Whoosh scores a phrase: its syllables' scores in its field
        score = np.zeros(self.n, dtype=np.float32)
        for w in words:
            score += self._term(r, fieldname, w, 1.0, True)[1]
        score *= mask
        score *= np.float32(boost)
        return mask, score

    def _pair(self, r, pair_field, a, b, folded):
        """The documents where syllable `a` is followed by `b` (folded: any
        accented spelling of each)."""
        if not folded:
            return self._term(r, pair_field, f"{a}_{b}", 1.0, False)[0]
        mask = np.zeros(self.n, dtype=bool)
        for term in self.spellings(r, pair_field, a, b):
            mask[self.postings(r, pair_field, term)[0]] = True
        return mask

    def spellings(self, r, pair_field: str, a: str, b: str) -> list[str]:
        """The bi-words of `pair_field` that fold to `a`_`b`."""
        key = (pair_field, a, b)
        found = self._spellings.get(key)
        if found is None:
            forms = self.accented_forms(r, "body")
            found = [t for x in forms.get(a, ()) for y in forms.get(b, ())
                     if r.doc_frequency(pair_field, t := f"{x}_{y}")]
            with self._lock:
                if len(self._spellings) > 50_000:
                    self._spellings.clear()
                self._spellings[key] = found
        return found

    def _as_one_word(self, r, fieldname, words):
        """The documents whose words field (``title_w``, ``body_w``) has
        the phrase's syllables as one word (any accented spelling of a
        folded phrase)."""
        mask = np.zeros(self.n, dtype=bool)
        accented = FOLDED_OF.get(fieldname, fieldname)
        word_field = WORD_FIELDS.get(accented)
        if word_field is None or word_field not in self.schema:
            return mask
        if fieldname in FOLDED_OF:
            forms = self.accented_forms(r, accented)
            spellings = [""]
            for w in words:
                spellings = [f"{p}_{x}" if p else x for p in spellings for x in forms.get(w, ())]
                if len(spellings) > 200:
                    return mask
        else:
            spellings = ["_".join(words)]
        for term in spellings:
            if r.doc_frequency(word_field, term):
                mask[self.postings(r, word_field, term)[0]] = True
        return mask

    def _glued(self, r, fieldname: str) -> tuple[set[str], set[str]]:
        """(letters standing after digits, letters standing before digits)
        inside one token of a syllable field's vocabulary ("173cm": "cm";
        "covid19": "covid"), folded too: the syllables the segmenter may cut
        off a token of the text. From the vocabulary already in memory."""
        def build():
            after, before = set(), set()
            for t in (t for spellings in self.accented_forms(r, fieldname).values() for t in spellings):
                if t.isalpha() or t.isdigit():
                    continue
                runs = _RUNS_RE.findall(t)
                for k, run in enumerate(runs):
                    if run[0].isdigit():
                        continue
                    if k:
                        after.add(run)
                    if k + 1 < len(runs):
                        before.add(run)
            return after | {fold(x) for x in after}, before | {fold(x) for x in before}
        return self._once("glued", fieldname, build)

    def _verify_phrase(self, r, fieldname, words, mask):
        docs = np.flatnonzero(mask)
        positions = [term_positions(r, fieldname, w, docs) for w in words]
        keep = []
        for d in docs.tolist():
            first = positions[0].get(d)
            if not first:
                continue
            rest = [positions[k].get(d) for k in range(1, len(words))]
            if any(not p for p in rest):
                continue
            sets = [set(p) for p in rest]
            if any(all(p + k + 1 in sets[k] for k in range(len(sets))) for p in first):
                keep.append(d)
        out = np.zeros(self.n, dtype=bool)
        out[np.asarray(keep, dtype=np.int64)] = True
        return out

    def accented_forms(self, r, fieldname: str) -> dict[str, list[str]]:
        """Folded syllable -> its spellings in `fieldname`'s vocabulary
        (folded as the folded fields are: :func:`ingest.vietnamese.fold`)."""
        def build():
            forms: dict[str, list[str]] = {}
            for term in r.lexicon(fieldname):
                t = term.decode("utf-8") if isinstance(term, bytes) else term
                forms.setdefault(fold(t), []).append(t)
            return forms
        return self._once("forms", fieldname, build)

    # -- cached columns ---------------------------------------------------------------
    def postings(self, r, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        key = (fieldname, text)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        found = term_postings(r, fieldname, text)
        size = len(found[0])
        with self._lock:
            if key not in self._postings and size <= CACHED_POSTINGS // 4:
                self._postings[key] = found
                self._cached += size
                while self._cached > CACHED_POSTINGS:
                    _, old = self._postings.popitem(last=False)
                    self._cached -= len(old[0])
        return found

    def _once(self, kind: str, fieldname: str, build):
        """What `build()` makes for (kind, field), made once per engine."""
        key = (kind, fieldname)
        found = self._built.get(key)
        if found is None:
            found = build()
            with self._lock:
                found = self._built.setdefault(key, found)
        return found

    def _lengths(self, r, fieldname: str) -> tuple[np.ndarray, float]:
        """Each document's length in a field, and the average Whoosh uses."""
        def build():
            avg = (r.field_length(fieldname) / self.n) if self.n else 1.0
            return field_lengths(r, fieldname), avg or 1.0
        return self._once("lengths", fieldname, build)

    def column(self, r, fieldname: str) -> np.ndarray:
        """A sortable numeric column (dates) as int64, ``postings.MISSING``
        where a document has none."""
        return self._once("column", fieldname, lambda: numeric_column(r, fieldname))

    def facet(self, r, fieldname: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(document numbers, value numbers, values): one pair per value a
        document has in a keyword field."""
        def build():
            docs, nums, values = [], [], []
            for term in r.lexicon(fieldname):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                ids = term_postings(r, fieldname, value)[0]
                docs.append(ids)
                nums.append(np.full(len(ids), len(values), dtype=np.int32))
                values.append(value)
            return (np.concatenate(docs) if docs else np.zeros(0, np.int64),
                    np.concatenate(nums) if nums else np.zeros(0, np.int32), values)
        return self._once("facet", fieldname, build)

    def value_column(self, r, fieldname: str) -> tuple[list[str], np.ndarray]:
        """(values, value number per document, -1 where none) of a one-value field."""
        def build():
            docs, nums, values = self.facet(r, fieldname)
            col = np.full(r.doc_count_all(), -1, dtype=np.int32)
            col[docs] = nums
            return values, col
        return self._once("value_column", fieldname, build)

    def facet_counts(self, r, fieldname: str, mask: np.ndarray) -> dict[str, int]:
        docs, nums, values = self.facet(r, fieldname)
        counts = np.bincount(nums[mask[docs]], minlength=len(values))
        return {values[i]: int(counts[i]) for i in np.flatnonzero(counts)}

    def warm(self, r, fieldnames) -> None:
        for name in fieldnames:
            if name in self.schema and self.schema[name].scorable:
                self._lengths(r, name)
        for name in ("body", "title"):
            if name in self.schema:
                self.accented_forms(r, name)
                self._glued(r, name)
