"""How posting blocks are laid out on disk: Whoosh's W3 codec, with each
block's document numbers, weights and positions as packed arrays.

Whoosh's own W3 codec pickles every block as tuples of Python objects: one
int per document number, one float per weight, one ``bytes`` per posting's
positions (pickled, in protocol 2, as a call to ``_codecs.encode`` each).
Reading a common syllable's 90,000 postings then costs ~30 ms of unpickling,
and writing them a comparable share of every commit. Here a block is::

    (("t1", first_id, id_type, id_gaps), weights, values)

* ``id_gaps``: the gaps between consecutive document numbers as one
  packed array of unsigned ints (``id_type`` "B", "H" or "I": the smallest
  that holds the largest gap);
* ``weights``: ``None`` when all are 1.0, a float when all are equal, else
  ``(type, packed array)`` ("B"/"H" for whole numbers, "f" otherwise);
* ``values`` (positions): ``(packed end offsets "I", joined bytes)``, or
  as W3 writes them for fixed-size and empty values.

Blocks of fewer than 32 postings (most terms have a handful) keep W3's
layout: packing them costs more time than it saves.

Block statistics, term infos and everything else are W3's own, so Whoosh's
matchers, merges and queries work unchanged, and :mod:`.postings` decodes a
whole posting list with a few numpy calls. Segments written by the plain W3
codec (older indexes) stay readable: each block says which layout it has.
"""
from __future__ import annotations

from array import array
from itertools import accumulate

import numpy as np

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.matching import ListMatcher
from whoosh.system import emptybytes

TAG = "t1"
# Postings per block: larger than W3's 128, so a long posting list is a few
# hundred blocks, not thousands (per-block costs dominate decoding).
BLOCK_LIMIT = 512


def _uint_type(top: int) -> str:
    return "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"


class ArrayPostingsWriter(W3PostingsWriter):
    """W3's postings writer with the block data packed as arrays."""

    # Most posting lists hold a handful of postings: a block of fewer than
    # PACK_FROM is written in W3's own layout (packing it costs more than
    # it saves; measured +1 ms per article at commit), a larger one packed.
    PACK_FROM = 32

    def _packs(self) -> bool:
        return not self._byteids and len(self._ids) >= self.PACK_FROM

    def _mini_ids(self):
        if not self._packs():
            return super()._mini_ids()
        ids = self._ids
        a = np.frombuffer(ids, dtype=np.uint32) if isinstance(ids, array) and ids.itemsize == 4 \
            else np.asarray(ids, dtype=np.uint32)
        gaps = np.diff(a)
        tc = _uint_type(int(gaps.max()))
        return (TAG, int(a[0]), tc, gaps.astype(tc).tobytes())

    def _mini_weights(self):
        if not self._packs():
            return super()._mini_weights()
        w = np.frombuffer(self._weights, dtype=np.float32)
        first = float(w[0])
        if (w == first).all():
            return None if first == 1.0 else first
        if (w == np.floor(w)).all() and w.min() >= 0:
            tc = _uint_type(int(w.max()))
            return (tc, w.astype(tc).tobytes())
        return ("f", w.tobytes())

    def _mini_values(self):
        fixedsize = self._format.fixed_value_size()
        if not self._packs() or not (fixedsize is None or fixedsize < 0):
            return super()._mini_values()
        values = self._values
        ends = np.cumsum([len(v) for v in values], dtype=np.uint32)
        return (ends.tobytes(), emptybytes.join(values))


class ArrayLeafMatcher(W3LeafMatcher):
    """W3's posting reader for blocks of either layout."""

    def _packed(self) -> bool:
        if self._data is None:
            self._read_data()
        return is_packed(self._data)

    # (one block at a time, as Whoosh's matchers and merges read them: the
    # array module, not numpy, whose per-call cost dominates small blocks)
    def _read_ids(self):
        if not self._packed():
            return super()._read_ids()
        _, first, tc, gaps = self._data[0]
        packed = array(tc)
        packed.frombytes(gaps)
        self._ids = list(accumulate(packed, initial=first))

    def _read_weights(self):
        if not self._packed():
            return super()._read_weights()
        w = self._data[1]
        n = self._blocklength
        if w is None or isinstance(w, float):
            self._weights = array("f", [1.0 if w is None else w]) * n
        else:
            tc, packed = w
            values = array(tc)
            values.frombytes(packed)
            self._weights = values if tc == "f" else array("f", values)

    def _read_values(self):
        if not self._packed():
            return super()._read_values()
        vs = self._data[2]
        fixedsize = self._fixedsize
        if fixedsize is None or fixedsize < 0:
            self._values = split_values(vs)
        elif fixedsize == 0:
            self._values = (None,) * self._blocklength
        else:
            self._values = tuple(vs[i:i + fixedsize] for i in range(0, len(vs), fixedsize))


# -- decoding one packed block (also used by .postings) --------------------------
def is_packed(data: tuple) -> bool:
    """Whether a block's unpickled data has this codec's layout."""
    ids = data[0]
    return bool(ids) and isinstance(ids, tuple) and ids[0] == TAG


def decode_ids(packed: tuple) -> np.ndarray:
    _, first, tc, gaps = packed
    ids = np.empty(len(gaps) // np.dtype(tc).itemsize + 1, dtype=np.int64)
    ids[0] = first
    ids[1:] = np.frombuffer(gaps, dtype=tc)
    return np.cumsum(ids, out=ids)


def decode_weights(w, n: int) -> np.ndarray:
    if w is None:
        return np.ones(n, dtype=np.float32)
    if isinstance(w, float):
        return np.full(n, w, dtype=np.float32)
    tc, packed = w
    return np.frombuffer(packed, dtype=tc).astype(np.float32)


def split_values(vs) -> tuple:
    ends_bytes, joined = vs
    ends = array("I")
    ends.frombytes(ends_bytes)
    out = []
    start = 0
    for end in ends:
        out.append(joined[start:end])
        start = end
    return tuple(out)


class ArrayCodec(W3Codec):
    """The codec tracuu writes segments with (see the module docstring).
    Posting blocks are not compressed: most are small, and compressing each
    costs far more time than the space it saves."""

    def __init__(self, blocklimit=BLOCK_LIMIT, compression=0, inlinelimit=1):
        # inlinelimit must stay 1: inlining is broken in Whoosh 2.7
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                   compression=self._compression, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
