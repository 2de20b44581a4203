"""Vietnamese text rules: normalization, tone placement, folding, segmentation."""
import unicodedata

import pytest

from ingest.vietnamese import fold, has_diacritics, normalize, segment
from ingest.vietnamese.abbreviations import curated, find_definitions
from ingest.vietnamese.docnumbers import normalize_number, number_key
from ingest.vietnamese.syllable import is_syllable


@pytest.mark.parametrize("new,old", [
    ("hoà", "hòa"), ("Hoà Bình", "Hòa Bình"), ("HOÀ", "HÒA"), ("thuỷ", "thủy"), ("Lạc Thuỷ", "Lạc Thủy"),
    ("khoẻ", "khỏe"), ("Uỷ ban", "Ủy ban"), ("Thuỵ", "Thụy"), ("hoá", "hóa"), ("xoè", "xòe"), ("tuỳ", "tùy"),
])
def test_tone_placement_is_unified(new, old):
    assert normalize(new) == old
    assert normalize(old) == old


@pytest.mark.parametrize("word", ["quý", "quỳ", "hoàng", "toàn", "khuyến", "thuyền", "hòa"])
def test_tone_placement_leaves_other_syllables(word):
    assert normalize(word) == word


def test_nfd_input_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoà, Đà Bắc")
    assert decomposed != "Nguyễn Thị Hoà, Đà Bắc"
    assert normalize(decomposed) == "Nguyễn Thị Hòa, Đà Bắc"


def test_whitespace_and_invisible_characters():
    assert normalize("  Hòa\u00a0Bình\u200b  \n\n\n\nĐà  Bắc ") == "Hòa Bình\n\nĐà Bắc"
    assert normalize("ðảng") == "đảng"


def test_fold():
    assert fold("Hòa Bình") == "hoa binh"
    assert fold("Đà Bắc") == "da bac"
    assert fold("Lạc Thuỷ") == "lac thuy"
    assert has_diacritics("Hòa") and not has_diacritics("hoa binh")


def test_segmentation_joins_words_and_domain_terms():
    words = segment("UBND tỉnh công nhận mô hình xây dựng nông thôn mới tại huyện Kỳ Sơn")
    assert "mô_hình" in words
    assert "nông_thôn_mới" in words
    assert "công_nhận" in words
    assert all(" " not in w for w in words)


def test_a_line_in_capitals_gives_the_words_of_its_text_in_any_case():
    caps = segment("QUYẾT ĐỊNH CÔNG NHẬN MÔ HÌNH ĐIỂN HÌNH TIÊN TIẾN HUYỆN LẠC SƠN")
    assert caps == segment("quyết định công nhận mô hình điển hình tiên tiến huyện lạc sơn")
    assert "huyện" in caps                 # not glued into tiên_tiến_huyện
    assert segment("UBND tỉnh") == ["UBND", "tỉnh"]      # capitals inside a line stay


def test_segmentation_normalizes_tone_placement():
    assert segment("Hoà Bình") == segment("Hòa Bình")


def test_syllable_shape():
    assert is_syllable("an") and is_syllable("nghiêng") and is_syllable("Thủy")
    assert not is_syllable("ntm") and not is_syllable("ubnd") and not is_syllable("cb")


def test_abbreviations_both_ways():
    table = curated()
    assert table.expand("ĐHTT") == ["điển hình tiên tiến"]
    assert table.expand("dhtt") == ["điển hình tiên tiến"]
    assert table.expand("an") == []          # a word, not "AN"
    assert "NTM" in table.abbreviations_for(("nông", "thôn", "mới"))


def test_definitions_made_by_a_text():
    text = "UBND tỉnh công nhận 12 mô hình, điển hình tiên tiến (ĐHTT) và hợp tác xã (HTX) Tân Lập"
    assert find_definitions(text) == {"ĐHTT": "điển hình tiên tiến", "HTX": "hợp tác xã"}


@pytest.mark.parametrize("typed,normal", [
    ("Số: 1234/QĐ-UBND", "1234/QĐ-UBND"), ("162 / kh - ubnd", "162/KH-UBND"),
    ("1234/QD-UBND", "1234/QĐ-UBND"), ("12/2023/QĐ-UBND", "12/2023/QĐ-UBND"),
])
def test_document_numbers(typed, normal):
    assert normalize_number(typed) == normal
    assert number_key(normal) == number_key(typed.replace("Số:", ""))


def test_invisible_character_between_letter_and_mark():
    # found by the fuzz test: a zero-width space kept "H" and its dot apart
    assert normalize("H\u200b\u0323") == "Ḥ"
    assert normalize(normalize("H\u200b\u0323")) == normalize("H\u200b\u0323")
