"""``kiosk health``: outbox, APIs, camera, disk and the last delivery, Nagios-style."""

from __future__ import annotations

import argparse

from kiosk.cli.local_settings import settings_without_tag
from kiosk.cli.output import command_settings, print_json
from kiosk.monitoring.health import evaluate


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``health`` command."""
    p = sub.add_parser(
        "health",
        help="one-line health summary; exit 0 ok, 1 warning, 2 critical",
        description="Summarise the outbox, each API as the delivery worker last found it, "
        "the camera as the app last recorded it, the data dir's free disk space and the last "
        "successful delivery. Exit codes follow the Nagios plugin guidelines (0 OK, "
        "1 WARNING, 2 CRITICAL); the thresholds are the health.* settings.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the summary; the exit code is its worst state."""
    # It reads and sends nothing: a kiosk being set up (no tag, no API settings) has health
    # too. Not through the outbox: opening it would refuse a lost device key, which is one of
    # the things to report here, and a health check creates and changes nothing.
    settings = command_settings(args, settings_without_tag(args)[0])
    health = evaluate(settings)
    if args.json:
        print_json(health.to_json())
    else:
        print(health.line())
    return int(health.status)
