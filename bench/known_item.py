"""Known-item search on real news: can a user find the article they remember?

    python bench/known_item.py bench/queries/dantri-A.jsonl [--work DIR] [--source DIR]

The documents are the 2,653 real Dân trí articles (``../shared/data``, read,
never copied), written as newspaper pages by ``bench/generate.py`` but with
their real headline as title: the corpus's first line is usually the lead,
the headline survives only as the URL slug without diacritics, so the
slug's diacritics are restored here from the article's own words (each slug
syllable takes the accented spelling of the article that folds to it,
adjacent pairs of the article first), or from the query file's ``title``
for its targets.

A query file (JSON lines, written by someone who has not seen the search
code, from reading the articles; see ``bench/queries/README.md``) gives for
each target: ``doc_id``, ``title`` (the headline with its diacritics),
``keywords`` (3–4 distinctive body words typed without diacritics) and
``proper`` (a lower-cased proper-noun query). Each target is searched as:

* ``title``: the headline as written;
* ``unaccented``: the headline without diacritics;
* ``tone``: the headline with one syllable's tone mark changed (seeded);
* ``keywords`` and ``proper`` as written by the labeller;
* ``upper`` and ``lower``: the headline in capitals and in lower case (for
  case-blindness: the top 10 must equal the headline's).

The same queries run on tracuu (``SearchService``, as ``/api/search`` and
the CLI call it) and on SQLite FTS5 (``unicode61 remove_diacritics 2``, the
documents tracuu extracted, ranked by bm25) with all words required (AND)
and with any word (OR). Reported per system and query kind: MRR@10,
success@1 and @10, queries with no result, and latency. Results go to
``bench/results/known-item-<time>.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the code measured: this checkout, or another one (--code DIR, e.g. a
# worktree of the commit before a change)
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else \
    Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CODE))

import generate  # noqa: E402
from perf_system import REPO, tracuu_cmd  # noqa: E402

from ingest.vietnamese import fold, normalize  # noqa: E402
from ingest.vietnamese.syllable import SYLLABLE_PATTERN  # noqa: E402

KINDS = ("title", "unaccented", "tone", "keywords", "proper")
TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")   # huyền, sắc, ngã, hỏi, nặng
_SLUG_RE = re.compile(r"/([a-z0-9-]+)-\d{14,}\.htm")
_SYL_RE = re.compile(SYLLABLE_PATTERN)


# -- headlines ---------------------------------------------------------------------------
def slug_of(doc_id: str, source: Path) -> list[str]:
    text = (source / "data" / f"{doc_id}.txt").read_text(encoding="utf-8")
    m = _SLUG_RE.search(text.split("\n", 3)[1])
    return m.group(1).split("-") if m else []


def restore(slug: list[str], text: str, corpus_forms: dict[str, Counter]) -> str:
    """The slug's syllables with the diacritics the article writes them with."""
    words = [w for w in _SYL_RE.findall(normalize(text))]
    forms: dict[str, Counter] = {}
    pairs: Counter = Counter()
    for i, w in enumerate(words):
        lw = w.lower()
        forms.setdefault(fold(lw), Counter())[w if i and not words[i - 1].endswith(".") else lw] += 1
        if i:
            pairs[(words[i - 1].lower(), lw)] += 1

    def candidates(s: str) -> list[str]:
        found = forms.get(s) or corpus_forms.get(s)
        return [c for c, _ in found.most_common(6)] if found else [s]

    # best path over the candidates: pairs of the article, then frequency
    cands = [candidates(s) for s in slug]
    best = [{c: (0.0, None) for c in cands[0]}] if cands else []
    for k in range(1, len(cands)):
        layer = {}
        for c in cands[k]:
            layer[c] = max(((score + 3 * pairs[(p.lower(), c.lower())] + 1 / (1 + cands[k].index(c)), p)
                            for p, (score, _) in best[-1].items()), key=lambda t: t[0])
        best.append(layer)
    if not best:
        return ""
    out = [max(best[-1], key=lambda c: best[-1][c][0])]
    for k in range(len(best) - 1, 0, -1):
        out.append(best[k][out[-1]][1])
    out.reverse()
    title = " ".join(out)
    return title[:1].upper() + title[1:]


def headlines(arts, source: Path, given: dict[str, str]) -> dict[str, str]:
    corpus_forms: dict[str, Counter] = {}
    for a in arts[:800]:
        for w in _SYL_RE.findall(a.lead + " " + " ".join(a.paragraphs[:3])):
            corpus_forms.setdefault(fold(w.lower()), Counter())[w.lower()] += 1
    out = {}
    for a in arts:
        if a.doc_id in given:
            out[a.doc_id] = given[a.doc_id]
            continue
        slug = slug_of(a.doc_id, source)
        text = "\n".join([a.title, a.lead, *a.paragraphs])
        out[a.doc_id] = restore(slug, text, corpus_forms) if slug else a.title
    return out


def write_corpus(out: Path, source: Path, given: dict[str, str]) -> dict:
    arts = generate.load_source(source)
    heads = headlines(arts, source, given)
    out.mkdir(parents=True, exist_ok=True)
    for i, a in enumerate(arts):
        rng = generate._rng("real", a.doc_id)
        teasers = [(heads[b.doc_id], b.lead) for b in (arts[(i + k) % len(arts)] for k in (7, 131, 977))]
        paras = ["(Dân trí) - " + a.lead] + a.paragraphs
        if rng.random() < generate.HTML_SHARE:
            text = generate.render_html(heads[a.doc_id], a.date, paras, None, teasers, a.category, "Báo Dân trí")
            name = f"{a.doc_id}.html"
        else:
            text = generate.render_txt(heads[a.doc_id], a.date, paras, None, teasers)
            name = f"{a.doc_id}.txt"
        (out / name).write_text(text, encoding="utf-8")
    return heads


# -- query forms ---------------------------------------------------------------------------
def change_tone(title: str, seed: str) -> str:
    """The title with one syllable's tone mark changed (removed, added or swapped)."""
    rng = random.Random(seed)
    sylls = title.split()
    choices = [i for i, s in enumerate(sylls) if len(s) > 1 and s.isalpha()]
    if not choices:
        return title
    i = rng.choice(choices)
    decomposed = unicodedata.normalize("NFD", sylls[i])
    tone = next((c for c in decomposed if c in TONES), None)
    bare = "".join(c for c in decomposed if c not in TONES)
    options = [t for t in ("",) + TONES if t != (tone or "")]
    new = rng.choice(options)
    if new:
        # the tone sits on the syllable's last vowel but one, or its only vowel
        vowels = [k for k, c in enumerate(bare) if c.lower() in "aeiouy"]
        if not vowels:
            return title
        at = vowels[-2] if len(vowels) > 1 and vowels[-1] == len(bare) - 1 else vowels[-1]
        # after the vowel's own marks (circumflex, breve, horn)
        end = at + 1
        while end < len(bare) and unicodedata.combining(bare[end]):
            end += 1
        bare = bare[:end] + new + bare[end:]
    sylls[i] = unicodedata.normalize("NFC", bare)
    return " ".join(sylls)


def queries_of(targets: list[dict]) -> list[dict]:
    out = []
    for t in targets:
        forms = {
            "title": t["title"],
            "unaccented": fold(t["title"]),
            "tone": change_tone(t["title"], t["doc_id"]),
            "keywords": t["keywords"],
            "proper": t["proper"],
        }
        for kind, q in forms.items():
            out.append({"doc_id": t["doc_id"], "kind": kind, "q": q})
    return out


# -- the systems ------------------------------------------------------------------------------
def tracuu_runner(index: Path):
    from search_app.search.service import SearchService

    svc = SearchService(str(index))
    svc.warm()

    from ingest.errors import QueryError

    def run(q: str) -> list[str]:
        try:
            res = svc.search(q, per_page=10, facets=False, snippet_chars=0)
        except QueryError:   # refused (the page shows the message): nothing found
            return []
        return [Path(h["path"]).stem for h in res["results"]]
    return run, svc


def build_fts(index: Path, db_path: Path) -> None:
    from ingest.index.store import Store

    if db_path.exists():
        db_path.unlink()
    db = sqlite3.connect(str(db_path))
    db.execute('CREATE VIRTUAL TABLE docs USING fts5(doc_id UNINDEXED, title, body, '
               'tokenize="unicode61 remove_diacritics 2")')
    rows = []
    with Store(index).snapshot() as s:
        for docnum in s.find(record="doc"):
            d = json.loads(s.stored(docnum)["data"])
            rows.append((Path(d["path"]).stem, d.get("title") or "", d.get("body") or ""))
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", rows)
    db.commit()
    db.close()


def fts_runner(db_path: Path, op: str):
    db = sqlite3.connect(str(db_path))

    def run(q: str) -> list[str]:
        tokens = re.findall(r"\w+", q)
        if not tokens:
            return []
        match = f" {op} ".join('"' + t.replace('"', "") + '"' for t in tokens)
        return [r[0] for r in db.execute("SELECT doc_id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10",
                                         (match,))]
    return run


def evaluate(run, queries: list[dict]) -> tuple[dict, list[dict]]:
    per_kind: dict[str, list] = {}
    rows = []
    for item in queries:
        t = time.perf_counter()
        got = run(item["q"])
        ms = (time.perf_counter() - t) * 1000
        rank = got.index(item["doc_id"]) + 1 if item["doc_id"] in got else None
        rows.append({**item, "rank": rank, "n": len(got), "top": got[:3], "ms": round(ms, 1)})
        per_kind.setdefault(item["kind"], []).append((rank, len(got), ms))
    summary = {}
    for kind, vals in per_kind.items():
        n = len(vals)
        summary[kind] = {
            "n": n,
            "mrr10": round(sum(1 / r for r, _, _ in vals if r) / n, 3),
            "s1": round(sum(1 for r, _, _ in vals if r == 1) / n, 3),
            "s10": round(sum(1 for r, _, _ in vals if r) / n, 3),
            "zero": sum(1 for _, k, _ in vals if k == 0),
            "p50_ms": round(statistics.median(ms for _, _, ms in vals), 1),
            "p95_ms": round(sorted(ms for _, _, ms in vals)[int(0.95 * (n - 1))], 1),
        }
    return summary, rows


def case_check(svc, targets: list[dict]) -> dict:
    """Queries whose top 10 changes with the letter case of the headline."""
    differ = []
    for t in targets:
        tops = []
        for q in (t["title"], t["title"].lower(), t["title"].upper()):
            res = svc.search(q, per_page=10, facets=False, snippet_chars=0)
            tops.append([h["id"] for h in res["results"]])
        if not tops[0] == tops[1] == tops[2]:
            differ.append(t["doc_id"])
    return {"n": len(targets), "differ": len(differ), "examples": differ[:10]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("queries", type=Path, nargs="+", help="query files (JSON lines)")
    ap.add_argument("--work", type=Path, default=REPO / "bench" / "work" / "known-item")
    ap.add_argument("--source", type=Path, default=generate.DEFAULT_SOURCE)
    ap.add_argument("--rebuild", action="store_true", help="write the corpus and the indexes again")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--dump", type=Path, help="write every query's rank here (JSON lines)")
    ap.add_argument("--code", type=Path, default=CODE, help="the checkout whose search is measured")
    ap.add_argument("--index", type=Path, help="search this index (built by a run of this script) instead")
    args = ap.parse_args(argv)

    targets = []
    for f in args.queries:
        targets += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    given = {t["doc_id"]: t["title"] for t in targets}
    docs, index, db = args.work / "docs", args.work / "index", args.work / "fts.sqlite"
    stamp = args.work / "titles.json"
    if args.index:
        index, db = args.index / "index", args.index / "fts.sqlite"
    elif args.rebuild or not index.exists() or not stamp.exists() or json.loads(stamp.read_text()) != given:
        # the corpus depends on the targets' titles: a new query file, a new corpus
        import shutil

        shutil.rmtree(args.work, ignore_errors=True)
        print(f"writing the corpus to {docs} ...", flush=True)
        heads = write_corpus(docs, args.source, given)
        print(f"ingesting {len(heads)} documents ...", flush=True)
        t0 = time.perf_counter()
        subprocess.run(tracuu_cmd() + ["ingest", str(docs), "--index", str(index), "--jobs", str(args.jobs)],
                       check=True, cwd=str(CODE), stdout=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONPATH": str(CODE)})
        print(f"  {time.perf_counter() - t0:.0f} s", flush=True)
        build_fts(index, db)
        stamp.write_text(json.dumps(given, ensure_ascii=False))
    queries = queries_of(targets)
    run, svc = tracuu_runner(index)
    systems = {"tracuu": run, "fts5-and": fts_runner(db, "AND"), "fts5-or": fts_runner(db, "OR")}
    report = {"queries": [str(f) for f in args.queries], "targets": len(targets), "code": str(CODE),
              "systems": {}}
    dump = []
    for name, runner in systems.items():
        summary, rows = evaluate(runner, queries)
        report["systems"][name] = summary
        dump += [{"system": name, **r} for r in rows]
    report["case"] = case_check(svc, targets)
    print(f"\n{len(targets)} targets, {len(queries)} queries")
    print(f"{'kind':<11} {'system':<9} {'MRR@10':>7} {'s@1':>6} {'s@10':>6} {'zero':>5} {'p50 ms':>7} {'p95 ms':>7}")
    for kind in KINDS:
        for name in systems:
            s = report["systems"][name][kind]
            print(f"{kind:<11} {name:<9} {s['mrr10']:>7.3f} {s['s1']:>6.2f} {s['s10']:>6.2f} {s['zero']:>5} "
                  f"{s['p50_ms']:>7.1f} {s['p95_ms']:>7.1f}")
    c = report["case"]
    print(f"letter case: top 10 differs between as-written, lower and UPPER for {c['differ']} of {c['n']}")
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"known-item-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"-> {path}")
    if args.dump:
        args.dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in dump) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
