"""``kiosk ocr-worker``: the kiosk app's OCR in a process of its own (started by the app)."""

from __future__ import annotations

import argparse
import sys

import numpy as np

from kiosk.cli.output import fail


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``ocr-worker`` command."""
    p = sub.add_parser(
        "ocr-worker",
        help="read text for the kiosk app, which starts it (requests on stdin, replies on stdout)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load the engine, then answer the app's requests until it closes our input."""
    from kiosk.capture.readers.ocr import get_ocr
    from kiosk.capture.readers.ocr_process import serve

    engine = get_ocr()
    if engine is None:
        return 3
    # Loads the recognition model now, while the customer is still placing the passport.
    engine.read_line(np.full((48, 320, 3), 255, np.uint8))
    try:
        return serve(sys.stdin.buffer, sys.stdout.buffer, engine)
    except (ValueError, KeyError, TypeError) as exc:
        # Not the app's protocol (kiosk.capture.readers.ocr_process): the stream cannot be
        # followed any further. Only the kind of fault is named: the input may hold text
        # read from a customer's document.
        return fail(
            f"ocr-worker: a request it cannot read ({type(exc).__name__}); this command "
            "is started by the kiosk app and speaks only its protocol"
        )
