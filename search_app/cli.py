"""The `tracuu` command: ingest, extract (from ``ingest/cli.py``), search, serve.

Exit codes: 0 success, 1 some input failed (reported), 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ingest import cli as ingest_cli
from ingest import settings
from ingest.errors import IndexProblem
from ingest.settings import resolve_index_dir

EPILOG = ingest_cli.EPILOG


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tracuu",
        description="Search Vietnamese provincial news and administrative documents.",
        epilog=EPILOG + "\n\nSettings (environment):\n" + settings.describe(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    ingest_cli.add_commands(sub)

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
    se.add_argument("--by", choices=["model", "mention"], default="model",
                    help="with --models: one result per model, its mentions grouped (default), or per mention")
    se.add_argument("--json", action="store_true", help="print the API's JSON")
    se.add_argument("--skip", action="append", default=[], metavar="KIND",
                    choices=["district", "commune", "year", "field", "type"],
                    help="do not read this kind of name in the query as a filter or boost (repeatable)")
    se.add_argument("--literal", action="store_true",
                    help="search the words exactly as typed: no natural reading of places and years, "
                         "no spelling correction")
    se.add_argument("--index", metavar="DIR", help="index directory")
    se.set_defaults(handler=cmd_search)

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
    sv.set_defaults(handler=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except IndexProblem as exc:
        print(f"tracuu: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away ("tracuu search … | head"): stop quietly, as a Unix tool does
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        return 0
    except RuntimeError as exc:  # e.g. a worker process that cannot start
        print(f"tracuu: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tracuu: interrupted; everything committed before stays in the index", file=sys.stderr)
        return 1


# -- search ----------------------------------------------------------------------
def cmd_search(args) -> int:
    from .search import Filters, QueryError, SearchService

    if not 1 <= args.limit <= 100:
        print("tracuu search: --limit must be between 1 and 100", file=sys.stderr)
        return 2
    index = SearchService(resolve_index_dir(args.index))
    filters = Filters(district=args.district, field=args.field, year=args.year, type=args.type)
    try:
        res = index.search(args.query, filters, sort=args.sort, per_page=args.limit,
                           record="model" if args.models else "doc", facets=args.json,
                           literal=args.literal, skip=tuple(args.skip), by=args.by)
    except QueryError as exc:
        print(f"tracuu search: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 0
    print(f"{res['total']} results ({res['took_ms']} ms)")
    for c in res.get("interpreted") or []:
        print(f"  read as {c['kind']}: {c['value']} (from \"{c['text']}\"; as typed: --literal)")
    if res.get("corrected"):
        print(f"  showing results for: {res['corrected']['to']} (search as typed: --literal)")
    elif res.get("rung") == "partial":
        print("  no document holds every word: those holding the most of them")
    elif res.get("rung") == "folded":
        print("  no result with the diacritics as typed: matched without them")
    for e in res.get("expansions") or []:
        print(f"  (also searched: {e['from']} = {e['to']})")
    for s in res.get("suggestions") or []:
        print(f"  did you mean: {s}")
    for i, r in enumerate(res["results"], 1):
        meta = " · ".join(x for x in (r.get("date"), r.get("number"), ", ".join(r.get("districts") or [])) if x)
        print(f"{i:>3}. {r['title']}")
        if r.get("mentions"):
            also = f"; also named: {'; '.join(r['aliases'][:3])}" if r.get("aliases") else ""
            meta = " · ".join(x for x in (f"{r['mentions']} mentions in {r['documents']} documents"
                                          f" ({r['first_year']}–{r['last_year']})" if r.get("first_year") else
                                          f"{r['mentions']} mentions in {r['documents']} documents",
                                          r.get("district"), r.get("kind")) if x) + also
        if meta:
            print(f"     {meta}")
        print(f"     {r.get('path')}")
        print(f"     {_plain(r.get('snippet') or '')}")
    return 0


def _plain(snippet: str) -> str:
    import html
    import re

    marked = re.sub(r"</?mark>", "*", snippet)
    return html.unescape(re.sub(r"<[^>]+>", "", marked)).replace("\n", " ")


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
        print(ingest_cli.summary_text(summary, index_dir), file=sys.stderr)
    else:
        try:
            Store(index_dir).check()
        except IndexProblem as exc:  # serve anyway: pages answer 503 with this message until it is fixed
            print(f"tracuu serve: warning: {exc}", file=sys.stderr)
    from .web.server import run_server

    run_server(str(index_dir), host=args.host, port=args.port, workers=args.workers)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
