"""Which districts of Hòa Bình a document is about.

    find_districts(text, title=None, *, year=None, tables=None) -> list[str]
    district_of_address(text, *, year=None) -> str | None

Names are the canonical ones of shared/spec/fields.md. What counts:

* explicit district mentions: "huyện Kim Bôi", "H. Lạc Sơn", lists after
  one keyword ("các huyện: Kim Bôi, Lạc Thủy, …", "huyện Lạc Sơn và Yên
  Thủy"), and a bare district name written as a proper noun ("bưởi Tân Lạc");
* commune mentions: "xã Thung Nai" -> Cao Phong when the gazetteer knows one
  district for it (a commune of old Kỳ Sơn needs the year: Kỳ Sơn until
  2019, Thành phố Hòa Bình from 2020);
* the city only as "thành phố / TP / TP. Hòa Bình" or one of its wards —
  never "tỉnh Hòa Bình", "hồ Hòa Bình", "Thủy điện Hòa Bình", "Báo Hòa
  Bình", "hòa bình" (peace) or a bare "Hòa Bình";

and what does not: the recipients block of an administrative document
("Nơi nhận:", "Kính gửi:"), signature lines, teasers after "Các tin khác",
a mention qualified by another province ("huyện Kỳ Sơn, tỉnh Nghệ An"), and —
in a document about another province (its names dominate) — any district
mentioned only once and without "tỉnh Hòa Bình" beside it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ingest.vietnamese import gazetteer
from ingest.vietnamese.normalize import normalize

from ..vietnamese.headings import related_line_re
from ..vietnamese.normalize import fold, has_diacritics

__all__ = ["find_districts", "district_of_address", "strip_incidental", "Mention", "mentions"]

_DISTRICT_BARE = {  # folded bare name -> canonical district (the city is never bare)
    gazetteer.key(d): d for d in gazetteer.districts() if d != gazetteer.CITY
}

# typed prefixes, folded -> (level, type)
_PREFIX = {
    "huyen": ("district", "huyện"), "h.": ("district", "huyện"),
    "thanh pho": ("district", "thành phố"), "tp.": ("district", "thành phố"), "tp": ("district", "thành phố"),
    "t.p.": ("district", "thành phố"), "t.p": ("district", "thành phố"), "thi xa": ("district", "thị xã"),
    "thi tran": ("commune", "thị trấn"), "tt.": ("commune", "thị trấn"), "tt": ("commune", "thị trấn"),
    "phuong": ("commune", "phường"), "p.": ("commune", "phường"),
    "xa": ("commune", "xã"), "x.": ("commune", "xã"),
}
# the written form a folded prefix must have in a text with diacritics
_PREFIX_WRITTEN = {"huyen": "huyện", "thanh pho": "thành phố", "thi xa": "thị xã",
                   "thi tran": "thị trấn", "phuong": "phường", "xa": "xã"}
_PREFIX_RE = "|".join(re.escape(p) for p in sorted(_PREFIX, key=len, reverse=True))


@lru_cache(maxsize=1)
def _names_re() -> re.Pattern:
    names = sorted(gazetteer.name_index(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names if n)
    return re.compile(
        rf"(?<![\w.])(?P<pre>{_PREFIX_RE})(?:\s*,\s*(?:thanh pho|thi xa|tp\.?|thi tran|phuong))?\s*:?\s*(?P<name>{alt})(?!\w)"
    )


@lru_cache(maxsize=1)
def _cont_re() -> re.Pattern:
    names = sorted(gazetteer.name_index(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names if n)
    return re.compile(rf"\s*(?:,|;|\bva\b|&|/)\s*(?:(?P<pre>{_PREFIX_RE})\s*)?(?P<name>{alt})(?!\w)")


@lru_cache(maxsize=1)
def _names_2025_re() -> re.Pattern:
    names = {gazetteer.key(n.split(" ", 1)[1]) for u in gazetteer.units() for n in u.name_2025
             if n.startswith(("xã ", "phường "))}
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?P<pre>xa|phuong|x\.|p\.)\s+(?P<name>{alt})(?!\w)")


_BARE_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(_DISTRICT_BARE, key=len, reverse=True)) + r")(?!\w)")

# words after which a bare district name is something else
_NOT_BEFORE_BARE = {"xa", "phuong", "tran", "tinh", "quan", "thon", "xom", "ban", "song", "nui", "ho",
                    "duong", "pho", "to", "khu", "deo", "suoi", "cau", "x.", "p.", "tt", "tt."}


@lru_cache(maxsize=1)
def _province_re() -> tuple[re.Pattern, set[str]]:
    provs = [p for p in gazetteer.province_names()]
    keys = {gazetteer.key(p): p for p in provs}
    # extra written forms
    keys.update({"tp.hcm": "Hồ Chí Minh", "tp hcm": "Hồ Chí Minh", "tphcm": "Hồ Chí Minh",
                 "sai gon": "Hồ Chí Minh", "hue": "Thừa Thiên Huế", "vung tau": "Bà Rịa - Vũng Tàu"})
    alt = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    commune_keys = {k for k, us in gazetteer.name_index().items() if any(u.level == "commune" for u in us)}
    return re.compile(rf"(?<![\w.])(?:(?P<pre>tinh|thanh pho|tp\.?|thu do)\s+)?(?P<name>{alt})(?!\w)"), commune_keys


_OTHER_UNIT_RE = re.compile(r"(?<![\w.])(?P<pre>huyện|quận|thị xã|thành phố|TP\.?)\s+(?P<name>\w+(?:\s+\w+){0,2})")


_ALIGNED: dict[int, str] = {}   # code point -> its one-character fold (see _fold_aligned)


def _fold_aligned(text: str) -> str:
    """Lower-case, diacritic-free copy of `text` with the same length."""
    table = _ALIGNED
    for ch in [c for c in set(text) if ord(c) not in table]:
        f = fold(ch)
        if len(f) != 1:
            low = ch.lower()
            f = low if len(low) == 1 else "?"
        table[ord(ch)] = f
    return text.translate(table)


def _capitalized(orig: str) -> bool:
    """Every syllable of a name written with a capital ("Lạc Sơn", "LẠC SƠN")."""
    words = [w for w in re.split(r"[\s\-]+", orig) if w]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


# ---------------------------------------------------------------------------
# Parts of a document that are not about anything

# a heading over other stories (ingest/vietnamese/data/related_headings.tsv)
_CUT_MARKERS = related_line_re()
_RECIPIENTS_START = re.compile(r"^\s*(Nơi nhận|Kính gửi)\s*:", re.IGNORECASE)
_ANNEX_START = re.compile(r"^\s*(PHỤ LỤC|Phụ lục|DANH SÁCH|Danh sách|BẢNG|\(Kèm theo|Kèm theo)", re.UNICODE)
_SIGNATURE_LINE = re.compile(
    r"^\s*(?:(?:TM|KT|TL|TUQ|Q|TM\.?\s*BAN THƯỜNG VỤ)\.\s*.*|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|BÍ THƯ|"
    r"CHÁNH VĂN PHÒNG|TỔNG BIÊN TẬP)\s*|\(?(?:Đã ký|Ký|ký tên|đóng dấu)[^)]*\)?\s*|\[?\s*(?:đã ký|Signed)\s*\]?\s*)$"
)
_INLINE_RECIPIENTS = re.compile(r"Nơi nhận\s*:.*?(?:Lưu\s*:?\s*[^\n]*?(?:\.|$)|$)", re.IGNORECASE | re.DOTALL)


def strip_incidental(text: str) -> str:
    """`text` without teasers, recipients blocks and signature lines.

    Lines are kept in place (blanked) so positions keep their order."""
    text = normalize(text)
    m = _CUT_MARKERS.search(text)
    if m:
        text = text[: m.start()]
    lines = text.split("\n")
    out = []
    in_recipients = False
    for line in lines:
        if _RECIPIENTS_START.match(line):
            in_recipients = True
            # a one-line block "Nơi nhận: - …; - …; - Lưu: VT." ends on this line
            head = line.split(":", 1)[0]
            if head.lower().startswith("kính gửi") and re.search(r"\S", line.split(":", 1)[1]) and \
                    not line.rstrip().endswith((";", ":")):
                in_recipients = False
            out.append("")
            continue
        if in_recipients:
            if _ANNEX_START.match(line):
                in_recipients = False
            elif line.strip() == "" or re.match(r"^\s*[-–+•*]", line) or re.match(r"^\s*Lưu\b", line) \
                    or _SIGNATURE_LINE.match(line) or len(line) < 60:
                out.append("")
                continue
            else:
                in_recipients = False
        if _SIGNATURE_LINE.match(line):
            out.append("")
            continue
        out.append(line)
    text = "\n".join(out)
    text = _INLINE_RECIPIENTS.sub(lambda m: " " * len(m.group(0)) if "\n" not in m.group(0) else m.group(0), text)
    return text


# ---------------------------------------------------------------------------
# Mentions

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
            after_district = re.search(r"(?:" + _BARE_RE.pattern[len("(?<![\\w.])"):] + r"|hoa binh)\s*(?:,|va)\s*$", bf)
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


def find_districts(text: str, title: str | None = None, *, year: int | None = None,
                   tables: list[list[list[str]]] | None = None) -> list[str]:
    """Canonical districts the document is about, in order of first mention
    (title first, then text, then `tables`). `year` (the document's year)
    settles communes of old Kỳ Sơn; without it the most frequent year in
    the text is used. `tables` are annex tables (table -> rows -> cells)
    when the text does not contain them."""
    body = strip_incidental(text or "")
    if tables:
        rows = [" | ".join(normalize(c or "").replace("\n", " ") for c in row)
                for table in tables for row in (table or []) if any(c for c in row)]
        body += "\n\n" + "\n".join(rows)
    full = (normalize(title) + "\n\n" if title else "") + body
    if year is None:
        year = _infer_year(full)
    found, hb, foreign = mentions(full, year=year)
    # a commune name that other provinces also have says "Hòa Bình" only in a
    # document that says so elsewhere (a district, the city, the province, a unique commune)
    anchored = any(not (m.kind == "commune" and m.common) for m in found) or \
        re.search(r"Hòa Bình|HBĐT|Hoa Binh", full) is not None
    if not anchored:
        found = [m for m in found if not (m.kind == "commune" and m.common)]
    # passing mentions ("giao hàng cho khách ở TP Hòa Bình", "trú tại huyện Lương
    # Sơn", "sau khi sáp nhập huyện Kỳ Sơn", "giao lưu với CLB ở Tân Lạc, Kim
    # Bôi") in a document about one district (named three times or more, every
    # other district once): dropped, unless in the title, a table row or an
    # enumeration of three districts or more, or named as the former district
    # of the place ("xã Độc Lập (huyện Kỳ Sơn cũ)"). Reports that go through several
    # districts keep every one.
    title_end = len(normalize(title)) if title else -1
    counts_all = Counter(m.district for m in found)
    if len(counts_all) >= 2:
        top = max(counts_all.values())
        if top >= 3 and sorted(counts_all.values())[-2] == 1:
            def protected(m: Mention) -> bool:
                a = max(full.rfind("\n", 0, m.start), *(full.rfind(p, 0, m.start) for p in (". ", "; "))) + 1
                b = min([x for x in (full.find("\n", m.end), full.find(". ", m.end)) if x >= 0] or [len(full)])
                line_a = full.rfind("\n", 0, m.start) + 1
                line_b = full.find("\n", m.end) if "\n" in full[m.end:] else len(full)
                line = full[line_a:line_b]
                in_enum = len({x.district for x in found if a <= x.start < b}) >= 3
                former = re.match(r"\s*\(?\s*cũ\b", full[m.end:m.end + 8]) is not None  # "huyện Kỳ Sơn (cũ)"
                return (m.start < title_end or line.count("|") >= 2 or line.count("\t") >= 2
                        or in_enum or former)
            keep = {m.district for m in found if protected(m)}
            found = [m for m in found if counts_all[m.district] == top or m.district in keep]
    if foreign > hb:
        # a document about another province: keep only what it really says about Hòa Bình
        counts = Counter(m.district for m in found if m.kind != "bare")
        qualified = {m.district for m in found if m.hb_qualified}
        found = [m for m in found if m.district in qualified or
                 (counts[m.district] >= 2 and m.district != "Kỳ Sơn")]
    out: list[str] = []
    for m in found:
        if m.district not in out:
            out.append(m.district)
    return out


def district_of_address(text: str, *, year: int | None = None) -> str | None:
    """The district of a model's own address ("xã Thung Nai, huyện Cao Phong"
    -> "Cao Phong"; "Trường PTDTNT THPT tỉnh" -> None). An explicit district
    wins over a commune's; None when nothing in the text names one."""
    if not text:
        return None
    t = normalize(text)
    found, _, _ = mentions(t, year=year)
    if not found:
        return None
    explicit = [m for m in found if m.kind in ("district", "list", "city")]
    if explicit:
        return explicit[0].district
    communes = [m for m in found if m.kind == "commune"]
    if communes:
        return communes[0].district
    return found[0].district
