"""What the app's process loads at start-up: the core before Qt, and no HTTP stack (its
delivery worker sends; the app only queues)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import importlib, json, sys
from kiosk.cli.app_cmd import CORE_MODULES
for name in CORE_MODULES:
    importlib.import_module(name)
core = {"qt": "PySide6" in sys.modules, "httpx": "httpx" in sys.modules}
import ui.app  # the front end, as the launcher loads it next
front = {"httpx": "httpx" in sys.modules}
print(json.dumps({"core": core, "front": front}))
"""


def test_the_core_loads_before_qt_and_without_httpx() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    loaded = json.loads(out.splitlines()[-1])
    assert loaded["core"] == {"qt": False, "httpx": False}
    assert loaded["front"] == {"httpx": False}
