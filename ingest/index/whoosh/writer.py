"""Whoosh's segment writer with durable commits and bulk postings.

See :mod:`.storage` for how a commit keeps the previous generation whole.
"""
from __future__ import annotations

import os

from whoosh.codec.whoosh3 import LENGTHS_COLUMN as _LENGTHS_COLUMN
from whoosh.codec.whoosh3 import _lenfield
from whoosh.formats import Frequency, Positions
from whoosh.index import TOC
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from .storage import clean_files, fsync, segment_files, toc_generations

WRITER_POOL_MB = 512


class SafeWriter(SegmentWriter):
    """Whoosh's SegmentWriter with durable commits that keep the previous
    generation on disk (see the module docstring), and two shortcuts that
    write exactly the same index faster (the integration tests
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
        gens = toc_generations(self.storage)
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
                for name in segment_files(names, seg):
                    fsync(os.path.join(folder, name))
        toc = TOC(self.schema, segments, self.generation)
        toc.write(self.storage, self.indexname)
        fsync(os.path.join(folder, TOC._filename(self.indexname, self.generation)))
        fsync(folder)
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

