"""Subjects a sentence praises, awards or recognises: `_praised`.

"Bà Quách Thị Lan, xóm Mới, xã Ân Nghĩa được biểu dương là hộ nông dân
SX-KD giỏi", "Trạm Y tế xã Phú Lai được công nhận đạt chuẩn quốc gia",
"Tiêu biểu cho phong trào là ông Bùi Văn Hùng ở xóm Bưng", "Chị Nhung được
tặng Bằng khen" (the full name from earlier in the document), "Được UBND
huyện tặng giấy khen …, chị Hà Thị Vui …". The subject is the clause's
(a titled person before the workplace in apposition; a place only when
nothing else is, and not when the clause counts its people), never who
speaks ("Ông X, Chủ tịch …, cho biết: …") or what the subject is called.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..fields import field_of_text
from .context import _district_near, _year_near
from .mentions import Mentions, full_names
from .names import _ORG_WORDS, _PERSON_TITLES, _UP, _cap, _capitalize, _kind_of_name, _looks_person, _name_key

_ROLE_RE = re.compile(
    r"^(?:giám đốc|phó giám đốc|chủ nhiệm|bí thư|phó bí thư|chủ tịch|phó chủ tịch|trưởng|phó|kỹ sư|công nhân|"
    r"giáo viên|hiệu trưởng|bác sĩ|y sĩ|cán bộ|chiến sĩ|hội viên|đoàn viên|nông dân|thành viên|nhân viên|"
    r"điều dưỡng|y tá|thợ|tổ trưởng|đảng viên|học sinh|sinh viên|người đứng đầu)\b",
    re.IGNORECASE)

_STATUSES_FILE = Path(__file__).resolve().parents[1] / "data" / "statuses.txt"
# "được công nhận là xã đảo": a status, no honour (data/statuses.txt)
_STATUSES = "(?:" + "|".join(sorted((re.escape(ln.strip()) for ln in _STATUSES_FILE.read_text(encoding="utf-8")
                                     .splitlines() if ln.strip() and not ln.startswith("#")),
                                    key=len, reverse=True)) + r")(?!\w)"
_AWARD_OBJECT = (r"(?:bằng khen|giấy khen|bằng lao động sáng tạo|huân chương|huy chương|huy hiệu|kỷ niệm chương|"
                 r"cờ thi đua|danh hiệu|"
                 r"giấy biểu dương|giấy chứng nhận(?!\s+(?:đăng ký|đầu tư|quyền|kinh doanh|đủ điều kiện))|phần thưởng)")
_PRAISE_RE = re.compile(
    r"(?:\s|^)(?:đã\s+|vừa\s+|cũng\s+|luôn\s+|nhiều năm liền\s+)?(?:"
    r"(?:đoạt|giành|đạt)\s+giải\s+(?:nhất|nhì|ba|đặc biệt|vàng|cao nhất|a)\b|"
    r"được\s+(?:[\w.&/-]+,?\s+){0,10}?(?:biểu dương|tuyên dương|khen thưởng|tôn vinh|suy tôn|vinh danh|nhân rộng|"
    r"đánh giá\s+(?:cao|là\s+(?:cách làm hay|mô hình|điển hình|đơn vị|tập thể|công trình))|"
    rf"(?:tặng|trao tặng|truy tặng|trao|phong tặng|tặng thưởng)\s+{_AWARD_OBJECT}|"
    rf"công nhận\s+(?!(?:là\s+)?{_STATUSES})(?:là|đạt|danh hiệu|hoàn thành|có phạm vi ảnh hưởng|"
    r"[\"“][^\"”]{2,80}[\"”]|(?:là\s+)?(?:xã|xóm|bản|thôn|làng|khu dân cư|trường|đơn vị|gia đình|cơ quan|"
    r"chi hội|chi đoàn|hội|HTX|hợp tác xã|doanh nghiệp|tổ|"
    r"công đoàn|chi bộ|tập thể|tổ dân phố)\s)|"
    r"(?:đánh giá|chọn|bình chọn|xếp)\s+là\s+[^,.;]{0,40}?(?:tiêu biểu|điển hình|dẫn đầu|xuất sắc|hiệu quả nhất|"
    r"giỏi nhất|đi đầu|điểm sáng))|"
    r"(?:giữ vững|đón nhận|nhận)\s+(?:danh hiệu|huân chương|cờ thi đua|bằng công nhận)|"
    r"là\s+(?:một trong những\s+|một\s+)?(?:gương mặt\s+[^,.;]{0,40}?(?:tiêu biểu|xuất sắc|điển hình)|"
    r"điển hình|tấm gương|gương(?!\s+mặt)|hộ nông dân sx-kd giỏi|"
    r"hộ sản xuất kinh doanh giỏi|đơn vị dẫn đầu|đơn vị đi đầu|lá cờ đầu|điểm sáng|"
    r"(?:\d+\s+)?(?:đơn vị|doanh nghiệp|hộ|tập thể|hợp tác xã|HTX|xã|trường|chi hội|chi bộ|chi đoàn|tổ hợp tác|"
    r"công an xã|trưởng công an xã|nông dân|hội viên|gia đình)\s+[^,.;]{0,40}?"
    r"(?:tiêu biểu|giỏi|xuất sắc|điển hình|dẫn đầu|vững mạnh))|"
    r"đạt (?:chuẩn (?:quốc gia|nông thôn mới|NTM|văn hóa|khu dân cư)|danh hiệu|bộ tiêu chí quốc gia))"
    r"(?=\s|[,.;]|$)", re.IGNORECASE)
_TIEU_BIEU_RE = re.compile(r"(?:^|[,.;]\s*)(?:tiêu biểu|điển hình|dẫn đầu|nổi bật)\s+"
                           r"(?:[^.;:,]{0,50}?\s)?là\s+", re.IGNORECASE)
_PURE_PLACE_RE = re.compile(rf"(?i:xã|phường|thị trấn|thôn|xóm|bản|tổ dân phố)\s+[{_UP}\d][\w]*(?:\s+[{_UP}\d][\w]*)*")
_PLACE_START = re.compile(r"^(?:xã|phường|thị trấn|thôn|xóm|bản|tổ dân phố)\s", re.IGNORECASE)
_ADDRESS_ONLY = re.compile(r"^(?:ở\s+|tại\s+)?(?:xã|phường|thị trấn|huyện|thôn|xóm|bản|tổ(?=\s+(?:\d|dân phố))|tỉnh|TP|"
                           r"thành phố)\s",
                           re.IGNORECASE)
_SUBJECT_END = re.compile(r"\s+(?:ở|tại|với|thuộc|gồm|có|nhờ|sau|trong|từ|cùng|và|là|được|đã|luôn)\s|\s*[(–-]\s",
                          re.IGNORECASE)
_PERSON_IN_RE = re.compile(rf"(?<![\w])(?i:{_PERSON_TITLES})\s+[{_UP}][\w]*(?:\s+[{_UP}][\w]*){{1,3}}")


def _same_subject(a: str, b: str) -> bool:
    ka, kb = _name_key(a), _name_key(b)
    return ka in kb or kb in ka


_QUOTED_INITIATIVE_RE = re.compile(
    rf"(?<![\w])(?i:mô hình|công trình|sáng kiến|phong trào|giải pháp|đề tài)\s+[\"“][^\"”]{{3,120}}[\"”]"
    rf"(?:\s+(?i:của)\s+(?:[\w&.\-]+\s+){{0,3}}?[{_UP}][\w]*(?:\s+[{_UP}][\w]*)*)?")
_SPEECH_RE = re.compile(r"^.*\b(?:cho biết|chia sẻ|khẳng định|nhấn mạnh|thông tin|phát biểu|cho rằng|nhận định|"
                        r"bày tỏ|tâm sự|nhận xét)\b|^theo\s|^.*(?<!được )\bđánh giá\s+(?:đây|đó|rằng)\b",
                        re.IGNORECASE)


def _subject(chunk: str, known: Mentions | None = None) -> str | None:
    """The praised subject a clause begins with, cleaned, else None."""
    c = re.sub(rf"^(?i:tập thể|đơn vị|cá nhân)\s+(?=[{_UP}])", "", chunk.strip())
    if _GENERIC_LEAD_RE.match(c):
        return None
    quoted = _QUOTED_INITIATIVE_RE.search(c)     # 'Công trình "Thắp sáng đường quê" của Đoàn xã Hạ Bì'
    if quoted:
        return quoted.group(0)
    product = re.match(r"^(?:sản phẩm|thương hiệu|nhãn hiệu)\b.*?\scủa\s+(?P<owner>\S.*)$", c, re.IGNORECASE)
    if product:                                  # "Sản phẩm cam lòng vàng của HTX …": the HTX
        return _subject(product.group("owner"))
    # a person: a title and a full name ("Bà Quách Thị Lan", "Đại úy Quách Văn Thành")
    person = re.match(rf"^(?i:{_PERSON_TITLES})\s+[{_UP}][\w]*(?:\s+[{_UP}][\w]*){{1,3}}", c)
    if person:
        return person.group(0)
    if _ORG_WORDS.match(c) and not _NOT_A_UNIT_RE.match(c) and not _ROLE_RE.match(c):
        m = _SUBJECT_END.search(c, 3)
        while m and m.group(0).strip().lower() == "và" and c[m.end():m.end() + 1].isupper():
            m = _SUBJECT_END.search(c, m.end())     # "HTX Nông nghiệp và Dịch vụ Thanh Hà": one name
        words = (c[:m.start()] if m else c).split()
        mass = _MASS_ORG_RE.match(c)
        keep = len(mass.group(0).split()) if mass else 2
        while len(words) > keep and not (_cap(words[-1]) or words[-1].isupper() or words[-1][:1].isdigit()):
            words.pop()           # "… Trung ương chính thức": the clause, not the name
        # a unit has a name: "Trạm Y tế xã Phú Lai", not "tổ" or "hội viên"
        if 2 <= len(words) <= 14 and any(_cap(w) or w.isupper() for w in words[1:]):
            return " ".join(words)
        whole = c.split()       # "Bộ phận tiếp nhận và trả kết quả xã An Bình": "và" inside the name
        while len(whole) > 2 and not (_cap(whole[-1]) or whole[-1].isupper()):
            whole.pop()
        if m and 2 <= len(whole) <= 12 and any(_cap(w) or w.isupper() for w in whole[1:]) \
                and not _SUBJECT_END.search(" ".join(whole), m.end()):
            return " ".join(whole)
    inside = list(_PERSON_IN_RE.finditer(c))
    if inside and not re.search(r"\b(?:chủ tịch|giám đốc|bí thư|trưởng)\b", c[:inside[-1].start()], re.IGNORECASE):
        return inside[-1].group(0)   # "Nghĩa cử của em Hà Thị Ngọc"
    deed = re.match(r"^(?:việc làm|nghĩa cử|hành động|tấm gương|gương|sáng kiến|đề tài|công trình)\s+của\s+"
                    r"(?P<who>.+)$", c, re.IGNORECASE)
    if _ROLE_RE.match(c) or deed:
        names = full_names(c)        # "Trưởng xóm Mỗ Bùi Văn Khiêm", "việc làm của điều dưỡng Lê Thị Hoa"
        if names:
            return names[-1]
        if deed and known is not None:   # "Tấm gương của ông Lực": named in full earlier
            return known.resolve(deed.group("who").strip())
    return None


# a mass organisation's name is lower case after its first word: "Hội Cựu chiến binh xã"
_MASS_ORG_RE = re.compile(r"^(?:hội|chi hội|đoàn|tổ|câu lạc bộ|CLB)\s+(?:cựu chiến binh|phụ nữ|nông dân|thanh niên|"
                          r"người cao tuổi|chữ thập đỏ|khuyến học|cựu giáo chức|liên hiệp phụ nữ)(?:\s+(?:xã|thôn|xóm|"
                          r"bản|phường|thị trấn|huyện)(?=\s|$))?", re.IGNORECASE)
_NOT_A_UNIT_RE = re.compile(
    r"^(?:huyện|thành phố|TP|UBND|ủy ban|sở|phòng|ban(?!\s+(?:chỉ huy|CHQS|công tác|bảo vệ|quản lý))|"
    r"trường hợp|khu vực|khu tập thể|khu chung cư|nhà máy|"
    r"hộ|gia đình|tập thể|lớp|khối|quỹ|ngân hàng|văn phòng|cục|chi cục)\b", re.IGNORECASE)
_TITLED_START_RE = re.compile(rf"^(?i:{_PERSON_TITLES})\s+[{_UP}]")
# a clause that counts a place's people or things: "có 96% số hộ", "có 12 hộ"
_COUNTED_RE = re.compile(r"\bcó\s+(?:\d|hơn|trên|gần|khoảng)|%|\bsố hộ\b", re.IGNORECASE)
_NOT_YET_RE = re.compile(r"mục tiêu|phấn đấu|kế hoạch|\bsẽ\b|\bchưa\b|\bđang\b", re.IGNORECASE)
_GENERIC_LEAD_RE = re.compile(r"^(?:các|những|nhiều|mỗi|một số|hàng)\s", re.IGNORECASE)


# what is planned or hoped for is no praise yet
_PLANNED_RE = re.compile(r"(?<!\w)(?:phấn đấu|dự kiến|mục tiêu|kế hoạch|sẽ|đăng ký|hướng tới|nếu)(?!\w)", re.IGNORECASE)


def _praised(s: str, year: int | None, known: Mentions | None = None) -> list[dict]:
    """The subjects a sentence praises, awards or recognises, one per praise
    ("tập thể Công an xã X được … tặng Giấy khen; cá nhân Đại úy Y được …
    tặng Bằng khen": both), a later praise's subject sought only after the
    earlier praise; a short form ("Chị Nhung", "HTX") is the full name
    `known` gave it earlier in the document."""
    out: list[dict] = []
    # "(xã Thung Nai)" and the comma of "phòng, chống" hide nothing of the clause
    blanked = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), s)
    blanked = re.sub(r"phòng,(?=\s*chống)", "phòng ", blanked, flags=re.IGNORECASE)
    blanked = re.sub(r"(?<=\d),(?=\d)", ".", blanked)
    last_end = 0
    for m in _PRAISE_RE.finditer(blanked):
        if _PLANNED_RE.search(blanked[max(0, m.start() - 120):m.start()]):
            continue      # "huyện phấn đấu có thêm xã Yên Trị đạt chuẩn NTM": not yet
        masked = " " * last_end + blanked[last_end:]
        found = _subject_before(masked, m, known) or (None if out else _subject_after(blanked, m, known))
        if found and not any(_same_subject(found[1], r["name"]) for r in out):
            out.append(_praised_model(s, found[1], found[0], year, known))
            last_end = m.end()
    passive = [(m.start(), m.end()) for m in _PRAISE_RE.finditer(blanked)]
    for m in _ACTIVE_RE.finditer(blanked):
        if any(a <= m.start("verb") < b for a, b in passive):
            continue      # "được Thành đoàn biểu dương": the passive, read above
        for at, subj in _objects(blanked, m, known):
            if not any(_same_subject(subj, r["name"]) for r in out):
                out.append(_praised_model(s, subj, at, year, known))
    t = _TIEU_BIEU_RE.search(blanked)
    if t and not re.match(r"(?:việc|như|khi|các|những|nhiều|vụ)\s", blanked[t.end():], re.IGNORECASE):
        rest = blanked[t.end():]      # "điển hình là việc …" is "for example", no subject
        first = re.split(r"[,;:]", rest, maxsplit=1)[0].strip()
        subj = _subject(first) or (_PURE_PLACE_RE.match(first).group(0) if _PURE_PLACE_RE.match(first) else None)
        if subj and not any(_same_subject(subj, r["name"]) for r in out):
            out.append(_praised_model(s, subj, t.end(), year, known))
    return out


# the praise as an active verb, its subjects after it: "Thành đoàn biểu dương
# chị Nguyễn Thị Lan Anh, tiểu thương …", "quyết định công nhận Trạm Y tế xã
# A và Trạm Y tế xã B đạt Bộ tiêu chí …", "trao Bằng khen cho ông X"
_ACTIVE_RE = re.compile(
    r"(?<!\w)(?P<verb>(?:biểu dương|tuyên dương|khen thưởng|vinh danh|tôn vinh)(?=\s)|"
    r"công nhận(?=\s+[^.;]{3,160}?\sđạt\s)|"
    rf"(?:tặng|trao tặng|trao|truy tặng)\s+{_AWARD_OBJECT}[^.;]{{0,80}}?\scho(?=\s))", re.IGNORECASE)
_OBJECTS_END_RE = re.compile(r"\s(?:đạt|vì|do|đã|với|về|trong|tại hội nghị|nhân dịp|có thành tích)\s|[;:.]",
                             re.IGNORECASE)


def _objects(blanked: str, m: re.Match, known: Mentions | None) -> list[tuple[int, str]]:
    """The subjects after an active praise (`_ACTIVE_RE`), one per item of
    a list joined by "và" or commas; none when the first is no subject."""
    rest = blanked[m.end():]
    end = _OBJECTS_END_RE.search(rest)
    region = rest[:end.start()] if end else rest
    out: list[tuple[int, str]] = []
    pos = m.end()
    for item in re.split(r"(,\s*|\s+và\s+)", region):
        if not item.strip() or re.fullmatch(r",\s*|\s+và\s+", item):
            pos += len(item)
            continue
        chunk = item.strip()
        if out and _ADDRESS_ONLY.match(chunk):
            break           # "anh Đinh Công Thắng, xóm Quèn Thị, xã Lạc Lương": his address
        subj = _subject(chunk, known) or _short(chunk, known)
        if subj:
            out.append((pos, subj))
        elif not out:
            return []       # "biểu dương những tập thể …": a category, not one model
        pos += len(item)
    return out


_PRONOUN_VERB_RE = re.compile(r"(?:được|đã|là|vừa|vinh dự|cũng|luôn|giành|đoạt|đạt|nhiều|liên tục|hai|ba|này|đó|"
                              r"trên)(?:\s|$)", re.IGNORECASE)
_UNIT_WORD_RE = re.compile(r"(?i:(?:tập thể\s+)?(?:HTX|hợp tác xã|tổ hợp tác|công ty|doanh nghiệp|CLB|câu lạc bộ|"
                           r"chi hội|trường|nhà trường|trạm|đội|chi bộ|tổ|hội|khoa|mô hình|sáng kiến|công trình|"
                           r"bệnh viện))")


def _short(chunk: str, known: Mentions | None) -> str | None:
    """The full name of a short subject at the start of `chunk` ("Chị Nhung
    vinh dự là …", "HTX", "Ngọc Ánh"), if `known` has it."""
    if known is None:
        return None
    m = re.match(r"^(?i:(?:tập thể\s+)?(?:HTX|hợp tác xã|tổ hợp tác|công ty|doanh nghiệp|CLB|câu lạc bộ|chi hội|"
                 r"trường|nhà trường|trạm|đội|chi bộ|tổ|hội|khoa|mô hình|sáng kiến|công trình|bệnh viện))(?!\w)|"
                 rf"^(?i:ông|bà|anh|chị|cô|thầy)(?=\s+(?:được|đã|là|vinh dự|cũng|nhiều|liên tục|hai|ba)\s|$)|"
                 rf"^(?:(?i:{_PERSON_TITLES})\s+)?[{_UP}][\w]*(?:\s+[{_UP}][\w]*)?", chunk)
    if not m:
        return None
    rest = chunk[m.end():].strip()
    if rest and not rest[:1].islower():
        return None
    if (known.is_pronoun(m.group(0)) or not m.group(0)[:1].isupper() or _UNIT_WORD_RE.fullmatch(m.group(0))) \
            and rest and not _PRONOUN_VERB_RE.match(rest):
        return None        # "Anh trai là tấm gương", "Mô hình chăn nuôi gà …": a noun phrase, no reference
    return known.resolve(m.group(0))


def _subject_before(blanked: str, m: re.Match, known: Mentions | None) -> tuple[int, str] | None:
    """(position, name) of the subject of the clause the praise `m` ends."""
    head = blanked[:m.start()]
    chunks = [(mm.start(), mm.group(0)) for mm in re.finditer(r"[^,;:]+", head)]
    place, clause_place = None, None
    found: list[tuple[int, str, bool]] = []      # (position, subject, a titled person)
    skipped = 0
    for pos, ch in reversed(chunks):
        # a lead tag ("(HBĐT) -", blanked) and a decision's verb ("Công nhận xóm Bo")
        ch_s = re.sub(r"^[\s\-–]+|^(?:công nhận|tặng thưởng|tặng)\s+", "", ch.strip(), flags=re.IGNORECASE).strip()
        if not ch_s:
            continue
        if _SPEECH_RE.match(ch_s) or head[pos + len(ch):pos + len(ch) + 1] == ":":
            break       # "Ông X, Chủ tịch … cho biết: …", "Theo bà Y, …": who speaks is no subject
        if _ADDRESS_ONLY.match(ch_s) and not _ORG_WORDS.match(ch_s.split(" ", 1)[-1]):
            if _PURE_PLACE_RE.fullmatch(ch_s) \
                    and (place is not None or clause_place is not None or pos + len(ch) >= len(head.rstrip()) - 1):
                place = (pos, ch_s)     # the subject itself, if nothing else is: its
                continue                # leftmost place ("xóm Bo, xã Ân Nghĩa")
            lead = _PURE_PLACE_RE.match(ch_s)
            if not found and place is None and clause_place is None and lead and _PLACE_START.match(ch_s):
                # "xã Sơn Thủy đã hoàn thành 19/19 tiêu chí và [được công nhận]": the place
                # is the subject, unless the clause counts its people ("có 96% số hộ")
                clause = ch_s[lead.end():]
                passive = re.search(r"(?<!\w)được(?!\w)", m.group(0), re.IGNORECASE)
                if _NOT_YET_RE.search(clause) or not passive or _COUNTED_RE.search(clause) and \
                        pos + len(ch) >= len(head.rstrip()) - 1:
                    break       # the clause counts its people and the praise is theirs
                clause_place = (pos, lead.group(0))
                continue
            continue
        subj = _subject(ch_s, known)
        person = bool(subj) and bool(_TITLED_START_RE.match(ch_s))
        la = re.search(rf"\s(?:là|có)\s+(?=[{_UP}])|\slà\s+(?=\S)", ch_s) if not subj else None
        if la:                        # "Điểm sáng của năm là xã Lạc Thịnh [được công nhận …]"
            after = ch_s[la.end():]
            subj = _subject(after) or (after if _PURE_PLACE_RE.fullmatch(after) else None)
            person = bool(subj) and bool(_TITLED_START_RE.match(after))
        if not subj:
            subj = _short(re.sub(r"^(?:năm|tháng|ngày)\s+[\d/]+\s+", "", ch_s, flags=re.IGNORECASE), known)
            person = bool(subj) and _looks_person(subj)
        if subj:
            found.append((pos, subj, person))
            if person or len(found) >= 2:
                break
            continue      # "Chị X, tổ trưởng …, Công ty Y được tuyên dương": the person, if any
        if skipped < 3 and (ch_s[:1].islower() or _ROLE_RE.match(ch_s) or len(ch_s.split()) <= 6):
            skipped += 1
            continue
        break
    people = [f for f in found if f[2]]
    pick = people[0] if people else (found[0] if found else None)
    if pick:
        return pick[0], pick[1]
    place = place or clause_place
    if place and re.search(r"đạt|công nhận|đầu tiên|tặng|khen|biểu dương|tuyên dương|vinh danh|tôn vinh",
                           m.group(0), re.IGNORECASE):
        name = place[1]
        if len(name.split()) >= 2 and _cap(name.split()[1]):
            return place
    return None


def _subject_after(blanked: str, m: re.Match, known: Mentions | None) -> tuple[int, str] | None:
    """A praise put first: "Được UBND huyện tặng giấy khen …, chị Hà Thị Vui
    …", "Cũng được tuyên dương dịp này là thầy Lò Văn Thịnh"."""
    if blanked[:m.start()].strip(" -–(") and not re.fullmatch(r"\s*(?:cũng|đồng thời)\s*", blanked[:m.start()],
                                                                re.IGNORECASE):
        return None
    rest = blanked[m.end():]
    la = re.match(r"[^.;]{0,60}?\slà\s+", rest)
    if la:
        at = m.end() + la.end()
    else:
        comma = rest.find(",")
        if comma < 0:
            return None
        nxt = rest.find(",", comma + 1)
        at = m.end() + comma + 1
        if nxt > comma + 1 and re.match(r"\s*[\w\s]+$", rest[comma + 1:nxt]) is None:
            return None
    chunk = re.split(r"[,;:]", blanked[at:], maxsplit=1)[0].strip()
    subj = _subject(chunk) or _short(chunk, known)
    return (at, subj) if subj else None


def _praised_model(s: str, name: str, at: int, year: int | None, known: Mentions | None = None) -> dict:
    name = re.sub(r"\s+", " ", name).strip(" ,;:.-–")
    if known is not None and len(name.split()) <= 3:
        full = known.resolve(name)      # "chị Lan Anh": Nguyễn Thị Lan Anh, named in full before
        if full and len(full.split()) > len(name.split()) - 1:
            name = full
    name = _capitalize(name)
    around = s[at:]
    return {"name": name, "kind": _kind_of_name(name, "tập thể"),
            "district": _district_near(around, year) or _district_near(s, year),
            "field": field_of_text(s), "year": _year_near(s, year), "sentence": s}
