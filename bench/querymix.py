"""The fixed query mix of bench/perf.py (>= 200 queries of every kind)."""
from __future__ import annotations

import random
import re
from pathlib import Path

import generate

# -- the query mix -------------------------------------------------------------------
ABBREVIATIONS = ["UBND", "HĐND", "THPT", "GD&ĐT", "NTM", "ĐHTT", "HTX", "CLB", "BHYT", "ATGT", "KT-XH",
                 "MTTQ", "QP-AN", "TP.HCM", "ANTT", "PCCC"]
COMMON = ["nông thôn", "giáo dục", "kinh tế", "học sinh", "phát triển", "người dân", "sức khỏe",
          "doanh nghiệp", "du lịch", "công an", "bệnh viện", "thị trường", "xã hội", "dịch bệnh"]


def _syll_spans(text: str, rng: random.Random, n: int) -> str | None:
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1]
    if len(words) < n:
        return None
    i = rng.randrange(len(words) - n + 1)
    return " ".join(words[i:i + n]).lower()


def query_mix(source: Path, numbers: list[str], values: dict[str, list[str]], seed: int = 7) -> list[dict]:
    """The fixed mix: each item {kind, q, params}. Deterministic for a
    given source, document numbers and facet values."""
    from ingest.vietnamese import fold

    rng = random.Random(seed)
    arts = generate.load_source(source)
    titles = [a.title for a in arts]
    bodies = [p for a in arts for p in a.paragraphs]
    districts = values.get("districts") or ["Kim Bôi"]
    fields = values.get("fields") or ["kinh-te"]
    types = [t for t in values.get("doc_type") or [] if t] or ["tin-bai"]
    mix: list[dict] = []

    def add(kind, q="", **params):
        mix.append({"kind": kind, "q": q, "params": {k: v for k, v in params.items() if v not in (None, "", [])}})

    while sum(1 for m in mix if m["kind"] == "words") < 40:
        q = _syll_spans(rng.choice(titles), rng, rng.choice((1, 2, 2, 3)))
        if q:
            add("words", q)
    for m in [m for m in mix if m["kind"] == "words"][:30]:
        add("no_diacritics", fold(m["q"]))
    while sum(1 for m in mix if m["kind"] == "phrase") < 25:
        q = _syll_spans(rng.choice(bodies), rng, rng.choice((2, 2, 3)))
        if q:
            add("phrase", f'"{q}"')
    for a in ABBREVIATIONS:
        add("abbreviation", a)
    for num in (numbers or ["1234/QĐ-UBND"])[:20]:
        n, _, sym = num.partition("/")
        form = rng.randrange(4)
        q = {0: num, 1: f"{n} {sym.replace('-', ' ')}", 2: f"số {num}",
             3: f"{fold(sym.split('-')[0]).upper()} {n}"}[form]
        add("number", q)
    for i in range(45):
        k = 1 + i % 3
        kw = {}
        picks = rng.sample(["district", "field", "year", "type"], k)
        for p in picks:
            if p == "district":
                kw["district"] = rng.choice(districts)
            elif p == "field":
                kw["field"] = rng.choice(fields)
            elif p == "year":
                y = rng.randrange(2008, 2025)
                kw["year"] = str(y) if rng.random() < 0.6 else f"{y - 3}-{y}"
            else:
                kw["type"] = rng.choice(types)
        q = rng.choice(COMMON) if rng.random() < 0.7 else ""
        add(f"filters_{k}", q, **kw)
    for i in range(20):
        add("sorted_by_date", rng.choice(COMMON), sort="newest" if i % 2 == 0 else "oldest")
    for term in COMMON[:10]:
        add("page_5", term, page=5)
    add("match_all", "")
    add("match_all", "", sort="oldest")
    return mix
