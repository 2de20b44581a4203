"""The main text of a page or file, and what surrounds it.

From a RawDocument's blocks (already the page content for HTML; the whole
file for txt/pdf/docx), :func:`main_body` separates:

* the trailing block of other stories ("Các tin khác", "Tin liên quan",
  "Tin cùng chuyên mục", "Xem thêm", "Tin khác", "Bài liên quan"…): its
  teaser *titles* go to ``related`` (a title is a short line, usually
  followed by its lead paragraph), and nothing of it stays in the body;
  inline "Xem thêm: <title>" / ">> <title>" lines go the same way;
* the source tag opening the lead — "(HBĐT) -", "(TTXVN)", "(Chinhphu.vn)",
  "HBĐT -" — which stays in the text and is reported as ``source``;
* the byline: the last short, name-like block ("H.N", "Thu Trang", "PV",
  "L.A (CTV)", "Bài, ảnh: Mai Anh") -> ``author``, removed from the body;
  a closing "Theo TTXVN" is a source, not an author;
* for plain-text files, the first-line title and the date line, which are
  not body either.

Blocks must already be normalized (:func:`ingest.vietnamese.normalize`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.vietnamese.syllable import LOWER, UPPER

from ..vietnamese import headings
from ..vietnamese.datelines import is_date_line
from ..vietnamese.normalize import fold

# Headings over other stories and inline "Xem thêm:" lead-ins: one list with
# the HTML reader's, ingest/vietnamese/data/related_headings.tsv
_INLINE_RELATED_RE = re.compile(
    r"^(?:>>+|»+|" + headings.inline_leads_pattern() + r"\s*[:>»]+)\s*(.+)$",
    re.IGNORECASE,
)

# "(HBĐT) -", "(TTXVN)", "(Chinhphu.vn) -", "(Baohoabinh.com.vn)-"
_PAREN_SOURCE_RE = re.compile(
    r"^\(\s*([A-ZĐ][A-ZĐ0-9&.\-]{1,14}|[A-Za-zĐđ][\w\-]*(?:\.[A-Za-z]{2,4}){1,3})\s*\)\s*(?:[-–—:]\s*)?"
)
# bare "HBĐT - …" only for known agencies (an upper-case word at the start
# of a line is too often something else)
_KNOWN_SOURCES = ("HBĐT", "TTXVN", "VOV", "VTV", "VNA", "TTO", "BHB", "ĐCSVN", "QĐND", "ND")
_BARE_SOURCE_RE = re.compile(r"^(" + "|".join(_KNOWN_SOURCES) + r")\s*[-–—]\s+")
_THEO_SOURCE_RE = re.compile(r"^\(?\s*(?:theo|nguồn)\s*:?\s+([^()]{2,40}?)\s*\)?\.?$", re.IGNORECASE)

_BYLINE_PREFIX_RE = re.compile(
    r"^(?:bài\s*(?:,|và)\s*ảnh|tin\s*(?:,|và)\s*ảnh|bài|tin|ảnh|ghi chép|nhóm pv|"
    r"nhóm phóng viên|phóng viên|thực hiện|tác giả)\s*:\s*",
    re.IGNORECASE,
)
_ROLE_SUFFIX_RE = re.compile(r"\s*\((?:CTV|ctv|TTXVN|TH|st|ST|tổng hợp|Tổng hợp|PV|BHB)\)\s*$")
_INITIALS_RE = re.compile(r"^(?:[A-ZĐ][" + LOWER + r"]?\.){1,4}[A-ZĐ]?[" + LOWER + r"]?\.?$")
_NAME_WORD_RE = re.compile(r"^[" + UPPER + r"][" + LOWER + r"]+$")
_CAPS_WORD_RE = re.compile(r"^[" + UPPER + r"]{2,5}$")  # PV, CTV, BTV


@dataclass
class MainBody:
    blocks: list[str] = field(default_factory=list)   # the main text, one paragraph each
    related: list[str] = field(default_factory=list)  # teaser titles
    source: str | None = None
    author: str | None = None
    title: str | None = None                           # first-line title (txt)
    date_line: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


def _folded_marker(line: str) -> str:
    f = fold(line).strip()
    f = re.sub(r"[\s:»>.\-–—…|]+$", "", f)
    f = re.sub(r"^[\s«»<>\-–—|•*]+", "", f)
    return re.sub(r"\s+", " ", f)


def is_related_marker(line: str) -> bool:
    return headings.is_related_folded(_folded_marker(line))


def source_tag(line: str) -> str | None:
    """The source named by a lead's opening tag: "(HBĐT) - …" -> "HBĐT"."""
    line = line.strip()
    m = _PAREN_SOURCE_RE.match(line)
    if m:
        return m.group(1)
    m = _BARE_SOURCE_RE.match(line)
    if m:
        return m.group(1)
    return None


def strip_source_tag(line: str) -> str:
    """The lead without its opening source tag."""
    line = line.strip()
    for rx in (_PAREN_SOURCE_RE, _BARE_SOURCE_RE):
        m = rx.match(line)
        if m:
            return line[m.end():].lstrip(" -–—:")
    return line


def _words(line: str) -> list[str]:
    return line.split()


def byline_author(line: str) -> str | None:
    """The author named by a byline block, or None when it is not one."""
    line = line.strip().strip("*_").strip()
    if not line or len(line) > 60:
        return None
    folded = fold(line).split()
    if not folded or folded[0] in ("theo", "nguon", "nguon:"):  # a lone combining mark folds to nothing
        return None  # "Theo TTXVN" names a source
    had_prefix = bool(_BYLINE_PREFIX_RE.match(line))
    name = _BYLINE_PREFIX_RE.sub("", line).strip()
    core = _ROLE_SUFFIX_RE.sub("", name).strip().rstrip(".") if not _INITIALS_RE.match(name) else name
    if not core:
        return None
    words = _words(core)
    if not 1 <= len(words) <= 4:
        return None
    for i, w in enumerate(words):
        w2 = w.rstrip(",")
        if w2 in ("-", "–", "&", "và") and 0 < i < len(words) - 1:
            continue
        if _INITIALS_RE.match(w2) or _CAPS_WORD_RE.match(w2) or _NAME_WORD_RE.match(w2):
            continue
        return None
    # a lone capitalised common word ("Nguồn", "Ảnh") is not a name
    if len(words) == 1 and _NAME_WORD_RE.match(words[0]) and not had_prefix:
        return None
    if core.endswith(".") and not _INITIALS_RE.match(core):
        return None
    return name.rstrip()


def _is_title_like(line: str) -> bool:
    """A first line that reads as a headline."""
    if source_tag(line) or is_date_line(line):
        return False
    n = len(line.split())
    if n == 0 or n > 30 or len(line) > 220:
        return False
    return not line.rstrip().endswith((".", ";", ":"))


def _is_lead_like(line: str, title: str) -> bool:
    if source_tag(line):
        return True
    n = len(line.split())
    if n >= 25:
        return True
    if line.rstrip().endswith((".", "…", "...", "”", '"', "!", "?", ";")) and n > len(title.split()):
        return True
    return n > 2 * len(title.split()) and n >= 12


_TRAILING_DATE_RE = re.compile(r"\s*[(\[]?\s*\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?\s*[)\]]?\s*$")


def _teaser_titles(lines: list[str]) -> list[str]:
    titles: list[str] = []
    expect_title = True
    for line in lines:
        line = re.sub(r"^[\s\-–—•*>»]+", "", line).strip()
        if not line or is_related_marker(line) or is_date_line(line):
            continue
        if not expect_title and titles and _is_lead_like(line, titles[-1]):
            expect_title = True
            continue
        if expect_title and titles and source_tag(line):
            continue  # a lead after a lead
        if len(line.split()) > 35:
            continue  # a lead whose title we missed
        title = _TRAILING_DATE_RE.sub("", line).strip()
        if title:
            titles.append(title)
            expect_title = False
    return list(dict.fromkeys(titles))


def _explode(blocks: list[str]) -> list[str]:
    out = []
    for b in blocks:
        if not b:
            continue
        for line in b.split("\n"):
            line = line.strip()
            if line:
                out.append(line)
    return out


def main_body(blocks: list[str], *, fmt: str = "txt", title: str | None = None,
              related: list[str] | None = None, is_document: bool = False) -> MainBody:
    """Split normalized blocks into main text and the rest (see module doc).

    `title` is the reader's title (HTML); `related` the teasers the reader
    already found in markup; `is_document` turns off news-only rules
    (byline, related block, first-line title) for administrative documents,
    whose last line is the signer's name."""
    lines = _explode(blocks)
    out = MainBody(related=list(related or []))
    if not lines:
        return out

    if not is_document:
        # 1. the trailing block of other stories
        cut = None
        for i, line in enumerate(lines):
            if i >= 1 and is_related_marker(line):
                cut = i
                break
        teasers = lines[cut + 1:] if cut is not None else []
        if cut is not None:
            lines = lines[:cut]
        # inline "Xem thêm: …" lines (before the block, in reading order)
        kept = []
        for line in lines:
            m = _INLINE_RELATED_RE.match(line)
            if m and len(m.group(1).split()) <= 35:
                out.related.append(m.group(1).strip())
                continue
            kept.append(line)
        lines = kept
        out.related.extend(_teaser_titles(teasers))

    # 2. title and date line at the head (txt; also HTML when the reader
    # left the headline in the blocks)
    head_title = title
    for _ in range(3):
        if not lines:
            break
        first = lines[0]
        if is_date_line(first):
            out.date_line = out.date_line or first
            lines = lines[1:]
            continue
        if head_title and fold(first).strip(" .") == fold(head_title).strip(" ."):
            out.title = out.title or first
            lines = lines[1:]
            continue
        if (not is_document and out.title is None and not title and fmt not in ("html", "htm")
                and len(lines) > 1 and _is_title_like(first)
                and (is_date_line(lines[1]) or source_tag(lines[1])
                     or len(lines[1].split()) > len(first.split()))):
            out.title = first
            lines = lines[1:]
            continue
        break

    # 3. the byline (and a closing "Theo TTXVN")
    if not is_document:
        for _ in range(3):
            if len(lines) < 2:
                break
            last = lines[-1]
            m = _THEO_SOURCE_RE.match(last)
            if m and len(m.group(1).split()) <= 5:
                out.source = out.source or m.group(1).strip()
                lines = lines[:-1]
                continue
            if out.author is None:
                author = byline_author(last)
                if author:
                    out.author = author
                    lines = lines[:-1]
                    continue
            break

    # 4. the source tag opening the lead
    for line in lines[:3]:
        tag = source_tag(line)
        if tag:
            out.source = tag  # the lead's tag wins over a closing "Theo …"
            break

    out.blocks = lines
    out.related = list(dict.fromkeys(r for r in out.related if r))
    return out
