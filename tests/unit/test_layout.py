"""The house rules of the layout (docs/ARCHITECTURE.md), checked on the tree."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ("ingest", "search_app", "bench", "corpus")


def _modules():
    for top in CODE:
        for p in sorted((ROOT / top).rglob("*.py")):
            if "__pycache__" not in p.parts:
                yield p


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
    return out


def test_only_the_whoosh_backend_imports_whoosh():
    whoosh_dir = ROOT / "ingest" / "index" / "whoosh"
    offenders = [str(p.relative_to(ROOT)) for p in _modules()
                 if whoosh_dir not in p.parents and any(m == "whoosh" or m.startswith("whoosh.")
                                                        for m in _imports(p))]
    assert offenders == []


def test_ingest_never_imports_search_app():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "ingest").rglob("*.py")
                 if any(m == "search_app" or m.startswith("search_app.") for m in _imports(p))]
    assert offenders == []


def test_no_module_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_only_the_settings_module_reads_tracuu_variables():
    offenders = []
    for p in list((ROOT / "ingest").rglob("*.py")) + list((ROOT / "search_app").rglob("*.py")):
        text = p.read_text(encoding="utf-8")
        if p.name != "settings.py" and ('environ.get("TRACUU_' in text or 'getenv("TRACUU_' in text):
            offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []
