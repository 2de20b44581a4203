"""Every ``TRACUU_*`` environment setting, in one place.

Each setting is a :class:`Setting` (name, default, type, unit, one-line
description) in :data:`SETTINGS`; :func:`describe` renders them as a table
for ``tracuu --help``. Values are read from the environment *each time* a
reader function is called (tests and long-running servers change the
environment at run time), never cached.

Invalid values: a number setting must be a positive number. As before this
module existed, an empty, unparsable, zero or negative value is ignored and
the default is used (``read()``); ``read(strict=True)`` raises
:class:`~ingest.errors.SettingError` naming the variable instead, and
:func:`problems` lists every invalid value currently set, for a command
that wants to warn about them.

Reader functions (what the rest of the code calls)::

    max_file_mb() -> float        max_file_bytes() -> int
    file_timeout() -> float       max_worker_mb() -> float
    max_pdf_pages() -> int        max_docx_mb() -> float
    max_xlsx_mb() -> float        batch_size() -> int
    resolve_index_dir(option) -> Path

:data:`TEST_SETTINGS` lists the ``TRACUU_*`` variables only the test suite
and benchmarks read (they are documented here, not read here).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import SettingError

__all__ = [
    "Setting", "SETTINGS", "TEST_SETTINGS", "by_name", "describe", "problems",
    "INDEX", "MAX_FILE_MB", "FILE_TIMEOUT", "MAX_WORKER_MB", "MAX_PDF_PAGES", "MAX_DOCX_MB", "MAX_XLSX_MB",
    "BATCH_SIZE", "DEFAULT_INDEX", "resolve_index_dir", "index_dir",
    "max_file_mb", "max_file_bytes", "file_timeout", "max_worker_mb", "max_pdf_pages", "max_docx_mb",
    "max_xlsx_mb", "batch_size",
]

_MISSING = object()


@dataclass(frozen=True)
class Setting:
    """One environment setting.

    ``type`` is ``"int"`` or ``"float"`` (a positive number) or ``"path"``
    (any non-empty text)."""

    name: str
    default: object
    type: str
    unit: str
    description: str

    def raw(self) -> str | None:
        """The variable's text as set now, or None when unset or empty."""
        value = os.environ.get(self.name)
        return value if value else None

    def parse(self, text: str):
        """`text` as this setting's type; raises SettingError when invalid."""
        if self.type == "path":
            if not text.strip():
                raise self._error(text, "a folder path")
            return text
        try:
            n = float(text)
        except ValueError:
            n = None
        if n is None or not n > 0 or (self.type == "int" and n == float("inf")):
            raise self._error(text, "a positive number" + (f" of {self.unit}" if self.unit else ""))
        return int(n) if self.type == "int" else n

    def read(self, *, strict: bool = False, default=_MISSING):
        """The value now: the environment's, else the default.

        An invalid value gives the default (``strict=False``, the behaviour
        tracuu always had) or raises SettingError (``strict=True``).
        `default` overrides the setting's default (a module constant that a
        test may patch)."""
        fallback = self.default if default is _MISSING else default
        text = self.raw()
        if text is None:
            return fallback
        try:
            return self.parse(text)
        except SettingError:
            if strict:
                raise
            return fallback

    def problem(self) -> str | None:
        """The message for the value set now when it is invalid, else None."""
        text = self.raw()
        if text is None:
            return None
        try:
            self.parse(text)
        except SettingError as exc:
            return str(exc)
        return None

    def _error(self, text: str, expected: str) -> SettingError:
        return SettingError(
            f"the environment variable {self.name}={text!r} is not valid: it must be {expected}; "
            f"fix it or unset it to use the default ({self.shown_default()})"
        )

    def shown_default(self) -> str:
        d = self.default
        text = f"{d:g}" if isinstance(d, float) else str(d)
        return f"{text} {self.unit}".strip() if self.type != "path" else text


# -- the settings -----------------------------------------------------------------------
INDEX = Setting(
    "TRACUU_INDEX", str(Path("instance") / "index"), "path", "",
    "index folder when --index is not given (relative to the current folder)")
MAX_FILE_MB = Setting(
    "TRACUU_MAX_FILE_MB", 200, "float", "MB",
    "largest file that is read; a larger one is reported and skipped")
FILE_TIMEOUT = Setting(
    "TRACUU_FILE_TIMEOUT", 120.0, "float", "seconds",
    "time one file may take to be read and analyzed before it is reported as failed")
MAX_WORKER_MB = Setting(
    "TRACUU_MAX_WORKER_MB", 2048, "float", "MB",
    "resident memory one ingest worker may use before its file is reported as failed")
MAX_PDF_PAGES = Setting(
    "TRACUU_MAX_PDF_PAGES", 2000, "int", "pages",
    "a PDF with more pages than this is not read")
MAX_DOCX_MB = Setting(
    "TRACUU_MAX_DOCX_MB", 200, "float", "MB",
    "a .docx that unpacks to more than this is not read (zip bomb guard)")
MAX_XLSX_MB = Setting(
    "TRACUU_MAX_XLSX_MB", 200, "float", "MB",
    "a .xlsx (or an .xls converted to it) that unpacks to more than this is not read (zip bomb guard)")
BATCH_SIZE = Setting(
    "TRACUU_BATCH_SIZE", 1000, "int", "documents",
    "documents written per index commit; an interrupted run keeps what was committed")

SETTINGS: tuple[Setting, ...] = (
    INDEX, MAX_FILE_MB, FILE_TIMEOUT, MAX_WORKER_MB, MAX_PDF_PAGES, MAX_DOCX_MB, MAX_XLSX_MB, BATCH_SIZE,
)

# Read by the test suite and benchmarks only (tests/, bench/), not by tracuu.
TEST_SETTINGS: tuple[Setting, ...] = (
    Setting("TRACUU_FAULT_REPORT", "", "path", "",
            "file where fault, fuzz and load tests append their report"),
    Setting("TRACUU_FUZZ_EXAMPLES", 200, "int", "examples", "examples per property in tests/system/test_fuzz.py"),
    Setting("TRACUU_KILL_SEED", 20240611, "int", "", "random seed of the kill test in tests/system/test_faults.py"),
    Setting("TRACUU_KILLS", 20, "int", "kills", "how many times tests/system/test_faults.py kills an ingest run"),
    Setting("TRACUU_LOAD_SECONDS", 5.0, "float", "seconds", "duration of tests/system/test_load.py"),
    Setting("TRACUU_LOAD_CLIENTS", 50, "int", "clients", "concurrent clients of tests/system/test_load.py"),
    Setting("TRACUU_SHARED", "", "path", "",
            "the shared data folder (seeds, real data sets); default: `shared` beside the checkout"),
)


def by_name(name: str) -> Setting:
    """The setting called `name` ("TRACUU_BATCH_SIZE"); KeyError if unknown."""
    for s in SETTINGS + TEST_SETTINGS:
        if s.name == name:
            return s
    raise KeyError(name)


def describe(settings=SETTINGS) -> str:
    """A plain-text table of `settings` (name, default, meaning), one a line."""
    rows = [(s.name, s.shown_default(), s.description) for s in settings]
    w1 = max(len(r[0]) for r in rows)
    w2 = max(len(r[1]) for r in rows)
    return "\n".join(f"{a:<{w1}}  {b:<{w2}}  {c}" for a, b, c in rows)


def problems(settings=SETTINGS) -> list[str]:
    """Messages for the settings now set to invalid values (empty when none)."""
    return [p for p in (s.problem() for s in settings) if p]


# -- reader functions -------------------------------------------------------------------
DEFAULT_INDEX = Path(INDEX.default)


def resolve_index_dir(option: str | os.PathLike | None) -> Path:
    """`--index`, else $TRACUU_INDEX, else instance/index in the current folder."""
    if option:
        return Path(option)
    return Path(INDEX.read())


def index_dir() -> Path:
    """$TRACUU_INDEX, else instance/index (no command-line option)."""
    return resolve_index_dir(None)


def max_file_mb(*, strict: bool = False, default=_MISSING) -> float:
    return MAX_FILE_MB.read(strict=strict, default=default)


def max_file_bytes(*, strict: bool = False, default=_MISSING) -> int:
    """The largest file tracuu reads, in bytes ("inf" MB: no limit)."""
    mb = max_file_mb(strict=strict, default=default)
    return sys.maxsize if mb == float("inf") else int(mb * 1024 * 1024)


def file_timeout(*, strict: bool = False, default=_MISSING) -> float:
    return FILE_TIMEOUT.read(strict=strict, default=default)


def max_worker_mb(*, strict: bool = False, default=_MISSING) -> float:
    return MAX_WORKER_MB.read(strict=strict, default=default)


def max_pdf_pages(*, strict: bool = False, default=_MISSING) -> int:
    return int(MAX_PDF_PAGES.read(strict=strict, default=default))


def max_docx_mb(*, strict: bool = False, default=_MISSING) -> float:
    return float(MAX_DOCX_MB.read(strict=strict, default=default))


def max_xlsx_mb(*, strict: bool = False, default=_MISSING) -> float:
    return float(MAX_XLSX_MB.read(strict=strict, default=default))


def batch_size(*, strict: bool = False, default=_MISSING) -> int:
    return int(BATCH_SIZE.read(strict=strict, default=default))
