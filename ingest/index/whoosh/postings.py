"""Whole posting lists and per-document columns as numpy arrays.

Whoosh reads postings one at a time through matcher objects; to score or
count every match of a common word at once, :func:`term_postings` reads a
term's posting list straight from each segment's postings file, block by
block, into two arrays (global document numbers and weights). Blocks of
both layouts are read: :mod:`.codec`'s packed arrays and W3's pickled
tuples (segments of older indexes).
"""
from __future__ import annotations

import io
import pickle
import struct
import zlib
from itertools import accumulate

import numpy as np

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.reading import TermNotFound
from whoosh.util.numeric import _length_byte_cache

from .codec import decode_ids, decode_weights, is_packed, split_values

_INT = struct.Struct("!i")
_BYTE_TO_LENGTH = np.array(_length_byte_cache, dtype=np.float32)
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def term_postings(reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of a term over every segment of
    `reader` (a Whoosh reader), in document order. Deleted documents are
    included: the caller masks them (see :func:`live_mask`)."""
    ids, weights = [], []
    for leaf, base in reader.leaf_readers():
        found = _leaf_postings(leaf, fieldname, text)
        if found is not None:
            ids.append(found[0] + base)
            weights.append(found[1])
    if not ids:
        return _EMPTY
    if len(ids) == 1:
        return ids[0], weights[0]
    return np.concatenate(ids), np.concatenate(weights)


def _leaf_postings(leaf, fieldname: str, text: str):
    ids, weights = [], []
    for info, data in _blocks(leaf, fieldname, text):
        if info is None:          # inlined postings: data is (ids, weights, values)
            return np.asarray(data[0], dtype=np.int64), np.asarray(data[1], dtype=np.float32)
        ids.append(_block_ids(data))
        weights.append(decode_weights(data[1] if is_packed(data) else _w3_weights(data[1]), info[0]))
    if not ids:
        return None
    if len(ids) == 1:
        return ids[0], weights[0]
    return np.concatenate(ids), np.concatenate(weights)


def _blocks(leaf, fieldname: str, text: str, first: int = 0):
    """(block info, unpickled block data) of each posting block of a term
    in one segment, skipping the blocks whose last document is before
    `first` without unpickling them; (None, inlined postings) for a term
    inlined in its term info. Nothing when the segment lacks the term."""
    if fieldname not in leaf.schema:
        return
    terms = leaf._terms
    try:
        info = terms.term_info(fieldname, leaf._text_to_bytes(fieldname, text))
    except TermNotFound:
        return
    if info.is_inlined():
        yield None, info.inlined_postings()
        return
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh 2.7 reads the length back as a 1-tuple
        length = length[0]
    buf = terms._postfile.get(offset, length)
    stream = io.BytesIO(buf)
    pos, end = 4, len(buf)            # after the posting list's magic header
    while pos < end:
        size = _INT.unpack_from(buf, pos)[0]
        nxt = pos + 4 + abs(size)
        stream.seek(pos + 4)
        block = pickle.load(stream)   # (count, last id, max weight, compression, ...)
        if block[1] >= first:
            raw = buf[stream.tell():nxt]
            yield block, pickle.loads(zlib.decompress(raw) if block[3] else raw)
        pos = nxt
        if size < 0:                  # the last block
            break


def _block_ids(data) -> np.ndarray:
    """A block's document numbers, from either layout (W3's: delta-coded)."""
    if is_packed(data):
        return decode_ids(data[0])
    return np.cumsum(np.asarray(data[0], dtype=np.int64))


def _w3_weights(w):
    if w is None or isinstance(w, float):
        return w
    return ("f", np.asarray(w, dtype=np.float32).tobytes())


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """Each document's length in `fieldname` (Whoosh's one-byte
    approximation, as its scorers use), as float32."""
    parts = []
    for leaf, _ in reader.leaf_readers():
        n = leaf.doc_count_all()
        col = leaf._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        codes = np.zeros(n, dtype=np.uint8)
        if col is not None and col._count:
            have = min(col._count, n)
            codes[:have] = np.frombuffer(col._dbfile.get(col._basepos, have), dtype=np.uint8)
        parts.append(_BYTE_TO_LENGTH[codes])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def live_mask(reader) -> np.ndarray:
    """True for each document number that is not deleted."""
    mask = np.ones(reader.doc_count_all(), dtype=bool)
    for leaf, base in reader.leaf_readers():
        if leaf.has_deletions():
            gone = np.fromiter(leaf._perdoc.deleted_docs(), dtype=np.int64)
            mask[gone + base] = False
    return mask


MISSING = np.iinfo(np.int64).min


def numeric_column(reader, fieldname: str) -> np.ndarray:
    """A sortable numeric column (e.g. dates, as Whoosh's longs) as int64,
    :data:`MISSING` where a document has no value."""
    parts = []
    for leaf, _ in reader.leaf_readers():
        n = leaf.doc_count_all()
        values = np.full(n, MISSING, dtype=np.int64)
        if n and leaf.has_column(fieldname):
            column = leaf.schema[fieldname].column_type
            raw = np.fromiter(leaf.column_reader(fieldname, translate=False), dtype=np.uint64, count=n)
            have = raw != np.uint64(column._default)
            values[have] = raw[have].astype(np.int64)
        parts.append(values)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def term_positions(reader, fieldname: str, text: str, docs: np.ndarray) -> dict[int, list[int]]:
    """The positions of a term in each of `docs` (sorted global document
    numbers) that has it, read only from the blocks holding them."""
    out: dict[int, list[int]] = {}
    decode = _decode_positions
    for leaf, base in reader.leaf_readers():
        n = leaf.doc_count_all()
        lo, hi = np.searchsorted(docs, [base, base + n])
        if lo == hi:
            continue
        wanted = docs[lo:hi] - base
        for ids, values in _leaf_blocks(leaf, fieldname, text, int(wanted[0]), int(wanted[-1])):
            _, hit, _ = np.intersect1d(ids, wanted, assume_unique=True, return_indices=True)
            if not len(hit):
                continue
            vals = values()
            for k in hit.tolist():
                out[int(ids[k]) + base] = decode(vals[k])
    return out


def _decode_positions(value: bytes) -> list[int]:
    """whoosh.formats.Positions.decode_positions, without its per-position
    Python loop: a count, then the pickled list of position gaps."""
    return list(accumulate(pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")))


def _leaf_blocks(leaf, fieldname: str, text: str, first: int, last: int):
    """(ids, values()) of each posting block of a term that may hold a
    document in first..last; values() decodes the block's values."""
    for info, data in _blocks(leaf, fieldname, text, first):
        if info is None:
            yield np.asarray(data[0], dtype=np.int64), (lambda v=data[2]: v)
            return
        ids = _block_ids(data)
        if ids[0] > last:
            return
        packed = is_packed(data)
        yield ids, (lambda d=data, p=packed: split_values(d[2]) if p else d[2])
