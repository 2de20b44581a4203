"""The demo corpus against its own manifest: every listed file is there, is
read by its reader and yields the expected type, date, number and districts;
and the corpus as a whole shows every feature (issue: the demo corpus)."""
import json
from pathlib import Path

import pytest

from ingest.pipeline import extract_file
from ingest.readers import read

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
FIELDS = ["qp-an", "ntm", "nong-nghiep", "kinh-te", "gd-dt", "y-te", "van-hoa", "lao-dong",
          "nguoi-tot", "xd-dang", "giam-ngheo", "moi-truong"]
DISTRICTS = ["Thành phố Hòa Bình", "Đà Bắc", "Mai Châu", "Tân Lạc", "Lạc Sơn", "Kim Bôi", "Lạc Thủy",
             "Yên Thủy", "Cao Phong", "Lương Sơn", "Kỳ Sơn"]


def test_manifest_lists_every_generated_file():
    listed = {e["path"] for e in MANIFEST}
    on_disk = {str(p.relative_to(ROOT)) for folder in ("tin-bai", "van-ban", "dac-biet")
               for p in (ROOT / "corpus" / folder).iterdir() if p.is_file()}
    assert listed == on_disk


def test_corpus_covers_the_archive():
    fmts = {e["format"] for e in MANIFEST}
    assert {"html", "txt", "pdf", "docx"} <= fmts
    news = [e for e in MANIFEST if e["doc_type"] == "tin-bai"]
    admin = [e for e in MANIFEST if e["doc_type"] != "tin-bai"]
    assert len(news) >= 60 and len(admin) >= 12
    assert {int(e["date"][:4]) for e in news} >= set(range(2014, 2025))
    assert {d for e in MANIFEST for d in e["districts"]} == set(DISTRICTS)
    assert {f for e in MANIFEST for f in e["fields"]} == set(FIELDS)
    assert any(e.get("scanned") for e in MANIFEST)
    assert {"tcvn3", "utf-8-nfd"} <= {e.get("encoding") for e in MANIFEST}


# the scanned file goes through OCR (over 10 s): slow
@pytest.mark.parametrize("entry", [pytest.param(e, marks=pytest.mark.slow) if e.get("scanned") else e
                                   for e in MANIFEST], ids=lambda e: Path(e["path"]).name)
def test_file_matches_manifest(entry):
    path = ROOT / entry["path"]
    raw = read(str(path))
    assert raw.format == entry["format"]
    doc = extract_file(path).to_json()
    assert doc["doc_type"] == entry["doc_type"]
    assert doc["date"] == entry["date"]
    assert doc["number"] == entry["number"]
    assert sorted(doc["districts"]) == sorted(entry["districts"])
    if entry.get("scanned"):
        assert raw.ocr_pages, "a scanned file must go through OCR"
