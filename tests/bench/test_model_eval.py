"""The blind model benchmark's matching (bench/model_eval.py)."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import model_eval  # noqa: E402


def test_names_match_by_their_distinctive_syllables():
    assert model_eval.similarity("Ông Bùi Văn Thắng", "Bùi Văn Thắng") == 1.0
    assert model_eval.similarity("HTX Thủy sản Bình Thanh", "Hợp tác xã thủy sản Bình Thanh") == 1.0
    assert model_eval.similarity("Bùi Văn Thắng", "Bùi Thị Hoa") < model_eval.THRESHOLD


def test_pairs_are_one_to_one_best_first():
    found = [{"name": "Bùi Văn Thắng"}, {"name": "ông Bùi Văn Thắng, xóm Mít"}, {"name": "Bằng khen"}]
    labelled = [{"name": "Bùi Văn Thắng"}]
    pairs = model_eval.match(found, labelled)
    assert len(pairs) == 1 and pairs[0][1] == 0


def test_a_labelled_folder_is_scored(tmp_path):
    (tmp_path / "a01.txt").write_text(
        "Nuôi cá lồng ở Thung Nai\n\n(HBĐT) - Mô hình nuôi cá lồng của HTX Thủy sản Bình Thanh "
        "(xã Thung Nai, huyện Cao Phong) được UBND tỉnh công nhận là điển hình tiên tiến năm 2019.\n",
        encoding="utf-8")
    (tmp_path / "a01.json").write_text(json.dumps({"source": "prose", "models": [
        {"name": "Mô hình nuôi cá lồng của HTX Thủy sản Bình Thanh", "kind": "mô hình",
         "district": "Cao Phong", "year": 2019}]}), encoding="utf-8")
    r = model_eval.evaluate([tmp_path])
    assert r["documents"] == 1
    assert r["table"]["all"]["labelled"] == 1 and r["table"]["all"]["recall"] == 1.0
    assert r["attributes"]["district"] == 1.0
