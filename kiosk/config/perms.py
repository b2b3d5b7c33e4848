"""A config file that holds secrets must not be readable (or writable) by every local user.

Not refused, since the kiosk may be one that staff set up by hand; warned wherever staff
and IT look: the log of every command and of the app, ``kiosk config check`` and
``kiosk health`` (and so the admin Health tab).
"""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from typing import Any

from kiosk.credentials import CREDENTIAL_SETTINGS

# The secret settings a config file may hold: those a credential may set, and the staff PIN.
SECRETS = (*CREDENTIAL_SETTINGS, "app.staff_pin")


def _held(data: dict[str, Any]) -> list[str]:
    held = []
    for name in SECRETS:
        section, key = name.split(".")
        table = data.get(section)
        if isinstance(table, dict) and table.get(key) not in (None, "", {}):
            held.append(name)
    return held


def config_file_warnings(path: Path | None) -> list[str]:
    """One line per way the config file exposes its secrets to other users (none: [])."""
    if path is None:
        return []
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # unreadable or not TOML: loading the settings reports that
    warnings = []
    if mode & stat.S_IWOTH:
        warnings.append(
            f"the config file {path} is writable by every user (mode {mode:04o}): anyone "
            f"could point the kiosk at another server; chmod o-w {path}"
        )
    held = _held(data)
    if held and mode & stat.S_IROTH:
        warnings.append(
            f"the config file {path} holds secrets ({', '.join(held)}) and is readable by "
            f"every user (mode {mode:04o}); chmod 0640 {path} (or 0600), or move them to "
            "systemd credentials"
        )
    return warnings


def settings_config_path(settings: object) -> Path | None:
    """The TOML file ``load_settings`` read these settings from (None: none)."""
    path = getattr(type(settings), "_toml_path", None)
    return path if isinstance(path, Path) else None
