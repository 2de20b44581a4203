"""Who a short reference means: the full names a document gave before.

An article names a model in full once ("chị Bùi Thị Nhung, xóm Mới, xã
Ân Nghĩa", "HTX Nông nghiệp Cam sạch Bắc Phong") and praises it later by a
short form: "Chị Nhung được tặng Bằng khen", "Ngọc Ánh … được tuyên
dương", "HTX được công nhận là ĐHTT", "Mô hình được đánh giá là cách làm
hay". :class:`Mentions` remembers the full names of persons, units and
named models sentence by sentence, and resolves a short form to the
latest full name it fits.
"""
from __future__ import annotations

import re

from ingest.vietnamese.normalize import fold

from .names import _PERSON_TITLES, _UP, ORG_WORD_LIST, SURNAMES, _cap

_NAME = rf"[{_UP}][\w]*"
# a titled person ("chị Bùi Thị Nhung") or a full name after a role word
# ("điều dưỡng Lê Thị Hoa", "Bí thư Đoàn xã Hạ Bì Bùi Văn Tài")
_TITLED_RE = re.compile(rf"(?<![\w])(?i:{_PERSON_TITLES})\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,3}})")
_CAPS_RUN_RE = re.compile(rf"{_NAME}(?:\s+{_NAME}){{2,7}}")
# a unit, up to the end of its capitalized name: "HTX Nông nghiệp Cam sạch Bắc Phong"
_UNIT_RE = re.compile(rf"(?<![\w])(?P<head>(?i:{ORG_WORD_LIST}))\s+(?P<rest>[^,.;:()\"“”]+)")
# the short forms, as the subject of a clause
SHORT_PERSON_RE = re.compile(rf"^(?:(?i:{_PERSON_TITLES})\s+)?(?P<name>{_NAME}(?:\s+{_NAME})?)$")
UNIT_HEADS = {"htx": "hop tac xa", "hop tac xa": "hop tac xa", "to hop tac": "to hop tac", "tht": "to hop tac",
              "cong ty": "cong ty", "doanh nghiep": "doanh nghiep", "clb": "cau lac bo", "cau lac bo": "cau lac bo",
              "chi hoi": "chi hoi", "truong": "truong", "nha truong": "truong", "tram": "tram", "doi": "doi",
              "chi bo": "chi bo", "to": "to", "hoi": "hoi", "khoa": "khoa", "mo hinh": "mo hinh",
              "sang kien": "sang kien", "cong trinh": "cong trinh", "benh vien": "benh vien"}
# a short head also stands for the units it is short for: "Tổ được …" for a
# tổ hợp tác, "doanh nghiệp" for a công ty or a HTX named before
_SHORT_FOR = {"to": ("to", "to hop tac"), "doanh nghiep": ("doanh nghiep", "cong ty", "hop tac xa"),
              "hoi": ("hoi", "chi hoi")}
_SHORT_UNIT_RE = re.compile(
    r"^(?:(?:tập thể|đơn vị)\s+)?(?P<head>HTX|hợp tác xã|tổ hợp tác|THT|công ty|doanh nghiệp|CLB|câu lạc bộ|chi hội|"
    r"trường|nhà trường|trạm|đội|chi bộ|tổ|hội|khoa|mô hình|sáng kiến|công trình|bệnh viện)(?:\s+(?:này|trên|đó))?$",
    re.IGNORECASE)
_NOT_NAMES = {"năm", "tháng", "ngày", "sáng", "chiều", "tối", "trong", "theo", "với", "từ", "đến", "sau", "trước",
              "hiện", "nay", "đây", "đó", "cùng", "tại", "ở", "khi", "nhờ", "qua", "về", "còn", "riêng"}
PRONOUN_REACH = 3          # a bare "ông", "chị" stands for someone named in the last sentences
_NAMED_AFTER_RE = re.compile(r"(?:giải thưởng|giải|quỹ|học bổng|trường|đường|phố|huân chương|nhà văn hóa|"
                             r"bệnh viện|cầu|tượng đài|khu lưu niệm)\s*$", re.IGNORECASE)
_PRONOUN_RE = re.compile(r"^(?:ông|bà|anh|chị|cô|thầy|cô giáo|thầy giáo)$", re.IGNORECASE)
_OFFICE_AFTER_RE = re.compile(r"^\s*(?:[-–,(]\s*)(?:nguyên\s+)?(?:phó\s+)?(?:chủ tịch|bí thư|giám đốc sở|trưởng phòng|"
                              r"trưởng ban|phó trưởng|chánh|bộ trưởng|thứ trưởng|cục trưởng|vụ trưởng|đại biểu)\b",
                              re.IGNORECASE)
_MODEL_NAME_RE = re.compile(r"(?<![\w])(?P<head>mô hình|sáng kiến|công trình)\s+[\"“](?P<name>[^\"”]{3,120})[\"”]",
                            re.IGNORECASE)


_MODEL_OWNER_RE = re.compile(
    rf"(?<![\w])(?P<what>(?P<head>(?i:mô hình|sáng kiến))\s+[^,.;:\"“”]{{3,80}}?)\s+của\s+"
    rf"(?P<owner_head>(?i:{ORG_WORD_LIST}))\s+(?P<owner>[^,.;:()\"“”]+)")


def full_names(sentence: str) -> list[str]:
    """Full personal names in a sentence, titled or led by a surname."""
    out = [m.group("name") for m in _TITLED_RE.finditer(sentence)]
    for m in _CAPS_RUN_RE.finditer(sentence):
        words = m.group(0).split()
        for i in range(len(words) - 2):
            tail = words[i:]
            if tail[0] in SURNAMES and 3 <= len(tail) <= 4:
                out.append(" ".join(tail))
                break
    return out


_NAME_STOPS = {"ở", "tại", "thuộc", "có", "là", "được", "đã", "đang", "sẽ", "với", "và", "cho", "trên", "đạt", "vừa",
               "nay", "luôn", "tiếp", "tổ chức", "thực hiện", "tham gia", "triển khai", "khi", "nên"}
# units whose name may go on in lower case: "Tổ hợp tác sản xuất mía tím xóm Trang", "Đội xung kích …"
_LOWER_NAMED = {"to", "to hop tac", "doi", "nhom", "chi hoi", "hoi", "cau lac bo", "ban", "ban cong tac", "khoa",
                "bo phan", "trung doi", "tieu doi", "luc luong", "cong doan"}


def _unit_name(head: str, rest: str) -> str | None:
    """"HTX" + "Nông nghiệp Cam sạch Bắc Phong có 30 xã viên": the name ends at
    its last capitalized word before a run of lower-case words."""
    words = rest.split()
    if words and not (_cap(words[0]) or words[0].isupper()) and fold(head).lower() not in _LOWER_NAMED:
        return None       # "Trường tiếp tục …": a school's name starts with a capital
    last, run = -1, 0
    for i, w in enumerate(words[:14]):
        if w.lower() in _NAME_STOPS:
            break
        if (_cap(w) or w.isupper()) and not w[0].isdigit():
            last, run = i, 0
        else:
            run += 1
            if run > 5:       # "Tổ hợp tác sản xuất mía tím xóm Trang"
                break
    return f"{head} {' '.join(words[:last + 1])}" if last >= 0 else None


class Mentions:
    """Full names seen so far in a document, latest last."""

    def __init__(self):
        self.persons: list[str] = []
        self.units: list[tuple[str, str]] = []       # (head, full name)
        self.where: dict[str, str] = {}              # full name -> the sentence that gave it
        self.said: dict[str, int] = {}               # full name -> the last sentence naming it
        self.sentences = 0
        self.officials: set[str] = set()

    def is_pronoun(self, subject: str) -> bool:
        return bool(_PRONOUN_RE.match(subject.strip()))

    def add(self, sentence: str) -> None:
        self.sentences += 1
        for name in full_names(sentence):
            at = sentence.find(name)
            if _OFFICE_AFTER_RE.match(sentence[at + len(name):]):
                self.officials.add(name)   # "ông X, Chủ tịch UBND xã": who speaks or awards is nobody's "ông"
            if _NAMED_AFTER_RE.search(sentence[max(0, at - 25):at]):
                continue      # "Giải thưởng Tạ Quang Bửu", "đường Nguyễn Văn Cừ": a person's name on a thing
            self.said[name] = self.sentences
            if name in self.persons:
                self.persons.remove(name)
            self.persons.append(name)
            self.where.setdefault(name, sentence)
        for m in _UNIT_RE.finditer(sentence):
            head = UNIT_HEADS.get(fold(m.group("head")).lower())
            name = _unit_name(m.group("head"), m.group("rest"))
            if head and name:
                self.units.append((head, name))
                self.where.setdefault(name, sentence)
        for m in _MODEL_NAME_RE.finditer(sentence):
            self.units.append((UNIT_HEADS[fold(m.group("head")).lower()], m.group(0)))
        for m in _MODEL_OWNER_RE.finditer(sentence):     # "mô hình trồng cam … của xã Thu Phong"
            owner = _unit_name(m.group("owner_head"), m.group("owner"))
            if owner:
                self.units.append((UNIT_HEADS[fold(m.group("head")).lower()], f"{m.group('what')} của {owner}"))

    def resolve(self, subject: str) -> str | None:
        """The full name a short subject ("Chị Nhung", "Ngọc Ánh", "HTX",
        "công ty", "Mô hình") stands for, else None."""
        s = subject.strip()
        u = _SHORT_UNIT_RE.match(s)
        if u:
            head = UNIT_HEADS.get(fold(u.group("head")).lower())
            heads = _SHORT_FOR.get(head, (head,))
            for h, full in reversed(self.units):
                if h in heads:
                    return full
            return None
        pronoun = _PRONOUN_RE.match(s)
        if pronoun:           # "Ông được Sở Y tế biểu dương": the latest person of that sex
            female = fold(pronoun.group(0)).lower() in ("ba", "chi", "co", "co giao")
            for full in reversed(self.persons):
                if self.sentences - self.said.get(full, -99) > PRONOUN_REACH:
                    break     # named too long ago for a bare "ông"
                if full not in self.officials and (" thi " in f" {fold(full).lower()} ") == female:
                    return full
            # a profile of one person: "ông" is its hero however far back he was named
            same = [f for f in self.persons if f not in self.officials
                    and (" thi " in f" {fold(f).lower()} ") == female]
            return same[0] if len(same) == 1 else None
        p = SHORT_PERSON_RE.match(s)
        if p and _cap(p.group("name")) and p.group("name").split()[0].lower() not in _NOT_NAMES:
            short = p.group("name").lower().split()       # with its marks: "Năm" is not "Nam"
            for full in reversed(self.persons):
                words = full.lower().split()
                if len(words) > len(short) and words[-len(short):] == short:
                    return full
        return None


__all__ = ["Mentions", "SHORT_PERSON_RE", "UNIT_HEADS", "full_names"]
