"""Plain-text reader (.txt).

Decoding, in order: BOM (UTF-8 / UTF-16 / UTF-32) -> strict UTF-8 ->
UTF-16 without BOM (only when the NUL bytes fall where UTF-16 puts them) ->
the legacy-Vietnamese hook ``ingest.vietnamese.legacy.decode_legacy`` (if
that module exists) -> charset-normalizer / CP1258, accepted only when the
decoded text looks like Vietnamese or plain Latin text. Anything else is a
:class:`ReaderError` that names the file and says how to convert it.

Blocks are paragraphs (split on blank lines; hard-wrapped lines of a
paragraph joined; a file without blank lines gives one block per line).
``title``: the first title-like line (short, no final period) before the
body; ``meta["date_line"]``: a date line near the top, as written;
``meta["encoding"]``: the encoding used (a warning when not UTF-8).

The helpers here (reading, decoding, finding the date line, paragraph splitting,
document-property titles) are shared by the other readers.
"""
from __future__ import annotations

import errno
import os
import re
import unicodedata

from .. import settings
from ..vietnamese.datelines import PLACE_DATE_LINE_RE, is_date_line
from .base import RawDocument, ReaderError, guarded

# --------------------------------------------------------------------------
# Shared helpers (also used by the html and pdf packages and docx.py)
# --------------------------------------------------------------------------


MAX_FILE_MB = settings.MAX_FILE_MB.default      # override with TRACUU_MAX_FILE_MB
MAX_FILE_ENV = settings.MAX_FILE_MB.name


def max_file_bytes() -> int:
    """The largest file tracuu reads (TRACUU_MAX_FILE_MB, default 200 MB)."""
    return settings.max_file_bytes(default=MAX_FILE_MB)


def too_large_message(path: str, size: int) -> str:
    limit = max_file_bytes()
    return (f"{path}: the file is {size / (1024 * 1024):.1f} MB, more than the limit of "
            f"{limit / (1024 * 1024):g} MB (set the environment variable {MAX_FILE_ENV} to raise it)")


def read_bytes(path: str) -> bytes:
    """The whole file, once; a missing, unreadable, special (FIFO, device) or
    too large file is a ReaderError."""
    import stat as _stat

    limit = max_file_bytes()
    try:
        st = os.stat(path)
        if _stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(path)
        if not _stat.S_ISREG(st.st_mode):
            raise ReaderError(f"{path}: not a regular file (a pipe, socket or device); tracuu reads files")
        if st.st_size > limit:
            raise ReaderError(too_large_message(path, st.st_size))
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise ReaderError(too_large_message(path, len(data)))
        return data
    except FileNotFoundError:
        raise ReaderError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ReaderError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReaderError(f"{path}: a symbolic link that loops") from None
        raise ReaderError(f"{path}: could not be read: {exc.strerror or exc}") from exc


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse_ws(text: str) -> str:
    """All runs of white space (incl. NBSP and line breaks) -> one space."""
    return " ".join(text.split())


# Vietnamese letters (precomposed, both cases) plus ASCII letters: used to
# judge whether a guessed decoding produced Vietnamese text or mojibake.
def _vietnamese_letters() -> frozenset[str]:
    bases = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for b in bases:
        for t in tones:
            letters.add(unicodedata.normalize("NFC", b + t))
    letters |= {c.upper() for c in letters}
    return frozenset(letters)


_VN_LETTERS = _vietnamese_letters()
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1a"}


def control_share(text: str) -> float:
    """Share of control characters (other than tab/newline/...) in text."""
    if not text:
        return 0.0
    n = sum(1 for c in text if c not in _ALLOWED_CONTROLS and unicodedata.category(c) == "Cc")
    return n / len(text)


def looks_vietnamese_or_latin(text: str) -> bool:
    """True when text (NFC) is made of Vietnamese/ASCII letters, digits,
    punctuation and spaces: no stray combining marks, no foreign letters
    (the mojibake of VNI/TCVN3 read as CP1258/CP1252, or UTF-16 guessed for
    8-bit text, fails this)."""
    text = nfc(text)
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    marks = sum(1 for c in text if unicodedata.category(c).startswith("M"))
    foreign = sum(1 for c in letters if c not in _VN_LETTERS)
    if control_share(text) > 0.01:
        return False
    return marks == 0 and foreign <= 0.01 * len(letters)


def legacy_hook():
    """``ingest.vietnamese.legacy.decode_legacy`` if that module exists."""
    try:
        from ingest.vietnamese.legacy import decode_legacy  # type: ignore
    except ImportError:
        return None
    return decode_legacy


def call_legacy_hook(data: bytes, warnings: list[str], fonts: list[str] | None = None
                     ) -> tuple[str, str] | None:
    """(text, encoding) from the legacy hook, or None. `fonts` (font names
    seen in the file) is passed on when the hook accepts it."""
    hook = legacy_hook()
    if hook is None:
        return None
    try:
        if fonts:
            try:
                result = hook(data, fonts=list(fonts))
            except TypeError:
                result = hook(data)
        else:
            result = hook(data)
    except Exception as exc:  # a bug in the converter must not lose the file
        warnings.append(f"legacy decoding failed: {exc}")
        return None
    if not result:
        return None
    text, encoding = result
    return text, encoding


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without BOM: NULs sit (almost) only at odd (LE) or even
    (BE) offsets, and the decoded text is readable."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= len(data) // 8 and other <= nuls // 20:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if looks_vietnamese_or_latin(text):
                return text, enc
    return None


def guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess (name only), or None."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:
        return None
    return best.encoding if best is not None else None


_ACCEPTED_GUESSES = ("cp1258", "utf_16", "utf_32")


def decode_text_bytes(path: str, data: bytes) -> tuple[str, str, list[str]]:
    """Decode a text file: (text, encoding name, warnings). Raises ReaderError."""
    warnings: list[str] = []
    bom = bom_encoding(data)
    if bom:
        enc, n = bom
        try:
            text = data[n:].decode(enc.replace("-sig", ""))
        except UnicodeDecodeError as exc:
            raise ReaderError(
                f"{path}: starts with a {enc} byte-order mark but is not valid {enc} "
                f"({exc.reason} at byte {exc.start + n}); re-save it as UTF-8"
            ) from None
        if enc != "utf-8-sig":
            warnings.append(f"decoded as {enc} (not UTF-8)")
        return _check_not_binary(path, text), enc, warnings
    try:
        return _check_not_binary(path, data.decode("utf-8")), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        u16 = _utf16_without_bom(data)
        if u16:
            warnings.append(f"decoded as {u16[1]} (not UTF-8)")
            return u16[0], u16[1], warnings
        raise ReaderError(f"{path}: not a text file (it contains binary data / NUL bytes)")
    legacy = call_legacy_hook(data, warnings)
    if legacy:
        text, enc = legacy
        warnings.append(f"decoded from legacy Vietnamese encoding {enc} (not UTF-8)")
        return _check_not_binary(path, nfc(text)), enc, warnings
    raw_controls = sum(1 for b in data if b < 0x20 and b not in b"\t\n\r\f\v\x1a")
    if raw_controls > 0.1 * len(data):
        raise ReaderError(f"{path}: not a text file (mostly control characters / binary data)")
    guess = guess_encoding(data)
    candidates = []
    if guess and guess.startswith(_ACCEPTED_GUESSES):
        candidates.append(guess)
    if "cp1258" not in candidates:
        candidates.append("cp1258")
    for enc in candidates:
        try:
            text = nfc(data.decode(enc))
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_vietnamese_or_latin(text):
            warnings.append(f"decoded as {enc} (not UTF-8)")
            return text, enc, warnings
    looks = guess or "an unknown 8-bit encoding"
    raise ReaderError(
        f"{path}: not UTF-8 text (looks like {looks}); convert it to UTF-8 "
        "(e.g. with Unikey's converter for TCVN3/VNI files, or iconv) and add it again"
    )


def _check_not_binary(path: str, text: str) -> str:
    if "\x00" in text or control_share(text) > 0.1:
        raise ReaderError(f"{path}: not a text file (mostly control characters / binary data)")
    return text


# --------------------------------------------------------------------------
# Date lines and titles
# --------------------------------------------------------------------------

# One rule for date lines, shared with extraction: ingest/vietnamese/datelines.py
PLACE_DATE_RE = PLACE_DATE_LINE_RE   # "Hòa Bình, ngày 22 tháng 4 năm 2018" (the whole line)


def find_date_line(lines, limit: int = 12) -> str | None:
    """The first short line among the first `limit` that is a date line."""
    for i, line in enumerate(lines):
        if i >= limit:
            break
        if is_date_line(line):
            return collapse_ws(line)
    return None


def looks_like_title(line: str) -> bool:
    line = collapse_ws(line)
    if not (3 <= len(line) <= 200):
        return False
    if line.endswith((".", ":", ";", ",")) and not line.endswith(("...", "…")):
        return False
    words = line.split()
    if not (2 <= len(words) <= 35):
        return False
    if sum(c.isalpha() for c in line) < 0.5 * len(line.replace(" ", "")):
        return False
    return not is_date_line(line)


_BAD_TITLES = {"untitled", "title", "document", "tài liệu", "no title", "microsoft word",
               "untitled document", "pdf", "slide 1", "tiêu đề", "văn bản"}


def meaningful_title(value) -> str | None:
    """A document-property title worth keeping (not "Untitled", not a
    file name such as "Microsoft Word - QD12.doc"), else None."""
    if value is None:
        return None
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            value = value[2:].decode("utf-16-be", "replace")
        else:
            value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    t = collapse_ws(nfc(value)).strip()
    low = t.lower()
    if not t or low in _BAD_TITLES or len(t) < 4:
        return None
    if re.match(r"^(?:microsoft\s+\w+\s*-|untitled)", low):
        return None
    if re.search(r"\.(?:docx?|pdf|rtf|odt|xlsx?|pptx?|txt|html?)$", low):
        return None
    if " " not in t and re.search(r"[_\\/]|\d", t):
        return None  # looks like a file name ("QD_12_2018")
    if sum(c.isalpha() for c in t) < 3:
        return None
    if re.match(r"^(?:https?://|www\.)|^\S+@\S+$", low):
        return None
    if not looks_vietnamese_or_latin(t):
        # legacy-font mojibake ("Së V¨n hãa vµ Th«ng tin"): repair or drop
        fixed = _fix_mojibake(t)
        if not fixed or not looks_vietnamese_or_latin(fixed):
            return None
        t = fixed
    return t


def _fix_mojibake(text: str) -> str | None:
    try:
        from ingest.vietnamese.legacy import fix_mojibake  # type: ignore
    except ImportError:
        return None
    try:
        result = fix_mojibake(text)
    except Exception:
        return None
    return nfc(result[0]) if result else None


# --------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------

_TERMINAL = (".", "!", "?", ":", ";", "…", '"', "”", "»", ")")


def split_blocks(text: str) -> list[str]:
    """Paragraph blocks of plain text (see the module docstring)."""
    lines = [ln.rstrip() for ln in text.split("\n")]
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        return []
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    has_blank = any(not ln.strip() for ln in lines[idx[0]: idx[-1] + 1])
    if not has_blank:
        # one paragraph per line
        return [collapse_ws(ln) for ln in nonblank]
    # paragraphs separated by blank lines; inside a paragraph, a line
    # continues into the next one only if it was wrapped (long, no final
    # punctuation or next line in lower case); short lines (title, date,
    # byline) stay blocks of their own.
    lengths = sorted(len(ln.strip()) for ln in nonblank)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    wrap_min = max(30, int(0.6 * width))
    blocks: list[str] = []
    cur: list[str] = []

    def flush():
        if cur:
            blocks.append(collapse_ws(" ".join(cur)))
            cur.clear()

    table: list[str] = []

    def flush_table():
        if table:
            blocks.append("\n".join(table))
            table.clear()

    for i, ln in enumerate(lines):
        s = ln.strip()
        # a table written as text ("1 | HTX … | xã …") keeps one row per line,
        # with its section lines ("I. TẬP THỂ") between rows
        if _is_row(s) or (table and s and len(s) <= 80 and _next_is_row(lines, i)):
            flush()
            table.append(re.sub(r"[ \u00a0]+", " ", s))
            continue
        flush_table()
        if not s:
            flush()
            continue
        if cur:
            prev = cur[-1]
            wrapped = len(prev) >= wrap_min and not prev.endswith(_TERMINAL)
            if not (wrapped or (s[:1].islower() and len(prev) >= wrap_min)):
                flush()
        cur.append(s)
    flush()
    flush_table()
    return [b for b in blocks if b]


def _is_row(line: str) -> bool:
    return line.count(" | ") >= 2 or line.count("\t") >= 2


def _next_is_row(lines: list[str], i: int) -> bool:
    for ln in lines[i + 1:]:
        if ln.strip():
            return _is_row(ln.strip())
    return False


@guarded
def read(path: str) -> RawDocument:
    data = read_bytes(path)
    text, encoding, warnings = decode_text_bytes(path, data)
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    blocks = split_blocks(text)
    doc = RawDocument(path=path, format="txt", blocks=blocks, warnings=warnings)
    doc.meta["encoding"] = encoding
    if not blocks:
        doc.warnings.append("the file contains no text")
        return doc
    # title: the first title-like line before the first body paragraph
    for b in blocks[:5]:
        if looks_like_title(b):
            doc.title = b
            break
        if len(b) > 200 or (b.endswith(".") and len(b) > 80):
            break
    date_line = find_date_line(blocks, limit=10)
    if date_line:
        doc.meta["date_line"] = date_line
    return doc
