"""Bad input: one real `tracuu ingest` over a folder of hostile files.

Every hostile file must end up in the summary as failed (or skipped) with a
reason a person can act on; the good files next to them are indexed; the
run finishes with exit code 1 (some input failed) and no traceback. The
limits are lowered through the environment so that the files stay small:
TRACUU_MAX_FILE_MB, TRACUU_FILE_TIMEOUT, TRACUU_MAX_PDF_PAGES,
TRACUU_MAX_DOCX_MB, TRACUU_MAX_WORKER_MB.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

GOOD_TEXT = """Mô hình nuôi cá lồng ở xã Thung Nai

(HBĐT) - Mô hình nuôi cá lồng của hợp tác xã thủy sản Thung Nai, huyện Cao Phong được công nhận
là điển hình tiên tiến năm 2019, tạo việc làm cho nhiều lao động địa phương.

PV
"""

LIMITS = {
    "TRACUU_MAX_FILE_MB": "3",
    "TRACUU_FILE_TIMEOUT": "4",
    "TRACUU_MAX_PDF_PAGES": "50",
    "TRACUU_MAX_DOCX_MB": "20",
    "TRACUU_MAX_WORKER_MB": "1500",
    "TRACUU_BATCH_SIZE": "10",
}


# -- hostile files ----------------------------------------------------------------------
def _fpdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=12)
    return pdf


def _text_pdf(pages: int = 1, **encryption) -> bytes:
    pdf = _fpdf()
    if encryption:
        pdf.set_encryption(**encryption)
    for i in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"Trang {i + 1}. Mô hình dân vận khéo ở xã Thung Nai, huyện Cao Phong.")
    return bytes(pdf.output())


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from raw object bodies (1-based), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def _loop_pdf() -> bytes:
    """A page tree whose /Kids point back to itself."""
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ])


def _bomb_pdf(mb: int) -> bytes:
    """One page whose content stream inflates to `mb` MB (a decompression bomb),
    compressed chunk by chunk so that building it costs little memory."""
    z = zlib.compressobj(9)
    packed = z.compress(b"BT /F1 12 Tf 72 720 Td (Bom) Tj ET\n")
    chunk = b" " * (1024 * 1024)
    packed += b"".join(z.compress(chunk) for _ in range(mb)) + z.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def _huge_image_pdf(side: int) -> bytes:
    """A page with text and a side x side grey image (mostly zeros, so small on disk)."""
    img = _stream(b"\0" * (side * side), b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                  b"/ColorSpace /DeviceGray /BitsPerComponent 8" % (side, side))
    content = b"q 500 0 0 500 50 200 cm /Im1 Do Q BT /F1 12 Tf 72 720 Td (Mo hinh dan van kheo) Tj ET"
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        img,
    ])


def _docx_bomb(mb: int, forge_sizes: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxml'
                   'formats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", b"<w:document>" + b" " * (mb * 1024 * 1024) + b"</w:document>")
    data = buf.getvalue()
    if forge_sizes:  # the central directory claims the big entry is 1 KB
        data = bytearray(data)
        cd = data.rfind(b"PK\x01\x02")
        while cd > 0:
            name_len = int.from_bytes(data[cd + 28:cd + 30], "little")
            if bytes(data[cd + 46:cd + 46 + name_len]) == b"word/document.xml":
                data[cd + 24:cd + 28] = (1024).to_bytes(4, "little")
            cd = data.rfind(b"PK\x01\x02", 0, cd)
        data = bytes(data)
    return data


def build_hostile(folder: Path) -> dict[str, str]:
    """Write the hostile files; file name -> what the summary must say
    ("ok" for files that must be indexed, "skipped: …" for skipped ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, reason: str):
        p = folder / name
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = reason

    put("good-1.txt", GOOD_TEXT, "ok")
    put("good-2.txt", GOOD_TEXT.replace("Thung Nai", "Bình Thanh"), "ok")
    put("good-copy.txt", GOOD_TEXT, "ok")            # same content as good-1.txt
    # PDFs
    put("empty.pdf", b"", "empty file")
    whole = _text_pdf(3)
    put("truncated.pdf", whole[: len(whole) // 2], "PDF")
    put("encrypted.pdf", _text_pdf(owner_password="chu", user_password="mat-khau"), "encrypted PDF")
    put("permissions-only.pdf", _text_pdf(owner_password="chu"), "ok")  # no user password: readable
    put("malformed.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF\n" + os.urandom(300),
        "PDF")
    put("not-a-pdf.pdf", b"GIF89a" + os.urandom(500), "not a PDF file")
    put("page-loop.pdf", _loop_pdf(), "no text could be read")
    put("many-pages.pdf", _text_pdf(60), "more than the limit of 50")
    # 2 GB inflated: killed by the time or memory limit on any machine (400 MB
    # was read in 3.6 s at a 1.25 GB peak on an idle one, under both limits)
    put("bomb.pdf", _bomb_pdf(2048), "TRACUU_")
    put("huge-image.pdf", _huge_image_pdf(12000), "ok-or-limit")   # read, or cut off by a limit
    put("too-big.pdf", b"%PDF-1.4\n" + b"0" * (4 * 1024 * 1024), "more than the limit of 3 MB")
    # DOCX
    put("not-a-zip.docx", b"this is not a zip file at all " * 20, "not a zip archive")
    put("zip-bomb.docx", _docx_bomb(60), "a zip bomb?")
    put("forged-bomb.docx", _docx_bomb(60, forge_sizes=True), "docx")
    put("old-word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Word 97-2003")
    # text and HTML
    put("binary.txt", bytes(range(256)) * 40, "not a text file")
    put("binary.html", b"\x00\x01\x02\xff\xfe" * 400, "not an HTML page")
    put("invalid-utf8.txt", b"Ho\xe0 B\xecnh " + bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 200, "UTF-8")
    put("huge-line.txt", ("mô hình nuôi cá lồng " * 90_000).strip(), "TRACUU_FILE_TIMEOUT")
    put("one-token.txt", "a" * 2_500_000, "ok-or-fail")
    put("nested.html", "<html><body>" + "<div>" * 200_000 + "Mô hình" + "</div>" * 200_000
        + "</body></html>", "ok-or-fail")
    put("empty.txt", b"", "no text could be read")
    put("nul.html", b"<html><body><p>M\x00\xf4 h\x00nh</p>" * 50 + b"</body></html>", "ok-or-fail")
    # links, special files, names
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    expect["loop-a.txt"] = expect["loop-b.txt"] = "loops"
    (folder / "dangling.txt").symlink_to(folder / "nowhere" / "gone.txt")
    expect["dangling.txt"] = "does not exist"
    os.mkfifo(folder / "pipe.txt")
    expect["pipe.txt"] = "skipped: not a regular file"
    (folder / "self-dir").symlink_to(folder)
    expect["self-dir"] = "skipped: symbolic link to a folder"
    unreadable = folder / "unreadable.txt"
    unreadable.write_text(GOOD_TEXT, encoding="utf-8")
    unreadable.chmod(0)
    expect["unreadable.txt"] = "Permission denied"
    bad_name = os.fsencode(folder) + b"/t\xean-l\xf4i.txt"   # not UTF-8
    with open(bad_name, "wb") as fh:
        fh.write(GOOD_TEXT.replace("Thung Nai", "Tân Lập").encode("utf-8"))
    expect["t\\xean-l\\xf4i.txt"] = "not valid UTF-8"
    return expect


def _drop_root_read_power() -> list[str]:
    """As root, run without CAP_DAC_OVERRIDE/READ_SEARCH so that a chmod 000
    file is unreadable, as it is for the service user."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return []
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_hostile_files_each_get_a_clear_error_and_the_run_goes_on(tmp_path):
    corpus = tmp_path / "c"
    expect = build_hostile(corpus)
    index = tmp_path / "ix"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **LIMITS)
    prefix = _drop_root_read_power()
    t0 = time.monotonic()
    res = subprocess.run(prefix + [sys.executable, "-m", "search_app.cli", "ingest", str(corpus), "--index",
                                   str(index), "--jobs", "2"],
                         capture_output=True, text=True, timeout=240, env=env)
    took = time.monotonic() - t0
    assert "Traceback" not in res.stderr + res.stdout, res.stderr
    assert res.returncode == 1, (res.returncode, res.stderr)
    # the summary as JSON is kept in the index's sidecar
    summary = json.loads((index / "tracuu.json").read_text(encoding="utf-8"))["last_summary"]
    failed = {Path(f["file"]).name: f["reason"] for f in summary["failed"]}
    skipped = {Path(f["file"]).name: f["reason"] for f in summary["skipped"]}
    from ingest.index.store import Store

    with Store(index).snapshot() as s:
        indexed = {}
        for fields in map(s.stored, s.find(record="doc")):
            data = json.loads(fields["data"])
            for p in data["paths"]:
                indexed[Path(p).name] = data
    problems = []
    for name, want in expect.items():
        if name == "unreadable.txt" and not prefix and os.geteuid() == 0:
            continue  # root reads everything without setpriv
        if want == "ok":
            if name not in indexed:
                problems.append(f"{name}: not indexed ({failed.get(name)})")
        elif want == "ok-or-fail":
            if name not in indexed and not failed.get(name):
                problems.append(f"{name}: neither indexed nor failed")
        elif want == "ok-or-limit":
            if name not in indexed and "TRACUU_" not in (failed.get(name) or ""):
                problems.append(f"{name}: neither indexed nor stopped by a limit ({failed.get(name)})")
        elif want.startswith("skipped: "):
            if want[9:].lower() not in (skipped.get(name) or "").lower():
                problems.append(f"{name}: skipped reason {skipped.get(name)!r}, want {want[9:]!r}")
        else:
            reason = failed.get(name)
            if reason is None:
                problems.append(f"{name}: not reported as failed")
            elif want.lower() not in reason.lower():
                problems.append(f"{name}: reason {reason!r}, want {want!r}")
    assert not problems, "\n".join(problems)
    # the same content under two names: one document listing both paths
    doc = indexed["good-copy.txt"]
    assert doc is indexed["good-1.txt"] or doc["id"] == indexed["good-1.txt"]["id"]
    assert [Path(p).name for p in doc["paths"]] == ["good-1.txt", "good-copy.txt"]
    assert Path(doc["path"]).name == "good-1.txt"
    assert any(Path(d["file"]).name == "good-copy.txt" for d in summary["duplicates"])
    # every reason is a sentence about the file, not a bare exception name
    for name, reason in failed.items():
        assert len(reason) > 12 and "Traceback" not in reason, (name, reason)
    # time: the slow files were cut off by the limits, not waited for
    assert took < 150, took
    n_bad = sum(1 for v in expect.values() if v not in ("ok",))
    print(f"bad files tried: {n_bad} (+{len(expect) - n_bad} good); run took {took:.1f} s")
    _record("bad_files_tried", n_bad)
    # the printed summary names every failure with its reason
    for f in summary["failed"]:
        assert f"FAILED {f['file']}: {f['reason']}" in res.stdout, f


def _record(key, value):
    out = os.environ.get("TRACUU_FAULT_REPORT")
    if out:
        old = json.loads(Path(out).read_text()) if os.path.exists(out) else {}
        old[key] = value
        Path(out).write_text(json.dumps(old, indent=1))


# -- the web app and hostile content / hostile requests ------------------------------------
HOSTILE_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Mô hình "dân vận khéo" ở Kim Bôi"><script>alert('t-title')</script></title>
<meta name="description" content="x\\" onmouseover=\\"alert('t-meta')">
</head><body><article>
<h1>Mô hình dân vận khéo ở xã Hợp Thanh <img src=x onerror="alert('t-img')"></h1>
<p class="date">22/04/2018</p>
<p>(HBĐT) - Năm 2017, UBND tỉnh công nhận mô hình "Dân vận khéo" của xã Hợp Thanh, huyện Kim Bôi
là điển hình tiên tiến. <a href="javascript:alert('t-link')">Xem thêm</a>
<svg onload="alert('t-svg')"></svg><iframe src="javascript:alert('t-iframe')"></iframe></p>
<p onclick="alert('t-click')">Mô hình "<script>alert('t-model')</script>" được nhân rộng ra toàn huyện Kim Bôi.</p>
<script>alert('t-script')</script><style>body{display:none}</style>
</article></body></html>
"""

FORMULA_TXT = """=HYPERLINK("http://evil.example/x";"Mô hình dân vận khéo ở xã Hợp Thanh")
Thứ ba, 15/09/2020 09:00

(HBĐT) - Năm 2020, UBND huyện Kim Bôi công nhận mô hình "+cmd|' /C calc'!A0" của xã Hợp Thanh là điển hình
tiên tiến. Mô hình "@SUM(1+1)" của xã Vĩnh Đồng cũng được công nhận là điển hình tiên tiến năm 2020.
Mô hình "-2+3" của xã Kim Bình được khen thưởng. <script>alert('t-txt')</script> javascript:alert('t-js')

PV
"""

MARKERS = ["t-title", "t-meta", "t-img", "t-link", "t-svg", "t-iframe", "t-click", "t-model", "t-script",
           "t-txt", "t-js"]


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    from ingest.run import ingest
    from search_app import create_app

    tmp = tmp_path_factory.mktemp("hostile-web")
    (tmp / "c").mkdir()
    (tmp / "c" / "trang-doc.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (tmp / "c" / "cong-thuc.txt").write_text(FORMULA_TXT, encoding="utf-8")
    (tmp / "outside.txt").write_text("bí mật ngoài thư mục", encoding="utf-8")
    summary = ingest([str(tmp / "c")], tmp / "ix")
    assert not summary.failed, summary.failed
    app = create_app(index_dir=tmp / "ix", TESTING=True)
    return app, tmp


def _assert_inert_html(html: str, where: str):
    """No script but our own files, no event handler, no javascript: URL, no frame."""
    import lxml.html

    doc = lxml.html.document_fromstring(html)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        assert tag not in ("iframe", "object", "embed", "frame", "foreignobject"), (where, tag)
        if tag == "script":
            assert (el.get("src") or "").startswith("/static/"), (where, lxml.html.tostring(el)[:200])
            assert not (el.text or "").strip(), where
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (where, tag, name, value)
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                assert not value.strip().lower().startswith(("javascript:", "data:text", "vbscript:")), (
                    where, tag, name, value)


def test_hostile_content_is_never_markup(hostile_app):
    app, _ = hostile_app
    client = app.test_client()
    res = client.get("/api/search", query_string={"q": "mô hình", "per_page": 50}).get_json()
    assert res["total"] >= 2
    pages = {"results": client.get("/search", query_string={"q": "mô hình dân vận"}),
             "results-nodiacritics": client.get("/search", query_string={"q": "mo hinh"}),
             "home": client.get("/"),
             "models": client.get("/models"),
             "models-q": client.get("/models", query_string={"q": "mô hình"})}
    for r in res["results"]:
        pages[f"document {r['path']}"] = client.get(f"/documents/{r['id']}", query_string={"q": "mô hình"})
    models = client.get("/api/models", query_string={"per_page": 100}).get_json()
    for m in models["results"]:
        if m.get("key"):
            pages[f"trail {m['key']}"] = client.get("/trail", query_string={"key": m["key"]})
    for where, resp in pages.items():
        assert resp.status_code == 200, (where, resp.status_code)
        html = resp.get_data(as_text=True)
        _assert_inert_html(html, where)
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        for marker in MARKERS:  # the hostile text may show, but only as text
            for piece in (f"<script>alert('{marker}')", f"onerror=\"alert('{marker}')",
                          f"onclick=\"alert('{marker}')", f"href=\"javascript:alert('{marker}')"):
                assert piece not in html, (where, piece)
    # JSON answers are JSON (never HTML that a browser would render)
    for url in ("/api/search?q=script", "/api/models", f"/api/documents/{res['results'][0]['id']}"):
        r = client.get(url)
        assert r.mimetype == "application/json" and r.headers["X-Content-Type-Options"] == "nosniff"


def test_csv_export_neutralizes_formulas_from_real_documents(hostile_app):
    import csv as _csv

    app, _ = hostile_app
    client = app.test_client()
    resp = client.get("/api/models?format=csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(_csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) > 1
    dangerous = 0
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
            dangerous += cell.startswith(("'=", "'+", "'-", "'@"))
    assert dangerous, "the hostile document produced no formula-like cell to neutralize"


HOSTILE_QUERIES = [
    "a" * 5000, " ".join(f"từ{i}" for i in range(3000)), "*", "*a*b*c*d*", "?" * 200, "mô~" * 50, "a~10",
    "(" * 500 + "mô" + ")" * 500, ")" * 300, "\"" * 301, "foo:bar", "body_w:x", "record:model", "id:*",
    "district:" + "x" * 500, "year:0-99999999", "year:" + "9" * 40, "number:" + "/" * 300, "NOT " * 400,
    "AND OR NOT", "-" * 500, "\x00\x01\x02", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "%s%n%x", "{{7*7}}", "<script>alert(1)</script>", "' OR '1'='1", "mô hình " * 300,
]
BAD_PARAMS = [
    {"page": "-1"}, {"page": "0"}, {"page": "1001"}, {"page": "9" * 40}, {"page": "abc"}, {"page": "1.5"},
    {"per_page": "0"}, {"per_page": "101"}, {"per_page": "-5"}, {"year": "abcd"}, {"year": "2019-"},
    {"year": "9" * 50}, {"year_from": "0"}, {"year_to": "x"}, {"sort": "random"}, {"district": "x" * 2000},
    {"field": "<script>"}, {"type": "../../etc"}, {"format": "xml"}, {"kind": "\x00"},
]


def test_hostile_queries_answer_400_or_fast_never_500(hostile_app):
    app, _ = hostile_app
    client = app.test_client()
    worst = 0.0
    n = 0
    for url in ("/api/search", "/search", "/api/models", "/models", "/api/facets", "/api/suggest"):
        for q in HOSTILE_QUERIES:
            t0 = time.perf_counter()
            resp = client.get(url, query_string={"q": q})
            took = time.perf_counter() - t0
            worst = max(worst, took)
            n += 1
            assert resp.status_code in (200, 400), (url, q[:60], resp.status_code)
            assert took < 5, (url, q[:60], took)
            if resp.status_code == 400 and url.startswith("/api/"):
                assert resp.get_json()["error"], (url, q[:60])
        for params in BAD_PARAMS:
            resp = client.get(url, query_string={"q": "mô hình", **params})
            n += 1
            assert resp.status_code in (200, 400), (url, params, resp.status_code)
            if resp.status_code == 400:
                body = resp.get_data(as_text=True)
                assert any(k in body for k in params), (url, params, body[:200])  # names the parameter
    print(f"hostile queries: {n} requests, slowest {worst * 1000:.0f} ms")
    _record("hostile_requests", n)


def test_download_serves_only_ingested_files(hostile_app, tmp_path):
    app, tmp = hostile_app
    client = app.test_client()
    res = client.get("/api/search", query_string={"q": "mô hình"}).get_json()
    doc = res["results"][0]["id"]
    assert client.get(f"/documents/{doc}/file").status_code == 200
    outside = tmp / "outside.txt"
    for url in ("/documents/../../../../etc/passwd/file", "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd/file",
                f"/documents/{outside}/file", "/documents//etc/passwd/file", "/documents/%2Fetc%2Fpasswd/file",
                "/documents/" + "a" * 5000 + "/file", f"/documents/{doc}/../../../../etc/passwd",
                f"/documents/{doc}%00/file", "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd"):
        resp = client.get(url)
        assert resp.status_code in (400, 404, 308), (url, resp.status_code)
        assert b"root:" not in resp.data and "bí mật".encode() not in resp.data
    # a file of the index replaced by a symlink out of the roots is refused
    target = tmp / "c" / "cong-thuc.txt"
    saved = target.read_bytes()
    ids = {r["path"]: r["id"] for r in client.get("/api/search?per_page=50").get_json()["results"]}
    doc_id = next(i for p, i in ids.items() if p.endswith("cong-thuc.txt"))
    try:
        target.unlink()
        target.symlink_to(outside)
        resp = client.get(f"/documents/{doc_id}/file")
        assert resp.status_code == 404 and "bí mật".encode() not in resp.data
    finally:
        target.unlink()
        target.write_bytes(saved)


def test_security_headers_on_every_kind_of_response(hostile_app):
    app, _ = hostile_app
    client = app.test_client()
    doc = client.get("/api/search?q=m%C3%B4").get_json()["results"][0]["id"]
    urls = ["/", "/search?q=mô", "/api/search?q=mô", "/models", "/api/models?format=csv", f"/documents/{doc}",
            f"/documents/{doc}/file", "/api/openapi.json", "/nope", "/api/search?page=0", "/static/style.css"]
    for url in urls:
        resp = client.get(url)
        h = resp.headers
        assert resp.status_code < 500, url
        csp = h.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in csp or "sandbox" in csp, (url, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (url, csp)
        if "sandbox" not in csp:
            assert "script-src 'self'" in csp, (url, csp)
        assert h.get("X-Content-Type-Options") == "nosniff", url
        assert h.get("Referrer-Policy") in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), url
    # request size: a body is refused before it is read
    resp = client.post("/api/search", data=b"x" * (2 * 1024 * 1024))
    assert resp.status_code in (405, 413)
    assert app.config["MAX_CONTENT_LENGTH"] and app.config["MAX_CONTENT_LENGTH"] <= 1024 * 1024
