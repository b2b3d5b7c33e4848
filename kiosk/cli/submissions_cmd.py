"""``kiosk submissions``: every recent submission, its delivery and what the server said."""

from __future__ import annotations

import argparse
import time

from kiosk.cli.output import print_json, settings_or_exit
from kiosk.core import KioskCore
from kiosk.outbox.verdicts import SubmissionView


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``submissions`` command."""
    p = sub.add_parser(
        "submissions",
        help="recent submissions: delivery state and verdict",
        description="Each submission's reference, kind, time, delivery state and the "
        "server's verdict: a receipt's SessionM status and reason, a prospect session's "
        "AmpliFi requestId. No customer identifiers are kept or shown.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="newest N (default 50)")
    p.set_defaults(func=run)


def line(view: SubmissionView) -> str:
    """One row of the table."""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(view.created_at))
    verdict = view.verdict
    text = "-" if verdict is None else verdict.summary
    extra = ""
    if verdict is not None:
        if verdict.reason:
            extra = f"  {verdict.reason}"
        elif verdict.points is not None:
            extra = f"  {verdict.points} points"
        elif verdict.request_id:
            extra = f"  requestId {verdict.request_id}"
    return f"{view.reference:<11} {view.kind:<8} {when}  {view.delivery:<8} {text}{extra}"


def run(args: argparse.Namespace) -> int:
    """Print the recent submissions."""
    settings = settings_or_exit(args)
    with KioskCore(settings) as core:
        views = core.submissions(max(1, args.limit))
    if args.json:
        print_json([view.to_json() for view in views])
        return 0
    print(f"{'reference':<11} {'kind':<8} {'created':<16}  {'delivery':<8} verdict")
    for view in views:
        print(line(view))
    if not views:
        print("(no submissions)")
    return 0
