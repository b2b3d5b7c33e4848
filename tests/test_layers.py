"""The layers contract of kiosk/ places every top-level module, and it bites.

tests/test_architecture.py runs ``lint-imports`` on the real contracts; these tests run it
on copies of the layers contract with one thing changed, to show that an unplaced module
and an upward import each fail lint.
"""

from __future__ import annotations

import json
import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import kiosk

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LAYERS: dict[str, Any] = next(c for c in CONFIG["contracts"] if c["type"] == "layers")


def _names(layer: str) -> list[str]:
    """The module names of one layer, without the parentheses of an optional one."""
    return [name.strip().strip("()") for name in re.split(r"[:|]", layer)]


def _lint(tmp_path: Path, layers: list[str]) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the layers contract with ``layers`` in place of its own."""
    contract = {**LAYERS, "layers": layers}
    lines = [
        "[tool.importlinter]",
        f"root_packages = {json.dumps(CONFIG['root_packages'])}",
        "[[tool.importlinter.contracts]]",
        # JSON strings, lists and booleans are TOML too.
        *(f"{key} = {json.dumps(value)}" for key, value in contract.items()),
    ]
    path = tmp_path / "layers.toml"
    path.write_text("\n".join(lines) + "\n")
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return subprocess.run(
        [exe, "--no-cache", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_every_top_level_module_of_kiosk_has_a_layer() -> None:
    """Exhaustive, over kiosk's children; every name in the contract exists or is optional."""
    assert LAYERS["containers"] == ["kiosk"] and LAYERS["exhaustive"] is True
    modules = {m.name for m in pkgutil.iter_modules(kiosk.__path__)}
    declared = [name for layer in LAYERS["layers"] for name in _names(layer)]
    assert len(declared) == len(set(declared))  # each module in one layer
    assert modules - set(declared) == set()
    required = {n for layer in LAYERS["layers"] for n in re.split(r"[:|]", layer)}
    assert {n.strip() for n in required if "(" not in n} <= modules
    # Upward imports are fixed, not ignored; the few left each carry the reason above them.
    text = (ROOT / "pyproject.toml").read_text().splitlines()
    for ignored in LAYERS.get("ignore_imports", []):
        line = next(n for n, row in enumerate(text) if row.strip() == f'"{ignored}",')
        assert text[line - 1].strip().startswith("#"), f"{ignored}: no comment says why"


def test_the_copied_contract_is_kept(tmp_path: Path) -> None:
    """The copy the next tests change passes as it is, so their failures are the change's."""
    proc = _lint(tmp_path, LAYERS["layers"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_a_module_left_out_of_the_layers_fails_lint(tmp_path: Path) -> None:
    """A top-level module no layer names (here kiosk.memory) breaks the contract."""
    layers = [
        " | ".join(n for n in _names(layer) if n != "memory") if "memory" in layer else layer
        for layer in LAYERS["layers"]
    ]
    assert layers != LAYERS["layers"]
    proc = _lint(tmp_path, layers)
    assert proc.returncode != 0
    assert "not listed as layers" in proc.stdout and "- kiosk.memory" in proc.stdout


def test_an_upward_import_fails_lint(tmp_path: Path) -> None:
    """With the API clients below the config, their reading of the config is upward."""
    layers = list(LAYERS["layers"])
    api, config = layers.index("api"), layers.index("config")
    layers[api], layers[config] = layers[config], layers[api]
    proc = _lint(tmp_path, layers)
    assert proc.returncode != 0
    assert "BROKEN" in proc.stdout
    assert re.search(r"kiosk\.api\S* -> kiosk\.config", proc.stdout), proc.stdout
