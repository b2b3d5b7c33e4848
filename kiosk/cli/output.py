"""How commands report: JSON to stdout, one clear line per error to stderr."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from kiosk.config import Settings, load_settings
from kiosk.config.perms import config_file_warnings, settings_config_path
from kiosk.monitoring.logs import configure as configure_logging
from kiosk.monitoring.logs import event as log_event
from kiosk.monitoring.logs import journal_prefix

log = logging.getLogger("kiosk.config")


def print_json(data: Any) -> None:
    """Pretty JSON on stdout."""
    json.dump(data, sys.stdout, indent=2, sort_keys=False, default=str)
    sys.stdout.write("\n")


def fail(message: str, code: int = 2) -> int:
    """Print ``kiosk: error: message`` to stderr and return the exit code."""
    prefix = journal_prefix(logging.ERROR)  # under systemd: stored as an error, not info
    for line in message.splitlines() or [""]:
        print(f"{prefix}kiosk: error: {line}", file=sys.stderr)
    return code


def settings_or_exit(args: Any, **overrides: Any) -> Settings:
    """Load the settings for a command; a ``ConfigError`` exits 2 through ``main``'s one catch.

    Then the logs go where ``logging.*`` says: a one-shot command keeps stderr for
    warnings and its own messages, the delivery worker logs every event there.
    """
    return command_settings(args, load_settings(getattr(args, "config", None), **overrides))


def command_settings(args: Any, settings: Settings) -> Settings:
    """A command's loaded settings put to use: its logging, and the config file's exposure
    warned about (secrets readable by others)."""
    names = [getattr(args, "command", None), getattr(args, "queue_command", None)]
    process = "_".join(n for n in names if n) or "kiosk"
    configure_logging(
        settings,
        process=process,
        stderr_level=None if process == "queue_worker" else logging.WARNING,
        verbose=bool(getattr(args, "verbose", False)),
    )
    for warning in config_file_warnings(settings_config_path(settings)):
        log_event(log, "config_file_exposed", logging.WARNING, problem=warning)
    return settings
