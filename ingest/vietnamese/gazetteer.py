"""Districts and communes of Hòa Bình province, with their history.

The data is ``data/gazetteer_hoabinh.tsv``, generated from dated GSO lists by
``data/build_gazetteer.py`` (sources in its header). Every name a caller
passes goes through :func:`~.normalize.normalize` and :func:`~.normalize.fold`,
so "Lạc Thuỷ", "Lac Thuy", "H. Lạc Sơn", "huyện Kỳ Sơn (cũ)", "TP Hòa Bình",
"TP. Hòa Bình" and "thành phố Hòa Bình" all resolve.

Public API::

    districts(year=None) -> list[str]              # canonical names (fields.md)
    canonical_district(name) -> str | None         # "H. Lạc Sơn" -> "Lạc Sơn"
    resolve(name, year=None) -> list[Unit]         # every unit a written name can be
    lookup(bare_name) -> list[Unit]                # by bare name, exact spelling first
    district_of_commune(name, year=None) -> str | None
    current_name(name_or_unit, year=None) -> CurrentName   # a str with structure
    districts_of_2025_unit(name) -> list[str]      # "xã Mường Thàng" -> ["Cao Phong"]
    province_names() -> list[str]                  # the 63 provinces (GSO 2023)

The district of a commune of old Kỳ Sơn depends on the year (Kỳ Sơn until
2019, Thành phố Hòa Bình from 2020): without a year,
:func:`district_of_commune` answers only when every period agrees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .normalize import fold, has_diacritics, normalize

_DATA = Path(__file__).with_name("data") / "gazetteer_hoabinh.tsv"

CITY = "Thành phố Hòa Bình"
PROVINCE = "Hòa Bình"
PROVINCE_2025 = "Phú Thọ"
REFORM_YEAR = 2025

# District names in the order of shared/spec/fields.md.
_SPEC_ORDER = ["Thành phố Hòa Bình", "Đà Bắc", "Mai Châu", "Tân Lạc", "Lạc Sơn", "Kim Bôi",
               "Lạc Thủy", "Yên Thủy", "Cao Phong", "Lương Sơn", "Kỳ Sơn"]


@dataclass(frozen=True)
class Unit:
    """One administrative unit in one form (name, type, district) over a period."""

    level: str                  # province | district | commune
    type: str                   # tỉnh | thành phố | huyện | xã | phường | thị trấn
    name: str                   # bare name: "Thung Nai"; for the city "Thành phố Hòa Bình"
    district: str | None        # canonical district name (communes: in that period)
    from_year: int | None       # None: already in the 2017 list
    until: int | None           # last year in this form (2025: until the reform)
    became: tuple[str, ...]     # "Xã Thịnh Minh (Thành phố Hòa Bình)", ...
    name_2025: tuple[str, ...]  # units of tỉnh Phú Thọ from 2025-07-01
    codes: tuple[str, ...]
    aliases: tuple[str, ...]
    note: str
    elsewhere: int = 0          # same-named communes in other provinces (GSO 2025-07-18)

    @property
    def full_name(self) -> str:
        """"xã Thung Nai", "huyện Cao Phong", "Thành phố Hòa Bình", "tỉnh Sơn La"."""
        if self.level == "district" and self.type == "thành phố":
            return self.name
        return f"{self.type} {self.name}"

    @property
    def bare_name(self) -> str:
        if self.level == "district" and self.name == CITY:
            return PROVINCE
        return self.name

    def valid_in(self, year: int) -> bool:
        lo = self.from_year if self.from_year is not None else 0
        hi = self.until if self.until is not None else 9999
        return lo <= year <= hi

    def __str__(self) -> str:
        if self.level == "commune":
            return f"{self.full_name} ({self.district})"
        return self.full_name


def _int(s: str) -> int | None:
    return int(s) if s.strip() else None


def _split(s: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in s.split(";") if x.strip())


@lru_cache(maxsize=1)
def units() -> tuple[Unit, ...]:
    """Every unit of the gazetteer (provinces, districts, communes)."""
    out = []
    header = None
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        out.append(Unit(
            level=row["level"], type=row["type"], name=normalize(row["name"]),
            district=row["district"] or None, from_year=_int(row["from"]),
            until=_int(row["until"]), became=_split(row["became"]),
            name_2025=_split(row["name_2025"]), codes=tuple(c for c in row["gso_code"].split(",") if c),
            aliases=tuple(normalize(a.strip()) for a in row["aliases"].split(",") if a.strip()),
            note=row["note"], elsewhere=int(row.get("elsewhere") or 0),
        ))
    return tuple(out)


def key(name: str) -> str:
    """Matching key of a bare name: normalized, folded, one space ("Lạc Thuỷ" -> "lac thuy")."""
    return re.sub(r"[\s\-–]+", " ", fold(normalize(name))).strip()


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Unit]]:
    idx: dict[str, list[Unit]] = {}
    for u in units():
        for n in (u.bare_name, *u.aliases):
            lst = idx.setdefault(key(n), [])
            if u not in lst:
                lst.append(u)
    return idx


def lookup(bare: str) -> list[Unit]:
    """Units whose bare name (or another spelling) is `bare`: the exact
    spelling when the name has diacritics ("Mỵ Hòa" is Kim Bôi's Mi Hòa, not
    Tân Lạc's Mỹ Hòa; "Phú Thạnh" is nothing), folded only for a name typed
    without diacritics ("My Hoa": both)."""
    cands = _index().get(key(bare), [])
    if has_diacritics(bare):
        # written with diacritics: they must be these ("Phú Thạnh" is not "Phú Thành")
        low = normalize(bare).lower()
        return [u for u in cands if any(normalize(n).lower() == low for n in (u.bare_name, *u.aliases))]
    return list(cands)


def name_index() -> dict[str, list[Unit]]:
    """Folded bare name -> units (for scanning text; see ingest.extract.districts)."""
    return _index()


def districts(year: int | None = None) -> list[str]:
    """Canonical district names (shared/spec/fields.md), optionally those existing in `year`."""
    ds = {u.name: u for u in units() if u.level == "district"}
    return [d for d in _SPEC_ORDER if d in ds and (year is None or ds[d].valid_in(year))]


def province_names() -> list[str]:
    """Bare names of the 63 provinces of the GSO 2023 list ("Hòa Bình" included)."""
    return [u.name for u in units() if u.level == "province"]


# ---------------------------------------------------------------------------
# Parsing a written name: "H. Lạc Sơn", "huyện Kỳ Sơn (cũ)", "TP. Hòa Bình",
# "xã Thung Nai, huyện Cao Phong, tỉnh Hòa Bình".

_PREFIXES = [  # folded prefix -> level/type it asks for
    ("thanh pho", ("district", "thành phố")), ("tp.", ("district", "thành phố")),
    ("tp", ("district", "thành phố")), ("t.p.", ("district", "thành phố")), ("t.p", ("district", "thành phố")),
    ("huyen", ("district", "huyện")), ("h.", ("district", "huyện")),
    ("thi tran", ("commune", "thị trấn")), ("tt.", ("commune", "thị trấn")), ("tt", ("commune", "thị trấn")),
    ("phuong", ("commune", "phường")), ("p.", ("commune", "phường")),
    ("xa", ("commune", "xã")), ("x.", ("commune", "xã")),
    ("tinh", ("province", "tỉnh")),
]
_OLD_RE = re.compile(r"\s*[\(\[]?\s*(?:cũ|cu)\s*[\)\]]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Parsed:
    bare: str
    level: str | None
    type: str | None
    old: bool


def _parse_one(part: str) -> _Parsed:
    part = normalize(part).strip(" ,;.:")
    old = bool(_OLD_RE.search(part)) and len(part.split()) > 1
    if old:
        part = _OLD_RE.sub("", part)
    f = fold(part)
    for pre, (level, typ) in _PREFIXES:
        if f.startswith(pre) and (pre.endswith(".") or len(f) == len(pre) or not f[len(pre)].isalnum()):
            rest = part[len(pre):].strip(" .")
            if rest:
                return _Parsed(rest, level, typ, old)
    return _Parsed(part, None, None, old)


def _candidates(p: _Parsed) -> list[Unit]:
    cands = lookup(p.bare)
    if p.level == "district" and p.type == "thành phố":
        # "TP Hòa Bình": the city, never the province or xã Hòa Bình
        return [u for u in cands if u.level == "district" and u.type == "thành phố"]
    if p.level:
        cands = [u for u in cands if u.level == p.level]
    if p.type and p.level == "commune":
        typed = [u for u in cands if u.type == p.type]
        cands = typed or cands  # "xã Mường Khến" written for "thị trấn": still that unit
    return cands


def resolve(name: str, year: int | None = None) -> list[Unit]:
    """Every unit `name` can denote (most specific first).

    `name` may carry a type ("xã", "H.", "TP.") and qualifiers after commas
    ("xã Thung Nai, huyện Cao Phong"); "(cũ)" asks for a former unit. A
    bare district name ("Lạc Sơn") is the district, not a same-named
    commune; a bare "Hòa Bình" is the province. With `year`, only units
    existing in that year (when there are any).
    """
    parts = [x for x in re.split(r"\s*[,;]\s*|\s+-\s+", normalize(name)) if x.strip()]
    if not parts:
        return []
    head = _parse_one(parts[0])
    cands = _candidates(head)
    if not cands:
        return []
    if head.level is None:
        # bare name: prefer the larger unit ("Lạc Sơn" the district, "Hòa Bình" the province)
        for lvl in ("province", "district", "commune"):
            top = [u for u in cands if u.level == lvl]
            if top:
                cands = top
                break
    # qualifiers: ", huyện Cao Phong", ", TP Hòa Bình", ", Hòa Bình"
    for q in parts[1:]:
        qp = _parse_one(q)
        qd = [u.name for u in _candidates(qp) if u.level == "district"]
        if qp.level in (None, "district") and qd:
            narrowed = [u for u in cands if u.district in qd or u.name in qd]
            if narrowed:
                cands = narrowed
    if head.old:
        former = [u for u in cands if u.until is not None and u.until < REFORM_YEAR]
        cands = former or cands
    if year is not None:
        valid = [u for u in cands if u.valid_in(year)]
        cands = valid or cands
    return cands


def canonical_district(name: str) -> str | None:
    """The canonical district a written district name means, else None.

    >>> canonical_district("H. Lạc Sơn"), canonical_district("Lac Thuy")
    ('Lạc Sơn', 'Lạc Thủy')
    >>> canonical_district("TP. Hòa Bình"), canonical_district("tỉnh Hòa Bình")
    ('Thành phố Hòa Bình', None)
    """
    p = _parse_one(re.split(r"\s*[,;]\s*", normalize(name))[0])
    if p.level not in (None, "district"):
        return None
    ds = {u.name for u in _candidates(p) if u.level == "district"}
    if p.level is None and key(p.bare) == key(PROVINCE):
        return None  # bare "Hòa Bình" is the province (or peace), never the city
    return ds.pop() if len(ds) == 1 else None


def district_of_commune(name: str, year: int | None = None) -> str | None:
    """The district of a commune/ward/town, only when unambiguous.

    "Thung Nai" / "xã Thung Nai" -> "Cao Phong"; "xã Cao Sơn" -> None (Đà Bắc
    and Lương Sơn both have one) unless qualified ("xã Cao Sơn, huyện Đà
    Bắc"); "xã Mông Hóa" -> None without a year (Kỳ Sơn until 2019, Thành
    phố Hòa Bình from 2020), "Kỳ Sơn" for 2018.
    """
    p = _parse_one(re.split(r"\s*[,;]\s*", normalize(name))[0])
    if p.level not in (None, "commune"):
        return None
    cands = [u for u in resolve(name, year) if u.level == "commune"]
    if p.level is None:
        cands = [u for u in _candidates(_Parsed(p.bare, "commune", None, p.old)) if u in cands] or \
                [u for u in _candidates(_Parsed(p.bare, "commune", None, p.old))
                 if year is None or u.valid_in(year)]
    ds = {u.district for u in cands}
    return ds.pop() if len(ds) == 1 else None


@lru_cache(maxsize=1)
def _units_2025() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for u in units():
        if u.level == "commune" and u.until == REFORM_YEAR:
            for n in u.name_2025:
                bare = n.split(" ", 1)[1] if n.startswith(("xã ", "phường ")) else n
                out.setdefault(key(bare), set()).add(u.district)
    return out


def districts_of_2025_unit(name: str) -> list[str]:
    """Former districts covered by a commune/ward of tỉnh Phú Thọ created on
    2025-07-01 ("xã Mường Thàng" -> ["Cao Phong"]); [] when not one of
    Hòa Bình's successors."""
    p = _parse_one(re.split(r"\s*[,;]\s*", normalize(name))[0])
    return sorted(_units_2025().get(key(p.bare), set()), key=_SPEC_ORDER.index)


# ---------------------------------------------------------------------------
# "What is it called now?"

@dataclass(frozen=True)
class Step:
    year: int        # first year of the new state
    name: str        # "Thành phố Hòa Bình", "xã Thịnh Minh (Thành phố Hòa Bình)"
    kind: str        # merged | renamed | moved | reform


class CurrentName(str):
    """The answer of :func:`current_name`: a readable string with structure.

    ``str(x)`` e.g. "Thành phố Hòa Bình (2020), nay thuộc tỉnh Phú Thọ (2025)";
    ``x.unit`` the unit asked about; ``x.steps`` the changes in order;
    ``x.province`` the province it belongs to now; ``x.units_2025`` the
    units of that province covering it since 2025-07-01; ``x.known`` False
    when a successor is missing from the sources.
    """

    unit: Unit
    steps: tuple[Step, ...]
    province: str
    units_2025: tuple[str, ...]
    known: bool

    def __new__(cls, text, unit, steps, province, units_2025, known):
        obj = super().__new__(cls, text)
        obj.unit, obj.steps, obj.province = unit, tuple(steps), province
        obj.units_2025, obj.known = tuple(units_2025), known
        return obj

    def as_dict(self) -> dict:
        return {"unit": str(self.unit), "steps": [s.__dict__ for s in self.steps],
                "province": self.province, "units_2025": list(self.units_2025),
                "known": self.known, "text": str(self)}


_BECAME_RE = re.compile(r"^(Xã|Phường|Thị trấn)\s+(.+?)\s+\((.+)\)$")


def _unit_from_became(text: str) -> Unit | None:
    m = _BECAME_RE.match(text)
    if not m:
        return None
    typ, name, district = m.group(1).lower(), normalize(m.group(2)), m.group(3)
    for u in _index().get(key(name), []):
        if u.level == "commune" and u.type == typ and u.district == district and u.until == REFORM_YEAR:
            return u
    for u in _index().get(key(name), []):
        if u.level == "commune" and u.type == typ and u.district == district:
            return u
    return None


def _predecessors(u: Unit) -> list[Unit]:
    label = f"{u.type.capitalize()} {u.name} ({u.district})"
    return [x for x in units() if label in x.became]


def current_name(unit: str | Unit, year: int | None = None) -> CurrentName:
    """What a unit is called now, with the steps that led there.

    >>> str(current_name("Kỳ Sơn"))
    'Thành phố Hòa Bình (2020), nay thuộc tỉnh Phú Thọ (2025)'

    Raises KeyError for a name that is not a unit of Hòa Bình.
    """
    if isinstance(unit, str):
        cands = [u for u in resolve(unit, year) if u.level in ("district", "commune")]
        if not cands:
            raise KeyError(f"not a district or commune of Hòa Bình: {unit!r}")
        # the earliest form first: history runs forward from it
        cands.sort(key=lambda u: ({"district": 0, "commune": 1}[u.level], u.until or 9999))
        u = cands[0]
    else:
        u = unit
    steps: list[Step] = []
    known = True
    cur = u
    while cur.until is not None and cur.until < REFORM_YEAR:
        if not cur.became:
            known = False
            break
        if cur.level == "district":
            steps.append(Step(cur.until + 1, cur.became[0], "merged"))
            cur = next(x for x in units() if x.level == "district" and x.name == cur.became[0])
            continue
        nxt = [_unit_from_became(b) for b in cur.became]
        nxt = [n for n in nxt if n]
        if not nxt:
            known = False
            break
        if len(nxt) == 1 and key(nxt[0].name) == key(cur.name):
            kind = "moved"          # same commune, another district (Kỳ Sơn -> the city)
        elif len(nxt) == 1 and len(_predecessors(nxt[0])) == 1:
            kind = "renamed"
        else:
            kind = "merged"
        steps.append(Step(cur.until + 1, "; ".join(f"{n.full_name} ({n.district})" for n in nxt), kind))
        cur = nxt[0]
    units_2025 = u.name_2025 if u.name_2025 else cur.name_2025
    parts = []
    for s in steps:
        name = s.name
        parts.append(f"{name} ({s.year})")
    if not known:
        parts.append(f"{u.full_name} ({u.district}): sáp nhập năm {u.until + 1}, "
                     "đơn vị kế thừa không có trong danh sách GSO")
    if u.level == "district":
        tail = f"nay thuộc tỉnh {PROVINCE_2025} ({REFORM_YEAR})"
    elif units_2025:
        if len(units_2025) == 1:
            tail = f"nay là {units_2025[0]}, tỉnh {PROVINCE_2025} ({REFORM_YEAR})"
        else:
            tail = f"nay thuộc {', '.join(units_2025)}, tỉnh {PROVINCE_2025} ({REFORM_YEAR})"
    else:
        tail = f"nay thuộc tỉnh {PROVINCE_2025} ({REFORM_YEAR})"
    text = ", ".join(parts + [tail])
    return CurrentName(text, u, steps, PROVINCE_2025, units_2025, known)
