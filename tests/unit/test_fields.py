"""Field classification (ingest.extract.fields) and its data file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.extract import fields
from ingest.extract.districts import strip_incidental
from ingest.extract.fields import classify, field_of_text, labels

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "extraction_cases"

SEED_FIELDS = {"qp-an", "ntm", "gd-dt", "nong-nghiep", "kinh-te", "nguoi-tot", "lao-dong"}


def seed_body(seed: Path) -> str:
    lines = seed.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.strip() == "Các tin khác")
    return "\n".join(lines[:cut])


def test_labels_are_the_twelve_spec_codes():
    assert labels() == {
        "qp-an": "Quốc phòng – An ninh", "ntm": "Xây dựng nông thôn mới",
        "nong-nghiep": "Nông nghiệp – Nông dân sản xuất giỏi",
        "kinh-te": "Sản xuất – Kinh doanh, Doanh nghiệp, Du lịch", "gd-dt": "Giáo dục – Đào tạo",
        "y-te": "Y tế", "van-hoa": "Văn hóa – Thể thao – Xã hội",
        "lao-dong": "Lao động giỏi, Lao động sáng tạo",
        "nguoi-tot": "Người tốt việc tốt, Gương dũng cảm",
        "xd-dang": "Xây dựng Đảng, Chính quyền, Dân vận", "giam-ngheo": "Giảm nghèo, An sinh xã hội",
        "moi-truong": "Tài nguyên – Môi trường"}


def test_data_file_has_a_source_note_and_no_bare_an():
    text = (ROOT / "ingest" / "extract" / "data" / "fields.tsv").read_text(encoding="utf-8")
    assert text.startswith("#") and "Source" in text.split("\n\n")[0]
    phrases = [line.split("\t")[2] for line in text.splitlines() if line and not line.startswith("#")]
    assert "an" not in phrases and "AN" not in phrases and "trường" not in phrases


def test_seed_gives_exactly_its_seven_fields(seed_path):
    codes, evidence = classify(seed_body(seed_path))
    assert set(codes) == SEED_FIELDS
    assert len(codes) == 7
    assert "QP-AN" in evidence["qp-an"]
    assert any("NTM" in w for w in evidence["ntm"])
    assert "GD&ĐT" in evidence["gd-dt"]


def test_seed_boilerplate_does_not_assign_party_culture_environment(seed_path):
    scores = fields.scores(seed_body(seed_path))
    # "cấp ủy Đảng, chính quyền, mặt trận, đoàn thể", "tổ chức Đảng đạt TSVM",
    # "sinh hoạt văn hóa cộng đồng", "Tạo môi trường thuận lợi", "KT - XH"
    for code in ("xd-dang", "van-hoa", "moi-truong"):
        assert scores.get(code, 0) < fields.THRESHOLD


def test_evidence_counts_every_occurrence():
    text = ("Năm 2019, huyện có thêm 3 xã đạt chuẩn nông thôn mới. Phong trào chung sức xây dựng "
            "nông thôn mới lan tỏa; các tiêu chí NTM được duy trì. Nhân dân hiến đất xây dựng NTM.")
    codes, ev = classify(text)
    assert codes == ["ntm"]
    # the phrases as written, once per occurrence (longest phrase where they overlap)
    assert ev["ntm"] == ["đạt chuẩn nông thôn mới", "chung sức xây dựng nông thôn mới", "tiêu chí NTM",
                         "hiến đất", "xây dựng NTM"]


def test_one_incidental_mention_is_not_a_field():
    text = ("Năm 2020, xã Bắc Phong được công nhận đạt chuẩn nông thôn mới. Nhân dân đóng góp hơn 3 tỷ "
            "đồng làm đường giao thông nông thôn; an ninh trật tự được giữ vững.")
    codes, _ = classify(text)
    assert "ntm" in codes and "qp-an" not in codes


def test_a_list_of_fields_assigns_each():
    text = ("UBND tỉnh công nhận 9 mô hình về các lĩnh vực: QP-AN; y tế cơ sở; giảm nghèo; "
            "bảo vệ môi trường.")
    codes, _ = classify(text)
    assert set(codes) == {"qp-an", "y-te", "giam-ngheo", "moi-truong"}


@pytest.mark.parametrize("text,absent", [
    ("Công an xã phối hợp tuyên truyền.", "qp-an"),                 # one weak word
    ("Ông An là nông dân ở xóm Mới. An cùng vợ làm ăn.", "qp-an"),    # "an" alone never counts
    ("Các bạn trẻ tạo môi trường thuận lợi để học hỏi.", "moi-truong"),
    ("Anh học trường nghề rồi về quê.", "gd-dt"),                   # "trường" alone
    ("Bảo đảm an ninh lương thực trong mùa mưa lũ.", "qp-an"),
])
def test_words_that_must_not_fire(text, absent):
    assert absent not in classify(text)[0]
    assert fields.scores(text).get(absent, 0) < fields.THRESHOLD


@pytest.mark.parametrize("text,code", [
    ("Trường THPT Lạc Sơn và nhà trường phối hợp với hội khuyến học", "gd-dt"),
    ("Giữ vững an ninh trật tự, xây dựng lực lượng dân quân tự vệ vững mạnh", "qp-an"),
    ("Quốc phòng - an ninh được bảo đảm; QP - AN là nhiệm vụ trọng tâm", "qp-an"),
    ("Hội viên nông dân SX-KD giỏi, chăn nuôi bò và trồng cây ăn quả", "nong-nghiep"),
    ("Sản phẩm OCOP 3 sao, phát triển du lịch cộng đồng, homestay", "kinh-te"),
])
def test_signals_fire(text, code):
    assert code in classify(text)[0]


def test_abbreviation_variants():
    for t in ("GD&ĐT", "GD-ĐT", "GD - ĐT", "GDĐT"):
        assert field_of_text(t) == "gd-dt", t
    for t in ("SX-KD", "SXKD"):
        assert field_of_text(t) == "kinh-te", t
    # case matters for abbreviations
    assert field_of_text("ntm") is None


def test_title_counts_double():
    assert classify("Nhiều hộ dân tham gia.", title="Nông thôn mới ở Cao Phong")[0] == ["ntm"]


def test_text_without_diacritics():
    codes, _ = classify("Xa dat chuan nong thon moi, phong trao xay dung nong thon moi lan toa")
    assert codes == ["ntm"]


def test_annex_tables_count_like_a_list():
    table = [["STT", "Tên", "Địa chỉ", "Lĩnh vực"],
             ["1", "Trường Mầm non Phú Lai", "xã Phú Lai", "Giáo dục"],
             ["2", "Bà Hà Thị Nguyệt", "xã Chiềng Châu", "Du lịch cộng đồng"]]
    codes, _ = classify("Điều 1. Công nhận 02 điển hình tiên tiến (có danh sách kèm theo).", tables=[table])
    assert set(codes) == {"gd-dt", "kinh-te"}


@pytest.mark.parametrize("text,code", [
    ("Nông nghiệp", "nong-nghiep"), ("Giáo dục", "gd-dt"), ("Người tốt việc tốt", "nguoi-tot"),
    ("Xây dựng NTM", "ntm"), ("Quốc phòng – An ninh", "qp-an"), ("An ninh trật tự", "qp-an"),
    ("Y tế", "y-te"), ("Văn hóa", "van-hoa"), ("Du lịch cộng đồng", "kinh-te"),
    ("Dân vận khéo", "xd-dang"), ("Giảm nghèo", "giam-ngheo"), ("Môi trường", "moi-truong"),
    ("Lao động sáng tạo", "lao-dong"), ("Nông dân SX-KD giỏi", "nong-nghiep"),
    ("Mô hình nuôi cá lồng trên hồ Hòa Bình của HTX Thủy sản Bình Thanh", "nong-nghiep"),
    ("Gương dũng cảm cứu người của anh Quách Văn Hiệp", "nguoi-tot"),
    ("Ông Bùi Văn Nam", None),
])
def test_field_of_text(text, code):
    assert field_of_text(text) == code


def test_labelled_cases_precision_and_recall():
    tp = fp = fn = 0
    wrong = []
    for jf in sorted(CASES.glob("*.json")):
        exp = json.loads(jf.read_text(encoding="utf-8"))
        txt = jf.with_suffix(".txt")
        if "fields" not in exp or not txt.exists():
            continue
        title, _, text = txt.read_text(encoding="utf-8").partition("\n")
        got = set(classify(strip_incidental(text), title)[0])
        want = set(exp["fields"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if got != want:
            wrong.append((jf.stem, sorted(got), sorted(want)))
    assert tp > 40, "the labelled cases are missing"
    assert tp / (tp + fp) >= 0.9 and tp / (tp + fn) >= 0.9, wrong
