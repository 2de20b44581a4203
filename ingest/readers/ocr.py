"""OCR of PDF pages with Tesseract, and the text-layer check that decides it.

* :func:`text_layer_quality` — "ok", "empty" or "garbage" for the text a
  page's text layer gave; "garbage" is a layer that is there but unusable:
  mostly non-syllables, Vietnamese with its diacritics broken (a poor OCR
  layer from a scanner), ``(cid:…)``/U+FFFD glyphs, or TCVN3/VNI mojibake
  that :func:`ingest.vietnamese.legacy.fix_mojibake` cannot repair.
* :func:`ocr_pages` — renders pages with pypdfium2 at 300 dpi (grey) and runs
  the ``tesseract`` binary (Debian ``tesseract-ocr`` + ``tesseract-ocr-vie``)
  with ``-l vie``, ``OMP_THREAD_LIMIT=1`` (Tesseract's OpenMP threads fight
  on a small machine: 1.4 s/page instead of ~7 s) and TSV output, from which
  the text and the mean word confidence come. Two pages run at a time.

When Tesseract or its Vietnamese model is missing, :func:`ocr_pages` raises
:class:`ReaderError` naming the page and the packages to install; callers
keep the rest of the document.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from ingest.readers.base import ReaderError
from ingest.vietnamese.legacy import fix_mojibake, looks_vietnamese
from ingest.vietnamese.normalize import normalize

from .ocr_tables import find_grids, table_rows

DPI = 300
PAGE_TIMEOUT = 180        # seconds of tesseract per page
LANG = "vie"
WORKERS = 2

# --- availability -----------------------------------------------------------


@lru_cache(maxsize=1)
def _tesseract_info() -> tuple[bool, str]:
    exe = shutil.which("tesseract")
    if not exe:
        return False, ""
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False, ""
    have_vie = LANG in langs.stdout.split()
    first = (version.stdout or version.stderr).splitlines()[:1]
    return have_vie, (first[0].strip() if first else "tesseract")


def tesseract_available() -> bool:
    """True when the tesseract binary and its Vietnamese model are installed."""
    return _tesseract_info()[0]


def engine_name() -> str:
    """e.g. "tesseract 5.3.0 -l vie" (recorded with OCR'd pages)."""
    return f"{_tesseract_info()[1] or 'tesseract'} -l {LANG}"


ENGINE = "tesseract -l vie"  # read by the PDF reader; see engine_name() for the version


# --- text layer quality -------------------------------------------------------

_GLYPH_JUNK_RE = re.compile(r"\(cid:\d+\)|\ufffd")
_VIET_MARKED_RE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
_WORD_RE = re.compile(r"\S+")
_CLEAN_ASCII_RE = re.compile(r"^[\"'(\[]*[A-Za-z]+(?:[-'][A-Za-z]+)*[\"')\],.;:!?]*$")


def text_layer_quality(text: str) -> str:
    """"ok", "empty" or "garbage" for one page's extracted text.

    empty: fewer than 20 letters. garbage: ≥ 5 % of the text is unmapped
    glyphs, or fewer than 60 % of the words are Vietnamese syllables even
    after :func:`fix_mojibake` — unless the page is clean unaccented Latin
    text (an English annex: ≥ 85 % plain words, no Vietnamese marks at all,
    which a broken Vietnamese layer always still has some of)."""
    text = text or ""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 20:
        return "empty"
    junk = sum(len(m) for m in _GLYPH_JUNK_RE.findall(text))
    if junk >= 0.05 * len(text.strip()):
        return "garbage"
    score = looks_vietnamese(text)
    if score >= 0.6:
        return "ok"
    fixed = fix_mojibake(text)
    if fixed and looks_vietnamese(fixed[0]) >= 0.6:
        return "ok"  # legacy encoding: the caller converts it with fix_mojibake
    words = _WORD_RE.findall(text)
    wordish = [w for w in words if any(ch.isalpha() for ch in w)]
    clean = sum(1 for w in wordish if _CLEAN_ASCII_RE.match(w))
    if wordish and clean >= 0.85 * len(wordish) and not _VIET_MARKED_RE.search(text) and score < 0.45:
        return "ok"  # not Vietnamese, but a clean layer
    return "garbage"


# --- OCR ----------------------------------------------------------------------


def _render(path: str, page_numbers: list[int], out_dir: str) -> dict[int, str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except Exception as exc:
        raise ReaderError(f"{path}: cannot open the PDF to render pages for OCR ({exc})") from None
    images = {}
    try:
        n = len(pdf)
        for number in page_numbers:
            if not 1 <= number <= n:
                raise ReaderError(f"{path}: page {number} does not exist (the PDF has {n} pages)")
            page = pdf[number - 1]
            bitmap = page.render(scale=DPI / 72, grayscale=True)
            img = bitmap.to_pil()
            file = os.path.join(out_dir, f"p{number}.png")
            img.save(file, dpi=(DPI, DPI))
            bitmap.close()
            page.close()
            images[number] = file
    finally:
        pdf.close()
    return images


def _tesseract(image: str) -> tuple[str, float, list[tuple[str, float]]]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = subprocess.run(
        ["tesseract", image, "stdout", "-l", LANG, "--dpi", str(DPI), "tsv"],
        capture_output=True, timeout=PAGE_TIMEOUT, env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip()[-300:])
    try:
        grids = find_grids(image)
    except (OSError, ValueError):
        grids = []
    tsv = proc.stdout.decode("utf-8", "replace")
    text, conf = tsv_to_text(tsv, grids)
    return text, conf, header_words(tsv)


def header_words(tsv: str) -> list[tuple[str, float]]:
    """(word, confidence 0-100) of the words in the top :data:`HEADER_SHARE`
    of a page, from Tesseract's TSV: what a header value's confidence is
    taken from."""
    page_h = 0
    out: list[tuple[str, float]] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        try:
            if cols[0] == "1" and len(cols) >= 10:
                page_h = int(cols[9])
            elif cols[0] == "5" and len(cols) >= 12 and cols[11].strip() and float(cols[10]) >= 0 \
                    and (not page_h or int(cols[7]) <= HEADER_SHARE * page_h):
                out.append((normalize(cols[11].strip()), float(cols[10])))
        except ValueError:
            continue
    return out


def tsv_to_text(tsv: str, grids=()) -> tuple[str, float]:
    """Text (lines; a blank line between Tesseract's paragraphs) and the mean
    word confidence (0-100) of Tesseract's TSV output. The words inside a
    ruled table (`grids`, :mod:`.ocr_tables`) come out as its rows
    ("a | b | c"), where the table stands on the page; the lines of a
    two-column header at the top (:func:`_header_columns`) come out left
    column first, one line a paragraph, as a typed header reads."""
    words: list[tuple[float, float, tuple, str]] = []
    spans: list[tuple[int, int]] = []          # each word's left and right edge
    confs: list[float] = []
    page_w = page_h = 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 10 and cols[0] == "1":
            try:
                page_w, page_h = int(cols[8]), int(cols[9])
            except ValueError:
                pass
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]), int(cols[5]))
        try:
            left, top, w, h = (int(c) for c in cols[6:10])
        except ValueError:
            left = top = w = h = 0
        words.append((left + w / 2, top + h / 2, key, word))
        spans.append((left, left + w))
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if conf >= 0:
            confs.append(conf)
    tables: list[tuple[int, list[str]]] = []
    used: set[int] = set()
    for grid in grids:
        rows, took = table_rows(grid, words)
        if rows:
            tables.append((grid.top, rows))
            used |= took
    lines: dict[tuple[int, int, int, int], list[str]] = {}
    edges: dict[tuple[int, int, int, int], list[tuple[int, int]]] = {}
    tops: dict[tuple[int, int, int, int], float] = {}
    for i, (_, y, key, word) in enumerate(words):
        if i in used:
            continue
        lines.setdefault(key[:4], []).append(word)
        edges.setdefault(key[:4], []).append(spans[i])
        tops[key[:4]] = min(tops.get(key[:4], y), y)
    out: list[str] = []
    last_par = None
    pending = sorted(tables)
    header: list[tuple[str, str]] = []       # the two-column header's lines: (left, right)

    def flush_header() -> None:
        # the header's left column, then its right one, a line a paragraph (as a typed header reads)
        for part in [left for left, _ in header] + [right for _, right in header]:
            if part:
                out.extend([""] if out else [])
                out.append(part)
        header.clear()

    for key in sorted(lines):
        while pending and pending[0][0] < tops[key]:
            flush_header()
            out += ([""] if out else []) + pending.pop(0)[1] + [""]
            last_par = None
        columns = _header_columns(lines[key], edges[key], tops[key], page_w, page_h)
        if columns is not None:
            header.append(columns)
            last_par = None
            continue
        if header:
            flush_header()
            out.append("")
            last_par = key[:3]
            out.append(" ".join(lines[key]))
            continue
        par = key[:3]
        if last_par is not None and par != last_par:
            out.append("")
        out.append(" ".join(lines[key]))
        last_par = par
    flush_header()
    for _, rows in pending:
        out += ([""] if out else []) + rows
    return "\n".join(out).strip("\n"), (sum(confs) / len(confs) if confs else 0.0)


HEADER_SHARE = 0.3      # the header of a page: its top 30 %
COLUMN_GAP = 0.06       # a gap between columns: 6 % of the page's width


def _header_columns(words: list[str], edges: list[tuple[int, int]], top: float, page_w: int,
                    page_h: int) -> tuple[str, str] | None:
    """(left, right) of a line of a page's two-column header (agency and
    number on the left, motto and place-date on the right: Tesseract reads
    them as one line), split at its widest gap, or a line standing in one
    half of the page; None for any other line (a centred heading ends the
    header)."""
    if not page_w or not page_h or top > HEADER_SHARE * page_h or not words:
        return None
    if max(r for _, r in edges) < 0.5 * page_w:
        return " ".join(words), ""      # a line of the left column alone ("SỞ TƯ PHÁP" under the city)
    if min(left for left, _ in edges) > 0.5 * page_w:
        return "", " ".join(words)      # of the right column alone
    if len(words) < 2:
        return None
    order = sorted(range(len(words)), key=lambda i: edges[i][0])
    gaps = [(edges[order[k + 1]][0] - edges[order[k]][1], k) for k in range(len(order) - 1)]
    gap, at = max(gaps)
    if gap < COLUMN_GAP * page_w:
        return None
    left = " ".join(words[i] for i in order[:at + 1])
    right = " ".join(words[i] for i in order[at + 1:])
    return left, right


def ocr_pages(path: str, page_numbers: list[int]) -> dict[int, tuple[str, float]]:
    """OCR the given 1-based pages of a PDF: {page: (text, mean word
    confidence 0-100)}, text normalized (NFC, tone placement, white space).
    A page whose Tesseract run fails or times out is left out of the result.
    Raises ReaderError when Tesseract or the Vietnamese model is missing."""
    path = os.fspath(path)
    numbers = sorted(set(int(n) for n in page_numbers))
    if not numbers:
        return {}
    if not tesseract_available():
        which = "page " + str(numbers[0]) if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))
        raise ReaderError(
            f"{path}: {which} {'has' if len(numbers) == 1 else 'have'} no text layer and needs OCR: "
            "install tesseract-ocr and tesseract-ocr-vie"
        )
    results: dict[int, tuple[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="tracuu-ocr-") as tmp:
        images = _render(path, numbers, tmp)
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(images))) as pool:
            futures = {n: pool.submit(_tesseract, img) for n, img in images.items()}
            for n, fut in futures.items():
                try:
                    text, conf, words = fut.result()
                except (RuntimeError, subprocess.TimeoutExpired, OSError):
                    continue
                results[n] = (normalize(text), round(conf, 1))
                if n == 1:
                    HEADER_WORDS[path] = words
    return results


# {path: the words of page 1's header with their confidences}, from the last
# OCR of that file's first page (the PDF reader puts them in the document's meta)
HEADER_WORDS: dict[str, list[tuple[str, float]]] = {}
