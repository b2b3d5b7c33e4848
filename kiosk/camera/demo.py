"""The demo camera: a labelled synthetic scene, so the kiosk can be shown with no camera."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from kiosk.camera.demo_documents import demo_td3
from kiosk.camera.demo_scene import demo_barcode_text, render_background, render_label
from kiosk.camera.demo_scenes import SCENES, DemoPose, SceneRenderer
from kiosk.camera.source import Pacer, ThreadedSource
from kiosk.config.camera import CameraSettings, DemoScene

__all__ = ["DemoPose", "DemoScenePainter", "DemoSource"]

# Margin of the label from the frame's top-left corner, in px.
_LABEL_MARGIN = 12


# The scene moves in steps of 1/10 s: a sway of a few px a second needs no more, and each
# frame between steps is the last one sent again (warping a document every frame cost 14 %
# of a core at 30 fps here, benchmarks/README.md).
_MOTION_HZ = 10.0


def _scene_time(t: float) -> float:
    """Scene time ``t`` rounded down to the scene's motion step."""
    return math.floor(t * _MOTION_HZ) / _MOTION_HZ


def scene_renderer(scene: DemoScene | SceneRenderer) -> SceneRenderer:
    """The renderer a scene name (``camera.demo_scene``) stands for, or the renderer given
    (a capture kind's ``demo``); ValueError for an unknown name."""
    if isinstance(scene, str):
        if scene not in SCENES:
            raise ValueError(f"unknown demo scene {scene!r}; use one of {', '.join(SCENES)}")
        return SCENES[scene]
    if not isinstance(scene, SceneRenderer):
        raise ValueError(f"not a demo scene: {type(scene).__name__}")
    return scene


class DemoScenePainter:
    """Renders demo frames: artwork drawn once (each piece on first use, at each size a
    scene shows it), then per frame the scene's warp or two (or a shifted window of the
    face) and a label."""

    def __init__(self, settings: CameraSettings | None = None) -> None:
        s = settings or CameraSettings()
        self.width, self.height = s.demo_width, s.demo_height
        self.scene: SceneRenderer = scene_renderer(s.demo_scene)
        self.bad_receipt = s.demo_bad_receipt
        self.barcode_text: str = demo_barcode_text()
        self.mrz: tuple[str, str] = demo_td3()
        self.seed = s.demo_seed
        self._art: dict[tuple[str, int], np.ndarray] = {}
        self.background = render_background(self.width, self.height, s.demo_seed)
        self.label = render_label(self.width)

    def art(self, name: str, size: int, draw: Callable[[], np.ndarray]) -> np.ndarray:
        """The artwork ``name`` at ``size`` px, drawn by ``draw`` on first use."""
        key = (name, size)
        if key not in self._art:
            self._art[key] = draw()
        return self._art[key]

    def pose(self, t: float) -> DemoPose:
        """The scene's geometry at ``t`` seconds: a slow sway, a few degrees of rotation."""
        return self.scene.pose(self, t)

    def render(self, t: float) -> tuple[np.ndarray, DemoPose]:
        """One frame at scene time ``t`` and where its document, receipt or face are."""
        scene = self.scene
        pose = scene.pose(self, t)
        frame = scene.draw(self, pose)
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

    def set_scene(self, scene: DemoScene | SceneRenderer) -> None:
        """Hold up what ``scene`` names, or a capture kind's scene, from the next frame on
        (any thread)."""
        self.painter.scene = scene_renderer(scene)

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
