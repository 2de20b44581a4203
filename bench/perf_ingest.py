"""Ingest for bench/perf.py: `tracuu ingest` timed in a subprocess, the text
ingest segments and the segmenter limit, the synthetic corpus on disk."""
from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import generate
from perf_system import REPO, PeakRSS, one_cpu, pinned, tracuu_cmd

CHUNK = 1000  # synthetic documents per folder


def run_ingest(paths: list[str], index: Path, jobs: int, log, cpus: set[int] | None = None) -> dict:
    """`tracuu ingest PATHS --index INDEX --jobs N --json` in a subprocess:
    the summary, wall time (process start to exit) and peak memory.

    `cpus`: the CPUs the ingest may use (``os.sched_setaffinity`` before it
    starts; its worker processes inherit it). ``tracuu ingest --jobs 1``
    runs a worker process (read, extract, segment) besides the process that
    writes the index, so unpinned it would use two cores."""
    cmd = tracuu_cmd() + ["ingest", *paths, "--index", str(index), "--jobs", str(jobs), "--json"]
    started = time.perf_counter()
    preexec = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO),
                            preexec_fn=preexec)
    mem = PeakRSS(proc.pid)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    peak = mem.stop()
    summary = {}
    m = re.search(r"\{.*\}", out, re.S)
    if m:
        try:
            summary = json.loads(m.group(0))
        except ValueError:
            summary = {}
    if proc.returncode not in (0, 1) or not summary:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    n_failed = len(summary.get("failed") or []) if isinstance(summary.get("failed"), list) else summary.get("failed")
    log(f"    ingest --jobs {jobs}{f' pinned to CPU {sorted(cpus)}' if cpus else ''}: {wall:.1f} s wall, "
        f"summary {summary.get('seconds')} s, "
        f"new {summary.get('new')}, unchanged {summary.get('unchanged')}, failed {n_failed}, "
        f"peak {peak / 2**20:.0f} MiB ({mem.peak_anon / 2**20:.0f} MiB anonymous)")
    return {"wall_s": round(wall, 3), "seconds": summary.get("seconds"), "summary": _small(summary),
            "peak_rss_mib": round(peak / 2**20, 1), "peak_anon_mib": round(mem.peak_anon / 2**20, 1),
            "cpus": sorted(cpus) if cpus else "all"}


def _small(summary: dict) -> dict:
    out = {}
    for k, v in summary.items():
        out[k] = len(v) if isinstance(v, list) else v
    return out


# -- the text that ingest segments, and the segmenter limit ---------------------------
def corpus_text(paths: list[Path], limit: int | None = None) -> tuple[list[str], int, int]:
    """(sentences, documents, syllables) of the title and body of every
    file, exactly as ingest segments them (extraction, then paragraphs,
    then underthesea's sentence splitter)."""
    from underthesea import sent_tokenize

    from ingest.index.records import syllable_tokens
    from ingest.pipeline import extract_file

    files = sorted(p for d in paths for p in Path(d).rglob("*") if p.is_file())
    if limit:
        files = files[:limit]
    sentences, syllables = [], 0
    for f in files:
        doc = extract_file(f).to_json()
        for text in (doc.get("title") or "", doc.get("body") or ""):
            syllables += len(syllable_tokens(text))
            for para in (p.strip() for p in text.split("\n") if p.strip()):
                sentences.extend(sent_tokenize(para))
    return sentences, len(files), syllables


def _limit_worker(sentences: list[str]) -> float:
    from underthesea import word_tokenize

    word_tokenize("khởi động")
    t = time.perf_counter()
    for s in sentences:
        word_tokenize(s)
    return time.perf_counter() - t


def segmenter_limit(sentences: list[str], procs: int) -> float:
    """Seconds for underthesea's word_tokenize alone on `sentences`, in
    `procs` processes (model loading excluded, as ingest loads it once);
    one process runs pinned to one CPU, like the one-core ingest."""
    if procs <= 1:
        with pinned(one_cpu()):
            return _limit_worker(sentences)
    import multiprocessing as mp

    chunks = [sentences[i::procs] for i in range(procs)]
    ctx = mp.get_context("fork")
    with ctx.Pool(procs, initializer=_limit_worker, initargs=([],)) as pool:
        t = time.perf_counter()
        pool.map(_limit_worker, chunks, chunksize=1)
        return time.perf_counter() - t


def synthetic_paths(root: Path, n: int) -> list[str]:
    return [str(root / f"c{k:04d}") for k in range(math.ceil(n / CHUNK))]


def ensure_synthetic(root: Path, n: int, source: Path, seed: int, log) -> dict:
    """Folders c0000, c0001, … of CHUNK documents each (document i in
    folder i // CHUNK), written once and re-used by later runs."""
    info_path = root / "corpus.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    if info.get("seed") != seed or info.get("source") != str(source):
        shutil.rmtree(root, ignore_errors=True)
        info = {"seed": seed, "source": str(source), "chunks": 0, "numbers": []}
    root.mkdir(parents=True, exist_ok=True)
    need = math.ceil(n / CHUNK)
    if info["chunks"] < need:
        t = time.perf_counter()
        arts = generate.load_source(source)
        by_cat: dict[str, list[int]] = {}
        for k, a in enumerate(arts):
            by_cat.setdefault(a.category, []).append(k)
        for c in range(info["chunks"], need):
            folder = root / f"c{c:04d}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            for i in range(c * CHUNK, (c + 1) * CHUNK):
                name, text, facts = generate.synthetic_document(i, arts, by_cat, seed)
                (folder / name.replace("/", "-")).write_text(text, encoding="utf-8")
                if "number" in facts and len(info["numbers"]) < 200:
                    info["numbers"].append(facts["number"])
            info["chunks"] = c + 1
            info_path.write_text(json.dumps(info))
        log(f"  generated synthetic documents up to {need * CHUNK} in {time.perf_counter() - t:.0f} s")
    return info
