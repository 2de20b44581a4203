"""The names of models: who or what a name is, and its cleaned forms.

Person titles and surnames, the words an organisation's name starts with
("HTX", "Trường", "xã" …), whether a name looks like a person, the kind a
name gives (cá nhân, tập thể or mô hình),
the capitalized form a record shows, the folded key records are
deduplicated by, where an address starts after a name, and the identity
key that makes the mentions of one model in many documents one model.
"""
from __future__ import annotations

import re

from ingest.vietnamese.normalize import fold, normalize
from ingest.vietnamese.syllable import UPPER

_UP = "" + UPPER + r""

_PERSON_TITLES = (r"(?:ông|bà|anh|chị|em|cháu|đồng chí|đ/c|thầy|cô|cụ|bác|chú|thượng úy|trung úy|thiếu úy|đại úy|"
                   r"thiếu tá|trung tá|thượng tá|đại tá|bác sĩ|bác sỹ|y sĩ|cô giáo|thầy giáo|nghệ nhân|nghệ nhân ưu tú|"
                   r"cựu chiến binh|CCB|chiến sĩ|chiến sĩ dân quân|em học sinh|già làng)")
_SURNAME_LIST = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Quách Xa Hà Đào "
    "Cao Lương Mai Trịnh Đoàn Lò Sa Bạch Kiều Tạ Lưu Vi Quang Triệu Mạc Chu Khà Hoàng Đồng Tống Lại "
    "Lục Nông Ma Mùa Giàng Sùng Thào Vàng Lường Cầm Hứa Tô Văn Đàm Thái Kim Nghiêm Phùng Âu Lã Ninh")
_SURNAMES = {fold(s) for s in _SURNAME_LIST.split()}
SURNAMES = frozenset(_SURNAME_LIST.split())        # as written: "Tống" is one, "Tổng" is not
ORG_WORD_LIST = (
    r"(?:HTX|hợp tác xã|tổ hợp tác|THT|công ty|cty|doanh nghiệp|DN|trường|nhà trường|chi bộ|đảng bộ|hội|chi hội|"
    r"chi đoàn|câu lạc bộ|CLB|tổ|nhóm|ban|UBND|ủy ban|đồn|công an|bệnh viện|trạm|trung tâm|phòng|sở|xã|phường|thị trấn|"
    r"thôn|xóm|bản|khu|tiểu khu|làng|gia đình|hộ|cơ sở|nhà máy|xí nghiệp|đoàn|liên đoàn|lữ đoàn|trung đoàn|"
    r"tập thể|đội|văn phòng|cục|chi cục|hạt|ngân hàng|quỹ|mặt trận|huyện|thành phố|TP|khối|lớp|dòng họ|tổ dân phố|"
    r"trung đội|tiểu đội|đại đội|tiểu đoàn|công đoàn|lực lượng|điện lực|ban quản lý|khoa|bộ phận|ban công tác)")
_ORG_WORDS = re.compile(rf"^{ORG_WORD_LIST}\b", re.IGNORECASE)


def _cap(w: str) -> bool:
    return bool(w) and (w[0].isupper() or w[0].isdigit())


def _looks_person(name: str) -> bool:
    n = re.sub(rf"^{_PERSON_TITLES}\s+", "", name.strip(), flags=re.IGNORECASE)
    words = n.split()
    if re.match(rf"^(?i:{_PERSON_TITLES})\s+[{_UP}]", name.strip()):
        return True
    return 2 <= len(words) <= 5 and all(_cap(w) for w in words) and fold(words[0]) in _SURNAMES \
        and not _ORG_WORDS.match(n)


KINDS = ("cá nhân", "tập thể", "mô hình")
# the words a text or a table section uses for a model -> its kind ("gương",
# an example someone sets, is a person; "điển hình", "ĐHTT" a person or a
# collective, decided by the name)
_KIND_WORDS = {"gương": "cá nhân", "tấm gương": "cá nhân", "điển hình": None, "tập thể": "tập thể",
               "cá nhân": "cá nhân", "mô hình": "mô hình"}


def _kind_of_name(name: str, default: str, section: str | None = None) -> str:
    """Kind of a model (cá nhân, tập thể or mô hình) from its name; a table
    section ("I. TẬP THỂ") decides first, then the name, then `default`
    (a model word of the text: "gương", "điển hình", "mô hình" …)."""
    f = fold(name)
    if f.startswith(("mo hinh", "sang kien", "cong trinh", "phong trao", "giai phap", "de tai")):
        return "mô hình"
    subject = example_of(name)
    if subject:        # "Gương dũng cảm … của anh Quách Văn Thành": the person's example
        return _kind_of_name(subject, default, section)
    if _KIND_WORDS.get(section or ""):
        return _KIND_WORDS[section]
    if _looks_person(name):
        return "cá nhân"
    if _ORG_WORDS.match(name.strip()):
        return "tập thể"
    return _KIND_WORDS.get(default) or "tập thể"


def _capitalize(name: str) -> str:
    name = name.strip(" ,;:.-–")
    return name[:1].upper() + name[1:] if name else name


def _name_key(name: str) -> str:
    k = fold(normalize(name))
    k = re.sub(r"[\"“”'‘’().,;:!?\-–]", " ", k)
    return re.sub(r"\s+", " ", k).strip()


_ADDRESS_START = re.compile(
    r"\s*(?:,\s*|\s+-\s+|\s+(?:ở|tại|thuộc|trên địa bàn)\s+)(?=(?:xã|phường|thị trấn|huyện|thôn|xóm|bản|tổ dân phố|"
    r"tiểu khu|khu|TP\.?|thành phố|tỉnh|H\.)\s)", re.IGNORECASE)


_IDENTITY_LEAD = re.compile(rf"^(?:{_PERSON_TITLES}|gia đình|hộ gia đình|hộ|mô hình|gương|tấm gương)\s+",
                            re.IGNORECASE)


_EXAMPLE_OF_RE = re.compile(r"^(?:tấm gương|gương|điển hình|ĐHTT)\b.*?\s(?:của|là)\s+(?P<who>\S.*)$", re.IGNORECASE)


def example_of(name: str) -> str | None:
    """Whose example a name is: "Gương dũng cảm cứu người của anh Quách Văn
    Thành" -> "anh Quách Văn Thành", "Điển hình lao động sáng tạo của Phân
    xưởng Sửa chữa" -> "Phân xưởng Sửa chữa"; None for other names."""
    n = normalize(name or "").strip()
    lead = re.match(rf"^(?i:tấm gương|gương)\s+(?P<who>(?i:{_PERSON_TITLES})\s+[{_UP}][\w]*(?:\s+[{_UP}][\w]*)+)", n)
    if lead:           # "Gương anh Bùi Văn Quyết dũng cảm cứu người …"
        return lead.group("who")
    if not _EXAMPLE_OF_RE.match(n):
        return None
    for m in re.finditer(r"\s(?:của|là)\s+", n):    # "Gương nhặt được của rơi … của chị Nguyễn Thị Thu Hà"
        who = n[m.end():].strip()
        if _looks_person(who) or _ORG_WORDS.match(who) or (who[:1].isupper() and len(who.split()) >= 2):
            return who
    return None


def bare_name(name: str) -> str:
    """A model's name as a text would say it anywhere: without a person's
    title, a leading "mô hình"/"gương", a bracketed or trailing address,
    quotes ("ông Bùi Văn Nam (xóm Mới)": "Bùi Văn Nam")."""
    n = re.sub(r"\([^()]*\)", " ", normalize(example_of(name) or name or ""))
    m = _ADDRESS_START.search(n)
    if m and m.start() > 0:
        n = n[:m.start()]
    n = re.sub(r"[\"“”'‘’]", " ", n).strip()
    while True:
        stripped = _IDENTITY_LEAD.sub("", n, count=1)
        if stripped == n or not stripped.strip():
            break
        n = stripped
    return " ".join(n.split())


def identity_key(name: str) -> str:
    """What the mentions of one model share, in every document: its
    :func:`bare_name` folded, punctuation gone, the abbreviations that have
    one expansion spelled out ("HTX Bình Thanh (xã Thung Nai)" and "Hợp tác
    xã Bình Thanh": "hop tac xa binh thanh"; "Anh Bùi Văn Nam": "bui van nam")."""
    from ingest.vietnamese.abbreviations import curated

    table = curated()
    words = []
    for w in re.findall(r"[\w&/-]+", bare_name(name)):
        exp = table.expand(w) if len(w) >= 2 and w.upper() == w and not w.isdigit() else []
        words.append(exp[0] if len(exp) == 1 else w)
    return " ".join(fold(" ".join(words)).lower().replace("-", " ").replace("/", " ").split())
