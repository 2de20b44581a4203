"""Word segmentation with underthesea, cached by content hash.

Vietnamese writes one syllable per space-separated token; words are one or
more syllables ("nông thôn" is one word). underthesea's CRF segmenter finds
the words; we join the syllables of a word with "_" ("nông_thôn") so that a
plain regex analyzer in the index sees one token per word.

Segmentation dominates ingest time, so:

* text is segmented paragraph by paragraph and each paragraph's result is
  cached under the SHA-1 of its text (in memory, and in an optional
  persistent :class:`SegmentCache` shared across runs);
* the model is loaded once per process (:func:`warm_up`) before any thread
  or worker uses it (underthesea's lazy loading is not thread-safe).

Multi-word domain terms that underthesea splits ("nông_thôn mới") are joined
afterwards from ``data/compounds.txt`` (never with underthesea's
``fixed_words``, which leaks between calls).
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

from .normalize import normalize

_DATA = Path(__file__).with_name("data")
_WORD_CHAR_RE = re.compile(r"\w")
_model_lock = threading.Lock()
_model_ready = False


def warm_up() -> None:
    """Load underthesea's model once, before concurrent use."""
    global _model_ready
    with _model_lock:
        if not _model_ready:
            from underthesea import word_tokenize

            word_tokenize("khởi động")
            _model_ready = True


@lru_cache(maxsize=1)
def compounds() -> dict[tuple[str, ...], str]:
    """Lower-cased syllable tuples of the domain terms to keep as one word."""
    table = {}
    for line in (_DATA / "compounds.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            sylls = tuple(normalize(line).lower().split())
            table[sylls] = "_".join(sylls)
    return table


@lru_cache(maxsize=1)
def _compound_starts() -> frozenset[str]:
    return frozenset(k[0] for k in compounds())


def _merge_compounds(words: list[str]) -> list[str]:
    """Join runs of whole words whose syllables form a known compound."""
    table = compounds()
    if not table:
        return words
    starts = _compound_starts()
    longest = max(len(k) for k in table)
    out: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        # a compound starts with its first syllable: skip the span search
        # for every word that cannot open one (almost all of them)
        if i + 1 == n or word.split("_", 1)[0].lower() not in starts:
            out.append(word)
            i += 1
            continue
        merged = False
        sylls: list[str] = []
        # try the longest run of whole words first
        spans = []
        for j in range(i, n):
            sylls.extend(words[j].lower().split("_"))
            if len(sylls) > longest:
                break
            spans.append((j, tuple(sylls)))
        for j, key in reversed(spans):
            if j > i and key in table:
                out.append("_".join(w for w in words[i : j + 1]))
                i = j + 1
                merged = True
                break
        if not merged:
            out.append(word)
            i += 1
    return out


def _segment_paragraph(paragraph: str) -> list[str]:
    from underthesea import sent_tokenize

    warm_up()
    words: list[str] = []
    for sentence_words in _word_tokenize_many(sent_tokenize(paragraph)):
        for token in sentence_words:
            if _WORD_CHAR_RE.search(token):
                words.append(token.replace(" ", "_"))
    return _merge_compounds(words)


# -- underthesea's word_tokenize, without its per-call overhead ------------------
# ``word_tokenize(sentence)`` is: character normalization, the regex
# pre-tokenizer (underthesea.pipeline.word_tokenize.regex_tokenize),
# ``token_normalize`` of each token, the CRF featurizer and tagger
# (underthesea_core, Rust), and joining "I-W" tokens to the word before.
# The same steps are done here with the same objects and data, giving the
# same words (tests/bench/test_bench_smoke.py compares the two on real text), but
# faster: a token's normalization is memoized (it depends on the token
# only) and a match's text is taken directly (each alternative of the
# pre-tokenizer pattern is one named group spanning the whole match).
_TOKEN_NORMAL: dict[str, str] = {}


def _underthesea_parts():
    """(pre-tokenizer module, token_normalize, normalize_characters_in_text, model)."""
    from underthesea.pipeline import word_tokenize as wt
    from underthesea.pipeline.text_normalize import token_normalize
    from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
    from underthesea.pipeline.word_tokenize import regex_tokenize

    if wt.word_tokenize_model is None:
        wt.word_tokenize("khởi động")  # loads the model
    return regex_tokenize, token_normalize, normalize_characters_in_text, wt.word_tokenize_model


def _word_tokenize_many(sentences: list[str]) -> list[list[str]]:
    """``[underthesea.word_tokenize(s) for s in sentences]``, faster."""
    rt, token_normalize, normalize_chars, model = _underthesea_parts()
    memo = _TOKEN_NORMAL
    if len(memo) > 200_000:
        memo.clear()
    pattern = rt.patterns  # the module global, as underthesea reads it
    featurize, tag = model.featurizer.process, model.estimator.tag
    out = []
    for sentence in sentences:
        tokens = []
        for m in pattern.finditer(normalize_chars(sentence)):
            raw = m.group(0)
            tok = memo.get(raw)
            if tok is None:
                tok = memo[raw] = token_normalize(raw, use_character_normalize=True)
            tokens.append(tok)
        # one sentence per call: featurizing many at once is slower
        x = featurize([[[t] for t in tokens]])[0]
        words: list[str] = []
        for label, token in zip(tag(x), tokens):
            if label == "I-W" and words:
                words[-1] = words[-1] + " " + token
            else:
                words.append(token)
        out.append(words)
    return out


def _key(paragraph: str) -> str:
    return hashlib.sha1(paragraph.encode("utf-8")).hexdigest()


class SegmentCache:
    """A persistent paragraph -> words cache in one SQLite file.

    Only the process that owns the index writes to it; worker processes
    receive cached results from it and send new ones back.
    """

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS seg (k TEXT PRIMARY KEY, v TEXT NOT NULL)")

    def get_many(self, keys: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for k, v in self._db.execute(f"SELECT k, v FROM seg WHERE k IN ({marks})", chunk):
                found[k] = v.split(" ") if v else []
        return found

    def put_many(self, items: dict[str, list[str]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO seg (k, v) VALUES (?, ?)",
            [(k, " ".join(v)) for k, v in items.items()],
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()


class Segmenter:
    """Segments texts paragraph by paragraph, never the same paragraph twice."""

    def __init__(self, cache: SegmentCache | None = None):
        self.cache = cache
        self.memory: dict[str, list[str]] = {}
        self.new: dict[str, list[str]] = {}  # computed here, not yet persisted
        self.segmented_paragraphs = 0

    def prefetch(self, texts: list[str]) -> None:
        """Load the cached results of every paragraph of `texts` at once."""
        if self.cache is None:
            return
        keys = {_key(p) for t in texts for p in _paragraphs(t)} - self.memory.keys()
        self.memory.update(self.cache.get_many(sorted(keys)))

    def words(self, text: str) -> list[str]:
        """The words of an already normalized text, in order."""
        out: list[str] = []
        if self.cache is not None:
            self.prefetch([text])
        for paragraph in _paragraphs(text):
            key = _key(paragraph)
            words = self.memory.get(key)
            if words is None:
                if self.cache is None and len(self.memory) > 50_000:
                    self.memory.clear()  # a long-running server: stay bounded
                words = _segment_paragraph(paragraph)
                self.segmented_paragraphs += 1
                self.memory[key] = words
                self.new[key] = words
            out.extend(words)
        return out

    def flush(self) -> None:
        """Persist new results and forget the in-memory ones (bounded memory)."""
        if self.cache is not None and self.new:
            self.cache.put_many(self.new)
        self.new = {}
        self.memory = {}


def _paragraphs(text: str) -> list[str]:
    """The lines of a text, a line in capitals lower-cased: underthesea
    segments "TIÊN TIẾN HUYỆN LẠC SƠN" as TIÊN_TIẾN_HUYỆN | LẠC_SƠN and
    the same words in lower case as tiên_tiến | huyện | lạc_sơn, so a
    heading in capitals gives the words its text gives in any case."""
    return [_uncapped(p.strip()) for p in text.split("\n") if p.strip()]


def _uncapped(line: str) -> str:
    return line.lower() if len(line) >= 4 and line.isupper() else line


_default = Segmenter()


def segment(text: str) -> list[str]:
    """Words of `text` (normalized first), syllables joined by "_"."""
    return _default.words(normalize(text))
