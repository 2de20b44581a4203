"""From what a person types to a query tree (:mod:`ingest.index.tree`).

The query language: words, "quoted phrases", AND / OR / NOT (upper case),
-word, parentheses, and field filters ``district:"Kim Bôi"``, ``field:ntm``,
``year:2017`` or ``year:2015-2019``, ``type:quyet-dinh``, ``number:162/KH-UBND``,
``source:HBĐT``, ``title:word``. Plain words are the default, joined by AND.

A run of plain words is read by :mod:`.wordquery`: its syllables are
required (as typed, or without diacritics, ranked below), the index's words
they form and adjacent pairs are boosts, function words are optional, and an
abbreviation matches its expansion (ĐHTT <-> điển hình tiên tiến), each
recorded in ``expansions``. A pasted paragraph is read as "more like this".

A document number typed in any usual form ("162/KH-UBND", "162 KH UBND",
"QD 1234") becomes a number lookup (``number_hits`` in the search result).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.errors import QueryError, QuerySyntaxError
from ingest.index import tree as Q
from ingest.vietnamese import doctypes, fold, has_diacritics, normalize
from ingest.vietnamese.abbreviations import AbbreviationTable
from ingest.vietnamese.docnumbers import NUMBER_RE, normalize_number, number_key
from ingest.vietnamese.syllable import SYLLABLE_PATTERN

from . import wordquery

_SYL_RE = re.compile(SYLLABLE_PATTERN)   # a syllable, as the index's syllable view has it

MAX_QUERY_CHARS = 4000
MAX_TERMS = 64
MAX_DEPTH = 8

# boosts: exact forms first, folded forms last (plain words: :mod:`.wordquery`)
B_TITLE_WORD, B_WORD = wordquery.B_TITLE_WORD, wordquery.B_WORD
B_TITLE_SYL, B_SYL = wordquery.B_TITLE_SYL, wordquery.B_SYL
B_TITLE_FOLD, B_FOLD = wordquery.B_TITLE_FOLD, wordquery.B_FOLD
B_NUMBER = 50.0

FIELD_ALIASES = {
    "district": "districts", "huyen": "districts", "huyện": "districts",
    "field": "fields", "linhvuc": "fields", "lĩnh vực": "fields",
    "year": "years", "nam": "years", "năm": "years",
    "type": "doc_type", "loai": "doc_type", "loại": "doc_type",
    "number": "number", "so": "number", "số": "number",
    "source": "source", "nguon": "source", "nguồn": "source",
    "author": "author", "title": "title", "tieude": "title",
}


@dataclass
class ParsedQuery:
    query: Q.Node | None                         # None: match everything
    expansions: list[dict] = field(default_factory=list)  # [{"from": "ĐHTT", "to": "điển hình tiên tiến"}]
    number: str | None = None                     # a document number typed as the query
    number_key: str | None = None                 # its folded key prefix ("162khubnd")
    highlight_terms: set[str] = field(default_factory=set)  # syllables to mark
    highlight_phrases: list[tuple[str, ...]] = field(default_factory=list)  # each word/phrase's syllables
    free_text: str = ""                           # the words, for suggestions
    word_queries: list[wordquery.WordQuery] = field(default_factory=list)  # each run of plain words
    boosts: list[Q.Node] = field(default_factory=list)  # added by a natural reading (never required)


# -- lexing ----------------------------------------------------------------------
_TOKEN_RE = re.compile(
    r'(?P<phrase>-?"[^"]*"?)'
    r'|(?P<open>\()|(?P<close>\))'
    r'|(?P<field>-?[^\W\d][\w ]{0,12}?:(?:"[^"]*"?|[^\s()"]+))'
    r'|(?P<word>[^\s()"]+)'
)


@dataclass
class _Tok:
    kind: str      # phrase, open, close, field, word, and, or, not
    text: str
    negated: bool = False


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "word" and value in ("AND", "OR", "NOT", "&&", "||"):
            toks.append(_Tok({"&&": "and", "||": "or"}.get(value, value.lower()), value))
            continue
        negated = False
        if kind in ("phrase", "field", "word") and value.startswith("-") and len(value) > 1:
            negated, value = True, value[1:]
        if kind == "word" and value.startswith("+") and len(value) > 1:
            value = value[1:]
        if kind == "field":
            name = value.split(":", 1)[0].strip().lower()
            if name not in FIELD_ALIASES:
                # not a field we know: read it as plain words
                toks.extend(_Tok("word", w, negated) for w in re.split(r"[:\s]+", value) if w)
                continue
        toks.append(_Tok(kind, value, negated))
    return toks


# -- parsing -------------------------------------------------------------------------
class _Parser:
    def __init__(self, toks: list[_Tok], builder: _Builder):
        self.toks = toks
        self.i = 0
        self.b = builder

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Q.Node | None:
        q = self.or_expr(0)
        return q

    def or_expr(self, depth: int) -> Q.Node | None:
        parts = [self.and_expr(depth)]
        while (t := self.peek()) is not None and t.kind == "or":
            self.i += 1
            parts.append(self.and_expr(depth))
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Q.Or(parts)

    def and_expr(self, depth: int) -> Q.Node | None:
        musts: list[Q.Node] = []
        nots: list[Q.Node] = []
        while (t := self.peek()) is not None and t.kind not in ("or", "close"):
            if t.kind == "and":
                self.i += 1
                continue
            neg = False
            if t.kind == "not":
                self.i += 1
                neg = True
                t = self.peek()
                if t is None or t.kind in ("or", "close", "and", "not"):
                    continue
            q, neg2 = self.unary(depth)
            if q is None:
                continue
            (nots if (neg or neg2) else musts).append(q)
        if not musts and not nots:
            return None
        if not musts:
            musts = [Q.Every()]
        q = musts[0] if len(musts) == 1 else Q.And(musts)
        for n in nots:
            q = Q.AndNot(q, n)
        return q

    def unary(self, depth: int) -> tuple[Q.Node | None, bool]:
        t = self.peek()
        assert t is not None
        if t.kind == "open":
            self.i += 1
            if depth >= MAX_DEPTH:
                raise QuerySyntaxError(f"too many nested parentheses (at most {MAX_DEPTH}); simplify the query")
            q = self.or_expr(depth + 1)
            if (c := self.peek()) is not None and c.kind == "close":
                self.i += 1
            return q, False
        if t.kind == "close":  # stray ")"
            self.i += 1
            return None, False
        if t.kind == "phrase":
            self.i += 1
            return self.b.phrase(t.text.strip('"')), t.negated
        if t.kind == "field":
            self.i += 1
            return self.b.field(t.text), t.negated
        # a run of plain words (negation applies to one word only)
        if t.negated:
            self.i += 1
            return self.b.words([t.text]), True
        words = []
        while (w := self.peek()) is not None and w.kind == "word" and not w.negated:
            words.append(w.text)
            self.i += 1
        return self.b.words(words), False


class _Builder:
    def __init__(self, abbreviations: AbbreviationTable, field_values: dict[str, list[str]],
                 frequency: wordquery.Frequency | None = None):
        self.abbr = abbreviations
        self.frequency = frequency
        self.field_values = field_values
        self.parsed = ParsedQuery(None)
        self.term_count = 0

    def _count(self, n: int = 1) -> None:
        self.term_count += n
        if self.term_count > MAX_TERMS:
            raise QueryError(f"the query has too many words (at most {MAX_TERMS}); shorten it")

    # words ------------------------------------------------------------------------
    def words(self, texts: list[str]) -> Q.Node | None:
        """A run of plain words (:mod:`.wordquery`)."""
        text = normalize(" ".join(texts))
        self.parsed.free_text = (self.parsed.free_text + " " + text).strip()
        wq = wordquery.build(text, self.abbr, self.frequency)
        if wq.node is None:
            return None
        self._count(len(wq.required))
        self.parsed.word_queries.append(wq)
        self.parsed.expansions += wq.expansions
        self.parsed.highlight_terms.update(wq.syllables)
        if self.frequency is not None:
            # a spelling the index does not hold: mark what it matched, folded
            self.parsed.highlight_terms.update(
                fold(s) for s in wq.syllables if has_diacritics(s) and not self.frequency("body", s))
        self.parsed.highlight_phrases += wq.phrases
        return wq.node

    def syllables(self, text: str, boost: float, title_boost: float) -> Q.Node:
        """A sequence of syllables: exact, and folded when typed without diacritics."""
        sylls = _SYL_RE.findall(text.lower())
        self.parsed.highlight_terms.update(sylls)
        if sylls:
            self.parsed.highlight_phrases.append(tuple(sylls))
        alts = [self._seq("body", sylls, boost), self._seq("title", sylls, title_boost)]
        if not has_diacritics(text):
            folded = [fold(s) for s in sylls]
            alts += [self._seq("body_f", folded, B_FOLD), self._seq("title_f", folded, B_TITLE_FOLD)]
        return Q.Or(alts)

    @staticmethod
    def _seq(fieldname: str, sylls: list[str], boost: float) -> Q.Node:
        if len(sylls) == 1:
            return Q.Term(fieldname, sylls[0], boost)
        if fieldname == "body":
            # adjacent pairs in the bi-word field: a fast near-phrase
            pairs = [Q.Term("body_bi", f"{a}_{b}") for a, b in zip(sylls, sylls[1:])]
            return Q.And(pairs, boost) if len(pairs) > 1 else Q.Term("body_bi", pairs[0].text, boost)
        return Q.Phrase(fieldname, sylls, boost)

    # phrases -------------------------------------------------------------------------
    def phrase(self, text: str) -> Q.Node | None:
        text = normalize(text)
        sylls = _SYL_RE.findall(text.lower())
        if not sylls:
            return None
        self._count(len(sylls))
        self.parsed.free_text = (self.parsed.free_text + " " + text).strip()
        self.parsed.highlight_terms.update(sylls)
        self.parsed.highlight_phrases.append(tuple(sylls))
        def seq(fieldname, ss, boost):
            return Q.Term(fieldname, ss[0], boost) if len(ss) == 1 else Q.Phrase(fieldname, ss, boost)
        # as typed first; without diacritics too (a wrong tone inside the
        # quotes still finds the phrase, ranked below it), the syllables
        # standing together either way
        folded = [fold(s) for s in sylls]
        alts = [seq("body", sylls, B_WORD), seq("title", sylls, B_TITLE_WORD),
                seq("body_f", folded, B_FOLD), seq("title_f", folded, B_TITLE_FOLD)]
        return Q.Or(alts)

    # field filters ---------------------------------------------------------------------
    def field(self, text: str) -> Q.Node | None:
        name, _, value = text.partition(":")
        fieldname = FIELD_ALIASES[name.strip().lower()]
        value = normalize(value.strip().strip('"'))
        self._count()
        if not value:
            return None
        if fieldname == "title":
            return self.syllables(value, B_SYL, B_SYL)
        if fieldname == "number":
            return Q.Prefix("number_key", number_key(value))
        if fieldname == "years":
            return years_query(value)
        if fieldname in self.field_values:
            canonical = resolve_value(value, self.field_values[fieldname])
            if canonical is None:
                known = ", ".join(self.field_values[fieldname][:20])
                raise QueryError(f"unknown {name.strip()} '{value}'; known values: {known}")
            return Q.Term(fieldname, canonical)
        return Q.Term(fieldname, value)


def plain_words(text: str) -> str:
    """A query read as plain words: no quotes, parentheses, operators or
    field syntax (the fallback for a query that cannot be parsed)."""
    text = re.sub(r'[()"*:?~^\[\]{}\\]+', " ", text or "")
    words = [w.lstrip("+-") for w in text.split()]
    return " ".join(w for w in words if w and w not in ("AND", "OR", "NOT", "&&", "||"))


def resolve_value(value: str, known: list[str]) -> str | None:
    """Match a typed filter value to a known one, ignoring case, diacritics,
    tone placement and a leading "huyện"/"TP"."""
    want = _value_key(value)
    for k in known:
        if _value_key(k) == want:
            return k
    return None


def _value_key(value: str) -> str:
    v = fold(normalize(value))
    v = re.sub(r"^(huyen|h\.|thanh pho|tp\.?)\s+", "", v)
    return re.sub(r"[^0-9a-z]", "", v)


def years_query(value: str) -> Q.Node:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]|to|\.\.)\s*(\d{4})\s*", value)
    if m:
        a, b = sorted(int(x) for x in m.groups())
        if b - a > 200:
            raise QueryError(f"year range {value} is too wide; use at most 200 years")
        return Q.Or([Q.Term("years", str(y)) for y in range(a, b + 1)])
    if re.fullmatch(r"\d{4}", value.strip()):
        return Q.Term("years", value.strip())
    raise QueryError(f"year must be a year like 2017 or a range like 2015-2019, not '{value}'")


# -- the number shortcut -----------------------------------------------------------
def _type_first_re() -> re.Pattern:
    """A document type's name or symbol, then a number: "QD 1234", "kế hoạch số 162"."""
    forms = sorted({f for t in doctypes.DOCUMENT_TYPES for f in doctypes.spellings(t)}, key=len, reverse=True)
    return re.compile(r"^\s*(" + "|".join(re.escape(f) for f in forms)
                      + r")\s*(?:số|so)?\s*[:.\-]?\s*(\d{1,5})\s*$", re.IGNORECASE)


def _number_first_re() -> re.Pattern:
    """A number, then a numbered type's symbol: "162kh", "162-KH", "1234qđ"."""
    symbols = sorted({t.symbol for t in doctypes.DOCUMENT_TYPES if t.symbol and t.numbered}, key=len, reverse=True)
    return re.compile(r"^\s*(\d{1,5})\s*[-.]?\s*(" + "|".join(re.escape(s) for s in symbols) + r")\s*$",
                      re.IGNORECASE)


_TYPE_FIRST_RE = _type_first_re()
_NUMBER_FIRST_RE = _number_first_re()


def _type_symbol(typed: str) -> str:
    """The symbol a number of the typed type carries ("" for a công văn)."""
    t = doctypes.by_spelling(typed)
    return t.symbol if t is not None and t.numbered else ""


def number_in_query(text: str) -> tuple[str, str] | None:
    """(display form, key prefix) when the whole query is a document number:
    "162/KH-UBND", "số 162", a bare "162", "KH 162", "kh-162", "KH.162", "162kh"."""
    text = normalize(text).strip().strip('"')
    # "Số: 162/KH-UBND", as the document itself writes it
    text = re.sub(r"^(?:số|so)\s*[:.]?\s*(?=\d)", "", text, flags=re.IGNORECASE)
    if re.fullmatch(r"\d{1,5}", text):
        return text, text          # a bare number: documents numbered so first
    m = _TYPE_FIRST_RE.match(text)
    m = (m.group(1), m.group(2)) if m else None
    if m is None and (m := _NUMBER_FIRST_RE.match(text)):
        m = (m.group(2), m.group(1))
    if m:
        typed, num = m
        sym = _type_symbol(typed)
        return (f"{num}/{sym}" if sym else num), number_key(num + sym)
    spaced = re.fullmatch(r"(\d{1,5})\s+((?:[A-Za-zĐđ&]{1,8}[\s\-]*){1,4})", text)
    if spaced:
        letters = re.split(r"[\s\-]+", spaced.group(2).strip())
        if not _NUMBER_FIRST_RE.match(spaced.group(1) + letters[0]):
            return None    # "5 cm", "2019 covid": words, not a number's symbol
        text = spaced.group(1) + "/" + "-".join(letters)
    m = NUMBER_RE.fullmatch(text.strip())
    if m:
        display = normalize_number(text) or text
        return display, number_key(display)
    return None


_NO_ABBREVIATIONS = AbbreviationTable({})


def parse(text: str, abbreviations: AbbreviationTable, field_values: dict[str, list[str]],
          frequency: wordquery.Frequency | None = None) -> ParsedQuery:
    """Parse a user query. Raises :class:`QueryError` for queries that cannot run.

    `frequency(field, term)` (the index's document frequency) lets plain
    words take the index's own words as boosts (:mod:`.wordquery`)."""
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; at most {MAX_QUERY_CHARS} are allowed")
    text = normalize(text)
    number = number_in_query(text) if text.strip() else None
    # "KH", "UBND" inside a number are its symbol, not abbreviations to expand
    builder = _Builder(_NO_ABBREVIATIONS if number else abbreviations, field_values, frequency)
    if not text.strip():
        return builder.parsed
    q = _Parser(_lex(text), builder).parse()
    parsed = builder.parsed
    if number:
        parsed.number, parsed.number_key = number
        parsed.expansions = []  # "KH", "UBND" inside a number are not abbreviations to report
    parsed.query = q
    return parsed
