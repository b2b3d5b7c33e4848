"""How commands report: JSON to stdout, one clear line per error to stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

from kiosk.config import Settings, load_settings


def print_json(data: Any) -> None:
    """Pretty JSON on stdout."""
    json.dump(data, sys.stdout, indent=2, sort_keys=False, default=str)
    sys.stdout.write("\n")


def fail(message: str, code: int = 2) -> int:
    """Print ``kiosk: error: message`` to stderr and return the exit code."""
    for line in message.splitlines() or [""]:
        print(f"kiosk: error: {line}", file=sys.stderr)
    return code


def settings_or_exit(args: Any, **overrides: Any) -> Settings:
    """Load the settings for a command; a ``ConfigError`` exits 2 through ``main``'s one catch."""
    return load_settings(getattr(args, "config", None), **overrides)
