"""``kiosk models``: which face model is used, and installing one with its checksum verified."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.capture.models import (
    ModelError,
    candidate_paths,
    find_face_model,
    install_model,
    verify_model,
)
from kiosk.cli.output import fail, settings_or_exit


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``models`` commands."""
    models = sub.add_parser("models", help="show or install the face detection model")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    show = msub.add_parser("show", help="print where the face model is looked for and found")
    show.set_defaults(func=show_cmd)
    install = msub.add_parser(
        "install", help="copy a YuNet model into resources/models/ after verifying its SHA-256"
    )
    install.add_argument("path", metavar="PATH", help="the .onnx file to install")
    install.add_argument("--dest", metavar="DIR", help="install here instead")
    install.set_defaults(func=install_cmd)


def show_cmd(args: argparse.Namespace) -> int:
    """List the search order and the model in use; exit 1 when none is found."""
    settings = settings_or_exit(args, device_tag="kiosk-models")
    for path in candidate_paths(settings.face_model):
        print(f"{'found  ' if path.is_file() else 'missing'}  {path}")
    found = find_face_model(settings.face_model)
    if found is None:
        print("Face checks unavailable: face model not found")
        return 1
    try:
        name = verify_model(found)
    except ModelError as exc:
        return fail(str(exc), code=1)
    print(f"using {found} ({name}, checksum verified)")
    return 0


def install_cmd(args: argparse.Namespace) -> int:
    """Verify and copy a model file."""
    try:
        target = install_model(Path(args.path), Path(args.dest) if args.dest else None)
    except ModelError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot install the model: {exc.strerror or exc}")
    print(f"installed {target} (SHA-256 verified)")
    return 0
