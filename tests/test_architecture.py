"""The core/shell boundary and code style, checked as part of the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    """The layers, and the app reaching the clients and the store only through the core.

    The contracts are in pyproject.toml (``lint-imports``): ui above kiosk; in kiosk the
    command line above the core, above the pipeline, above capture/imaging/outbox, above
    the API clients, above the config (tests/test_layers.py shows that the layers bite).
    """
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    kinds = {c["type"] for c in contracts}
    assert {"layers", "forbidden"} <= kinds
    # Every contract was checked (import-linter prints each one's name with its verdict).
    for contract in contracts:
        assert " ".join(contract["name"].split()[:4]) in " ".join(proc.stdout.split())


def test_the_config_reads_no_feature_package() -> None:
    """The settings models are the bottom layer: the camera, the checks, the imaging and the
    rest read the config, which imports none of them."""
    graph = grimp.build_graph("kiosk")
    for feature in ("camera", "capture", "imaging", "outbox", "api", "monitoring", "core"):
        assert not graph.chain_exists(
            importer="kiosk.config", imported=f"kiosk.{feature}", as_packages=True
        ), feature
    assert graph.chain_exists(importer="kiosk.camera", imported="kiosk.config", as_packages=True)
    assert graph.chain_exists(importer="kiosk.camera", imported="kiosk.imaging", as_packages=True)


def test_core_runs_without_qt() -> None:
    """Importing every core module in a fresh interpreter never loads PySide6."""
    code = (
        "import pkgutil, importlib, sys, kiosk\n"
        "for m in pkgutil.walk_packages(kiosk.__path__, 'kiosk.'):\n"
        "    if m.name != 'kiosk.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'ui'))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_ruff_clean() -> None:
    """The code base passes ruff's lint rules."""
    exe = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    proc = subprocess.run(
        [exe, "check", "--quiet", "kiosk", "ui", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
