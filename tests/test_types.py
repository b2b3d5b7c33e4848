"""The core type-checks: mypy, strict and with the pydantic plugin, finds no error in kiosk/.

The configuration is pyproject.toml's ``[tool.mypy]`` (``files = ["kiosk"]``); the cache
is a fresh temporary folder for the module, so every run checks every module of the core.

mypy runs in a child process, as ``python -m mypy``: run twice in the test process through
``mypy.api.run``, the compiled mypy (2.4.1, CPython 3.11.7) had pytest abort at exit once
both checks had passed ("Fatal Python error: none_dealloc: deallocating None", a reference
count fault in a C extension), which would fail the whole suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mypy's cache, new for each run and shared by its checks (the library stubs once)."""
    return tmp_path_factory.mktemp("mypy-cache")


def _mypy(cache: Path, *args: str) -> tuple[str, str, int]:
    """mypy's report, its errors and its exit status, run from the project's folder."""
    config = ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(cache)]
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", *config, *args],
        cwd=ROOT,  # the config's files are relative to the project
        capture_output=True,
        text=True,
        timeout=280,
    )
    return proc.stdout, proc.stderr, proc.returncode


def test_core_has_no_type_errors(cache: Path) -> None:
    """Every module of kiosk/ passes; a failure shows mypy's report, one line per error."""
    out, err, status = _mypy(cache)
    assert status == 0, f"mypy found type errors (exit {status}):\n{out}{err}"
    checked = re.search(r"no issues found in (\d+) source files", out)
    assert checked is not None, out + err
    # The whole core was read, not an empty or mistyped file list.
    assert int(checked.group(1)) == len(list((ROOT / "kiosk").rglob("*.py"))), out


def test_the_config_is_strict(cache: Path, tmp_path: Path) -> None:
    """The settings that check kiosk/ refuse an unannotated function and an unknown field."""
    source = (
        "from pydantic import BaseModel\n"
        "class M(BaseModel):\n"
        "    a: int\n"
        "def f(x):\n"
        "    return x\n"
        "M(a=1, b=2)\n"
    )
    sample = tmp_path / "sample.py"
    sample.write_text(source)
    out, err, status = _mypy(cache, str(sample))
    assert status == 1, out + err
    assert "[no-untyped-def]" in out, out  # strict
    assert 'Unexpected keyword argument "b"' in out, out  # the pydantic plugin's init_forbid_extra
