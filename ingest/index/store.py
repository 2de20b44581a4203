"""The index directory: the Whoosh index plus a small JSON sidecar.

Layout of an index directory::

    <index>/               Whoosh files (one index: documents and models)
    <index>/tracuu.json    roots ingested, last ingest time, learned abbreviations
    <index>/segments.sqlite  segmentation cache (paragraph hash -> words)
    <index>/tracuu.lock    the ingest lock (who holds it: pid, host, start time)

Only one process writes: an ingest holds ``tracuu.lock`` (an exclusive
``flock``, released by the kernel when the process ends, however it ends)
for its whole run, and Whoosh's own ``MAIN_WRITELOCK`` while a writer is
open. Readers open the index read-only and never unpickle the stored
schema (``schema=build_schema()``).

Whoosh is not crash-safe by itself (no fsync, old files deleted at once).
Here each commit (see :class:`_Writer`):

1. writes the new segment files, fsyncs them;
2. writes the table of contents of the new generation (``_MAIN_<gen>.toc``,
   Whoosh writes it to a temporary name and renames it), fsyncs it and the
   directory;
3. deletes only what neither the new nor the previous generation uses, so
   the previous generation stays complete on disk.

Opening (:class:`_Index`) takes the newest generation whose table of
contents reads and whose segment files are there; if the newest is damaged
it falls back to the previous one (``ix.fallback`` says so) and the next
commit writes a generation above the damaged one. When no generation can be
opened the error is :class:`IndexDamaged`, which names the rebuild command.

Whoosh-Reloaded 2.7.5's ``reader(reuse=...)`` (what ``Searcher.refresh()``
calls) keeps segments that a merge removed — a refreshed searcher then
counts documents twice — and crashes when refreshing an empty index;
:meth:`_Index.reader` reuses an open segment reader only for the very same
segment with the same deletions.
"""
from __future__ import annotations

import errno
import json
import os
import re
import socket
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from whoosh.codec.whoosh3 import LENGTHS_COLUMN as _LENGTHS_COLUMN
from whoosh.codec.whoosh3 import _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Frequency, Positions
from whoosh.index import TOC, EmptyIndexError, FileIndex, LockError
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from .schema import build_schema, codec

try:  # POSIX; the ingest lock needs flock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

DEFAULT_INDEX = Path("instance") / "index"
META_FILE = "tracuu.json"
SEGMENT_CACHE = "segments.sqlite"
LOCK_FILE = "tracuu.lock"
INDEX_NAME = "MAIN"
KEEP_GENERATIONS = 2          # the newest and the one before it stay on disk

_TOC_RE = re.compile(r"^_%s_([0-9]+)\.toc$" % INDEX_NAME)
_TOC_TEMP_RE = re.compile(r"^_%s_([0-9]+)\.toc\..+$" % INDEX_NAME)
_SEGMENT_RE = re.compile(r"^(%s_[0-9a-z]+)[.][A-Za-z0-9_.]+$" % INDEX_NAME)


class IndexError_(Exception):
    """Base class: an index problem a person can act on."""


class IndexNotFound(IndexError_):
    pass


class IndexDamaged(IndexError_):
    pass


class IndexBusy(IndexError_):
    pass


class IndexWriteError(IndexError_):
    """Writing the index failed (disk full, read-only disk…); the index keeps
    what was committed before."""


def resolve_index_dir(option: str | None) -> Path:
    """`--index`, else $TRACUU_INDEX, else instance/index in the current dir."""
    if option:
        return Path(option)
    env = os.environ.get("TRACUU_INDEX")
    return Path(env) if env else DEFAULT_INDEX


def rebuild_hint(path: Path, roots: list[str] | None = None) -> str:
    where = " ".join(_shell_quote(r) for r in roots) if roots else "PATH..."
    return f"rebuild it with `tracuu ingest {where} --rebuild --index {_shell_quote(str(path))}`"


def _shell_quote(s: str) -> str:
    return s if re.fullmatch(r"[\w@%+=:,./-]+", s) else "'" + s.replace("'", "'\"'\"'") + "'"


# -- generations on disk ----------------------------------------------------------
def _toc_generations(storage) -> list[int]:
    """Generations that have a table of contents, newest first."""
    gens = []
    for name in storage.list():
        m = _TOC_RE.match(name)
        if m:
            gens.append(int(m.group(1)))
    return sorted(gens, reverse=True)


def _segment_files(names, segment) -> list[str]:
    prefix = segment.segment_id() + "."
    return [n for n in names if n.startswith(prefix)]


def _read_checked_toc(storage, gen: int, schema):
    """The TOC of `gen`, if it reads and every segment it names has files."""
    toc = TOC.read(storage, INDEX_NAME, gen=gen, schema=schema)
    names = set(storage.list())
    for seg in toc.segments:
        files = _segment_files(names, seg)
        if not files:
            raise FileNotFoundError(errno.ENOENT, f"segment {seg.segment_id()} has no files")
        for f in files:
            if storage.file_length(f) == 0:
                raise EOFError(f"segment file {f} is empty")
    return toc


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


class _Index(FileIndex):
    """A Whoosh FileIndex that opens the newest readable generation."""

    def __init__(self, storage, schema, path: Path, roots: list[str] | None = None):
        # FileIndex.__init__ would read the newest TOC and fail on a damaged one
        self.storage = storage
        self._schema = schema
        self.indexname = INDEX_NAME
        self.path = path
        self.roots = roots
        self.fallback: tuple[int, int, str] | None = None  # (damaged gen, used gen, reason)

    def damaged(self, reason: str) -> IndexDamaged:
        return IndexDamaged(f"the index at {self.path} is damaged ({reason}); "
                            + rebuild_hint(self.path, self.roots))

    def _read_toc(self):
        gens = _toc_generations(self.storage)
        if not gens:
            raise EmptyIndexError(f"no index in {self.path}")
        problems = []
        for gen in gens[:KEEP_GENERATIONS]:
            try:
                toc = _read_checked_toc(self.storage, gen, self._schema)
            except Exception as exc:  # damaged TOC, missing segment: try the previous one
                problems.append(f"generation {gen}: {_describe(exc)}")
                continue
            if gen != gens[0]:
                self.fallback = (gens[0], gen, problems[0])
            else:
                self.fallback = None
            return toc
        raise self.damaged("; ".join(problems))

    def latest_generation(self):
        try:
            return self._read_toc().generation
        except IndexDamaged:
            return -1

    def writer(self, procs=1, **kwargs):
        return _Writer(self, **kwargs)

    def reader(self, reuse=None):
        attempts = 0
        while True:
            gens = _toc_generations(self.storage)
            try:
                toc = self._read_toc()
            except IndexDamaged:
                if attempts < 10 and _toc_generations(self.storage) != gens:
                    attempts += 1
                    continue
                raise
            try:
                return _open_reader(self.storage, toc, reuse)
            except Exception as exc:
                # a writer may have removed files between our reads: try again
                if attempts < 10 and _toc_generations(self.storage) != gens:
                    attempts += 1
                    time.sleep(0.05)
                    continue
                if attempts < 3 and isinstance(exc, FileNotFoundError):
                    attempts += 1
                    time.sleep(0.05)
                    continue
                # the segments of this generation cannot be read: the previous one?
                older = [g for g in gens if g < toc.generation][: KEEP_GENERATIONS - 1]
                for gen in older:
                    try:
                        prev = _read_checked_toc(self.storage, gen, self._schema)
                        r = _open_reader(self.storage, prev, None)
                    except Exception:
                        continue
                    self.fallback = (toc.generation, gen, _describe(exc))
                    return r
                raise self.damaged(_describe(exc)) from exc


def _open_reader(storage, toc, reuse):
    """A reader of `toc`'s segments, reusing the open segment readers of
    `reuse` only for the same segment with the same deletions."""
    from whoosh.reading import EmptyReader, MultiReader, SegmentReader

    reusable = {}
    if reuse is not None:
        try:
            leaves = list(reuse.leaf_readers())
        except Exception:
            leaves = []
        for r, _ in leaves:
            seg = r.segment() if hasattr(r, "segment") else None
            if seg is not None:
                reusable[_segment_key(seg)] = r
    if not toc.segments:
        return EmptyReader(toc.schema)
    readers, opened, used = [], [], set()
    try:
        for seg in toc.segments:
            key = _segment_key(seg)
            if key in reusable and key not in used:
                used.add(key)
                readers.append(reusable[key])
            else:
                r = SegmentReader(storage, toc.schema, seg, generation=toc.generation)
                opened.append(r)
                readers.append(r)
    except BaseException:
        _close_all(opened)   # the old reader keeps its own segment readers
        raise
    # Segment readers of `reuse` that are not reused are left open: a caller
    # may still be searching with the old searcher (they close when collected).
    if len(readers) == 1:
        readers[0]._gen = toc.generation   # a reused reader must report the new generation
        return readers[0]
    return MultiReader(readers, generation=toc.generation)


def _segment_key(seg):
    return (seg.segment_id(), frozenset(seg.deleted_docs()), seg.doc_count_all())


def _close_all(readers) -> None:
    for r in readers:
        try:
            r.close()
        except Exception:
            pass


# Whoosh's estimate of the postings it keeps in memory before it sorts them
# into a temporary file (then read back and merged at the commit): 512 holds
# a batch of 1000 news articles (~1.5 million postings, ~290 MB by that
# estimate, ~350 MB resident); with 256 such a batch went to disk twice,
# a quarter of the writer's time in pickling postings one by one.
WRITER_POOL_MB = 512


class _Writer(SegmentWriter):
    """Whoosh's SegmentWriter with durable commits that keep the previous
    generation on disk (see the module docstring), and two shortcuts that
    write exactly the same index faster (tests/test_store_writer.py
    compares every term, posting, length and stored field with Whoosh's
    own writer):

    * :meth:`add_document` turns the token lists of the text fields (see
      :mod:`.records`) into postings in bulk, instead of one Token object,
      one generator step and one pool call per token;
    * a commit reads the field lengths it needs for the postings' block
      statistics from memory instead of from the segment's length columns
      (one column read per posting)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        # above every TOC on disk, also a damaged newest one we fell back from
        gens = _toc_generations(self.storage)
        self.generation = max([self.generation] + [g + 1 for g in gens])
        self._old_segment_ids = {s.segment_id() for s in self.segments}
        self._lengths = _MemoryLengths()
        pdw = self.perdocwriter
        add_column_value = pdw.add_column_value

        def add_column_value_kept(fieldname, column, value):
            add_column_value(fieldname, column, value)
            if column is _LENGTHS_COLUMN:
                self._lengths.add(fieldname, pdw._docnum, value)

        pdw.add_column_value = add_column_value_kept
        # fields with spelling words or term vectors go Whoosh's own way
        self._special = {name for name, f in self.schema.items() if f.vector or f.separate_spelling()}

    def add_document(self, **fields):
        # whoosh.writing.SegmentWriter.add_document (Whoosh-Reloaded 2.7.5)
        # with the postings of list values made by _list_postings
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool

        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
        if self._special.intersection(fieldnames):
            return super().add_document(**fields)
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]

                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    items = _list_postings(field, value)
                    if items is None:
                        items = field.index(value)
                    scorable = field.scorable
                    posts = []
                    for tbytes, freq, weight, vbytes in items:
                        weight *= fieldboost
                        if scorable:
                            length += freq
                        posts.append((fieldname, tbytes, docnum, weight, vbytes))
                    _pool_add(pool, fieldname, posts)

                customval = fields.get("_stored_%s" % fieldname, value)
                sv = customval if field.stored else None
                perdocwriter.add_field(fieldname, field, sv, length)

                column = field.column_type
                if column and customval is not None:
                    cv = field.to_column_value(customval)
                    perdocwriter.add_column_value(fieldname, column, cv)
        except Exception as ex:
            perdocwriter.cancel_doc()
            raise ex

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        # whoosh.writing.SegmentWriter._flush_segment, lengths from memory
        self.perdocwriter.close()
        lengths = self._lengths if self.codec.length_stats else None
        postings = self.pool.iter_postings()
        self.fieldwriter.add_postings(self.schema, lengths, postings)
        self.fieldwriter.close()

    def _commit_toc(self, segments):
        folder = self.storage.folder
        names = self.storage.list()
        for seg in segments:
            if seg.segment_id() not in self._old_segment_ids:
                for name in _segment_files(names, seg):
                    _fsync(os.path.join(folder, name))
        toc = TOC(self.schema, segments, self.generation)
        toc.write(self.storage, self.indexname)
        _fsync(os.path.join(folder, TOC._filename(self.indexname, self.generation)))
        _fsync(folder)
        clean_files(self.storage, self.generation, self.schema)


class _MemoryLengths:
    """The new segment's field lengths as the commit asks for them
    (``doc_field_length`` of Whoosh's per-document reader of the segment):
    the length byte of each document and field, decoded."""

    def __init__(self):
        self._columns: dict[str, dict[int, int]] = {}

    def add(self, lenfield: str, docnum: int, lbyte: int) -> None:
        self._columns.setdefault(lenfield, {})[docnum] = lbyte

    def doc_field_length(self, docnum, fieldname, default=0):
        column = self._columns.get(_lenfield(fieldname))
        if column is None:     # no length column for this field
            return default
        lbyte = column.get(docnum, 0)
        if lbyte:
            return byte_to_length(lbyte)
        return None            # as Whoosh's reader: a zero byte gives None

    def close(self):
        pass


_ONE_POSITION: dict[int, bytes] = {}   # position -> Positions.encode([position])


def _list_postings(field, value):
    """``field.index(value)`` for a list of token strings in a field whose
    format is Whoosh's Positions or Frequency, in bulk: the same
    (term bytes, frequency, weight, value bytes) in the same order (first
    occurrence), or None for anything else."""
    if type(value) is not list:
        return None
    fmt = field.format
    kind = type(fmt)
    if kind is Positions:
        poses: dict[str, list[int]] = {}
        for i, t in enumerate(value):
            p = poses.get(t)
            if p is None:
                poses[t] = [i]
            else:
                p.append(i)
        fb = fmt.field_boost
        encode = fmt.encode
        one = _ONE_POSITION
        out = []
        for w, p in poses.items():
            n = len(p)
            if n == 1:
                vb = one.get(p[0])
                if vb is None:
                    vb = one[p[0]] = encode(p)
            else:
                vb = encode(p)
            out.append((w.encode("utf-8"), n, float(n) * fb, vb))
        return out
    if kind is Frequency:
        freqs: dict[str, int] = {}
        for t in value:
            freqs[t] = freqs.get(t, 0) + 1
        fb = fmt.field_boost
        return [(w.encode("utf-8"), n, float(n) * fb, pack_uint(n)) for w, n in freqs.items()]
    return None


def _pool_add(pool, fieldname: str, posts: list[tuple]) -> None:
    """``pool.add(p) for p in posts`` (whoosh.writing.PostingPool), at once
    when the pool does not spill to disk on the way."""
    size = 0
    for _, tbytes, _, _, vbytes in posts:
        size += 150 + len(fieldname) + len(tbytes) * 2 + len(vbytes or "")
    if not posts:
        return
    if pool.currentsize + size > pool.limit:
        for p in posts:
            pool.add(p)
        return
    pool.fieldnames.add(fieldname)
    pool.currentsize += size
    pool.current.extend(posts)


def clean_files(storage, current_gen: int, schema) -> None:
    """Delete what neither generation `current_gen` nor the newest readable
    generation before it uses (leftovers of killed writers included)."""
    keep_tocs = {current_gen}
    keep_segments = set()
    toc = TOC.read(storage, INDEX_NAME, gen=current_gen, schema=schema)
    keep_segments |= {s.segment_id() for s in toc.segments}
    for gen in _toc_generations(storage):
        if gen >= current_gen:
            continue
        try:
            prev = _read_checked_toc(storage, gen, schema)
        except Exception:
            continue
        keep_tocs.add(gen)
        keep_segments |= {s.segment_id() for s in prev.segments}
        break
    for name in storage.list():
        m = _TOC_RE.match(name)
        if m:
            drop = int(m.group(1)) not in keep_tocs
        elif _TOC_TEMP_RE.match(name):
            drop = True        # a TOC a killed writer never renamed
        else:
            s = _SEGMENT_RE.match(name)
            drop = bool(s) and s.group(1) not in keep_segments
        if drop:
            try:
                storage.delete_file(name)
            except OSError:
                pass


def _fsync(path: str) -> None:
    """Flush a file or a directory entry to disk (best effort)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- the ingest lock ------------------------------------------------------------------
class RunLock:
    """One ingest per index at a time.

    An exclusive ``flock`` on ``<index>/tracuu.lock`` for the whole run. The
    kernel releases it when the process ends (also on SIGKILL), so a killed
    ingest never blocks the next one; the holder's pid, host and start time
    are written in the file and cleared on a clean exit, so the next ingest
    can tell that the previous one was killed (:attr:`previous`).
    """

    def __init__(self, index_dir: str | Path):
        self.dir = Path(index_dir)
        self.path = self.dir / LOCK_FILE
        self.fd: int | None = None
        self.previous: dict | None = None   # holder info left by an ingest that did not finish

    def acquire(self, wait: bool = False, on_wait=None) -> "RunLock":
        if fcntl is None:  # pragma: no cover
            return self
        self.dir.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                if not wait:
                    os.close(fd)
                    raise IndexBusy(
                        f"another ingest {_holder_text(holder)}is writing to {self.dir}; "
                        "never two at once: wait for it to finish and run again, or add --wait"
                    ) from None
                if on_wait:
                    on_wait(holder)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
            except OSError as exc:
                os.close(fd)
                raise IndexWriteError(f"cannot lock {self.path}: {exc.strerror or exc}") from exc
            try:  # the file we locked must still be the lock file
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd
        self.previous = _read_holder(fd)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": _now()}
        data = json.dumps(info).encode()
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        except OSError:
            pass  # a full disk: the lock itself still holds
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
        except OSError:
            pass
        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)
            self.fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()

    @staticmethod
    def holder(index_dir: str | Path) -> dict | None:
        """Who holds the lock now (None when free)."""
        path = Path(index_dir) / LOCK_FILE
        if fcntl is None or not path.exists():
            return None
        fd = os.open(path, os.O_RDONLY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _read_holder(fd) or {}
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)


def _read_holder(fd: int) -> dict | None:
    try:
        raw = os.pread(fd, 4096, 0)
    except OSError:
        return None
    if not raw.strip():
        return None
    try:
        info = json.loads(raw.decode("utf-8", "replace"))
        return info if isinstance(info, dict) else {}
    except ValueError:
        return {}


def _holder_text(holder: dict | None) -> str:
    if not holder:
        return ""
    parts = []
    if holder.get("pid"):
        parts.append(f"pid {holder['pid']}")
    if holder.get("host"):
        parts.append(f"on {holder['host']}")
    if holder.get("started"):
        parts.append(f"started {holder['started']}")
    return f"({', '.join(parts)}) " if parts else ""


def stale_lock_message(index_dir, holder: dict) -> str:
    return (f"a previous ingest {_holder_text(holder)}did not finish (it was killed or crashed); "
            f"its lock on {index_dir} was free and is taken over. What it committed is kept; "
            "the rest is ingested now")


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    # -- existence -----------------------------------------------------------
    def exists(self) -> bool:
        """An index is there (a table of contents exists; it may be damaged)."""
        return self.path.is_dir() and bool(_toc_generations(FileStorage(str(self.path))))

    def _orphan_segments(self) -> bool:
        if not self.path.is_dir():
            return False
        return any(_SEGMENT_RE.match(p.name) for p in self.path.iterdir())

    def create_if_missing(self) -> None:
        if self.exists():
            return
        if self._orphan_segments():
            raise IndexDamaged(
                f"the index at {self.path} is damaged (its table of contents _MAIN_<n>.toc is missing); "
                + rebuild_hint(self.path, self.read_meta().get("roots")))
        self.path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(self.path))
        TOC(build_schema(), [], 0).write(storage, INDEX_NAME)
        _fsync(str(self.path))
        if not (self.path / META_FILE).exists():
            self.write_meta({"roots": [], "created": _now()})

    def reset(self) -> None:
        """Empty the index (for --rebuild) without reading it: a new, empty
        generation above every one on disk. Crash-safe: until it is written the
        old index stays; the old files go at the next commit."""
        self.path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(self.path))
        gens = _toc_generations(storage)
        TOC(build_schema(), [], (gens[0] + 1) if gens else 0).write(storage, INDEX_NAME)
        _fsync(str(self.path))

    def open(self):
        """The Whoosh index, read-only use; clear errors when absent/damaged."""
        if not self.exists():
            if self._orphan_segments():
                raise IndexDamaged(
                    f"the index at {self.path} is damaged (its table of contents _MAIN_<n>.toc is "
                    "missing); " + rebuild_hint(self.path, self.read_meta().get("roots")))
            raise IndexNotFound(
                f"no index at {self.path}: create it with `tracuu ingest corpus/ --index {self.path}` "
                "(or run `tracuu serve`, which builds it from corpus/ on first start)"
            )
        ix = _Index(FileStorage(str(self.path), supports_mmap=False), build_schema(), self.path,
                    roots=self.read_meta().get("roots"))
        try:
            ix.reader().close()  # reads the TOC and opens every segment
        except IndexDamaged:
            raise
        except Exception as exc:
            raise ix.damaged(_describe(exc)) from exc
        return ix

    def writer(self, ix, timeout: float = 5.0):
        try:
            return _Writer(ix, timeout=timeout, limitmb=WRITER_POOL_MB, codec=codec())
        except LockError as exc:
            raise IndexBusy(
                f"another program is writing to {self.path}; wait for it to finish and run again"
            ) from exc

    # -- sidecar -------------------------------------------------------------
    def read_meta(self) -> dict:
        try:
            meta = json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
            return meta if isinstance(meta, dict) else {"roots": []}
        except (OSError, ValueError):
            return {"roots": []}

    def write_meta(self, meta: dict) -> None:
        """Atomic replace, so a crash never leaves half a file."""
        self.path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".meta-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(meta, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path / META_FILE)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    @property
    def segment_cache_path(self) -> Path:
        return self.path / SEGMENT_CACHE

    # -- what is indexed -----------------------------------------------------
    def indexed_files(self, ix) -> dict[str, tuple[str, str]]:
        """absolute path -> (document id, file hash) of every indexed document."""
        out = {}
        with ix.searcher() as s:
            for fields in s.documents(record="doc"):
                out[fields["abs_path"]] = (fields["id"], fields.get("file_hash", ""))
        return out

    def indexed_entries(self, ix) -> list[dict]:
        """Every indexed file: documents and second names of a document
        (``record`` "alias"), each {id, record, abs_path, file_hash, document_id}."""
        out = []
        with ix.searcher() as s:
            for record in ("doc", "alias"):
                for fields in s.documents(record=record):
                    out.append({
                        "id": fields.get("id"), "record": record, "abs_path": fields.get("abs_path"),
                        "file_hash": fields.get("file_hash", ""),
                        "document_id": fields.get("document_id") or fields.get("id"),
                    })
        return out


def delete_document(writer, doc_id: str) -> int:
    """Remove a document, its models and its second names; the number of
    records removed."""
    n = writer.delete_by_term("id", doc_id) or 0
    n += writer.delete_by_term("document_id", doc_id) or 0
    return n


def is_disk_error(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT,
                                                       errno.EROFS, errno.EIO)


def now_iso() -> str:
    return _now()


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


__all__ = [
    "DEFAULT_INDEX", "IndexBusy", "IndexDamaged", "IndexError_", "IndexNotFound", "IndexWriteError",
    "RunLock", "Store", "delete_document", "now_iso", "rebuild_hint", "resolve_index_dir",
    "stale_lock_message",
]
