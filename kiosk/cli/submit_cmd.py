"""``kiosk submit prospect`` and ``kiosk submit receipt``: check, encode and queue images.

Nothing here needs the network: the outbox delivers later (``kiosk queue drain`` or a
running worker).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.capture.evaluator import Evaluator
from kiosk.cli.output import fail, print_json, settings_or_exit
from kiosk.config import ConfigError, Settings
from kiosk.core import Customer, KioskCore
from kiosk.intake import prepare_file
from kiosk.kinds import CaptureKind, prospect_kinds
from kiosk.pipeline import PreparedCapture


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``submit`` commands."""
    submit = sub.add_parser("submit", help="check, encode and queue images for delivery")
    ssub = submit.add_subparsers(dest="submit_command", metavar="WHAT", required=True)
    prospect = ssub.add_parser("prospect", help="a customer's face / licence / passport images")
    for kind in prospect_kinds():
        prospect.add_argument(kind.option, dest=kind.id, type=Path, metavar="FILE")
    prospect.add_argument("--pre-segment", help="AmpliFi preSegment (default: from config)")
    _force_options(prospect)
    prospect.set_defaults(func=submit_prospect)
    receipt = ssub.add_parser("receipt", help="a receipt (one image per part) for validation")
    receipt.add_argument("--campaign", required=True, metavar="PERMALINK")
    who = receipt.add_mutually_exclusive_group()
    who.add_argument("--external-id", metavar="X", help="the customer's external id")
    who.add_argument("--user-id", metavar="U", help="the customer's SessionM user id")
    who.add_argument(
        "--auth-token",
        metavar="T",
        help="the customer's own SessionM auth token, for this submission only",
    )
    _force_options(receipt)
    receipt.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    receipt.set_defaults(func=submit_receipt)


def _force_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="queue images that fail a check, recording the override",
    )
    parser.add_argument(
        "--override-reason",
        metavar="TEXT",
        help="why a failed check was overridden (recorded with --force)",
    )


def _prepare(
    path: Path, kind: CaptureKind | str, settings: Settings, ev: Evaluator, args: argparse.Namespace
) -> PreparedCapture:
    return prepare_file(
        path, kind, settings, ev, force=args.force, override_reason=args.override_reason
    )


def submit_prospect(args: argparse.Namespace) -> int:
    """Queue a prospect capture session and print its identities."""
    settings = settings_or_exit(args)
    chosen = [(k, getattr(args, k.id)) for k in prospect_kinds() if getattr(args, k.id)]
    if not chosen:
        options = ", ".join(k.option for k in prospect_kinds())
        return fail(f"give at least one of {options}")
    # Every file is prepared before anything is queued: one refusal queues nothing.
    ev = Evaluator.from_settings(settings)
    prepared = {k.id: _prepare(path, k, settings, ev, args) for k, path in chosen}
    with KioskCore(settings) as core:
        queued = core.submit_prospect(prepared, args.pre_segment)
    images = queued.summary["images"]
    for image in images:
        capture = prepared[image["kind"]].capture
        image["bytes"] = len(capture.data)
        image["checksPassed"] = capture.checks_passed
    print_json(
        {
            "reference": queued.reference,
            "intTag": queued.summary["intTag"],
            "images": images,
            "overrides": queued.summary["overrides"],
            "queuedJobs": queued.queued_jobs,
        }
    )
    return 0


def _customer(args: argparse.Namespace) -> Customer:
    if args.external_id:
        return Customer("external_id", args.external_id)
    if args.user_id:
        return Customer("user_id", args.user_id)
    if args.auth_token:
        return Customer("auth_token", args.auth_token)
    # A configured sessionm.auth_token is never used: it would name every customer alike.
    raise ConfigError("name the customer with --external-id, --user-id or --auth-token")


def submit_receipt(args: argparse.Namespace) -> int:
    """Queue a receipt's parts and print the submission's identities."""
    settings = settings_or_exit(args)
    settings.sessionm.campaign(args.campaign)
    customer = _customer(args)
    ev = Evaluator.from_settings(settings)
    parts = [_prepare(path, "receipt", settings, ev, args) for path in args.images]
    with KioskCore(settings) as core:
        # The core remembers the parts' fingerprints once the receipt is queued.
        queued = core.submit_receipt(parts, args.campaign, customer)
    print_json(
        {
            "reference": queued.reference,
            "externalId": queued.summary["external_id"],
            "campaign": args.campaign,
            "parts": len(parts),
            "overrides": queued.summary["overrides"],
            "queuedJobs": queued.queued_jobs,
        }
    )
    return 0
