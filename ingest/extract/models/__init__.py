"""Exemplary models (mô hình, điển hình tiên tiến, gương) named in a document.

    find_models(blocks, tables, *, year, doc_districts) -> list[dict]

Each record: ``{"name", "kind", "district", "field", "year", "sentence"}``
with kind one of "cá nhân" (a person), "tập thể" (a collective or unit)
and "mô hình" (a named initiative or way of working); the text's own words
("gương", "điển hình tiên tiến", "ĐHTT") decide nothing by themselves.

Where models come from:

* prose: "mô hình nuôi cá lồng trên hồ Hòa Bình của HTX Thủy sản Bình
  Thanh (xã Thung Nai)", "gương dũng cảm cứu người của anh Bùi Văn Nam",
  "HTX … được công nhận là điển hình tiên tiến"; a prose mention needs
  something specific in its name (a proper noun, an owner, a quoted name) —
  "các mô hình, ĐHTT tiêu biểu" or "nhân rộng mô hình" are not models;
* lists introduced by a colon after a model word ("các mô hình: A; B và
  C", "5 điển hình tiêu biểu, gồm: …"), split into items — but not a list
  of fields ("… về các lĩnh vực: QP-AN; …");
* annex tables ("Danh sách mô hình, điển hình tiên tiến": STT | Tên |
  Địa chỉ/Đơn vị | Lĩnh vực …), columns found by their header text (merged
  or missing header rows tolerated), section rows ("I. TẬP THỂ", "Huyện
  Cao Phong") carried down.

The district is the model's own (its address, the row's address cell, the
text right around it); the document's district only when the document is
about exactly one. The year is one stated near the model, else `year`.
Records are deduplicated by folded name.

Modules:

- :mod:`.names` — what a name is: a person or an organisation, the kind it
  gives, the cleaned and folded forms;
- :mod:`.context` — what a model takes from the text around it: year,
  field, district;
- :mod:`.prose` — models named in sentences;
- :mod:`.praise` — the subject a sentence praises, awards or recognises;
- :mod:`.mentions` — the full name a short reference ("Chị Nhung",
  "HTX", "Mô hình") stands for, from earlier in the document;
- :mod:`.lists` — lists of models after a colon;
- :mod:`.tables` — models in annex tables and in tables written as text;
- :mod:`.document` — all of a document's models, deduplicated.
"""
from .document import find_models
from .names import KINDS

__all__ = ["KINDS", "find_models"]
