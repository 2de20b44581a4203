"""The UI in a real browser: Debian's chromium driven by Playwright.

Served by werkzeug on 127.0.0.1 (a free port, a background thread) with
the fixture index. Screenshots go to tests/artifacts/ (gitignored).
Never runs `playwright install`: it uses /usr/bin/chromium or skips.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def base_url(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="vi-VN")
    pg = ctx.new_page()
    pg.set_default_timeout(10_000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.console_errors = errors
    yield pg
    ctx.close()


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_facet_chip_document_models_csv(page, base_url):
    pg = page
    pg.goto(base_url + "/")
    shot(pg, "home-desktop")
    box = pg.get_by_role("searchbox", name="Tìm kiếm văn bản, tin bài")
    box.fill("cá lồng")
    box.press("Enter")
    pg.wait_for_url("**/search?q=*")
    heading = pg.locator("h1.results-count")
    assert "kết quả" in heading.inner_text()
    first_count = int(heading.inner_text().split()[0])
    assert first_count >= 3
    assert pg.locator(".result mark").count() > 0
    shot(pg, "results-desktop")

    # a facet: the district Cao Phong
    pg.locator(".facet-link", has_text="Cao Phong").first.click()
    pg.wait_for_url("**district=Cao*")
    chip = pg.locator(".chip", has_text="Cao Phong")
    assert chip.is_visible()
    assert pg.locator(".facet-link.active", has_text="Cao Phong").count() == 1
    filtered = int(pg.locator("h1.results-count").inner_text().split()[0])
    assert 0 < filtered <= first_count
    shot(pg, "results-facet-desktop")

    # sorting by the select (script submits on change)
    pg.select_option("#sort", "newest")
    pg.wait_for_url("**sort=newest*")
    assert pg.locator(".chip", has_text="Cao Phong").is_visible()

    # the chip's × removes the filter
    pg.get_by_role("link", name="Bỏ bộ lọc Huyện: Cao Phong").click()
    pg.wait_for_load_state()
    assert pg.locator(".chip").count() == 0
    assert "district=" not in pg.url

    # open a document: highlighted text, a jump to the first hit
    pg.locator(".result-title a").first.click()
    pg.wait_for_url("**/documents/*")
    assert pg.locator("h1#doc-title").is_visible()
    assert pg.locator("#doc-body mark#hit-1").count() == 1
    pg.get_by_role("link", name="Đến chỗ khớp đầu tiên").click()
    assert pg.locator("#doc-body mark.current").count() == 1
    shot(pg, "document-desktop")

    # the models table, its chart, and the CSV export
    pg.get_by_role("link", name="Mô hình", exact=True).click()
    pg.wait_for_url("**/models")
    # one row per model: the three mentions of the cá lồng model are one row
    assert pg.locator("table.models-table tbody tr").count() >= 4
    first = pg.locator("table.models-table tbody tr").first
    assert "Mô hình nuôi cá lồng" in first.inner_text() and "3" in first.locator("td.num").nth(1).inner_text()
    pg.locator("[data-testid=by] a", has_text="Mỗi lần nhắc một dòng").click()
    pg.wait_for_url("**by=mention*")
    assert pg.locator("table.models-table tbody tr").count() >= 6
    pg.locator("[data-testid=by] a", has_text="Mỗi mô hình một dòng").click()
    pg.wait_for_url("**by=model*")
    assert pg.locator("svg.chart rect.bar").count() >= 1
    pg.locator(".toggle a", has_text="Lĩnh vực").click()
    pg.wait_for_url("**chart=field*")
    shot(pg, "models-desktop")
    with pg.expect_download() as info:
        pg.locator("a[data-testid=csv]").click()
    download = info.value
    path = ARTIFACTS / "models.csv"
    download.save_as(str(path))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("name,aliases,kind,district,field")
    assert "mentions" in data.decode("utf-8-sig").splitlines()[0]
    assert "Camera an ninh" in data.decode("utf-8-sig")

    # a model's trail: every document that names it, in date order
    pg.locator("table.models-table tbody tr").first.locator("td.name a").click()
    pg.wait_for_url("**/trail?*")
    assert "lần nhắc trong" in pg.content() and pg.locator("ol.timeline li").count() >= 3

    # no script errors and no Content-Security-Policy violations anywhere
    assert pg.console_errors == []


def test_keyboard_and_phone(browser, base_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        pg.goto(base_url + "/")
        shot(pg, "home-phone")
        # nothing is wider than the screen
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        pg.goto(base_url + "/search?q=nong+thon+moi&field=ntm")
        # phones: filters folded behind "Bộ lọc", active filters as chips
        assert pg.locator("#filters").get_attribute("open") is None
        assert pg.locator(".chip").count() == 1
        assert "Có phải bạn muốn tìm" in pg.content()
        shot(pg, "results-phone")
        pg.locator("#filters > summary").click()
        assert pg.locator("#filters").get_attribute("open") is not None
        pg.goto(base_url + "/models")
        shot(pg, "models-phone")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        # keyboard: the skip link comes first, "/" focuses the search box
        pg.goto(base_url + "/search?q=camera")
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.className") == "skip"
        pg.locator("body").click(position={"x": 5, "y": 400})
        pg.keyboard.press("/")
        assert pg.evaluate("document.activeElement.id") == "q-top"
        assert errors == []
    finally:
        ctx.close()


def test_a_typo_shows_corrected_results_and_a_natural_query_its_chips(page, base_url):
    pg = page
    pg.goto(base_url + "/")
    box = pg.get_by_role("searchbox", name="Tìm kiếm văn bản, tin bài")
    box.fill("cá lồng Cao Phog")            # a letter missing in the place name
    box.press("Enter")
    pg.wait_for_url("**/search?q=*")
    notice = pg.locator(".notice.corrected")
    assert notice.is_visible()
    assert "Đã hiển thị kết quả cho" in notice.inner_text() and "Cao Phong" in notice.inner_text()
    assert int(pg.locator("h1.results-count").inner_text().split()[0]) > 0
    assert pg.locator(".result mark").count() > 0
    shot(pg, "results-corrected")
    # "Tìm chính xác": the words as typed
    notice.get_by_role("link", name="cá lồng Cao Phog").click()
    pg.wait_for_url("**literal=1*")
    assert pg.locator(".notice.corrected").count() == 0

    pg.goto(base_url + "/search?q=nu%C3%B4i+c%C3%A1+l%E1%BB%93ng+%E1%BB%9F+Cao+Phong+n%C4%83m+2017")
    chips = pg.locator(".interpreted-chip")
    assert chips.count() == 2
    assert "Cao Phong" in chips.nth(0).inner_text() and "2017" in chips.nth(1).inner_text()
    shot(pg, "results-interpreted")
    pg.get_by_role("link", name="Đọc “năm 2017” như từ thường").click()
    pg.wait_for_url("**skip=year*")
    assert pg.locator(".interpreted-chip").count() == 1
    pg.get_by_role("link", name="Tìm đúng như đã gõ").click()
    pg.wait_for_url("**literal=1*")
    assert pg.locator(".interpreted-chip").count() == 0
    assert pg.console_errors == []
