"""Faults, for real: SIGKILL the real `tracuu ingest`, run two at once,
search while one runs, damage index files, fill the disk.

Every test builds its own small corpus of generated Vietnamese text files
and runs the CLI in a subprocess (``python -m search_app.cli``, the code
behind the ``tracuu`` command) with small batches (TRACUU_BATCH_SIZE), so
that a run has many commits to be killed between — and inside.

The figures (kills survived, …) are printed with ``-s`` and written to
``$TRACUU_FAULT_REPORT`` when that is set.
"""
from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest.index.lock import RunLock
from ingest.index.store import Store
from ingest.pipeline import document_id

ROOT = Path(__file__).resolve().parents[2]
BATCH = 10
FIGURES: dict[str, object] = {}

WORDS = ("xã huyện nông thôn mới mô hình điển hình tiên tiến Hòa Bình Kim Bôi Lạc Thủy cá lồng "
         "hợp tác xã dân vận khéo phong trào thi đua khen thưởng gương người tốt việc tốt").split()


def make_corpus(folder: Path, n: int, start: int = 0, seed: int = 7) -> list[Path]:
    rng = random.Random(seed + start)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        body = " ".join(rng.choice(WORDS) for _ in range(40))
        p = folder / f"bai-{i:04d}.txt"
        p.write_text(f"Bài số {i}: mô hình ở xã Thạch Yên\n\n{body}.\n\nPV\n", encoding="utf-8")
        out.append(p)
    return out


def cli_env(**extra) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["TRACUU_BATCH_SIZE"] = str(BATCH)
    env.pop("TRACUU_INDEX", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def tracuu(*args) -> list[str]:
    return [sys.executable, "-m", "search_app.cli", *map(str, args)]


def run(*args, timeout=120, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(tracuu(*args), capture_output=True, text=True, timeout=timeout,
                          env=env or cli_env(), **kw)


class Lines:
    """A subprocess's stderr, read line by line in a thread."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: list[str] = []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(proc.stderr,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for line in stream:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.lines.append(None)  # EOF marker
            self.cond.notify_all()

    def wait_for(self, needle: str, count: int = 1, timeout: float = 60) -> bool:
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                hits = [ln for ln in self.lines if ln is not None and needle in ln]
                if len(hits) >= count:
                    return True
                if None in self.lines or time.monotonic() > end:
                    return False
                self.cond.wait(timeout=0.05)

    def text(self) -> str:
        self.thread.join(timeout=10)
        return "\n".join(ln for ln in self.lines if ln is not None)


def index_state(index: Path) -> dict:
    """What the index holds: doc ids (with repeats), models by document."""
    with Store(index).snapshot() as s:
        docs = [s.stored(d)["id"] for d in s.find(record="doc")]
        models = [s.stored(d)["document_id"] for d in s.find(record="model")]
        model_ids = [s.stored(d)["id"] for d in s.find(record="model")]
    return {"docs": docs, "models": models, "model_ids": model_ids}


def committed_from_log(text: str) -> int | None:
    """The document count of the last "committed … N in the index" line."""
    n = None
    for line in text.splitlines():
        if "committed" in line and "in the index" in line:
            n = int(line.split(":")[-1].split("in the index")[0].strip())
    return n


def assert_prefix(index: Path, files: list[Path], allowed: set[int]) -> int:
    """The index holds exactly the first n files for some allowed n, each once."""
    st = index_state(index)
    docs = st["docs"]
    assert len(docs) == len(set(docs)), "a document is in the index twice"
    assert len(st["model_ids"]) == len(set(st["model_ids"])), "a model is in the index twice"
    assert set(st["models"]) <= set(docs), "models of a document that is not in the index"
    n = len(docs)
    expected = {document_id(f) for f in files[:n]}
    assert set(docs) == expected, f"the index is not the first {n} files"
    assert n in allowed, f"{n} documents, expected one of {sorted(allowed)}"
    return n


# -- SIGKILL at random points ------------------------------------------------------
def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path):
    """~20 SIGKILLs of `tracuu ingest` (at a random moment, or a few ms into a
    commit) over 200 files with batches of 10: after each kill the index
    opens and holds exactly the batches committed before it; the next run
    reports the stale lock; a final run completes with every file once."""
    files = sorted(make_corpus(tmp_path / "c", 200))
    index = tmp_path / "ix"
    seed = int(os.environ.get("TRACUU_KILL_SEED", "20240611"))
    rng = random.Random(seed)
    wanted = int(os.environ.get("TRACUU_KILLS", "20"))
    kills = completed = mid_commit = 0
    prev_n = 0
    need_stale_notice = False
    rebuild_next = False
    multiples = set(range(0, len(files) + 1, BATCH)) | {len(files)}
    started = time.monotonic()
    while kills < wanted:
        args = ["ingest", tmp_path / "c", "--index", index, "--jobs", "1", "-v"]
        if rebuild_next:
            args.append("--rebuild")
        proc = subprocess.Popen(tracuu(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, env=cli_env())
        lines = Lines(proc)
        mode = rng.choice(["time", "commit", "commit", "early"])
        if mode == "time":
            lines.wait_for("files:", timeout=60)
            time.sleep(rng.uniform(0.0, 1.5))
        elif mode == "commit":
            lines.wait_for("committing", count=rng.randint(1, 3), timeout=60)
            time.sleep(rng.uniform(0.0, 0.04))
        else:
            time.sleep(rng.uniform(0.05, 0.8))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=60)
        text = lines.text()
        assert "Traceback" not in text, text
        if need_stale_notice and "files:" in text:
            assert "did not finish" in text and "taken over" in text, text
        if code == -signal.SIGKILL:
            kills += 1
            last_line = text.splitlines()[-1] if text else ""
            if mode == "commit" and "committing" in last_line:
                mid_commit += 1          # killed between "committing" and "committed"
            logged = committed_from_log(text)
            allowed = {prev_n} if logged is None else {logged}
            allowed |= {a + BATCH for a in allowed}
            if rebuild_next:
                allowed |= {0, BATCH}
            allowed &= multiples
            prev_n = assert_prefix(index, files, allowed) if Store(index).exists() else 0
            # the lock died with the process (its note stays for the next run)
            assert RunLock.holder(index) is None
            # the next run must report this one's note when this one was
            # killed holding the lock: certainly so while files were left
            # to commit; a run killed after its last commit may have
            # released the lock already (then there is nothing to report)
            if "files:" in text:
                need_stale_notice = prev_n < len(files)
            rebuild_next = False
        else:
            assert code == 0, text
            completed += 1
            prev_n = assert_prefix(index, files, {len(files)})
            need_stale_notice = False
            rebuild_next = True
        assert time.monotonic() - started < 240, "the kill loop is too slow"
    # a final run completes: nothing lost, nothing twice
    final = run("ingest", tmp_path / "c", "--index", index, "--jobs", "1", "--json")
    assert final.returncode == 0, final.stderr
    summary = json.loads(final.stdout)
    assert summary["new"] + summary["unchanged"] + summary["updated"] == len(files)
    assert summary["failed"] == []
    assert_prefix(index, files, {len(files)})
    again = json.loads(run("ingest", tmp_path / "c", "--index", index, "--json").stdout)
    assert again["unchanged"] == len(files) and again["new"] == again["updated"] == 0
    # searching the result works, and no leftovers of killed writers stay
    from search_app.search import SearchService

    assert SearchService(index).search("", per_page=1)["total"] == len(files)
    names = os.listdir(index)
    assert sum(n.endswith(".toc") for n in names) <= 2
    assert not [n for n in names if ".toc." in n]
    FIGURES["kills"] = kills
    FIGURES["kills_mid_commit"] = mid_commit
    FIGURES["kill_runs_completed"] = completed
    _report()


def test_stale_lock_is_detected_and_taken_over_with_a_message(tmp_path):
    make_corpus(tmp_path / "c", 60)
    index = tmp_path / "ix"
    proc = subprocess.Popen(tracuu("ingest", tmp_path / "c", "--index", index, "--jobs", "1", "-v"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=cli_env())
    lines = Lines(proc)
    assert lines.wait_for("files:", timeout=60), lines.text()
    holder = RunLock.holder(index)
    assert holder and holder["pid"] == proc.pid      # held, and it says by whom
    proc.kill()
    proc.wait(timeout=30)
    lines.text()
    left = json.loads((index / "tracuu.lock").read_text())
    assert left["pid"] == proc.pid                   # the killed ingest's note stays…
    assert RunLock.holder(index) is None             # …but the lock died with it
    res = run("ingest", tmp_path / "c", "--index", index, "--jobs", "1")
    assert res.returncode == 0, res.stderr
    assert f"a previous ingest (pid {proc.pid}" in res.stderr
    assert "did not finish" in res.stderr and "taken over" in res.stderr
    assert (index / "tracuu.lock").read_text() == ""  # a clean exit clears the note
    res = run("ingest", tmp_path / "c", "--index", index)
    assert "did not finish" not in res.stderr


# -- two ingests at once -------------------------------------------------------------
def test_second_ingest_stops_or_waits_never_two_writers(tmp_path):
    files = make_corpus(tmp_path / "c", 120)
    index = tmp_path / "ix"
    # TRACUU_FILE_TIMEOUT etc. unchanged; the first run is made slow by small batches
    first = subprocess.Popen(tracuu("ingest", tmp_path / "c", "--index", index, "--jobs", "1", "-v"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=cli_env(TRACUU_BATCH_SIZE=5))
    lines = Lines(first)
    assert lines.wait_for("files:", timeout=60), lines.text()
    t0 = time.monotonic()
    second = run("ingest", tmp_path / "c", "--index", index, "--jobs", "1")
    assert second.returncode == 1
    assert time.monotonic() - t0 < 20
    assert f"another ingest (pid {first.pid}" in second.stderr
    assert "--wait" in second.stderr and "Traceback" not in second.stderr
    assert first.poll() is None, "the first ingest should still be running"
    waiting = subprocess.Popen(tracuu("ingest", tmp_path / "c", "--index", index, "--wait", "--json"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env())
    first_out, _ = first.communicate(timeout=120)
    first_done = time.monotonic()
    out, err = waiting.communicate(timeout=120)
    waited_done = time.monotonic()
    assert first.returncode == 0, lines.text()
    assert waiting.returncode == 0, err
    assert "waiting for the ingest" in err and str(first.pid) in err
    assert waited_done >= first_done
    summary = json.loads(out)
    # the waiting run saw everything the first one wrote: nothing to do
    assert summary["unchanged"] == len(files) and summary["new"] == summary["updated"] == 0
    assert_prefix(index, sorted(files), {len(files)})


# -- searching while an ingest runs ------------------------------------------------------
def test_search_while_ingest_runs_sees_only_committed_states(tmp_path):
    """Reader threads hammer the API (Flask app over the same index) while a
    real ingest commits batches: every answer is a 200 from a committed state
    (a multiple of the batch size), totals never go back, no result twice,
    and the new commits show up."""
    from search_app import create_app

    # enough batches that the readers (searchers refreshed once a second)
    # see intermediate states: 40 commits (150 files took ~2 s)
    files = make_corpus(tmp_path / "c", 400)
    index = tmp_path / "ix"
    make_corpus(tmp_path / "c0", 10, start=1000)
    assert run("ingest", tmp_path / "c0", "--index", index).returncode == 0
    app = create_app(index_dir=index, TESTING=True)
    stop = threading.Event()
    seen: list[tuple[float, int]] = []
    problems: list[str] = []
    requests = [0]

    def reader(kind: int):
        client = app.test_client()
        last = 0
        while not stop.is_set():
            if kind == 0:
                resp = client.get("/api/search", query_string={"per_page": 100})
            elif kind == 1:
                resp = client.get("/api/search", query_string={"q": "mô hình", "per_page": 100})
            else:
                resp = client.get("/api/overview")
            requests[0] += 1
            if resp.status_code != 200:
                problems.append(f"{resp.status_code}: {resp.get_data(as_text=True)[:200]}")
                continue
            body = resp.get_json()
            total = body.get("total", body.get("documents"))
            if total % BATCH:
                problems.append(f"total {total} is not a committed state")
            if total < last:
                problems.append(f"total went back from {last} to {total}")
            last = total
            if "results" in body:
                ids = [r["id"] for r in body["results"]]
                if len(ids) != len(set(ids)):
                    problems.append("a result twice")
                if len(ids) != min(total, 100):
                    problems.append(f"{len(ids)} results for a total of {total}")
            if kind == 0:
                seen.append((time.monotonic(), total))

    threads = [threading.Thread(target=reader, args=(k,), daemon=True) for k in (0, 1, 2)]
    for t in threads:
        t.start()
    try:
        t0 = time.monotonic()
        res = run("ingest", tmp_path / "c", "--index", index, "--jobs", "1")
        assert res.returncode == 0, res.stderr
        ended = time.monotonic()
        print("ingest took", round(ended - t0, 2), "s;", requests[0], "requests")
        deadline = ended + 10
        while time.monotonic() < deadline and (not seen or seen[-1][1] != len(files) + 10):
            time.sleep(0.1)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    print("picked up after", round(seen[-1][0] - ended, 2), "s;", requests[0], "requests")
    assert not problems, problems[:10]
    totals = sorted({t for _, t in seen})
    assert totals[-1] == len(files) + 10, "the server did not pick up the last commit"
    assert len(totals) >= 3, f"too few intermediate states seen: {totals}"
    FIGURES["search_while_ingest_requests"] = requests[0]
    _report()


# -- a damaged index ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """30 files ingested by the CLI in 3 commits (so 2 generations stay on disk)."""
    tmp = tmp_path_factory.mktemp("built")
    files = sorted(make_corpus(tmp / "c", 30))
    res = run("ingest", tmp / "c", "--index", tmp / "ix", "--jobs", "1")
    assert res.returncode == 0, res.stderr
    return tmp / "ix", files, tmp / "c"


def _copy(built, tmp_path) -> Path:
    index = tmp_path / "ix"
    shutil.copytree(built[0], index)
    return index


def _segments_by_age(index: Path) -> list[Path]:
    """Segment files, oldest first (the oldest is used by every generation)."""
    return sorted(index.glob("MAIN_*.seg"), key=lambda p: p.stat().st_mtime_ns)


def _assert_clear_damage_error(res, index):
    assert res.returncode == 1, (res.returncode, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
    assert "damaged" in res.stderr
    assert "--rebuild" in res.stderr and str(index) in res.stderr


@pytest.mark.parametrize("damage", ["truncated segment", "missing segment", "empty segment",
                                    "garbage segment", "no table of contents"])
def test_damaged_index_gives_a_clear_error_and_rebuild_fixes_it(built, tmp_path, damage):
    from ingest.errors import IndexDamaged
    from ingest.run import ingest
    from search_app import create_app

    index, files, corpus = _copy(built, tmp_path), built[1], built[2]
    seg = _segments_by_age(index)[0]
    if damage == "truncated segment":
        os.truncate(seg, seg.stat().st_size // 2)
    elif damage == "missing segment":
        seg.unlink()
    elif damage == "empty segment":
        os.truncate(seg, 0)
    elif damage == "garbage segment":
        data = bytearray(seg.read_bytes())
        data[-200:] = os.urandom(200)
        seg.write_bytes(bytes(data))
    else:
        for toc in index.glob("_MAIN_*.toc"):
            toc.unlink()
    # the command line says what happened and how to rebuild (the real roots in the command)
    res = run("search", "mô hình", "--index", index)
    _assert_clear_damage_error(res, index)
    assert f"tracuu ingest {corpus} --rebuild --index {index}" in res.stderr
    if damage in ("truncated segment", "no table of contents"):
        _assert_clear_damage_error(run("ingest", corpus, "--index", index), index)
    else:
        with pytest.raises(IndexDamaged, match="--rebuild"):
            ingest([str(corpus)], index)
    # the web app: 503 with the same message, for pages and the API
    client = create_app(index_dir=index, TESTING=True).test_client()
    resp = client.get("/api/search?q=x")
    assert resp.status_code == 503 and "--rebuild" in resp.get_json()["error"]
    page = client.get("/search?q=x")
    assert page.status_code == 503 and b"--rebuild" in page.data and b"Traceback" not in page.data
    # the command it names works
    if damage == "truncated segment":
        res = run("ingest", corpus, "--index", index, "--rebuild")
        assert res.returncode == 0, res.stderr
    else:
        assert not ingest([str(corpus)], index, rebuild=True).failed
    assert_prefix(index, files, {len(files)})
    assert client.get("/api/search?q=x").status_code == 200  # the app recovers without a restart


@pytest.mark.parametrize("damage", ["newest toc truncated", "newest toc garbage", "newest segment missing"])
def test_damaged_newest_generation_falls_back_to_the_previous_one(built, tmp_path, damage):
    from ingest.run import ingest

    index, files, corpus = _copy(built, tmp_path), built[1], built[2]
    tocs = sorted(index.glob("_MAIN_*.toc"), key=lambda p: int(p.stem.split("_")[-1]))
    assert len(tocs) == 2                             # the newest and the one before stay
    if damage == "newest toc truncated":
        os.truncate(tocs[-1], 40)
    elif damage == "newest toc garbage":
        tocs[-1].write_bytes(os.urandom(tocs[-1].stat().st_size))
    else:
        _segments_by_age(index)[-1].unlink()
    # readers open the previous generation: the first 20 documents
    assert_prefix(index, files, {20})
    res = run("search", "mô hình", "--index", index, "--json")
    assert res.returncode == 0, res.stderr
    # the next ingest says so and reads the last batch again
    notices: list[str] = []
    summary = ingest([str(corpus)], index, log=notices.append)
    assert any("is damaged" in n and "continuing from generation" in n for n in notices), notices
    assert len(summary.new) == 10 and len(summary.unchanged) == 20
    assert_prefix(index, files, {len(files)})
    assert not [n for n in os.listdir(index) if n == tocs[-1].name]


# -- disk full ---------------------------------------------------------------------------
def _disk_full_run(tmp_path, index: Path, files: list[Path], *, env=None, preexec=None):
    res = subprocess.run(tracuu("ingest", tmp_path / "c", "--index", index, "--jobs", "1"),
                         capture_output=True, text=True, timeout=120, env=env or cli_env(),
                         preexec_fn=preexec)
    assert res.returncode == 1, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
    assert "could not write the index" in res.stderr and "intact" in res.stderr
    assert "run the same ingest again" in res.stderr
    # the index opens, holding whole committed batches of the files, in order
    n = assert_prefix(index, files, set(range(0, len(files) + 1, BATCH)))
    return res, n


def test_disk_full_on_a_small_filesystem(tmp_path):
    """A real 16 MB tmpfs (root only), filled up: clear error, the index keeps its commits."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (the RLIMIT_FSIZE test covers write errors)")
    try:
        files = sorted(make_corpus(tmp_path / "c", 20))
        index = mnt / "ix"
        res = run("ingest", tmp_path / "c", "--index", index, "--jobs", "1")
        assert res.returncode == 0, res.stderr
        files += sorted(make_corpus(tmp_path / "c", 150, start=20))
        free = shutil.disk_usage(mnt).free
        filler = mnt / "filler"
        with open(filler, "wb") as fh:
            fh.write(b"\0" * max(0, free - 96 * 1024))
        res, n = _disk_full_run(tmp_path, index, files)
        assert "the disk is full" in res.stderr
        assert n >= 20
        filler.unlink()
        res = run("ingest", tmp_path / "c", "--index", index, "--jobs", "1")
        assert res.returncode == 0, res.stderr
        assert_prefix(index, files, {len(files)})
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_write_error_from_a_file_size_limit(tmp_path):
    """RLIMIT_FSIZE makes every write past 100 KB fail (EFBIG), as a full disk
    would: clear error, previous index intact, a later run completes."""
    files = sorted(make_corpus(tmp_path / "c", 20))
    index = tmp_path / "ix"
    assert run("ingest", tmp_path / "c", "--index", index, "--jobs", "1").returncode == 0
    files += sorted(make_corpus(tmp_path / "c", 130, start=20))

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100 * 1024, 100 * 1024))

    res, n = _disk_full_run(tmp_path, index, files, env=cli_env(TRACUU_BATCH_SIZE=100), preexec=limit)
    assert n == 20 and "File too large" in res.stderr
    res = run("ingest", tmp_path / "c", "--index", index, "--jobs", "1")
    assert res.returncode == 0, res.stderr
    assert_prefix(index, files, {len(files)})


def _report():
    out = os.environ.get("TRACUU_FAULT_REPORT")
    print("fault figures:", json.dumps(FIGURES))
    if out:
        old = {}
        if os.path.exists(out):
            try:
                old = json.loads(Path(out).read_text())
            except ValueError:
                old = {}
        Path(out).write_text(json.dumps({**old, **FIGURES}, indent=1))
