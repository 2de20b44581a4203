#!/usr/bin/env python3
"""Render the tracuu demo corpus from its hand-written sources.

    python corpus/build.py          (from the repository root)

Reads   corpus/src/tin-bai/*.txt   news articles        -> corpus/tin-bai/<slug>.html|.txt
        corpus/src/van-ban/*.txt   administrative docs  -> corpus/van-ban/<slug>.pdf|.docx
        corpus/src/dac-biet/*.txt  hard cases           -> corpus/dac-biet/<slug>.html|.txt
writes  corpus/manifest.json       the expected metadata of every generated file.

The source format is described in corpus/src/FORMAT.md. Output is deterministic:
every timestamp written into a file is derived from the document's own date, and
the scan noise comes from a random generator seeded with the slug.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import random
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

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
    src.moment  # raises on a bad date
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


# ---------------------------------------------------------------------------
# News articles: teasers, HTML page, plain-text page
# ---------------------------------------------------------------------------

@dataclass
class Teaser:
    slug: str
    title: str
    lead: str
    href: str  # relative link from one output folder to the other article's file


def teaser(src: Source) -> Teaser:
    return Teaser(src.slug, src.meta["title"], lead_of(src), f"../{src.kind}/{src.slug}.{src.fmt}")


def related_teasers(src: Source, by_slug: dict[str, Source]) -> list[Teaser]:
    teasers = []
    for slug in src.list("related"):
        other = by_slug.get(slug)
        if other is None:
            warn(f"{src.path.name}: related article {slug!r} does not exist (yet); teaser left out")
            continue
        teasers.append(teaser(other))
    return teasers


def most_read(src: Source, articles: list[Source]) -> list[Teaser]:
    """The sidebar: the newest other articles published before this one (then the oldest after)."""
    skip = {src.slug, *src.list("related")}
    pool = [a for a in articles if a.slug not in skip]
    before = sorted((a for a in pool if a.moment <= src.moment), key=lambda a: a.moment, reverse=True)
    after = sorted((a for a in pool if a.moment > src.moment), key=lambda a: a.moment)
    return [teaser(a) for a in (before + after)[:MOST_READ_COUNT]]


HTML_STYLE = """
body{margin:0;font-family:Arial,Helvetica,sans-serif;color:#222;background:#f4f4f4}
.site-header{background:#fff;border-bottom:3px solid #0a5a9c}
.site-header .logo{padding:12px 20px;font-size:28px;font-weight:bold;color:#0a5a9c}
.site-header .logo span{font-size:16px;color:#c00}
.site-header .slogan{padding:0 20px 8px;font-size:12px;color:#666}
.main-menu ul{margin:0;padding:0;list-style:none;background:#0a5a9c;display:flex;flex-wrap:wrap}
.main-menu li a{display:block;padding:10px 12px;color:#fff;text-decoration:none;font-size:14px}
.container{display:flex;gap:24px;max-width:1100px;margin:16px auto;background:#fff;padding:16px}
.main-column{flex:3}.sidebar{flex:1}
.breadcrumb{font-size:13px;color:#666;margin-bottom:8px}.breadcrumb a{color:#0a5a9c}
h1.article-title{font-size:26px;margin:8px 0}
.article-meta{font-size:13px;color:#888;margin-bottom:12px}
.article-content p{line-height:1.6;text-align:justify}
.article-content p.author{text-align:right}
.other-news{border-top:2px solid #0a5a9c;margin-top:24px}
.other-news ul{list-style:none;padding:0}.other-news li{margin-bottom:12px}
.other-news li a{font-weight:bold;color:#0a5a9c;text-decoration:none}
.other-news li p{margin:4px 0;font-size:14px;color:#555}
.sidebar h3{background:#0a5a9c;color:#fff;padding:6px 10px;font-size:15px}
.sidebar ol{padding-left:20px}.sidebar li{margin-bottom:8px;font-size:14px}
.site-footer{background:#0a5a9c;color:#fff;padding:16px 20px;font-size:13px}
.site-footer p{margin:4px 0}
""".strip()

FOOTER_LINES = [
    "<strong>BÁO HÒA BÌNH ĐIỆN TỬ</strong>",
    "Giấy phép số 123/GP-BTTTT do Bộ Thông tin và Truyền thông cấp.",
    "Tòa soạn: Đường Trần Hưng Đạo, phường Phương Lâm, TP Hòa Bình, tỉnh Hòa Bình.",
    "Điện thoại: 0218.3852.xxx - Fax: 0218.3852.xxx - Email: toasoan@baohoabinh.example",
    "Ghi rõ nguồn \"Báo Hòa Bình điện tử\" khi phát hành lại thông tin từ website này.",
]


def e(text: str) -> str:
    return html.escape(text, quote=True)


def html_teaser_list(teasers: list[Teaser], with_lead: bool) -> str:
    items = []
    for t in teasers:
        lead = f"<p>{e(t.lead)}</p>" if with_lead else ""
        items.append(f'<li><a href="{e(t.href)}">{e(t.title)}</a>{lead}</li>')
    return "\n".join(items)


def render_html(src: Source, related: list[Teaser], sidebar: list[Teaser]) -> str:
    title, section, moment = src.meta["title"], src.meta["section"], src.moment
    paras = paragraphs(src.body)
    lead, rest = (paras[0], paras[1:]) if paras else ("", [])
    menu = MENU if section in MENU else MENU + [section]
    menu_html = "\n".join(f'<li><a href="../chuyen-muc/{ascii_slug(m)}.html">{e(m)}</a></li>' for m in menu)
    body_html = "\n".join(f"<p>{e(p)}</p>".replace("\n", "<br>\n") for p in rest)
    other = ""
    if related:
        other = ('<div class="other-news">\n<h3>Các tin khác</h3>\n<ul>\n'
                 f"{html_teaser_list(related, with_lead=True)}\n</ul>\n</div>")
    description = re.sub(r"^\(HBĐT\)\s*-\s*", "", lead)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} | {e(SITE_NAME)}</title>
<meta name="description" content="{e(description)}">
<meta name="author" content="{e(src.meta['author'])}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{e(SITE_NAME)}">
<meta property="og:title" content="{e(title)}">
<meta property="og:description" content="{e(description)}">
<meta property="article:published_time" content="{moment:%Y-%m-%dT%H:%M:%S}+07:00">
<meta property="article:section" content="{e(section)}">
<style>
{HTML_STYLE}
</style>
</head>
<body>
<header class="site-header">
<div class="logo"><a href="../index.html">BÁO HÒA BÌNH <span>điện tử</span></a></div>
<div class="slogan">Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Hòa Bình - Tiếng nói của Đảng bộ, chính quyền và nhân dân các dân tộc tỉnh Hòa Bình</div>
<nav class="main-menu">
<ul>
<li><a href="../index.html">Trang chủ</a></li>
{menu_html}
</ul>
</nav>
</header>
<div class="container">
<main class="main-column">
<div class="breadcrumb"><a href="../index.html">Trang chủ</a> &raquo; <a href="../chuyen-muc/{ascii_slug(section)}.html">{e(section)}</a></div>
<article class="article-detail">
<h1 class="article-title">{e(title)}</h1>
<div class="article-meta"><span class="date">{e(article_date_line(moment))}</span></div>
<div class="article-content">
<p class="sapo"><strong>{e(lead)}</strong></p>
{body_html}
<p class="author" style="text-align:right"><strong>{e(src.meta['author'])}</strong></p>
</div>
</article>
{other}
</main>
<aside class="sidebar">
<div class="box most-read">
<h3>Tin đọc nhiều</h3>
<ol>
{html_teaser_list(sidebar, with_lead=False)}
</ol>
</div>
</aside>
</div>
<footer class="site-footer">
{chr(10).join(f"<p>{line}</p>" for line in FOOTER_LINES)}
</footer>
</body>
</html>
"""


def render_article_txt(src: Source, related: list[Teaser]) -> str:
    """The plain-text layout of the seed file: title, date, body, byline, 'Các tin khác', teasers."""
    parts = [src.meta["title"], article_date_line(src.moment), ""]
    parts += [p + "\n" for p in paragraphs(src.body)]
    parts += ["\u00a0", "", "\u00a0 " * 32 + src.meta["author"]]
    if related:
        parts += ["", "Các tin khác", "", ""]
        parts += ["\n\n".join(f"{t.title}\n\n{t.lead}" for t in related)]
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# Legacy encodings of the hard cases
# ---------------------------------------------------------------------------

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
OLD_STYLE_TONES = (  # a toned o before a/e, a toned u before y, at the end of a syllable
    re.compile(r"([òóỏõọÒÓỎÕỌ])([aeAE])(?![^\W\d_])"),
    re.compile(r"([ùúủũụÙÚỦŨỤ])([yY])(?![^\W\d_])"),
)


def old_style_tones(text: str) -> str:
    """hòa -> hoà, khỏe -> khoẻ, thủy -> thuỷ: the tone mark moves to the second vowel."""
    def move(match: re.Match) -> str:
        toned, vowel = match.groups()
        base = unicodedata.normalize("NFD", toned)
        return base[0] + unicodedata.normalize("NFC", vowel + base[1:])
    text = unicodedata.normalize("NFC", text)
    for pattern in OLD_STYLE_TONES:
        text = pattern.sub(move, text)
    return text


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 (ABC, the .VnTime font) via glibc iconv's TCVN5712-1 charset.

    .VnTime has no upper-case toned vowels (those were typed in .VnTimeH), so a
    source that needs one is rejected instead of being given the VN1 code that
    iconv would pick."""
    text = unicodedata.normalize("NFC", text)
    upper_toned = sorted({ch for ch in text
                          if ch.isupper() and TONE_MARKS & set(unicodedata.normalize("NFD", ch))})
    if upper_toned:
        raise SourceError(f"TCVN3 text cannot hold upper-case toned letters: {' '.join(upper_toned)}")
    run = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode("utf-8"),
                         capture_output=True, check=False)
    if run.returncode != 0:
        raise SourceError(f"iconv TCVN5712-1 failed: {run.stderr.decode(errors='replace').strip()}")
    return run.stdout


def encode_text(text: str, encoding: str) -> bytes:
    if encoding == "tcvn3":
        return encode_tcvn3(text.replace("\n", "\r\n"))
    if encoding == "utf-8-nfd":
        return unicodedata.normalize("NFD", old_style_tones(text)).encode("utf-8")
    return unicodedata.normalize("NFC", text).encode("utf-8")


# ---------------------------------------------------------------------------
# Administrative documents: one layout model, three renderers
# ---------------------------------------------------------------------------

@dataclass
class Block:
    kind: str            # center, heading, para, recipients, signature, table
    text: str = ""
    lines: list = field(default_factory=list)
    rows: list = field(default_factory=list)   # table rows, first row = column headings
    annex: bool = False  # after the signature: printed on its own page


@dataclass
class AdminDoc:
    slug: str
    title: str
    date: dt.date
    agency_lines: list          # [(text, bold)]
    number_line: str
    left_subject: str | None    # "V/v ..." of a công văn, under the number
    place_date: str
    type_heading: str | None
    subject: str | None
    blocks: list
    signer_title: list
    signer: str
    annex_note: str


NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ARTICLE_PREFIX = re.compile(r"^(Điều \d+\.)\s")


def parse_blocks(body: str) -> list[Block]:
    """Body markup: '= ' centred bold line, '# ' bold heading, [kinh-gui], [noi-nhan], [table]."""
    blocks, after_signature = [], False
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith(("[kinh-gui]", "[noi-nhan]", "[table]")):
            tag = line[1:line.index("]")]
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == f"[/{tag}]"), None)
            if end is None:
                raise SourceError(f"[{tag}] without [/{tag}]")
            inner = [l.strip() for l in lines[i + 1:end] if l.strip()]
            if tag == "kinh-gui":
                blocks.append(Block("recipients", lines=inner))
            elif tag == "noi-nhan":
                blocks.append(Block("signature", lines=inner))
                after_signature = True
            else:
                rows = [[c.strip() for c in row.split("|")] for row in inner]
                if len({len(r) for r in rows}) != 1:
                    raise SourceError(f"table {line!r}: rows have different numbers of cells")
                blocks.append(Block("table", text=line[len("[table]"):].strip(), rows=rows,
                                    annex=after_signature))
            i = end + 1
            continue
        j = i
        while j < len(lines) and lines[j].strip() and not lines[j].strip().startswith("["):
            j += 1
        text = "\n".join(l.strip() for l in lines[i:j])
        if text:
            if text.startswith("= "):
                blocks.append(Block("center", text=text[2:], annex=after_signature))
            elif text.startswith("# "):
                blocks.append(Block("heading", text=text[2:], annex=after_signature))
            else:
                blocks.append(Block("para", text=text, annex=after_signature))
        i = max(j, i + 1)
    if not any(b.kind == "signature" for b in blocks):
        raise SourceError("no [noi-nhan] block (the signature is drawn there)")
    return blocks


def agency_lines(meta: dict) -> list[tuple[str, bool]]:
    parent = meta.get("agency_parent")
    if parent:
        return [(parent.upper(), False), (meta["agency"].upper(), True)]
    return [(meta["agency"].upper(), True)]


def admin_doc(src: Source) -> AdminDoc:
    meta = src.meta
    heading, type_name = DOC_TYPES[meta["doc_type"]]
    subject = meta.get("subject") or meta["title"]
    day = src.moment.date()
    is_letter = heading is None
    return AdminDoc(
        slug=src.slug, title=meta["title"], date=day,
        agency_lines=agency_lines(meta),
        number_line=f"Số: {meta['number']}",
        left_subject=subject if is_letter else None,
        place_date=place_date_line(meta["place"], day),
        type_heading=heading,
        subject=None if is_letter else subject,
        blocks=parse_blocks(src.body),
        signer_title=[part.strip() for part in meta["signer_title"].split("/")],
        signer=meta["signer"],
        annex_note=f"(Kèm theo {type_name} số {meta['number']} ngày {short_date(day)} "
                   f"của {meta['agency']})",
    )


def column_weights(rows: list[list[str]]) -> list[float]:
    """Relative column widths from the longest cell of each column (a number column stays narrow)."""
    weights = []
    for col in zip(*rows):
        longest = max(len(cell) for cell in col)
        weights.append(min(max(longest, 10), 48))
    return weights


# --- PDF (fpdf2) ------------------------------------------------------------

def render_pdf(doc: AdminDoc) -> bytes:
    class DocPDF(FPDF):
        def header(self):  # page numbers: top centre, from page 2 on (Nghị định 30/2020)
            if self.page_no() > 1:
                self.set_font("Serif", "", 11)
                self.set_y(10)
                self.cell(0, 5, str(self.page_no()), align="C")
                self.set_y(self.t_margin)

    pdf = DocPDF(format="A4", unit="mm")
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, 20)
    for style, name in SERIF.items():
        pdf.add_font("Serif", style, str(FONT_DIR / name))
    stamp = dt.datetime.combine(doc.date, dt.time(8, 0), tzinfo=dt.timezone(dt.timedelta(hours=7)))
    pdf.set_creation_date(stamp)
    pdf.set_title(doc.title)
    pdf.set_author(doc.agency_lines[-1][0])
    pdf.set_creator("tracuu corpus/build.py")
    pdf.add_page()
    pdf_header(pdf, doc)
    for block in doc.blocks:
        if block.annex and block.kind == "table":
            pdf.add_page()
            pdf_annex_title(pdf, block, doc)
            pdf_table(pdf, block)
        elif block.kind == "signature":
            pdf_signature(pdf, block, doc)
        elif block.kind == "table":
            pdf_table_caption(pdf, block.text)
            pdf_table(pdf, block)
        else:
            pdf_block(pdf, block)
    return bytes(pdf.output())


LEFT_W, RIGHT_X = 70, 95  # header columns (mm): agency block 30..100, national motto 95..190


def pdf_centered_lines(pdf, x, w, y, lines, size, style, line_h=5.6):
    """Centred lines in a column; returns the y below them and the width of the last line."""
    last_w = 0
    for text in lines:
        pdf.set_font("Serif", style, size)
        pdf.set_xy(x, y)
        pdf.multi_cell(w, line_h, text, align="C")
        y = pdf.get_y()
        last_w = min(pdf.get_string_width(text), w)
    return y, last_w


def pdf_rule(pdf, x_center, y, width):
    pdf.set_line_width(0.3)
    pdf.line(x_center - width / 2, y, x_center + width / 2, y)


def pdf_header(pdf, doc: AdminDoc) -> None:
    top, left_x = pdf.t_margin, pdf.l_margin
    y = top
    for text, bold in doc.agency_lines:
        y, _ = pdf_centered_lines(pdf, left_x, LEFT_W, y, [text], 12, "B" if bold else "")
    pdf_rule(pdf, left_x + LEFT_W / 2, y + 0.8, 24)
    y, _ = pdf_centered_lines(pdf, left_x, LEFT_W, y + 3, [doc.number_line], 12, "")
    if doc.left_subject:
        y, _ = pdf_centered_lines(pdf, left_x, LEFT_W, y + 0.5, [doc.left_subject], 10.5, "", 4.8)
    left_end = y
    right_w = pdf.w - pdf.r_margin - RIGHT_X + 5
    y, _ = pdf_centered_lines(pdf, RIGHT_X, right_w, top, [NATIONAL[0]], 11.5, "B")
    y, motto_w = pdf_centered_lines(pdf, RIGHT_X, right_w, y, [NATIONAL[1]], 12.5, "B")
    pdf_rule(pdf, RIGHT_X + right_w / 2, y + 0.8, motto_w)
    y, _ = pdf_centered_lines(pdf, RIGHT_X, right_w, y + 3, [doc.place_date], 12, "I")
    pdf.set_y(max(left_end, y) + 8)
    if doc.type_heading:
        pdf.set_font("Serif", "B", 14)
        pdf.cell(0, 7, doc.type_heading, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Serif", "B", 12.5)
        pdf.set_x(pdf.l_margin + 10)
        pdf.multi_cell(pdf.epw - 20, 6, doc.subject, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf_rule(pdf, pdf.l_margin + pdf.epw / 2, pdf.get_y() + 2.2, 40)
        pdf.ln(6)


def pdf_block(pdf, block: Block) -> None:
    if block.kind == "center":
        pdf.ln(1)
        pdf.set_font("Serif", "B", 12.5)
        pdf.multi_cell(0, 6.5, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        return
    if block.kind == "recipients":
        pdf_recipients(pdf, block.lines)
        return
    bold_all = block.kind == "heading"
    with pdf.text_columns(text_align="J", line_height=1.35) as cols:
        for line in block.text.split("\n"):
            with cols.paragraph(first_line_indent=10, bottom_margin=1.8) as par:
                match = ARTICLE_PREFIX.match(line)
                if match and not bold_all:
                    pdf.set_font("Serif", "B", 12.5)
                    par.write(match.group(1) + " ")
                    line = line[match.end():]
                pdf.set_font("Serif", "B" if bold_all else "", 12.5)
                par.write(line)


def pdf_recipients(pdf, lines: list[str]) -> None:
    pdf.set_font("Serif", "", 12.5)
    label_x = pdf.l_margin + 22
    if len(lines) == 1:
        pdf.set_x(label_x)
        pdf.multi_cell(pdf.epw - 22, 6.5, "Kính gửi: " + lines[0].lstrip("- "), new_x="LMARGIN", new_y="NEXT")
    else:
        y = pdf.get_y()
        pdf.set_xy(label_x, y)
        pdf.cell(22, 6.5, "Kính gửi:")
        for line in lines:
            pdf.set_xy(label_x + 22, y)
            pdf.multi_cell(pdf.epw - 44, 6.5, line, align="L", new_x="LMARGIN", new_y="NEXT")
            y = pdf.get_y()
    pdf.ln(3)


def pdf_signature(pdf, block: Block, doc: AdminDoc) -> None:
    needed = 8 + 5 * max(len(block.lines) + 1, len(doc.signer_title) + 7)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y() + 4
    pdf.set_xy(pdf.l_margin, top)
    pdf.set_font("Serif", "BI", 11)
    pdf.cell(80, 5.5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "", 10)
    for line in block.lines:
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(78, 4.6, line, align="L", new_x="LMARGIN", new_y="NEXT")
    left_end = pdf.get_y()
    col_x, col_w = 110, pdf.w - pdf.r_margin - 110
    y, _ = pdf_centered_lines(pdf, col_x, col_w, top, doc.signer_title, 12, "B", 5.8)
    y, _ = pdf_centered_lines(pdf, col_x, col_w, y + 6, ["(Đã ký)"], 11, "I")
    y, _ = pdf_centered_lines(pdf, col_x, col_w, y + 12, [doc.signer], 12.5, "B")
    pdf.set_y(max(left_end, y) + 4)


def pdf_annex_title(pdf, block: Block, doc: AdminDoc) -> None:
    pdf.set_font("Serif", "B", 13)
    pdf.multi_cell(0, 6.5, block.text.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "I", 12)
    pdf.multi_cell(0, 6, doc.annex_note, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf_rule(pdf, pdf.l_margin + pdf.epw / 2, pdf.get_y() + 2.2, 40)
    pdf.ln(6)


def pdf_table_caption(pdf, caption: str) -> None:
    if caption:
        pdf.ln(1)
        pdf.set_font("Serif", "B", 12)
        pdf.multi_cell(0, 6, caption, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


def pdf_table(pdf, block: Block) -> None:
    pdf.set_font("Serif", "", 11)
    aligns = ["CENTER" if all(re.fullmatch(r"[\d.,-]*", r[c]) for r in block.rows[1:]) else "LEFT"
              for c in range(len(block.rows[0]))]
    with pdf.table(col_widths=column_weights(block.rows), line_height=5.4, text_align=aligns,
                   first_row_as_headings=True, padding=1.2,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235))) as table:
        for row in block.rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.ln(4)


# --- DOCX (python-docx) -----------------------------------------------------

def render_docx(doc: AdminDoc) -> bytes:
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    docx_page_numbers(section)

    def para(container, text="", *, bold=False, italic=False, size=None, align=None,
             indent=None, before=0, after=0, underline=False):
        p = container.add_paragraph()
        if align:
            p.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if indent is not None:
            fmt.first_line_indent = Cm(indent)
        if text:
            run = p.add_run(text)
            run.bold, run.italic, run.underline = bold, italic, underline
            if size:
                run.font.size = Pt(size)
        return p

    def first_para(cell, text, **kw):  # a new table cell already holds one empty paragraph
        p = cell.paragraphs[0]
        p._p.getparent().remove(p._p)
        return para(cell, text, **kw)

    header = word.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    docx_fixed_widths(header, [Cm(6), Cm(10)])
    left, right = header.rows[0].cells
    for n, (text, bold) in enumerate(doc.agency_lines):
        (first_para if n == 0 else para)(left, text, bold=bold, size=13, align="CENTER")
    para(left, "", size=6)
    para(left, doc.number_line, size=13, align="CENTER", before=4)
    if doc.left_subject:
        para(left, doc.left_subject, size=12, align="CENTER")
    first_para(right, NATIONAL[0], bold=True, size=12, align="CENTER")
    para(right, NATIONAL[1], bold=True, size=13.5, align="CENTER", underline=True)
    para(right, doc.place_date, italic=True, size=13.5, align="CENTER", before=8)

    if doc.type_heading:
        para(word, doc.type_heading, bold=True, size=14, align="CENTER", before=18)
        para(word, doc.subject, bold=True, size=14, align="CENTER", after=12)
    else:
        para(word, "", after=6)

    for block in doc.blocks:
        if block.kind == "center":
            para(word, block.text, bold=True, align="CENTER", before=6, after=6)
        elif block.kind == "heading":
            para(word, block.text, bold=True, align="JUSTIFY", indent=1.27, after=6)
        elif block.kind == "para":
            for line in block.text.split("\n"):
                p = para(word, align="JUSTIFY", indent=1.27, after=6)
                match = ARTICLE_PREFIX.match(line)
                if match:
                    p.add_run(match.group(1) + " ").bold = True
                    line = line[match.end():]
                p.add_run(line)
        elif block.kind == "recipients":
            docx_recipients(word, block.lines, para)
        elif block.kind == "signature":
            docx_signature(word, block, doc, para, first_para)
        elif block.kind == "table":
            if block.annex:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                para(word, block.text.upper(), bold=True, align="CENTER")
                para(word, doc.annex_note, italic=True, align="CENTER", after=12)
            elif block.text:
                para(word, block.text, bold=True, align="CENTER", before=6, after=6)
            docx_table(word, block)

    props = word.core_properties
    stamp = dt.datetime.combine(doc.date, dt.time(8, 0))
    props.title, props.author, props.last_modified_by = doc.title, doc.agency_lines[-1][0], "tracuu"
    props.created = props.modified = props.last_printed = stamp
    props.revision, props.comments = 1, ""
    out = io.BytesIO()
    word.save(out)
    return fixed_zip(out.getvalue(), stamp)


def docx_page_numbers(section) -> None:
    """A centred PAGE field in the header, not shown on the first page."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_el = OxmlElement("w:fldSimple")
    field_el.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field_el.append(run)
    p._p.append(field_el)


def docx_recipients(word, lines, para) -> None:
    if len(lines) == 1:
        para(word, "Kính gửi: " + lines[0].lstrip("- "), align="CENTER", after=6)
        return
    para(word, "Kính gửi:", indent=None, after=0).paragraph_format.left_indent = Cm(3)
    for line in lines:
        para(word, line).paragraph_format.left_indent = Cm(5)
    para(word, "", after=6)


def docx_signature(word, block, doc, para, first_para) -> None:
    table = word.add_table(rows=1, cols=2)
    docx_fixed_widths(table, [Cm(7.5), Cm(8.5)])
    docx_keep_row_together(table.rows[0])
    left, right = table.rows[0].cells
    first_para(left, "Nơi nhận:", bold=True, italic=True, size=12, before=12)
    for line in block.lines:
        para(left, line, size=11)
    for n, line in enumerate(doc.signer_title):
        (first_para if n == 0 else para)(right, line, bold=True, align="CENTER", before=12 if n == 0 else 0)
    para(right, "(Đã ký)", italic=True, align="CENTER", before=24, after=36)
    para(right, doc.signer, bold=True, align="CENTER")


def docx_table(word, block) -> None:
    rows = block.rows
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    weights = column_weights(rows)
    docx_fixed_widths(table, [Cm(16 * w / sum(weights)) for w in weights])
    for r, row in enumerate(rows):
        docx_keep_row_together(table.rows[r])
        for c, text in enumerate(row):
            p = table.cell(r, c).paragraphs[0]
            run = p.add_run(text)
            run.font.size = Pt(12)
            run.bold = r == 0
            if r == 0 or re.fullmatch(r"[\d.,-]*", text):
                p.alignment = 1  # centre
    word.add_paragraph()


def docx_fixed_widths(table, widths) -> None:
    """Column widths that Word and LibreOffice both honour: grid columns plus every cell."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def docx_keep_row_together(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a zip with one fixed timestamp on every member (python-docx uses 'now')."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


# --- Scan: page images drawn with Pillow, no text layer -------------------------

SCAN_DPI = 250


class ScanPage:
    """A4 page image with a text cursor; coordinates in millimetres like the PDF renderer."""

    def __init__(self, number: int):
        self.px_per_mm = SCAN_DPI / 25.4
        size = (round(210 * self.px_per_mm), round(297 * self.px_per_mm))
        self.image = Image.new("L", size, 248)
        self.draw = ImageDraw.Draw(self.image)
        self.number = number
        self.y = 20.0
        if number > 1:
            self.text_centered(str(number), 105, 10, 11, "")

    def px(self, mm: float) -> int:
        return round(mm * self.px_per_mm)

    def font(self, size_pt: float, style: str):
        return scan_font(round(size_pt * SCAN_DPI / 72), style)

    def width_mm(self, text: str, size: float, style: str) -> float:
        return self.font(size, style).getlength(text) / self.px_per_mm

    def text_at(self, text: str, x: float, y: float, size: float, style: str) -> None:
        self.draw.text((self.px(x), self.px(y)), text, font=self.font(size, style), fill=28)

    def text_centered(self, text: str, center_x: float, y: float, size: float, style: str) -> None:
        self.text_at(text, center_x - self.width_mm(text, size, style) / 2, y, size, style)

    def rule(self, center_x: float, y: float, width: float) -> None:
        self.draw.line([(self.px(center_x - width / 2), self.px(y)), (self.px(center_x + width / 2), self.px(y))],
                       fill=28, width=max(1, self.px(0.3)))


_FONT_CACHE: dict = {}


def scan_font(size_px: int, style: str):
    key = (size_px, style)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(str(FONT_DIR / SERIF[style]), size_px)
    return _FONT_CACHE[key]


def wrap_words(words: list[str], page: ScanPage, width: float, first_indent: float,
               size: float, style: str) -> list[list[str]]:
    lines, current = [], []
    for word in words:
        limit = width - (first_indent if not lines else 0)
        if current and page.width_mm(" ".join(current + [word]), size, style) > limit:
            lines.append(current)
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(current)
    return lines


class ScanWriter:
    """Lays out an AdminDoc on ScanPages (the same geometry as the PDF renderer)."""

    LEFT, RIGHT, BOTTOM = 30.0, 190.0, 277.0

    def __init__(self):
        self.pages = [ScanPage(1)]

    @property
    def page(self) -> ScanPage:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(ScanPage(len(self.pages) + 1))

    def ensure(self, height: float) -> None:
        if self.page.y + height > self.BOTTOM:
            self.new_page()

    def centered(self, text: str, center_x: float, width: float, size: float, style: str,
                 line_h: float, y: float | None = None) -> float:
        y = self.page.y if y is None else y
        for line in wrap_words(text.split(), self.page, width, 0, size, style):
            self.page.text_centered(" ".join(line), center_x, y, size, style)
            y += line_h
        return y

    def paragraph(self, text: str, size: float = 12.5, indent: float = 10, bold_prefix: str = "",
                  style: str = "", left: float | None = None, line_h: float = 6.6) -> None:
        left = self.LEFT if left is None else left
        width = self.RIGHT - left
        words = (bold_prefix + " " + text).split() if bold_prefix else text.split()
        n_bold = len(bold_prefix.split())
        lines = wrap_words(words, self.page, width, indent, size, style)
        index = 0
        for number, line in enumerate(lines):
            self.ensure(line_h)
            x0 = left + (indent if number == 0 else 0)
            styles = ["B" if index + k < n_bold else style for k in range(len(line))]
            self.justified_line(line, styles, x0, left + width, number == len(lines) - 1, size)
            index += len(line)
            self.page.y += line_h
        self.page.y += 1.8

    def justified_line(self, words, styles, x0, x1, last, size) -> None:
        page = self.page
        widths = [page.width_mm(w, size, s) for w, s in zip(words, styles)]
        space = page.width_mm(" ", size, "")
        if not last and len(words) > 1:
            space = (x1 - x0 - sum(widths)) / (len(words) - 1)
        x = x0
        for word, style, w in zip(words, styles, widths):
            page.text_at(word, x, page.y, size, style)
            x += w + space


def render_scan(doc: AdminDoc) -> bytes:
    writer = ScanWriter()
    scan_header(writer, doc)
    for block in doc.blocks:
        if block.kind == "table":
            raise SourceError("format 'scan' does not draw tables; use pdf or docx")
        if block.kind == "center":
            writer.ensure(14)
            writer.page.y = writer.centered(block.text, 110, 160, 12.5, "B", 6.6) + 2
        elif block.kind == "heading":
            writer.paragraph(block.text, style="B")
        elif block.kind == "para":
            for line in block.text.split("\n"):
                match = ARTICLE_PREFIX.match(line)
                if match:
                    writer.paragraph(line[match.end():], bold_prefix=match.group(1))
                else:
                    writer.paragraph(line)
        elif block.kind == "recipients":
            for n, line in enumerate(block.lines):
                writer.ensure(6.6)
                if n == 0:
                    writer.page.text_at("Kính gửi:", 52, writer.page.y, 12.5, "")
                writer.page.text_at(line, 74, writer.page.y, 12.5, "")
                writer.page.y += 6.6
        elif block.kind == "signature":
            scan_signature(writer, block, doc)
    return scan_pdf(writer.pages, doc)


def scan_header(writer: ScanWriter, doc: AdminDoc) -> None:
    page = writer.page
    left_c, right_c = 30 + LEFT_W / 2, RIGHT_X + (210 - 20 - RIGHT_X + 5) / 2
    y = 20.0
    for text, bold in doc.agency_lines:
        y = writer.centered(text, left_c, LEFT_W, 12, "B" if bold else "", 5.8, y)
    page.rule(left_c, y + 0.8, 24)
    y = writer.centered(doc.number_line, left_c, LEFT_W, 12, "", 5.8, y + 3)
    left_end = y
    y = writer.centered(NATIONAL[0], right_c, 100, 11.5, "B", 5.8, 20.0)
    y = writer.centered(NATIONAL[1], right_c, 100, 12.5, "B", 5.8, y)
    page.rule(right_c, y + 0.8, page.width_mm(NATIONAL[1], 12.5, "B"))
    y = writer.centered(doc.place_date, right_c, 100, 12, "I", 5.8, y + 3)
    page.y = max(left_end, y) + 8
    if doc.type_heading:
        page.y = writer.centered(doc.type_heading, 110, 160, 14, "B", 7.2)
        page.y = writer.centered(doc.subject, 110, 140, 12.5, "B", 6.2)
        page.rule(110, page.y + 1, 40)
        page.y += 7


def scan_signature(writer: ScanWriter, block: Block, doc: AdminDoc) -> None:
    writer.ensure(8 + 5 * max(len(block.lines) + 1, len(doc.signer_title) + 8))
    page = writer.page
    top = page.y + 4
    page.text_at("Nơi nhận:", 30, top, 11, "BI")
    y = top + 5.5
    for line in block.lines:
        page.text_at(line, 30, y, 10, "")
        y += 4.8
    left_end = y
    y = top
    for line in doc.signer_title:
        y = writer.centered(line, 150, 80, 12, "B", 5.8, y)
    draw_signature_mark(page, 150, y + 4, doc.slug)
    y = writer.centered(doc.signer, 150, 80, 12.5, "B", 6.2, y + 24)
    page.y = max(left_end, y) + 4


def draw_signature_mark(page: ScanPage, center_x: float, top: float, seed: str) -> None:
    """A pen squiggle where the signature is, plus the ring of a faded stamp."""
    rng = random.Random(seed)
    points, x = [], center_x - 18
    while x < center_x + 16:
        points.append((page.px(x), page.px(top + 8 + rng.uniform(-5, 5))))
        x += rng.uniform(2.0, 4.5)
    page.draw.line(points, fill=40, width=page.px(0.45), joint="curve")
    cx, cy, r = page.px(center_x - 22), page.px(top + 9), page.px(17)
    for radius in (r, r - page.px(3.2)):
        page.draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=150,
                          width=page.px(0.5))
    page.draw.regular_polygon((cx, cy, page.px(4)), 5, outline=150, fill=None, width=page.px(0.4))


def scanned_look(image, seed: str, number: int):
    """Slight blur, rotation of about half a degree, grain and a few specks of dust."""
    rng = random.Random(f"{seed}/{number}")
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    image = image.rotate(rng.choice((-1, 1)) * rng.uniform(0.35, 0.65), resample=Image.BICUBIC,
                         fillcolor=232)
    grain = Image.frombytes("L", image.size, rng.randbytes(image.size[0] * image.size[1]))
    grain = grain.point(lambda v: v % 15)
    image = ImageChops.add(image, grain, scale=1.0, offset=-7)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(image.size[0]), rng.randrange(image.size[1])
        r = rng.choice((1, 1, 2, 3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=rng.randrange(60, 160))
    return image


def scan_pdf(pages: list[ScanPage], doc: AdminDoc) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(dt.datetime.combine(doc.date, dt.time(15, 30),
                                              tzinfo=dt.timezone(dt.timedelta(hours=7))))
    pdf.set_creator("Scanner")  # what a copier writes; deliberately no title: nothing to read but pixels
    for page in pages:
        image = scanned_look(page.image, doc.slug, page.number)
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=72, dpi=(SCAN_DPI, SCAN_DPI))
        pdf.add_page()
        pdf.image(io.BytesIO(jpeg.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def assert_no_text_layer(data: bytes, name: str) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    if text.strip():
        raise SourceError(f"{name}: the scan has a text layer ({text[:40]!r})")


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

def manifest_entry(src: Source, out: Path, related: list[Teaser] | None) -> dict:
    meta = src.meta
    fmt = "pdf" if src.fmt == "scan" else src.fmt
    entry = {
        "path": out.relative_to(REPO).as_posix(),
        "format": fmt,
        "doc_type": "tin-bai" if src.is_article else meta["doc_type"],
        "date": src.moment.date().isoformat(),
        "districts": src.list("districts"),
        "fields": src.list("fields"),
        "number": None if src.is_article else meta["number"],
        "title": meta["title"],
        "encoding": src.encoding,
        "scanned": src.fmt == "scan",
        "models": src.models,
        "source": src.path.relative_to(REPO).as_posix(),
        "province": meta.get("province", "Hòa Bình"),
        "years": [int(y) for y in src.list("years")],
        "cites": src.list("cites"),
        "author": meta.get("author"),
        "agency": meta.get("agency"),
    }
    if related is not None:
        entry["related"] = [t.slug for t in related]
    return entry


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def build_article(src: Source, by_slug: dict, articles: list[Source]) -> tuple[Path, dict]:
    related = related_teasers(src, by_slug)
    if src.fmt == "html":
        data = render_html(src, related, most_read(src, articles)).encode("utf-8")
    else:
        data = encode_text(render_article_txt(src, related), src.encoding)
    out = CORPUS / src.kind / f"{src.slug}.{src.fmt}"
    write_bytes(out, data)
    return out, manifest_entry(src, out, related)


def build_document(src: Source) -> tuple[Path, dict]:
    doc = admin_doc(src)
    if src.fmt == "docx":
        data, suffix = render_docx(doc), "docx"
    elif src.fmt == "scan":
        data, suffix = render_scan(doc), "pdf"
        assert_no_text_layer(data, src.path.name)
    else:
        data, suffix = render_pdf(doc), "pdf"
    out = CORPUS / "van-ban" / f"{src.slug}.{suffix}"
    write_bytes(out, data)
    return out, manifest_entry(src, out, None)


def remove_stale(outputs: set[Path]) -> None:
    for folder in ("tin-bai", "van-ban", "dac-biet"):
        for path in sorted((CORPUS / folder).glob("*")):
            if path.suffix in (".html", ".txt", ".pdf", ".docx") and path not in outputs:
                print(f"removing stale {path.relative_to(REPO)}")
                path.unlink()


README_MARKERS = ("<!-- counts:start (written by build.py) -->", "<!-- counts:end -->")


def counts_table(entries: list[dict]) -> str:
    """Markdown table: generated files per output folder and format, by year of the document."""
    years = sorted({entry["date"][:4] for entry in entries})
    rows: dict[str, dict[str, int]] = {}
    for entry in entries:
        kind = entry["path"].split("/")[1] + "/" + entry["format"] + (" (scan)" if entry["scanned"] else "")
        row = rows.setdefault(kind, {})
        row[entry["date"][:4]] = row.get(entry["date"][:4], 0) + 1
    lines = ["| folder/format | total | " + " | ".join(years) + " |",
             "|---|---:|" + "---:|" * len(years)]
    for kind in sorted(rows):
        cells = [str(rows[kind].get(year, "")) for year in years]
        lines.append(f"| {kind} | {sum(rows[kind].values())} | " + " | ".join(cells) + " |")
    lines.append(f"| **all** | **{len(entries)}** | " + " | ".join(
        str(sum(1 for e in entries if e["date"][:4] == year)) for year in years) + " |")
    return "\n".join(lines)


def update_readme_counts(entries: list[dict]) -> None:
    readme = CORPUS / "README.md"
    if not readme.exists():
        return
    text = readme.read_text(encoding="utf-8")
    start, end = README_MARKERS
    if start not in text or end not in text:
        warn("README.md has no counts markers; counts not updated")
        return
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    write_bytes(readme, f"{head}{start}\n{counts_table(entries)}\n{end}{tail}".encode("utf-8"))


def main() -> int:
    errors: list[str] = []
    articles = load_sources("tin-bai", errors)
    documents = load_sources("van-ban", errors)
    hard_cases = load_sources("dac-biet", errors)
    by_slug = {src.slug: src for src in articles + hard_cases}
    outputs, entries = set(), []
    jobs = [(src, lambda s: build_article(s, by_slug, articles)) for src in articles + hard_cases]
    jobs += [(src, build_document) for src in documents]
    for src, build in jobs:
        try:
            out, entry = build(src)
        except SourceError as exc:
            errors.append(f"{src.path.relative_to(REPO)}: {exc}")
            continue
        outputs.add(out)
        entries.append(entry)
    entries.sort(key=lambda entry: entry["path"])
    manifest = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    write_bytes(CORPUS / "manifest.json", manifest.encode("utf-8"))
    remove_stale(outputs)
    update_readme_counts(entries)
    print(f"built {len(entries)} files; manifest.json and the counts in README.md updated")
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
