"""Model extraction (ingest.extract.models)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.extract.districts import find_districts, strip_incidental
from ingest.extract.models import KINDS, find_models
from ingest.vietnamese.normalize import fold

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "extraction_cases"


def by_name(records):
    return {r["name"]: r for r in records}


def test_prose_model_with_its_own_address():
    blocks = ["Năm 2017, mô hình nuôi cá lồng trên hồ Hòa Bình của HTX Thủy sản Bình Thanh, xã Thung Nai, "
              "huyện Cao Phong đã mang lại thu nhập ổn định cho 30 hộ xã viên."]
    [m] = find_models(blocks, [], year=2018, doc_districts=["Kim Bôi", "Cao Phong"])
    assert m["name"] == "Mô hình nuôi cá lồng trên hồ Hòa Bình của HTX Thủy sản Bình Thanh"
    assert m["kind"] == "mô hình"
    assert m["district"] == "Cao Phong"           # its address, not the document's first district
    assert m["field"] == "nong-nghiep"
    assert m["year"] == 2017                      # stated near it
    assert m["sentence"] == blocks[0]


def test_guong_and_dhtt_in_prose():
    blocks = [
        "Tỉnh biểu dương gương dũng cảm cứu người của anh Bùi Văn Nam (xóm Mới, xã Đú Sáng, huyện Kim Bôi) "
        "khi cứu 2 cháu nhỏ bị đuối nước.",
        "HTX Nông nghiệp Tân Hưng (xã Tân Lập, huyện Lạc Sơn) được UBND tỉnh công nhận là điển hình tiên "
        "tiến trong phong trào nông dân SX-KD giỏi.",
        "Anh Đinh Công Minh, kỹ sư Phân xưởng Sửa chữa, được công nhận là điển hình tiên tiến với 3 sáng kiến.",
    ]
    ms = by_name(find_models(blocks, [], year=2019, doc_districts=[]))
    # the example a person sets is the person: "gương … của anh Bùi Văn Nam" is anh Bùi Văn Nam
    assert set(ms) == {"Anh Bùi Văn Nam", "HTX Nông nghiệp Tân Hưng", "Anh Đinh Công Minh"}
    g = ms["Anh Bùi Văn Nam"]
    assert (g["kind"], g["district"], g["field"], g["year"]) == ("cá nhân", "Kim Bôi", "nguoi-tot", 2019)
    assert "gương dũng cảm cứu người" in g["sentence"]
    h = ms["HTX Nông nghiệp Tân Hưng"]
    assert (h["kind"], h["district"], h["field"]) == ("tập thể", "Lạc Sơn", "nong-nghiep")
    assert ms["Anh Đinh Công Minh"]["kind"] == "cá nhân"
    assert ms["Anh Đinh Công Minh"]["district"] is None


def test_a_named_person_and_a_deed():
    blocks = ["Ngày 5/6/2023, em Bùi Văn An, học sinh lớp 8 Trường THCS Nam Thượng (huyện Kim Bôi), "
              "đã dũng cảm lao xuống suối cứu một bạn nhỏ bị đuối nước."]
    [m] = find_models(blocks, [], year=2023, doc_districts=[])
    assert (m["name"], m["kind"], m["district"], m["field"]) == ("Em Bùi Văn An", "cá nhân", "Kim Bôi", "nguoi-tot")


def test_every_model_has_one_of_three_kinds():
    blocks = ["Tỉnh biểu dương gương dũng cảm cứu người của anh Bùi Văn Nam (xóm Mới, xã Đú Sáng).",
              "HTX Nông nghiệp Tân Hưng được công nhận là điển hình tiên tiến.",
              "Huyện nhân rộng mô hình nuôi cá lồng của HTX Thủy sản Bình Thanh (xã Thung Nai).",
              "Các điển hình tiêu biểu gồm: ông Bùi Văn Hùng (xóm Bưng); Trường Tiểu học Phú Lão."]
    table = [["STT", "Tên điển hình", "Địa chỉ"], ["1", "Bà Quách Thị Lan", "xã Ân Nghĩa"],
             ["2", "Chi hội Nông dân xóm Mới", "xã Đú Sáng"]]
    ms = find_models(blocks, [table], year=2019, doc_districts=[])
    assert len(ms) >= 6
    kinds = {m["name"]: m["kind"] for m in ms}
    assert set(kinds.values()) <= {"cá nhân", "tập thể", "mô hình"}, kinds
    assert kinds["Bà Quách Thị Lan"] == "cá nhân" and kinds["Chi hội Nông dân xóm Mới"] == "tập thể"
    assert kinds["Trường Tiểu học Phú Lão"] == "tập thể"


def test_list_after_cac_mo_hinh():
    blocks = ["UBND huyện giới thiệu các mô hình: trồng bưởi đỏ của ông Bùi Văn Hùng (xã Ân Nghĩa, huyện "
              "Lạc Sơn); nuôi ong lấy mật của HTX Ong mật Sơn Thủy (xã Sơn Thủy, huyện Mai Châu); "
              "camera an ninh của Công an xã Vụ Bản (thị trấn Vụ Bản)."]
    ms = find_models(blocks, [], year=2018, doc_districts=["Lạc Sơn", "Mai Châu"])
    assert [m["name"] for m in ms] == ["Mô hình trồng bưởi đỏ của ông Bùi Văn Hùng",
                                       "Mô hình nuôi ong lấy mật của HTX Ong mật Sơn Thủy",
                                       "Mô hình camera an ninh của Công an xã Vụ Bản"]
    assert [m["district"] for m in ms] == ["Lạc Sơn", "Mai Châu", "Lạc Sơn"]
    assert [m["field"] for m in ms] == ["nong-nghiep", "nong-nghiep", "qp-an"]
    assert all(m["kind"] == "mô hình" and m["year"] == 2018 for m in ms)


def test_gom_list_with_commas():
    blocks = ["Năm 2020, huyện Yên Thủy có 3 điển hình tiên tiến, gồm: HTX Nông nghiệp Lạc Thịnh, "
              "Trường Mầm non Phú Lai và ông Đinh Văn Tùng (xã Bảo Hiệu)."]
    ms = find_models(blocks, [], year=2020, doc_districts=["Yên Thủy"])
    assert [(m["name"], m["kind"]) for m in ms] == [("HTX Nông nghiệp Lạc Thịnh", "tập thể"),
                                                     ("Trường Mầm non Phú Lai", "tập thể"),
                                                     ("Ông Đinh Văn Tùng", "cá nhân")]
    assert {m["district"] for m in ms} == {"Yên Thủy"}   # the document is about one district


@pytest.mark.parametrize("sentence", [
    "Để thực hiện hiệu quả việc nhân rộng các mô hình, ĐHTT tiêu biểu, UBND tỉnh đề ra một số giải pháp sau:",
    "UBND tỉnh ban hành Kế hoạch số 162/KH-UBND về triển khai nhân rộng mô hình, ĐHTT.",
    "Năm 2017, UBND tỉnh công nhận 12 mô hình, điển hình tiên tiến (ĐHTT) về các lĩnh vực: QP-AN; chung sức "
    "xây dựng NTM; một số mô hình trong lĩnh vực GD&ĐT; gương dũng cảm cứu người.",
    "Huyện có 45 mô hình \"Dân vận khéo\" được công nhận.",
    "Tạo môi trường thuận lợi để các mô hình, ĐHTT phát huy, được giới thiệu mô hình trong cộng đồng.",
    "Phát huy vai trò nêu gương học tập và là nòng cốt trong các phong trào thi đua.",
    "Nhiều mô hình kinh tế hiệu quả đã được nhân rộng.",
])
def test_generic_phrases_are_not_models(sentence):
    assert find_models([sentence], [], year=2017, doc_districts=[]) == []


def test_seed_names_no_specific_model(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    body = text[: text.index("Các tin khác")]
    blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
    assert find_models(blocks, [], year=2018, doc_districts=find_districts(body)) == []


def test_annex_table_with_header_sections_and_row_addresses():
    table = [
        ["STT", "Tên tập thể, cá nhân", "Địa chỉ/Đơn vị", "Lĩnh vực"],
        ["I", "TẬP THỂ", "", ""],
        ["1", "HTX Thủy sản Bình Thanh", "Xã Thung Nai, huyện Cao Phong", "Nông nghiệp"],
        ["2", "Trường PTDTNT THPT tỉnh", "Sở Giáo dục và Đào tạo", "Giáo dục"],
        ["II", "CÁ NHÂN", "", ""],
        ["3", "Ông Bùi Văn Nam", "Xóm Mới, xã Đú Sáng, H. Kim Bôi", "Người tốt việc tốt"],
        ["4", "Bà Đinh Thị Lan", "xã Mông Hóa, huyện Kỳ Sơn", "Xây dựng NTM"],
        ["", "Tổng cộng: 04", "", ""],
    ]
    ms = find_models([], [table], year=2018, doc_districts=["Cao Phong", "Kim Bôi"])
    got = [(m["name"], m["kind"], m["district"], m["field"], m["year"]) for m in ms]
    assert got == [
        ("HTX Thủy sản Bình Thanh", "tập thể", "Cao Phong", "nong-nghiep", 2018),
        ("Trường PTDTNT THPT tỉnh", "tập thể", None, "gd-dt", 2018),
        ("Ông Bùi Văn Nam", "cá nhân", "Kim Bôi", "nguoi-tot", 2018),
        ("Bà Đinh Thị Lan", "cá nhân", "Kỳ Sơn", "ntm", 2018),
    ]
    assert ms[0]["sentence"] == "1 | HTX Thủy sản Bình Thanh | Xã Thung Nai, huyện Cao Phong | Nông nghiệp"


def test_annex_table_header_over_two_rows_and_columns_in_another_order():
    table = [
        ["Lĩnh vực", "TT", "Tên mô hình", ""],
        ["", "", "", "Địa chỉ (đơn vị)"],
        ["Môi trường", "1", "Mô hình \"Thu gom rác thải nhựa đổi quà\" của Đoàn Thanh niên thị trấn Chi Nê",
         "huyện Lạc Thủy"],
        ["Quốc phòng - An ninh", "2", "Tổ tự quản về an ninh trật tự xóm Chiềng", "xã Tân Lập, huyện Lạc Sơn"],
    ]
    ms = find_models([], [table], year=2021, doc_districts=[])
    assert [(m["name"][:20], m["kind"], m["district"], m["field"]) for m in ms] == [
        ("Mô hình \"Thu gom rác", "mô hình", "Lạc Thủy", "moi-truong"),
        ("Tổ tự quản về an nin", "tập thể", "Lạc Sơn", "qp-an"),
    ]


def test_table_without_header_and_tables_written_as_text():
    block = ("DANH SÁCH MÔ HÌNH TIÊU BIỂU NĂM 2019\n"
             "1 | Mô hình trồng cam VietGAP của HTX Cam Thu Phong | xã Thu Phong, huyện Cao Phong | Nông nghiệp\n"
             "2 | Mô hình \"Khu dân cư tự quản\" của xóm Bưa Cầu | xã Tân Minh, huyện Đà Bắc | An ninh trật tự")
    ms = find_models([block], [], year=2019, doc_districts=[])
    assert [(m["district"], m["field"]) for m in ms] == [("Cao Phong", "nong-nghiep"), ("Đà Bắc", "qp-an")]


def test_dedup_by_folded_name_and_shorter_mentions():
    blocks = ['Mô hình "Camera an ninh" của Công an xã Hòa Sơn (huyện Lương Sơn) đã giúp giữ vững an ninh.',
              'MÔ HÌNH "CAMERA AN NINH" CỦA CÔNG AN XÃ HÒA SƠN được nhân rộng.',
              'Huyện sẽ nhân rộng mô hình "Camera an ninh" ra các xã.']
    table = [["STT", "Tên mô hình", "Địa chỉ", "Lĩnh vực"],
             ["1", "Mô hình \"Camera an ninh\" của Công an xã Hòa Sơn", "huyện Lương Sơn", "An ninh"]]
    ms = find_models(blocks, [table], year=2021, doc_districts=["Lương Sơn"])
    assert len(ms) == 1
    assert fold(ms[0]["name"]) == fold('Mô hình "Camera an ninh" của Công an xã Hòa Sơn')
    assert ms[0]["district"] == "Lương Sơn"


def test_document_district_only_when_exactly_one():
    block = ['Mô hình "Bác sĩ gia đình" của Trạm Y tế xã được người dân đánh giá cao.']
    assert find_models(block, [], year=2019, doc_districts=["Mai Châu"])[0]["district"] == "Mai Châu"
    assert find_models(block, [], year=2019, doc_districts=["Mai Châu", "Đà Bắc"])[0]["district"] is None


def test_records_have_the_interface_keys():
    ms = find_models(["Mô hình trồng cam của ông Bùi Văn Hùng ở xã Thu Phong cho lãi cao."], [],
                     year=None, doc_districts=[])
    assert ms and set(ms[0]) == {"name", "kind", "district", "field", "year", "sentence"}
    assert ms[0]["kind"] in KINDS and ms[0]["year"] is None and ms[0]["district"] == "Cao Phong"


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\"“”'().,;:\-–]", " ", fold(name))).strip()


def test_labelled_cases_precision_and_recall():
    tp = fp = fn = 0
    attr_ok = attr_all = 0
    wrong = []
    for jf in sorted(CASES.glob("*.json")):
        exp = json.loads(jf.read_text(encoding="utf-8"))
        txt = jf.with_suffix(".txt")
        if "models" not in exp or not txt.exists():
            continue
        title, _, text = txt.read_text(encoding="utf-8").partition("\n")
        body = strip_incidental(text)
        years = [int(y) for y in re.findall(r"(?<!\d)(20[0-4]\d)(?!\d)", body)]
        year = max(set(years), key=lambda y: (years.count(y), -years.index(y))) if years else None
        blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
        got = {_key(m["name"]): m for m in find_models(blocks, [], year=year,
                                                        doc_districts=find_districts(text, title))}
        want = {_key(m["name"]): m for m in exp["models"]}
        tp, fp, fn = tp + len(set(got) & set(want)), fp + len(set(got) - set(want)), fn + len(set(want) - set(got))
        for k in set(got) & set(want):
            for a in ("district", "field", "year"):
                attr_all += 1
                attr_ok += got[k][a] == want[k][a]
        if set(got) != set(want):
            wrong.append((jf.stem, sorted(set(got) - set(want)), sorted(set(want) - set(got))))
    assert tp > 20, "the labelled cases are missing"
    assert tp / (tp + fp) >= 0.85 and tp / (tp + fn) >= 0.85, wrong
    assert attr_ok / attr_all >= 0.9


def test_statistics_and_award_tables_hold_no_models():
    from ingest.extract.models.tables import _table_models

    figures = [["Huyện", "Số hộ nghèo đầu năm 2023", "Số hộ thoát nghèo 6 tháng", "Tỷ lệ hộ nghèo ước tính (%)"],
               ["Đà Bắc", "4.215", "402", "25,10"], ["Mai Châu", "2.736", "289", "18,36"]]
    awards = [["Hình thức khen thưởng", "Tập thể", "Cá nhân"], ["Huân chương Lao động các hạng", "3", "2"],
              ["Bằng khen của Thủ tướng Chính phủ", "6", "11"], ["Chiến sĩ thi đua cấp tỉnh", "-", "64"]]
    models = [["STT", "Tên mô hình", "Đơn vị", "Năm"],
              ["1", "Mô hình nuôi cá lồng", "HTX Thủy sản Bình Thanh, xã Thung Nai, huyện Cao Phong", "2019"],
              ["2", "Mô hình trồng cam", "xã Tây Phong, huyện Cao Phong", "2019"]]
    assert _table_models(figures, 2023, None) == []
    assert _table_models(awards, 2019, None) == []
    assert [m["name"] for m in _table_models(models, 2019, None)] == ["Mô hình nuôi cá lồng", "Mô hình trồng cam"]


def test_a_model_name_ends_before_the_clause_after_its_owner():
    from ingest.extract.models.prose import _trim_name

    assert _trim_name("mô hình nuôi cá lồng của HTX Thủy sản Bình Thanh từng") == \
        "mô hình nuôi cá lồng của HTX Thủy sản Bình Thanh"
    assert _trim_name('mô hình "Chung sức xây dựng NTM" của xã Nam Thượng với hơn 8.000') == \
        'mô hình "Chung sức xây dựng NTM" của xã Nam Thượng'


def test_business_science_and_scale_senses_and_officials_are_no_models():
    from ingest.extract.models.prose import _prose_models

    for s in ("Theo WSJ, mô hình kinh doanh của Ant bị các nhà lãnh đạo Trung Quốc xem xét lại.",
              "Theo các mô hình dự đoán từ Viện Đo lường và Đánh giá Y tế của Đại học Washington, số ca tăng.",
              "Ông Hùng thực hiện mô hình đình Hữu Bằng bằng gỗ \"phiên bản siêu nhỏ\"."):
        assert _prose_models(s, 2021) == [], s
    got = _prose_models("Ông Bùi Ngọc Cẩm - Chủ tịch xã Tiên Cẩm xác nhận em Nguyễn Văn An đã dũng cảm "
                        "lao xuống suối cứu hai em nhỏ.", 2021)
    assert [m["name"] for m in got] == ["Em Nguyễn Văn An"]     # the hero, not the official


def test_a_subject_praised_awarded_or_recognised_in_a_sentence():
    from ingest.extract.models.prose import _prose_models

    def names(s):
        return [(m["name"], m["kind"]) for m in _prose_models(s, 2021)]
    assert names("Chị Đinh Thị Mơ, xóm Khả, xã Văn Sơn được Hội Nông dân tỉnh biểu dương là hộ nông dân "
                 "SX-KD giỏi năm 2021.") == [("Chị Đinh Thị Mơ", "cá nhân")]
    assert names("Trạm Y tế xã Ngọc Lâu được Sở Y tế công nhận đạt Bộ tiêu chí quốc gia về y tế xã.") == \
        [("Trạm Y tế xã Ngọc Lâu", "tập thể")]
    assert names("Năm 2021, xã Tự Do được UBND tỉnh công nhận đạt chuẩn nông thôn mới.") == [("Xã Tự Do", "tập thể")]
    assert names("Tiêu biểu cho phong trào là anh Bùi Văn Sơn ở xóm Đá, người trồng 4 ha cam.") == \
        [("Anh Bùi Văn Sơn", "cá nhân")]
    # not praise of the subject, or no named subject
    assert names("Năm 2021, xã Tự Do đặt mục tiêu đạt chuẩn nông thôn mới nâng cao.") == []
    assert names("Phường Hữu Nghị có 95% số hộ đạt danh hiệu gia đình văn hóa.") == []
    assert names("Cô ấy là gương mặt quen thuộc của màn ảnh.") == []
    assert names("Ông Nguyễn Văn Tư, Chủ tịch UBND huyện trao Bằng khen cho các tập thể.") == []


def _names(blocks):
    return {m["name"]: m for m in find_models(blocks, [], year=2022, doc_districts=[])}


def test_a_short_reference_is_the_full_name_given_before():
    ms = _names(["Chị Bùi Thị Nhung, xóm Mới, xã Ân Nghĩa (Lạc Sơn) làm y sĩ thôn bản đã 12 năm.",
                 "Chị Nhung là một trong 10 cá nhân được Chủ tịch UBND tỉnh tặng Bằng khen năm 2021.",
                 "HTX Nông nghiệp Cam sạch Bắc Phong có 30 xã viên. HTX được công nhận là ĐHTT năm 2018.",
                 "Ông Quách Văn Khẩn ở xóm Nội trồng cam. Ông được Sở Y tế biểu dương là người tận tụy."])
    assert set(ms) == {"Bùi Thị Nhung", "HTX Nông nghiệp Cam sạch Bắc Phong", "Quách Văn Khẩn"}, ms
    assert ms["Bùi Thị Nhung"]["district"] == "Lạc Sơn"          # from where she was named in full
    assert ms["HTX Nông nghiệp Cam sạch Bắc Phong"]["kind"] == "tập thể"


def test_who_a_short_reference_is_not():
    # a bare "ông" reaches only a few sentences back, never an official, never a noun ("Anh trai")
    assert _names(["Ông Bùi Văn An, Chủ tịch UBND xã, cho biết xã có 12 hộ nghèo.",
                   "Ông được Huyện ủy biểu dương."]) == {}
    assert _names(["Anh Nguyễn Văn Long học nghề điện.", "Anh trai là tấm gương để tôi cố gắng."]) == {}
    # a person's name on a prize is no person; "Năm" is not "Nam"
    assert _names(["TS Hồ Văn Nam nhận Giải thưởng Tạ Quang Bửu.", "Năm 2022 được Bộ tặng Bằng khen."]) == {}


def test_the_praised_subject_not_the_speaker_nor_the_workplace():
    ms = _names(["Chị Đỗ Thị Thu Trang, tổ trưởng tổ may số 3, Công ty TNHH Dệt may Phương Lâm là một trong "
                 "những gương mặt được tuyên dương.",
                 "Ông Hà Văn Tuân, Chủ tịch Hội Nông dân huyện cho biết: Năm 2022, toàn huyện có 3.120 hộ đạt "
                 "danh hiệu nông dân SX-KD giỏi.",
                 "Sản phẩm cam lòng vàng của HTX Nông nghiệp Cao Sơn được công nhận đạt chuẩn OCOP 4 sao."])
    assert set(ms) == {"Chị Đỗ Thị Thu Trang", "HTX Nông nghiệp Cao Sơn"}, ms


def test_a_way_of_working_and_a_title_given_are_no_models():
    assert _names(["Trường ký kết hợp tác với 150 doanh nghiệp theo mô hình \"4 cùng\" của Bộ.",
                   "Cơ sở giáo dục được quản trị theo mô hình cộng đồng gồm 5: Chính quyền, Ban giám hiệu, "
                   "tập thể giáo viên, phụ huynh và học sinh."]) == {}
    ms = _names(["Chị Bùi Thị Thoan được Ban Thường vụ Huyện ủy biểu dương là gương điển hình "
                 "\"Dân vận khéo\" năm 2022."])
    assert set(ms) == {"Chị Bùi Thị Thoan"}


def test_an_example_names_whose_it_is():
    from ingest.extract.models.names import example_of, identity_key

    assert example_of("Gương nhặt được của rơi trả lại người mất của chị Nguyễn Thị Thu Hà") == "chị Nguyễn Thị Thu Hà"
    assert example_of("Gương anh Bùi Văn Quyết dũng cảm cứu người đuối nước") == "anh Bùi Văn Quyết"
    assert example_of("Mô hình nuôi cá lồng của HTX Bình Thanh") is None
    assert identity_key("Gương dũng cảm cứu người của anh Quách Văn Thành") == identity_key("Quách Văn Thành")
    assert identity_key("HTX Thủy sản Bình Thanh (xã Thung Nai)") == identity_key("Hợp tác xã Thủy sản Bình Thanh")


def test_no_model_from_questions_plans_statuses_or_described_schemes():
    from ingest.extract.models.prose import _prose_models

    def names(s, paragraph=""):
        return [m["name"] for m in _prose_models(s, 2021, paragraph or s)]
    # an interviewer's question, a speaker's opinion, a status a place is given, a plan
    assert names("PV: Chị đã giành giải nhất ở cự ly nào?") == []
    assert names("Ông Hồ Văn Tâm cho rằng, sản phẩm của ông rất xứng đáng đạt giải nhất.") == []
    assert names("Theo UBND tỉnh, xã Đảo Ngọc được công nhận là xã đảo từ năm 2021.") == []
    assert names("Năm 2023, huyện phấn đấu có thêm xã Yên Trị đạt chuẩn NTM nâng cao.") == []
    # a 'mô hình' described for its own sake, with no word of praise or effect around it
    # (one with an owner, "mô hình X của HTX Y", is held up by being named so)
    assert names('Tại Việt Nam, mô hình "chợ đêm phố cổ" đã có từ lâu, như ở Hội An.') == []
    assert names('Ví dụ điển hình là mô hình "chợ đêm phố cổ" ở Hội An.') == []
    assert names('Mô hình "chợ đêm phố cổ" ở Hội An mang lại hiệu quả, được nhân rộng.') == \
        ['Mô hình "chợ đêm phố cổ" ở Hội An']
    # a capital stays a capital: "ở giai đoạn 2" names no owner
    assert names("Toàn bộ mô hình TT GSĐH tỉnh ở giai đoạn 2 đều đạt hiệu quả tốt.") == []
    # the best of a kind is no name; nor an ordinal
    assert names('Xã Văn Sơn có mô hình "Dân vận khéo" tiêu biểu của huyện.') == []
    assert _names(["Trường Mầm non Hoa Mai là trường thứ 9 của huyện được công nhận đạt chuẩn quốc gia."]) \
        .keys() <= {"Trường Mầm non Hoa Mai"}


def test_every_praise_of_a_sentence_and_praise_as_an_active_verb():
    ms = _names(["Ghi nhận những kết quả trên, tập thể Công an xã Tân Mỹ được Giám đốc Công an tỉnh tặng Giấy "
                 "khen; cá nhân Đại úy Hà Văn Khải được Bộ trưởng Bộ Công an tặng Bằng khen."])
    assert set(ms) == {"Công an xã Tân Mỹ", "Đại úy Hà Văn Khải"}, ms
    ms = _names(["Cũng tại buổi gặp mặt, Huyện đoàn biểu dương chị Lò Thị Mai, tiểu thương chợ Vó, "
                 "xóm Đồng, xã Lạc Hưng."])
    assert set(ms) == {"Chị Lò Thị Mai"}, ms            # her address is no model
    ms = _names(["Ngày 5/3, UBND tỉnh công nhận Trạm Y tế xã Đông Lai và Trạm Y tế xã Quy Mỹ đạt Bộ tiêu chí "
                 "quốc gia về y tế xã."])
    assert set(ms) == {"Trạm Y tế xã Đông Lai", "Trạm Y tế xã Quy Mỹ"}, ms
    ms = _names(["Anh Đinh Văn Hòa và anh Bùi Văn Tú ở xóm Mường lao xuống sông cứu hai cháu nhỏ.",
                 "Dịp này, UBND xã tặng giấy khen cho anh Hòa và anh Tú."])
    assert {"Đinh Văn Hòa", "Bùi Văn Tú"} <= set(ms), ms
    # "biểu dương những tập thể …" names a category, not a model
    assert _names(["Hội nghị biểu dương những tập thể có thành tích xuất sắc."]) == {}


def test_more_forms_of_praise():
    ms = _names(["Ở lĩnh vực kinh tế tập thể, HTX Dịch vụ nông nghiệp Vĩnh An được đánh giá là một trong "
                 "những HTX hoạt động hiệu quả nhất huyện.",
                 "Trong ngành GD&ĐT, Trường THCS Kim Lập nhiều năm liền giữ vững danh hiệu tập thể lao động "
                 "xuất sắc.",
                 "Trên lĩnh vực QP-AN, Ban Chỉ huy Quân sự xã Sào Lâm được Bộ Chỉ huy Quân sự tỉnh tặng Bằng khen.",
                 "Ở xã Đa Lộc, Hội Cựu chiến binh xã được đánh giá là tập thể điển hình trong phong trào.",
                 "Dẫn đầu khối xã là xã Ân Hòa, nơi nhân dân hiến hơn 9.000 m2 đất làm đường.",
                 "Trong khối doanh nghiệp, Công ty TNHH Gạch Mường Lạc nhiều năm liền là doanh nghiệp SX-KD giỏi."])
    assert {"HTX Dịch vụ nông nghiệp Vĩnh An", "Trường THCS Kim Lập", "Ban Chỉ huy Quân sự xã Sào Lâm",
            "Xã Ân Hòa", "Công ty TNHH Gạch Mường Lạc"} <= set(ms), ms
    assert any(n.startswith("Hội Cựu chiến binh") for n in ms), ms


def test_a_table_whose_header_comes_again():
    rows = ["STT | Họ và tên / Tập thể | Chức vụ, đơn vị | Thành tích",
            "I. TẬP THỂ",
            "1 | Xóm Bưng, xã Quý Lộc | Huyện Lạc Sơn | Xóm văn hóa 5 năm liền",
            "II. CÁ NHÂN",
            "STT | Họ và tên / Tập thể | Chức vụ, đơn vị | Thành tích",
            "1 | Ông Bùi Văn Thịnh | Trưởng xóm Bưng | Vận động nhân dân xây dựng xóm văn hóa",
            "STT | Nhóm xã | Số xã | Tỷ lệ (%)",
            "1 | Đạt từ 17 - 19 tiêu chí | 1 | 7,7",
            "2 | Đạt từ 14 - 16 tiêu chí | 3 | 23,1"]
    ms = _names(["\n".join(rows)])
    assert set(ms) == {"Xóm Bưng, xã Quý Lộc", "Ông Bùi Văn Thịnh"}, ms
    assert ms["Ông Bùi Văn Thịnh"]["kind"] == "cá nhân"


def test_tables_as_ocr_reads_them():
    # the "STT" cell run into the next one: every column one to the right
    ms = _names(["So và tên/Tập |Chức | Thành tích\n"
                 "1 | Xã Lạc Long | Huyện Lạc Thủy | Đạt chuẩn NTM năm 2019; thu nhập bình quân 38 triệu đồng\n"
                 "2 | Ban Chỉ huy Quân sự xã Toàn Sơn | Huyện Đà Bắc | Đơn vị dẫn đầu phong trào thi đua Quyết thắng"])
    assert set(ms) == {"Xã Lạc Long", "Ban Chỉ huy Quân sự xã Toàn Sơn"}, ms
    assert ms["Xã Lạc Long"]["district"] == "Lạc Thủy"
    # a repeated header OCR garbled, and a statistics table whose header names no column of names
    ms = _names(["| STHọ và tên / Tập thể | Chức vụ, đơn vị | Thành tích\n"
                 "1 | Hội Cựu chiến binh xã Đồng Tâm | Huyện Lạc Thủy | Hiến 8.500 m2 đất làm đường\n"
                 "| S†Họ và tên / Tập thể | Chức vụ, đơn vị | Thành tích\n"
                 "1 | Ông Bạch Văn Tiến | Thôn Rộc Ngỗ, xã Đồng Tâm | Hiến 1.200 m2 đất trồng cam\n"
                 "STT | Nhóm xã | Số xã | Tỷ lệ (%)\n"
                 "1, | Đạt từ 17 - 19 tiêu chí | 1 | l\n"
                 "2 | Đạt từ 14 - 16 tiêu chí | E) | „ki"])
    assert set(ms) == {"Hội Cựu chiến binh xã Đồng Tâm", "Ông Bạch Văn Tiến"}, ms
    # no header at all: the column of names, not the address column that follows it
    ms = _names(["1 | Xã Hợp Thành | Thành phố Hòa Bình | Đạt 19/19 tiêu chí NTM nâng cao\n"
                 "2 | Xã Cư Yên | Huyện Lương Sơn | Đạt 19/19 tiêu chí NTM nâng cao\n"
                 "3 | Xã Phú Thành | Huyện Lạc Thủy | Đạt 19/19 tiêu chí NTM nâng cao"])
    assert set(ms) == {"Xã Hợp Thành", "Xã Cư Yên", "Xã Phú Thành"}, ms
