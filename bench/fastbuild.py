"""A faster way to the large synthetic index, for the search benchmark only.

``tracuu ingest`` reads, extracts, segments and indexes every file; at
100k documents that takes hours on a shared 2-core machine. The synthetic
documents are made by bench/generate.py from known parts, so this builder
skips reading and extraction: it takes each document's title, date, body
paragraphs, author/agency, number and district from the generator (the
facts it wrote into the file), gives it the fields of its source
article's category (``CATEGORY_FIELDS``), and then does what ingest does
from there on: the same index records (``ingest.index.records``, with the
index's segment cache, so repeated paragraphs are not segmented again)
into the same index. The index is written by the backend's bulk writer
(``store.backend.bulk_writer``: Whoosh's ``MpWriter``, one sub-writer per
process, one new segment each).

What differs from an ingest of the same files: no models, no
abbreviations, citations or extra districts found by extraction, and the
fields are assigned by category, not found in the text. The text fields
(title, body, in their four views) are what ingest would index.
"""
from __future__ import annotations

import hashlib
import multiprocessing as mp
import time
from pathlib import Path

import generate

CATEGORY_FIELDS = {
    "business": ["kinh-te"], "education": ["gd-dt"], "health": ["y-te"], "travel": ["kinh-te"],
    "society": ["van-hoa", "giam-ngheo"], "sport": ["van-hoa"], "entertainment": ["van-hoa"],
    "science": ["moi-truong"], "tech": ["kinh-te"], "world": [],
}
TYPES = {"QUYẾT ĐỊNH": "quyet-dinh", "KẾ HOẠCH": "ke-hoach", "BÁO CÁO": "bao-cao", "THÔNG BÁO": "thong-bao",
         "tin-bai": "tin-bai"}
CANONICAL = {"TP Hòa Bình": "Thành phố Hòa Bình"}

_state: dict = {}


def _init(source: str, seed: int, cache_path: str):
    from ingest.vietnamese.segment import SegmentCache, Segmenter, warm_up

    warm_up()
    arts = generate.load_source(Path(source))
    by_cat: dict[str, list[int]] = {}
    for k, a in enumerate(arts):
        by_cat.setdefault(a.category, []).append(k)
    _state.update(arts=arts, by_cat=by_cat, seed=seed,
                  seg=Segmenter(SegmentCache(cache_path, readonly=True)))


def _records(task):
    """(records, new segments) of synthetic document i, written at folder/name."""
    from ingest.index.records import index_records
    from ingest.pipeline import display_path, document_id
    from ingest.vietnamese import normalize

    i, folder = task
    name, text, f = generate.synthetic_document(i, _state["arts"], _state["by_cat"], _state["seed"])
    path = Path(folder) / name.replace("/", "-")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    district = CANONICAL.get(f.get("district"), f.get("district"))
    doc = {
        "id": document_id(path), "path": display_path(path), "abs_path": str(path.resolve()),
        "format": f["format"], "title": normalize(f["title"]), "doc_type": TYPES[f["type"]],
        "number": f.get("number"), "agency": f.get("agency"), "date": f["date"].strftime("%Y-%m-%d"),
        "years": [f["year"]], "source": "HBĐT" if f["type"] == "tin-bai" else None, "author": f.get("author"),
        "districts": [district] if district else [], "fields": CATEGORY_FIELDS.get(f["category"], []),
        "models": [], "abbreviations": {}, "citations": [],
        "body": normalize("\n\n".join(f["paragraphs"])), "file_hash": digest,
        "built_by": "bench/fastbuild.py",
    }
    seg = _state["seg"]
    records = index_records(doc, seg, digest)
    new, seg.new, seg.memory = seg.new, {}, {}
    return records, new


def build(index: Path, first: int, last: int, folder_of, source: Path, seed: int, procs: int = 2, log=print) -> dict:
    """Add synthetic documents first..last-1 to the index at `index`."""
    from ingest.index.store import Store
    from ingest.vietnamese.segment import SegmentCache

    store = Store(index)
    store.create_if_missing()
    cache_path = str(store.segment_cache_path)
    SegmentCache(cache_path).close()  # exists, for the read-only workers
    started = time.perf_counter()
    tasks = [(i, str(folder_of(i))) for i in range(first, last)]
    writer = store.backend.bulk_writer(procs)
    cache = SegmentCache(cache_path)
    n_records = 0
    ctx = mp.get_context("fork")
    window = 1000  # imap has no back-pressure: feed it in windows, or results pile up here
    k = 0
    with ctx.Pool(procs, initializer=_init, initargs=(str(source), seed, cache_path)) as pool:
        for start in range(0, len(tasks), window):
            for records, new in pool.imap(_records, tasks[start:start + window], chunksize=25):
                k += 1
                for rec in records:
                    writer.add(rec)
                n_records += len(records)
                if new:
                    cache.put_many(new)
                if k % 5000 == 0:
                    log(f"    fast build: {k} of {len(tasks)} documents ({time.perf_counter() - started:.0f} s)")
    log(f"    fast build: committing ({time.perf_counter() - started:.0f} s)")
    writer.commit()
    cache.close()
    took = time.perf_counter() - started
    count = Store(index).record_count()
    return {"documents": len(tasks), "records": n_records, "seconds": round(took, 1),
            "docs_per_s": round(len(tasks) / took, 1), "records_in_index": count}
