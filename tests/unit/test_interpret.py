"""The natural reading of a query: places, years, fields and types named in
ordinary words."""
from search_app.search.filters import Filters
from search_app.search.interpret import read


def chips(q, **kw):
    r = read(q, **kw)
    return [] if r is None else [(c.kind, c.value, c.text, c.applied) for c in r.chips]


def test_a_district_and_a_year_become_filters_and_leave_the_words():
    r = read("trồng cam ở Cao Phong năm 2019")
    assert r.text == "trồng cam"
    assert chips("trồng cam ở Cao Phong năm 2019") == [
        ("district", "Cao Phong", "ở Cao Phong", "filter"), ("year", "2019", "năm 2019", "filter")]
    f = r.filters(Filters())
    assert f.district == ["Cao Phong"] and f.year == ["2019"]


def test_any_letter_case_and_no_diacritics():
    for q in ("nông dân giỏi ở kim bôi năm 2016", "nong dan gioi o KIM BOI nam 2016"):
        got = chips(q)
        assert ("district", "Kim Bôi") in [(k, v) for k, v, *_ in got], q
        assert ("year", "2016") in [(k, v) for k, v, *_ in got], q
        assert read(q).text.lower().replace("ô", "o").replace("â", "a").replace("ỏ", "o") == "nong dan gioi"


def test_year_ranges():
    for q in ("mô hình giảm nghèo giai đoạn 2016-2020", "giảm nghèo từ 2016 đến 2020", "giảm nghèo 2016 – 2020"):
        assert ("year", "2016-2020") in [(k, v) for k, v, *_ in chips(q)], q
    assert chips("dân số 1200")[:1] == []            # not a year


def test_the_city_only_by_its_title_and_agencies_by_their_district():
    assert [c[1] for c in chips("trường học ở thành phố Hòa Bình")] == ["Thành phố Hòa Bình"]
    assert [c[1] for c in chips("trường học ở TP Hòa Bình")] == ["Thành phố Hòa Bình"]
    assert chips("cá lồng hồ Hòa Bình") == []       # the lake, the province
    got = chips("quyết định khen thưởng của UBND huyện Mai Châu")
    assert ("district", "Mai Châu", "của UBND huyện Mai Châu", "filter") in got
    assert ("type", "quyet-dinh", "quyết định", "boost") in got


def test_fields_and_types_are_boosts():
    r = read("mô hình nông nghiệp ở Lạc Sơn")
    assert ("field", "nong-nghiep", "nông nghiệp", "boost") in chips("mô hình nông nghiệp ở Lạc Sơn")
    assert r.text == "mô hình" and r.boosts
    assert r.filters(Filters()).field == []         # a boost, never a filter


def test_what_is_left_as_typed():
    assert read("giáo dục") is None                  # a field's name alone is its words
    assert read("quyết định") is None
    assert read('"Cao Phong" năm 2019') is None       # search syntax
    assert read("district:\"Kim Bôi\" 2019") is None
    assert read("162/KH-UBND") is None and read("số 162") is None
    assert read("nuôi cá lồng") is None
    assert chips("Cao Phong") == [("district", "Cao Phong", "Cao Phong", "filter")]


def test_skip_and_the_users_own_filters_win():
    assert [c[0] for c in chips("cam ở Cao Phong năm 2019", skip=("year",))] == ["district"]
    r = read("cam ở Cao Phong năm 2019")
    f = r.filters(Filters(district=["Kim Bôi"], year_from=2010))
    assert f.district == ["Kim Bôi"] and f.year == [] and f.year_from == 2010


def test_a_bare_year_inside_a_name_is_no_year():
    assert chips("Số phận của Euro 2020 nếu các cầu thủ bị phạt") == []
    assert ("year", "2020") in [(k, v) for k, v, *_ in chips("giải chạy Cao Phong 2020")]


def test_a_commune_boosts_its_district_and_keeps_its_words():
    r = read("nuôi ong xã Tân Lập")
    assert [(c.kind, c.applied) for c in r.chips] == [("commune", "boost")]
    assert "Lạc Sơn" in r.chips[0].value and r.text == "nuôi ong xã Tân Lập"
    assert r.filters(Filters()).district == []
    got = chips("cá lồng xã Thung Nai huyện Cao Phong")
    assert [c[0] for c in got] == ["district", "commune"]
    assert chips("nuôi ong xã Tân Lập", skip=("commune",)) == []
