"""The `tracuu` command: ingest, extract, search, serve.

Exit codes: 0 success, 1 some input failed (reported), 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.index.store import IndexError_, resolve_index_dir

EPILOG = (
    "Index location: --index, else $TRACUU_INDEX, else instance/index under the current directory."
)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tracuu",
        description="Search Vietnamese provincial news and administrative documents.",
        epilog=EPILOG,
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    ing = sub.add_parser(
        "ingest", help="add files and folders to the index",
        description="Read files and folders (recursively: .txt, .html, .htm, .pdf, .docx, .doc, .rtf), "
        "extract their text and metadata and add them to the index. Unchanged files are skipped; "
        "changed files are updated in place; the same content under two names is one document. "
        "Ends with a summary: new, updated, unchanged, failed (each failure with its reason). "
        "Only one ingest writes to an index at a time; an interrupted ingest keeps every batch it "
        "committed, and running it again goes on where it stopped.",
        epilog=EPILOG + " Limits per file (environment): TRACUU_MAX_FILE_MB (200), TRACUU_FILE_TIMEOUT "
        "seconds (120), TRACUU_MAX_WORKER_MB of memory (2048), TRACUU_MAX_PDF_PAGES (2000); "
        "TRACUU_BATCH_SIZE documents per commit (1000).",
    )
    ing.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to ingest")
    ing.add_argument("--index", metavar="DIR", help="index directory")
    ing.add_argument("--jobs", type=int, default=None, metavar="N",
                     help="worker processes for reading and segmentation (default: number of cores)")
    ing.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    ing.add_argument("--rebuild", action="store_true",
                     help="drop the index and build it again from PATH (for a damaged index)")
    ing.add_argument("--wait", action="store_true",
                     help="if another ingest is writing to the index, wait for it instead of stopping")
    ing.add_argument("-v", "--verbose", action="store_true", help="print a line for every commit")
    ing.add_argument("--json", action="store_true", help="print the summary as JSON")

    ext = sub.add_parser(
        "extract", help="show what tracuu extracts from one file (no index needed)",
        description="Run the whole pipeline on one file and print the extracted document.",
    )
    ext.add_argument("file", metavar="FILE")
    ext.add_argument("--json", action="store_true", help="print the document JSON")

    se = sub.add_parser(
        "search", help="search the index",
        description="Search the index. Words are matched with and without diacritics; "
        "\"quoted phrases\", AND/OR/NOT, -word and filters like district:\"Kim Bôi\" work in QUERY.",
        epilog=EPILOG,
    )
    se.add_argument("query", metavar="QUERY", nargs="?", default="")
    se.add_argument("--district", action="append", default=[], metavar="D", help="filter by district (repeatable)")
    se.add_argument("--field", action="append", default=[], metavar="F", help="filter by field code (repeatable)")
    se.add_argument("--year", action="append", default=[], metavar="Y", help="year or range 2015-2019 (repeatable)")
    se.add_argument("--type", action="append", default=[], metavar="T", help="document type, e.g. quyet-dinh")
    se.add_argument("--sort", choices=["relevance", "newest", "oldest"], default="relevance")
    se.add_argument("--limit", type=int, default=10, metavar="N", help="results to show (default 10)")
    se.add_argument("--models", action="store_true", help="search the extracted models instead of documents")
    se.add_argument("--json", action="store_true", help="print the API's JSON")
    se.add_argument("--index", metavar="DIR", help="index directory")

    sv = sub.add_parser(
        "serve", help="serve the search UI and JSON API",
        description="Serve the web UI and JSON API with gunicorn. If the index does not exist yet, "
        "it is first built from the demo corpus (corpus/).",
        epilog=EPILOG,
    )
    sv.add_argument("--index", metavar="DIR", help="index directory")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    sv.add_argument("--corpus", metavar="DIR", default=None,
                    help="folder to ingest when no index exists (default: the demo corpus)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"ingest": cmd_ingest, "extract": cmd_extract, "search": cmd_search, "serve": cmd_serve}[
            args.command
        ](args)
    except IndexError_ as exc:
        print(f"tracuu: {exc}", file=sys.stderr)
        return 1
    except RuntimeError as exc:  # e.g. a worker process that cannot start
        print(f"tracuu: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tracuu: interrupted; everything committed before stays in the index", file=sys.stderr)
        return 1


# -- ingest ----------------------------------------------------------------------
def cmd_ingest(args) -> int:
    from ingest.run import default_jobs, ingest

    if args.jobs is not None and args.jobs < 1:
        print("tracuu ingest: --jobs must be at least 1", file=sys.stderr)
        return 2
    index_dir = resolve_index_dir(args.index)
    bar = _progress_bar()

    def log(message: str) -> None:
        if bar and bar.bar is not None:
            bar.bar.write(f"tracuu: {message}", file=sys.stderr)
        else:
            print(f"tracuu: {message}", file=sys.stderr, flush=True)

    try:
        summary = ingest(args.paths, index_dir, jobs=args.jobs or default_jobs(), prune=args.prune,
                         rebuild=args.rebuild, progress=bar, wait=args.wait, log=log,
                         verbose=args.verbose)
    finally:
        if bar:
            bar.close()
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(_summary_text(summary, index_dir))
    return 1 if summary.failed else 0


class _Bar:
    def __init__(self):
        from tqdm import tqdm

        self._tqdm = tqdm
        self.bar = None

    def __call__(self, done: int, total: int, path: str) -> None:
        if self.bar is None:
            self.bar = self._tqdm(total=total, unit="file", file=sys.stderr, leave=False)
        self.bar.set_postfix_str(Path(path).name[-30:], refresh=False)
        self.bar.update(1)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def _progress_bar():
    return _Bar() if sys.stderr.isatty() else None


def _summary_text(s, index_dir) -> str:
    lines = [
        f"Index {index_dir}: {s.documents} documents ({s.seconds:.1f} s)",
        f"  new: {len(s.new)}  updated: {len(s.updated)}  unchanged: {len(s.unchanged)}  "
        f"failed: {len(s.failed)}  skipped: {len(s.skipped)}" + (f"  pruned: {len(s.pruned)}" if s.pruned else "")
        + (f"  duplicates: {len(s.duplicates)}" if getattr(s, "duplicates", None) else ""),
    ]
    for f, reason in s.failed:
        lines.append(f"  FAILED {f}: {reason}")
    for f, same_as in getattr(s, "duplicates", []):
        lines.append(f"  same content as {same_as} (one document, both paths): {f}")
    for f, reason in s.skipped:
        lines.append(f"  skipped {f}: {reason}")
    return "\n".join(lines)


# -- extract ---------------------------------------------------------------------
def cmd_extract(args) -> int:
    from ingest.pipeline import extract_file
    from ingest.readers import ReaderError

    if not Path(args.file).is_file():
        print(f"tracuu extract: no such file: {args.file}", file=sys.stderr)
        return 2
    try:
        doc = extract_file(args.file).to_json()
    except ReaderError as exc:
        print(f"tracuu extract: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(_document_text(doc))
    return 0


def _document_text(doc: dict) -> str:
    out = [doc.get("title") or "(no title)", ""]
    for key, label in (("doc_type", "type"), ("number", "number"), ("agency", "agency"), ("date", "date"),
                       ("source", "source"), ("author", "author")):
        if doc.get(key):
            out.append(f"{label:>10}: {doc[key]}")
    for key, label in (("years", "years"), ("districts", "districts"), ("fields", "fields"),
                       ("citations", "cites")):
        if doc.get(key):
            out.append(f"{label:>10}: {', '.join(str(x) for x in doc[key])}")
    if doc.get("abbreviations"):
        out.append(f"{'abbrev.':>10}: " + "; ".join(f"{k} = {v}" for k, v in doc["abbreviations"].items()))
    if doc.get("field_evidence"):
        for code, words in doc["field_evidence"].items():
            out.append(f"{'why ' + code:>10}: {', '.join(words)}")
    if doc.get("models"):
        out.append("")
        out.append("Models:")
        for m in doc["models"]:
            out.append(f"  - {m.get('name')} [{m.get('kind')}; {m.get('district') or '?'}; "
                       f"{m.get('field') or '?'}; {m.get('year') or '?'}]")
    for w in doc.get("warnings") or []:
        out.append(f"  warning: {w}")
    out += ["", doc.get("body") or ""]
    if doc.get("related"):
        out += ["", "Related (not part of the text):"] + [f"  - {r}" for r in doc["related"]]
    return "\n".join(out)


# -- search ----------------------------------------------------------------------
def cmd_search(args) -> int:
    from ingest.index.search import Filters, QueryError, SearchIndex

    if not 1 <= args.limit <= 100:
        print("tracuu search: --limit must be between 1 and 100", file=sys.stderr)
        return 2
    index = SearchIndex(resolve_index_dir(args.index))
    filters = Filters(district=args.district, field=args.field, year=args.year, type=args.type)
    try:
        res = index.search(args.query, filters, sort=args.sort, per_page=args.limit,
                           record="model" if args.models else "doc", facets=args.json)
    except QueryError as exc:
        print(f"tracuu search: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 0
    print(f"{res['total']} results ({res['took_ms']} ms)")
    for e in res.get("expansions") or []:
        print(f"  (also searched: {e['from']} = {e['to']})")
    for s in res.get("suggestions") or []:
        print(f"  did you mean: {s}")
    for i, r in enumerate(res["results"], 1):
        meta = " · ".join(x for x in (r.get("date"), r.get("number"), ", ".join(r.get("districts") or [])) if x)
        print(f"{i:>3}. {r['title']}")
        if meta:
            print(f"     {meta}")
        print(f"     {r.get('path')}")
        print(f"     {_plain(r.get('snippet') or '')}")
    return 0


def _plain(snippet: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"</?mark>", "*", snippet)).replace("\n", " ")


# -- serve -----------------------------------------------------------------------
def default_corpus() -> Path:
    here = Path("corpus")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "corpus"


def cmd_serve(args) -> int:
    from ingest.index.store import Store
    from ingest.run import default_jobs, ingest

    index_dir = resolve_index_dir(args.index)
    if not Store(index_dir).exists():
        corpus = Path(args.corpus) if args.corpus else default_corpus()
        if not corpus.is_dir():
            print(f"tracuu serve: no index at {index_dir} and no corpus folder {corpus} to build it from; "
                  f"run `tracuu ingest PATH --index {index_dir}` first", file=sys.stderr)
            return 1
        print(f"No index at {index_dir}: building it from {corpus} …", file=sys.stderr)
        summary = ingest([str(corpus)], index_dir, jobs=default_jobs(), wait=True,
                         log=lambda m: print(f"tracuu: {m}", file=sys.stderr, flush=True))
        print(_summary_text(summary, index_dir), file=sys.stderr)
    else:
        try:
            Store(index_dir).open()
        except IndexError_ as exc:  # serve anyway: pages answer 503 with this message until it is fixed
            print(f"tracuu serve: warning: {exc}", file=sys.stderr)
    from .server import run_server

    run_server(str(index_dir), host=args.host, port=args.port, workers=args.workers)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
