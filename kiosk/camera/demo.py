"""The demo camera: a labelled synthetic scene, so the kiosk can be shown with no camera."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from kiosk.camera.demo_scene import (
    ID1_HEIGHT_MM,
    ID1_WIDTH_MM,
    demo_barcode_text,
    layout_for,
    quad,
    render_background,
    render_card,
    render_label,
    render_receipt,
    warp_into,
)
from kiosk.camera.settings import CameraSettings, DemoScene
from kiosk.camera.source import Pacer, ThreadedSource

# Margin of the label from the frame's top-left corner, in px.
_LABEL_MARGIN = 12


@dataclass(frozen=True)
class DemoPose:
    """Where the card and receipt are in one demo frame: corners TL, TR, BR, BL (px)."""

    card: np.ndarray | None
    receipt: np.ndarray | None


class DemoScenePainter:
    """Renders demo frames: artwork drawn once, then per frame two warps and a label."""

    def __init__(self, settings: CameraSettings | None = None) -> None:
        s = settings or CameraSettings()
        self.width, self.height = s.demo_width, s.demo_height
        self.scene: DemoScene = s.demo_scene
        self.barcode_text = demo_barcode_text()
        # Art at the largest size any scene shows it, so warping only ever shrinks it.
        card_w = max(layout_for(sc, self.width, self.height).card_width for sc in ("card", "both"))
        receipt_h = max(
            layout_for(sc, self.width, self.height).receipt_height for sc in ("receipt", "both")
        )
        self.card = render_card(round(card_w), self.barcode_text)
        self.receipt = render_receipt(round(receipt_h), s.demo_seed)
        self.background = render_background(self.width, self.height, s.demo_seed)
        self.label = render_label(self.width)

    def pose(self, t: float) -> DemoPose:
        """The scene's geometry at ``t`` seconds: a slow sway, a few degrees of rotation."""
        lay = layout_for(self.scene, self.width, self.height)
        card = receipt = None
        if lay.card_center is not None:
            cx = lay.card_center[0] + 10 * math.sin(0.6 * t)
            cy = lay.card_center[1] + 6 * math.sin(0.8 * t + 1.0)
            size = (lay.card_width, lay.card_width * ID1_HEIGHT_MM / ID1_WIDTH_MM)
            card = quad((cx, cy), size, 3.0 * math.sin(0.4 * t), 0.015 + 0.015 * math.sin(0.3 * t))
        if lay.receipt_center is not None:
            rh = lay.receipt_height
            rw = rh * self.receipt.shape[1] / self.receipt.shape[0]
            rx = lay.receipt_center[0] + 6 * math.sin(0.5 * t + 2.0)
            ry = lay.receipt_center[1] + 5 * math.sin(0.7 * t)
            receipt = quad((rx, ry), (rw, rh), -2.0 + 2.0 * math.sin(0.35 * t + 0.5), 0.01)
        return DemoPose(card, receipt)

    def render(self, t: float) -> tuple[np.ndarray, DemoPose]:
        """One frame at scene time ``t`` and where its card and receipt are."""
        pose = self.pose(t)
        frame = self.background.copy()
        if pose.receipt is not None:
            warp_into(frame, self.receipt, pose.receipt)
        if pose.card is not None:
            warp_into(frame, self.card, pose.card)
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

    def set_scene(self, scene: DemoScene) -> None:
        """Show the card, the receipt or both from the next frame on (any thread)."""
        if scene not in ("card", "receipt", "both"):
            raise ValueError(f"unknown demo scene {scene!r}; use card, receipt or both")
        self.painter.scene = scene

    def pose_for(self, frame_timestamp: float) -> DemoPose:
        """Ground truth: where the card and receipt are in the frame with this timestamp."""
        return self.painter.pose(frame_timestamp - self._t0)

    def _open_backend(self) -> None:
        _ = self.painter
        self._nominal_fps = self._settings.demo_fps

    def _read_loop(self) -> None:
        pacer = Pacer(self._settings.demo_fps, self._stop)
        self._t0 = time.monotonic()
        while pacer.wait():
            now = time.monotonic()
            image, _ = self.painter.render(now - self._t0)
            self._publish(image, now)
