"""Exemplary models (mô hình, điển hình tiên tiến, gương) named in a document.

    find_models(blocks, tables, *, year, doc_districts) -> list[dict]

Each record: ``{"name", "kind", "district", "field", "year", "sentence"}``
with kind one of "mô hình", "điển hình", "gương", "tập thể", "cá nhân".

Where models come from:

* prose: "mô hình nuôi cá lồng trên hồ Hòa Bình của HTX Thủy sản Bình
  Thanh (xã Thung Nai)", "gương dũng cảm cứu người của anh Bùi Văn Nam",
  "HTX … được công nhận là điển hình tiên tiến"; a prose mention needs
  something specific in its name (a proper noun, an owner, a quoted name) —
  "các mô hình, ĐHTT tiêu biểu" or "nhân rộng mô hình" are not models;
* lists introduced by a colon after a model word ("các mô hình: A; B và
  C", "5 điển hình tiêu biểu, gồm: …"), split into items — but not a list
  of fields ("… về các lĩnh vực: QP-AN; …");
* annex tables ("Danh sách mô hình, điển hình tiên tiến": STT | Tên |
  Địa chỉ/Đơn vị | Lĩnh vực …), columns found by their header text (merged
  or missing header rows tolerated), section rows ("I. TẬP THỂ", "Huyện
  Cao Phong") carried down.

The district is the model's own (its address, the row's address cell, the
text right around it); the document's district only when the document is
about exactly one. The year is one stated near the model, else `year`.
Records are deduplicated by folded name.
"""
from __future__ import annotations

import re
from ingest.vietnamese.normalize import normalize

from ..vietnamese.normalize import fold

from .districts import district_of_address, mentions
from .fields import field_of_text
from .fields import scores as fields_scores

__all__ = ["find_models"]

KINDS = ("mô hình", "điển hình", "gương", "tập thể", "cá nhân")

_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_YEAR_RE = re.compile(r"(?<!\d)(?:năm\s+)?((?:19[6-9]|20[0-4])\d)(?!\d)", re.IGNORECASE)

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
# Words

_PERSON_TITLES = r"(?:ông|bà|anh|chị|em|cháu|đồng chí|đ/c|thầy|cô|cụ|bác|chú|thượng úy|trung úy|thiếu úy|đại úy|thiếu tá|trung tá|bác sĩ|cô giáo|thầy giáo|nghệ nhân|cựu chiến binh|chiến sĩ)"
_SURNAMES = {fold(s) for s in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Quách Xa Hà Đào "
    "Cao Lương Mai Trịnh Đoàn Lò Sa Bạch Kiều Tạ Lưu Vi Quang Triệu Mạc Chu Khà Hoàng Đồng Tống Lại "
    "Lục Nông Ma Mùa Giàng Sùng Thào Vàng Lường Cầm Hứa Tô Văn Đàm Thái Kim Nghiêm Phùng Âu Lã Ninh").split()}
_ORG_WORDS = re.compile(
    r"^(?:HTX|hợp tác xã|tổ hợp tác|THT|công ty|cty|doanh nghiệp|DN|trường|nhà trường|chi bộ|đảng bộ|hội|chi hội|"
    r"câu lạc bộ|CLB|tổ|nhóm|ban|UBND|ủy ban|đồn|công an|bệnh viện|trạm|trung tâm|phòng|sở|xã|phường|thị trấn|"
    r"thôn|xóm|bản|khu|tiểu khu|làng|gia đình|hộ|cơ sở|nhà máy|xí nghiệp|đoàn|liên đoàn|lữ đoàn|trung đoàn|"
    r"tập thể|đội|văn phòng|cục|chi cục|hạt|ngân hàng|quỹ|mặt trận|huyện|thành phố|TP|khối|lớp|dòng họ|tổ dân phố)\b",
    re.IGNORECASE)


def _cap(w: str) -> bool:
    return bool(w) and (w[0].isupper() or w[0].isdigit())


def _looks_person(name: str) -> bool:
    n = re.sub(rf"^{_PERSON_TITLES}\s+", "", name.strip(), flags=re.IGNORECASE)
    words = n.split()
    if re.match(rf"^{_PERSON_TITLES}\s+[{_UP}]", name.strip(), flags=re.IGNORECASE):
        return True
    return 2 <= len(words) <= 5 and all(_cap(w) for w in words) and fold(words[0]) in _SURNAMES \
        and not _ORG_WORDS.match(n)


def _kind_of_name(name: str, default: str, section: str | None = None) -> str:
    """Kind of a model from its name; a table section ("I. TẬP THỂ") decides first."""
    f = fold(name)
    if f.startswith("mo hinh"):
        return "mô hình"
    if f.startswith("guong") or f.startswith("tam guong"):
        return "gương"
    if section:
        return section
    if _looks_person(name):
        return "cá nhân"
    if _ORG_WORDS.match(name.strip()):
        return "tập thể"
    return default


def _capitalize(name: str) -> str:
    name = name.strip(" ,;:.-–")
    return name[:1].upper() + name[1:] if name else name


def _name_key(name: str) -> str:
    k = fold(normalize(name))
    k = re.sub(r"[\"“”'‘’().,;:!?\-–]", " ", k)
    return re.sub(r"\s+", " ", k).strip()


_SCHOOL_YEAR_RE = re.compile(r"năm học\s+(?:19|20)\d\d\s*[-–/]\s*((?:19|20)\d\d)", re.IGNORECASE)


def _year_near(text: str, default: int | None) -> int | None:
    """The first year stated in `text` ("năm học 2020 - 2021": 2021), else `default`."""
    m = _YEAR_RE.search(text)
    if not m:
        return default
    sy = _SCHOOL_YEAR_RE.search(text)
    if sy and sy.start() <= m.start() < sy.end():
        return int(sy.group(1))
    return int(m.group(1))


def _field_of(name: str, *contexts: str) -> str | None:
    """A model's field: from its name when the name says it clearly, else from
    the name with the text around it (the sentence, then the paragraph)."""
    for ctx in ("",) + contexts:
        text = name + ("\n" + ctx if ctx else "")
        sc = fields_scores(text)
        if sc and max(sc.values()) >= 1.5:
            return field_of_text(text)
    return field_of_text(name) or (field_of_text(contexts[0]) if contexts else None)


def _district_near(text: str, year: int | None) -> str | None:
    """The one district named in `text` (address or surroundings), else None."""
    found, _, _ = mentions(normalize(text), year=year)
    ds = list(dict.fromkeys(m.district for m in found))
    if len(ds) == 1:
        return ds[0]
    if ds:
        # several: the model's explicit address wins ("xã A, huyện B")
        d = district_of_address(text, year=year)
        explicit = [m for m in found if m.kind in ("district", "city", "commune")]
        if explicit and len({m.district for m in explicit}) == 1:
            return d
    return None


# ---------------------------------------------------------------------------
# Cutting a name out of running text

_ADDRESS_START = re.compile(
    r"\s*(?:,\s*|\s+-\s+|\s+(?:ở|tại|thuộc|trên địa bàn)\s+)(?=(?:xã|phường|thị trấn|huyện|thôn|xóm|bản|tổ dân phố|"
    r"tiểu khu|khu|TP\.?|thành phố|tỉnh|H\.)\s)", re.IGNORECASE)
_CUT_WORDS = re.compile(
    r"\s+(?:đã|đang|được|đạt|mang lại|đem lại|cho thu|cho lãi|cho doanh thu|góp phần|giúp|với quy mô|với tổng|"
    r"với diện tích|là một|là mô hình|là điển hình|là|có|nay|trở thành|thu hút|tạo ra|tạo việc|bước đầu|"
    r"không chỉ|ngày càng|hiện có|hiện nay|hằng năm|hàng năm|mỗi năm|từ năm|từ khi|sau khi|khi|nên|"
    r"vì vậy|do đó|tiếp tục|đều|cũng|sẽ|vừa|rất|thực sự|luôn|nhằm|để|bởi|nhờ|song|nhưng|thì|mà|"
    r"từ ngày|vào năm|trong năm|năm \d{4}|\d{4}|gồm|bao gồm|và mô hình|và gương|và điển hình)(?=\s|$|[,.;])",
    re.IGNORECASE)
# words right after "mô hình" that make it generic ("mô hình mới", "mô hình, ĐHTT")
_STOP_AFTER_TRIGGER = {
    "", "và", "hay", "mới", "điểm", "tiêu", "trong", "so", "có", "được", "đã", "này", "đó", "khác", "hiệu",
    "đhtt", "điển", "tiên", "của", "cộng", "là", "thì", "như", "trên", "ở", "tại", "để", "nhân", "tốt",
    "sáng", "học", "người", "cần", "phù", "cũ", "thực", "làm", "về", "theo", "hoạt", "đạt", "được,",
    "thí", "chung", "chuẩn", "kiểu", "mẫu", "hình", "nào", "gì", "ấy", "trên", "tương", "thành",
}
_GENERIC_BEFORE = re.compile(
    r"(?:nhân rộng|nhân|các|những|nhiều|từng|mọi|\d+|hàng chục|hàng trăm|giới thiệu|thông qua|số|một số|xây dựng và nhân rộng|"
    r"phát hiện|tổng kết|học tập|nêu|noi|làm theo|tôn vinh|biểu dương)\s*$", re.IGNORECASE)


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
        s = " ".join(words[:22])
    return s.strip(" ,;:-–")


_OWNER_RE = re.compile(
    rf"\s(?:của|tại|ở)\s+(?:(?:gia đình|hộ|bà con|nhân dân|đồng bào)\s+)?"
    rf"(?:[{_UP}]|{_PERSON_TITLES}\s+[{_UP}]|(?:hợp tác xã|tổ hợp tác|công ty|trường|chi hội|chi bộ|hội|tổ|xóm|thôn|bản|"
    rf"xã|phường|thị trấn|đoàn|câu lạc bộ|nhóm|trạm|bệnh viện|trung tâm|công an|cơ sở|khu dân cư)\s)", re.IGNORECASE)


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
_ROLE_RE = re.compile(
    r"^(?:giám đốc|phó giám đốc|chủ nhiệm|bí thư|phó bí thư|chủ tịch|phó chủ tịch|trưởng|phó|kỹ sư|công nhân|"
    r"giáo viên|hiệu trưởng|bác sĩ|y sĩ|cán bộ|chiến sĩ|hội viên|đoàn viên|nông dân|thành viên|nhân viên)\b",
    re.IGNORECASE)
_DHTT_VERB_RE = re.compile(
    r"\s+(?:đã\s+|vừa\s+)?(?:được\s+(?:[\w.&-]+\s+){0,4}?)?(?:công nhận|biểu dương|tuyên dương|vinh danh|chọn|bình chọn)"
    r"(?:\s+là)?\s+(?:điển hình tiên tiến|ĐHTT|điển hình|gương điển hình)", re.IGNORECASE)


def _prose_models(sentence: str, year: int | None, paragraph: str = "") -> list[dict]:
    out: list[dict] = []
    s = sentence
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
        nxt = trig[i + 1].start() if i + 1 < len(trig) else len(s)
        span = s[m.start():nxt]
        name = _trim_name(span)
        if len(name.split()) < 3 or len(name.split()) > 18:
            continue   # too short to name anything, or a clause that never ended
        if trigger in ("gương", "tấm gương"):
            if not re.search(rf"{_PERSON_TITLES}\s+[{_UP}]", name, re.IGNORECASE) and not _has_anchor(name, len(trigger)):
                continue
            kind = "gương"
        else:
            if not _has_anchor(name, len(trigger)):
                continue
            kind = "mô hình"
        before = s[max(0, m.start() - 40):m.start()]
        if _GENERIC_BEFORE.search(before) and not re.search(r"\s(?:của|tại)\s+[^\s]+", name):
            continue   # "45 mô hình "Dân vận khéo"", "nhân rộng mô hình": a category, not one model
        around = s[max(0, m.start()):nxt]
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
            if _ORG_WORDS.match(ch_s) or _looks_person(ch_s) or re.match(rf"^{_PERSON_TITLES}\s+[{_UP}]", ch_s, re.IGNORECASE):
                subj_start, subj = pos + (len(ch) - len(ch.lstrip())), ch_s
                break
            # an apposition ("kỹ sư Phân xưởng …", "Giám đốc HTX"): look one chunk further back
            if skipped < 2 and (ch_s[:1].islower() or _ROLE_RE.match(ch_s)):
                skipped += 1
                continue
            break
        if not subj or fold(subj).startswith(("cac ", "nhung ", "nhieu ")) or len(subj.split()) < 2:
            continue
        name = re.sub(r"\s+", " ", subj).strip()
        if any(_name_key(name) == _name_key(r["name"]) for r in out):
            continue
        around = s[subj_start:m.start()]
        out.append({"name": _capitalize(name), "kind": _kind_of_name(name, "điển hình"),
                    "district": _district_near(around, year) or _district_near(s, year),
                    "field": field_of_text(s[subj_start:]), "year": _year_near(s, year), "sentence": s})
    # 4. a named person and a deed: "em Bùi Văn An … đã dũng cảm lao xuống suối cứu …"
    if _DEED_RE.search(s):
        deed = _DEED_RE.search(s)
        for m in _PERSON_RE.finditer(s[:deed.start()]):
            name = _capitalize(f"{m.group('title')} {m.group('name')}")
            if any(fold(m.group("name")) in fold(r["name"]) for r in out):
                continue
            around = s[m.start():]
            out.append({"name": name, "kind": "gương", "district": _district_near(around, year),
                        "field": field_of_text(s[deed.start():]) or "nguoi-tot",
                        "year": _year_near(s, year), "sentence": s, "_person": fold(m.group("name"))})
            break
    return out


_DEED_RE = re.compile(
    r"(?:dũng cảm|quên mình|không ngần ngại|xả thân|không quản nguy hiểm)[^.;]{0,80}?\b(?:cứu|bắt|khống chế)|"
    r"nhặt được[^.;]{0,120}?(?:trả lại|trao trả|giao nộp|trình báo)|cứu sống|cứu được", re.IGNORECASE)
_PERSON_RE = re.compile(
    rf"(?<![\w])(?P<title>(?i:em|anh|chị|ông|bà|cháu|đồng chí|thượng úy|trung úy|thiếu úy|đại úy|thiếu tá|trung tá))\s+"
    rf"(?P<name>[{_UP}][\w]*(?:\s+[{_UP}][\w]*){{1,3}})")


_LIST_TRIGGER = re.compile(
    r"(?<![\w])(?P<t>mô hình|điển hình tiên tiến|(?:các|những|\d+)\s+điển hình|ĐHTT|gương|tấm gương|tập thể|cá nhân)(?![\w])",
    re.IGNORECASE)
# before the trigger: a plural or a number ("các mô hình", "12 tập thể"); or after it "gồm"/"sau"
_LIST_PLURAL = re.compile(r"(?:các|những|\d+|một số|nhiều|mỗi)\s+(?:[\w]+\s+){0,2}$", re.IGNORECASE)
_LIST_AFTER = re.compile(r"\b(?:gồm|bao gồm|sau|như sau|cụ thể)\b", re.IGNORECASE)
_AWARD = re.compile(r"khen thưởng|tặng|công nhận|biểu dương|tuyên dương|vinh danh|bằng khen|giấy khen|danh hiệu|"
                    r"suy tôn|xét chọn|lựa chọn|giới thiệu|nhân rộng|học tập", re.IGNORECASE)
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
        if not s[c.end():].strip() or s[c.end():].lstrip()[:1] in "\"“":
            continue   # a quotation, not a list
        plural = _LIST_PLURAL.search(head[:t.start()]) or re.match(r"(?:các|những|\d+)\s", t.group("t"), re.I)
        if not plural and not _LIST_AFTER.search(gap):
            continue
        word = re.sub(r"^(?:cac|nhung|\d+)\s+", "", fold(t.group("t")))
        if word in ("tap the", "ca nhan") and not _AWARD.search(head):
            continue   # "trang cá nhân: …", "tập thể lớp: …"
        kind = {"mo hinh": "mô hình", "guong": "gương", "tam guong": "gương", "tap the": "tập thể",
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


# ---------------------------------------------------------------------------
# Tables

_H_STT = re.compile(r"^(?:stt|tt|số tt|số thứ tự|s\.t\.t)$", re.IGNORECASE)
_H_NAME = re.compile(r"tên|họ và tên|họ tên|mô hình|điển hình|tập thể|cá nhân|danh hiệu được", re.IGNORECASE)
_H_ADDR = re.compile(r"địa chỉ|đơn vị|nơi công tác|địa bàn|chức vụ|quê quán|nơi ở|địa phương|huyện|xã", re.IGNORECASE)
_H_FIELD = re.compile(r"lĩnh vực|ngành|phong trào|nhóm", re.IGNORECASE)
_H_YEAR = re.compile(r"^năm|năm công nhận|năm xây dựng|thời gian", re.IGNORECASE)
_SECTION_KIND = [
    (re.compile(r"tập thể", re.IGNORECASE), "tập thể"),
    (re.compile(r"cá nhân", re.IGNORECASE), "cá nhân"),
    (re.compile(r"gương", re.IGNORECASE), "gương"),
    (re.compile(r"mô hình", re.IGNORECASE), "mô hình"),
    (re.compile(r"điển hình|ĐHTT", re.IGNORECASE), "điển hình"),
]


def _roles(cells: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    if cells and re.fullmatch(r"\d+\.?", (cells[0] or "").strip()):
        return roles          # "1 | Mô hình … | xã …": a data row, not a header
    for i, c in enumerate(cells):
        c = c.strip()
        if not c or len(c.split()) > 8:
            continue
        if _H_STT.match(c) and "stt" not in roles:
            roles["stt"] = i
        elif _H_FIELD.search(c) and "field" not in roles and not _H_NAME.search(c.split("/")[0]):
            roles["field"] = i
        elif _H_NAME.search(c) and "name" not in roles and not re.match(r"^(?:địa chỉ|đơn vị)\b", c, re.IGNORECASE):
            roles["name"] = i
        elif _H_ADDR.search(c) and "addr" not in roles:
            roles["addr"] = i
        elif _H_YEAR.search(c) and "year" not in roles:
            roles["year"] = i
    return roles


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int], str]:
    """(index of the first data row, column roles, header text) of a table."""
    best = (-1, {}, "")
    for i in range(min(4, len(rows))):
        cands = [(i, rows[i])]
        if i + 1 < len(rows):
            merged = [f"{a} {b}".strip() for a, b in zip(rows[i], rows[i + 1])]
            cands.append((i + 1, merged))
        for last, cells in cands:
            roles = _roles(cells)
            if "name" in roles and len(roles) >= 2 and len(roles) > len(best[1]):
                best = (last + 1, roles, " ".join(cells))
    if best[0] >= 0:
        return best
    return 0, _infer_roles(rows), ""


def _infer_roles(rows: list[list[str]]) -> dict[str, int]:
    width = max((len(r) for r in rows), default=0)
    roles: dict[str, int] = {}
    if not width:
        return roles
    cols = [[(r[i] if i < len(r) else "").strip() for r in rows] for i in range(width)]
    def share(col, pred):
        vals = [v for v in col if v]
        return sum(1 for v in vals if pred(v)) / len(vals) if vals else 0
    for i, col in enumerate(cols):
        if share(col, lambda v: re.fullmatch(r"[0-9]+\.?|[IVXivx]+\.?", v) is not None) > 0.6:
            roles.setdefault("stt", i)
    for i, col in enumerate(cols):
        if i in roles.values():
            continue
        if share(col, lambda v: len(v.split()) <= 6 and field_of_text(v) is not None) > 0.6:
            roles.setdefault("field", i)
    for i, col in enumerate(cols):
        if i in roles.values():
            continue
        if share(col, lambda v: re.search(r"\b(xã|phường|thị trấn|huyện|TP\.?|thành phố)\s", v + " ", re.IGNORECASE) is not None) > 0.5:
            roles.setdefault("addr", i)
    rest = [i for i in range(width) if i not in roles.values()]
    if rest:
        roles["name"] = max(rest, key=lambda i: sum(len(v) for v in cols[i]))
    return roles


def _cell(row: list[str], i: int | None) -> str:
    if i is None or i >= len(row):
        return ""
    return normalize(row[i] or "").replace("\n", " ").strip()


def _table_models(table: list[list[str]], year: int | None, doc_district: str | None) -> list[dict]:
    rows = [[normalize(c or "").replace("\n", " ").strip() for c in r] for r in table if r]
    if not rows:
        return []
    start, roles, header_text = _header(rows)
    if "name" not in roles:
        return []
    default_kind = "điển hình"
    for rx, k in _SECTION_KIND:
        if header_text and rx.search(header_text):
            default_kind = k
            break
    if header_text and re.search(r"họ và tên|họ tên", header_text, re.IGNORECASE):
        default_kind = "cá nhân"
    section_kind, section_district = None, None
    out = []
    # a header cut over two rows: "Địa chỉ" / "(đơn vị công tác)"
    while start < len(rows) and not _cell(rows[start], roles.get("name")) and not _cell(rows[start], roles.get("stt")):
        start += 1
    for row in rows[start:]:
        filled = [c for c in row if c]
        if not filled:
            continue
        name = _cell(row, roles.get("name"))
        stt = _cell(row, roles.get("stt"))
        others = {c for i, c in enumerate(row) if c and i != roles.get("stt")}
        # section rows: "I | TẬP THỂ", "Huyện Cao Phong" (one text, maybe repeated by merged cells)
        if len(others) == 1 and (not stt or re.fullmatch(r"[IVXivx]+\.?|[A-Da-d]\.?", stt) or stt in others) and (
                re.match(r"^(?:[IVX]+|[A-D])[.)]\s", next(iter(others))) or next(iter(others)).isupper()
                or stt and re.fullmatch(r"[IVX]+\.?|[A-D]\.?", stt)
                or re.match(r"^(?:huyện|thành phố|TP)\s", next(iter(others)), re.IGNORECASE)):
            txt = next(iter(others))
            for rx, k in _SECTION_KIND:
                if rx.search(txt):
                    section_kind = k
                    break
            d = district_of_address(txt, year=year)
            if d:
                section_district = d
            continue
        if not name or _H_NAME.fullmatch(name) or re.match(r"^(?:tổng|cộng|tổng cộng)\b", name, re.IGNORECASE):
            continue
        if re.fullmatch(r"[\d.()\s]+", name):
            continue
        addr = _cell(row, roles.get("addr"))
        fcell = _cell(row, roles.get("field"))
        ycell = _cell(row, roles.get("year"))
        kind = _kind_of_name(name, default_kind, section_kind)
        district = (district_of_address(addr, year=year) if addr else None) \
            or district_of_address(name, year=year) or section_district or doc_district
        field = (field_of_text(fcell) if fcell else None) or field_of_text(name)
        row_text = " | ".join(filled)
        y = _year_near(ycell, None) if ycell else None
        y = y or _year_near(" ".join(c for i, c in enumerate(row) if i != roles.get("stt")), year)
        out.append({"name": _capitalize(name), "kind": kind, "district": district,
                    "field": field, "year": y, "sentence": row_text})
    return out


def _row_cells(line: str) -> list[str] | None:
    """Cells of a table row written as text ("1 | HTX … | xã … | Nông nghiệp",
    tab-separated), else None."""
    if line.count("|") >= 2:
        body = line.strip()
        if body.startswith("|") and body.endswith("|"):
            body = body[1:-1]    # Markdown style "| a | b |"
        cells = [c.strip() for c in body.split("|")]
    elif line.count("\t") >= 2:
        cells = [c.strip() for c in line.split("\t")]
    else:
        return None
    if all(re.fullmatch(r"[-:=\s]*", c) for c in cells):
        return []     # a Markdown rule line: part of the table, no row
    return cells


# ---------------------------------------------------------------------------

def find_models(blocks: list[str], tables: list[list[list[str]]], *, year: int | None,
                doc_districts: list[str]) -> list[dict]:
    """Models named in a document's text blocks and annex tables.

    `blocks` are the body's text blocks (teasers removed), `tables` its
    tables (table -> rows -> cells), `year` the document's year (the
    default for a model's year), `doc_districts` the districts the document
    is about (a model inherits one only when there is exactly one).
    """
    doc_district = doc_districts[0] if doc_districts and len(doc_districts) == 1 else None
    found: list[dict] = []
    text_tables: list[list[list[str]]] = []
    for block in blocks or []:
        block = normalize(block or "")
        if not block:
            continue
        paras, rows = [], []
        for line in block.split("\n") + [""]:
            cells = _row_cells(line)
            if cells is not None:
                if cells:
                    rows.append(cells)
                continue
            if len(rows) >= 2:
                text_tables.append(rows)
            elif rows:
                paras.append(" ".join(c for c in rows[0] if c))
            rows = []
            paras.append(line)
        for para in paras:
            for sent in _sentences(para):
                for rec in _prose_models(sent, year, para):
                    if rec["district"] is None:
                        rec["district"] = doc_district
                    found.append(rec)
    for table in list(tables or []) + text_tables:
        found.extend(_table_models(table, year, doc_district))
    # a person found by a deed who is already named in another model goes
    persons = [r for r in found if r.get("_person")]
    for r in persons:
        if any(r is not o and r["_person"] in fold(o["name"]) and not o.get("_person") for o in found):
            found.remove(r)
    for r in found:
        r.pop("_person", None)
    # deduplicate by folded name, filling gaps from later duplicates; a name that
    # is the beginning of another ('Mô hình "Dân vận khéo"' and 'Mô hình "Dân
    # vận khéo" … của xã Văn Sơn') is the same model named shorter
    out: list[dict] = []
    keys: list[str] = []
    for rec in found:
        k = _name_key(rec["name"])
        if not k:
            continue
        hit = None
        for i, kk in enumerate(keys):
            if kk == k or kk.startswith(k + " ") or k.startswith(kk + " "):
                hit = i
                break
        if hit is None:
            keys.append(k)
            out.append(rec)
            continue
        kept = out[hit]
        if len(k) > len(keys[hit]):          # keep the fuller name
            for f in ("district", "field", "year", "kind"):
                if rec.get(f) is None and kept.get(f) is not None:
                    rec[f] = kept[f]
            out[hit], keys[hit] = rec, k
        else:
            for f in ("district", "field", "year"):
                if kept.get(f) is None and rec.get(f) is not None:
                    kept[f] = rec[f]
    return out
