"""``kiosk config show`` and ``kiosk config check``."""

from __future__ import annotations

import argparse
import sys

from kiosk.cli.local_settings import settings_without_tag
from kiosk.cli.output import fail, print_json
from kiosk.config import ConfigError, load_settings, masked_dump, resolve_config_path
from kiosk.config.perms import config_file_warnings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``config`` commands."""
    config = sub.add_parser("config", help="show or check the effective configuration")
    csub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    show = csub.add_parser("show", help="print the effective config, secrets masked")
    show.set_defaults(func=show_cmd)
    check = csub.add_parser(
        "check",
        help="validate the config, including what `kiosk run` needs; "
        "exit 2 with one line per problem",
    )
    check.set_defaults(func=check_cmd)


def show_cmd(args: argparse.Namespace) -> int:
    """Print the effective settings as JSON with secrets masked (no device tag needed)."""
    settings, tagged = settings_without_tag(args)
    data = masked_dump(settings)
    if not tagged:
        data["device_tag"] = None  # not set yet: show it as such, not the placeholder
    print_json(data)
    return 0


def check_cmd(args: argparse.Namespace) -> int:
    """Validate the settings as ``kiosk run`` would; every problem at once, one per line."""
    try:
        path = resolve_config_path(args.config)
        settings = load_settings(args.config, require_app=True)
    except ConfigError as exc:
        return fail(str(exc))
    source = path or "no config file; environment and defaults"
    print(f"config OK ({source}; environment {settings.environment})")
    for warning in config_file_warnings(path):
        print(f"kiosk: warning: {warning}", file=sys.stderr)
    return 0
