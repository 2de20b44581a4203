"""The index writer's shortcuts (ingest.index.whoosh.writer.SafeWriter) write exactly
what Whoosh's own SegmentWriter writes: every stored field, field length,
term, term statistic, posting and column, segment by segment, through
several commits (with merges) and a pool that spills to disk."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from ingest.index.store import Store
from ingest.index.whoosh import writer as writer_mod
from ingest.index.whoosh.schema import codec
from ingest.pipeline import process_file
from ingest.vietnamese.segment import Segmenter

ROOT = Path(__file__).resolve().parents[2]


def _records() -> list[list[dict]]:
    seg = Segmenter()
    out = []
    for p in sorted((ROOT / "corpus" / "tin-bai").iterdir())[:24]:
        if p.suffix in (".html", ".txt"):
            _, recs, _ = process_file(str(p), seg)
            out.append(recs)
    assert len(out) >= 12
    return out


def _content(path: Path) -> list[dict]:
    from whoosh.index import open_dir

    ix = open_dir(str(path))
    out = []
    with ix.reader() as top:
        for r, _ in top.leaf_readers():
            n = r.doc_count_all()
            seg = {"stored": [r.stored_fields(d) for d in range(n)], "lengths": {}, "terms": [], "columns": {}}
            for fn in sorted(r.indexed_field_names()):
                total = r.field_length(fn)
                seg["lengths"][fn] = (total, [r.doc_field_length(d, fn) for d in range(n)])
            for fn, t in r.all_terms():
                ti = r.term_info(fn, t)
                m = r.postings(fn, t)
                posts = []
                while m.is_active():
                    posts.append((m.id(), m.weight(), m.value()))
                    m.next()
                seg["terms"].append((fn, t, ti.weight(), ti.doc_frequency(), ti.min_length(), ti.max_length(),
                                     ti.max_weight(), ti.min_id(), ti.max_id(), posts))
            for fn in sorted(ix.schema.names()):
                if r.has_column(fn):
                    c = r.column_reader(fn, translate=False)
                    seg["columns"][fn] = [c[d] for d in range(n)]
            out.append(seg)
    return out


def _build(path: Path, docs: list[list[dict]], writer_factory, batch: int) -> None:
    store = Store(path)
    store.create_if_missing()
    store.check()
    ix = store.backend._index()
    w = None
    for i, recs in enumerate(docs, 1):
        if w is None:
            w = writer_factory(store, ix)
        for rec in recs:
            w.add_document(**dict(rec))
        if i % batch == 0 or i == len(docs):
            w.commit()
            w = None


@pytest.mark.parametrize("batch,pool_mb", [(100, 512), (3, 512), (5, 1)])
def test_writer_same_index_as_whoosh(tmp_path, monkeypatch, batch, pool_mb):
    docs = _records()
    monkeypatch.setattr("ingest.index.whoosh.WRITER_POOL_MB", pool_mb)   # 1: the pool spills to disk

    def ours(store, ix):
        w = store.writer()._w
        assert isinstance(w, writer_mod.SafeWriter)
        return w

    def whooshs(store, ix):
        return SegmentWriter(ix, limitmb=pool_mb, codec=codec())

    _build(tmp_path / "ours", docs, ours, batch)
    _build(tmp_path / "whoosh", docs, whooshs, batch)
    a, b = _content(tmp_path / "ours"), _content(tmp_path / "whoosh")
    assert len(a) == len(b) >= 1
    assert a == b
