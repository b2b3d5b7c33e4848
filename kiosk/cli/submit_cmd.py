"""``kiosk submit prospect`` and ``kiosk submit receipt``: check, encode and queue images.

Nothing here needs the network: the outbox delivers later (``kiosk queue drain`` or a
running worker).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.api.sessionm import Customer, customer_for
from kiosk.cli.output import fail, print_json, settings_or_exit
from kiosk.config import CaptureKind, ConfigError, Settings
from kiosk.intake import Intake, IntakeError, PreparedImage
from kiosk.outbox.blobs import BlobError
from kiosk.outbox.outbox import Outbox

_PROSPECT_OPTIONS: list[tuple[str, CaptureKind, str]] = [
    ("--face", "face", "face"),
    ("--license-front", "license_front", "license-front"),
    ("--license-back", "license_back", "license-back"),
    ("--passport", "passport", "passport"),
]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``submit`` commands."""
    submit = sub.add_parser("submit", help="check, encode and queue images for delivery")
    ssub = submit.add_subparsers(dest="submit_command", metavar="WHAT", required=True)
    prospect = ssub.add_parser("prospect", help="a customer's face / licence / passport images")
    for option, _, _ in _PROSPECT_OPTIONS:
        prospect.add_argument(option, type=Path, metavar="FILE")
    prospect.add_argument("--pre-segment", help="AmpliFi preSegment (default: from config)")
    _force_options(prospect)
    prospect.set_defaults(func=submit_prospect)
    receipt = ssub.add_parser("receipt", help="a receipt (one image per part) for validation")
    receipt.add_argument("--campaign", required=True, metavar="PERMALINK")
    who = receipt.add_mutually_exclusive_group()
    who.add_argument("--external-id", metavar="X", help="the customer's external id")
    who.add_argument("--user-id", metavar="U", help="the customer's SessionM user id")
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


def _prepare(intake: Intake, path: Path, kind: str, args: argparse.Namespace) -> PreparedImage:
    return intake.prepare(
        path,
        kind,  # type: ignore[arg-type]
        force=args.force,
        override_reason=args.override_reason,
    )


def submit_prospect(args: argparse.Namespace) -> int:
    """Queue a prospect capture session and print its identities."""
    settings = settings_or_exit(args)
    chosen = [
        (kind, check, getattr(args, option[2:].replace("-", "_")))
        for option, kind, check in _PROSPECT_OPTIONS
    ]
    chosen = [c for c in chosen if c[2] is not None]
    if not chosen:
        return fail("give at least one of --face, --license-front, --license-back, --passport")
    try:
        intake = Intake(settings)
        prepared = {kind: _prepare(intake, path, check, args) for kind, check, path in chosen}
        with Outbox(settings) as outbox:
            plan = outbox.submit_prospect(
                {k: p.capture for k, p in prepared.items()}, args.pre_segment
            )
    except (IntakeError, BlobError, ConfigError) as exc:
        return fail(f"{exc}\nnothing was queued")
    images = plan.summary["images"]
    for image in images:
        capture = prepared[image["kind"]].capture
        image["bytes"] = len(capture.data)
        image["checksPassed"] = capture.checks_passed
    print_json(
        {
            "reference": plan.reference,
            "intTag": plan.summary["intTag"],
            "images": images,
            "overrides": plan.summary["overrides"],
            "queuedJobs": len(plan.specs),
        }
    )
    return 0


def _customer(args: argparse.Namespace, settings: Settings) -> Customer:
    if args.external_id:
        return Customer("external_id", args.external_id)
    if args.user_id:
        return Customer("user_id", args.user_id)
    customer = customer_for(settings.sessionm)
    if customer is None:
        raise ConfigError(
            "name the customer with --external-id or --user-id "
            "(or set sessionm.customer_mode = 'auth_token' and sessionm.auth_token)"
        )
    return customer


def submit_receipt(args: argparse.Namespace) -> int:
    """Queue a receipt's parts and print the submission's identities."""
    settings = settings_or_exit(args)
    try:
        settings.sessionm.campaign(args.campaign)
        customer = _customer(args, settings)
        intake = Intake(settings)
        parts = [_prepare(intake, path, "receipt", args) for path in args.images]
        with Outbox(settings) as outbox:
            plan = outbox.submit_receipt([p.capture for p in parts], args.campaign, customer)
        intake.remember_receipts(parts)
    except (IntakeError, BlobError, ConfigError) as exc:
        return fail(f"{exc}\nnothing was queued")
    print_json(
        {
            "reference": plan.reference,
            "externalId": plan.summary["external_id"],
            "campaign": args.campaign,
            "parts": len(parts),
            "overrides": plan.summary["overrides"],
            "queuedJobs": len(plan.specs),
        }
    )
    return 0
