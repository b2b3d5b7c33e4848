"""Face capture checks with YuNet, and the ICAO-style portrait crop."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.capture.measures import (
    clipped_fraction,
    exposure_check,
    normalised_sharpness,
    resize_to_width,
    to_gray,
)
from kiosk.capture.models import find_face_model
from kiosk.capture.result import CaptureReport, CheckResult
from kiosk.config.capture import FaceSettings

UNAVAILABLE = "Face checks unavailable: face model not found"
# Face regions are resampled to a fixed width so sharpness compares across distances; live
# previews hold too few pixels for the full-resolution width.
SHARPNESS_WIDTH = 128
SHARPNESS_WIDTH_LIVE = 48
# Nose-tip depth in front of the eye line over the inter-eye distance (anthropometric
# averages: ~35 mm over ~63 mm); turns the nose's sideways offset into a yaw angle.
NOSE_DEPTH_RATIO = 0.55
# YuNet's box runs from the brows to the chin; the whole head (crown to chin) is taller.
HEAD_OVER_BOX = 1.3

INSTRUCTIONS = {
    "no_face": "Look at the camera",
    "many_faces": "Only one person in the picture, please",
    "far": "Move closer",
    "centre": "Centre your face in the guide",
    "roll": "Keep your head straight",
    "yaw": "Look straight at the camera",
    "blur": "Hold still, the picture is blurred",
    "dark": "Too dark: more light on your face, please",
    "bright": "Too bright: move out of the direct light",
    "highlights": "Shine on your face: move away from the bright light",
}


@dataclass(frozen=True)
class Face:
    """One detected face: box (x, y, w, h), five landmarks and YuNet's score.

    Landmarks, as YuNet returns them: the subject's right eye, left eye, nose tip, right and
    left mouth corners (so the right eye is on the image's left).
    """

    box: tuple[float, float, float, float]
    landmarks: np.ndarray
    score: float

    @classmethod
    def from_row(cls, row: np.ndarray, scale: float = 1.0) -> Face:
        """A face from one YuNet output row, coordinates multiplied by ``scale``."""
        x, y, w, h = (float(v) * scale for v in row[:4])
        marks = np.asarray(row[4:14], dtype=np.float64).reshape(5, 2) * scale
        return cls(box=(x, y, w, h), landmarks=marks, score=float(row[14]))

    @property
    def eye_distance(self) -> float:
        """Distance between the eye centres, px."""
        return float(np.hypot(*(self.landmarks[1] - self.landmarks[0])))

    @property
    def roll_deg(self) -> float:
        """Head roll from the eye line, degrees (0 when the eyes are level)."""
        dx, dy = self.landmarks[1] - self.landmarks[0]
        return math.degrees(math.atan2(dy, dx))

    @property
    def yaw_deg(self) -> float:
        """Head yaw estimated from how far the nose tip sits off the eyes' midline, degrees."""
        right, left, nose = self.landmarks[0], self.landmarks[1], self.landmarks[2]
        axis = left - right
        length = float(np.hypot(*axis))
        if length == 0:
            return 90.0
        # Offset of the nose along the eye line, in eye distances (roll cancels out).
        offset = float(np.dot(nose - (right + left) / 2, axis / length)) / length
        return math.degrees(math.atan(offset / NOSE_DEPTH_RATIO))

    @property
    def center(self) -> tuple[float, float]:
        """Centre of the face box."""
        x, y, w, h = self.box
        return x + w / 2, y + h / 2

    @property
    def area(self) -> float:
        """Box area, px²."""
        return self.box[2] * self.box[3]


class FaceDetector:
    """A YuNet detector created once and reused; not thread-safe (one per thread)."""

    def __init__(self, model_path: Path, settings: FaceSettings) -> None:
        self.model_path = model_path
        level = cv2.utils.logging.getLogLevel()
        # OpenCV 5 warns on stderr that its new graph engine ignores targets; harmless noise.
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        try:
            self._net = cv2.FaceDetectorYN.create(
                str(model_path),
                "",
                (320, 320),
                settings.score_threshold,
                settings.nms_threshold,
                5000,
            )
        finally:
            cv2.utils.logging.setLogLevel(level)
        self._size = (320, 320)

    @classmethod
    def load(cls, configured: Path | None, settings: FaceSettings) -> FaceDetector | None:
        """The detector for the configured model, else the shipped one, or None."""
        path = find_face_model(configured)
        return None if path is None else cls(path, settings)

    def detect(self, bgr: np.ndarray, scale: float = 1.0) -> list[Face]:
        """Faces in a BGR image, largest first; coordinates multiplied by ``scale``."""
        h, w = bgr.shape[:2]
        if (w, h) != self._size:
            self._net.setInputSize((w, h))
            self._size = (w, h)
        _, rows = self._net.detect(bgr)
        if rows is None:
            return []
        faces = [Face.from_row(row, scale) for row in rows]
        return sorted(faces, key=lambda f: -f.area)


def unavailable_report() -> CaptureReport:
    """The report when no face model is installed: one failed check saying so."""
    check = CheckResult("face_model", False, None, "yunet", UNAVAILABLE)
    return CaptureReport(kind="face", checks=[check])


def detect_for_check(
    detector: FaceDetector, bgr: np.ndarray, settings: FaceSettings, *, live: bool
) -> list[Face]:
    """Faces in full-frame coordinates: captured frames are detected on a bounded copy."""
    h, w = bgr.shape[:2]
    side = max(h, w)
    if live or side <= settings.full_detect_max_side:
        return detector.detect(bgr)
    small_w = max(1, round(w * settings.full_detect_max_side / side))
    small = resize_to_width(bgr, small_w)
    return detector.detect(small, scale=w / small_w)


def check_face(
    bgr: np.ndarray,
    settings: FaceSettings,
    detector: FaceDetector | None,
    *,
    live: bool = False,
    full_scale: float = 1.0,
) -> CaptureReport:
    """All face checks of one frame.

    ``full_scale`` is the full frame's width over this frame's width (live preview frames
    are downscaled): the eye distance is judged at full resolution.
    """
    if detector is None:
        return unavailable_report()
    faces = detect_for_check(detector, bgr, settings, live=live)
    checks = [_count_check(len(faces))]
    if not faces:
        return CaptureReport(kind="face", checks=checks)
    face = faces[0]
    checks += face_checks(bgr, face, settings, full_scale=full_scale, live=live)
    x, y, w, h = face.box
    return CaptureReport(kind="face", checks=checks, subject_box=(x, y, w, h), subject=face)


def _count_check(count: int) -> CheckResult:
    if count == 1:
        return CheckResult("face_count", True, 1, 1)
    key = "no_face" if count == 0 else "many_faces"
    return CheckResult("face_count", False, count, 1, INSTRUCTIONS[key])


def face_region(bgr: np.ndarray, face: Face, inset: float = 0.1) -> np.ndarray:
    """The face box (shrunk by ``inset`` on each side to leave hair and background out)."""
    x, y, w, h = face.box
    x0, y0 = round(x + w * inset), round(y + h * inset)
    x1, y1 = round(x + w * (1 - inset)), round(y + h * (1 - inset))
    ih, iw = bgr.shape[:2]
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(iw, x1), min(ih, y1)
    return bgr[y0:y1, x0:x1]


def face_checks(
    bgr: np.ndarray,
    face: Face,
    settings: FaceSettings,
    *,
    full_scale: float = 1.0,
    live: bool = False,
) -> list[CheckResult]:
    """Size, position, pose, focus, exposure and highlight checks of one face."""
    s = settings
    checks: list[CheckResult] = []
    eyes = face.eye_distance * full_scale
    checks.append(_limit("eye_distance", round(eyes, 1), s.min_eye_distance_px, "far", low=True))

    ih, iw = bgr.shape[:2]
    cx, cy = face.center
    dx, dy = (cx - iw / 2) / iw, (cy - ih / 2) / ih
    centred = abs(dx) <= s.max_center_offset_x and abs(dy) <= s.max_center_offset_y
    checks.append(
        CheckResult(
            "centered",
            centred,
            [round(dx, 3), round(dy, 3)],
            [s.max_center_offset_x, s.max_center_offset_y],
            "" if centred else INSTRUCTIONS["centre"],
        )
    )
    checks.append(_limit("roll", round(abs(face.roll_deg), 1), s.max_roll_deg, "roll"))
    checks.append(_limit("yaw", round(abs(face.yaw_deg), 1), s.max_yaw_deg, "yaw"))

    gray = to_gray(face_region(bgr, face))
    checks.append(
        exposure_check(
            gray,
            s.min_brightness,
            s.max_brightness,
            too_dark=INSTRUCTIONS["dark"],
            too_bright=INSTRUCTIONS["bright"],
        )
    )
    clipped = clipped_fraction(gray, s.highlight_level)
    checks.append(_limit("highlights", round(clipped, 4), s.max_highlight_fraction, "highlights"))
    if live:
        sharp, limit = normalised_sharpness(gray, SHARPNESS_WIDTH_LIVE), s.min_sharpness_live
    else:
        sharp, limit = normalised_sharpness(gray, SHARPNESS_WIDTH), s.min_sharpness
    checks.append(_limit("sharpness", round(sharp, 1), limit, "blur", low=True))
    return checks


def _limit(name: str, value: float, limit: float, key: str, *, low: bool = False) -> CheckResult:
    """A check passing when ``value`` is at most ``limit`` (at least, when ``low``)."""
    passed = value >= limit if low else value <= limit
    return CheckResult(name, passed, value, limit, "" if passed else INSTRUCTIONS[key])


def crop_portrait(bgr: np.ndarray, face: Face, settings: FaceSettings | None = None) -> np.ndarray:
    """An ICAO-style portrait: 3:4, head about 75 % of the height, centred on the eyes."""
    s = settings or FaceSettings()
    _, y, _, h = face.box
    head_h = h * HEAD_OVER_BOX
    crop_h = head_h / s.portrait_head_fraction
    crop_w = crop_h * s.portrait_aspect
    chin = y + h
    # Split the free height 40 % above the crown, 60 % below the chin (ICAO specimens).
    top = chin - head_h - (crop_h - head_h) * 0.4
    eyes_x = float((face.landmarks[0][0] + face.landmarks[1][0]) / 2)
    left = eyes_x - crop_w / 2
    x0, y0 = round(left), round(top)
    x1, y1 = round(left + crop_w), round(top + crop_h)
    ih, iw = bgr.shape[:2]
    pad = (max(0, -y0), max(0, y1 - ih), max(0, -x0), max(0, x1 - iw))
    if any(pad):
        bgr = cv2.copyMakeBorder(bgr, *pad, cv2.BORDER_REPLICATE)
        x0, x1, y0, y1 = x0 + pad[2], x1 + pad[2], y0 + pad[0], y1 + pad[0]
    return bgr[y0:y1, x0:x1].copy()
