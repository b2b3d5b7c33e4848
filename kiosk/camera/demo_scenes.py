"""The demo camera's scenes: what it holds up for each capture kind, and where, per frame.

A scene is a renderer: its ``pose`` says where things are at scene time ``t``, its ``draw``
paints the frame that shows them (the painter stamps the label). Each capture kind's record
(``kiosk.kinds``) names its scene; ``SCENES`` names them for the ``camera.demo_scene``
setting. A new document needs only a ``HeldUp(DemoDocument(...))`` with its artwork.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import cv2
import numpy as np

from kiosk.camera.demo_documents import (
    PORTRAIT_FACE_CENTRE,
    portrait,
    render_license_back,
    render_license_front,
    render_passport_page,
)
from kiosk.camera.demo_scene import quad, render_receipt, warp_into
from kiosk.capture.detect.geometry import ID1, TD3, DocumentGeometry

if TYPE_CHECKING:
    from kiosk.camera.demo import DemoScenePainter

# The face scene: the portrait enlarged so the eyes are about 100 px apart at 720p (the
# face checks ask 90 px at full resolution, ICAO portrait guidance), turned to level its
# eyes, swaying a few px inside the oval.
_FACE_SCALE = 2.4
_FACE_LEVEL_DEG = 6.0
FACE_SWAY = (8, 5)  # px, x and y
_WALL = (150, 150, 150)
# A dark receipt: its mean brightness falls under the 40 that SessionM's sandbox judges
# unreadable (invalid code 1); 246 * 0.14 = 34.
_DARK = 0.14


@dataclass(frozen=True)
class DemoPose:
    """Where things are in one demo frame: document and receipt corners TL, TR, BR, BL (px),
    and the face's centre (between the eyes and the mouth)."""

    card: np.ndarray | None
    receipt: np.ndarray | None
    face: tuple[float, float] | None = None


@runtime_checkable
class SceneRenderer(Protocol):
    """A demo scene: where its things are at scene time ``t``, and the frame showing them."""

    def pose(self, painter: DemoScenePainter, t: float) -> DemoPose:
        """Where the scene's document, receipt or face are at ``t`` seconds."""
        ...

    def draw(self, painter: DemoScenePainter, pose: DemoPose) -> np.ndarray:
        """A new frame (the painter's size, BGR) showing the scene at ``pose``."""
        ...


# A document's artwork at a width in px, from the painter (its barcode text, its MRZ).
DocumentArt = Callable[["DemoScenePainter", int], np.ndarray]


@dataclass(frozen=True)
class DemoDocument:
    """A document the demo camera can hold up: its name (its artwork's cache key), shape
    and artwork."""

    name: str
    geometry: DocumentGeometry
    art: DocumentArt


@dataclass(frozen=True)
class FaceScene:
    """The specimen portrait on a wall, swaying a few px about the frame's centre."""

    def _sway(self, t: float) -> tuple[int, int]:
        sx, sy = FACE_SWAY
        return round(sx * math.sin(0.5 * t)), round(sy * math.sin(0.7 * t + 1.0))

    def pose(self, painter: DemoScenePainter, t: float) -> DemoPose:
        """The face's centre at ``t``."""
        dx, dy = self._sway(t)
        return DemoPose(None, None, (painter.width / 2 + dx, painter.height / 2 + dy))

    def draw(self, painter: DemoScenePainter, pose: DemoPose) -> np.ndarray:
        """The window of the portrait canvas that puts the face at the pose."""
        canvas = painter.art("face", 0, lambda: _face_canvas(painter.width, painter.height))
        assert pose.face is not None
        sx, sy = FACE_SWAY
        x0 = sx - round(pose.face[0] - painter.width / 2)
        y0 = sy - round(pose.face[1] - painter.height / 2)
        return canvas[y0 : y0 + painter.height, x0 : x0 + painter.width].copy()


def _face_canvas(width: int, height: int) -> np.ndarray:
    """The portrait on a wall, a sway's width larger than the frame on every side."""
    sx, sy = FACE_SWAY
    w, h = width + 2 * sx, height + 2 * sy
    fx, fy = PORTRAIT_FACE_CENTRE
    m = cv2.getRotationMatrix2D((fx, fy), _FACE_LEVEL_DEG, _FACE_SCALE * height / 720)
    m[0, 2] += w / 2 - fx
    m[1, 2] += h / 2 - fy
    return cv2.warpAffine(portrait(), m, (w, h), flags=cv2.INTER_LINEAR, borderValue=_WALL)


@dataclass(frozen=True)
class HeldUp:
    """A document and/or a receipt over the cluttered desk, swaying and turning slowly.

    Places are fractions of the frame: the document's centre and width (a document fills
    over 60 % of the width when shown), the receipt's centre and height.
    """

    document: DemoDocument | None = None
    centre: tuple[float, float] = (0.5, 0.54)
    width: float = 0.66
    receipt_centre: tuple[float, float] | None = None
    receipt_height: float = 0.8

    def _receipt_art(self, painter: DemoScenePainter) -> np.ndarray:
        height = round(painter.height * self.receipt_height)
        return painter.art("receipt", height, lambda: render_receipt(height, painter.seed))

    def _document_art(self, painter: DemoScenePainter) -> np.ndarray:
        doc = self.document
        assert doc is not None
        width = round(painter.width * self.width)
        return painter.art(doc.name, width, lambda: doc.art(painter, width))

    def pose(self, painter: DemoScenePainter, t: float) -> DemoPose:
        """The document's and receipt's corners at ``t``."""
        w, h = painter.width, painter.height
        card = receipt = None
        if self.document is not None:
            cx = w * self.centre[0] + 10 * math.sin(0.6 * t)
            cy = h * self.centre[1] + 6 * math.sin(0.8 * t + 1.0)
            size = (w * self.width, w * self.width / self.document.geometry.aspect)
            card = quad((cx, cy), size, 3.0 * math.sin(0.4 * t), 0.015 + 0.015 * math.sin(0.3 * t))
        if self.receipt_centre is not None:
            art = self._receipt_art(painter)
            rh = h * self.receipt_height
            rw = rh * art.shape[1] / art.shape[0]
            rx = w * self.receipt_centre[0] + 6 * math.sin(0.5 * t + 2.0)
            ry = h * self.receipt_centre[1] + 5 * math.sin(0.7 * t)
            receipt = quad((rx, ry), (rw, rh), -2.0 + 2.0 * math.sin(0.35 * t + 0.5), 0.01)
        return DemoPose(card, receipt)

    def draw(self, painter: DemoScenePainter, pose: DemoPose) -> np.ndarray:
        """The desk with the receipt, then the document, warped into place."""
        frame = painter.background.copy()
        if pose.receipt is not None:
            warp_into(frame, self._receipt_art(painter), pose.receipt)
        if pose.card is not None:
            warp_into(frame, self._document_art(painter), pose.card)
        if self.document is None and pose.receipt is not None and painter.bad_receipt:
            frame = cv2.convertScaleAbs(frame, alpha=_DARK)
        return frame


LICENSE_FRONT = DemoDocument("license_front", ID1, lambda p, width: render_license_front(width))
LICENSE_BACK = DemoDocument(
    "license_back", ID1, lambda p, width: render_license_back(width, p.barcode_text)
)
PASSPORT_PAGE = DemoDocument("passport", TD3, lambda p, width: render_passport_page(width, p.mrz))

FACE_SCENE = FaceScene()
LICENSE_FRONT_SCENE = HeldUp(LICENSE_FRONT)
LICENSE_BACK_SCENE = HeldUp(LICENSE_BACK)
# A TD3 page is taller than a card: 0.64 of a 16:9 frame's width is 80 % of its height,
# inside the frame with a margin.
PASSPORT_SCENE = HeldUp(PASSPORT_PAGE, centre=(0.5, 0.5), width=0.64)
RECEIPT_SCENE = HeldUp(receipt_centre=(0.5, 0.52))
# The licence's back beside a receipt (the camera check's default view).
BOTH_SCENE = HeldUp(
    LICENSE_BACK, centre=(0.035 + 0.31, 0.54), width=0.62, receipt_centre=(0.86, 0.54)
)

# The scenes the ``camera.demo_scene`` setting names: each capture kind's, "card" (the
# licence's back, for a card's dpi) and "both".
SCENES: dict[str, SceneRenderer] = {
    "face": FACE_SCENE,
    "license_front": LICENSE_FRONT_SCENE,
    "license_back": LICENSE_BACK_SCENE,
    "passport": PASSPORT_SCENE,
    "receipt": RECEIPT_SCENE,
    "card": LICENSE_BACK_SCENE,
    "both": BOTH_SCENE,
}
