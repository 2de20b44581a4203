"""Finding the files of an ingest run: folders walked, links, ignore patterns."""
from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ..readers import SUPPORTED_SUFFIXES
from .summary import Summary


def find_files(paths: list[str], summary: Summary) -> Iterator[Path]:
    """Files under `paths` (recursively, sorted), skipping hidden ones.

    Symbolic links to files are followed (a file reached twice is read
    once); links to folders are not. A link that points nowhere or loops, a
    folder that cannot be listed and a special file (pipe, device) are
    reported in the summary.
    """
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if not p.exists():
            if p.is_symlink():
                summary.failed.append((shown(given), _dangling_reason(p)))
            else:
                summary.failed.append((shown(given), "no such file or folder"))
            continue
        if p.is_file():
            candidates = [p]
        elif p.is_dir():
            candidates = _walk(p, summary)
        else:
            summary.failed.append((shown(given), "not a regular file (a pipe, socket or device)"))
            continue
        for q in candidates:
            if not _utf8(str(q)):
                summary.failed.append((shown(q), "the file name is not valid UTF-8 (an old Windows or "
                                       "zip encoding?); rename the file and ingest it again"))
                continue
            try:
                real = str(q.resolve(strict=True))
            except (OSError, RuntimeError):
                summary.failed.append((shown(q), _dangling_reason(q)))
                continue
            if real in seen:
                continue
            seen.add(real)
            if q.suffix.lower() not in SUPPORTED_SUFFIXES:
                summary.skipped.append((shown(q), f"unsupported file type '{q.suffix or '(none)'}'"))
                continue
            yield q


def _walk(root: Path, summary: Summary) -> list[Path]:
    ignored = _ignore_patterns(root)
    out: list[Path] = []

    def onerror(exc: OSError):
        where = exc.filename or str(root)
        summary.failed.append((shown(where), f"folder cannot be read: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=onerror):
        base = Path(folder)
        rel_base = base.relative_to(root)
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(".") and not _ignored(rel_base / d, ignored, folder=True))
        for name in dirs:
            if (base / name).is_symlink():
                summary.skipped.append((shown(base / name), "a symbolic link to a folder (not followed)"))
        for name in files:
            rel = rel_base / name
            if _hidden(rel) or _ignored(rel, ignored):
                continue
            q = base / name
            try:
                st = q.stat()
            except OSError:
                if q.is_symlink():
                    summary.failed.append((shown(q), _dangling_reason(q)))
                else:
                    summary.failed.append((shown(q), "cannot be read"))
                continue
            if stat.S_ISDIR(st.st_mode):
                summary.skipped.append((shown(q), "a symbolic link to a folder (not followed)"))
                continue
            if not stat.S_ISREG(st.st_mode):
                summary.skipped.append((shown(q), "not a regular file (a pipe, socket or device)"))
                continue
            out.append(q)
    return sorted(out)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def shown(p) -> str:
    """A path as text that can always be printed (undecodable bytes as \\xNN)."""
    return os.fsencode(str(p)).decode("utf-8", "backslashreplace")


def _dangling_reason(p: Path) -> str:
    try:
        target = os.readlink(p)
    except OSError:
        return "a symbolic link that cannot be followed"
    try:
        p.resolve(strict=True)
    except RuntimeError:
        return f"a symbolic link that loops (-> {target})"
    except OSError as exc:
        if getattr(exc, "errno", None) == 40:
            return f"a symbolic link that loops (-> {target})"
    return f"a symbolic link to a file that does not exist (-> {target})"


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


IGNORE_FILE = ".tracuuignore"


def _ignore_patterns(folder: Path) -> list[str]:
    """Glob patterns from `<folder>/.tracuuignore` (one per line, # comments),
    matched against paths relative to the folder: "src/", "*.py"."""
    try:
        lines = (folder / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _ignored(rel: Path, patterns: list[str], folder: bool = False) -> bool:
    path = rel.as_posix() + ("/" if folder else "")
    for pat in patterns:
        if pat.endswith("/"):
            if path.startswith(pat) or f"/{pat}" in f"/{path}":
                return True
        elif not folder and (fnmatch.fnmatch(path, pat) or fnmatch.fnmatch(rel.name, pat)):
            return True
    return False
