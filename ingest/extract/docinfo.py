"""Administrative documents: type, number, agency, signer, subject, title,
and the documents a text cites.

Vietnamese administrative documents share one header layout (Nghị định
30/2020/NĐ-CP)::

    UBND TỈNH HÒA BÌNH            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                  Độc lập - Tự do - Hạnh phúc
    Số: 1234/QĐ-UBND              Hòa Bình, ngày 12 tháng 5 năm 2017

                          QUYẾT ĐỊNH
     Về việc công nhận mô hình, điển hình tiên tiến năm 2017
    …
    Nơi nhận:                     KT. CHỦ TỊCH
    - Như Điều 3;                 PHÓ CHỦ TỊCH
    - Lưu: VT.                    (Đã ký)
                                  Nguyễn Văn Quang

Readers give it in reading order: PDF lines put the two columns on one line
("UBND TỈNH HÒA BÌNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), DOCX often puts
the header in a table. :func:`document_info` reads both. A news article has
no such header and gets ``doc_type`` None (the assembly calls it "tin-bai").
"""
from __future__ import annotations

import re

from ingest.vietnamese import doctypes
from ingest.vietnamese.docnumbers import find_numbers, normalize_number, number_key
from ingest.vietnamese.syllable import LOWER, UPPER, is_syllable

from ..vietnamese.normalize import fold

# The document types (code, name, folded heading, number symbol) are one
# data file, ingest/vietnamese/data/doc_types.tsv, read by ingest.vietnamese.doctypes.
# symbols of other kinds of documents (not a công văn when cited alone)
_OTHER_SYMBOLS = {"NĐ", "TT", "TTLT", "QH", "L", "PL", "UBTVQH", "CĐ", "HĐ", "GP", "GCN", "BB"}

# the national motto, matched on folded text (OCR loses diacritics: "Hạnh phục")
_QUOC_HIEU_FOLDED_RE = re.compile(
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam"
    r"|dang\s*cong\s*san\s*viet\s*nam"
    r"|doc\s*lap\s*[-–—]?\s*tu\s*do\s*[-–—]?\s*hanh\s*phuc",
    re.IGNORECASE,
)


class _QuocHieu:
    """Search/sub on the folded text, spans applied to the original (fold
    keeps one character per character of NFC text)."""

    @staticmethod
    def search(text: str):
        return _QUOC_HIEU_FOLDED_RE.search(fold(text))

    @staticmethod
    def sub(repl: str, text: str) -> str:
        folded = fold(text)
        if len(folded) != len(text):
            return text
        out, last = [], 0
        for m in _QUOC_HIEU_FOLDED_RE.finditer(folded):
            out.append(text[last:m.start()])
            out.append(repl)
            last = m.end()
        out.append(text[last:])
        return "".join(out)


_QUOC_HIEU_RE = _QuocHieu()
_RULE_RE = re.compile(r"^[\s\-–—_=*~.]{3,}$|[-–—_=*]{3,}")
# "Số: 1234/QĐ-UBND" opening a header line, or after the agency's capitals
# on the same PDF line ("SỞ NÔNG NGHIỆP VÀ PTNT Số: 732/SNN-PTNT")
_NUMBER_LINE_RE = re.compile(
    r"^(?:[" + UPPER + r"0-9&,\- ]*\s)?(?:Số|SỐ|So)\s*(?:hiệu)?\s*[:.]?\s*"
    r"(\d{1,5}\s*(?:/\s*\d{4}\s*)?/\s*[A-Za-zĐđ])"
)
_PLACE_DATE_CUT_RE = re.compile(
    r"\s*(?:(?:[" + UPPER + r"][\w]*\s+){0,4}[" + UPPER + r"][\w]*\s*,\s*)?ngày\s*(?:\d{1,2}|\.+|…+)?\s*tháng\s*"
    r"(?:\d{1,2}|\.+|…+)?\s*năm\s*\d{4}\.?\s*$"
)
_VV_RE = re.compile(r"^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC)\s*:?\s*(.+)$")
_STRONG_START_RE = re.compile(
    r"^(?:căn cứ|kính gửi|điều\s+\d|phần\s+[IVX]|chương\s+[IVX\d])", re.IGNORECASE)
_WEAK_START_RE = re.compile(
    r"^(?:thực hiện|theo đề nghị|xét đề nghị|theo|ngày\s+\d|[IVX]+\.\s|\d+\.\s)", re.IGNORECASE)


class _BodyStart:
    """The first line of the text proper: "Căn cứ", "Kính gửi", "Điều 1",
    or a sentence opening with "Thực hiện …" / "1. …" (a subject line such
    as "Thực hiện nhiệm vụ năm học 2019-2020" is short and unpunctuated)."""

    @staticmethod
    def match(line: str) -> bool:
        if _STRONG_START_RE.match(line):
            return True
        if _WEAK_START_RE.match(line):
            return len(line.split()) >= 25 or line.rstrip().endswith((":", ",", ";", "."))
        return False


_BODY_START_RE = _BodyStart()
_ADMIN_UNITS = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TỈNH", "HUYỆN", "XÃ", "PHƯỜNG", "QUẬN")
_HEAD_NOUNS = (
    "SỞ", "BAN", "PHÒNG", "CỤC", "CHI CỤC", "TRUNG TÂM", "HỘI", "BỘ", "VĂN PHÒNG",
    "LIÊN ĐOÀN", "ĐOÀN", "VIỆN", "TRƯỜNG", "BỆNH VIỆN", "KHO BẠC", "THANH TRA", "ỦY BAN",
    "BAN CHỈ ĐẠO", "HỘI ĐỒNG",
)
_SIGNER_TITLE_RE = re.compile(
    r"((?:KT|TM|TL|TUQ|Q|Q\.?\s*CHỦ TỊCH)\s*\.\s*[" + UPPER + r"][" + UPPER + r" ]*[" + UPPER + r"]"
    r"|(?:PHÓ\s+|Q\.\s*)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|"
    r"BÍ THƯ|CHỦ NHIỆM|CỤC TRƯỞNG|CHI CỤC TRƯỞNG|HIỆU TRƯỞNG|VIỆN TRƯỞNG|"
    r"CHÁNH THANH TRA|CHỈ HUY TRƯỞNG|TRƯỞNG ĐOÀN|TỔNG GIÁM ĐỐC|THỦ TRƯỞNG))"
    r"(?![" + LOWER + r"])"
)
_SURNAMES = {
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
    "do", "ho", "ngo", "duong", "ly", "dinh", "quach", "ha", "xa", "sa", "mai", "dao",
    "trinh", "luong", "cao", "ta", "lo", "quan", "nong", "trieu", "kieu", "chu", "doan",
    "vuong", "to", "khuat", "mac", "luu", "phung", "lai", "nghiem", "thai", "tang", "la",
    "hua", "dam", "truong", "than", "luc", "giang", "tong", "au", "kim", "bach",
    "dong", "lam", "ton", "tieu", "van", "vi", "hau", "khong", "ong", "che",
}
_NAME_WORD = r"[" + UPPER + r"][" + LOWER + r"]+"
_TRAILING_NAME_RE = re.compile(r"(?:^|[\s.;:)])(" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,4})\s*$")
_SIGNED_RE = re.compile(r"\(?\s*(?:đã ký|ký tên|đã ký và đóng dấu|ký, ghi rõ họ tên[^)]*)\s*\)?", re.IGNORECASE)
_ACRONYMS_KEEP = {"UBND", "HĐND", "MTTQ", "PTNT", "NN&PTNT", "GD&ĐT", "KH&ĐT", "TN&MT", "LĐTBXH",
                  "VH", "TT&DL", "KT-XH", "NN", "CN", "TP", "ĐTN", "TNCS", "HCM"}


def _lines(blocks: list[str]) -> list[str]:
    out = []
    for b in blocks or []:
        for ln in (b or "").split("\n"):
            ln = ln.strip()
            if ln:
                out.append(ln)
    return out


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _type_heading(line: str) -> tuple[str | None, str]:
    """(type code, rest of the line) when `line` opens with a type heading
    in capitals ("QUYẾT ĐỊNH", "KẾ HOẠCH Triển khai …")."""
    m = re.match(r"^([" + UPPER + r"]+\s+[" + UPPER + r"]+)(?![\w])\s*:?\s*(.*)$", line)
    if not m:
        return None, ""
    doc_type = doctypes.by_heading(m.group(1))
    if not doc_type:
        return None, ""
    code = doc_type.code
    rest = m.group(2).strip()
    if line.rstrip().endswith(":") and not rest:
        return None, ""  # "QUYẾT ĐỊNH:" opens the articles of a decision
    return code, rest


def _strip_quoc_hieu(line: str) -> str:
    line = _QUOC_HIEU_RE.sub(" ", line)
    line = re.sub(r"[-–—_=*]{3,}", " ", line)
    return " ".join(line.split())


def _header_motto(line: str) -> bool:
    """The quốc hiệu as a header prints it: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
    NAM" in capitals, or the motto "Độc lập - Tự do - Hạnh phúc" on a short
    line — not "nước Cộng hòa xã hội chủ nghĩa Việt Nam" in a sentence."""
    m = _QUOC_HIEU_RE.search(line)
    if not m:
        return False
    span = line[m.start():m.end()]
    if _is_upper(span):
        return True
    return fold(span).startswith("doc") and len(line.split()) <= 14


def is_admin_document(blocks: list[str]) -> bool:
    """True when the first lines carry an administrative header."""
    head = _lines(blocks)[:15]
    if any(_header_motto(ln) for ln in head):
        return True
    if any(_ANNEX_RE.search(ln) for ln in head[:8]):
        return True      # an annex: "DANH MỤC … (Ban hành kèm theo Công văn số 1043/BTP-… ngày …)"
    return any(len(ln) <= 120 and _NUMBER_LINE_RE.search(ln) for ln in head[:8])


_ANNEX_RE = re.compile(r"^\s*\(?\s*(?:Ban hành\s+)?[Kk]èm theo\s+[\w\s]{2,20}?\s+số\s*:?\s*\d+")


def _title_word(w: str) -> str:
    return w[:1].upper() + w[1:].lower() if w else w


def _keep_acronym(w: str) -> bool:
    core = w.strip(",;.()")
    if not core:
        return False
    if core in _ACRONYMS_KEEP or any(c in core for c in "&-") and _is_upper(core):
        return True
    return _is_upper(core) and not is_syllable(core)


_HEAD1 = {"SỞ", "BAN", "PHÒNG", "CỤC", "HỘI", "BỘ", "ĐOÀN", "VIỆN", "TRƯỜNG"}
_HEAD2 = {"CHI CỤC", "TRUNG TÂM", "VĂN PHÒNG", "LIÊN ĐOÀN", "BỆNH VIỆN", "KHO BẠC",
          "THANH TRA", "ỦY BAN", "HỘI ĐỒNG", "CÔNG AN", "BAN CHỈ", "BỘ CHỈ", "TỈNH ĐOÀN",
          "HUYỆN ĐOÀN"}


def pretty_agency(text: str) -> str | None:
    """"UBND TỈNH HÒA BÌNH" -> "UBND tỉnh Hòa Bình", "SỞ NÔNG NGHIỆP VÀ PTNT"
    -> "Sở Nông nghiệp và PTNT", "ỦY BAN NHÂN DÂN HUYỆN MAI CHÂU" -> "UBND
    huyện Mai Châu": each component of the name opens with a capital, the
    place name after tỉnh/huyện/xã is capitalised, acronyms stay."""
    text = " ".join(text.split()).strip(" -–—:")
    if not text:
        return None
    if not _is_upper(text):
        return text  # already written in sentence case
    text = re.sub(r"(?:ỦY|UỶ) BAN NHÂN DÂN", "UBND", text)
    text = re.sub(r"HỘI ĐỒNG NHÂN DÂN", "HĐND", text)
    words = text.split()
    out: list[str] = []
    i = 0
    place = False
    cap_next = True
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        two = f"{w} {nxt}"
        if place:
            out.append(w if _keep_acronym(w) else _title_word(w))
            i += 1
            continue
        if w in ("TỈNH", "HUYỆN", "THÀNH", "ĐẢNG") and nxt == "ỦY":
            out.append(_title_word(w) + " ủy")  # Tỉnh ủy, Huyện ủy, Thành ủy
            i += 2
            place = True
            continue
        if out and two in ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN"):
            out.append(two.lower())
            i += 2
            place = True
            continue
        if out and w in ("TỈNH", "HUYỆN", "XÃ", "PHƯỜNG", "QUẬN") and two != "XÃ HỘI":
            out.append(w.lower())
            i += 1
            place = True
            continue
        if _keep_acronym(w):
            out.append(w)
            cap_next = False
        elif w in ("VÀ", "&", "-", "–", "—"):
            out.append(w.lower())
            cap_next = True
            i += 1
            continue
        elif cap_next and two in _HEAD2:
            out.append(_title_word(w))
            out.append(nxt.lower())
            i += 2
            cap_next = True
            continue
        elif cap_next:
            out.append(_title_word(w))
            cap_next = w in _HEAD1
        else:
            out.append(w.lower())
        if w.endswith(","):
            cap_next = True
        i += 1
    return " ".join(out)


def _agency_from(lines: list[str]) -> str | None:
    parts: list[str] = []
    for ln in lines:
        ln = _strip_quoc_hieu(ln)
        ln = _PLACE_DATE_CUT_RE.sub("", ln).strip()
        ln = " ".join(c.strip() for c in ln.split("|") if c.strip())   # a header written as a table row
        if not ln or not _is_upper(ln) or len(ln.split()) > 12:
            continue
        if parts and (ln.split()[0] in _ADMIN_UNITS or ln.startswith(("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN"))):
            parts[-1] = parts[-1] + " " + ln
        elif parts and parts[-1].split()[-1] in ("VÀ", "-", "&"):
            parts[-1] = parts[-1] + " " + ln
        else:
            parts.append(ln)
    if not parts:
        return None
    return pretty_agency(parts[-1])


def _lower_first(s: str) -> str:
    first = s.split()[0] if s.split() else ""
    if first and first[:1].isupper() and first[1:] == first[1:].lower():
        return s[:1].lower() + s[1:]
    return s


def _clean_subject(s: str) -> str:
    s = _PLACE_DATE_CUT_RE.sub("", s)
    s = re.sub(r"^(?:V/v|V/V|v/v)\s*:?\s*", "Về việc ", s)
    s = " ".join(s.split()).strip(" -–—:;")
    if _is_upper(s) and len(s.split()) > 2:
        s = s[:1] + s[1:].lower()
    return s


def _signer(lines: list[str]) -> tuple[str | None, str | None]:
    tail = lines[-16:]
    name = None
    name_idx = None
    for idx in range(len(tail) - 1, -1, -1):
        ln = _SIGNED_RE.sub(" ", tail[idx]).strip()
        m = _TRAILING_NAME_RE.search(ln)
        if not m:
            continue
        cand = m.group(1)
        words = cand.split()
        if fold(words[0]) in _SURNAMES or len(words) >= 3:
            # a sentence ending in capitalised words ("… tỉnh Hòa Bình") is
            # no name: the candidate must be the whole line or follow a list item
            before = ln[: m.start(1)].strip()
            if before and not re.search(r"(?:[;.:)]|VT|^-.*)$", before) and not _SIGNER_TITLE_RE.search(before):
                continue
            name, name_idx = cand, idx
            break
    titles: list[str] = []
    for ln in tail[: name_idx if name_idx is not None else len(tail)][-6:]:
        for m in _SIGNER_TITLE_RE.finditer(ln):
            t = " ".join(m.group(1).split())
            t = re.sub(r"^(KT|TM|TL|TUQ|Q)\s*\.\s*", r"\1. ", t)
            if t not in titles:
                titles.append(t)
    title = " / ".join(titles) if titles else None
    if name is None and title is None:
        return None, None
    return name, title


def document_info(blocks: list[str], title: str | None = None, *, tables=None) -> dict:
    """What the header and the signature of an administrative document say.

    Returns a dict with doc_type (code or None), number, agency, signer,
    signer_title, subject and title (None where not found)."""
    info = {"doc_type": None, "number": None, "agency": None, "signer": None,
            "signer_title": None, "subject": None, "title": None}
    lines = _lines(blocks)
    if tables and not is_admin_document(lines):
        # DOCX: the header is often a table, kept out of the blocks
        first = tables[0] if tables else []
        cells = [c for row in first for c in row if c and c.strip()]
        if cells and is_admin_document(cells):
            lines = _lines(cells) + lines
    if not lines or not is_admin_document(lines):
        return info

    # the header: up to the first body line ("Căn cứ", "Kính gửi", "Điều 1")
    header: list[str] = []
    for ln in lines[:30]:
        if _BODY_START_RE.match(ln) and len(header) >= 2:
            break
        header.append(ln)

    # number
    number_idx = None
    for i, ln in enumerate(header):
        m = _NUMBER_LINE_RE.search(ln)
        if m:
            number = normalize_number(ln[m.start(1):])
            if number:
                info["number"] = number
                number_idx = i
                break

    # type heading and subject
    heading_idx = None
    subject_parts: list[str] = []
    for i, ln in enumerate(header):
        if number_idx is not None and i < number_idx:
            continue
        code, rest = _type_heading(_PLACE_DATE_CUT_RE.sub("", ln).strip())
        if code:
            info["doc_type"] = code
            heading_idx = i
            if rest:
                subject_parts.append(rest)
            break
    vv_idx = None
    if heading_idx is None:
        for i, ln in enumerate(header):
            m = _VV_RE.match(ln)
            if m:
                vv_idx = i
                subject_parts.append(ln)
                break
    start = heading_idx if heading_idx is not None else vv_idx
    if start is not None:
        for ln in header[start + 1:start + 5]:
            ln_c = _PLACE_DATE_CUT_RE.sub("", ln).strip()
            if not ln_c:
                continue
            if _RULE_RE.match(ln_c) or _QUOC_HIEU_RE.search(ln_c):
                break
            # the line right under the heading is the subject even when it
            # opens like a sentence ("Thực hiện nhiệm vụ năm học …")
            if _STRONG_START_RE.match(ln_c) or (subject_parts and _BODY_START_RE.match(ln_c)):
                break
            if subject_parts:
                prev = subject_parts[-1]
                cont = (ln_c[:1].islower() or prev.rstrip().endswith((",", "và", "của", "về", "-"))
                        or (ln_c[:1].isdigit() and not re.match(r"^\d+\s*[.)]", ln_c)))
                if not cont:
                    break
                if _is_upper(ln_c) and not _is_upper(prev):
                    break
            elif _is_upper(ln_c) and len(ln_c.split()) > 3 and heading_idx is not None \
                    and fold(ln_c).startswith(("chu tich", "uy ban", "ubnd", "giam doc", "ban ", "truong ")):
                break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" issues the decision
            subject_parts.append(ln_c)
    if subject_parts:
        info["subject"] = _clean_subject(" ".join(subject_parts)) or None

    if info["doc_type"] is None:
        if vv_idx is not None or any(re.match(r"\s*Kính\s+gửi\b", ln) for ln in lines[:40]):
            info["doc_type"] = "cong-van"       # a letter: "V/v …" or "Kính gửi: …" and no type heading
        elif info["number"]:
            code = info["number"].split("/")[-1].split("-")[0]
            by_symbol = doctypes.by_symbol(code)  # a symbol without a type code is a công văn
            info["doc_type"] = by_symbol.code if by_symbol else (
                None if code in _OTHER_SYMBOLS else "cong-van")

    # agency: the header lines before the number (or the heading)
    stop = number_idx if number_idx is not None else (heading_idx if heading_idx is not None else min(len(header), 4))
    agency_lines = list(header[:stop])
    if number_idx is not None:
        # "Số: 732/SNN-PTNT" may share its line with nothing else useful;
        # the agency may also sit on the number's line in a PDF ("SỞ … Số:")
        pre = header[number_idx][: _NUMBER_LINE_RE.search(header[number_idx]).start(1)]
        pre = re.sub(r"(?:Số|SỐ|So)\s*(?:hiệu)?\s*[:.]?\s*$", "", pre).strip()
        if pre:
            agency_lines.append(pre)
    info["agency"] = _agency_from(agency_lines)

    info["signer"], info["signer_title"] = _signer(lines)

    label = doctypes.label(info["doc_type"]) if info["doc_type"] else None
    if label and info["subject"]:
        info["title"] = f"{label} {_lower_first(info['subject'])}"
    elif label and info["number"]:
        info["title"] = f"{label} số {info['number']}"
    elif title:
        info["title"] = title
    return info


_CITE_CONTEXT_RE = re.compile(
    r"(?:số|quyết định|kế hoạch|nghị định|nghị quyết|thông tư|chỉ thị|công văn|báo cáo|"
    r"thông báo|tờ trình|hướng dẫn|luật|văn bản|đề án|chương trình)\s*(?:số)?\s*[:.]?\s*$",
    re.IGNORECASE,
)


def citations(text: str | None, own_number: str | None = None) -> list[str]:
    """Numbers of other documents cited in `text`, normalized, in order,
    without the document's own number ("theo Kế hoạch số 162/KH-UBND" ->
    "162/KH-UBND")."""
    if not text:
        return []
    own = number_key(own_number) if own_number else None
    out: dict[str, str] = {}
    for start, _end, number in find_numbers(text):
        key = number_key(number)
        if key == own or key in out:
            continue
        first = number.split("/")[-1].split("-")[0]
        context = text[max(0, start - 30):start]
        # a bare "12/AB" needs a document word before it; real symbols
        # ("KH-UBND", "2017/NĐ-CP") stand on their own
        if "-" not in number.split("/")[-1] and number.count("/") < 2 and len(first) < 3 \
                and not _CITE_CONTEXT_RE.search(context):
            continue
        out[key] = number
    return list(out.values())
