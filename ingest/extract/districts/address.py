"""The district of one address: `district_of_address`.

Used for a model's own address or a table's address cell ("xã Thung Nai,
huyện Cao Phong" -> "Cao Phong"): an explicit district wins over a
commune's, and nothing is inferred from the rest of the document.
"""
from __future__ import annotations

from ingest.vietnamese.normalize import normalize

from .mentions import mentions


def district_of_address(text: str, *, year: int | None = None) -> str | None:
    """The district of a model's own address ("xã Thung Nai, huyện Cao Phong"
    -> "Cao Phong"; "Trường PTDTNT THPT tỉnh" -> None). An explicit district
    wins over a commune's; None when nothing in the text names one."""
    if not text:
        return None
    t = normalize(text)
    found, _, _ = mentions(t, year=year)
    if not found:
        return None
    explicit = [m for m in found if m.kind in ("district", "list", "city")]
    if explicit:
        return explicit[0].district
    communes = [m for m in found if m.kind == "commune"]
    if communes:
        return communes[0].district
    return found[0].district
