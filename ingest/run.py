"""An ingest run: many files into the index, idempotent and batched.

* unchanged files (same path, same SHA-256) cost one hash and nothing else;
* changed files are replaced in place (the document and its models);
* ``prune`` removes documents whose files are gone;
* reading, extraction and segmentation run in worker processes
  (``jobs``); this process alone owns the index writer and commits in
  batches, so an interrupted run leaves every earlier batch committed;
* every paragraph's segmentation is cached by content hash in the index
  directory, so a changed file re-segments only its changed paragraphs.
"""
from __future__ import annotations

import fnmatch
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .index.store import Store, delete_document, now_iso
from .pipeline import document_id, file_hash, process_file
from .readers import SUPPORTED_SUFFIXES, ReaderError
from .vietnamese.segment import SegmentCache, Segmenter, warm_up

BATCH_SIZE = 100


@dataclass
class Summary:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    pruned: list[str] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0

    def as_dict(self) -> dict:
        return {
            "new": len(self.new), "updated": len(self.updated),
            "unchanged": len(self.unchanged), "failed": [{"file": f, "reason": r} for f, r in self.failed],
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "pruned": len(self.pruned), "documents": self.documents,
            "seconds": round(self.seconds, 2),
        }


def find_files(paths: list[str], summary: Summary) -> Iterator[Path]:
    """Files under `paths` (recursively, sorted), skipping hidden ones."""
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        if not p.exists():
            summary.failed.append((given, "no such file or folder"))
            continue
        if p.is_file():
            candidates = [p]
        else:
            ignored = _ignore_patterns(p)
            candidates = sorted(
                q for q in p.rglob("*")
                if q.is_file() and not _hidden(q.relative_to(p)) and not _ignored(q.relative_to(p), ignored)
            )
        for q in candidates:
            real = q.resolve()
            if real in seen:
                continue
            seen.add(real)
            if q.suffix.lower() not in SUPPORTED_SUFFIXES:
                summary.skipped.append((str(q), f"unsupported file type '{q.suffix or '(none)'}'"))
                continue
            yield q


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


IGNORE_FILE = ".tracuuignore"


def _ignore_patterns(folder: Path) -> list[str]:
    """Glob patterns from `<folder>/.tracuuignore` (one per line, # comments),
    matched against paths relative to the folder: "src/", "*.py"."""
    try:
        lines = (folder / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _ignored(rel: Path, patterns: list[str]) -> bool:
    path = rel.as_posix()
    for pat in patterns:
        if pat.endswith("/"):
            if path.startswith(pat) or f"/{pat}" in f"/{path}":
                return True
        elif fnmatch.fnmatch(path, pat) or fnmatch.fnmatch(rel.name, pat):
            return True
    return False


# -- worker side ---------------------------------------------------------------
_worker_segmenter: Segmenter | None = None


def _worker_init(cache_path: str | None) -> None:
    global _worker_segmenter
    warm_up()
    cache = SegmentCache(cache_path, readonly=True) if cache_path else None
    _worker_segmenter = Segmenter(cache)


def _work(path: str):
    seg = _worker_segmenter
    assert seg is not None
    try:
        doc, records, digest = process_file(path, seg)
    except ReaderError as exc:
        return path, None, str(exc), {}
    except Exception as exc:  # a bug or a hostile file: report, never stop the run
        return path, None, f"could not be processed ({exc.__class__.__name__}: {exc})", {}
    new = seg.new
    seg.new = {}
    seg.memory = {}
    return path, (doc, records), None, new


# -- the run -------------------------------------------------------------------
def ingest(
    paths: list[str],
    index_dir: str | Path,
    *,
    jobs: int = 1,
    prune: bool = False,
    rebuild: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> Summary:
    started = time.perf_counter()
    summary = Summary()
    store = Store(index_dir)
    if rebuild and store.path.exists():
        _remove_index_files(store.path)
    store.create_if_missing()
    ix = store.open()
    indexed = store.indexed_files(ix)          # absolute path -> (id, hash)
    by_id = {doc_id: (p, h) for p, (doc_id, h) in indexed.items()}

    files = list(find_files(paths, summary))
    todo: list[str] = []
    for f in files:
        doc_id = document_id(f)
        known = by_id.get(doc_id)
        if known is not None:
            try:
                if known[1] == file_hash(f):
                    summary.unchanged.append(str(f))
                    continue
            except OSError as exc:
                summary.failed.append((str(f), f"cannot be read: {exc.strerror or exc}"))
                continue
        todo.append(str(f))

    writer = None
    pending = 0
    learned: dict[str, list[str]] = {}
    cache = SegmentCache(store.segment_cache_path)
    try:
        for i, (path, result, error, new_segments) in enumerate(
            _results(todo, jobs, str(store.segment_cache_path)), start=1
        ):
            if progress:
                progress(i, len(todo), path)
            if new_segments:
                cache.put_many(new_segments)
            if error is not None:
                summary.failed.append((path, error))
                continue
            doc, records = result
            if writer is None:
                writer = store.writer(ix)
            existed = doc["id"] in by_id
            delete_document(writer, doc["id"])
            for rec in records:
                writer.add_document(**rec)
            (summary.updated if existed else summary.new).append(path)
            for abbr, expansion in (doc.get("abbreviations") or {}).items():
                learned.setdefault(abbr, [])
                if expansion not in learned[abbr]:
                    learned[abbr].append(expansion)
            pending += 1
            if pending >= BATCH_SIZE:
                writer.commit()
                writer, pending = None, 0
        if prune:
            gone = [(p, doc_id) for p, (doc_id, _) in indexed.items() if not Path(p).exists()]
            if gone:
                if writer is None:
                    writer = store.writer(ix)
                for p, doc_id in gone:
                    delete_document(writer, doc_id)
                    summary.pruned.append(p)
        if writer is not None:
            writer.commit()
            writer = None
    finally:
        if writer is not None:
            writer.cancel()
        cache.close()

    ix = store.open()
    with ix.searcher() as s:
        summary.documents = sum(1 for _ in s.document_numbers(record="doc"))
    _update_meta(store, paths, learned, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _results(todo: list[str], jobs: int, cache_path: str):
    if not todo:
        return
    if jobs <= 1 or len(todo) < 4:
        _worker_init(cache_path)
        for path in todo:
            yield _work(path)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(cache_path,)) as pool:
        yield from pool.map(_work, todo, chunksize=4)


def _update_meta(store: Store, paths: list[str], learned: dict, summary: Summary) -> None:
    meta = store.read_meta()
    roots = set(meta.get("roots") or [])
    for p in paths:
        rp = Path(p).resolve()
        if rp.exists():
            roots.add(str(rp if rp.is_dir() else rp.parent))
    meta["roots"] = sorted(roots)
    abbrs = meta.get("abbreviations") or {}
    for abbr, exps in learned.items():
        abbrs.setdefault(abbr, [])
        abbrs[abbr].extend(e for e in exps if e not in abbrs[abbr])
    meta["abbreviations"] = abbrs
    meta["last_ingest"] = now_iso()
    meta["last_summary"] = summary.as_dict()
    store.write_meta(meta)


def _remove_index_files(path: Path) -> None:
    """Delete the Whoosh files, keeping the sidecar and the segment cache."""
    keep = {"tracuu.json", "segments.sqlite"}
    for child in path.iterdir():
        if child.is_file() and child.name not in keep:
            child.unlink()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use the `tracuu ingest` command")
