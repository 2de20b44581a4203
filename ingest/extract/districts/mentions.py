"""District mentions in a text: `mentions` and its `Mention` records.

A scan of an (already stripped) text for typed mentions and the lists that
follow them ("các huyện: Kim Bôi, Lạc Thủy"), bare district names written
as proper nouns, communes of the 2025 reform, and the signals of Hòa Bình and
of other provinces ("huyện Kỳ Sơn, tỉnh Nghệ An" is not Hòa Bình's Kỳ Sơn).
The year settles communes that changed district; `_infer_year` guesses it
from the text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.vietnamese import gazetteer
from ingest.vietnamese.normalize import has_diacritics

from .names import (
    _BARE_RE,
    _DISTRICT_BARE,
    _NOT_BEFORE_BARE,
    _OTHER_UNIT_RE,
    _PREFIX,
    _PREFIX_WRITTEN,
    _capitalized,
    _cont_re,
    _fold_aligned,
    _names_2025_re,
    _names_re,
    _province_re,
)


@dataclass
class Mention:
    start: int
    end: int
    district: str
    kind: str              # district | city | commune | list | bare
    text: str
    hb_qualified: bool = False
    common: bool = False   # a commune name that other provinces have too


_UNIT_AFTER_RE = re.compile(
    r"[ \t]*\n?[ \t]*(?:,|\(|-|–)[ \t]*\n?[ \t]*(?:(?P<pre>huyện|quận|Q\.|thị xã|TX\.?|thành phố|TP\.?|H\.)\s*)?")
_ORG_START = re.compile(r"^(?:Hội|Công|Ban|UBND|Ủy|Trường|HTX|Hợp|Chi|Đảng|Đoàn|Trung|Phòng|Sở|Bộ|Nhà|Tổ|Câu|"
                        r"Đội|Trạm|Bệnh|Xí|Cụm|Khu|Làng|Thôn|Xóm|Bản|Ấp|Tiểu|Tổng|Quỹ|Ngân)\b")


def _foreign_unit_after(orig: str, end: int) -> bool:
    """A mention followed by a unit that is not Hòa Bình's: "xã Văn Sơn, huyện Đô
    Lương", "P. Phú Thạnh, Q. Tân Phú", "(xã Tân Phong, Giá Rai)"."""
    m = _UNIT_AFTER_RE.match(orig, end)
    if not m:
        return False
    rest = orig[m.end():m.end() + 60]
    words = []
    for w in re.findall(r"[^\s,;:()]+|[,;:()]", rest):
        if not w[0].isupper() or len(words) == 4:
            break
        words.append(w)
    if not words:
        return False
    name = " ".join(words)
    pre = m.group("pre")
    if gazetteer.lookup(name):
        return False
    if pre:
        return gazetteer.canonical_district(f"{pre} {name}") is None
    # a bare name: only when it is the whole qualifier ("…, Giá Rai)") and no organisation
    after = rest[len(" ".join(words)) if rest.startswith(" ".join(words)) else 0:]
    ends = re.match(r"\s*(?:[),.;:]|$)", after) is not None
    if not ends or _ORG_START.match(name) or len(words) > 3 or name.isupper():
        return False
    return gazetteer.key(name) not in {gazetteer.key(p) for p in gazetteer.province_names()}


_YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def _infer_year(text: str) -> int | None:
    years = [int(y) for y in _YEAR_RE.findall(text)]
    if not years:
        return None
    c = Counter(years)
    best = max(c.values())
    return next(y for y in years if c[y] == best)   # ties: the year mentioned first


def _after_qualifier(orig: str, ft: str, end: int, year: int | None = None) -> str | None:
    """The province named right after a mention: ", tỉnh Nghệ An", " (Hòa Bình)";
    from 2025 "tỉnh Phú Thọ" is where Hòa Bình's communes are."""
    pr, _ = _province_re()
    m = re.match(r"[ \t]*\n?[ \t]*(?:,|\(|-|–)[ \t]*\n?[ \t]*", ft[end:end + 8])  # one line break: a PDF line wrap
    if not m:
        return None
    pos = end + m.end()
    mm = pr.match(ft, pos)
    if not mm:
        return None
    if not _capitalized(orig[mm.start("name"):mm.end("name")]):
        return None
    name = gazetteer.key(orig[mm.start("name"):mm.end("name")])
    if name == gazetteer.key(gazetteer.PROVINCE_2025) and year is not None and year >= gazetteer.REFORM_YEAR:
        return gazetteer.PROVINCE
    if name == gazetteer.key(gazetteer.PROVINCE):
        # "(Hòa Bình)" right after a district/commune: Hòa Bình province
        return gazetteer.PROVINCE
    for p in gazetteer.province_names():
        if gazetteer.key(p) == name:
            return p
    return "other"


def _unit_district(level: str, typ: str, name_key: str, orig_name: str, year: int | None,
                   qualifier_district: str | None) -> str | None:
    cands = gazetteer.lookup(orig_name)
    if level == "district":
        if typ in ("thành phố", "thị xã"):
            if name_key == gazetteer.key(gazetteer.PROVINCE):
                return gazetteer.CITY
            return None
        ds = [u.name for u in cands if u.level == "district" and u.type == "huyện"]
        return ds[0] if ds else None
    # commune: the type must be the unit's ("phường Trung Hòa" of Hà Nội is not
    # Tân Lạc's xã Trung Hòa); an item of a list ("các xã, thị trấn: A, B") has none
    communes = [u for u in cands if u.level == "commune"]
    typed = [u for u in communes if typ is None or u.type == typ]
    if not typed:
        return None
    if qualifier_district:
        q = [u for u in typed if u.district == qualifier_district]
        if q:
            return qualifier_district
    if year is not None:
        valid = [u for u in typed if u.valid_in(year)]
        typed = valid or typed
    ds = {u.district for u in typed}
    return ds.pop() if len(ds) == 1 else None


def mentions(text: str, *, year: int | None = None) -> tuple[list[Mention], int, int]:
    """All district mentions in `text` (already stripped), plus the counts of
    Hòa Bình and other-province signals."""
    orig = text
    ft = _fold_aligned(orig)
    plain = not has_diacritics(orig)
    if year is None:
        year = _infer_year(orig)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    foreign = 0
    hb = 0

    def prefix_ok(pre_f: str, start: int, end: int) -> bool:
        if plain:
            return True
        written = orig[start:end]
        if pre_f in _PREFIX_WRITTEN:
            return written.lower() == _PREFIX_WRITTEN[pre_f]
        if pre_f in ("h.", "p.", "x."):
            return written[0].isupper()
        return True

    def add_unit(pre_f: str | None, level: str, typ: str, ns: int, ne: int, start: int, kind: str):
        nonlocal foreign
        name_orig = orig[ns:ne]
        if not _capitalized(name_orig):
            return None
        name_key = gazetteer.key(name_orig)
        qual = _after_qualifier(orig, ft, ne, year)
        if qual not in (None, gazetteer.PROVINCE) or _foreign_unit_after(orig, ne):
            foreign += 1
            return None
        # a commune qualified by its district right after: "xã Thung Nai, huyện Cao Phong"
        qd = None
        if level == "commune":
            mm = _names_re().match(ft, ne + (re.match(r"\s*[,(\-–]?\s*", ft[ne:]).end()))
            if mm and _PREFIX.get(mm.group("pre"), ("", ""))[0] == "district":
                qd = _unit_district("district", _PREFIX[mm.group("pre")][1], mm.group("name"),
                                    orig[mm.start("name"):mm.end("name")], year, None)
        d = _unit_district(level, typ, name_key, name_orig, year, qd)
        if d is None:
            return None
        common = level == "commune" and all(
            u.elsewhere > 0 for u in gazetteer.lookup(name_orig) if u.level == "commune" and u.district == d)
        if level == "district" and typ in ("thành phố", "thị xã"):
            k = "city"
        elif level == "district":
            k = kind
        else:
            k = "commune"
        m = Mention(start, ne, d, k, orig[start:ne], hb_qualified=(qual == gazetteer.PROVINCE), common=common)
        found.append(m)
        taken.append((start, ne))
        return m

    # 1. typed mentions and the lists that follow them
    for m in _names_re().finditer(ft):
        pre_f = m.group("pre")
        if not prefix_ok(pre_f, m.start("pre"), m.end("pre")):
            continue
        level, typ = _PREFIX[pre_f]
        got = add_unit(pre_f, level, typ, m.start("name"), m.end("name"), m.start(), "district")
        if got is None and level == "district" and typ == "thành phố":
            continue
        # continuation: ", Lạc Thủy, Yên Thủy và Kỳ Sơn"; an item with its own
        # prefix ("xã A, huyện B, …") sets the level of the items after it
        pos = m.end()
        cur_level, cur_typ = level, typ
        while True:
            c = _cont_re().match(ft, pos)
            if not c:
                break
            if c.group("pre"):
                if not prefix_ok(c.group("pre"), c.start("pre"), c.end("pre")):
                    break
                lvl, tp = cur_level, cur_typ = _PREFIX[c.group("pre")]
            else:
                if c.group("name") == gazetteer.key(gazetteer.PROVINCE):
                    break                            # "…, huyện Yên Thủy, Hòa Bình": the province
                lvl, tp = cur_level, cur_typ
                if lvl == "district" and tp in ("thành phố", "thị xã"):
                    lvl, tp = "district", "huyện"   # "các huyện, thành phố: A, B"
                elif lvl == "commune":
                    tp = None                        # "các xã, thị trấn: A, B"
            r = add_unit(c.group("pre"), lvl, tp, c.start("name"), c.end("name"), c.start("name"), "list")
            if r is None and not c.group("pre"):
                break
            pos = c.end()

    def inside(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in taken)

    # 2. bare district names written as proper nouns
    for m in _BARE_RE.finditer(ft):
        s, e = m.start(), m.end()
        if inside(s, e):
            continue
        name_orig = orig[s:e]
        if not _capitalized(name_orig):
            continue
        before = orig[max(0, s - 30):s]
        bf = ft[max(0, s - 30):s]
        words = re.findall(r"[\w.]+", before)
        if words:
            prev = words[-1]
            prev_f = re.findall(r"[\w.]+", bf)[-1]
            if prev_f in _NOT_BEFORE_BARE or prev_f in _PREFIX:
                continue
            # part of a longer proper name ("Nguyễn Cao Phong"), unless sentence-initial,
            # an acronym or the end of another district name ("ở Tân Lạc, Kim Bôi")
            sentence_start = re.search(r"(^|[.!?:;\n\"“(])\s*[\w.]+\s*$", before) is not None
            after_district = re.search(
                r"(?:" + _BARE_RE.pattern[len("(?<![\\w.])"):] + r"|hoa binh)\s*(?:,|va)\s*$", bf)
            if prev[0].isupper() and not prev.isupper() and not sentence_start and not after_district:
                continue
        qual = _after_qualifier(orig, ft, e, year)
        if qual not in (None, gazetteer.PROVINCE):
            foreign += 1
            continue
        found.append(Mention(s, e, _DISTRICT_BARE[m.group(1)], "bare", name_orig,
                             hb_qualified=(qual == gazetteer.PROVINCE)))

    # 2b. communes and wards of tỉnh Phú Thọ created on 2025-07-01 ("xã Mường Thàng")
    if year is None or year >= gazetteer.REFORM_YEAR:
        for m in _names_2025_re().finditer(ft):
            s_, e_ = m.start("name"), m.end("name")
            if inside(s_, e_) or not _capitalized(orig[s_:e_]):
                continue
            if not prefix_ok(m.group("pre"), m.start("pre"), m.end("pre")):
                continue
            ds = gazetteer.districts_of_2025_unit(orig[s_:e_])
            if len(ds) == 1:
                found.append(Mention(m.start(), e_, ds[0], "commune", orig[m.start():e_]))
                taken.append((m.start(), e_))

    # 3. province signals
    pr, commune_keys = _province_re()
    hb_key = gazetteer.key(gazetteer.PROVINCE)
    for m in pr.finditer(ft):
        name_orig = orig[m.start("name"):m.end("name")]
        if not _capitalized(name_orig.replace(".", " ").strip()) and not name_orig.isupper():
            continue
        nk = gazetteer.key(name_orig)
        if nk == hb_key:
            if not inside(m.start("name"), m.end("name")):
                hb += 1
            continue
        if inside(m.start("name"), m.end("name")):
            continue
        pre = m.group("pre")
        before = ft[max(0, m.start() - 12):m.start()]
        if re.search(r"(xa|phuong|thi tran|huyen|thon|xom|to|khu|duong|pho|ho|song)\s*$", before):
            continue
        if not pre and nk in commune_keys:
            continue   # "Thái Bình" is also a ward of the city
        if nk == gazetteer.key(gazetteer.PROVINCE_2025) and year is not None and year >= gazetteer.REFORM_YEAR:
            continue
        foreign += 1
    index = gazetteer.name_index()
    for m in _OTHER_UNIT_RE.finditer(orig):
        if inside(m.start("name"), m.end("name")):
            continue
        words = []
        for w in m.group("name").split():
            if not w[0].isupper():
                break
            words.append(w)
        if not words:
            continue
        wk = gazetteer.key(" ".join(words)).split()
        if any(" ".join(wk[:i]) in index for i in range(1, len(wk) + 1)):
            continue
        foreign += 1
    # one mention per span (a list item can also be a typed mention)
    uniq: dict[int, Mention] = {}
    for x in found:
        if x.end not in uniq or (uniq[x.end].kind == "list" and x.kind != "list"):
            uniq[x.end] = x
    found = list(uniq.values())
    hb += len(found)
    hb += len(re.findall(r"\bHBĐT\b|Báo Hòa Bình", orig))
    found.sort(key=lambda x: x.start)
    return found, hb, foreign
