"""Fixtures for the packaging tests (marker ``packaging``; run with ``-m packaging``).

``bundle_dir``: the PyInstaller one-folder bundle, ``dist/bundle/kiosk/`` (its executable is
``bundle_dir / "kiosk"``), built once per test session by ``packaging/pyinstaller/build``.
With ``KIOSK_REUSE_BUNDLE=1`` an existing bundle is reused when it is newer than every
source file that goes into it (kiosk/, ui/, resources/, packaging/pyinstaller/,
pyproject.toml); otherwise, or when it is stale, it is rebuilt.

``bundle_env``: a minimal environment for running the frozen executable as a kiosk would
(no Python, no checkout, no KIOSK_* settings from the machine), with its own HOME, data dir
and config dir under a fresh temporary folder.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from installed_kiosk import build_deb

from kiosk import __version__

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "packaging" / "pyinstaller" / "build"
BUNDLE = REPO / "dist" / "bundle" / "kiosk"
LOCK = REPO / "build" / "pyinstaller.lock"  # held by the build command while it runs
SOURCES = ("kiosk", "ui", "resources", "packaging/pyinstaller", "pyproject.toml")


def _newest_source_mtime() -> float:
    """The latest modification time of any file that goes into the bundle."""
    newest = 0.0
    for name in SOURCES:
        root = REPO / name
        files = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" not in path.parts:
                newest = max(newest, path.stat().st_mtime)
    return newest


def _bundle_is_current() -> bool:
    """True when the bundle exists and is newer than its sources."""
    executable = BUNDLE / "kiosk"
    return executable.is_file() and executable.stat().st_mtime > _newest_source_mtime()


@pytest.fixture(scope="session")
def bundle_dir() -> Path:
    """The built bundle folder ``dist/bundle/kiosk`` (built once per session)."""
    # A build running in another session holds this lock; wait for it before judging.
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        reuse = os.environ.get("KIOSK_REUSE_BUNDLE") == "1" and _bundle_is_current()
    if not reuse:
        # The interpreter running the tests has the project and PyInstaller installed.
        command = [sys.executable, str(BUILD)]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, f"bundle build failed:\n{result.stderr[-4000:]}"
    assert (BUNDLE / "kiosk").is_file()
    return BUNDLE


@pytest.fixture
def bundle_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A bare environment for the frozen executable: PATH, HOME and XDG dirs only."""
    home = tmp_path / "home"
    home.mkdir()
    yield {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
        "KIOSK_DEVICE_TAG": "bundle-test",
    }


@pytest.fixture(scope="session")
def deb(bundle_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Debian package of the current version, built from the bundle once per session."""
    deb = build_deb(bundle_dir, tmp_path_factory.mktemp("deb"))
    assert deb.name == f"branch-kiosk_{__version__}_amd64.deb"
    return deb


@pytest.fixture(scope="session")
def deb_next(bundle_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same bundle packaged as the next version."""
    return build_deb(bundle_dir, tmp_path_factory.mktemp("deb-next"), f"{__version__}+1")
