"""What the e-signing software stamped over the header: `fill_stamped`.

Provinces sign documents electronically: the signing software draws the
document number and the day of signing as signature widgets (annotation
appearances) over the empty slots of the header, "Số:      /QĐ-UBND" and
"Hà Nội, ngày    tháng    năm 2025". pdfplumber reads the page's own text
only, so the slots come out empty; poppler's ``pdftotext`` draws the
widgets' appearances too ("Số: 2858 /QĐ-UBND … ngày 10 tháng 6 năm 2025").
So when a header slot of page 1 is empty, page 1 is read again with
``pdftotext`` (poppler-utils) and the number, day and month it shows are put
into those lines, with a warning saying where they came from.
"""
from __future__ import annotations

import re
import shutil
import subprocess

# "Số: /QĐ-UBND", "Số:     /KH-UBND": the number slot empty
_EMPTY_NUMBER_RE = re.compile(r"(?P<lead>(?:Số|SỐ)\s*:?\s*)(?P<rest>/\s*[A-ZĐ][\w\-.Đđ]*)")
# "…, ngày tháng năm 2025", "ngày … tháng … năm 2025": day and month empty
_EMPTY_DATE_RE = re.compile(r"ngày\s*(?:[.…]*\s*)tháng\s*(?:[.…]*\s*)năm\s*(?P<year>\d{4})")
_STAMPED_NUMBER_RE = re.compile(r"(?:Số|SỐ)\s*:?\s*(?P<n>\d{1,6})\.?\s*(?P<rest>/\s*[A-ZĐ][\w\-.Đđ]*)")
_STAMPED_DATE_RE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")
TIMEOUT = 30            # seconds for pdftotext on one page


def _poppler_page1(path: str) -> str | None:
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, "-f", "1", "-l", "1", "-layout", "-enc", "UTF-8", path, "-"],
                              capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def _join_split_slot(blocks: list[str]) -> list[str]:
    """"Số:" and "/QĐ-UBND" read as two blocks (the empty slot is a wide gap): one."""
    out = list(blocks)
    for i in range(min(len(out) - 1, 25)):
        if re.fullmatch(r"\s*(?:Số|SỐ)\s*:?\s*", out[i]) and re.match(r"\s*/\s*[A-ZĐ]", out[i + 1]):
            out[i:i + 2] = [out[i].strip() + " " + out[i + 1].strip()]
            break
    return out


def _empty_slots(blocks: list[str]) -> tuple[int | None, int | None]:
    """Indexes of the header blocks whose number / date slot is empty."""
    number_at = date_at = None
    for i, block in enumerate(blocks[:25]):
        if number_at is None and _EMPTY_NUMBER_RE.search(block) and not _STAMPED_NUMBER_RE.search(block):
            number_at = i
        if date_at is None and _EMPTY_DATE_RE.search(block) and not _STAMPED_DATE_RE.search(block):
            date_at = i
    return number_at, date_at


def fill_stamped(path: str, blocks: list[str], warnings: list[str]) -> list[str]:
    """Page 1's `blocks` with the number and date the signing software
    stamped put into the header's empty slots (read with poppler); a warning
    for each value so taken, or one saying that poppler is needed."""
    joined = _join_split_slot(blocks)
    number_at, date_at = _empty_slots(joined)
    if number_at is None and date_at is None:
        return blocks
    text = _poppler_page1(path)
    if text is None:
        warnings.append("the header's number or date slot is empty (an e-signature stamp?); "
                        "install poppler-utils (pdftotext) to read what the stamp shows")
        return blocks
    out = joined
    if number_at is not None:
        stamped = _STAMPED_NUMBER_RE.search(text)
        if stamped:
            number = stamped.group("n") + re.sub(r"\s+", "", stamped.group("rest"))
            out[number_at] = _EMPTY_NUMBER_RE.sub(lambda m: m.group("lead") + number, out[number_at], count=1)
            warnings.append(f"number {number} read from the e-signature stamp (poppler)")
    if date_at is not None:
        stamped = _STAMPED_DATE_RE.search(text)
        if stamped:
            day, month, year = stamped.group("d"), stamped.group("m"), stamped.group("y")
            out[date_at] = _EMPTY_DATE_RE.sub(f"ngày {day} tháng {month} năm {year}", out[date_at], count=1)
            warnings.append(f"date {day}/{month}/{year} read from the e-signature stamp (poppler)")
    return out
