"""Gazetteer (ingest.vietnamese.gazetteer) and district extraction (ingest.extract.districts)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.extract.districts import district_of_address, find_districts, strip_incidental
from ingest.vietnamese import gazetteer

ROOT = Path(__file__).resolve().parents[2]
SHARED_ADMIN = "data/admin-units-hoabinh-history"  # under the shared folder
CASES = ROOT / "tests" / "extraction_cases"

SEED_DISTRICTS = ["Kim Bôi", "Lạc Thủy", "Yên Thủy", "Kỳ Sơn", "Lương Sơn", "Cao Phong", "Tân Lạc"]


def seed_body(seed: Path) -> str:
    text = seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    cut = next(i for i, line in enumerate(lines) if line.strip() == "Các tin khác")
    return "\n".join(lines[:cut])


# --------------------------------------------------------------------------- gazetteer

def test_districts_are_the_spec_names():
    assert gazetteer.districts() == [
        "Thành phố Hòa Bình", "Đà Bắc", "Mai Châu", "Tân Lạc", "Lạc Sơn", "Kim Bôi",
        "Lạc Thủy", "Yên Thủy", "Cao Phong", "Lương Sơn", "Kỳ Sơn"]
    assert "Kỳ Sơn" in gazetteer.districts(2019)
    assert "Kỳ Sơn" not in gazetteer.districts(2020)


def test_gazetteer_counts_match_the_gso_lists():
    us = gazetteer.units()
    current = [u for u in us if u.level == "commune" and u.until == 2025]
    in_2017 = [u for u in us if u.level == "commune" and u.from_year is None]
    assert len(current) == 151          # GSO 2020/2023/2025 lists
    assert len(in_2017) == 210          # GSO 2017 list
    assert all(u.district in gazetteer.districts() for u in us if u.level == "commune")
    # every commune existing until the reform has its 2025 successor
    assert all(u.name_2025 for u in current)


@pytest.mark.parametrize("written,canonical", [
    ("Lạc Thuỷ", "Lạc Thủy"), ("Lạc Thủy", "Lạc Thủy"), ("Lac Thuy", "Lạc Thủy"),
    ("huyện Yên Thuỷ", "Yên Thủy"), ("H. Lạc Sơn", "Lạc Sơn"), ("huyện Kỳ Sơn (cũ)", "Kỳ Sơn"),
    ("Kỳ Sơn (cũ)", "Kỳ Sơn"), ("TP Hòa Bình", "Thành phố Hòa Bình"),
    ("TP. Hòa Bình", "Thành phố Hòa Bình"), ("thành phố Hòa Bình", "Thành phố Hòa Bình"),
    ("Thành phố Hoà Bình", "Thành phố Hòa Bình"), ("Tp.Hòa Bình", "Thành phố Hòa Bình"),
    ("HUYỆN ĐÀ BẮC", "Đà Bắc"), ("Hoa Binh", None), ("tỉnh Hòa Bình", None), ("Hòa Bình", None),
    ("huyện Thanh Sơn", None),
])
def test_written_district_names_resolve(written, canonical):
    assert gazetteer.canonical_district(written) == canonical


@pytest.mark.parametrize("commune,year,district", [
    ("Thung Nai", None, "Cao Phong"), ("xã Thung Nai", None, "Cao Phong"),
    ("xa Thung Nai", None, "Cao Phong"), ("phường Phương Lâm", None, "Thành phố Hòa Bình"),
    ("thị trấn Vụ Bản", None, "Lạc Sơn"), ("xã Hợp Thịnh", None, "Kỳ Sơn"),   # merged 2020
    ("xã Mông Hóa", 2018, "Kỳ Sơn"), ("xã Mông Hóa", 2022, "Thành phố Hòa Bình"),
    ("xã Mông Hóa", None, None),                 # Kỳ Sơn until 2019, the city from 2020
    ("xã Cao Sơn", None, None),                  # Đà Bắc and Lương Sơn (ex-Cao Răm) both
    ("xã Cao Sơn, huyện Đà Bắc", None, "Đà Bắc"), ("xã Cao Sơn", 2018, "Đà Bắc"),
    ("xã Mi Hòa", None, "Kim Bôi"), ("xã Mỵ Hòa", None, "Kim Bôi"),          # 2025 spelling
    ("xã Không Có", None, None),
])
def test_district_of_commune(commune, year, district):
    assert gazetteer.district_of_commune(commune, year) == district


def test_ky_son_history_and_current_name():
    [ky_son] = [u for u in gazetteer.resolve("huyện Kỳ Sơn") if u.level == "district"]
    assert ky_son.until == 2019 and ky_son.became == ("Thành phố Hòa Bình",)
    now = gazetteer.current_name("Kỳ Sơn")
    assert str(now) == "Thành phố Hòa Bình (2020), nay thuộc tỉnh Phú Thọ (2025)"
    assert now.province == "Phú Thọ"
    assert [(s.year, s.name) for s in now.steps] == [(2020, "Thành phố Hòa Bình")]
    assert set(now.units_2025) == {"phường Kỳ Sơn", "xã Thịnh Minh"}
    assert now.as_dict()["text"] == str(now)
    # the same through another spelling
    assert str(gazetteer.current_name("huyện Kỳ Sơn (cũ)")) == str(now)


def test_current_name_of_communes():
    c = gazetteer.current_name("xã Hợp Thịnh")          # Kỳ Sơn -> merged -> 2025
    assert str(c) == ("xã Thịnh Minh (Thành phố Hòa Bình) (2020), "
                      "nay là xã Thịnh Minh, tỉnh Phú Thọ (2025)")
    assert c.steps[0].kind == "merged"
    assert str(gazetteer.current_name("Thung Nai")) == "nay là xã Thung Nai, tỉnh Phú Thọ (2025)"
    moved = gazetteer.current_name("xã Mông Hóa", 2018)
    assert moved.steps[0].kind == "moved" and moved.units_2025 == ("phường Kỳ Sơn",)
    unknown = gazetteer.current_name("xã Hợp Châu")     # merged 2020, successor not in GSO lists
    assert unknown.known is False and "không có trong danh sách GSO" in unknown
    with pytest.raises(KeyError):
        gazetteer.current_name("huyện Mộc Châu")


def test_districts_of_2025_units():
    assert gazetteer.districts_of_2025_unit("xã Mường Thàng") == ["Cao Phong"]
    assert gazetteer.districts_of_2025_unit("phường Kỳ Sơn") == ["Thành phố Hòa Bình"]
    assert gazetteer.districts_of_2025_unit("xã Cẩm Khê") == []


def test_committed_tsv_is_what_the_script_builds(tmp_path, shared_path):
    admin = shared_path(SHARED_ADMIN)
    out = tmp_path / "g.tsv"
    script = ROOT / "ingest" / "vietnamese" / "data" / "build_gazetteer.py"
    subprocess.run([sys.executable, str(script), "--source", str(admin), "--out", str(out)],
                   check=True, capture_output=True)
    committed = (ROOT / "ingest" / "vietnamese" / "data" / "gazetteer_hoabinh.tsv").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed


# --------------------------------------------------------------------------- find_districts

def test_seed_gives_exactly_its_seven_districts_in_order(seed_path):
    assert find_districts(seed_body(seed_path)) == SEED_DISTRICTS


def test_seed_teasers_are_cut_even_if_passed(seed_path):
    # "huyện Cao Phong", "Hà Nội" are in the teasers; the result must not change
    assert find_districts(seed_path.read_text(encoding="utf-8")) == SEED_DISTRICTS


@pytest.mark.parametrize("sentence", [
    "Công ty Thủy điện Hòa Bình tổ chức hội nghị người lao động năm 2018.",
    "Nhà máy thủy điện Hòa Bình là công trình thế kỷ trên sông Đà.",
    "Hàng trăm hộ dân nuôi cá lồng trên hồ Hòa Bình cho thu nhập cao.",
    "UBND tỉnh Hòa Bình ban hành kế hoạch nhân rộng điển hình tiên tiến.",
    "Báo Hòa Bình phối hợp tổ chức cuộc thi viết về gương người tốt.",
    "Nhân dân ta luôn yêu chuộng hòa bình, độc lập, tự do.",
    "Hòa Bình là tỉnh miền núi, cửa ngõ vùng Tây Bắc.",
    "Đoàn công tác của Sở Nội vụ tỉnh Hòa Bình làm việc với Bộ Nội vụ.",
    "Xây dựng thành phố hòa bình, xanh, sạch, đẹp là mong ước của mọi người.",
])
def test_pitfalls_give_no_city(sentence):
    assert gazetteer.CITY not in find_districts(sentence)
    assert find_districts(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Công an thành phố Hòa Bình ra quân bảo đảm trật tự.",
    "TP. Hòa Bình có 5 phường đạt chuẩn văn minh đô thị.",
    "TP Hòa Bình khánh thành cầu mới.",
    "Tại phường Phương Lâm, nhiều hộ đạt gia đình văn hóa.",
    "(HBĐT) - Tại phường Tân Hòa, nhiều hộ đạt gia đình văn hóa.",
])
def test_the_city_by_name_or_ward(sentence):
    assert find_districts(sentence) == [gazetteer.CITY]


def test_a_commune_name_other_provinces_share_needs_hoa_binh_context():
    # 19 other provinces have a phường/xã Tân Hòa; Phú Thạnh is not Phú Thành
    assert find_districts("Tại phường Tân Hòa, nhiều hộ đạt gia đình văn hóa.") == []
    assert find_districts("Địa chỉ: 160 Hiền Vương, P. Phú Thạnh, Q. Tân Phú, TP. HCM.") == []
    assert find_districts("Trú tại xã Văn Sơn, huyện Đô Lương, Nghệ An.") == []
    assert find_districts("Xe tải đến ấp 3 (xã Tân Phong, Giá Rai) thì gặp nạn.") == []
    assert find_districts("Trường ở phường Trung Hòa, quận Cầu Giấy, thành phố Hà Nội.") == []
    assert find_districts("Xã Văn Sơn, huyện Lạc Sơn có 3 mô hình.") == ["Lạc Sơn"]


@pytest.mark.parametrize("text,expected", [
    ("Huyện Lạc Thuỷ và H. Lạc Sơn hoàn thành kế hoạch.", ["Lạc Thủy", "Lạc Sơn"]),
    ("Các xã của huyện Yên Thuỷ đạt chuẩn.", ["Yên Thủy"]),
    ("Xã Thung Nai phát triển du lịch lòng hồ.", ["Cao Phong"]),
    ("Xã Hợp Thịnh, huyện Kỳ Sơn (cũ) nay là xã Thịnh Minh.", ["Kỳ Sơn", gazetteer.CITY]),
    ("Xã Hợp Thịnh (huyện Kỳ Sơn) có 3 mô hình.", ["Kỳ Sơn"]),
    ("Xã Mỵ Hòa và xã Mỹ Hòa", ["Kim Bôi", "Tân Lạc"]),
    ("Năm 2018, xã Mông Hóa có 3 mô hình.", ["Kỳ Sơn"]),
    ("Năm 2022, xã Mông Hóa có 3 mô hình.", [gazetteer.CITY]),
    ("Bưởi đỏ Tân Lạc được công nhận OCOP 4 sao.", ["Tân Lạc"]),
    ("Anh Nguyễn Cao Phong, công an viên, đã cứu người.", []),
    ("Các huyện Mai Châu, Tân Lạc và TP Hòa Bình tham gia.", ["Mai Châu", "Tân Lạc", gazetteer.CITY]),
    ("Năm 2025, xã Mường Thàng, tỉnh Phú Thọ đẩy mạnh trồng cam.", ["Cao Phong"]),
    ("Sản phụ trú xã Lạc Thịnh, huyện Yên Thủy, Hòa Bình tử vong.", ["Yên Thủy"]),
    ("Các xã, thị trấn: Thung Nai, Bắc Phong và Cao Phong tham gia.", ["Cao Phong"]),
])
def test_mentions(text, expected):
    assert find_districts(text) == expected


def test_passing_mentions_beside_the_district_a_text_is_about():
    text = ("(HBĐT) - Sản phẩm gà đồi của HTX Nông nghiệp Tú Sơn, xã Tú Sơn, huyện Kim Bôi được công nhận OCOP. "
            "Sản phẩm có mặt ở nhiều siêu thị tại Hà Nội và TP Hòa Bình. Khách du lịch đến suối khoáng Kim Bôi "
            "cũng mua làm quà.")
    assert find_districts(text) == ["Kim Bôi"]
    # …but a report that goes through several districts keeps each one
    report = ("Huyện Kim Bôi dẫn đầu phong trào. Huyện Kim Bôi có thêm 2 xã đạt chuẩn. Tỷ lệ hộ nghèo của "
              "huyện Kim Bôi giảm 4%; các huyện Đà Bắc, Mai Châu còn cao. Công ty ở huyện Lạc Thủy có 14 sáng "
              "kiến; huyện Lạc Thủy đứng thứ hai.")
    assert find_districts(report) == ["Kim Bôi", "Đà Bắc", "Mai Châu", "Lạc Thủy"]
    # …and one mentioned in the title is kept
    assert find_districts(text, title="Gà đồi Kim Bôi bán chạy ở TP Hòa Bình") == ["Kim Bôi", gazetteer.CITY]


def test_bare_names_in_a_list():
    assert find_districts("Giao lưu với các câu lạc bộ ở Tân Lạc, Kim Bôi và Lạc Sơn.") == \
        ["Tân Lạc", "Kim Bôi", "Lạc Sơn"]


def test_title_comes_first():
    assert find_districts("Xã Thung Nai đạt chuẩn nông thôn mới.", title="Kim Bôi: tin vắn") == ["Kim Bôi", "Cao Phong"]


def test_another_province_gives_nothing():
    text = ("Năm 2021, tỉnh Phú Thọ tổ chức hội nghị tại huyện Thanh Sơn. Huyện Thanh Sơn và huyện Tân Sơn "
            "của tỉnh Phú Thọ có nhiều mô hình trồng bưởi. Một số hộ mang giống bưởi đỏ từ Tân Lạc về trồng.")
    assert find_districts(text) == []
    assert find_districts("Đoàn đã đến thăm huyện Kỳ Sơn, tỉnh Nghệ An.") == []
    assert find_districts("Kỳ Sơn (Nghệ An) nỗ lực giảm nghèo; huyện Kỳ Sơn còn 42% hộ nghèo, "
                          "tỉnh Nghệ An hỗ trợ.") == []


def test_another_province_keeps_what_it_really_says_about_hoa_binh():
    text = ("Tỉnh Sơn La: huyện Mộc Châu, huyện Yên Châu đạt chuẩn. Đoàn tỉnh Sơn La đã học tập mô hình "
            "của huyện Mai Châu (Hòa Bình).")
    assert find_districts(text) == ["Mai Châu"]


def test_recipients_block_and_signature_are_ignored():
    text = ("QUYẾT ĐỊNH\nĐiều 1. Công nhận xã Thung Nai đạt chuẩn nông thôn mới năm 2019.\n"
            "Điều 2. Quyết định có hiệu lực từ ngày ký.\n"
            "Nơi nhận:\n- Như Điều 2;\n- UBND các huyện Lạc Sơn, Mai Châu;\n- UBND huyện Đà Bắc;\n- Lưu: VT.\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nBùi Văn Cửu")
    assert find_districts(text) == ["Cao Phong"]
    assert "Mai Châu" not in strip_incidental(text)


def test_kinh_gui_block_is_ignored_but_annex_after_recipients_is_read():
    text = ("Kính gửi:\n- UBND các huyện: Cao Phong, Kim Bôi;\n- Các sở, ngành.\n\n"
            "UBND tỉnh đề nghị các đơn vị tuyên truyền gương điển hình.\n\n"
            "Nơi nhận:\n- Như trên;\n- UBND huyện Lạc Thủy;\n- Lưu: VT.\n"
            "DANH SÁCH KÈM THEO\n1 | HTX Thủy sản Bình Thanh | xã Thung Nai, huyện Cao Phong | Nông nghiệp")
    assert find_districts(text) == ["Cao Phong"]


@pytest.mark.parametrize("address,district", [
    ("xã Thung Nai, huyện Cao Phong", "Cao Phong"),
    ("HTX Thủy sản Bình Thanh, xã Thung Nai", "Cao Phong"),
    ("Xóm Mới, xã Đú Sáng, H. Kim Bôi", "Kim Bôi"),
    ("Trường PTDTNT THPT tỉnh", None),
    ("Công ty Thủy điện Hòa Bình", None),
    ("Sở Giáo dục và Đào tạo", None),
    ("phường Đồng Tiến, TP Hòa Bình", gazetteer.CITY),
    ("xã Cao Sơn, huyện Đà Bắc", "Đà Bắc"),
    ("Lac Son", "Lạc Sơn"),
])
def test_district_of_address(address, district):
    assert district_of_address(address) == district


def _cases():
    for jf in sorted(CASES.glob("*.json")):
        txt = jf.with_suffix(".txt")
        exp = json.loads(jf.read_text(encoding="utf-8"))
        if txt.exists() and "districts" in exp:
            yield jf.stem, txt.read_text(encoding="utf-8"), exp["districts"]


def test_labelled_cases_precision_and_recall():
    tp = fp = fn = 0
    wrong = []
    for name, raw, expected in _cases():
        title, _, text = raw.partition("\n")
        got = find_districts(text, title)
        tp += len(set(got) & set(expected))
        fp += len(set(got) - set(expected))
        fn += len(set(expected) - set(got))
        if set(got) != set(expected):
            wrong.append((name, got, expected))
    assert tp > 50, "the labelled cases are missing"
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.95, wrong


def test_communes_listed_in_another_province_annex_are_not_hoa_binh():
    # a national decision's annex lists "xã Hòa Bình" (Hải Phòng) and "xã Quyết Thắng" (Hải Dương)
    # many times, the province sometimes cut off by OCR; neither is Hòa Bình's commune of that name
    rows = "\n".join(
        f"{i} | Nguyễn Văn Tư{i} | Đội viên du kích xã Hòa Bình Xã Hòa Bình, huyện Thủy Nguyên, thành | 1947\n"
        f"phố Hải Phòng\n"
        f"{i + 10} | Lê Văn Sửu{i} | Đội viên Du kích xã Quyết Thắng Xã Quyết Thắng, thành phố Hải Dương, | 1950"
        for i in range(1, 5))
    text = ("Điều 1. Cấp Bằng Tổ quốc ghi công cho các liệt sĩ thuộc các tỉnh, thành phố: Hải Dương, "
            "Hải Phòng, Quảng Nam, Quảng Trị (danh sách kèm theo).\n\n" + rows)
    assert find_districts(text, year=2025) == []
