"""Image measures shared by every capture kind: focus, exposure, clipping, motion.

The focus measures all start from the variance of the Laplacian (Pech-Pacheco et al.,
ICPR 2000): raw, after resampling to a fixed width, or relative to the image's contrast.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.capture.result import CheckResult

# Motion is compared on a small grey thumbnail: cheap, and insensitive to sensor noise.
MOTION_WIDTH = 160


def to_gray(image: np.ndarray) -> np.ndarray:
    """The image as 8-bit grey (a grey input is returned as is)."""
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def resize_to_width(image: np.ndarray, width: int) -> np.ndarray:
    """The image scaled to ``width`` pixels wide (area-averaged when shrinking)."""
    h, w = image.shape[:2]
    if w == width:
        return image
    height = max(1, round(h * width / w))
    interp = cv2.INTER_AREA if width < w else cv2.INTER_LINEAR
    return cv2.resize(image, (width, height), interpolation=interp)


def shrink_to_width(image: np.ndarray, width: int) -> np.ndarray:
    """The image at ``width`` px, quickly: halved by the Gaussian pyramid while twice as wide,
    then the last step (under 2x) sampled linearly. For finding things (lines of print, a
    portrait), not for measuring: on a 436 px grey receipt crop OpenCV's area resize by a
    non-integer factor took 1.0 ms, this 0.2 ms."""
    while image.shape[1] >= 2 * width:
        image = cv2.pyrDown(image)
    h, w = image.shape[:2]
    if w <= width:
        return image if w == width else resize_to_width(image, width)
    height = max(1, round(h * width / w))
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)


def sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian: the focus measure of Pech-Pacheco et al. (2000)."""
    lap = cv2.Laplacian(gray, cv2.CV_32F)
    _, std = cv2.meanStdDev(lap)
    return float(std[0, 0] ** 2)


def relative_sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian over the variance of the image, x100 (contrast-independent).

    Dividing by the image's own variance keeps a dim but sharp document from reading as
    blurred; documents are measured on a crop of fixed width, so no resampling here.
    """
    lap = cv2.Laplacian(gray, cv2.CV_32F, ksize=3)
    spread = float(gray.astype(np.float32).var())
    return 100.0 * float(lap.var()) / max(spread, 1.0)


def normalised_sharpness(gray: np.ndarray, width: int) -> float:
    """Variance of the Laplacian after resampling to ``width`` px, so scales compare."""
    if gray.size == 0:
        return 0.0
    return sharpness(resize_to_width(gray, width))


def brightness(gray: np.ndarray) -> float:
    """Mean grey level, 0..255."""
    if gray.size == 0:
        return 0.0
    return float(cv2.mean(gray)[0])


def exposure_check(
    gray: np.ndarray,
    low: float,
    high: float,
    *,
    too_dark: str,
    too_bright: str,
    anticipates: int | None = None,
) -> CheckResult:
    """The ``exposure`` check: mean grey level within [low, high], else what to do."""
    mean = brightness(gray)
    instruction = too_dark if mean < low else too_bright if mean > high else ""
    return CheckResult(
        "exposure", not instruction, round(mean, 1), [low, high], instruction,
        anticipates=anticipates,
    )  # fmt: skip


def clipped_fraction(gray: np.ndarray, level: int) -> float:
    """Fraction of pixels at or above ``level`` (clipped highlights / specular glare)."""
    if gray.size == 0:
        return 0.0
    return float(np.count_nonzero(gray >= level)) / gray.size


def glare_blobs(gray: np.ndarray, level: int, min_area: int = 4) -> tuple[float, list[list[int]]]:
    """Clipped area fraction in blobs of at least ``min_area`` px, and each blob's box."""
    if gray.size == 0:
        return 0.0, []
    mask = (gray >= level).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes: list[list[int]] = []
    area = 0
    for i in range(1, count):
        x, y, w, h, a = (int(v) for v in stats[i])
        if a >= min_area:
            area += a
            boxes.append([x, y, w, h])
    boxes.sort(key=lambda b: -b[2] * b[3])
    return area / gray.size, boxes


def percentile_u8(gray: np.ndarray, q: float) -> float:
    """The ``q``-th percentile (0..100) of an 8-bit image, from its histogram (no sort)."""
    if gray.size == 0:
        return 0.0
    hist = cv2.calcHist([np.ascontiguousarray(gray)], [0], None, [256], [0, 256]).ravel()
    cumulative = np.cumsum(hist)
    return float(np.searchsorted(cumulative, cumulative[-1] * q / 100.0))


def motion_thumbnail(gray: np.ndarray) -> np.ndarray:
    """A small blurred grey thumbnail to compare consecutive frames with."""
    small = resize_to_width(gray, MOTION_WIDTH)
    return cv2.GaussianBlur(small, (3, 3), 0)


def motion(previous: np.ndarray | None, current: np.ndarray) -> float:
    """Mean absolute grey-level change between two thumbnails (0 when there is no previous)."""
    if previous is None or previous.shape != current.shape:
        return 0.0
    return float(cv2.mean(cv2.absdiff(previous, current))[0])
