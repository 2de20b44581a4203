"""News articles: teasers, the HTML page, the plain-text page."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from build_source import (
    MENU,
    MOST_READ_COUNT,
    SITE_NAME,
    Source,
    article_date_line,
    ascii_slug,
    lead_of,
    paragraphs,
    warn,
)


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


SLOGAN = ("Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Hòa Bình - Tiếng nói của Đảng bộ, chính quyền "
          "và nhân dân các dân tộc tỉnh Hòa Bình")


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
    section_link = f'<a href="../chuyen-muc/{ascii_slug(section)}.html">{e(section)}</a>'
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
<div class="slogan">{SLOGAN}</div>
<nav class="main-menu">
<ul>
<li><a href="../index.html">Trang chủ</a></li>
{menu_html}
</ul>
</nav>
</header>
<div class="container">
<main class="main-column">
<div class="breadcrumb"><a href="../index.html">Trang chủ</a> &raquo; {section_link}</div>
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
