"""The ``kiosk`` command line: one sub-command module per concern."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import NoReturn

from kiosk import __version__
from kiosk.cli.output import fail
from kiosk.errors import KioskError

# Each module has ``register(subparsers)``; its sub-commands set ``func(args) -> int``.
COMMAND_MODULES = (
    "kiosk.cli.app_cmd",
    "kiosk.cli.config_cmd",
    "kiosk.cli.sandbox_cmd",
    "kiosk.cli.camera_cmd",
    "kiosk.cli.check_cmd",
    "kiosk.cli.models_cmd",
    "kiosk.cli.submit_cmd",
    "kiosk.cli.queue_cmd",
    "kiosk.cli.submissions_cmd",
    "kiosk.cli.health_cmd",
    "kiosk.cli.ocr_worker_cmd",
    "kiosk.cli.pin_cmd",
)
log = logging.getLogger("kiosk")


class _Parser(argparse.ArgumentParser):
    """argparse with the kiosk's error rule: one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        """Report a wrong command line as one line and point at the help."""
        fail(f"{message} (see '{self.prog} --help')")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    parser = _Parser(
        prog="kiosk", description="Branch Capture Kiosk: capture, check and submit images."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $KIOSK_CONFIG, else the user config dir)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        import_module(name).register(sub)
    _config_after_command(parser)
    return parser


def _config_after_command(parser: argparse.ArgumentParser) -> None:
    """Accept ``--config PATH`` after any sub-command too (``kiosk config check --config X``)."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for command in action.choices.values():
            if not any("--config" in a.option_strings for a in command._actions):
                # SUPPRESS: the sub-command sets ``config`` only when given, so a
                # ``--config`` before the command still counts.
                command.add_argument(
                    "--config", metavar="PATH", default=argparse.SUPPRESS, help="config file"
                )
            _config_after_command(command)


def _reader_gone() -> int:
    """``kiosk … | head -1``: the reader closed the pipe; stop quietly, exit 1.

    What the Python documentation advises (signal module, "Note on SIGPIPE"): point stdout
    at /dev/null so the flush at exit does not fail again, and print no traceback.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; with no command, start the kiosk app."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "run"])
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # here, where a reader that went away can still be handled
        return code
    except BrokenPipeError:
        return _reader_gone()
    except KioskError as exc:
        # The one place a command's explained failure becomes its message and exit 2;
        # anything else is a bug and keeps its traceback.
        log.debug("%s failed", args.command, exc_info=True)
        return fail(str(exc))
