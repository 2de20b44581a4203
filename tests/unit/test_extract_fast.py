"""The faster forms of extraction's text scans give exactly the old results.

* ``ingest.vietnamese.normalize``'s fold / strip_marks / has_diacritics by
  translation tables, against their per-character definitions (below);
* the field classifier trying each phrase only where its first word
  starts, against searching every phrase over the whole text;
* ``dates._mask`` by slices, against the character loop;
* the abbreviation-definition pre-check never skips a definition.
"""
from __future__ import annotations

import importlib
import random
import re
import unicodedata
from pathlib import Path

import pytest

from ingest.extract import _MAYBE_DEFINITION_RE, dates, fields
from ingest.vietnamese.abbreviations import find_definitions

N = importlib.import_module("ingest.vietnamese.normalize")
ROOT = Path(__file__).resolve().parents[2]


class Definitions:
    """The definitions, character by character (the code before the tables)."""

    @staticmethod
    def fold(text: str) -> str:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        return text.replace("đ", "d")

    @staticmethod
    def strip_marks(text: str) -> str:
        return "".join(("d" if ch == "đ" else "D") if ch in "đĐ" else unicodedata.normalize("NFD", ch)[0]
                       for ch in text)

    @staticmethod
    def has_diacritics(text: str) -> bool:
        return Definitions.fold(text) != text.lower()


D = Definitions


def _texts() -> list[str]:
    """Real text: the demo corpus's text files and the extraction cases."""
    out = []
    for folder in (ROOT / "corpus", ROOT / "tests" / "extraction_cases"):
        for p in sorted(folder.rglob("*")):
            if p.suffix.lower() in (".txt", ".html", ".md") and p.is_file():
                out.append(N.normalize(p.read_text(encoding="utf-8", errors="replace")))
    assert len(out) > 20
    return out


TEXTS = _texts()


def test_fast_fold_every_character():
    bad = [hex(i) for i in range(0x30000) if not 0xD800 <= i < 0xE000
           for c in [chr(i)]
           if N.fold(c) != D.fold(c) or N.strip_marks(c) != D.strip_marks(c)
           or N.has_diacritics(c) != D.has_diacritics(c)]
    assert bad == []


def test_fast_fold_strings():
    rng = random.Random(5)
    pool = [chr(i) for i in range(0x2000)] + list("ΣσςĐđÐðİıẞß\u0301\u0323 ") * 40
    samples = TEXTS + ["".join(rng.choice(pool) for _ in range(rng.randint(0, 15))) for _ in range(20000)]
    samples += ["ΟΔΟΣ ΟΔΟΣ.", "Hòa Bình HOÀ BÌNH", "Đà Bắc", "", "abc"]
    for s in samples:
        assert N.fold(s) == D.fold(s), repr(s)
        assert N.strip_marks(s) == D.strip_marks(s), repr(s)
        assert N.has_diacritics(s) == D.has_diacritics(s), repr(s)


def _hits_everywhere(monkeypatch, text: str, factor: float = 1.0):
    """The classifier with every phrase searched for over the whole text."""
    with monkeypatch.context() as m:
        m.setattr(fields, "_ODD_CASE_RE", re.compile(""))   # "odd" text: the full search
        return fields._hits(text, factor)


@pytest.mark.parametrize("text", [
    "Xây dựng nông thôn mới, an ninh lương thực và QP-AN; GD&ĐT, GDĐT, giáo dục quốc phòng.",
    "xay dung nong thon moi, an ninh luong thuc va QP - AN, giao duc quoc phong",
    "NÔNG THÔN MỚI – Nông thôn  mới, nông-thôn mới; Môi trường học tập; môi trường",
    "Lĩnh vực: QP-AN; chung sức xây dựng NTM; y tế; giáo dục\nSTT | Tên | Lĩnh vực\n1 | HTX | Nông nghiệp",
    "İstanbul ıs ſ KHOA HỌC K nông thôn mới",   # characters re and str.lower() fold differently
])
def test_field_anchors_same_hits(monkeypatch, text):
    assert fields._hits(text, 2.0) == _hits_everywhere(monkeypatch, text, 2.0)


@pytest.mark.slow  # every corpus and extraction-case text, the slow way too (over 10 s)
def test_field_anchors_same_hits_real_text(monkeypatch):
    for text in TEXTS:
        assert fields._hits(text, 1.0) == _hits_everywhere(monkeypatch, text), text[:80]
        plain = N.strip_marks(text)   # the folded patterns, for text without diacritics
        assert fields._hits(plain, 1.0) == _hits_everywhere(monkeypatch, plain), plain[:80]


def _mask_old(text, spans):
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def test_mask():
    rng = random.Random(3)
    for _ in range(5000):
        t = "".join(rng.choice("ab\nc d") for _ in range(rng.randint(0, 30)))
        spans = [tuple(sorted((rng.randint(0, len(t)), rng.randint(0, len(t))))[::rng.choice((1, -1))])
                 for _ in range(rng.randint(0, 5))]
        assert dates._mask(t, spans) == _mask_old(t, spans)


def test_definition_precheck_never_skips_one():
    rng = random.Random(9)
    extra = ["điển hình tiên tiến (ĐHTT)", "Hội đồng nhân dân (HĐND)", "giáo dục và đào tạo (GD&ĐT)",
             "Ủy ban nhân dân (U\u200bBND)", "kinh tế - xã hội (KT-XH)"]
    samples = TEXTS + extra + ["".join(rng.choice("ab (ĐHTT) \u200bĐÐ&-)") for _ in range(30)) for _ in range(3000)]
    for s in samples:
        if not _MAYBE_DEFINITION_RE.search(s):
            assert find_definitions(s) == {}, s
    assert all(_MAYBE_DEFINITION_RE.search(s) for s in extra)
    assert find_definitions(extra[0]) == {"ĐHTT": "điển hình tiên tiến"}
