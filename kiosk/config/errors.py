"""The error of a wrong configuration value, raised by every settings module."""

from __future__ import annotations

from kiosk.errors import KioskError


class ConfigError(KioskError, ValueError):
    """A configuration value is wrong; the message names the setting."""
