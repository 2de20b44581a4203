"""The ``tracuu ingest`` and ``tracuu extract`` commands (the ``tracuu``
command itself is ``search_app/cli.py``, which adds these two)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import settings

EPILOG = "Index location: --index, else $TRACUU_INDEX, else instance/index under the current directory."


def add_commands(sub) -> None:
    """Add `ingest` and `extract` to the subcommands of the ``tracuu`` parser."""
    ing = sub.add_parser(
        "ingest", help="add files and folders to the index",
        description="Read files and folders (recursively: .txt, .html, .htm, .pdf, .docx, .doc, .rtf, .xlsx, .xls), "
        "extract their text and metadata and add them to the index. Unchanged files are skipped; "
        "changed files are updated in place; the same content under two names is one document. "
        "Ends with a summary: new, updated, unchanged, failed (each failure with its reason). "
        "Only one ingest writes to an index at a time; an interrupted ingest keeps every batch it "
        "committed, and running it again goes on where it stopped.",
        epilog=EPILOG + "\n\nSettings (environment):\n" + settings.describe(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    ing.set_defaults(handler=cmd_ingest)

    ext = sub.add_parser(
        "extract", help="show what tracuu extracts from one file (no index needed)",
        description="Run the whole pipeline on one file and print the extracted document.",
    )
    ext.add_argument("file", metavar="FILE")
    ext.add_argument("--json", action="store_true", help="print the document JSON")
    ext.set_defaults(handler=cmd_extract)


def cmd_ingest(args) -> int:
    from .run import default_jobs, ingest

    if args.jobs is not None and args.jobs < 1:
        print("tracuu ingest: --jobs must be at least 1", file=sys.stderr)
        return 2
    index_dir = settings.resolve_index_dir(args.index)
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
        print(summary_text(summary, index_dir))
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


def summary_text(s, index_dir) -> str:
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
    from .errors import ReaderError
    from .pipeline import extract_file

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
