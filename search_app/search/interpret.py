"""Natural queries: what a query names in ordinary words, read as filters
and boosts ("trồng cam ở Cao Phong năm 2019" -> the words "trồng cam",
district Cao Phong, year 2019).

Recognised, in any letter case, with or without diacritics:

* a **year** ("năm 2019", or a bare "2019" ending the query: "Euro 2020
  nếu …" names none) or a **range** ("giai đoạn 2016-2020",
  "từ 2016 đến 2020") -> a year filter;
* a **district** of the gazetteer (:mod:`ingest.vietnamese.gazetteer`),
  with or without "huyện"/"thành phố" and "ở"/"tại"/"của" before it ("ở
  Cao Phong", "UBND huyện Mai Châu"); the city only as "thành phố"/"TP
  Hòa Bình" (bare, "Hòa Bình" is the province and the lake) -> a district
  filter;
* a **commune** ("xã Tân Lập", "phường Đồng Tiến", "thị trấn Mường
  Khến") -> its district(s) boosted; its words stay required;
* a **field** by its label in the field table (``ingest/extract/data/
  fields.tsv``: "nông nghiệp", "giáo dục", "y tế") -> a strong boost;
* a **document type** by its name (``doc_types.tsv``: "quyết định", "kế
  hoạch") -> a strong boost.

The words a filter was read from are no longer required (they may still
rank: as boosts); a field's or type's words become boosts too. Each reading
is a chip: its kind, value, the words it was read from, and how it applies.
A query with search syntax (quotes, parentheses, ``field:``, AND/OR/NOT,
``-word``) is left as typed; so is a field's or a type's name alone
("giáo dục", "quyết định"), which is its own words. A district alone
("Cao Phong") is read as the district (its words still rank).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.extract import fields as field_table
from ingest.index import tree as Q
from ingest.vietnamese import doctypes, fold, normalize
from ingest.vietnamese.gazetteer import CITY, districts, units

from .filters import Filters
from .language import number_in_query
from .wordquery import sequence_node

B_FIELD, B_TYPE, B_PLACE, B_COMMUNE = 4.0, 6.0, 1.0, 4.0
FIRST_YEAR, LAST_YEAR = 1945, 2035
KINDS = ("district", "commune", "year", "field", "type")
_SYNTAX_RE = re.compile(r"[\"():]|(?:^|\s)[-+]\S|\b(?:AND|OR|NOT)\b")
_BEFORE_PLACE = r"(?:(?:o|tai|cua|thuoc|trong|tren dia ban)\s+)?"
_BEFORE_YEAR = r"(?:(?:trong|vao|cua|tu)\s+)?(?:(?:nam|giai doan|thoi ky|nhiem ky)\s+)?"


@dataclass
class Chip:
    kind: str          # district, commune, year, field, type
    value: str         # "Cao Phong", "2019", "2016-2020", "nong-nghiep", "quyet-dinh"
    text: str          # the words of the query it was read from
    applied: str       # "filter" or "boost"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "text": self.text, "applied": self.applied}


@dataclass
class Reading:
    text: str                                   # the query without the filters' words
    chips: list[Chip] = field(default_factory=list)
    boosts: list[Q.Node] = field(default_factory=list)

    def filters(self, given: Filters) -> Filters:
        """`given` with the chips' filters added where the user set none of that kind."""
        out = Filters(**{k: list(v) if isinstance(v, list) else v for k, v in vars(given).items()})
        places = [c.value for c in self.chips if c.kind == "district"]
        if places and not out.district:
            out.district = places
        years = [c.value for c in self.chips if c.kind == "year"]
        if years and not (out.year or out.year_from or out.year_to):
            out.year = years
        return out


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


@lru_cache(maxsize=1)
def _district_re() -> tuple[re.Pattern, dict[str, str]]:
    names = {}
    for d in districts() + ["Kỳ Sơn"]:
        if d == CITY:
            continue
        names[fold(d.lower())] = d
    prefix = r"(?:(?:ubnd\s+)?(?:huyen|h\.)\s+)?"
    city = r"(?:ubnd\s+)?(?:thanh pho|tp\.?)\s+hoa binh"
    pattern = (rf"(?<!\w){_BEFORE_PLACE}(?:(?P<city>{city})|{prefix}(?P<name>{_alternation(list(names))}))(?!\w)")
    return re.compile(pattern), names


@lru_cache(maxsize=1)
def _commune_re():
    """(pattern, folded "type name" -> (shown name, districts)) of the
    gazetteer's communes, wards and towns, in every period."""
    names: dict[str, tuple[str, set[str]]] = {}
    for u in units():
        if u.level != "commune" or not u.district:
            continue
        key = fold(f"{u.type} {u.name}".lower())
        shown, ds = names.setdefault(key, (f"{u.type} {u.name}", set()))
        ds.add(u.district)
    pattern = re.compile(rf"(?<!\w)(?P<name>{_alternation(list(names))})(?!\w)")
    return pattern, names


@lru_cache(maxsize=1)
def _named() -> list[tuple[str, re.Pattern, dict[str, str], str, float]]:
    """(kind, pattern, folded name -> code, index field, boost) of the
    things read as boosts: a field by the parts of its label in the field
    table ("Quốc phòng – An ninh": "quốc phòng", "an ninh"), a document
    type by its name ("quyết định")."""
    labels: dict[str, str] = {}
    for code, label in field_table.labels().items():
        for part in re.split(r"\s*[–,]\s*|\s+-\s+", label):
            if len(part.split()) >= 2:
                labels.setdefault(fold(part.lower()), code)
    types = {t.folded: t.code for t in doctypes.DOCUMENT_TYPES}
    out = []
    for kind, names, lead, fieldname, boost in (("field", labels, r"linh vuc|nganh", "fields", B_FIELD),
                                                 ("type", types, r"cac|van ban", "doc_type", B_TYPE)):
        if names:
            pattern = re.compile(rf"(?<!\w)(?:(?:{lead})\s+)?({_alternation(list(names))})(?!\w)")
            out.append((kind, pattern, names, fieldname, boost))
    return out


def read(q: str, skip: tuple[str, ...] = ()) -> Reading | None:
    """The natural reading of a query, or None when there is nothing to read
    (or the query uses search syntax, or is a single name)."""
    text = normalize(q or "").strip()
    if not text or _SYNTAX_RE.search(text) or len(text) > 300 or number_in_query(text):
        return None
    folded = fold(text.lower())
    if len(folded) != len(text):
        return None
    taken = [False] * len(text)
    chips: list[Chip] = []
    boosts: list[Q.Node] = []

    def claim(m: re.Match) -> str | None:
        a, b = m.span()
        if any(taken[a:b]):
            return None
        for i in range(a, b):
            taken[i] = True
        return text[a:b]

    if "year" not in skip:
        rng = re.compile(rf"(?<!\w){_BEFORE_YEAR}((?:19|20)\d\d)\s*(?:-|–|den|toi)\s*(?:nam\s+)?((?:19|20)\d\d)(?!\w)")
        for m in rng.finditer(folded):
            a, b = sorted(int(x) for x in m.groups())
            if FIRST_YEAR <= a <= b <= LAST_YEAR and (words := claim(m)):
                chips.append(Chip("year", f"{a}-{b}", words.strip(), "filter"))
        one = re.compile(rf"(?<![\w/.\-]){_BEFORE_YEAR}((?:19|20)\d\d)(?![\w/.\-])")
        for m in one.finditer(folded):
            cued = m.start(1) > m.start()          # "năm 2019", "trong năm 2019"
            last = not re.search(r"[^\W_]", folded[m.end():])
            # a bare year only at the end: "Euro 2020 nếu …" names no year
            if FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR and (cued or last) and (words := claim(m)):
                chips.append(Chip("year", m.group(1), words.strip(), "filter"))
    kept = [False] * len(text)        # read, but still the query's words
    if "commune" not in skip:
        pattern, communes = _commune_re()
        for m in pattern.finditer(folded):
            shown, ds = communes[m.group("name")]
            if (words := claim(m)):
                for i in range(*m.span()):
                    kept[i] = True
                value = f"{shown} ({', '.join(sorted(ds))})"
                chips.append(Chip("commune", value[:1].upper() + value[1:], words.strip(), "boost"))
                boosts.extend(Q.Term("districts", d, B_COMMUNE) for d in sorted(ds))
    if "district" not in skip:
        pattern, names = _district_re()
        for m in pattern.finditer(folded):
            name = CITY if m.group("city") else names[m.group("name")]
            if (words := claim(m)):
                chips.append(Chip("district", name, words.strip(), "filter"))
                place = text[m.start("city") if m.group("city") else m.start("name"):m.end()]
                boosts.append(sequence_node(place.lower().split(), B_PLACE, B_PLACE))
    for kind, pattern, names, fieldname, boost in _named():
        if kind in skip:
            continue
        for m in pattern.finditer(folded):
            if (words := claim(m)):
                code = names[m.group(1)]
                chips.append(Chip(kind, code, words.strip(), "boost"))
                boosts.append(Q.Term(fieldname, code, boost))
                boosts.append(sequence_node(words.lower().split(), 1.0, 1.0))
    if not chips:
        return None
    rest = "".join(" " if taken[i] and not kept[i] else ch for i, ch in enumerate(text))
    rest = " ".join(rest.split())
    if len(chips) == 1 and chips[0].kind not in ("district", "year", "commune") and not re.search(r"[^\W_]", rest):
        return None        # a field's or a type's name alone: its own words
    chips.sort(key=lambda c: KINDS.index(c.kind))
    return Reading(rest, chips, boosts)
