"""A scanned decision of the demo corpus: OCR'd at ingest, marked in the UI."""
import shutil
from pathlib import Path

import pytest

from ingest.readers.ocr import tesseract_available
from ingest.run import ingest
from search_app import create_app

SCAN = Path(__file__).resolve().parents[2] / "corpus" / "van-ban" / "qd-1876-2015-xa-dat-chuan-ntm.pdf"

# slow: the module fixture OCRs a scanned PDF during a real ingest
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not tesseract_available(),
                                 reason="tesseract-ocr and tesseract-ocr-vie are not installed")]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("scan")
    shutil.copy(SCAN, root / SCAN.name)
    index_dir = root / "ix"
    summary = ingest([str(root)], index_dir, jobs=1)
    assert not summary.failed and len(summary.new) == 1
    return create_app(index_dir=index_dir, TESTING=True).test_client()


def test_scanned_decision_is_searchable_and_marked_ocr(client):
    res = client.get("/api/search?q=nông thôn mới").get_json()
    assert res["total"] == 1
    hit = res["results"][0]
    assert hit["ocr"] is True and hit["number"] == "1876/QĐ-UBND"
    doc = client.get(f"/api/documents/{hit['id']}").get_json()
    assert doc["ocr_pages"] == [1, 2]
    assert any("OCR" in w and "confidence" in w for w in doc["warnings"])
    page = client.get(f"/documents/{hit['id']}").get_data(as_text=True)
    assert 'class="badge ocr"' in page and "trang 1, 2" in page
    results = client.get("/search?q=nông thôn mới").get_data(as_text=True)
    assert 'class="badge ocr"' in results
