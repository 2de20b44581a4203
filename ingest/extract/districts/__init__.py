"""Which districts of Hòa Bình a document is about.

    find_districts(text, title=None, *, year=None, tables=None) -> list[str]
    district_of_address(text, *, year=None) -> str | None

Names are the canonical ones of shared/spec/fields.md. What counts:

* explicit district mentions: "huyện Kim Bôi", "H. Lạc Sơn", lists after
  one keyword ("các huyện: Kim Bôi, Lạc Thủy, …", "huyện Lạc Sơn và Yên
  Thủy"), and a bare district name written as a proper noun ("bưởi Tân Lạc");
* commune mentions: "xã Thung Nai" -> Cao Phong when the gazetteer knows one
  district for it (a commune of old Kỳ Sơn needs the year: Kỳ Sơn until
  2019, Thành phố Hòa Bình from 2020);
* the city only as "thành phố / TP / TP. Hòa Bình" or one of its wards —
  never "tỉnh Hòa Bình", "hồ Hòa Bình", "Thủy điện Hòa Bình", "Báo Hòa
  Bình", "hòa bình" (peace) or a bare "Hòa Bình";

and what does not: the recipients block of an administrative document
("Nơi nhận:", "Kính gửi:"), signature lines, teasers after "Các tin khác",
a mention qualified by another province ("huyện Kỳ Sơn, tỉnh Nghệ An"), and —
in a document about another province (its names dominate) — any district
mentioned only once and without "tỉnh Hòa Bình" beside it.

Modules:

- :mod:`.names` — the gazetteer's names as patterns, and the folded copy of
  a text they are matched on;
- :mod:`.incidental` — the parts of a document that are about nothing
  (teasers, recipients blocks, signature lines);
- :mod:`.mentions` — every district mention in a text, and the Hòa Bình /
  other-province signals;
- :mod:`.document` — the districts a whole document is about;
- :mod:`.address` — the district of one address.
"""
from .address import district_of_address
from .document import find_districts
from .incidental import _CUT_MARKERS as _CUT_MARKERS  # where tests/unit/test_rules_once.py looks for it
from .incidental import strip_incidental
from .mentions import Mention, mentions

__all__ = ["find_districts", "district_of_address", "strip_incidental", "Mention", "mentions"]
