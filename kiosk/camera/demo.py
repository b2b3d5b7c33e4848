"""The demo camera: a labelled synthetic scene, so the kiosk can be shown with no camera."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.camera.demo_documents import (
    PORTRAIT_FACE_CENTRE,
    demo_td3,
    portrait,
    render_license_back,
    render_license_front,
    render_passport_page,
)
from kiosk.camera.demo_scene import (
    demo_barcode_text,
    layout_for,
    quad,
    render_background,
    render_label,
    render_receipt,
    warp_into,
)
from kiosk.camera.settings import DEMO_SCENES, CameraSettings, DemoScene
from kiosk.camera.source import Pacer, ThreadedSource
from kiosk.capture.detect.geometry import ID1, TD3

# Margin of the label from the frame's top-left corner, in px.
_LABEL_MARGIN = 12
# The face scene: the portrait enlarged so the eyes are about 100 px apart at 720p (the
# face checks ask 90 px at full resolution, ICAO portrait guidance), turned to level its
# eyes, swaying a few px inside the oval.
_FACE_SCALE = 2.4
_FACE_LEVEL_DEG = 6.0
_FACE_SWAY = (8, 5)  # px, x and y
_WALL = (150, 150, 150)
# A dark receipt: its mean brightness falls under the 40 that SessionM's sandbox judges
# unreadable (invalid code 1); 246 * 0.14 = 34.
_DARK = 0.14
_DOCUMENT_ART: dict[DemoScene, str] = {
    "license_front": "license_front",
    "license_back": "license_back",
    "card": "license_back",
    "both": "license_back",
    "passport": "passport",
}


# The scene moves in steps of 1/10 s: a sway of a few px a second needs no more, and each
# frame between steps is the last one sent again (warping a document every frame cost 14 %
# of a core at 30 fps here, benchmarks/README.md).
_MOTION_HZ = 10.0


def _scene_time(t: float) -> float:
    """Scene time ``t`` rounded down to the scene's motion step."""
    return math.floor(t * _MOTION_HZ) / _MOTION_HZ


@dataclass(frozen=True)
class DemoPose:
    """Where things are in one demo frame: document and receipt corners TL, TR, BR, BL (px),
    and the face's centre (between the eyes and the mouth)."""

    card: np.ndarray | None
    receipt: np.ndarray | None
    face: tuple[float, float] | None = None


class DemoScenePainter:
    """Renders demo frames: artwork drawn once (each piece on first use), then per frame a
    warp or two (or a shifted window of the face) and a label."""

    def __init__(self, settings: CameraSettings | None = None) -> None:
        s = settings or CameraSettings()
        self.width, self.height = s.demo_width, s.demo_height
        self.scene: DemoScene = s.demo_scene
        self.bad_receipt = s.demo_bad_receipt
        self.barcode_text = demo_barcode_text()
        self.mrz = demo_td3()
        self._seed = s.demo_seed
        self._art: dict[str, np.ndarray] = {}
        self.background = render_background(self.width, self.height, s.demo_seed)
        self.label = render_label(self.width)

    def _document(self, scene: DemoScene) -> np.ndarray:
        """The document a scene holds up, drawn at the largest width any scene shows it."""
        which = _DOCUMENT_ART[scene]
        if which not in self._art:
            width = round(
                max(
                    layout_for(sc, self.width, self.height).card_width
                    for sc, art in _DOCUMENT_ART.items()
                    if art == which
                )
            )
            if which == "license_front":
                self._art[which] = render_license_front(width)
            elif which == "license_back":
                self._art[which] = render_license_back(width, self.barcode_text)
            else:
                self._art[which] = render_passport_page(width, self.mrz)
        return self._art[which]

    @property
    def receipt(self) -> np.ndarray:
        """The till receipt, drawn at the largest height any scene shows it."""
        if "receipt" not in self._art:
            height = max(
                layout_for(sc, self.width, self.height).receipt_height for sc in ("receipt", "both")
            )
            self._art["receipt"] = render_receipt(round(height), self._seed)
        return self._art["receipt"]

    @property
    def face_canvas(self) -> np.ndarray:
        """The portrait on a wall, a sway's width larger than the frame on every side."""
        if "face" not in self._art:
            sx, sy = _FACE_SWAY
            w, h = self.width + 2 * sx, self.height + 2 * sy
            fx, fy = PORTRAIT_FACE_CENTRE
            scale = _FACE_SCALE * self.height / 720
            m = cv2.getRotationMatrix2D((fx, fy), _FACE_LEVEL_DEG, scale)
            m[0, 2] += w / 2 - fx
            m[1, 2] += h / 2 - fy
            self._art["face"] = cv2.warpAffine(
                portrait(), m, (w, h), flags=cv2.INTER_LINEAR, borderValue=_WALL
            )
        return self._art["face"]

    def _sway(self, t: float) -> tuple[int, int]:
        sx, sy = _FACE_SWAY
        return round(sx * math.sin(0.5 * t)), round(sy * math.sin(0.7 * t + 1.0))

    def pose(self, t: float) -> DemoPose:
        """The scene's geometry at ``t`` seconds: a slow sway, a few degrees of rotation."""
        scene = self.scene
        if scene == "face":
            dx, dy = self._sway(t)
            return DemoPose(None, None, (self.width / 2 + dx, self.height / 2 + dy))
        lay = layout_for(scene, self.width, self.height)
        card = receipt = None
        if lay.card_center is not None:
            geometry = TD3 if scene == "passport" else ID1
            cx = lay.card_center[0] + 10 * math.sin(0.6 * t)
            cy = lay.card_center[1] + 6 * math.sin(0.8 * t + 1.0)
            size = (lay.card_width, lay.card_width / geometry.aspect)
            card = quad((cx, cy), size, 3.0 * math.sin(0.4 * t), 0.015 + 0.015 * math.sin(0.3 * t))
        if lay.receipt_center is not None:
            rh = lay.receipt_height
            rw = rh * self.receipt.shape[1] / self.receipt.shape[0]
            rx = lay.receipt_center[0] + 6 * math.sin(0.5 * t + 2.0)
            ry = lay.receipt_center[1] + 5 * math.sin(0.7 * t)
            receipt = quad((rx, ry), (rw, rh), -2.0 + 2.0 * math.sin(0.35 * t + 0.5), 0.01)
        return DemoPose(card, receipt)

    def render(self, t: float) -> tuple[np.ndarray, DemoPose]:
        """One frame at scene time ``t`` and where its document, receipt or face are."""
        scene = self.scene
        pose = self.pose(t)
        if scene == "face":
            sx, sy = _FACE_SWAY
            dx, dy = self._sway(t)
            x0, y0 = sx - dx, sy - dy
            frame = self.face_canvas[y0 : y0 + self.height, x0 : x0 + self.width].copy()
        else:
            frame = self.background.copy()
            if pose.receipt is not None:
                warp_into(frame, self.receipt, pose.receipt)
            if pose.card is not None:
                warp_into(frame, self._document(scene), pose.card)
            if scene == "receipt" and self.bad_receipt:
                frame = cv2.convertScaleAbs(frame, alpha=_DARK)
        lh, lw = self.label.shape[:2]
        m = _LABEL_MARGIN
        frame[m : m + lh, m : m + lw] = self.label
        return frame, pose


class DemoSource(ThreadedSource):
    """A camera that needs no hardware: the demo scene, labelled "DEMO CAMERA", at ``demo_fps``."""

    def __init__(self, settings: CameraSettings | None = None) -> None:
        super().__init__("DEMO CAMERA", "demo", is_demo=True)
        self._settings = settings or CameraSettings()
        self._painter: DemoScenePainter | None = None
        self._t0 = 0.0

    @property
    def painter(self) -> DemoScenePainter:
        """The scene renderer (drawn on first use)."""
        if self._painter is None:
            self._painter = DemoScenePainter(self._settings)
        return self._painter

    @property
    def barcode_text(self) -> str:
        """The fictitious AAMVA record encoded in the demo card's PDF417."""
        return self.painter.barcode_text

    @property
    def mrz(self) -> tuple[str, str]:
        """The MRZ printed on the demo passport page (fictitious, every digit valid)."""
        return self.painter.mrz

    def set_scene(self, scene: DemoScene) -> None:
        """Hold up what ``scene`` names from the next frame on (any thread)."""
        if scene not in DEMO_SCENES:
            raise ValueError(f"unknown demo scene {scene!r}; use one of {', '.join(DEMO_SCENES)}")
        self.painter.scene = scene

    def set_bad_receipt(self, bad: bool) -> None:
        """Show a dark, unreadable receipt instead of the good one (True) or the good one."""
        self.painter.bad_receipt = bad

    def pose_for(self, frame_timestamp: float) -> DemoPose:
        """Ground truth: where the card and receipt are in the frame with this timestamp."""
        return self.painter.pose(_scene_time(frame_timestamp - self._t0))

    def _open_backend(self) -> None:
        _ = self.painter
        self._nominal_fps = self._settings.demo_fps

    def _read_loop(self) -> None:
        pacer = Pacer(self._settings.demo_fps, self._stop)
        self._t0 = time.monotonic()
        drawn: tuple[object, ...] | None = None
        image = None
        while pacer.wait():
            now = time.monotonic()
            painter = self.painter
            t = _scene_time(now - self._t0)
            key = (t, painter.scene, painter.bad_receipt)
            if key != drawn or image is None:
                # Frames are read-only once published, so an unchanged scene is sent again.
                image, _ = painter.render(t)
                drawn = key
            self._publish(image, now)
