"""The names of models: who or what a name is, and its cleaned forms.

Person titles and surnames, the words an organisation's name starts with
("HTX", "Trường", "xã" …), whether a name looks like a person, the kind a
name gives ("mô hình", "gương", "cá nhân", "tập thể", else the default),
the capitalized form a record shows, the folded key records are
deduplicated by, and where an address starts after a name.
"""
from __future__ import annotations

import re

from ingest.vietnamese.normalize import fold, normalize
from ingest.vietnamese.syllable import UPPER

_UP = "" + UPPER + r""

_PERSON_TITLES = (r"(?:ông|bà|anh|chị|em|cháu|đồng chí|đ/c|thầy|cô|cụ|bác|chú|thượng úy|trung úy|thiếu úy|đại úy|"
                   r"thiếu tá|trung tá|bác sĩ|cô giáo|thầy giáo|nghệ nhân|cựu chiến binh|chiến sĩ)")
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


_ADDRESS_START = re.compile(
    r"\s*(?:,\s*|\s+-\s+|\s+(?:ở|tại|thuộc|trên địa bàn)\s+)(?=(?:xã|phường|thị trấn|huyện|thôn|xóm|bản|tổ dân phố|"
    r"tiểu khu|khu|TP\.?|thành phố|tỉnh|H\.)\s)", re.IGNORECASE)
