"""ingest.settings (every TRACUU_* value) and ingest.errors (one hierarchy)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ingest import errors, settings
from ingest.errors import SettingError, TracuuError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for s in settings.SETTINGS:
        monkeypatch.delenv(s.name, raising=False)


def test_defaults():
    assert settings.max_file_mb() == 200
    assert settings.max_file_bytes() == 200 * 1024 * 1024
    assert settings.file_timeout() == 120.0
    assert settings.max_worker_mb() == 2048
    assert settings.max_pdf_pages() == 2000
    assert settings.max_docx_mb() == 200.0
    assert settings.batch_size() == 1000
    assert settings.resolve_index_dir(None) == Path("instance") / "index"


def test_read_at_call_time(monkeypatch):
    monkeypatch.setenv("TRACUU_BATCH_SIZE", "10")
    assert settings.batch_size() == 10
    monkeypatch.setenv("TRACUU_BATCH_SIZE", "25")
    assert settings.batch_size() == 25
    monkeypatch.setenv("TRACUU_MAX_FILE_MB", "0.5")
    assert settings.max_file_bytes() == 512 * 1024
    monkeypatch.setenv("TRACUU_FILE_TIMEOUT", "4")
    assert settings.file_timeout() == 4.0
    monkeypatch.setenv("TRACUU_MAX_PDF_PAGES", "2.9")
    assert settings.max_pdf_pages() == 2          # as int(float(...)) always did


@pytest.mark.parametrize("value", ["", "abc", "0", "-3", "nan"])
def test_invalid_value_gives_default_or_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("TRACUU_MAX_DOCX_MB", value)
    assert settings.max_docx_mb() == 200.0
    if value == "":
        assert settings.max_docx_mb(strict=True) == 200.0   # empty is unset
        assert settings.problems() == []
        return
    with pytest.raises(SettingError) as ei:
        settings.max_docx_mb(strict=True)
    msg = str(ei.value)
    assert "TRACUU_MAX_DOCX_MB" in msg and repr(value) in msg and "positive number" in msg
    assert isinstance(ei.value, ValueError) and isinstance(ei.value, TracuuError)
    assert settings.problems() == [msg]


def test_default_override_for_patched_module_constants(monkeypatch):
    assert settings.max_pdf_pages(default=1) == 1
    monkeypatch.setenv("TRACUU_MAX_PDF_PAGES", "7")
    assert settings.max_pdf_pages(default=1) == 7


def test_resolve_index_dir(monkeypatch, tmp_path):
    assert settings.resolve_index_dir(str(tmp_path)) == tmp_path
    monkeypatch.setenv("TRACUU_INDEX", str(tmp_path / "env"))
    assert settings.resolve_index_dir(None) == tmp_path / "env"
    assert settings.index_dir() == tmp_path / "env"
    assert settings.resolve_index_dir("opt") == Path("opt")
    monkeypatch.setenv("TRACUU_INDEX", "")
    assert settings.resolve_index_dir(None) == settings.DEFAULT_INDEX


def test_describe_lists_every_setting():
    text = settings.describe()
    lines = text.splitlines()
    assert len(lines) == len(settings.SETTINGS)
    for s in settings.SETTINGS:
        assert s.name in text and s.description in text
        assert s.type in ("int", "float", "path") and s.description
    assert "200 MB" in text and "120 seconds" in text
    assert settings.by_name("TRACUU_BATCH_SIZE") is settings.BATCH_SIZE


def test_every_tracuu_variable_in_the_code_is_a_setting():
    """A TRACUU_* name anywhere in the code or README is listed here."""
    try:
        out = subprocess.run(["git", "grep", "-ohE", r"TRACUU_[A-Z_]+[A-Z]", "--", "*.py", "*.md"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git grep not available")
    used = set(out.split())
    known = {s.name for s in settings.SETTINGS + settings.TEST_SETTINGS}
    assert used - known <= {"TRACUU_"}, used - known


def test_readers_use_the_settings(monkeypatch):
    from ingest.readers import docx, pdf, txt

    monkeypatch.setenv("TRACUU_MAX_FILE_MB", "3")
    assert txt.max_file_bytes() == 3 * 1024 * 1024
    monkeypatch.setenv("TRACUU_MAX_PDF_PAGES", "50")
    assert pdf.max_pages() == 50
    monkeypatch.setenv("TRACUU_MAX_DOCX_MB", "20")
    assert docx.max_unpacked_mb() == 20.0
    monkeypatch.setenv("TRACUU_BATCH_SIZE", "x")
    assert settings.batch_size() == 1000
    monkeypatch.setenv("TRACUU_BATCH_SIZE", "12")
    assert settings.batch_size() == 12


# -- errors ---------------------------------------------------------------------------------
def test_error_hierarchy():
    assert issubclass(errors.ReaderError, TracuuError)
    for cls in (errors.IndexNotFound, errors.IndexDamaged, errors.IndexBusy, errors.IndexWriteError):
        assert issubclass(cls, errors.IndexProblem) and issubclass(cls, TracuuError)
    assert issubclass(errors.QuerySyntaxError, errors.QueryError)
    assert issubclass(errors.QueryError, ValueError) and issubclass(errors.QueryError, TracuuError)
    assert issubclass(SettingError, ValueError) and issubclass(SettingError, TracuuError)
    for name in errors.__all__:
        assert getattr(errors, name).__doc__


def test_reader_error_is_importable_where_it_was():
    from ingest.readers import ReaderError as A
    from ingest.readers import UnsupportedFormat
    from ingest.readers.base import ReaderError as B

    assert A is B is errors.ReaderError
    assert issubclass(UnsupportedFormat, TracuuError)
    with pytest.raises(TracuuError):
        from ingest.readers import read
        read("no-such-file.txt")
