"""``kiosk camera list`` and ``kiosk camera test``: the camera start-up health check."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.local_settings import settings_without_tag
from kiosk.cli.output import fail, print_json

if TYPE_CHECKING:  # the imaging modules load only when a command needs them
    from kiosk.config.imaging import ImageFormat

_FORMAT_BY_SUFFIX: dict[str, ImageFormat] = {
    ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".tif": "tiff", ".tiff": "tiff", ".pdf": "pdf"
}  # fmt: skip


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``camera`` commands."""
    camera = sub.add_parser("camera", help="find cameras and test the configured one")
    csub = camera.add_subparsers(dest="camera_command", metavar="ACTION", required=True)
    lister = csub.add_parser("list", help="list the cameras that open on this machine")
    lister.add_argument("--json", action="store_true", help="print JSON")
    lister.set_defaults(func=list_cmd)
    test = csub.add_parser(
        "test", help="open a source, report resolution, fps, focus and card dpi; save a frame"
    )
    test.add_argument(
        "--source",
        help="auto, demo, a device index, or a video/image/folder path (default: config)",
    )
    test.add_argument("--out", metavar="FILE", help="where to save one frame (.jpg/.png/.tif/.pdf)")
    test.add_argument("--seconds", type=float, default=2.0, help="how long to read (default 2)")
    test.add_argument("--json", action="store_true", help="print JSON")
    test.set_defaults(func=test_cmd)


def list_cmd(args: argparse.Namespace) -> int:
    """Print the cameras found, or say that only the demo camera is available."""
    from kiosk.camera.device import list_devices

    settings, _ = settings_without_tag(args)  # finding cameras needs no device tag
    devices = list_devices(settings.camera)
    if args.json:
        print_json({"devices": [asdict(d) for d in devices], "demo_available": True})
        return 0
    if not devices:
        print("no camera found; the demo camera is available (--source demo)")
        return 0
    for d in devices:
        print(f"{d.index}: {d.name} ({d.width}x{d.height})")
    return 0


def test_cmd(args: argparse.Namespace) -> int:
    """Open a source, measure what it delivers, and save one frame through the encoder."""
    from kiosk.camera.frame import CameraError
    from kiosk.camera.health import camera_verdict, run_camera_test
    from kiosk.camera.open import open_source
    from kiosk.imaging.encode import EncodeError, encode_within_budget

    settings, _ = settings_without_tag(args)  # finding cameras needs no device tag
    if args.seconds <= 0:
        return fail("--seconds must be positive")
    camera = settings.camera
    if args.source is not None:
        camera = camera.model_copy(update={"source": args.source})
    out = Path(args.out) if args.out else None
    fmt = settings.encode.format
    if out is not None:
        by_suffix = _FORMAT_BY_SUFFIX.get(out.suffix.lower())
        if by_suffix is None:
            return fail(f"--out {out.name}: use a .jpg, .png, .tif or .pdf file name")
        fmt = by_suffix
    try:
        source = open_source(camera)
    except CameraError as exc:
        return fail(str(exc), 1)
    try:
        report = run_camera_test(source, args.seconds)
    finally:
        source.close()
    if report.frame is None:
        return fail(f"no frame from {report.info.name} in {args.seconds:g} s: {report.error}", 1)

    try:
        encoded = encode_within_budget(
            report.frame.image, max_bytes=settings.max_image_bytes, fmt=fmt
        )
    except EncodeError as exc:
        return fail(f"could not save the frame: {exc}", 1)
    if out is None:
        out = settings.data_dir / f"camera-test{encoded.extension}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(encoded.data)

    info = report.info
    # The same verdict as the admin screen's camera tab.
    verdict = camera_verdict(report, settings.capture.document)
    result: dict[str, Any] = {
        "source": info.name,
        "kind": info.kind,
        "is_demo": info.is_demo,
        "width": info.width,
        "height": info.height,
        "fps": info.fps,
        "frames": report.frames,
        "dropped": report.dropped,
        "focus": report.focus,
        "card": asdict(report.card) if report.card else None,
        "saved": str(out),
        "saved_bytes": encoded.size,
        "verdict": {
            "passed": verdict.passed,
            "summary": verdict.summary(),
            "lines": [asdict(line) for line in verdict.lines],
        },
    }
    if args.json:
        print_json(result)
        return 0
    demo = " (DEMO CAMERA, not a real camera)" if info.is_demo else ""
    print(f"source:     {info.name} [{info.kind}]{demo}")
    print(f"delivered:  {info.width}x{info.height} at {info.fps:.1f} fps")
    print(f"frames:     {report.frames} read in {args.seconds:g} s, {report.dropped} dropped")
    print(f"focus:      {report.focus} (variance of Laplacian at 640 px wide)")
    if report.card:
        print(
            f"ID-1 card:  {report.card.width_px:.0f} px wide = {report.card.px_per_mm:.2f} px/mm "
            f"= {report.card.dpi:.0f} dpi"
        )
    else:
        print("ID-1 card:  none in view (hold a card in front of the camera to measure dpi)")
    print(f"saved:      {out} ({encoded.size} bytes)")
    print(f"verdict:    {'PASS' if verdict.passed else 'FAIL'}: {verdict.summary()}")
    return 0
