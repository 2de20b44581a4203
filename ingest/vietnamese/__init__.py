"""Vietnamese text rules, in one place, for indexing and querying alike.

- :mod:`.normalize` — NFC, canonical tone placement, white space, folding
- :mod:`.segment` — underthesea word segmentation with a content-hash cache
- :mod:`.syllable` — the shape of a Vietnamese syllable
- :mod:`.abbreviations` — the abbreviation dictionary, both ways
- :mod:`.gazetteer` — districts and communes of Hòa Bình, with history
- :mod:`.datelines` — date patterns and the one rule for a date line
- :mod:`.headings` — headings of related / most-read news boxes
- :mod:`.doctypes` — document types: code, name, number symbol

Data files (with their sources) are in ``data/``.
"""
from .normalize import fold, has_diacritics, normalize
from .segment import segment

__all__ = ["fold", "has_diacritics", "normalize", "segment"]
