"""Settings for commands that submit nothing (``config show``, ``camera``, ``check``).

The device tag only labels uploads and the production API settings only matter to what
sends, so these commands run without them: a kiosk being set up can list its cameras and
check an image before it has a tag or its API settings. Every other problem with the
config is still reported, all at once.
"""

from __future__ import annotations

from typing import Any

from kiosk.config import ConfigError, Settings, load_settings

_TAG_MISSING = "device_tag: required but not set"
# Stands in for a tag that is not set; never uploaded (these commands queue nothing).
PLACEHOLDER_TAG = "device-tag-not-set"


def settings_without_tag(args: Any) -> tuple[Settings, bool]:
    """The settings, and whether ``device_tag`` is really set (a placeholder stands in if not).

    ConfigError (one line per problem) for anything wrong besides a missing device tag.
    """
    path = getattr(args, "config", None)
    try:
        return load_settings(path, require_apis=False), True
    except ConfigError as exc:
        lines = str(exc).splitlines()
        rest = [line for line in lines if not line.startswith(_TAG_MISSING)]
        if len(rest) == len(lines):
            raise
        if rest:
            raise ConfigError("\n".join(rest)) from None
    return load_settings(path, require_apis=False, device_tag=PLACEHOLDER_TAG), False
