"""Finding, verifying and installing the YuNet face model (shipped in ``resources/models/``)."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.resource_files import RESOURCES

DEFAULT_MODEL = "yunet_s_dynamic.onnx"
# SHA-256 of the known YuNet files (resources/models/README.md: libfacedetection.train,
# commit 0047ac24afb1a50a0c6105001c89d1b5b805dbf1, folder onnx/).
KNOWN_MODELS: dict[str, str] = {
    "yunet_s_dynamic.onnx": "daede24002cc8590f457998cc5e6c9e8b82f45f6bd969506a8913cd4ed10a2d3",
    "yunet_n_dynamic.onnx": "104ee26c71d5c270ce79a6b3dced91c91013260d29a6bf18f9296c5b8c4c2b12",
}


class ModelError(KioskError, ValueError):
    """A model file is missing, unknown or does not match its published checksum."""


def resources_models_dir() -> Path:
    """``resources/models/``: the shipped model, and where ``kiosk models install`` copies."""
    return RESOURCES / "models"


def candidate_paths(configured: Path | None, name: str = DEFAULT_MODEL) -> list[Path]:
    """Where the model is looked for, in order: the configured path, then resources/models/."""
    paths = [configured] if configured is not None else []
    return [*paths, resources_models_dir() / name]


def find_face_model(configured: Path | None = None, name: str = DEFAULT_MODEL) -> Path | None:
    """The first existing model file, or None (face checks then report themselves unavailable).

    A configured path that does not exist is not silently replaced by another file: the
    operator asked for that one, so None is returned.
    """
    if configured is not None:
        return configured if configured.is_file() else None
    return next((p for p in candidate_paths(None, name) if p.is_file()), None)


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_model(path: Path) -> str:
    """Check a model file against the published SHA-256 of a known YuNet file; its name."""
    if not path.is_file():
        raise ModelError(f"{path} does not exist or is not a file")
    digest = sha256_of(path)
    for name, expected in KNOWN_MODELS.items():
        if digest == expected:
            return name
    known = ", ".join(KNOWN_MODELS)
    raise ModelError(f"{path.name}: SHA-256 {digest} matches none of the known models ({known})")


def install_model(source: Path, dest_dir: Path | None = None) -> Path:
    """Verify ``source`` and copy it atomically into ``dest_dir`` under its published name."""
    name = verify_model(source)
    dest_dir = dest_dir or resources_models_dir()
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / name
    fd, tmp = tempfile.mkstemp(dir=dest_dir, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out)
            # mkstemp makes it 0600; a published model is for every user (the screen user
            # and the delivery user of an installed kiosk both load it).
            os.fchmod(out.fileno(), 0o644)
            out.flush()
            os.fsync(out.fileno())
        if sha256_of(Path(tmp)) != KNOWN_MODELS[name]:
            raise ModelError(f"{name}: copy does not match its checksum (disk error?)")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
