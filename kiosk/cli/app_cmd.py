"""``kiosk run`` / ``kiosk demo``: start the installed front end.

The core never imports the UI: the front end registers itself under the
``branch_kiosk.frontends`` entry-point group and is looked up here by name.
"""

from __future__ import annotations

import argparse
from importlib.metadata import entry_points

from kiosk.cli.output import fail

GROUP = "branch_kiosk.frontends"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``run`` and ``demo`` commands."""
    run = sub.add_parser("run", help="start the kiosk app from its config (the default)")
    run.add_argument("--windowed", action="store_true", help="a normal window, not fullscreen")
    run.set_defaults(func=lambda a: launch("run", a))
    demo = sub.add_parser(
        "demo",
        help="start the app on embedded defaults: in-process sandbox, "
        "demo camera when none is attached",
    )
    demo.add_argument("--windowed", action="store_true", help="a normal window, not fullscreen")
    demo.set_defaults(func=lambda a: launch("demo", a))


def launch(mode: str, args: argparse.Namespace) -> int:
    """Hand over to the front end registered as ``qt``."""
    found = [ep for ep in entry_points(group=GROUP) if ep.name == "qt"]
    if not found:
        return fail(
            "the kiosk app (front end 'qt') is not installed; reinstall with: pip install -e ."
        )
    start = found[0].load()
    return int(start(mode=mode, config=args.config, windowed=args.windowed) or 0)
