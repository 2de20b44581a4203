"""Fields (lĩnh vực) of a document or of one model, from keyword evidence.

    classify(text, title=None) -> (codes, evidence)
    field_of_text(text) -> code | None
    labels() -> {code: label}

The evidence is data: ``data/fields.tsv`` (code, label, phrase, weight; see
its header). Matching runs on normalized text, on word boundaries, with
diacritics (folded only when the whole text has none); abbreviations are
case-sensitive with optional separators ("QP-AN", "QP - AN", "QPAN").
Where phrases overlap the longest wins, so "an ninh lương thực" (neutral)
takes the words away from "an ninh", "môi trường học tập" from "môi
trường", "giáo dục quốc phòng" from "giáo dục".

A document gets a field when its score reaches :data:`THRESHOLD`:

* each matched phrase adds its weight;
* a phrase in the title counts :data:`TITLE_FACTOR` times;
* a phrase in a sentence that enumerates fields ("… về các lĩnh vực:
  QP-AN; chung sức xây dựng NTM; …") counts :data:`LIST_FACTOR` times,

so one incidental mention of even a specific term (weight 2-2.5) does not
assign a field, two do, and every item of an explicit list of fields does;
and a field is one of the document's main topics only when its evidence
carries weight: the strongest field, one nearly as strong, one half as
strong whose words stand in the title or lead, the field of most of a
round-up's models, or a field the text enumerates (see :func:`classify`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.vietnamese.normalize import normalize, strip_marks

from ..vietnamese.normalize import has_diacritics
from ..vietnamese.normalize import strip_marks as strip_marks_text

__all__ = ["classify", "field_of_text", "labels", "THRESHOLD"]

_DATA = Path(__file__).with_name("data") / "fields.tsv"

THRESHOLD = 3.0
TITLE_FACTOR = 2.0
LIST_FACTOR = 2.0
# a document's main topics (see classify): a long article's passing words
# ("bệnh viện" in a court story) and a round-up's other fields are not its
# topics. Measured (bench/model_eval.py, doc:fields): on M4, tuned on
# (a second labeller agreed with the first at precision 0.91, recall 0.98),
# precision 0.57 -> 0.73, recall 0.94 -> 0.82; on the fresh blind set M6
# precision 0.60 -> 0.72, recall 0.86 -> 0.87.
MAIN_SHARE = 0.8
SUPPORTED_SHARE = 0.5
MODEL_SHARE = 0.4
MAX_FIELDS = 3
NEUTRAL = "-"


@dataclass(frozen=True)
class _Signal:
    code: str
    phrase: str
    weight: float
    pattern: re.Pattern          # on normalized text
    folded: re.Pattern           # on folded text (texts without diacritics)
    first: str                   # lower-cased first word: the pattern can only match if the text has it
    acronym: bool = False
    # the pattern (folded: on folded text) can only match where a \w+ token
    # equal to this, lower-cased, starts; None: search the whole text
    anchor: str | None = None
    anchor_folded: str | None = None


_GAP = r"(?:\s*[,\-–]\s*|\s+)"
_ACRONYM_SEP = r"\s*[-–&./]?\s*"


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_pattern(word: str, folded: bool) -> str:
    if folded:
        word = strip_marks(word)
    if _is_acronym(word):        # case-sensitive, separators optional
        groups = [g for g in re.split(r"[-–&./]+", word) if g]
        return _ACRONYM_SEP.join(re.escape(g) for g in groups)
    return "(?i:" + re.escape(word) + ")"


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+|\s+[-–]\s+", phrase) if w and w not in ("-", "–")]


def _compile(phrase: str, folded: bool) -> re.Pattern:
    body = _GAP.join(_word_pattern(w, folded) for w in _words(phrase))
    return re.compile(rf"(?<!\w){body}(?!\w)")


_TOKEN_RE = re.compile(r"\w+")


def _anchor(phrase: str, folded: bool) -> str | None:
    """The token every match of the phrase's pattern starts with, lower-cased.

    The pattern is ``(?<!\\w)(?i:<first word>)`` and then a separator or the
    end: a match starts where a \\w+ token starts, and that token is the
    first word's leading \\w+ run (a non-word character or the gap follows
    it). Not for acronyms (case-sensitive, may be glued to the next part:
    "GDĐT"), nor for a first word that does not start with a word character."""
    word = _words(phrase)[0]
    if folded:
        word = strip_marks(word)
    if _is_acronym(word):
        return None
    m = _TOKEN_RE.match(word)
    if m is None:
        return None
    return m.group(0).lower()


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[_Signal, ...], dict[str, str]]:
    signals = []
    names: dict[str, str] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 4:
            raise ValueError(f"{_DATA}: bad line (need code, label, phrase, weight): {line!r}")
        code, label, phrase, weight = (c.strip() for c in cells[:4])
        phrase = normalize(phrase)
        if code != NEUTRAL:
            names.setdefault(code, label)
        first_word = re.findall(r"\w+", phrase)[0]
        signals.append(_Signal(code, phrase, float(weight), _compile(phrase, False), _compile(phrase, True),
                               first_word.lower(), _is_acronym(phrase.split()[0]),
                               _anchor(phrase, False), _anchor(phrase, True)))
    return tuple(signals), names


@lru_cache(maxsize=2)
def _by_anchor(folded: bool) -> tuple[dict[str, list[int]], list[int]]:
    """({anchor: indexes of the signals with it}, indexes of signals without one)."""
    index: dict[str, list[int]] = {}
    rest: list[int] = []
    for i, s in enumerate(_load()[0]):
        a = s.anchor_folded if folded else s.anchor
        if a is None:
            rest.append(i)
        else:
            index.setdefault(a, []).append(i)
    return index, rest


def labels() -> dict[str, str]:
    """{code: UI label} in the order of fields.md."""
    return dict(_load()[1])


@dataclass
class _Hit:
    start: int
    end: int
    code: str
    weight: float
    surface: str
    factor: float
    listed: bool = False         # in a sentence that enumerates fields


_SENT_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENT_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


_LIST_RE = re.compile(r"(?i:lĩnh vực|linh vuc)")
_FIELD_COLUMN_RE = re.compile(r"(?i:lĩnh vực|linh vuc|ngành|phong trào)")


# Characters on which the regex engine's case-insensitive matching and
# str.lower() disagree (re's special case-folding pairs, and "İ", whose
# lower() is two characters): a text with any of them is searched pattern by
# pattern over the whole text, as the anchors below assume they agree.
_ODD_CASE_RE = re.compile("[\u0130\u0131\u017f\u00b5\u0345\u1fbe\u0390\u1fd3\u03b0\u1fe3\u03d0\u03f5"
                          "\u03d1\u03f0\u03d6\u03f1\u03c2\u03d5\u1e9b\ufb05\ufb06\u212a\u212b\u2126\u1e9e\u00df]")


def _hits(text: str, factor: float) -> list[_Hit]:
    if not text:
        return []
    signals, _ = _load()
    plain = not has_diacritics(text)
    target = strip_marks_text(text) if plain else text
    # one pass over the text: where each word starts (lower-cased). A
    # pattern is then tried only where its first word starts, instead of
    # being searched for over the whole text (the same matches: see _anchor)
    starts: dict[str, list[int]] = {}
    for m in _TOKEN_RE.finditer(target):
        w = m.group(0).lower()
        at = starts.get(w)
        if at is None:
            starts[w] = [m.start()]
        else:
            at.append(m.start())
    if _ODD_CASE_RE.search(target) is None:
        # only the signals whose first word is in the text (in the table's order)
        by_anchor, rest = _by_anchor(plain)
        todo = sorted(rest + [i for a in by_anchor.keys() & starts.keys() for i in by_anchor[a]])
        anchored = True
    else:
        todo = range(len(signals))
        anchored = False
    lower = None
    cands: list[_Hit] = []
    for i in todo:
        s = signals[i]
        pat = s.folded if plain else s.pattern
        anchor = s.anchor_folded if plain else s.anchor
        if anchored and anchor is not None:
            end = 0
            for pos in starts[anchor]:   # finditer's matches: leftmost, not overlapping
                if pos < end:
                    continue
                m = pat.match(target, pos)
                if m is not None:
                    end = m.end()
                    cands.append(_Hit(m.start(), m.end(), s.code, s.weight, text[m.start():m.end()], factor))
            continue
        # a cheap test first; acronyms may be glued to the next part ("GDĐT" for "GD&ĐT")
        first = strip_marks(s.first) if plain else s.first
        if first not in starts:
            if not s.acronym:
                continue
            if lower is None:
                lower = target.lower()
            if first not in lower:
                continue
        for m in pat.finditer(target):
            cands.append(_Hit(m.start(), m.end(), s.code, s.weight, text[m.start():m.end()], factor))
    # longest first; identical spans share
    cands.sort(key=lambda h: (-(h.end - h.start), h.start, -h.weight))
    chosen: list[_Hit] = []
    spans: list[tuple[int, int]] = []
    for h in cands:
        if (h.start, h.end) in spans:
            if not any(c.code == h.code and (c.start, c.end) == (h.start, h.end) for c in chosen):
                chosen.append(h)
            continue
        if any(h.start < e and s < h.end for s, e in spans):
            continue
        spans.append((h.start, h.end))
        chosen.append(h)
    # sentences that enumerate fields, and the rows of a table with a field
    # column ("STT | Tên | Địa chỉ | Lĩnh vực") or of one without any header
    table_has_fields = None     # None: not in a table
    field_column = False        # the table's header names a field column
    for a, b in _sentences(text):
        seg = text[a:b]
        is_row = seg.count("|") >= 2 or seg.count("\t") >= 2
        if not is_row:
            table_has_fields = None
            field_column = False
        elif table_has_fields is None:
            field_column = bool(_FIELD_COLUMN_RE.search(seg))
            # the first row of a table: its header, or already data ("1 | …")
            table_has_fields = bool(_FIELD_COLUMN_RE.search(seg)) or bool(re.match(r"\s*\|?\s*\d+\s*[|\t]", seg))
            if _LIST_RE.search(seg):
                continue        # the header itself names no field
        if _LIST_RE.search(seg) and not is_row or is_row and table_has_fields:
            for h in chosen:
                if a <= h.start < b:
                    h.factor *= LIST_FACTOR
                    h.listed = h.listed or not is_row or field_column
    chosen.sort(key=lambda h: h.start)
    return [h for h in chosen if h.code != NEUTRAL]


def _score(text: str, title: str | None, where: dict[str, set[str]] | None = None, normalized: bool = False
           ) -> tuple[dict[str, float], dict[str, list[str]], dict[str, int]]:
    """Scores, evidence and first position per field; `where`, if given,
    gets {code: {"title", "lead", "list"}}: where the field's words stand
    (the lead is the text's first paragraph; "list": a sentence that
    enumerates fields)."""
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    first: dict[str, int] = {}
    order = 0
    body = (text or "") if normalized else normalize(text or "")
    lead_end = body.find("\n\n", 1)
    lead_end = len(body) if lead_end < 0 else lead_end
    for part, factor, is_title in ((normalize(title) if title else "", TITLE_FACTOR, True), (body, 1.0, False)):
        for h in _hits(part, factor):
            scores[h.code] = scores.get(h.code, 0.0) + h.weight * h.factor
            evidence.setdefault(h.code, []).append(h.surface)
            if h.code not in first:
                first[h.code] = order
            order += 1
            if where is not None:
                at = where.setdefault(h.code, set())
                if is_title:
                    at.add("title")
                elif h.start < lead_end:
                    at.add("lead")
                if h.listed:
                    at.add("list")
    return scores, evidence, first


def _with_tables(text: str, tables) -> str:
    if not tables:
        return text or ""
    rows = []
    for table in tables:
        for row in table or []:
            cells = [normalize(c or "").replace("\n", " ").strip() for c in row]
            if any(cells):
                rows.append(" | ".join(cells) + (" |" if len(cells) < 3 else ""))
    return (text or "") + "\n\n" + "\n".join(rows)


def classify(text: str, title: str | None = None,
             tables: list[list[list[str]]] | None = None,
             model_fields: list[str | None] | None = None,
             normalized: bool = False) -> tuple[list[str], dict[str, list[str]]]:
    """Fields of a document, strongest first, and the words behind each.

    Returns ``(codes, evidence)``; ``evidence[code]`` lists every matched
    phrase as written in the text, once per occurrence, so a UI can show
    "ntm: nông thôn mới ×3, NTM ×2". Teasers and recipients should be
    removed before calling (extraction does). `tables` (annex tables,
    table -> rows -> cells) count like lists of fields: every row is
    evidence for the fields in it. `model_fields`: the fields the
    document's models take from their own surroundings (None where nothing
    says), a vote for the topics a round-up of models is about.
    `normalized`: the text is already normalized (extraction's body is), so
    it is not normalized again.

    The main topics are the strongest field and, up to :data:`MAX_FIELDS`,
    those that reach :data:`THRESHOLD` and either score
    :data:`MAIN_SHARE` of the strongest, or :data:`SUPPORTED_SHARE` of it
    with words in the title or lead, or are the field of
    :data:`MODEL_SHARE` of three or more models; every field a sentence
    enumerates ("… về các lĩnh vực: QP-AN; …") is one.
    """
    where: dict[str, set[str]] = {}
    scores, evidence, first = _score(_with_tables(text, tables), title, where, normalized=normalized)
    ranked = sorted((c for c, s in scores.items() if s >= THRESHOLD - 1e-9), key=lambda c: (-scores[c], first[c]))
    if not ranked:
        return [], {}
    top = scores[ranked[0]]
    votes = list(model_fields or [])
    codes = [ranked[0]]
    for c in ranked[1:]:
        share = scores[c] / top
        at = where.get(c, set())
        voted = len(votes) >= 3 and sum(f == c for f in votes) >= MODEL_SHARE * len(votes)
        if "list" in at or len(codes) < MAX_FIELDS and (
                share >= MAIN_SHARE - 1e-9 or share >= SUPPORTED_SHARE - 1e-9 and at & {"title", "lead"} or voted):
            codes.append(c)
    return codes, {c: evidence[c] for c in codes}


def field_of_text(text: str) -> str | None:
    """The single best field of a short text (a model's name and its
    "Lĩnh vực" cell): "Nông nghiệp" -> "nong-nghiep", "Xây dựng NTM" ->
    "ntm". No threshold; None when nothing matches. Ties go to the
    field mentioned first."""
    scores, _, first = _score(text, None)
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c], -first[c]))


def scores(text: str, title: str | None = None) -> dict[str, float]:
    """Raw field scores (for evaluation and tuning)."""
    return _score(text, title)[0]
