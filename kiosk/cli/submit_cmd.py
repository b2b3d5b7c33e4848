"""``kiosk submit prospect`` and ``kiosk submit receipt``: check, encode and queue images.

The files go through a visit (``kiosk.visit``) as the app's pictures do, in the order given
(a prospect's in the kinds' order): the same checks, the visit checks included.

Nothing here needs the network: the outbox delivers later (``kiosk queue drain`` or a
running worker).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.check_cmd import add_source_option
from kiosk.cli.output import fail, print_json, settings_or_exit
from kiosk.config import ConfigError
from kiosk.core import Customer
from kiosk.kinds import prospect_kinds
from kiosk.pipeline import Override, OverrideRefused
from kiosk.runtime import Kiosk
from kiosk.visit import Visit

FORCED = "forced from the command line"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``submit`` commands."""
    submit = sub.add_parser("submit", help="check, encode and queue images for delivery")
    ssub = submit.add_subparsers(dest="submit_command", metavar="WHAT", required=True)
    prospect = ssub.add_parser("prospect", help="a customer's face / licence / passport images")
    for kind in prospect_kinds():
        prospect.add_argument(
            kind.option,
            dest=kind.id,
            type=Path,
            metavar="FILE",
            help=f"the {kind.id.replace('_', ' ')} image",
        )
    prospect.add_argument("--pre-segment", help="AmpliFi preSegment (default: from config)")
    _force_options(prospect)
    prospect.set_defaults(func=submit_prospect)
    receipt = ssub.add_parser("receipt", help="a receipt (one image per part) for validation")
    receipt.add_argument(
        "--campaign", required=True, metavar="PERMALINK", help="the SessionM campaign's permalink"
    )
    who = receipt.add_mutually_exclusive_group()
    who.add_argument("--external-id", metavar="X", help="the customer's external id")
    who.add_argument("--user-id", metavar="U", help="the customer's SessionM user id")
    who.add_argument(
        "--auth-token",
        metavar="T",
        help="the customer's own SessionM auth token, for this submission only",
    )
    _force_options(receipt)
    receipt.add_argument(
        "--resubmit",
        action="store_true",
        help="submit a receipt seen before (the duplicate check) again; needs --reason",
    )
    receipt.add_argument(
        "--reason", metavar="TEXT", help="why the receipt is resubmitted (recorded)"
    )
    receipt.add_argument(
        "images", nargs="+", type=Path, metavar="IMAGE", help="one image per part, in order"
    )
    receipt.set_defaults(func=submit_receipt)


def check_names(value: str) -> list[str]:
    """``CHECK[,CHECK]`` as a list of check names."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("name the checks to override: --force CHECK[,CHECK]")
    return names


def _force_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        metavar="CHECK[,CHECK]",
        type=check_names,
        action="append",
        default=[],
        help="queue images that fail these checks (each failed check must be named), "
        "recording the override",
    )
    parser.add_argument(
        "--override-reason",
        metavar="TEXT",
        help="why the failed checks were overridden (recorded with --force)",
    )
    add_source_option(parser, "each file")


def _override(args: argparse.Namespace) -> Override | None:
    names = frozenset(name for group in args.force for name in group)
    resubmit = None
    if getattr(args, "resubmit", False):
        if not (args.reason or "").strip():
            raise OverrideRefused("--resubmit needs --reason TEXT: why the receipt goes again")
        resubmit = args.reason.strip()
    elif getattr(args, "reason", None):
        raise OverrideRefused("--reason goes with --resubmit")
    if not names and resubmit is None:
        return None
    return Override(names, args.override_reason or FORCED, resubmit)


def _visit(
    kiosk: Kiosk, purpose: str, files: list[tuple[str, Path]], args: argparse.Namespace
) -> Visit:
    """A visit that took and kept every file, in order, as the app's visit takes pictures:
    each file's checks and its visit check against the files kept before it (a licence's
    back is not its front again, a receipt part overlaps the one before). One refusal
    (IntakeError) queues nothing: nothing is queued before ``submit``."""
    override = _override(args)
    visit = kiosk.visit(purpose, [kind for kind, _ in files] if purpose == "prospect" else None)
    visit.keep_files(files, source=args.source, override=override)
    return visit


def submit_prospect(args: argparse.Namespace) -> int:
    """Queue a prospect capture session and print its identities."""
    settings = settings_or_exit(args)
    chosen = [(k.id, getattr(args, k.id)) for k in prospect_kinds() if getattr(args, k.id)]
    if not chosen:
        options = ", ".join(k.option for k in prospect_kinds())
        return fail(f"give at least one of {options}")
    with Kiosk.for_settings(settings) as kiosk:
        visit = _visit(kiosk, "prospect", chosen, args)
        kept = {key: item.capture for key, item in visit.kept.items()}
        queued = visit.submit(pre_segment=args.pre_segment)
    images = queued.summary["images"]
    for image in images:
        capture = kept[image["kind"]]
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
    with Kiosk.for_settings(settings) as kiosk:
        visit = _visit(kiosk, "receipt", [("receipt", path) for path in args.images], args)
        parts = len(visit.kept)
        # The core remembers the parts' fingerprints once the receipt is queued.
        queued = visit.submit(campaign=args.campaign, customer=customer)
    print_json(
        {
            "reference": queued.reference,
            # The customer's id as given; the SessionM record's own external id beside it.
            "externalId": args.external_id,
            "sessionmExternalId": queued.summary["external_id"],
            "campaign": args.campaign,
            "parts": parts,
            "overrides": queued.summary["overrides"],
            "queuedJobs": queued.queued_jobs,
        }
    )
    return 0
