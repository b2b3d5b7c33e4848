"""What the app's process loads at start-up: the core before Qt, and no HTTP, metrics or
server stack (its delivery worker sends and exports; the app only queues), no barcode reader
and no screen beyond the start screen (loaded on first use)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import importlib, json, sys
from kiosk.cli.app_cmd import CORE_MODULES
from kiosk.cli.main import COMMAND_MODULES
for name in COMMAND_MODULES + CORE_MODULES:  # what `kiosk run` has loaded before the app
    importlib.import_module(name)
servers = ("httpx", "prometheus_client", "uvicorn")
core = {name: name in sys.modules for name in ("PySide6", *servers, "zxingcpp")}
import ui.app  # the front end, as the launcher loads it next
later = ("zxingcpp", "ui.screens.customer_flow", "ui.screens.receipt_flow", "ui.screens.admin")
front = {name: name in sys.modules for name in (*servers, *later)}
print(json.dumps({"core": core, "front": front}))
"""


def test_the_app_process_loads_the_core_first_and_no_server_stack() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    loaded = json.loads(out.splitlines()[-1])
    # Qt after the core; no HTTP client, metrics or server stack in the app's process (its
    # delivery worker sends and exports; the demo's sandbox runs in a process of its own).
    assert not any(loaded["core"].values()), loaded["core"]
    assert not any(loaded["front"].values()), loaded["front"]
