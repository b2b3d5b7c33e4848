"""``kiosk run`` / ``kiosk demo``: start the installed front end.

The core never imports the UI: the front end registers itself under the
``branch_kiosk.frontends`` entry-point group and is looked up here by name.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping
from importlib.metadata import entry_points

from kiosk.cli.output import fail
from kiosk.config import load_settings

GROUP = "branch_kiosk.frontends"
# What every front end runs on, imported before the front end (and so before Qt): once
# PySide6 is imported, its import hook reads the source of every module imported after it
# (shibokensupport's feature check) and keeps it in linecache. Loading these first took the
# app's start-up to its first window 0.1 s sooner and 20 MB smaller (benchmarks/README.md).
CORE_MODULES = (
    "numpy",
    "cv2",
    "kiosk.runtime",
    "kiosk.core",
    "kiosk.pipeline",
    "kiosk.camera.open",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``run`` and ``demo`` commands."""
    run = sub.add_parser("run", help="start the kiosk app from its config (the default)")
    run.add_argument("--windowed", action="store_true", help="a normal window, not fullscreen")
    run.set_defaults(func=lambda a: launch("run", a))
    demo = sub.add_parser(
        "demo",
        help="start the app on embedded defaults: a local sandbox server, "
        "demo camera when none is attached",
    )
    demo.add_argument("--windowed", action="store_true", help="a normal window, not fullscreen")
    demo.set_defaults(func=lambda a: launch("demo", a))


def display_problem(env: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why the app could not open a window here, or None (Linux needs a display server)."""
    if not platform.startswith("linux"):
        return None
    if any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    # Without this, Qt aborts (exit 134) with a misleading plugin message.
    return (
        "no display: neither DISPLAY nor WAYLAND_DISPLAY is set; start the app in a desktop "
        "session or under cage, or set QT_QPA_PLATFORM=offscreen for a headless check"
    )


def launch(mode: str, args: argparse.Namespace) -> int:
    """Check the config and the display, then hand over to the front end registered as ``qt``."""
    if mode == "run":
        # Every problem at once, as `kiosk config check` reports them (KioskError, exit 2).
        load_settings(args.config, require_app=True)
    problem = display_problem(os.environ)
    if problem is not None:
        return fail(problem)
    found = [ep for ep in entry_points(group=GROUP) if ep.name == "qt"]
    if not found:
        return fail(
            "the kiosk app (front end 'qt') is not installed; reinstall with: pip install -e ."
        )
    for name in CORE_MODULES:
        importlib.import_module(name)
    start = found[0].load()
    return int(start(mode=mode, config=args.config, windowed=args.windowed) or 0)
