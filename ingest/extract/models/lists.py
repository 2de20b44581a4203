"""Lists of models after a colon: "các mô hình: A; B và C".

Whether a sentence introduces a list of models ("5 điển hình tiêu biểu,
gồm: …", but not "… về các lĩnh vực: …"), and with which kind, how the
list splits into items, and the model name in an item (its address goes).
"""
from __future__ import annotations

import re

from ingest.vietnamese.normalize import fold

from .names import _ADDRESS_START, _ORG_WORDS, _UP, _cap, _capitalize, _looks_person

_LIST_TRIGGER = re.compile(
    r"(?<![\w])(?P<t>mô hình|điển hình tiên tiến|(?:các|những|\d+)\s+điển hình|ĐHTT|gương|tấm gương|tập thể|cá nhân)"
    r"(?![\w])",
    re.IGNORECASE)
# before the trigger: a plural or a number ("các mô hình", "12 tập thể"); or after it "gồm"/"sau"
_LIST_PLURAL = re.compile(r"(?:các|những|\d+|một số|nhiều|mỗi)\s+(?:[\w]+\s+){0,2}$", re.IGNORECASE)
_LIST_AFTER = re.compile(r"\b(?:gồm|bao gồm|sau|như sau|cụ thể)\b", re.IGNORECASE)
_AWARD = re.compile(r"khen thưởng|tặng|công nhận|biểu dương|tuyên dương|vinh danh|bằng khen|giấy khen|danh hiệu|"
                    r"suy tôn|xét chọn|lựa chọn|giới thiệu|nhân rộng|học tập", re.IGNORECASE)
# "theo mô hình …", "dưới mô hình …": a way of doing something, not a model someone is praised for
MANNER_BEFORE = re.compile(r"(?<![\w])(?:theo|dưới|kiểu|dạng|loại hình)\s+$", re.IGNORECASE)
_LIST_BLOCKERS = re.compile(
    r"lĩnh vực|giải pháp|nội dung|yêu cầu|nhiệm vụ|mục đích|mục tiêu|tiêu chí|tiêu chuẩn|điều kiện|hình thức|"
    r"phương châm|\btại các\b|\bcác huyện\b|\bcác xã\b|đề ra", re.IGNORECASE)


def _list_intro(s: str) -> tuple[int, str] | None:
    """(position of the colon, kind) when `s` introduces a list of models."""
    for c in re.finditer(r":", s):
        head = s[:c.start()]
        trig = list(_LIST_TRIGGER.finditer(head))
        if not trig:
            continue
        t = trig[-1]
        gap = head[t.end():]
        if len(gap) > 90 or _LIST_BLOCKERS.search(gap) or _LIST_BLOCKERS.search(head[max(0, t.start() - 30):t.start()]):
            continue
        if MANNER_BEFORE.search(head[:t.start()]):
            continue   # "quản trị theo mô hình cộng đồng gồm 5: …": the parts of one way of working
        if not s[c.end():].strip() or s[c.end():].lstrip()[:1] in "\"“":
            continue   # a quotation, not a list
        plural = _LIST_PLURAL.search(head[:t.start()]) or re.match(r"(?:các|những|\d+)\s", t.group("t"), re.I)
        if not plural and not _LIST_AFTER.search(gap):
            continue
        word = re.sub(r"^(?:cac|nhung|\d+)\s+", "", fold(t.group("t")))
        if word in ("tap the", "ca nhan") and not _AWARD.search(head):
            continue   # "trang cá nhân: …", "tập thể lớp: …"
        kind = {"mo hinh": "mô hình", "guong": "cá nhân", "tam guong": "cá nhân", "tap the": "tập thể",
                "ca nhan": "cá nhân"}.get(word, "điển hình")
        # "các mô hình, điển hình tiên tiến: …" -> the first word decides
        if len(trig) > 1 and fold(trig[0].group("t")) == "mo hinh" and trig[-1].start() - trig[0].end() < 8:
            kind = "mô hình"
        return c.start(), kind
    return None


def _split_items(text: str) -> list[str]:
    text = text.strip().rstrip(".")
    if ";" in text:
        parts = [p for p in re.split(r"\s*;\s*", text)]
    else:
        # commas outside parentheses, then a final "và"
        depth, buf = 0, []
        for ch in text:
            depth += ch == "("
            depth -= ch == ")"
            buf.append("\x00" if ch == "," and depth == 0 else ch)
        parts = "".join(buf).split("\x00")
    out = []
    for p in parts:
        p = p.strip()
        p = re.sub(r"^(?:và|cùng)\s+", "", p)
        sub = re.split(r"\s+và\s+(?=(?:mô hình|gương|HTX|hợp tác xã|ông|bà|anh|chị|[" + _UP + r"]))", p)
        out.extend(x.strip(" .") for x in sub if x.strip(" ."))
    return out


def _list_item_name(item: str, kind: str) -> str | None:
    item = re.sub(r"^(?:[-–+•*]|\d+[.)]|[a-zđ][.)])\s*", "", item.strip())
    # the address in parentheses or after a comma goes
    name = re.split(r"\s*\(", item, maxsplit=1)[0]
    m = _ADDRESS_START.search(name)
    if m:
        name = name[: m.start()]
    name = name.strip(" ,;:.-–")
    if len(name.split()) < 2 and not _looks_person(name):
        return None
    if len(name.split()) > 25 or name[:1] in "\"“'":
        return None
    if kind != "mô hình" and not (_ORG_WORDS.match(name) or _looks_person(name)
                                  or fold(name).startswith(("mo hinh", "guong", "tam guong"))):
        return None    # an award list names organisations and people
    if kind == "mô hình" and _cap(name) and not (fold(name).startswith("mo hinh") or _ORG_WORDS.match(name)):
        return None    # "các mô hình: Chính quyền - …": headings, not models
    if len(name.split()) > 16 and not re.search(r"[\"“]", name):
        return None
    if kind == "mô hình" and not fold(name).startswith("mo hinh"):
        name = "mô hình " + name
    return _capitalize(name)
