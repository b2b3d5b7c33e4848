"""``kiosk check``: run the full capture checks of one kind on an image file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.capture.result import CaptureReport
from kiosk.cli.output import print_json, settings_or_exit
from kiosk.intake import inspect_file
from kiosk.kinds import KINDS, UnknownKindError, kind_id
from kiosk.pipeline import SOURCES, evaluator_for

# Checks whose value (and detail) carry document data: masked unless --reveal.
DOCUMENT_DATA_CHECKS = frozenset({"mrz", "pdf417", "aamva", "barcode"})
# Characters left visible: an MRZ's document code and issuing state ("P<UTO").
VISIBLE_PREFIX = 5


def add_source_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--source camera|scan``: how a file is judged (``kiosk check`` and ``kiosk submit``)."""
    parser.add_argument(
        "--source",
        choices=["auto", *SOURCES],
        default="auto",
        help=f"judge {what} as a camera frame or a scan (default: from the file: a subject "
        "reaching the image edges is a scan, EXIF exposure fields mean a camera, else a scan)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` command."""
    check = sub.add_parser(
        "check",
        help="check an image as a capture of one kind; exit 1 if any check fails",
        description="Run every capture check of a kind on an image file as kiosk submit "
        "does: the full-resolution checks, then the barcode or MRZ read from the crop. "
        "Exit status: 0 all passed, 1 a check failed, 2 the file or config is unusable.",
    )
    check.add_argument(
        "--kind",
        required=True,
        type=kind_argument,
        choices=KINDS,  # the registry itself: a kind registered later is a choice too
        help="what the image shows (license-front and license-back are accepted too)",
    )
    add_source_option(check, "the image")
    check.add_argument("image", metavar="IMAGE", help="JPEG, PNG, TIFF, BMP or WEBP file")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument(
        "--reveal", action="store_true", help="show MRZ and barcode text instead of masking it"
    )
    check.set_defaults(func=check_cmd)


def kind_argument(value: str) -> str:
    """A ``--kind`` value as its kind id (``license-back`` → ``license_back``)."""
    try:
        return kind_id(value)
    except UnknownKindError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def mask_text(text: str) -> str:
    """Document data with all but its first few characters (and line breaks) starred."""
    head, rest = text[:VISIBLE_PREFIX], text[VISIBLE_PREFIX:]
    return head + "".join(ch if ch in "\r\n" else "*" for ch in rest)


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(v) for v in value]
    return value


def report_json(report: CaptureReport, *, reveal: bool) -> dict[str, Any]:
    """The report as printed by ``--json``, document data masked unless ``reveal``."""
    data = report.as_json()
    if not reveal:
        for check in data["checks"]:
            if check["name"] in DOCUMENT_DATA_CHECKS:
                check["value"] = _mask(check["value"])
                if "detail" in check:
                    check["detail"] = _mask(check["detail"])
    return data


def _line(check: dict[str, Any]) -> str:
    mark = "PASS" if check["passed"] else "FAIL"
    value = str(check["value"]).replace("\n", "\\n")
    text = f"{mark}  {check['name']:<14} value={value}  threshold={check['threshold']}"
    if check["instruction"]:
        text += f"  -> {check['instruction']}"
    return text


def check_cmd(args: argparse.Namespace) -> int:
    """Check one image file; print the results; exit 0, 1 (a check failed) or 2 (bad input)."""
    # The device tag identifies uploads; checking a file needs none.
    # Nothing is sent: neither a device tag nor the API settings are needed.
    settings = settings_or_exit(args, device_tag="kiosk-check", require_apis=False)
    # IntakeError (a KioskError: one line, exit 2) when the file cannot be read.
    found = inspect_file(
        Path(args.image), args.kind, settings, evaluator_for(settings), source=args.source
    )
    report = found.inspection.report
    data = {"source": found.source, **report_json(report, reveal=args.reveal)}
    if args.json:
        print_json(data)
    else:
        print(f"{data['kind']} ({found.source}): {'passed' if data['passed'] else 'FAILED'}")
        for check in data["checks"]:
            print(_line(check))
    return 0 if report.passed else 1
