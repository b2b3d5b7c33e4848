"""Which way printed text runs: across or down the image, and upright or upside down.

Across or down comes from the ink's projection profiles (text lines leave strong gaps
between rows of print, none between columns). Upright or upside down is PP-OCR's
text-direction classifier (``ch_ppocr_mobile_v2.0_cls``, 0° or 180° per line image), the
ONNX model the RapidOCR wheel ships (the ``ocr`` extra); it is loaded on its own (about
0.6 MB, 50 ms) without the recogniser. Without the extra the direction is unknown (None).
No text is recognised here.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from kiosk.capture.measures import shrink_to_width, to_gray

log = logging.getLogger(__name__)

_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# The classifier's input (PP-OCR cls_image_shape): 3 x 48 x 192, values scaled to -1..1.
_CLS_H, _CLS_W = 48, 192
# Lines are found on a copy this wide (print lines of a receipt or a card stay separate at
# 320 px) and cut from the image itself for the classifier.
_LINES_WIDTH = 320
# The longest line decides when the classifier is this sure (on the sample receipts and
# cards single lines scored 0.00-0.01 or 0.99-1.00); else the next lines are read too.
_SURE = 0.4
_MAX_LINES = 4
# Columns kept when tracing the bars of print (see Print.strips).
_TRACE_STEP = 4
# Row-profile contrast over column-profile contrast above which lines run across.
_ACROSS_RATIO = 1.15


class DirectionClassifier:
    """PP-OCR's text-direction classifier in an onnxruntime session (thread-safe runs)."""

    def __init__(self, model: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # tiny inputs: threads cost more than they save
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._input = self._session.get_inputs()[0].name
        self._lock = threading.Lock()

    def upside_down(self, strips: list[np.ndarray]) -> float:
        """Mean probability, over the line images, that they are upside down."""
        batch = np.stack([_prepare(strip) for strip in strips])
        with self._lock:
            scores = self._session.run(None, {self._input: batch})[0]
        return float(np.mean(scores[:, 1]))


def _prepare(strip: np.ndarray) -> np.ndarray:
    """A line image as the classifier takes it: 48 px high, right-padded to 192 wide."""
    if strip.ndim == 2:
        strip = cv2.cvtColor(strip, cv2.COLOR_GRAY2BGR)
    h, w = strip.shape[:2]
    width = min(_CLS_W, max(1, round(_CLS_H * w / max(h, 1))))
    resized = cv2.resize(strip, (width, _CLS_H)).astype(np.float32) / 255.0
    out = np.zeros((3, _CLS_H, _CLS_W), np.float32)
    out[:, :, :width] = ((resized - 0.5) / 0.5).transpose(2, 0, 1)
    return out


@lru_cache(maxsize=1)
def classifier() -> DirectionClassifier | None:
    """The classifier (loaded once per process), or None when the OCR extra is missing."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None or importlib.util.find_spec("onnxruntime") is None:
        return None
    model = Path(spec.origin).parent / "models" / _MODEL
    if not model.is_file():
        log.info("text-direction model not found in the OCR package")
        return None
    return DirectionClassifier(model)


def _small_gray(image: np.ndarray, width: int) -> np.ndarray:
    """The image in grey at ``width`` px: grey first, then shrunk (measured on a 1300 px card
    crop: 0.9 ms, where one area resize of the colour crop took 3.8 ms)."""
    return shrink_to_width(to_gray(image), width)


def _ink(gray: np.ndarray) -> np.ndarray:
    return cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)


def _profile_contrast(ink: np.ndarray, axis: int) -> float:
    profile = ink.mean(axis=axis).astype(np.float32)
    if profile.size < 3 or profile.mean() <= 0:
        return 0.0
    # Print lines and the gaps between them: a profile that swings far around its mean.
    return float(profile.std() / profile.mean())


def _is_line(box: tuple[int, int, int, int], cols: int, rows: int) -> bool:
    # A line of print is long and low, and lies inside the crop: a bar along the crop's
    # border is the document's own edge or a sliver of the desk (a 9 MP card crop's longest
    # "line" was its bottom edge).
    x, y, w, h = box
    return w >= 4 * h and 3 <= h <= 0.2 * rows and x > 0 and y > 0 and x + w < cols and y + h < rows


class Print:
    """An image's ink, found once on a small copy, for both questions asked of it."""

    def __init__(self, image: np.ndarray) -> None:
        self.image = image
        width = min(_LINES_WIDTH, image.shape[1])
        self.scale = image.shape[1] / width
        self.gray = _small_gray(image, width)  # kept: a card's portrait is looked for in it
        self.ink = _ink(self.gray)
        self._lines: list[np.ndarray] | None = None
        self._first: float | None = None

    def runs_across(self) -> bool | None:
        """True when the lines run across the image, False when down it, None if unclear."""
        rows, cols = _profile_contrast(self.ink, 1), _profile_contrast(self.ink, 0)
        if rows >= _ACROSS_RATIO * cols:
            return True
        if cols >= _ACROSS_RATIO * rows:
            return False
        return None

    def strips(self, limit: int = _MAX_LINES) -> list[np.ndarray]:
        """The longest lines of print running across, cut from the image with a margin."""
        bars = cv2.morphologyEx(self.ink, cv2.MORPH_CLOSE, np.ones((1, 9), np.uint8))
        # The bars' outer outlines give their boxes, traced on every 4th column: a closed bar
        # of print stays whole there, and tracing a quarter of the pixels took 0.28 ms of a
        # receipt crop's 0.41 (labelling every component with its statistics took 1.3 ms).
        step = _TRACE_STEP
        outlines, _ = cv2.findContours(
            np.ascontiguousarray(bars[:, ::step]), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
        )
        rows, cols = self.ink.shape
        boxes = ((x * step, y, w * step, h) for x, y, w, h in map(cv2.boundingRect, outlines))
        lines = [box for box in boxes if _is_line(box, cols, rows)]
        lines.sort(key=lambda box: -box[2])
        k, out = self.scale, []
        for x, y, w, h in lines[:limit]:
            pad = max(1, h // 4)
            y0, y1 = round(max(y - pad, 0) * k), round(min(y + h + pad, rows) * k)
            out.append(self.image[y0:y1, round(x * k) : round((x + w) * k)])
        return out

    def upside_down(self, lines: int = _MAX_LINES) -> float | None:
        """Probability that the lines running across are upside down; None: cannot tell.

        The longest line is classified first; the next (up to ``lines`` in all) only when it
        leaves doubt. The lines and the first line's answer are kept: asking again with more
        lines (a card whose first line left doubt) neither finds the lines again nor asks
        about the first line alone again.
        """
        model = classifier()
        if model is None:
            return None
        if self._lines is None:
            self._lines = self.strips()
        strips = self._lines[:lines]
        if not strips:
            return None
        if self._first is None:
            self._first = model.upside_down(strips[:1])
        if abs(self._first - 0.5) >= _SURE or len(strips) == 1:
            return self._first
        return model.upside_down(strips)
