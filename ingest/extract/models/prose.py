"""Models named in running text: `_prose_models` for one sentence.

The text is cut into sentences (abbreviations such as "TP." or "Th.S" do
not end one); in a sentence, a model is a list introduced by a colon (see
:mod:`.lists`), a "mô hình …" or "gương …" with something specific in its
name (an owner, a quoted name, a place), a subject "được công nhận là điển
hình tiên tiến", or a named person and a deed ("dũng cảm … cứu …").
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ingest.vietnamese.normalize import fold, normalize

from ..districts import mentions
from ..fields import field_of_text
from .context import _district_near, _field_of, _year_near
from .lists import MANNER_BEFORE, _list_intro, _list_item_name, _split_items
from .mentions import Mentions
from .names import (
    _ADDRESS_START,
    _ORG_WORDS,
    _PERSON_TITLES,
    _UP,
    _cap,
    _capitalize,
    _kind_of_name,
    _looks_person,
    _name_key,
)
from .praise import _PERSON_IN_RE, _ROLE_RE, _praised, _same_subject, _short, _subject

# ---------------------------------------------------------------------------
# Sentences

_ABBR_BEFORE_DOT = {"tp", "h", "p", "x", "tt", "ths", "ts", "bs", "ks", "gs", "pgs", "th.s", "đ/c", "q",
                    "tx", "st", "ng", "v.v", "tr", "kt", "tm", "tl", "tuq"}
_SPLIT_RE = re.compile(rf"(?<=[.!?…])[\"”]?\s+(?=[\"“(]?[{_UP}0-9])")


def _sentences(block: str) -> list[str]:
    out, start = [], 0
    for m in _SPLIT_RE.finditer(block):
        before = block[start:m.start()].rstrip(".!?…\"” ")
        last = re.findall(r"[\w/.]+$", before)
        tok = last[0].lower() if last else ""
        if tok in _ABBR_BEFORE_DOT or (len(tok) == 1 and tok.isalpha()):
            continue
        out.append(block[start:m.start()].strip())
        start = m.end()
    out.append(block[start:].strip())
    return [s for s in out if s]


# ---------------------------------------------------------------------------
# Cutting a name out of running text

_CUT_WORDS = re.compile(
    r"\s+(?:đã|đang|được|đạt|mang lại|đem lại|cho thu|cho lãi|cho doanh thu|góp phần|giúp|với quy mô|với tổng|"
    r"với diện tích|là một|là mô hình|là điển hình|là|có|nay|trở thành|thu hút|tạo ra|tạo việc|bước đầu|"
    r"không chỉ|ngày càng|hiện có|hiện nay|hằng năm|hàng năm|mỗi năm|từ năm|từ khi|sau khi|khi|nên|"
    r"vì vậy|do đó|tiếp tục|đều|cũng|sẽ|vừa|rất|thực sự|luôn|nhằm|để|bởi|nhờ|song|nhưng|thì|mà|"
    r"từ ngày|vào năm|trong năm|giai đoạn|năm \d{4}|\d{4}|gồm|bao gồm|và mô hình|và gương|và điển hình)(?=\s|$|[,.;])",
    re.IGNORECASE)
# words right after "mô hình" that make it generic ("mô hình mới", "mô hình, ĐHTT")
_STOP_AFTER_TRIGGER = {
    "", "và", "hay", "mới", "điểm", "tiêu", "trong", "so", "có", "được", "đã", "này", "đó", "khác", "hiệu",
    "đhtt", "điển", "tiên", "của", "cộng", "là", "thì", "như", "trên", "ở", "tại", "để", "nhân", "tốt",
    "sáng", "học", "người", "cần", "phù", "cũ", "thực", "làm", "về", "theo", "hoạt", "đạt", "được,",
    "thí", "chung", "chuẩn", "kiểu", "mẫu", "hình", "nào", "gì", "ấy", "tương", "thành", "nằm",
}
_GENERIC_BEFORE = re.compile(
    r"(?:nhân rộng|nhân|các|những|nhiều|từng|mọi|\d+|hàng chục|hàng trăm|giới thiệu|thông qua|số|một số|"
    r"xây dựng và nhân rộng|"
    r"phát hiện|tổng kết|học tập|nêu|noi|làm theo|tôn vinh|biểu dương)\s*$", re.IGNORECASE)


_TAIL_WORDS = {"từng", "và", "với", "cùng", "đã", "đang", "được", "hơn", "có", "là", "nay", "vừa",
               "hiện", "khoảng", "gần", "trên", "nhiều", "những", "các"}


def _trim_name(span: str) -> str:
    """The name part of "mô hình X của Y, xã Z đã …"."""
    s = span
    m = _ADDRESS_START.search(s)
    if m:
        s = s[: m.start()]
    # first cut word / clause boundary
    cut = len(s)
    for rx in (_CUT_WORDS, re.compile(r"\s*[;:(]|\s*,\s+(?=[a-zđàáảãạăâèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ])")):
        mm = rx.search(s, 8)
        if mm and mm.start() < cut:
            cut = mm.start()
    s = s[:cut]
    # quotes: keep a quoted name whole
    if s.count("\"") % 2 == 1 or (s.count("“") > s.count("”")):
        q = re.search(r"[\"“][^\"”]*[\"”]", span)
        if q:
            s = span[: q.end()]
    # an owner "của <Owner>": stop after its last capitalized word
    own = re.search(r"\s(của)\s", s)
    if own:
        words = s[own.end():].split()
        last_cap, cut_at = -1, None
        for i, w in enumerate(words):
            if _cap(w) or w.isupper():
                last_cap = i
            elif i - last_cap > 3 and last_cap >= 0:
                cut_at = last_cap + 1     # a long lower-case run: the clause goes on
                break
        if cut_at is not None:
            s = s[: own.end()] + " ".join(words[:cut_at])
    words = s.split()
    if len(words) > 22:
        words = words[:22]
    # a clause begun after a capitalized owner: "… HTX Thủy sản Bình Thanh
    # từng", "… của xã Nam Thượng với hơn 8.000"
    while len(words) > 3 and (words[-1].lower() in _TAIL_WORDS or re.fullmatch(r"[\d.,%]+", words[-1])) \
            and any(_cap(w) for w in words[1:-1]):
        words.pop()
    return " ".join(words).strip(" ,;:-–")


# the capital of a name stays a capital: "ở giai đoạn 2" names no owner
_OWNER_RE = re.compile(
    rf"\s(?i:của|tại|ở)\s+(?:(?i:gia đình|hộ|bà con|nhân dân|đồng bào)\s+)?"
    rf"(?:[{_UP}]|(?i:{_PERSON_TITLES})\s+[{_UP}]|"
    rf"(?i:hợp tác xã|tổ hợp tác|công ty|trường|chi hội|chi bộ|hội|tổ|xóm|thôn|bản|"
    rf"xã|phường|thị trấn|đoàn|câu lạc bộ|nhóm|trạm|bệnh viện|trung tâm|công an|cơ sở|khu dân cư)\s)")


def _has_anchor(name: str, trigger_len: int) -> bool:
    """Something specific about a model named in prose: a quoted name
    ('mô hình "Dân vận khéo"'), an owner ("… của HTX Bình Thanh", "… tại
    Trạm Y tế xã Nà Phòn"), or a Hòa Bình place ("… trên hồ Hòa Bình").
    A capital right after "mô hình" ("Mô hình AI …", "Mô hình Chính quyền")
    is a heading or a brand, not an anchor."""
    rest = name[trigger_len:]
    if re.search(r"[\"“][^\"“”]{3,}[\"”]", rest):
        return True
    if _OWNER_RE.search(rest):
        return True
    words = re.findall(r"[\w&.\-]+", rest)
    if words and _cap(words[0]):
        return False
    found, _, _ = mentions(normalize(rest))
    return bool(found) or "Hòa Bình" in rest


# triggers in prose; "gương" only in its emulation sense ("gương mặt" is a face,
# "gương xe" a mirror)
_GUONG_NEXT = (r"(?:người tốt|dũng cảm|sáng|điển hình|tiêu biểu|tiên tiến|vượt khó|hiếu học|học tốt|làm kinh tế|"
               r"thoát nghèo|nghĩa hiệp|hy sinh|quên mình|nhặt được|cứu người|mẫu mực|đảng viên|cựu chiến binh|"
               r"nông dân|phụ nữ|thanh niên|cán bộ|chiến sĩ|thầy|cô giáo|y|bác sĩ|doanh nhân|tình nguyện|"
               r"hiến|trả lại|tốt|học tập và làm theo|điển hình tiên tiến)")
_TRIGGER_RE = re.compile(
    rf"(?<![\w])(?P<trig>mô hình|tấm gương(?=\s+{_GUONG_NEXT})|gương(?=\s+{_GUONG_NEXT}))(?![\w])", re.IGNORECASE)
_DHTT_VERB_RE = re.compile(
    r"\s+(?:đã\s+|vừa\s+)?(?:được\s+(?:[\w.&-]+\s+){0,4}?)?"
    r"(?:công nhận|biểu dương|tuyên dương|vinh danh|chọn|bình chọn)"
    r"(?:\s+là)?\s+(?:điển hình tiên tiến|ĐHTT|điển hình|gương điển hình)", re.IGNORECASE)


# "… được biểu dương là [gương điển hình …]": the title a subject is given
_TITLE_GIVEN_RE = re.compile(r"(?:biểu dương|tuyên dương|công nhận|chọn|đánh giá|vinh danh|tôn vinh|khen thưởng|"
                             r"giấy khen|bằng khen)\s+là\s+(?:một\s+|một trong những\s+)?$", re.IGNORECASE)
_SENSES_FILE = Path(__file__).resolve().parents[1] / "data" / "model_senses.txt"
# an official named with the office he speaks or awards for: "ông Bùi Ngọc
# Cẩm - Chủ tịch xã …", "anh Mai Văn Nam, Phó Bí thư Tỉnh Đoàn"
_OFFICIAL_AFTER_RE = re.compile(
    r"^\s*(?:[-–,]|\()\s*(?:nguyên\s+)?(?:phó\s+)?(?:chủ tịch|bí thư|giám đốc|bộ trưởng|thứ trưởng|trưởng|"
    r"chánh|hiệu trưởng|tổng giám đốc|cục trưởng|vụ trưởng|ủy viên|đại biểu)\b", re.IGNORECASE)


_CUES_FILE = Path(__file__).resolve().parents[1] / "data" / "model_cues.txt"


@lru_cache(maxsize=1)
def _cues() -> re.Pattern:
    """Words that present something as exemplary or effective (data/model_cues.txt)."""
    lines = _CUES_FILE.read_text(encoding="utf-8").splitlines()
    phrases = sorted((ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)


# "điển hình" meaning "for example" is no praise
_FOR_EXAMPLE_RE = re.compile(r"(?:ví dụ|thí dụ)\s+điển hình|điển hình\s+(?:như|là)(?!\w)", re.IGNORECASE)


def _cued(text: str) -> bool:
    return bool(text) and bool(_cues().search(_FOR_EXAMPLE_RE.sub(" ", text)))


@lru_cache(maxsize=1)
def _other_senses() -> re.Pattern:
    lines = _SENSES_FILE.read_text(encoding="utf-8").splitlines()
    phrases = sorted((ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")), key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w])", re.IGNORECASE)


# an interviewer's question names nobody as exemplary: "PV: Chị đã giành giải nhất nào …?"
_QUESTION_RE = re.compile(r"^(?:PV|Phóng viên)\s*:|\?[\"”]?\s*$")


def _prose_models(sentence: str, year: int | None, paragraph: str = "", known: Mentions | None = None,
                  lead_in: str = "") -> list[dict]:
    """Models named in one sentence of `paragraph`; `lead_in` is the
    paragraphs just above ("Điều 1. Công nhận 02 mô hình …:" above a list),
    where a cue of praise may stand too."""
    out: list[dict] = []
    s = sentence
    if _QUESTION_RE.search(s):
        return out
    # 1. lists after a colon: "các mô hình: A; B và C"
    colon = _list_intro(s)
    if colon is not None:
        intro_end, kind = colon
        intro = s[:intro_end]
        items = _split_items(s[intro_end + 1:])
        names = [_list_item_name(it, kind) for it in items]
        good = [n for n in names if n]
        if len(good) < max(1, (len(items) + 1) // 2):
            return out     # mostly not names: a list of something else
        for it, name in zip(items, names):
            if not name:
                continue
            d = _district_near(it, year) or _district_near(intro, year)
            out.append({"name": name, "kind": _kind_of_name(name, kind), "district": d,
                        "field": _field_of(name, it, intro),
                        "year": _year_near(it, _year_near(intro, year)), "sentence": s})
        return out
    # 2. single mentions
    trig = list(_TRIGGER_RE.finditer(s))
    for i, m in enumerate(trig):
        trigger = m.group("trig").lower()
        after = s[m.end():]
        first = after.strip().split(" ", 1)[0].lower().strip(",.;:") if after.strip() else ""
        if not after.strip() or after.lstrip()[:1] in ",.;:)" or first in _STOP_AFTER_TRIGGER and trigger == "mô hình":
            continue
        if trigger == "mô hình" and first in ("điển", "đhtt"):
            continue
        if trigger == "mô hình" and _other_senses().match(after):
            continue   # "mô hình kinh doanh", "mô hình dự đoán", "mô hình … bằng gỗ"
        if trigger == "mô hình" and MANNER_BEFORE.search(s[max(0, m.start() - 20):m.start()]):
            continue   # "theo mô hình "4 cùng"", "theo mô hình Hackathon": how, not who
        if _TITLE_GIVEN_RE.search(s[max(0, m.start() - 60):m.start()]):
            continue   # "… biểu dương là gương điển hình "Dân vận khéo"": what the subject is called
        nxt = trig[i + 1].start() if i + 1 < len(trig) else len(s)
        span = s[m.start():nxt]
        name = _trim_name(span)
        if len(name.split()) < 3 or len(name.split()) > (26 if re.search(r"[\"“][^\"”]+[\"”]", name) else 18):
            continue   # too short to name anything, or a clause that never ended
        if re.search(r"[\"”]\s+(?:tiêu biểu|điển hình|xuất sắc)(?!\w)", name):
            continue   # 'mô hình "Dân vận khéo" tiêu biểu của huyện': the best of a kind, named elsewhere
        if trigger in ("gương", "tấm gương") and re.search(r"(?<!\w)là\s+(?:một\s+)?$", s[:m.start()], re.IGNORECASE):
            continue   # "ông Sáng là tấm gương sáng về …": the subject is the model (praise reads it)
        if trigger in ("gương", "tấm gương"):
            person = _PERSON_IN_RE.search(name)
            if not person and not _has_anchor(name, len(trigger)):
                continue
        else:
            if not _has_anchor(name, len(trigger)):
                continue
            owned = re.search(rf"\s(?i:của|do)\s+(?:(?i:{_PERSON_TITLES})\s+)?[{_UP}]|\s(?i:của|do)\s+(?i:hợp tác xã|"
                              rf"tổ hợp tác|trường|chi hội|chi bộ|hội|tổ|xóm|thôn|bản|xã|phường|thị trấn|đoàn|"
                              rf"câu lạc bộ|nhóm|trạm|công an|gia đình|hộ)\s", name[len(trigger):])
            if not owned and not _cued(paragraph or s) and not _cued(lead_in):
                continue   # described, not held up: "mô hình "buôn có bạn, bán có phường" đã có từ lâu"
            kind = "mô hình"
        before = s[max(0, m.start() - 40):m.start()]
        if _GENERIC_BEFORE.search(before) and not re.search(r"\s(?:của|tại)\s+[^\s]+", name):
            continue   # "45 mô hình "Dân vận khéo"", "nhân rộng mô hình": a category, not one model
        around = s[max(0, m.start()):nxt]
        if trigger != "mô hình":
            if person:     # "gương dũng cảm cứu người của anh Bùi Văn Nam": the model is the person
                name = person.group(0)
            kind = _kind_of_name(name, "mô hình")
        out.append({"name": _capitalize(name), "kind": kind,
                    "district": _district_near(around, year) or _district_near(s, year),
                    "field": _field_of(name, around, paragraph),
                    "year": _year_near(around, _year_near(s, year)), "sentence": s})
    # 3. "X được công nhận là điển hình tiên tiến"
    blanked = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), s)
    for m in _DHTT_VERB_RE.finditer(blanked):
        head = blanked[:m.start()]
        chunks = [(mm.start(), mm.group(0)) for mm in re.finditer(r"[^,;:]+", head)]
        subj_start, subj = None, None
        skipped = 0
        for pos, ch in reversed(chunks):
            ch_s = ch.strip()
            if not ch_s:
                continue
            if re.match(r"^(?:xã|phường|thị trấn|huyện|thôn|xóm|bản|tổ|tỉnh|TP|thành phố)\s", ch_s, re.IGNORECASE):
                continue
            if _ORG_WORDS.match(ch_s) or _looks_person(ch_s) \
                    or re.match(rf"^(?i:{_PERSON_TITLES})\s+[{_UP}]", ch_s):
                subj_start, subj = pos + (len(ch) - len(ch.lstrip())), ch_s
                break
            # an apposition ("kỹ sư Phân xưởng …", "Giám đốc HTX"): look one chunk further back
            if skipped < 2 and (ch_s[:1].islower() or _ROLE_RE.match(ch_s)):
                skipped += 1
                continue
            break
        if not subj or fold(subj).startswith(("cac ", "nhung ", "nhieu ")):
            continue
        clean = _subject(subj) or _short(subj, known)    # "Ông Tuấn được UBND huyện tặng giấy khen": Ông Tuấn
        if not clean and (len(subj.split()) < 2 or len(subj.split()) > 6):
            continue
        name = re.sub(r"\s+", " ", clean or subj).strip()
        if any(_name_key(name) == _name_key(r["name"]) for r in out):
            continue
        around = s[subj_start:m.start()]
        out.append({"name": _capitalize(name), "kind": _kind_of_name(name, "tập thể"),
                    "district": _district_near(around, year) or _district_near(s, year),
                    "field": field_of_text(s[subj_start:]), "year": _year_near(s, year), "sentence": s})
    # 4. a named person and a deed: "em Bùi Văn An … đã dũng cảm lao xuống suối cứu …"
    if _DEED_RE.search(s):
        deed = _DEED_RE.search(s)
        for m in _PERSON_RE.finditer(s[:deed.start()]):
            if _OFFICIAL_AFTER_RE.match(s[m.end():]):
                continue   # the official who awards, confirms or comments
            name = _capitalize(f"{m.group('title')} {m.group('name')}")
            if any(fold(m.group("name")) in fold(r["name"]) for r in out):
                continue
            around = s[m.start():]
            out.append({"name": name, "kind": "cá nhân", "district": _district_near(around, year),
                        "field": field_of_text(s[deed.start():]) or "nguoi-tot",
                        "year": _year_near(s, year), "sentence": s, "_person": fold(m.group("name"))})
            break
    # 5. a subject the sentence praises, awards or recognises: "Bà Quách Thị
    # Lan, xóm Mới, xã Ân Nghĩa được biểu dương là hộ nông dân SX-KD giỏi",
    # "Trạm Y tế xã Phú Lai được công nhận đạt chuẩn quốc gia", "Tiêu biểu
    # cho phong trào là ông Bùi Văn Hùng ở xóm Bưng"
    for found in _praised(s, year, known):
        if any(_same_subject(found["name"], r["name"]) for r in out):
            continue
        if _PURE_PLACE.fullmatch(found["name"]) and any(_address_of(s, r["name"], found["name"]) for r in out):
            continue   # "Mô hình … của HTX Du lịch Hang Kia, xã Hang Kia, …, được tôn vinh": its address
        out.append(found)
    return out


_PURE_PLACE = re.compile(rf"(?i:xã|phường|thị trấn|thôn|xóm|bản)\s+[{_UP}][\w]*(?:\s+[{_UP}][\w]*)*")


def _address_of(sentence: str, name: str, place: str) -> bool:
    """`place` stands right after `name` in `sentence`: the named one's address."""
    core = re.sub(r"^(?i:mô hình|gương|tấm gương)\s+", "", name)
    at = sentence.lower().find(core.lower())
    if at < 0:
        return False
    after = sentence[at + len(core):at + len(core) + len(place) + 6].lower()
    return place.lower() in after


_DEED_RE = re.compile(
    r"(?:dũng cảm|quên mình|không ngần ngại|xả thân|không quản nguy hiểm)[^.;]{0,80}?\b(?:cứu|bắt|khống chế)|"
    r"nhặt được[^.;]{0,120}?(?:trả lại|trao trả|giao nộp|trình báo)|cứu sống|cứu được", re.IGNORECASE)
_PERSON_RE = re.compile(
    rf"(?<![\w])(?P<title>(?i:em|anh|chị|ông|bà|cháu|đồng chí|thượng úy|trung úy|thiếu úy|đại úy|thiếu tá|trung tá))\s+"
    rf"(?P<name>[{_UP}][\w]*(?:\s+[{_UP}][\w]*){{1,3}})")
