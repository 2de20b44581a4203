"""Every model the demo corpus yields is a name: no junk table rows, no broken names."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.extract.models.tables import _not_a_subject
from ingest.readers import read

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx", ".doc", ".rtf", ".xlsx"}
# a name ends on a word of its own, not on the clause after it ("… Bình Thanh từng", "… với hơn 8.000")
_TAIL_RE = re.compile(r"\s(?:từng|và|với|cùng|đã|đang|được|hơn|có|là|nay|vừa|hiện|khoảng|gần|trên|nhiều|"
                      r"những|các|của|tại|ở|thì|mà|để)$|\s[\d.,%]+$", re.IGNORECASE)
_HEADER_RE = re.compile(r"^(?:stt|tt|họ và tên|họ tên|tên|tập thể|cá nhân|thành tích|địa chỉ|đơn vị|lĩnh vực|"
                        r"hình thức khen thưởng|ghi chú)$", re.IGNORECASE)


def _corpus_files() -> list[Path]:
    ignore = (CORPUS / ".tracuuignore").read_text(encoding="utf-8").split() if (CORPUS / ".tracuuignore").exists() \
        else []
    out = []
    for p in sorted(CORPUS.rglob("*")):
        rel = p.relative_to(CORPUS).as_posix()
        if p.suffix.lower() in SUFFIXES and not any(Path(rel).match(g) or rel.startswith(g.rstrip("/*") + "/")
                                                    for g in ignore):
            out.append(p)
    return out


@pytest.mark.slow
def test_demo_corpus_models_are_names(monkeypatch):
    files = _corpus_files()
    assert len(files) >= 50, "the demo corpus is missing"
    bad = []
    for path in files:
        for m in extract(read(str(path))).models:
            name = m.name.strip()
            if _not_a_subject(name) or _TAIL_RE.search(name) or _HEADER_RE.match(name) or len(name.split()) < 2:
                bad.append(f"{path.relative_to(CORPUS)}: {name!r}")
    assert bad == [], "\n".join(bad)
