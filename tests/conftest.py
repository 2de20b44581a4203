"""Shared fixtures: a small index built by the real ingest run, and the web app.

The documents are written here (our own Vietnamese text): a news article in
HTML, a plan ("Số: 162/KH-UBND") and a decision as plain text, an article
spelled with the old tone placement ("Hoà Bình", "Lạc Thuỷ"), and a text
with hostile markup (a <script>, an <img onerror>) for escaping checks.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
SEED_ARTICLE = "seeds/000_9bed47eb4c2613dd.txt"  # under the shared folder

# Markers by folder (registered in pyproject.toml). A folder not listed here,
# such as tests/oracle (helper code, not tests), adds none.
FOLDER_MARKERS = {
    "unit": ("unit",),
    "integration": ("integration",),
    "bench": ("integration",),
    "system": ("integration", "slow"),
    "browser": ("browser",),
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        try:
            parts = Path(item.path).resolve().relative_to(TESTS_DIR).parts
        except ValueError:
            continue
        for name in FOLDER_MARKERS.get(parts[0], ()) if len(parts) > 1 else ():
            item.add_marker(name)

NEWS_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Nhân rộng mô hình nuôi cá lồng trên hồ Hòa Bình - Báo Hòa Bình</title>
<meta property="article:published_time" content="2018-04-22T08:15:00+07:00">
</head><body>
<nav><a href="/">Trang chủ</a> | <a href="/kinh-te">Kinh tế</a></nav>
<article>
<h1>Nhân rộng mô hình nuôi cá lồng trên hồ Hòa Bình</h1>
<p class="date">Chủ nhật, 22/04/2018 08:15</p>
<p>(HBĐT) - Thực hiện Kế hoạch số 162/KH-UBND của UBND tỉnh về nhân rộng mô hình, điển hình tiên tiến (ĐHTT),
những năm qua huyện Cao Phong và huyện Đà Bắc đã nhân rộng mô hình nuôi cá lồng trên hồ Hòa Bình.</p>
<p>Mô hình nuôi cá lồng của HTX Thủy sản Bình Thanh đã được UBND tỉnh công nhận là điển hình tiên tiến năm 2017.
Mỗi năm, HTX xuất bán hơn 200 tấn cá, tạo việc làm ổn định cho 40 lao động địa phương.</p>
<p>Ông Bùi Văn Hòa, Giám đốc HTX cho biết: nuôi cá lồng giúp bà con có thu nhập cao hơn hẳn trồng ngô,
góp phần xây dựng nông thôn mới ở xã Bình Thanh.</p>
<p>H.N</p>
</article>
<footer>Báo Hòa Bình điện tử</footer>
</body></html>
"""

PLAN_TXT = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH

Số: 162/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hòa Bình, ngày 20 tháng 11 năm 2017

KẾ HOẠCH
Triển khai nhân rộng mô hình, điển hình tiên tiến năm 2017

Thực hiện Quyết định số 1234/QĐ-UBND ngày 12/5/2017 của Chủ tịch UBND tỉnh về việc công nhận mô hình,
điển hình tiên tiến năm 2017, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai nhân rộng các mô hình
tại các huyện Kim Bôi, Lạc Thủy, Cao Phong như sau:

1. Nhân rộng mô hình nuôi cá lồng của HTX Thủy sản Bình Thanh, huyện Cao Phong.

2. Nhân rộng mô hình "Dân vận khéo" trong xây dựng nông thôn mới ở xã Hợp Thanh, huyện Kim Bôi.

3. Các sở, ngành và UBND các huyện báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12/2017.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Quang
"""

DECISION_TXT = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH

Số: 1234/QĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hòa Bình, ngày 12 tháng 5 năm 2017

QUYẾT ĐỊNH
Về việc công nhận mô hình, điển hình tiên tiến năm 2017

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH

Căn cứ Luật Thi đua, Khen thưởng;

QUYẾT ĐỊNH:

Điều 1. Công nhận 02 mô hình, điển hình tiên tiến năm 2017 trong lĩnh vực nông nghiệp và quốc phòng - an ninh:
Mô hình nuôi cá lồng của HTX Thủy sản Bình Thanh, huyện Cao Phong;
Mô hình "Camera an ninh" của Công an xã Cư Yên, huyện Lương Sơn.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Quang
"""

OLD_TONES_TXT = """Lạc Thuỷ: xã Đồng Tâm về đích nông thôn mới
Thứ ba, 15/09/2020 09:00

(HBĐT) - Sau 5 năm xây dựng nông thôn mới (NTM), xã Đồng Tâm, huyện Lạc Thuỷ đã đạt 19/19 tiêu chí.
Nhân dân trong xã hoà cùng niềm vui chung của tỉnh Hoà Bình. Mô hình "Đường hoa nông thôn mới"
của Hội Phụ nữ xã Đồng Tâm được nhiều địa phương học tập.

Thu Trang
"""

HOSTILE_TXT = """Gương người tốt việc tốt <img src=x onerror=alert('tracuu-img')> ở Yên Thủy
Thứ năm, 03/12/2020 10:00

(HBĐT) - Anh Quách Văn Thành ở xã Lạc Thịnh, huyện Yên Thủy đã dũng cảm cứu hai học sinh đuối nước.
<script>alert('tracuu-xss')</script>
Gương dũng cảm cứu người của anh Quách Văn Thành được UBND huyện Yên Thủy khen thưởng.

PV
"""

DOCUMENTS = {
    "tin-bai/2018-04-22-nhan-rong-ca-long.html": NEWS_HTML,
    "van-ban/kh-162-2017.txt": PLAN_TXT,
    "van-ban/qd-1234-2017.txt": DECISION_TXT,
    "tin-bai/2020-09-15-dong-tam-ntm.txt": OLD_TONES_TXT,
    "tin-bai/2020-12-03-guong-dung-cam.txt": HOSTILE_TXT,
}


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for rel, text in DOCUMENTS.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def index_dir(corpus_dir, tmp_path_factory) -> Path:
    """An index of the fixture corpus, built once by the real ingest run."""
    from ingest.run import ingest

    index = tmp_path_factory.mktemp("index") / "index"
    summary = ingest([str(corpus_dir)], index, jobs=1)
    assert not summary.failed, summary.failed
    assert summary.documents == len(DOCUMENTS)
    return index


@pytest.fixture(scope="session")
def app(index_dir):
    from search_app import create_app

    application = create_app(index_dir=index_dir, TESTING=True)
    return application


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def documents(app) -> dict[str, dict]:
    """Fixture file name -> its document as the API returns it."""
    client = app.test_client()
    res = client.get("/api/search?per_page=100").get_json()
    out = {}
    for r in res["results"]:
        name = os.path.basename(r["path"])
        out[name] = client.get(f"/api/documents/{r['id']}").get_json()
    return out


# --------------------------------------------------------------------------- shared data
# Data that is not in the repository lives in the folder `shared` beside the
# checkout (REPO_ROOT.parent / "shared"), or wherever $TRACUU_SHARED points.


def shared_root() -> Path:
    env = os.environ.get("TRACUU_SHARED")
    return Path(env).expanduser() if env else REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; the test is skipped when it is absent."""
    root = shared_root()
    if not root.is_dir():
        pytest.skip(f"shared data folder {root} not found (set TRACUU_SHARED to its path)")
    return root


@pytest.fixture(scope="session")
def shared_path():
    """``shared_path("data/…")``: that path under the shared folder. The test
    is skipped, naming the missing path, when it is absent; with
    ``required=False`` the answer is None instead."""
    def get(relpath: str, required: bool = True) -> Path | None:
        path = shared_root() / relpath
        if path.exists():
            return path
        if required:
            pytest.skip(f"shared data not available: {path} is missing (set TRACUU_SHARED to the shared folder)")
        return None
    return get


@pytest.fixture(scope="session")
def seed_path(shared_path) -> Path:
    """The seed article, shared/seeds/000_9bed47eb4c2613dd.txt."""
    return shared_path(SEED_ARTICLE)
