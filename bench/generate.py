"""Benchmark corpora from real text: the 2,653 Dân trí articles as they are,
and N synthetic provincial articles and administrative documents built by
recombining their real titles, leads and paragraphs.

    python bench/generate.py real OUT [--source DIR]
    python bench/generate.py synthetic N OUT [--seed 1] [--source DIR]

Files are written in the layouts the readers understand (the demo corpus's
``corpus/tin-bai/*.html`` and ``*.txt`` newspaper pages, and the plain-text
layout of an administrative document), so an ingest of them goes through the
real readers and extraction.

* ``real``: every article of the source once: its title, date (from the
  corpus metadata), lead (tagged "(Dân trí) -") and its sentences grouped
  into paragraphs of 1–4 sentences; 60 % HTML pages, 40 % text files, each
  with three "Các tin khác" teasers of other articles (which the readers
  must drop).
* ``synthetic``: document *i* depends only on (seed, i), so the first 10k
  documents of a 100k corpus are the 10k corpus. 88 % news articles: the
  title, lead and first paragraphs of a random real article, 1–4 more
  paragraphs of other articles of the same category, a "(HBĐT) -" tag, a
  district of Hòa Bình in the title and the lead ("Tại huyện Kim Bôi, …") for 60 % of them (weighted roughly by
  population; Kỳ Sơn only until 2019), dates 2008–2024 with later years
  denser, a byline. 12 % administrative documents (quyết định, kế hoạch,
  báo cáo, thông báo) with a header, number ("Số: 1234/QĐ-UBND"), place
  and date line, subject (a real title), legal bases and real paragraphs.
  Every paragraph is a real paragraph of the pool (so the segment cache
  sees realistic repetition: ~16k distinct paragraphs).

The generator is deterministic: the same arguments give byte-identical files.
The source text is read from shared data and never copied into the repository.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "news-underthesea-unc-dantri"

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
# (name in a title, weight ~ population share); Kỳ Sơn merged into the city in 2020
DISTRICTS = [
    ("TP Hòa Bình", 15), ("Lương Sơn", 12), ("Lạc Sơn", 13), ("Kim Bôi", 11), ("Tân Lạc", 9),
    ("Mai Châu", 7), ("Đà Bắc", 7), ("Yên Thủy", 7), ("Lạc Thủy", 7), ("Cao Phong", 6), ("Kỳ Sơn", 4),
]
BYLINES = ["PV", "Đinh Thắng", "Bùi Minh", "Hải Yến", "Mai Anh", "Quang Hưng", "Thu Trang",
           "Lê Chung", "Đức Thiện", "Bích Ngọc", "Trần Thắng", "Hồng Duyên"]
DOC_TYPES = [  # (heading, number symbol, weight)
    ("QUYẾT ĐỊNH", "QĐ-UBND", 55), ("KẾ HOẠCH", "KH-UBND", 20), ("BÁO CÁO", "BC-UBND", 15),
    ("THÔNG BÁO", "TB-UBND", 10),
]
LEGAL_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26/11/2003;",
    "Căn cứ Luật Ngân sách nhà nước ngày 25/6/2015;",
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một số điều "
    "của Luật Thi đua, khen thưởng;",
    "Căn cứ Quyết định số 1600/QĐ-TTg ngày 16/8/2016 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu "
    "quốc gia xây dựng nông thôn mới giai đoạn 2016 - 2020;",
    "Xét đề nghị của Trưởng Ban Thi đua - Khen thưởng tỉnh,",
    "Xét đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn,",
]
YEARS = list(range(2008, 2025))
YEAR_WEIGHTS = [1 + 0.25 * (y - 2008) for y in YEARS]
ADMIN_SHARE = 0.12
HTML_SHARE = 0.6


@dataclass
class Article:
    doc_id: str
    category: str
    date: datetime
    title: str
    lead: str
    paragraphs: list[str] = field(default_factory=list)


def _rng(*parts) -> random.Random:
    """A generator seeded by a stable hash of `parts` (independent of PYTHONHASHSEED)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def load_source(source: Path = DEFAULT_SOURCE) -> list[Article]:
    """The source articles, sentences grouped into paragraphs deterministically."""
    data = Path(source) / "data"
    files = sorted(data.glob("*.txt"))
    if not files:
        sys.exit(f"no articles under {data}: pass --source (see bench/README.md)")
    out = []
    for f in files:
        meta, lines = {}, []
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.startswith("# ") and " = " in line and not lines:
                k, v = line[2:].split(" = ", 1)
                meta[k.strip()] = v.strip()
            elif line.strip():
                lines.append(" ".join(line.split()))
        if len(lines) < 3:
            continue
        m = re.search(r"-(\d{14})\d*\.htm", meta.get("url", ""))
        stamp = m.group(1) if m else meta.get("date", "20210101") + "080000"
        try:
            date = datetime.strptime(stamp, "%Y%m%d%H%M%S")
        except ValueError:
            date = datetime.strptime(meta.get("date", "20210101"), "%Y%m%d")
        rng = _rng("paragraphs", meta.get("doc_id", f.stem))
        sentences = lines[2:]
        paragraphs, i = [], 0
        while i < len(sentences):
            k = rng.choice((1, 2, 2, 3, 3, 4))
            paragraphs.append(" ".join(sentences[i:i + k]))
            i += k
        out.append(Article(meta.get("doc_id", f.stem), f.stem.split("_")[1], date, lines[0], lines[1], paragraphs))
    return out


# -- layouts ------------------------------------------------------------------------
def date_line(moment: datetime) -> str:
    return f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y} | {moment:%H:%M}"


def render_txt(title: str, moment: datetime, paragraphs: list[str], byline: str | None,
               teasers: list[tuple[str, str]]) -> str:
    parts = [title, date_line(moment), ""]
    parts += [p + "\n" for p in paragraphs]
    if byline:
        parts += ["\u00a0", "", "\u00a0 " * 32 + byline]
    if teasers:
        parts += ["", "Các tin khác", "", ""]
        parts += ["\n\n".join(f"{t}\n\n{lead}" for t, lead in teasers)]
    return "\n".join(parts) + "\n"


_MENU = ["Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Văn hóa - Thể thao", "Nông nghiệp - Nông thôn",
         "Du lịch", "Pháp luật", "Bạn đọc"]


def render_html(title: str, moment: datetime, paragraphs: list[str], byline: str | None,
                teasers: list[tuple[str, str]], section: str, site: str) -> str:
    e = html.escape
    lead, rest = paragraphs[0], paragraphs[1:]
    body = [f'<p class="sapo"><strong>{e(lead)}</strong></p>'] + [f"<p>{e(p)}</p>" for p in rest]
    if byline:
        body.append(f'<p class="author" style="text-align:right"><strong>{e(byline)}</strong></p>')
    menu = "\n".join(f'<li><a href="#">{e(m)}</a></li>' for m in _MENU)
    other = "\n".join(f'<li><a href="#">{e(t)}</a><p>{e(lead)}</p></li>' for t, lead in teasers)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{e(title)} | {e(site)}</title>
<meta property="og:title" content="{e(title)}">
<meta property="og:description" content="{e(lead[:300])}">
<meta property="article:published_time" content="{moment:%Y-%m-%dT%H:%M:00}+07:00">
<meta property="article:section" content="{e(section)}">
</head>
<body>
<header class="site-header"><div class="logo"><a href="#">{e(site.upper())}</a></div>
<nav class="main-menu"><ul>
{menu}
</ul></nav></header>
<div class="container">
<main class="main-column">
<div class="breadcrumb"><a href="#">Trang chủ</a> &raquo; <a href="#">{e(section)}</a></div>
<article class="article-detail">
<h1 class="article-title">{e(title)}</h1>
<div class="article-meta"><span class="date">{e(date_line(moment))}</span></div>
<div class="article-content">
{chr(10).join(body)}
</div>
</article>
<div class="other-news">
<h3>Các tin khác</h3>
<ul>
{other}
</ul>
</div>
</main>
</div>
<footer class="site-footer"><p><strong>{e(site.upper())}</strong></p></footer>
</body>
</html>
"""


def render_admin(agency_lines: list[str], number: str, place_date: str, heading: str, subject: str,
                 bases: list[str], paragraphs: list[str], is_decision: bool, signer: str) -> str:
    parts = agency_lines + [f"Số: {number}", place_date, "", heading, subject, ""]
    if is_decision:
        parts += [agency_lines[0].replace("ỦY BAN NHÂN DÂN", "CHỦ TỊCH ỦY BAN NHÂN DÂN"), ""]
        parts += bases + ["", "QUYẾT ĐỊNH:"]
        parts += [f"Điều 1. {paragraphs[0]}"] + paragraphs[1:]
        parts += ["Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
                  "Điều 3. Chánh Văn phòng UBND, thủ trưởng các cơ quan, đơn vị liên quan chịu trách "
                  "nhiệm thi hành Quyết định này.", ""]
    else:
        parts += ["I. TÌNH HÌNH VÀ KẾT QUẢ", ""] + [p + "\n" for p in paragraphs]
    parts += ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", signer]
    return "\n".join(parts) + "\n"


SIGNERS = ["Bùi Văn Cửu", "Nguyễn Văn Toàn", "Quách Thế Tản", "Đinh Công Sứ", "Bùi Đức Hinh"]


# -- corpora ---------------------------------------------------------------------------
def write_real(out: Path, source: Path = DEFAULT_SOURCE) -> dict:
    """Every source article once, as a newspaper page. Returns a manifest."""
    arts = load_source(source)
    out.mkdir(parents=True, exist_ok=True)
    n_html = 0
    for i, a in enumerate(arts):
        rng = _rng("real", a.doc_id)
        teasers = [(b.title, b.lead) for b in (arts[(i + k) % len(arts)] for k in (7, 131, 977))]
        paras = ["(Dân trí) - " + a.lead] + a.paragraphs
        if rng.random() < HTML_SHARE:
            text = render_html(a.title, a.date, paras, None, teasers, a.category, "Báo Dân trí")
            name = f"{a.doc_id}.html"
            n_html += 1
        else:
            text = render_txt(a.title, a.date, paras, None, teasers)
            name = f"{a.doc_id}.txt"
        (out / name).write_text(text, encoding="utf-8")
    return {"kind": "real", "documents": len(arts), "html": n_html, "txt": len(arts) - n_html}


def _weighted(rng: random.Random, items: list, weights: list):
    return rng.choices(items, weights=weights, k=1)[0]


def synthetic_document(i: int, arts: list[Article], by_cat: dict[str, list[int]], seed: int):
    """(file name, text, facts) of synthetic document i."""
    rng = _rng("synthetic", seed, i)
    year = _weighted(rng, YEARS, YEAR_WEIGHTS)
    moment = datetime(year, 1, 1) + timedelta(days=rng.randrange(365), hours=rng.randrange(5, 23),
                                              minutes=rng.randrange(60))
    districts = [(d, w) for d, w in DISTRICTS if not (d == "Kỳ Sơn" and year >= 2020)]
    district = _weighted(rng, [d for d, _ in districts], [w for _, w in districts])
    a = arts[rng.randrange(len(arts))]
    pool = by_cat[a.category]
    paras = list(a.paragraphs[: rng.randint(2, 5)])
    for _ in range(rng.randint(1, 4)):
        b = arts[pool[rng.randrange(len(pool))]]
        if b.paragraphs:
            paras.append(b.paragraphs[rng.randrange(len(b.paragraphs))])
    slug = f"{moment:%Y-%m-%d}-{i:06d}"
    if rng.random() < ADMIN_SHARE:
        heading, symbol, _ = _weighted(rng, DOC_TYPES, [w for *_, w in DOC_TYPES])
        number = f"{rng.randint(1, 3500)}/{symbol}"
        provincial = rng.random() < 0.6 or district == "TP Hòa Bình"
        if provincial:
            agency = ["ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH"]
            place = "Hòa Bình"
        else:
            agency = [f"ỦY BAN NHÂN DÂN HUYỆN {district.upper()}"]
            place = district
        month = f"{moment.month:02d}" if moment.month < 3 else str(moment.month)
        place_date = f"{place}, ngày {moment.day:02d} tháng {month} năm {moment.year}"
        subject = "Về việc " + a.title[:1].lower() + a.title[1:]
        bases = rng.sample(LEGAL_BASES, 3)
        text = render_admin(agency, number, place_date, heading, subject, bases, paras,
                            heading == "QUYẾT ĐỊNH", rng.choice(SIGNERS))
        if heading == "QUYẾT ĐỊNH":
            paras = [f"Điều 1. {paras[0]}"] + paras[1:]
        return f"van-ban/{slug}.txt", text, {"type": heading, "number": number, "year": year,
                                               "district": None if provincial else district,
                                               "title": heading.capitalize() + " " + subject[:1].lower() + subject[1:],
                                               "date": moment, "paragraphs": paras, "agency": agency[0],
                                               "category": a.category, "format": "txt"}
    located = rng.random() < 0.6
    title = f"{district}: {a.title}" if located else a.title
    if located:
        unit = district if district.startswith("TP ") else f"huyện {district}"
        paras = [f"(HBĐT) - Tại {unit}, tỉnh Hòa Bình, " + a.lead[:1].lower() + a.lead[1:]] + paras
    else:
        paras = ["(HBĐT) - " + a.lead] + paras
    teasers = []
    for _ in range(3):
        b = arts[rng.randrange(len(arts))]
        teasers.append((b.title, "(HBĐT) - " + b.lead))
    byline = rng.choice(BYLINES)
    facts = {"type": "tin-bai", "year": year, "district": district if located else None, "title": title,
             "date": moment, "paragraphs": paras, "author": byline, "category": a.category}
    if rng.random() < HTML_SHARE:
        return (f"tin-bai/{slug}.html",
                render_html(title, moment, paras, byline, teasers, a.category, "Báo Hòa Bình điện tử"),
                {**facts, "format": "html"})
    return (f"tin-bai/{slug}.txt", render_txt(title, moment, paras, byline, teasers), {**facts, "format": "txt"})


def write_synthetic(n: int, out: Path, seed: int = 1, source: Path = DEFAULT_SOURCE,
                    start: int = 0) -> dict:
    """Documents start..n-1 (a corpus of n written in steps). Returns a manifest."""
    arts = load_source(source)
    by_cat: dict[str, list[int]] = {}
    for k, a in enumerate(arts):
        by_cat.setdefault(a.category, []).append(k)
    (out / "tin-bai").mkdir(parents=True, exist_ok=True)
    (out / "van-ban").mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    numbers = []
    for i in range(start, n):
        name, text, facts = synthetic_document(i, arts, by_cat, seed)
        (out / name).write_text(text, encoding="utf-8")
        counts[facts["type"]] = counts.get(facts["type"], 0) + 1
        if "number" in facts and len(numbers) < 500:
            numbers.append(facts["number"])
    return {"kind": "synthetic", "documents": n, "seed": seed, "types": counts, "numbers": numbers}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("real")
    r.add_argument("out")
    s = sub.add_parser("synthetic")
    s.add_argument("n", type=int)
    s.add_argument("out")
    s.add_argument("--seed", type=int, default=1)
    for p in (r, s):
        p.add_argument("--source", default=str(DEFAULT_SOURCE))
    args = ap.parse_args(argv)
    out = Path(args.out)
    if args.cmd == "real":
        manifest = write_real(out, Path(args.source))
    else:
        manifest = write_synthetic(args.n, out, args.seed, Path(args.source))
    print(json.dumps({k: v for k, v in manifest.items() if k != "numbers"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
