"""The sources of the demo corpus (corpus/src/, format in corpus/src/FORMAT.md):
reading and checking them, and the small date and text helpers every renderer uses."""
from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
SRC = CORPUS / "src"
REPO = CORPUS.parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF = {  # DejaVu Serif Condensed: closest DejaVu face to the Times New Roman of real documents
    "": "DejaVuSerifCondensed.ttf",
    "B": "DejaVuSerifCondensed-Bold.ttf",
    "I": "DejaVuSerifCondensed-Italic.ttf",
    "BI": "DejaVuSerifCondensed-BoldItalic.ttf",
}

SITE_NAME = "Báo Hòa Bình điện tử"
MENU = ["Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Văn hóa - Thể thao",
        "Nông nghiệp - Nông thôn", "Du lịch", "Thi đua - Khen thưởng", "Pháp luật", "Bạn đọc"]
MOST_READ_COUNT = 5

DISTRICTS = {"Thành phố Hòa Bình", "Đà Bắc", "Mai Châu", "Tân Lạc", "Lạc Sơn", "Kim Bôi",
             "Lạc Thủy", "Yên Thủy", "Cao Phong", "Lương Sơn", "Kỳ Sơn"}
FIELDS = {"qp-an", "ntm", "nong-nghiep", "kinh-te", "gd-dt", "y-te", "van-hoa", "lao-dong",
          "nguoi-tot", "xd-dang", "giam-ngheo", "moi-truong"}
MODEL_KINDS = {"mô hình", "điển hình", "gương", "tập thể", "cá nhân"}
ARTICLE_FORMATS = {"html", "txt"}
DOC_FORMATS = {"pdf", "docx", "scan"}
ENCODINGS = {"utf-8", "tcvn3", "utf-8-nfd"}

DOC_TYPES = {  # doc_type -> (heading printed on the document, name used in "Kèm theo ...")
    "quyet-dinh": ("QUYẾT ĐỊNH", "Quyết định"),
    "ke-hoach": ("KẾ HOẠCH", "Kế hoạch"),
    "bao-cao": ("BÁO CÁO", "Báo cáo"),
    "cong-van": (None, "Công văn"),
    "thong-bao": ("THÔNG BÁO", "Thông báo"),
    "chi-thi": ("CHỈ THỊ", "Chỉ thị"),
    "nghi-quyet": ("NGHỊ QUYẾT", "Nghị quyết"),
}
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
ARTICLE_KEYS = ("title", "date", "author", "section", "format", "districts", "fields")
DOC_KEYS = ("doc_type", "number", "agency", "date", "place", "signer", "signer_title",
            "title", "format", "districts", "fields")


class SourceError(Exception):
    pass


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

@dataclass
class Source:
    path: Path
    kind: str                      # "tin-bai", "van-ban" or "dac-biet"
    meta: dict
    body: str
    models: list = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def is_article(self) -> bool:
        return self.kind in ("tin-bai", "dac-biet")

    def list(self, key: str) -> list[str]:
        value = self.meta.get(key, "").strip()
        if not value or value.upper() == "TBD":
            return []
        return [item.strip() for item in value.split(",") if item.strip()]

    @property
    def moment(self) -> dt.datetime:
        return parse_moment(self.meta["date"])

    @property
    def fmt(self) -> str:
        return self.meta["format"]

    @property
    def encoding(self) -> str:
        return self.meta.get("encoding", "utf-8")


def parse_moment(value: str) -> dt.datetime:
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value.strip(), pattern)
        except ValueError:
            pass
    raise SourceError(f"bad date {value!r} (expected YYYY-MM-DD or YYYY-MM-DD HH:MM)")


def parse_model(value: str) -> dict:
    parts = [p.strip() for p in value.split("|")]
    if len(parts) != 5:
        raise SourceError(f"models line needs 5 '|'-separated parts: {value!r}")
    name, kind, district, field_code, year = parts
    if kind not in MODEL_KINDS:
        raise SourceError(f"unknown model kind {kind!r} in {value!r}")
    return {"name": name, "kind": kind,
            "district": None if district in ("", "null", "-") else district,
            "field": field_code, "year": int(year) if year else None}


def read_source(path: Path, kind: str) -> Source:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise SourceError("no '---' line between header and body")
    meta, models = {}, []
    for line in head.splitlines():
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise SourceError(f"header line without ':': {line!r}")
        key, value = key.strip(), re.sub(r"\s+#\s.*$", "", value).strip()
        if key == "models":
            models.append(parse_model(value))
        else:
            meta[key] = value
    source = Source(path, kind, meta, body.strip("\n"), models)
    check_source(source)
    return source


def check_source(src: Source) -> None:
    """Reject what cannot be rendered; warn about what is probably a typo."""
    required = ARTICLE_KEYS if src.is_article else DOC_KEYS
    missing = [key for key in required if key not in src.meta or (key != "districts" and not src.meta[key])]
    if missing:
        raise SourceError(f"missing header keys: {', '.join(missing)}")
    allowed = ARTICLE_FORMATS if src.is_article else DOC_FORMATS
    if src.fmt not in allowed:
        raise SourceError(f"format {src.fmt!r} not one of {sorted(allowed)}")
    if src.encoding not in ENCODINGS or (src.encoding != "utf-8" and src.fmt != "txt"):
        raise SourceError(f"encoding {src.encoding!r} is not possible for format {src.fmt!r}")
    if not src.is_article and src.meta["doc_type"] not in DOC_TYPES:
        raise SourceError(f"unknown doc_type {src.meta['doc_type']!r}")
    _ = src.moment  # raises on a bad date
    for district in src.list("districts") + [m["district"] for m in src.models if m["district"]]:
        if district not in DISTRICTS:
            warn(f"{src.path.name}: district {district!r} is not a canonical name of fields.md")
    for code in src.list("fields") + [m["field"] for m in src.models]:
        if code not in FIELDS:
            warn(f"{src.path.name}: unknown field code {code!r}")
    searchable = re.sub(r"\s+", " ", src.body).casefold()
    for model in src.models:
        if model["name"].casefold() not in searchable:
            warn(f"{src.path.name}: model name not found in the text: {model['name']!r}")


def load_sources(kind: str, errors: list[str]) -> list[Source]:
    sources = []
    for path in sorted((SRC / kind).glob("*.txt")):
        try:
            sources.append(read_source(path, kind))
        except (SourceError, UnicodeDecodeError) as exc:
            errors.append(f"{path.relative_to(REPO)}: {exc}")
    return sources


def paragraphs(body: str) -> list[str]:
    """Blank-line separated blocks; single line breaks inside a block are kept."""
    return [block.strip() for block in re.split(r"\n\s*\n", body) if block.strip()]


# ---------------------------------------------------------------------------
# Dates and small text helpers
# ---------------------------------------------------------------------------

def article_date_line(moment: dt.datetime) -> str:
    return f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y} | {moment:%H:%M}"


def place_date_line(place: str, day: dt.date) -> str:
    """'Hòa Bình, ngày 02 tháng 6 năm 2016': day < 10 and month < 3 get a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def lead_of(src: Source) -> str:
    paras = paragraphs(src.body)
    return paras[0] if paras else ""
