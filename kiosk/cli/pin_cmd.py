"""``kiosk pin``: how long the PIN pads are locked after wrong PINs, and clearing that."""

from __future__ import annotations

import argparse
import time

from kiosk.cli.output import settings_or_exit
from kiosk.pin_lockout import PinLockout


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``pin`` commands."""
    pin = sub.add_parser("pin", help="the PIN pads' lockout after wrong PINs")
    psub = pin.add_subparsers(dest="pin_command", metavar="ACTION", required=True)
    status = psub.add_parser("status", help="wrong PINs in a row and how long the pads are locked")
    status.set_defaults(func=status_cmd)
    reset = psub.add_parser(
        "reset",
        help="clear the lockout now (run as the user the kiosk's data dir belongs to)",
    )
    reset.set_defaults(func=reset_cmd)


def status_cmd(args: argparse.Namespace) -> int:
    """Print the count of wrong PINs and the wait left."""
    settings = settings_or_exit(args)
    lockout = PinLockout(settings.data_dir)
    state, left = lockout.state(), lockout.remaining()
    if left > 0:
        until = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(state.locked_until))
        print(f"locked until {until} ({left:.0f} s) after {state.failures} wrong PIN(s) in a row")
    else:
        print(f"not locked; {state.failures} wrong PIN(s) in a row")
    return 0


def reset_cmd(args: argparse.Namespace) -> int:
    """Forget the wrong PINs: the pads take a PIN at once."""
    settings = settings_or_exit(args)
    PinLockout(settings.data_dir).reset(reason="kiosk pin reset")
    print("the PIN pads are unlocked")
    return 0
