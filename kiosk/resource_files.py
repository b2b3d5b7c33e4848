"""Where the product's resource files are: style, icons, translations, demo photo, face model.

In a checkout, an editable install and a wheel they sit beside the modules as
``kiosk/resources`` (in the repository a link to ``resources/``, copied as package data into
a wheel); the PyInstaller bundle lays them out as ``_internal/resources`` beside
``_internal/kiosk``. Every part of the product asks here, so the two layouts are known once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding ``style/``, ``icons/``, ``i18n/``, ``demo/`` and ``models/``."""
    beside = _PACKAGE / "resources"
    return beside if beside.is_dir() else _PACKAGE.parent / "resources"


RESOURCES = resources_dir()


@dataclass(frozen=True)
class NeededFile:
    """A file the product needs, and what fails without it (words staff and IT read)."""

    path: Path
    what: str
    fails: str
    critical: bool


def needed_files(face_model: Path) -> list[NeededFile]:
    """The files the app needs: the face model it will use, and the shipped resources."""
    return [
        # Without the model no customer passes the face step without a staff override.
        NeededFile(face_model, "face model", "face checks unavailable", critical=True),
        NeededFile(RESOURCES / "style" / "kiosk.qss", "style sheet", "unstyled screens", False),
        NeededFile(
            RESOURCES / "i18n" / "kiosk_es.qm", "Spanish translation", "English only", False
        ),
        NeededFile(RESOURCES / "demo" / "portrait.jpg", "demo portrait", "no demo camera", False),
    ]


def missing_files(face_model: Path) -> list[NeededFile]:
    """The needed files that are not there (an empty list when the installation is whole)."""
    return [f for f in needed_files(face_model) if not f.path.is_file()]


def warn_missing_files(face_model: Path) -> list[NeededFile]:
    """Log one warning per missing needed file at start-up (health repeats it); the list."""
    missing = missing_files(face_model)
    for f in missing:
        log.warning("needed file missing: the %s at %s (%s)", f.what, f.path, f.fails)
    return missing
