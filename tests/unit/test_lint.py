"""ruff (configured in pyproject.toml) finds nothing in the repository."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ruff() -> list[str]:
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    if shutil.which("ruff"):
        return [shutil.which("ruff")]
    pytest.skip("ruff is not installed (pip install -e '.[test]')")


def _check(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run([*_ruff(), "check", "--no-cache", *paths], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_tests_are_ruff_clean():
    proc = _check("tests")
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]


def test_repository_is_ruff_clean():
    proc = _check(".")
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
