"""The plan of an ingest run: which files to read, under which names, what to delete.

The same content under several names is one document (``path`` its first
name, ``paths`` all); unchanged files (same path, same SHA-256) are not read.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import settings
from ..pipeline import document_id, file_hash
from ..readers.txt import too_large_message
from .summary import Summary
from .workers import strip_path


@dataclass
class Group:
    digest: str | None          # None: the worker hashes the file
    names: list[str]            # absolute paths, the document's own first
    read: str                   # the file the worker reads (one of the scanned names)
    shown: dict[str, str]       # absolute path -> path as given (for the summary)
    delete_ids: list[str]       # documents / aliases to remove before adding
    existed: bool               # the document id was already in the index
    new_aliases: list[str]
    scanned: frozenset = frozenset()   # the names found in this run's folders


def _kind(path: str) -> str:
    """The reader a file goes to: the same bytes named .txt and .pdf are two things."""
    suffix = os.path.splitext(path)[1].lower()
    return {".htm": ".html"}.get(suffix, suffix)


def plan(files: list[Path], entries: list[dict], summary: Summary, prune: bool):
    """Group the files by content; decide what to (re)index and what to delete.

    Returns (groups to index, ids of documents to delete outright)."""
    docs = {e["id"]: e for e in entries if e["record"] == "doc"}
    names_of: dict[str, list[str]] = {i: [e["abs_path"]] for i, e in docs.items()}
    for e in entries:
        if e["record"] == "alias" and e["document_id"] in names_of:
            names_of[e["document_id"]].append(e["abs_path"])
    doc_by_hash: dict[tuple[str, str], str] = {}
    for i, e in docs.items():
        doc_by_hash.setdefault((e["file_hash"], _kind(e["abs_path"])), i)

    limit = settings.max_file_bytes()
    scanned: dict[str, tuple[str, str]] = {}   # abs path -> (path as given, hash)
    by_hash: dict[tuple[str, str], list[str]] = {}   # (hash, reader) -> abs paths
    for f in files:
        real = str(f.resolve())
        try:
            size = f.stat().st_size
            if size > limit:
                summary.failed.append((str(f), strip_path(str(f), too_large_message(str(f), size))))
                continue
            digest = file_hash(f)
        except OSError as exc:
            summary.failed.append((str(f), f"cannot be read: {exc.strerror or exc}"))
            continue
        scanned[real] = (str(f), digest)
        by_hash.setdefault((digest, _kind(real)), []).append(real)

    def same_content(path: str, digest: str) -> bool:
        try:
            return os.path.isfile(path) and file_hash(path) == digest
        except OSError:
            return False

    groups: list[Group] = []
    claimed: set[str] = set(scanned)
    handled: set[str] = set()
    for (digest, kind), members in by_hash.items():
        members = list(members)
        old_id = doc_by_hash.get((digest, kind))
        old_names = names_of.get(old_id, []) if old_id else []
        if old_id:
            handled.add(old_id)
        for n in old_names:   # names of the same content outside this run's folders
            if n not in scanned and n not in members and _kind(n) == kind and same_content(n, digest):
                members.append(n)
                claimed.add(n)
        primary = old_names[0] if old_names and old_names[0] in members else members[0]
        members.remove(primary)
        names = [primary] + members
        doc_id = document_id(primary)
        shown = {n: scanned[n][0] if n in scanned else n for n in names}
        if (old_id == doc_id and docs[old_id]["file_hash"] == digest
                and old_names[0] == primary and set(old_names) == set(names)):
            summary.unchanged.extend(shown[n] for n in names if n in scanned)
            continue
        delete_ids = [document_id(n) for n in names]
        if old_id and old_id not in delete_ids and old_names[0] not in scanned:
            delete_ids.append(old_id)
        groups.append(Group(
            digest=digest, names=names, read=next(n for n in names if n in scanned), shown=shown,
            delete_ids=delete_ids, existed=doc_id in docs,
            new_aliases=[n for n in names[1:] if n not in old_names],
            scanned=frozenset(n for n in names if n in scanned),
        ))

    # documents not read in this run: some of their names now belong to
    # another document, or (prune) their files are gone
    deletes: list[str] = []
    for doc_id, names in names_of.items():
        if doc_id in handled or names[0] in scanned:
            continue
        lost = [n for n in names if n in claimed]
        if not lost and not prune:
            continue
        keep = [n for n in names if n not in claimed and (not prune or os.path.isfile(n))]
        if keep == names:
            continue
        if prune:
            summary.pruned.extend(n for n in names if n not in keep and n not in claimed)
        if not keep:
            deletes.append(doc_id)
            continue
        groups.append(Group(
            digest=None, names=keep, read=keep[0], shown={n: n for n in keep},
            delete_ids=list(dict.fromkeys([doc_id] + [document_id(n) for n in keep])),
            existed=document_id(keep[0]) in docs, new_aliases=[],
        ))
    return groups, deletes
