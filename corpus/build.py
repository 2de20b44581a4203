#!/usr/bin/env python3
"""Render the tracuu demo corpus from its hand-written sources.

    python corpus/build.py          (from the repository root)

Reads   corpus/src/tin-bai/*.txt   news articles        -> corpus/tin-bai/<slug>.html|.txt
        corpus/src/van-ban/*.txt   administrative docs  -> corpus/van-ban/<slug>.pdf|.docx
        corpus/src/dac-biet/*.txt  hard cases           -> corpus/dac-biet/<slug>.html|.txt
writes  corpus/manifest.json       the expected metadata of every generated file.

The source format is described in corpus/src/FORMAT.md. Output is deterministic:
every timestamp written into a file is derived from the document's own date, and
the scan noise comes from a random generator seeded with the slug.

This file is the build (manifest, stale files, README counts); beside it:
build_source.py (reading and checking the sources), build_html.py (news
articles as HTML or text pages), build_text.py (legacy encodings),
build_admin.py (the layout model of an administrative document),
build_pdf.py, build_docx.py and build_scan.py (its three renderers).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from build_admin import admin_doc
from build_docx import render_docx
from build_html import Teaser, most_read, related_teasers, render_article_txt, render_html
from build_pdf import render_pdf
from build_scan import assert_no_text_layer, render_scan
from build_source import CORPUS, REPO, Source, SourceError, load_sources, warn
from build_text import encode_text

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

def manifest_entry(src: Source, out: Path, related: list[Teaser] | None) -> dict:
    meta = src.meta
    fmt = "pdf" if src.fmt == "scan" else src.fmt
    entry = {
        "path": out.relative_to(REPO).as_posix(),
        "format": fmt,
        "doc_type": "tin-bai" if src.is_article else meta["doc_type"],
        "date": src.moment.date().isoformat(),
        "districts": src.list("districts"),
        "fields": src.list("fields"),
        "number": None if src.is_article else meta["number"],
        "title": meta["title"],
        "encoding": src.encoding,
        "scanned": src.fmt == "scan",
        "models": src.models,
        "source": src.path.relative_to(REPO).as_posix(),
        "province": meta.get("province", "Hòa Bình"),
        "years": [int(y) for y in src.list("years")],
        "cites": src.list("cites"),
        "author": meta.get("author"),
        "agency": meta.get("agency"),
    }
    if related is not None:
        entry["related"] = [t.slug for t in related]
    return entry


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def build_article(src: Source, by_slug: dict, articles: list[Source]) -> tuple[Path, dict]:
    related = related_teasers(src, by_slug)
    if src.fmt == "html":
        data = render_html(src, related, most_read(src, articles)).encode("utf-8")
    else:
        data = encode_text(render_article_txt(src, related), src.encoding)
    out = CORPUS / src.kind / f"{src.slug}.{src.fmt}"
    write_bytes(out, data)
    return out, manifest_entry(src, out, related)


def build_document(src: Source) -> tuple[Path, dict]:
    doc = admin_doc(src)
    if src.fmt == "docx":
        data, suffix = render_docx(doc), "docx"
    elif src.fmt == "scan":
        data, suffix = render_scan(doc), "pdf"
        assert_no_text_layer(data, src.path.name)
    else:
        data, suffix = render_pdf(doc), "pdf"
    out = CORPUS / "van-ban" / f"{src.slug}.{suffix}"
    write_bytes(out, data)
    return out, manifest_entry(src, out, None)


def remove_stale(outputs: set[Path]) -> None:
    for folder in ("tin-bai", "van-ban", "dac-biet"):
        for path in sorted((CORPUS / folder).glob("*")):
            if path.suffix in (".html", ".txt", ".pdf", ".docx") and path not in outputs:
                print(f"removing stale {path.relative_to(REPO)}")
                path.unlink()


README_MARKERS = ("<!-- counts:start (written by build.py) -->", "<!-- counts:end -->")


def counts_table(entries: list[dict]) -> str:
    """Markdown table: generated files per output folder and format, by year of the document."""
    years = sorted({entry["date"][:4] for entry in entries})
    rows: dict[str, dict[str, int]] = {}
    for entry in entries:
        kind = entry["path"].split("/")[1] + "/" + entry["format"] + (" (scan)" if entry["scanned"] else "")
        row = rows.setdefault(kind, {})
        row[entry["date"][:4]] = row.get(entry["date"][:4], 0) + 1
    lines = ["| folder/format | total | " + " | ".join(years) + " |",
             "|---|---:|" + "---:|" * len(years)]
    for kind in sorted(rows):
        cells = [str(rows[kind].get(year, "")) for year in years]
        lines.append(f"| {kind} | {sum(rows[kind].values())} | " + " | ".join(cells) + " |")
    lines.append(f"| **all** | **{len(entries)}** | " + " | ".join(
        str(sum(1 for e in entries if e["date"][:4] == year)) for year in years) + " |")
    return "\n".join(lines)


def update_readme_counts(entries: list[dict]) -> None:
    readme = CORPUS / "README.md"
    if not readme.exists():
        return
    text = readme.read_text(encoding="utf-8")
    start, end = README_MARKERS
    if start not in text or end not in text:
        warn("README.md has no counts markers; counts not updated")
        return
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    write_bytes(readme, f"{head}{start}\n{counts_table(entries)}\n{end}{tail}".encode())


def main() -> int:
    errors: list[str] = []
    articles = load_sources("tin-bai", errors)
    documents = load_sources("van-ban", errors)
    hard_cases = load_sources("dac-biet", errors)
    by_slug = {src.slug: src for src in articles + hard_cases}
    outputs, entries = set(), []
    jobs = [(src, lambda s: build_article(s, by_slug, articles)) for src in articles + hard_cases]
    jobs += [(src, build_document) for src in documents]
    for src, build in jobs:
        try:
            out, entry = build(src)
        except SourceError as exc:
            errors.append(f"{src.path.relative_to(REPO)}: {exc}")
            continue
        outputs.add(out)
        entries.append(entry)
    entries.sort(key=lambda entry: entry["path"])
    manifest = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    write_bytes(CORPUS / "manifest.json", manifest.encode("utf-8"))
    remove_stale(outputs)
    update_readme_counts(entries)
    print(f"built {len(entries)} files; manifest.json and the counts in README.md updated")
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
